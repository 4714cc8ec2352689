import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { EngagementParams } from '../../contracts/common';
import { AcknowledgeBody, CreateStatusUpdateBody, PublishBody, StatusDraft, StatusUpdate, StatusUpdateList, StatusUpdateParams, UpdateStatusUpdateBody } from '../../contracts/status';
import type { Deps } from '../http/context';
import { authorize, responses } from '../http/plumbing';
import { acknowledgeStatusUpdate, createStatusUpdate, getDraft, getStatusUpdate, listStatusUpdates, publishStatusUpdate, updateStatusUpdate } from './service';

export const statusRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  const S = '/engagements/:id/status-updates';
  const tags = ['status updates'];

  app.get(S, { schema: { tags, summary: 'Status updates (drafts for the provider only), the due schedule and its lateness record', params: EngagementParams, response: responses({ 200: StatusUpdateList }) } }, async (req) =>
    listStatusUpdates(deps, await authorize(deps, req, req.params.id, 'status.read')),
  );
  app.post(S, { schema: { tags, summary: 'Save a draft: Markdown, health (a reason and next step unless on track), an internal note', params: EngagementParams, body: CreateStatusUpdateBody, response: responses({ 201: StatusUpdate }) } }, async (req, reply) =>
    reply.status(201).send(await createStatusUpdate(deps, await authorize(deps, req, req.params.id, 'status.write'), req.body)),
  );
  app.get(`${S}/draft`, { schema: { tags, summary: 'The draft Candor assembles from what happened since the last update, with the health the data suggests (provider only, not stored)', params: EngagementParams, response: responses({ 200: StatusDraft }) } }, async (req) =>
    getDraft(deps, await authorize(deps, req, req.params.id, 'status.draft')),
  );
  app.get(`${S}/:updateId`, { schema: { tags, summary: 'One status update with its acknowledgements', params: StatusUpdateParams, response: responses({ 200: StatusUpdate }) } }, async (req) =>
    getStatusUpdate(deps, await authorize(deps, req, req.params.id, 'status.read'), req.params.updateId),
  );
  app.patch(`${S}/:updateId`, { schema: { tags, summary: 'Edit a draft (a published update is frozen)', params: StatusUpdateParams, body: UpdateStatusUpdateBody, response: responses({ 200: StatusUpdate }) } }, async (req) =>
    updateStatusUpdate(deps, await authorize(deps, req, req.params.id, 'status.write'), req.params.updateId, req.body),
  );
  app.post(`${S}/:updateId/publish`, { schema: { tags, summary: 'Publish: freezes the text and figures, records the suggested health and the lateness, notifies the client roles', params: StatusUpdateParams, body: PublishBody, response: responses({ 200: StatusUpdate }) } }, async (req) =>
    publishStatusUpdate(deps, await authorize(deps, req, req.params.id, 'status.write'), req.params.updateId),
  );
  app.post(`${S}/:updateId/acknowledge`, { schema: { tags, summary: 'A client role acknowledges ("read, understood"), optionally with a comment, or replies only', params: StatusUpdateParams, body: AcknowledgeBody, response: responses({ 200: StatusUpdate }) } }, async (req) =>
    acknowledgeStatusUpdate(deps, await authorize(deps, req, req.params.id, 'status.acknowledge'), req.params.updateId, req.body),
  );
};
