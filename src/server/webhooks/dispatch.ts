import type { Transaction } from 'kysely';
import { sentenceFor } from '../../domain/audit/sentence';
import { eventBody, serialize } from '../../domain/webhooks/payload';
import { subscribes } from '../../domain/webhooks/events';
import { audienceFor } from '../authz/access';
import { unscoped } from '../authz/scoped';
import type { DB, Visibility } from '../db/schema';
import type { Deps } from '../http/context';
import { newId } from '../ids';
import { enqueue } from '../jobs/queue';

export interface AuditedChange {
  engagementId: string;
  action: string;
  object: { type: string; id: string };
  visibility: Visibility;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  at: string;
}

type DispatchDeps = Pick<Deps, 'clock'> & Partial<Pick<Deps, 'config'>>;

export const ATTEMPT_JOB = 'webhook.attempt';
/** The job runs each attempt once; a crash mid-send leaves it to the lease (the attempt row decides whether it still has to be sent). */
export const ATTEMPT_JOB_MAX = 3;

/** Schedules one attempt as its own job, in the caller's transaction. */
export async function scheduleAttempt(trx: Transaction<DB>, deps: Pick<Deps, 'clock'>, attemptId: string, runAt: Date) {
  await enqueue(trx, deps, ATTEMPT_JOB, { attemptId }, { runAt, uniqueKey: `webhook-attempt:${attemptId}`, maxAttempts: ATTEMPT_JOB_MAX });
}

/** A message and its first attempt, due now (the job runs after the change commits). */
export async function queueMessage(
  trx: Transaction<DB>,
  deps: Pick<Deps, 'clock'>,
  m: { webhookId: string; url: string; eventType: string; visibility: Visibility; body: string; trigger: 'event' | 'test' },
): Promise<{ messageId: string; attemptId: string; scheduledAt: string }> {
  const now = deps.clock.now();
  const at = now.toISOString();
  const messageId = `msg_${newId()}`;
  const attemptId = newId();
  await trx.insertInto('webhook_messages').values({ id: messageId, webhook_id: m.webhookId, event_type: m.eventType, visibility: m.visibility, body: m.body, created_at: at }).execute();
  await trx
    .insertInto('webhook_attempts')
    .values({
      id: attemptId,
      message_id: messageId,
      webhook_id: m.webhookId,
      attempt: 1,
      trigger: m.trigger,
      status: 'pending',
      scheduled_at: at,
      started_at: null,
      duration_ms: null,
      request_url: m.url,
      request_headers: null,
      response_status: null,
      response_body: null,
      error: null,
      next_attempt_at: null,
      created_at: at,
    })
    .execute();
  await scheduleAttempt(trx, deps, attemptId, now);
  return { messageId, attemptId, scheduledAt: at };
}

/**
 * An engagement's audit record becomes a message for each enabled endpoint
 * that subscribed to its group and whose creator may see it: the creator is
 * in `audienceFor(engagement, visibility)` (a current, enabled member whose
 * role reads that visibility) with the role they created the endpoint with.
 * So a client-created endpoint is never called for an internal event. The
 * body is what the activity view shows that creator: the object's id, its
 * title from the record, and its link. Runs inside the audit record's
 * transaction (an outbox): the message exists exactly when the change does.
 */
export async function dispatchWebhooks(trx: Transaction<DB>, deps: DispatchDeps, change: AuditedChange): Promise<number> {
  const hooks = await unscoped(trx, 'an audit record fans out to its engagement’s enabled endpoints')
    .selectFrom('webhooks')
    .select(['id', 'url', 'events', 'created_by', 'created_role'])
    .where('engagement_id', '=', change.engagementId)
    .where('status', '=', 'enabled')
    .execute();
  const wanted = hooks.filter((h) => subscribes(JSON.parse(h.events) as string[], change.action));
  if (wanted.length === 0) return 0;
  const audience = await audienceFor(trx, change.engagementId, change.visibility);
  const sentence = sentenceFor({ action: change.action, object: change.object, before: change.before, after: change.after }, change.engagementId);
  const base = deps.config?.publicUrl ?? '';
  const body = serialize(
    eventBody({ action: change.action, at: change.at, engagementId: change.engagementId, object: change.object, title: sentence.object, link: sentence.link ? `${base}${sentence.link}` : null }),
  );
  if (body === null) return 0;
  let n = 0;
  for (const h of wanted) {
    if (!audience.some((a) => a.userId === h.created_by && a.role === h.created_role)) continue;
    await queueMessage(trx, deps, { webhookId: h.id, url: h.url, eventType: change.action, visibility: change.visibility, body, trigger: 'event' });
    n++;
  }
  return n;
}
