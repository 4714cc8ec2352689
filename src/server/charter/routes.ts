import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { CharterState, CharterVersion, CharterVersionParams, ProposeCharterBody } from '../../contracts/charter';
import { EngagementParams } from '../../contracts/common';
import type { Deps } from '../http/context';
import { authorize, responses } from '../http/plumbing';
import { acceptCharter, getCharter, proposeCharter, withdrawCharter } from './service';

export const charterRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  app.get(
    '/engagements/:id/charter',
    { schema: { tags: ['charter'], summary: 'The agreed charter, any pending change, and every version', params: EngagementParams, response: responses({ 200: CharterState }) } },
    async (req) => getCharter(deps, await authorize(deps, req, req.params.id, 'charter.read')),
  );

  app.post(
    '/engagements/:id/charter/versions',
    { schema: { tags: ['charter'], summary: 'Propose a charter version (lead or sponsor)', params: EngagementParams, body: ProposeCharterBody, response: responses({ 201: CharterVersion }) } },
    async (req, reply) => {
      const access = await authorize(deps, req, req.params.id, 'charter.propose');
      return reply.status(201).send(await proposeCharter(deps, access, req.body.body, req.body.note));
    },
  );

  app.post(
    '/engagements/:id/charter/versions/:versionId/accept',
    { schema: { tags: ['charter'], summary: 'Accept a proposed version for your side', params: CharterVersionParams, response: responses({ 200: CharterVersion }) } },
    async (req) => acceptCharter(deps, await authorize(deps, req, req.params.id, 'charter.accept'), req.params.versionId),
  );

  app.post(
    '/engagements/:id/charter/versions/:versionId/withdraw',
    { schema: { tags: ['charter'], summary: 'Withdraw a pending proposal', params: CharterVersionParams, response: responses({ 200: CharterVersion }) } },
    async (req) => withdrawCharter(deps, await authorize(deps, req, req.params.id, 'charter.propose'), req.params.versionId),
  );
};
