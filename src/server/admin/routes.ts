import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  AdminUser,
  AdminUserList,
  CreatedUser,
  CreateOrganizationBody,
  CreateUserBody,
  Organization,
  OrganizationList,
  OrgParams,
  ResetLink,
  UpdateOrganizationBody,
  UpdateUserBody,
  UserParams,
} from '../../contracts/admin';
import type { FastifyRequest } from 'fastify';
import type { Deps } from '../http/context';
import { requireActor, responses } from '../http/plumbing';
import {
  adminResetLink,
  createOrganization,
  createUser,
  listOrganizations,
  listUsers,
  renameOrganization,
  requireAdmin,
  updateUser,
} from './service';

const admin = (req: FastifyRequest) => {
  const actor = requireActor(req);
  requireAdmin(actor);
  return actor;
};

export const adminRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  app.get(
    '/admin/organizations',
    { schema: { tags: ['admin'], summary: 'Organizations', response: responses({ 200: OrganizationList }) } },
    async (req) => {
      admin(req);
      return { organizations: await listOrganizations(deps) };
    },
  );
  app.post(
    '/admin/organizations',
    { schema: { tags: ['admin'], summary: 'Create an organization', body: CreateOrganizationBody, response: responses({ 201: Organization }) } },
    async (req, reply) => reply.status(201).send(await createOrganization(deps, admin(req), req.body)),
  );
  app.patch(
    '/admin/organizations/:orgId',
    { schema: { tags: ['admin'], summary: 'Rename an organization', params: OrgParams, body: UpdateOrganizationBody, response: responses({ 200: Organization }) } },
    async (req) => renameOrganization(deps, admin(req), req.params.orgId, req.body.name),
  );
  app.get(
    '/admin/users',
    { schema: { tags: ['admin'], summary: 'Users', response: responses({ 200: AdminUserList }) } },
    async (req) => {
      admin(req);
      return { users: await listUsers(deps) };
    },
  );
  app.post(
    '/admin/users',
    { schema: { tags: ['admin'], summary: 'Create a user (they get a set-password link)', body: CreateUserBody, response: responses({ 201: CreatedUser }) } },
    async (req, reply) => reply.status(201).send(await createUser(deps, admin(req), req.body)),
  );
  app.patch(
    '/admin/users/:userId',
    { schema: { tags: ['admin'], summary: 'Rename, move, promote or disable a user', params: UserParams, body: UpdateUserBody, response: responses({ 200: AdminUser }) } },
    async (req) => updateUser(deps, admin(req), req.params.userId, req.body),
  );
  app.post(
    '/admin/users/:userId/reset-link',
    { schema: { tags: ['admin'], summary: 'Make a password reset link for a user', params: UserParams, response: responses({ 200: ResetLink }) } },
    async (req) => {
      admin(req);
      return adminResetLink(deps, req.params.userId);
    },
  );
};
