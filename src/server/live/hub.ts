import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type pg from 'pg';
import type pino from 'pino';
import { canSee } from '../../domain/authz/policy';
import { unscoped } from '../authz/scoped';
import { pgPoolOf } from '../db/database';
import type { DB, EventsTable } from '../db/schema';
import { EVENTS_CHANNEL, localBus } from './events';

/** Where a stream stands: the last event it was sent, in (txid, id) order. */
export interface Cursor {
  txid: number;
  id: string;
}

export const cursorText = (c: Cursor): string => `${c.txid}.${c.id}`;
const CURSOR = /^(\d{1,19})\.([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;
/** A Last-Event-ID as a cursor, or null when it is not one of ours. */
export function parseCursor(s: string): Cursor | null {
  const m = CURSOR.exec(s.trim());
  return m ? { txid: Number(m[1]), id: m[2]! } : null;
}

export const START: Cursor = { txid: 0, id: '' };

export interface Outgoing {
  id: string;
  event: 'notification' | 'change';
  data: Record<string, unknown>;
}

/** What one event says to its recipient: ids, the action, the visibility; never a title or a body. */
function present(e: Pick<EventsTable, 'type' | 'engagement_id' | 'object_type' | 'object_id' | 'action' | 'visibility'>): Outgoing['data'] {
  if (e.type === 'notification') return { engagementId: e.engagement_id, notificationId: e.object_id, kind: e.action };
  return { engagementId: e.engagement_id, object: { type: e.object_type, id: e.object_id }, action: e.action, visibility: e.visibility };
}

/** The lowest transaction id still running (PostgreSQL): every event below it is committed or gone for good. */
async function safeBelow(db: Kysely<DB>, postgres: boolean): Promise<number | null> {
  if (!postgres) return null;
  const r = await sql<{ x: number | string }>`select pg_snapshot_xmin(pg_current_snapshot())::text::bigint as x`.execute(db);
  return Number(r.rows[0]!.x);
}

/**
 * A person's events after `cursor`: notifications addressed to them and
 * changes in engagements they are a member of, each checked against their
 * current role there by the policy (`canSee`). Rows of transactions still
 * running on PostgreSQL wait (`heldBack`), so the cursor never passes an
 * event that commits later.
 */
export async function readSince(db: Kysely<DB>, postgres: boolean, userId: string, cursor: Cursor, limit = 200) {
  const below = await safeBelow(db, postgres);
  let q = unscoped(db, 'a person’s live events, each checked against their membership and role (canSee)')
    .selectFrom('events as e')
    .innerJoin('memberships as m', (j) => j.onRef('m.engagement_id', '=', 'e.engagement_id').on('m.user_id', '=', userId))
    .selectAll('e')
    .select('m.role')
    .where((eb) => eb(eb.refTuple('e.txid', 'e.id'), '>', eb.tuple(cursor.txid, cursor.id)))
    .where((eb) => eb.or([eb('e.user_id', 'is', null), eb('e.user_id', '=', userId)]));
  if (below !== null) q = q.where('e.txid', '<', below);
  const rows = await q.orderBy('e.txid').orderBy('e.id').limit(limit).execute();
  let next = cursor;
  const out: Outgoing[] = [];
  for (const r of rows) {
    next = { txid: Number(r.txid), id: r.id };
    if (!canSee(r.role, r.visibility)) continue;
    out.push({ id: cursorText(next), event: r.type, data: present(r) });
  }
  let heldBack = false;
  if (below !== null) {
    const waiting = await unscoped(db, 'whether events of running transactions wait (ids only)').selectFrom('events').select('id').where('txid', '>=', below).limit(1).executeTakeFirst();
    heldBack = !!waiting;
  }
  return { events: out, cursor: next, more: rows.length === limit, heldBack };
}

/** Where a new stream without Last-Event-ID starts: after the last event of a finished transaction. */
export async function headCursor(db: Kysely<DB>, postgres: boolean): Promise<Cursor> {
  const below = await safeBelow(db, postgres);
  let q = unscoped(db, 'the head of the live events (ids only)').selectFrom('events').select(['txid', 'id']);
  if (below !== null) q = q.where('txid', '<', below);
  const r = await q.orderBy('txid', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
  return r ? { txid: Number(r.txid), id: r.id } : START;
}

export const formatEvent = (e: Outgoing): string => `id: ${e.id}\nevent: ${e.event}\ndata: ${JSON.stringify(e.data)}\n\n`;

export interface Stream {
  userId: string;
  cursor: Cursor;
  write(chunk: string): void;
  end(): void;
}

interface Conn extends Stream {
  pumping: boolean;
  again: boolean;
  heartbeat: NodeJS.Timeout;
}

export const HEARTBEAT_MS = 25_000;
export const MAX_STREAMS_PER_PERSON = 5;

/**
 * One per process and database: holds the SSE streams, and wakes them when
 * an event may have been written — through one LISTEN connection on
 * PostgreSQL (events raised by any process), the in-process bus on SQLite.
 * Each stream then reads its own events from the table, filtered for its
 * person, so a missed wake-up costs latency (the heartbeat re-reads), never an event.
 */
export class LiveHub {
  private readonly conns = new Set<Conn>();
  private listener: pg.PoolClient | null = null;
  private stopped = false;
  private wakeTimer: NodeJS.Timeout | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private readonly onLocalWake = () => this.wake();
  readonly postgres: boolean;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly log: pino.Logger,
  ) {
    this.postgres = !!pgPoolOf(db);
    if (!this.postgres) localBus.on('wake', this.onLocalWake);
  }

  /** Starts listening (PostgreSQL); resolves once LISTEN is in place, so no event of a later write is missed. */
  async start(): Promise<void> {
    if (!this.postgres || this.listener || this.stopped) return;
    const pool = pgPoolOf(this.db)!;
    try {
      const client = await pool.connect();
      client.on('notification', () => this.wake());
      client.on('error', (err) => {
        // the connection may fail after stop() released it (the database going away at shutdown), or fail twice:
        // release it once only, and reconnect only while running
        if (this.listener !== client) return;
        this.listener = null;
        client.release(err);
        if (this.stopped) return;
        this.log.warn({ err }, 'live events: the LISTEN connection failed; reconnecting');
        this.retryLater();
      });
      this.listener = client;
      try {
        await client.query(`LISTEN ${EVENTS_CHANNEL}`);
      } catch (err) {
        // not listening after all: give the connection back once (unless its error handler already did)
        if (this.listener === client) {
          this.listener = null;
          client.release(err instanceof Error ? err : true);
        }
        throw err;
      }
      this.wake(); // anything written while we were not listening
    } catch (err) {
      this.log.warn({ err }, 'live events: could not LISTEN; retrying');
      this.retryLater();
    }
  }

  private retryLater() {
    if (this.stopped || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.start();
    }, 1000);
    this.retryTimer.unref();
  }

  streamsOf(userId: string): number {
    let n = 0;
    for (const c of this.conns) if (c.userId === userId) n++;
    return n;
  }

  add(stream: Stream): () => void {
    const conn: Conn = Object.assign(stream, {
      pumping: false,
      again: false,
      heartbeat: setInterval(() => {
        conn.write(': keep-alive\n\n');
        void this.pump(conn);
      }, HEARTBEAT_MS),
    });
    conn.heartbeat.unref();
    this.conns.add(conn);
    void this.pump(conn);
    return () => this.remove(conn);
  }

  private remove(conn: Conn) {
    clearInterval(conn.heartbeat);
    this.conns.delete(conn);
  }

  /** Something may have been written: every stream re-reads (coalesced over a few milliseconds). */
  wake(delayMs = 10) {
    if (this.wakeTimer || this.stopped) return;
    this.wakeTimer = setTimeout(() => {
      this.wakeTimer = null;
      for (const c of this.conns) void this.pump(c);
    }, delayMs);
  }

  private async pump(conn: Conn): Promise<void> {
    if (conn.pumping) {
      conn.again = true;
      return;
    }
    conn.pumping = true;
    try {
      let heldBack = false;
      do {
        conn.again = false;
        const r = await readSince(this.db, this.postgres, conn.userId, conn.cursor);
        if (!this.conns.has(conn)) return;
        conn.cursor = r.cursor;
        for (const e of r.events) conn.write(formatEvent(e));
        heldBack = r.heldBack;
        if (r.more) conn.again = true;
      } while (conn.again);
      // events of a transaction still running elsewhere: look again shortly
      if (heldBack) this.wake(250);
    } catch (err) {
      if (!this.stopped) this.log.warn({ err }, 'live events: a stream could not read its events');
    } finally {
      conn.pumping = false;
    }
  }

  /** Ends every stream (shutdown: the server can then close). */
  endStreams() {
    for (const c of [...this.conns]) {
      this.remove(c);
      c.end();
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.endStreams();
    localBus.off('wake', this.onLocalWake);
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const l = this.listener;
    this.listener = null;
    if (l) {
      await l.query(`UNLISTEN ${EVENTS_CHANNEL}`).catch(() => {});
      l.release();
    }
  }
}
