import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { type CreateWebhookBody, type DeliveriesQuery, EVENT_GROUP_LIST, type UpdateWebhookBody } from '../../contracts/webhooks';
import { TEST_EVENT } from '../../domain/webhooks/events';
import { serialize, testBody } from '../../domain/webhooks/payload';
import { formatSecret, SECRET_BYTES } from '../../domain/webhooks/signature';
import { appendAudit } from '../audit/append';
import type { EngagementAccess } from '../authz/access';
import { findScoped, scoped } from '../authz/scoped';
import type { Visibility, WebhookAttemptsTable, WebhooksTable } from '../db/schema';
import { userRefs } from '../db/users';
import type { Deps } from '../http/context';
import { conflict, notFound } from '../http/errors';
import { newId } from '../ids';
import { queueMessage, scheduleAttempt } from './dispatch';

/** How long a rotated secret keeps signing beside the new one. */
export const ROTATION_OVERLAP_MS = 24 * 3600_000;
export const MAX_ENDPOINTS_PER_SIDE = 10;
const NOT_FOUND = 'Webhook not found';

const newSecret = () => formatSecret(randomBytes(SECRET_BYTES));
/** A provider endpoint's changes are provider-only news; a client endpoint's are shared (no URL or secret goes in the record). */
const visibilityOf = (side: WebhooksTable['side']): Visibility => (side === 'provider' ? 'internal' : 'shared');
const auditView = (h: Pick<WebhooksTable, 'events' | 'status' | 'side'>) => ({ side: h.side, events: JSON.parse(h.events) as string[], status: h.status });

async function present(deps: Deps, rows: WebhooksTable[]) {
  const users = await userRefs(deps.db, rows.map((r) => r.created_by));
  const now = deps.clock.now().getTime();
  return rows.map((h) => ({
    id: h.id,
    url: h.url,
    events: JSON.parse(h.events) as string[],
    side: h.side,
    createdBy: { id: h.created_by, name: users.get(h.created_by)?.name ?? 'Unknown' },
    createdRole: h.created_role,
    enabled: h.status === 'enabled',
    disabledReason: h.disabled_reason,
    disabledAt: h.disabled_at,
    failingSince: h.failing_since,
    lastSuccessAt: h.last_success_at,
    previousSecretExpiresAt: h.previous_secret_expires_at && Date.parse(h.previous_secret_expires_at) > now ? h.previous_secret_expires_at : null,
    createdAt: h.created_at,
  }));
}

/** The endpoints of the reader's side (the lead: the provider's; the sponsor: the client's). */
export async function listWebhooks(deps: Deps, access: EngagementAccess) {
  const rows = await scoped(deps.db, access, 'webhooks').selectAll().orderBy('id').execute();
  return { webhooks: await present(deps, rows), eventGroups: EVENT_GROUP_LIST };
}

export async function getWebhook(deps: Deps, access: EngagementAccess, webhookId: string) {
  const [h] = await present(deps, [await findScoped(deps.db, access, 'webhooks', webhookId, NOT_FOUND)]);
  return h!;
}

/** Registers an endpoint for the reader's side; the answer carries its secret, the only time it is shown. */
export async function createWebhook(deps: Deps, access: EngagementAccess, body: z.infer<typeof CreateWebhookBody>) {
  const now = deps.clock.now().toISOString();
  const id = newId();
  const secret = newSecret();
  await deps.db.transaction().execute(async (trx) => {
    const count = await scoped(trx, access, 'webhooks').select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
    if (Number(count.n) >= MAX_ENDPOINTS_PER_SIDE) throw conflict(`At most ${MAX_ENDPOINTS_PER_SIDE} endpoints per side of an engagement: delete one first`);
    const row: WebhooksTable = {
      id,
      engagement_id: access.engagementId,
      side: access.side,
      created_by: access.actor.userId,
      created_role: access.role,
      url: body.url,
      events: JSON.stringify(body.events),
      secret,
      previous_secret: null,
      previous_secret_expires_at: null,
      status: 'enabled',
      disabled_reason: null,
      disabled_at: null,
      failing_since: null,
      last_success_at: null,
      created_at: now,
      updated_at: now,
    };
    await trx.insertInto('webhooks').values(row).execute();
    await appendAudit(trx, deps, { chain: access.engagementId, actor: access.actor, action: 'webhook.created', object: { type: 'webhook', id }, visibility: visibilityOf(access.side), before: null, after: auditView(row) });
  });
  return { ...(await getWebhook(deps, access, id)), secret };
}

/** Changes the URL, the event types, or enables/disables the endpoint (enabling clears its failure run). */
export async function updateWebhook(deps: Deps, access: EngagementAccess, webhookId: string, body: z.infer<typeof UpdateWebhookBody>) {
  await deps.db.transaction().execute(async (trx) => {
    const before = await findScoped(trx, access, 'webhooks', webhookId, NOT_FOUND);
    const now = deps.clock.now().toISOString();
    const patch: Partial<WebhooksTable> = { updated_at: now };
    if (body.url !== undefined) patch.url = body.url;
    if (body.events !== undefined) patch.events = JSON.stringify(body.events);
    if (body.enabled === true && before.status !== 'enabled') Object.assign(patch, { status: 'enabled', disabled_reason: null, disabled_at: null, failing_since: null });
    if (body.enabled === false && before.status !== 'disabled') Object.assign(patch, { status: 'disabled', disabled_reason: `disabled by ${access.actor.name}`, disabled_at: now });
    await trx.updateTable('webhooks').set(patch).where('id', '=', before.id).execute();
    if (patch.status === 'disabled') {
      await trx.updateTable('webhook_attempts').set({ status: 'cancelled', error: 'endpoint disabled' }).where('webhook_id', '=', before.id).where('status', '=', 'pending').execute();
    }
    const after = { ...before, ...patch };
    const action = patch.status === 'enabled' ? 'webhook.enabled' : patch.status === 'disabled' ? 'webhook.disabled' : 'webhook.updated';
    await appendAudit(trx, deps, { chain: access.engagementId, actor: access.actor, action, object: { type: 'webhook', id: before.id }, visibility: visibilityOf(before.side), before: auditView(before), after: { ...auditView(after), urlChanged: body.url !== undefined && body.url !== before.url } });
  });
  return getWebhook(deps, access, webhookId);
}

/** A new secret; the old one keeps signing beside it for 24 h, so receivers can switch without a gap. */
export async function rotateSecret(deps: Deps, access: EngagementAccess, webhookId: string) {
  const secret = newSecret();
  await deps.db.transaction().execute(async (trx) => {
    const before = await findScoped(trx, access, 'webhooks', webhookId, NOT_FOUND);
    const now = deps.clock.now();
    const expires = new Date(now.getTime() + ROTATION_OVERLAP_MS).toISOString();
    await trx.updateTable('webhooks').set({ secret, previous_secret: before.secret, previous_secret_expires_at: expires, updated_at: now.toISOString() }).where('id', '=', before.id).execute();
    await appendAudit(trx, deps, { chain: access.engagementId, actor: access.actor, action: 'webhook.secret_rotated', object: { type: 'webhook', id: before.id }, visibility: visibilityOf(before.side), before: null, after: { previousValidUntil: expires } });
  });
  return { ...(await getWebhook(deps, access, webhookId)), secret };
}

export async function deleteWebhook(deps: Deps, access: EngagementAccess, webhookId: string) {
  await deps.db.transaction().execute(async (trx) => {
    const before = await findScoped(trx, access, 'webhooks', webhookId, NOT_FOUND);
    await trx.deleteFrom('webhook_attempts').where('webhook_id', '=', before.id).execute();
    await trx.deleteFrom('webhook_messages').where('webhook_id', '=', before.id).execute();
    await trx.deleteFrom('webhooks').where('id', '=', before.id).execute();
    await appendAudit(trx, deps, { chain: access.engagementId, actor: access.actor, action: 'webhook.deleted', object: { type: 'webhook', id: before.id }, visibility: visibilityOf(before.side), before: auditView(before), after: null });
  });
}

const presentAttempt = (a: WebhookAttemptsTable & { event_type: string; body: string }) => ({
  id: a.id,
  messageId: a.message_id,
  eventType: a.event_type,
  attempt: a.attempt,
  trigger: a.trigger,
  status: a.status,
  scheduledAt: a.scheduled_at,
  startedAt: a.started_at,
  durationMs: a.duration_ms,
  request: { url: a.request_url, headers: a.request_headers ? (JSON.parse(a.request_headers) as Record<string, string>) : {}, body: a.body },
  responseStatus: a.response_status,
  responseBody: a.response_body,
  error: a.error,
  nextAttemptAt: a.next_attempt_at,
});

/** The endpoint's delivery log, newest attempt first. */
export async function listDeliveries(deps: Deps, access: EngagementAccess, webhookId: string, q: z.infer<typeof DeliveriesQuery>) {
  const hook = await findScoped(deps.db, access, 'webhooks', webhookId, NOT_FOUND);
  let query = scoped(deps.db, access, 'webhook_attempts as a')
    .innerJoin('webhook_messages as m', 'm.id', 'a.message_id')
    .selectAll('a')
    .select(['m.event_type', 'm.body'])
    .where('a.webhook_id', '=', hook.id);
  if (q.before) query = query.where('a.id', '<', q.before);
  const rows = await query.orderBy('a.id', 'desc').limit(q.limit).execute();
  return { deliveries: rows.map(presentAttempt) };
}

/** Queues a test event (delivered by the job runner, like every message; it is not retried). */
export async function sendTestEvent(deps: Deps, access: EngagementAccess, webhookId: string) {
  return deps.db.transaction().execute(async (trx) => {
    const hook = await findScoped(trx, access, 'webhooks', webhookId, NOT_FOUND);
    if (hook.status !== 'enabled') throw conflict('The endpoint is disabled: enable it first');
    const body = serialize(testBody({ at: deps.clock.now().toISOString(), engagementId: access.engagementId, webhookId: hook.id }))!;
    return queueMessage(trx, deps, { webhookId: hook.id, url: hook.url, eventType: TEST_EVENT, visibility: 'shared', body, trigger: 'test' });
  });
}

/** Sends a message again, with its webhook-id (receivers that already have it deduplicate), as one more attempt now. */
export async function redeliver(deps: Deps, access: EngagementAccess, webhookId: string, attemptId: string) {
  return deps.db.transaction().execute(async (trx) => {
    const hook = await findScoped(trx, access, 'webhooks', webhookId, NOT_FOUND);
    const a = await scoped(trx, access, 'webhook_attempts').selectAll().where('id', '=', attemptId).where('webhook_id', '=', hook.id).executeTakeFirst();
    if (!a) throw notFound('Delivery not found');
    if (hook.status !== 'enabled') throw conflict('The endpoint is disabled: enable it first');
    const waiting = await scoped(trx, access, 'webhook_attempts').select('id').where('message_id', '=', a.message_id).where('status', '=', 'pending').executeTakeFirst();
    if (waiting) throw conflict('This message already has an attempt waiting');
    const last = await scoped(trx, access, 'webhook_attempts').select((eb) => eb.fn.max('attempt').as('n')).where('message_id', '=', a.message_id).executeTakeFirstOrThrow();
    const now = deps.clock.now();
    const id = newId();
    await trx
      .insertInto('webhook_attempts')
      .values({ id, message_id: a.message_id, webhook_id: hook.id, attempt: Number(last.n ?? 0) + 1, trigger: 'redeliver', status: 'pending', scheduled_at: now.toISOString(), started_at: null, duration_ms: null, request_url: hook.url, request_headers: null, response_status: null, response_body: null, error: null, next_attempt_at: null, created_at: now.toISOString() })
      .execute();
    await scheduleAttempt(trx, deps, id, now);
    return { messageId: a.message_id, attemptId: id, scheduledAt: now.toISOString() };
  });
}
