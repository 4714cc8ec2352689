import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { EngagementParams, Ok } from '../../contracts/common';
import { MemberList, MemberParams } from '../../contracts/engagements';
import {
  AcceptedInvitation,
  AcceptInvitationBody,
  CreatedInvitation,
  CreateInvitationBody,
  InvitationList,
  InvitationParams,
  InvitationPreview,
  InvitationToken,
} from '../../contracts/members';
import { SESSION_COOKIE } from '../auth/service';
import { listMembers, removeMember } from '../engagements/service';
import type { Deps } from '../http/context';
import { authorize, responses } from '../http/plumbing';
import { acceptInvitation, inviteMember, listInvitations, previewInvitation, revokeInvitation } from './invitations';

export const memberRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  app.get(
    '/engagements/:id/members',
    { schema: { tags: ['members'], summary: 'Members of the engagement', params: EngagementParams, response: responses({ 200: MemberList }) } },
    async (req) => ({ members: await listMembers(deps, await authorize(deps, req, req.params.id, 'member.read')) }),
  );

  app.delete(
    '/engagements/:id/members/:userId',
    { schema: { tags: ['members'], summary: 'Remove a member (lead)', params: MemberParams, response: responses({ 200: Ok }) } },
    async (req) => {
      await removeMember(deps, await authorize(deps, req, req.params.id, 'member.remove'), req.params.userId);
      return { ok: true as const };
    },
  );

  app.get(
    '/engagements/:id/invitations',
    { schema: { tags: ['members'], summary: 'Invitations (lead: all; sponsor: client side)', params: EngagementParams, response: responses({ 200: InvitationList }) } },
    async (req) => ({ invitations: await listInvitations(deps, await authorize(deps, req, req.params.id, 'invitation.read')) }),
  );

  app.post(
    '/engagements/:id/invitations',
    { schema: { tags: ['members'], summary: 'Invite someone by e-mail', params: EngagementParams, body: CreateInvitationBody, response: responses({ 201: CreatedInvitation }) } },
    async (req, reply) =>
      reply.status(201).send(await inviteMember(deps, await authorize(deps, req, req.params.id, 'invitation.create'), req.body)),
  );

  app.delete(
    '/engagements/:id/invitations/:invitationId',
    { schema: { tags: ['members'], summary: 'Revoke a pending invitation', params: InvitationParams, response: responses({ 200: Ok }) } },
    async (req) => {
      await revokeInvitation(deps, await authorize(deps, req, req.params.id, 'invitation.revoke'), req.params.invitationId);
      return { ok: true as const };
    },
  );

  app.get(
    '/invitations/:token',
    { schema: { tags: ['members'], summary: 'What an invitation link is for', security: [], params: InvitationToken, response: responses({ 200: InvitationPreview }) } },
    async (req) => previewInvitation(deps, req.params.token),
  );

  app.post(
    '/invitations/:token/accept',
    {
      config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: { tags: ['members'], summary: 'Accept an invitation (new accounts give name and password)', security: [], params: InvitationToken, body: AcceptInvitationBody, response: responses({ 200: AcceptedInvitation }) },
    },
    async (req, reply) => {
      const result = await acceptInvitation(deps, req.params.token, req.actor, req.body);
      if (result.sessionToken) {
        reply.setCookie(SESSION_COOKIE, result.sessionToken, {
          path: '/',
          httpOnly: true,
          sameSite: 'lax',
          secure: deps.config.secureCookies,
          signed: true,
          maxAge: 30 * 24 * 3600,
        });
      }
      return { engagementId: result.engagementId, signedIn: true };
    },
  );
};
