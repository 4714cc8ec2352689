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
  const pg = isPostgres(trx);
  await trx
    .insertInto('events')
    .values({
      id: newId(),
      txid: pg ? sql<number>`pg_current_xact_id()::text::bigint` : 0,
      engagement_id: ev.engagementId,
      user_id: ev.userId ?? null,
      type: ev.type,
      object_type: ev.object.type,
      object_id: ev.object.id,
      action: ev.action,
      visibility: ev.visibility,
      created_at: ev.at,
    })
    .execute();
  if (pg) {
    // identical notifications in one transaction are delivered once
    await sql`select pg_notify(${EVENTS_CHANNEL}, '')`.execute(trx);
  } else {
    setImmediate(() => localBus.emit('wake'));
  }
}
