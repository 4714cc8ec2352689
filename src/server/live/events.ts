import { EventEmitter } from 'node:events';
import { type Kysely, PostgresAdapter, sql, type Transaction } from 'kysely';
import type { DB, Visibility } from '../db/schema';
import { newId } from '../ids';

/** The PostgreSQL channel live events are announced on (the payload is empty: a wake-up, the rows are the truth). */
export const EVENTS_CHANNEL = 'candor_events';

/** Wakes this process's live hubs (SQLite: one process, so this is the whole bus). */
export const localBus = new EventEmitter();
localBus.setMaxListeners(0);

export interface LiveEvent {
  engagementId: string;
  /** A notification's recipient; omitted for a change (every member who may see its visibility). */
  userId?: string | null;
  type: 'notification' | 'change';
  object: { type: string; id: string };
  action: string;
  visibility: Visibility;
  at: string;
}

const isPostgres = (db: Kysely<DB> | Transaction<DB>) => db.getExecutor().adapter instanceof PostgresAdapter;

/**
 * Writes a live event into the outbox, in the caller's transaction, so it
 * exists exactly when the change does. On PostgreSQL it carries the
 * transaction's id and a NOTIFY that is delivered on commit (never for a
 * rolled-back write); on SQLite the in-process bus wakes the hubs, whose read
 * waits for the writing transaction to end.
 */
export async function recordEvent(trx: Kysely<DB> | Transaction<DB>, ev: LiveEvent): Promise<void> {
  const row = {
    id: newId(),
    engagement_id: ev.engagementId,
    user_id: ev.userId ?? null,
    type: ev.type,
    object_type: ev.object.type,
    object_id: ev.object.id,
    action: ev.action,
    visibility: ev.visibility,
    created_at: ev.at,
  };
  if (isPostgres(trx)) {
    // one round trip: the row, with its transaction's id, and the NOTIFY (identical ones in a transaction are delivered once, on commit)
    await sql`with e as (
        insert into events (id, txid, engagement_id, user_id, type, object_type, object_id, action, visibility, created_at)
        values (${row.id}, pg_current_xact_id()::text::bigint, ${row.engagement_id}, ${row.user_id}, ${row.type}, ${row.object_type}, ${row.object_id}, ${row.action}, ${row.visibility}, ${row.created_at})
        returning 1
      ) select pg_notify(${EVENTS_CHANNEL}, '') from e`.execute(trx);
    return;
  }
  await trx
    .insertInto('events')
    .values({ ...row, txid: 0 })
    .execute();
  setImmediate(() => localBus.emit('wake'));
}
