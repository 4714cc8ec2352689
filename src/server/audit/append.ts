import { randomBytes } from 'node:crypto';
import { unscoped } from '../authz/scoped';
import type { Transaction } from 'kysely';
import { type AuditPayload, canonical, GENESIS_HASH, hashPayload, hashRecord } from '../../domain/audit/chain';
import type { DB, Visibility } from '../db/schema';
import type { Actor, Deps } from '../http/context';
import { recordEvent } from '../live/events';
import { dispatchWebhooks } from '../webhooks/dispatch';

export const INSTANCE_CHAIN = 'instance';

export interface AuditEvent {
  chain: string;
  actor: Actor | null;
  action: string;
  object: { type: string; id: string };
  visibility: Visibility;
  before: object | null;
  after: object | null;
  /** false for chains that are not an engagement's (a partner selection's, ADR 0023): no live event */
  live?: boolean;
}

/** Plain JSON (drops undefined, turns Dates into strings) so the payload canonicalizes. */
const plain = (v: object | null): Record<string, unknown> | null => (v == null ? null : JSON.parse(JSON.stringify(v)));

/**
 * Appends one record to a chain, inside the caller's transaction, so the
 * change and its record commit together or not at all.
 *
 * Gap-free under concurrency: the chain's head row is locked (`FOR UPDATE`
 * on PostgreSQL, so two processes serialize on it; on SQLite the write
 * transaction itself serializes) before the next sequence number is taken.
 */
export async function appendAudit(
  trx: Transaction<DB>,
  deps: Pick<Deps, 'dialect' | 'clock'> & Partial<Pick<Deps, 'config'>>,
  ev: AuditEvent,
): Promise<{ seq: number; hash: string }> {
  await trx
    .insertInto('audit_heads')
    .values({ chain_id: ev.chain, seq: 0, hash: GENESIS_HASH })
    .onConflict((oc) => oc.column('chain_id').doNothing())
    .execute();
  let headQuery = unscoped(trx, 'appending to a chain: its head').selectFrom('audit_heads').select(['seq', 'hash']).where('chain_id', '=', ev.chain);
  if (deps.dialect === 'postgres') headQuery = headQuery.forUpdate();
  const head = await headQuery.executeTakeFirstOrThrow();

  const seq = head.seq + 1;
  const at = deps.clock.now().toISOString();
  const payload: AuditPayload = {
    actor: ev.actor ? { id: ev.actor.userId, label: `${ev.actor.name} <${ev.actor.email}>` } : { id: null, label: 'system' },
    action: ev.action,
    object: ev.object,
    visibility: ev.visibility,
    before: plain(ev.before),
    after: plain(ev.after),
    salt: randomBytes(16).toString('hex'),
  };
  const payloadHash = hashPayload(payload);
  const hash = hashRecord(head.hash, { chain: ev.chain, seq, at }, payloadHash);

  await trx
    .insertInto('audit_log')
    .values({
      chain_id: ev.chain,
      seq,
      at,
      payload: canonical(payload),
      payload_hash: payloadHash,
      prev_hash: head.hash,
      hash,
      visibility: ev.visibility,
      action: ev.action,
      actor_id: payload.actor.id,
      object_type: ev.object.type,
      object_id: ev.object.id,
    })
    .execute();
  await unscoped(trx, 'appending to a chain: its head').updateTable('audit_heads').set({ seq, hash }).where('chain_id', '=', ev.chain).execute();
  // a live change event for the engagement's members who may see it: ids, action and visibility only (ADR 0021)
  if (ev.chain !== INSTANCE_CHAIN && ev.live !== false) {
    await recordEvent(trx, { engagementId: ev.chain, type: 'change', object: ev.object, action: ev.action, visibility: ev.visibility, at });
    // and a message for each endpoint whose creator may see it, in the same transaction (ADR 0026)
    await dispatchWebhooks(trx, deps, { engagementId: ev.chain, action: ev.action, object: ev.object, visibility: ev.visibility, before: payload.before, after: payload.after, at });
  }
  return { seq, hash };
}

