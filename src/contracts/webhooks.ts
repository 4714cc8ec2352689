/**
 * Signed webhooks (issue 16, ADR 0026). Per engagement, the lead registers the
 * provider side's endpoints and the sponsor the client side's; each side sees
 * and manages only its own. A payload is the event as the endpoint's creator
 * may see it; deliveries are signed per the Standard Webhooks specification
 * (docs/webhooks.md). The secret is in the answer to POST (and to a rotation)
 * only, never again.
 */
import { z } from 'zod';
import { EVENT_GROUPS, EVENT_TYPES, unknownEvents } from '../domain/webhooks/events';
import { urlProblem } from '../domain/webhooks/url';
import { Id, IsoDateTime, Role, Side } from './common';

export const WebhookUrl = z
  .string()
  .trim()
  .superRefine((s, ctx) => {
    const problem = urlProblem(s);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .describe('https (or http, for closed networks) URL without credentials; where it resolves is checked at each delivery');

export const WebhookEvents = z
  .array(z.string().max(64))
  .min(1, 'choose at least one event type')
  .max(EVENT_TYPES.length)
  .superRefine((events, ctx) => {
    const unknown = unknownEvents(events);
    if (unknown.length) ctx.addIssue({ code: 'custom', message: `unknown event types: ${unknown.join(', ')} (use "*" or a group such as "commitment.*")` });
  })
  .transform((events) => [...new Set(events)])
  .describe('Event types: "*" or audit action groups such as "commitment.*"');

export const CreateWebhookBody = z.strictObject({ url: WebhookUrl, events: WebhookEvents });
export const UpdateWebhookBody = z
  .strictObject({ url: WebhookUrl.optional(), events: WebhookEvents.optional(), enabled: z.boolean().optional().describe('false disables the endpoint; true enables it again and clears its failure run') })
  .describe('A partial change');

export const WebhookParams = z.strictObject({ id: Id, webhookId: Id });
export const DeliveryParams = z.strictObject({ id: Id, webhookId: Id, attemptId: Id });

export const Webhook = z.object({
  id: Id,
  url: z.string(),
  events: z.array(z.string()),
  side: Side,
  createdBy: z.object({ id: Id, name: z.string() }),
  createdRole: Role,
  enabled: z.boolean(),
  disabledReason: z.string().nullable(),
  disabledAt: IsoDateTime.nullable(),
  failingSince: IsoDateTime.nullable().describe('The first failure of the current run of consecutive failures; 5 days of them disable the endpoint'),
  lastSuccessAt: IsoDateTime.nullable(),
  previousSecretExpiresAt: IsoDateTime.nullable().describe('While set and in the future, deliveries carry the old secret’s signature too'),
  createdAt: IsoDateTime,
});

export const WebhookList = z.object({
  webhooks: z.array(Webhook),
  eventGroups: z.array(z.object({ type: z.string(), label: z.string() })).describe('What an endpoint may subscribe to'),
});

export const WebhookWithSecret = Webhook.extend({
  secret: z.string().describe('whsec_<base64>: shown once, keep it with the receiver'),
});

export const Delivery = z.object({
  id: Id,
  messageId: z.string().describe('The webhook-id header: the same for every attempt of one message'),
  eventType: z.string(),
  attempt: z.number().int(),
  trigger: z.enum(['event', 'test', 'redeliver']),
  status: z.enum(['pending', 'succeeded', 'failed', 'cancelled']),
  scheduledAt: IsoDateTime,
  startedAt: IsoDateTime.nullable(),
  durationMs: z.number().int().nullable(),
  request: z.object({ url: z.string(), headers: z.record(z.string(), z.string()).describe('As sent, without the signature'), body: z.string() }),
  responseStatus: z.number().int().nullable(),
  responseBody: z.string().nullable().describe('The first 2 KB of the response'),
  error: z.string().nullable(),
  nextAttemptAt: IsoDateTime.nullable(),
});

export const DeliveryList = z.object({ deliveries: z.array(Delivery) });
export const DeliveriesQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(200).default(50), before: Id.optional().describe('An attempt id: older ones') });

export const Queued = z.object({ messageId: z.string(), attemptId: Id, scheduledAt: IsoDateTime });

export const EVENT_GROUP_LIST = [
  { type: '*', label: 'Everything' },
  ...Object.entries(EVENT_GROUPS).map(([g, label]) => ({ type: `${g}.*`, label })),
];
