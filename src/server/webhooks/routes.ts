import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { EngagementParams, Ok } from '../../contracts/common';
import { CreateWebhookBody, DeliveriesQuery, DeliveryList, DeliveryParams, Queued, UpdateWebhookBody, Webhook, WebhookList, WebhookParams, WebhookWithSecret } from '../../contracts/webhooks';
import type { Deps } from '../http/context';
import { authorize, responses } from '../http/plumbing';
import { createWebhook, deleteWebhook, getWebhook, listDeliveries, listWebhooks, redeliver, rotateSecret, sendTestEvent, updateWebhook } from './service';

export const webhookRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  const W = '/engagements/:id/webhooks';
  const tags = ['webhooks'];

  app.get(W, { schema: { tags, summary: 'The endpoints of your side (lead: the provider’s; sponsor: the client’s) and the event types to choose from', params: EngagementParams, response: responses({ 200: WebhookList }) } }, async (req) =>
    listWebhooks(deps, await authorize(deps, req, req.params.id, 'webhook.read')),
  );
  app.post(W, { schema: { tags, summary: 'Register an endpoint {url, events}; the answer carries its whsec_ secret, shown only this once', params: EngagementParams, body: CreateWebhookBody, response: responses({ 201: WebhookWithSecret }) } }, async (req, reply) =>
    reply.status(201).send(await createWebhook(deps, await authorize(deps, req, req.params.id, 'webhook.manage'), req.body)),
  );
  app.get(`${W}/:webhookId`, { schema: { tags, summary: 'One endpoint (never its secret)', params: WebhookParams, response: responses({ 200: Webhook }) } }, async (req) =>
    getWebhook(deps, await authorize(deps, req, req.params.id, 'webhook.read'), req.params.webhookId),
  );
  app.patch(`${W}/:webhookId`, { schema: { tags, summary: 'Change the URL or event types, or disable/enable the endpoint', params: WebhookParams, body: UpdateWebhookBody, response: responses({ 200: Webhook }) } }, async (req) =>
    updateWebhook(deps, await authorize(deps, req, req.params.id, 'webhook.manage'), req.params.webhookId, req.body),
  );
  app.delete(`${W}/:webhookId`, { schema: { tags, summary: 'Delete the endpoint with its delivery log', params: WebhookParams, response: responses({ 200: Ok }) } }, async (req) => {
    await deleteWebhook(deps, await authorize(deps, req, req.params.id, 'webhook.manage'), req.params.webhookId);
    return { ok: true as const };
  });
  app.post(`${W}/:webhookId/rotate-secret`, { schema: { tags, summary: 'A new secret, shown once; the old one keeps signing beside it for 24 h', params: WebhookParams, response: responses({ 200: WebhookWithSecret }) } }, async (req) =>
    rotateSecret(deps, await authorize(deps, req, req.params.id, 'webhook.manage'), req.params.webhookId),
  );
  app.get(`${W}/:webhookId/deliveries`, { schema: { tags, summary: 'The delivery log: each attempt’s request (without the signature), response status, duration, first 2 KB of the response, next attempt', params: WebhookParams, querystring: DeliveriesQuery, response: responses({ 200: DeliveryList }) } }, async (req) =>
    listDeliveries(deps, await authorize(deps, req, req.params.id, 'webhook.read'), req.params.webhookId, req.query),
  );
  app.post(`${W}/:webhookId/test`, { schema: { tags, summary: 'Queue a webhook.test event (sent by the job runner, not retried)', params: WebhookParams, response: responses({ 202: Queued }) } }, async (req, reply) =>
    reply.status(202).send(await sendTestEvent(deps, await authorize(deps, req, req.params.id, 'webhook.manage'), req.params.webhookId)),
  );
  app.post(`${W}/:webhookId/deliveries/:attemptId/redeliver`, { schema: { tags, summary: 'Send a delivery’s message again now, with the same webhook-id', params: DeliveryParams, response: responses({ 202: Queued }) } }, async (req, reply) =>
    reply.status(202).send(await redeliver(deps, await authorize(deps, req, req.params.id, 'webhook.manage'), req.params.webhookId, req.params.attemptId)),
  );
};
