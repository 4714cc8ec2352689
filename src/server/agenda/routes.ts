import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AgendaEntry, AgendaList, AgendaParams, AgendaReview, AgendaReviewList, CreateAgendaEntryBody, RecordAgendaReviewBody, UpdateAgendaEntryBody } from '../../contracts/agenda';
import { EngagementParams } from '../../contracts/common';
import type { Deps } from '../http/context';
import { authorize, responses } from '../http/plumbing';
import { createAgendaEntry, getAgendaEntry, listAgenda, listAgendaReviews, recordAgendaReview, updateAgendaEntry } from './service';

export const agendaRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  const A = '/engagements/:id/agenda';
  const tags = ['agenda'];

  app.get(A, { schema: { tags, summary: 'The future agenda: entries, the last review, the next review date and whether it is overdue', params: EngagementParams, response: responses({ 200: AgendaList }) } }, async (req) =>
    listAgenda(deps, await authorize(deps, req, req.params.id, 'agenda.read')),
  );
  app.post(A, { schema: { tags, summary: 'Put an idea, a need, a market change or an improvement opportunity on the future agenda', params: EngagementParams, body: CreateAgendaEntryBody, response: responses({ 201: AgendaEntry }) } }, async (req, reply) =>
    reply.status(201).send(await createAgendaEntry(deps, await authorize(deps, req, req.params.id, 'agenda.write'), req.body)),
  );
  app.get(`${A}/reviews`, { schema: { tags, summary: 'The reviews of the future agenda, newest first', params: EngagementParams, response: responses({ 200: AgendaReviewList }) } }, async (req) => ({
    reviews: await listAgendaReviews(deps, await authorize(deps, req, req.params.id, 'agenda.read')),
  }));
  app.post(`${A}/reviews`, { schema: { tags, summary: 'Record a review: what was discussed and a decision per entry (the lead or the sponsor)', params: EngagementParams, body: RecordAgendaReviewBody, response: responses({ 201: AgendaReview }) } }, async (req, reply) =>
    reply.status(201).send(await recordAgendaReview(deps, await authorize(deps, req, req.params.id, 'agenda.review'), req.body)),
  );
  app.get(`${A}/:entryId`, { schema: { tags, summary: 'One entry of the future agenda', params: AgendaParams, response: responses({ 200: AgendaEntry }) } }, async (req) =>
    getAgendaEntry(deps, await authorize(deps, req, req.params.id, 'agenda.read'), req.params.entryId),
  );
  app.patch(`${A}/:entryId`, { schema: { tags, summary: 'Edit an entry (its author or the lead)', params: AgendaParams, body: UpdateAgendaEntryBody, response: responses({ 200: AgendaEntry }) } }, async (req) =>
    updateAgendaEntry(deps, await authorize(deps, req, req.params.id, 'agenda.write'), req.params.entryId, req.body),
  );
};
