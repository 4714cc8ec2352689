import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { EngagementParams } from '../../contracts/common';
import {
  CreateEngagementBody,
  EngagementList,
  EngagementOverview,
  EngagementSummary,
  MeasureOutcomeBody,
  Outcome,
  OutcomeParams,
  UpdateEngagementBody,
} from '../../contracts/engagements';
import { z } from 'zod';
import type { Deps } from '../http/context';
import { authorize, requireActor, responses } from '../http/plumbing';
import { engagementOverview } from './overview';
import {
  createEngagement,
  getEngagement,
  listEngagements,
  listOutcomes,
  measureOutcome,
  updateEngagement,
} from './service';

export const engagementRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  app.get(
    '/engagements',
    { schema: { tags: ['engagements'], summary: 'Engagements I am a member of', response: responses({ 200: EngagementList }) } },
    async (req) => ({ engagements: await listEngagements(deps, requireActor(req)) }),
  );

  app.post(
    '/engagements',
    { schema: { tags: ['engagements'], summary: 'Start an engagement (you become its lead)', body: CreateEngagementBody, response: responses({ 201: EngagementSummary }) } },
    async (req, reply) => reply.status(201).send(await createEngagement(deps, requireActor(req), req.body)),
  );

  app.get(
    '/engagements/:id',
    { schema: { tags: ['engagements'], summary: 'One engagement', params: EngagementParams, response: responses({ 200: EngagementSummary }) } },
    async (req) => getEngagement(deps, await authorize(deps, req, req.params.id, 'engagement.read')),
  );

  app.patch(
    '/engagements/:id',
    { schema: { tags: ['engagements'], summary: 'Rename, describe or close an engagement', params: EngagementParams, body: UpdateEngagementBody, response: responses({ 200: EngagementSummary }) } },
    async (req) => updateEngagement(deps, await authorize(deps, req, req.params.id, 'engagement.update'), req.body),
  );

  app.get(
    '/engagements/:id/overview',
    { schema: { tags: ['engagements'], summary: 'Outcomes, charter state, members and recent activity', params: EngagementParams, response: responses({ 200: EngagementOverview }) } },
    // JSON text already shaped by the response schema, kept per version (overview.ts); a string with a JSON type is sent as is
    async (req, reply) =>
      reply.type('application/json; charset=utf-8').send((await engagementOverview(deps, req, req.params.id)) as never),
  );

  app.get(
    '/engagements/:id/outcomes',
    { schema: { tags: ['charter'], summary: 'Outcomes of the agreed charter, with progress', params: EngagementParams, response: responses({ 200: z.object({ outcomes: z.array(Outcome) }) }) } },
    async (req) => ({ outcomes: await listOutcomes(deps, await authorize(deps, req, req.params.id, 'outcome.read')) }),
  );

  app.patch(
    '/engagements/:id/outcomes/:outcomeId',
    { schema: { tags: ['charter'], summary: 'Record the current value of an outcome indicator', params: OutcomeParams, body: MeasureOutcomeBody, response: responses({ 200: Outcome }) } },
    async (req) =>
      measureOutcome(deps, await authorize(deps, req, req.params.id, 'outcome.measure'), req.params.outcomeId, req.body.current),
  );
};
