import { readOnlyTransactions } from '../db/sqlite-dialect';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { CompiledQuery, type Kysely, sql } from 'kysely';
import { encodeValue, type EndLine, FILE_FORMAT, FORMAT_VERSION, type FileHeader, type TableLine } from '../../domain/transfer/format';
import { JOB_KINDS, MOVING, type MovingTable, REFERENCED, STAYING } from '../../domain/transfer/plan';
import { unscoped } from '../authz/scoped';
import { type Dialect, migrationNames } from '../db/database';
import type { DB } from '../db/schema';
import { readSchema } from './schema-info';

/** An expected failure of a move: said in one line, nothing written. */
export class TransferError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TransferError';
  }
}

const PAGE = 2000;
const IN_CHUNK = 500;
// biome-ignore lint/suspicious/noExplicitAny: table names are data here (the plan), checked against the schema by its test
type AnyDb = Kysely<any>;
// biome-ignore lint/suspicious/noExplicitAny: as above
type AnyQuery = any;

const byName = new Map(MOVING.map((m) => [m.table, m]));

/** Restricts a query on a moving table to the engagement: by its column, or through its parent's key (recursively). */
export function scopeTo(db: AnyDb, q: AnyQuery, m: MovingTable, engagementId: string): AnyQuery {
  if ('column' in m.scope) return q.where(m.scope.column, '=', engagementId);
  const parent = byName.get(m.scope.parent);
  if (!parent) throw new Error(`${m.table}: parent ${m.scope.parent} is not in the plan`);
  const sub = scopeTo(db, unscoped(db, 'the engagement export: a parent’s keys').selectFrom(parent.table).select(parent.key[0]!), parent, engagementId);
  return q.where(m.scope.via, 'in', sub);
}

let cursors = 0;

/**
 * The rows of a table in key order, a page at a time, so memory stays flat: on PostgreSQL through a cursor
 * in the export's transaction (one scan); on SQLite by keyset paging (each page one index range).
 */
async function* pages(db: AnyDb, dialect: Dialect, table: string, key: readonly string[], filter: (q: AnyQuery) => AnyQuery): AsyncGenerator<Record<string, unknown>[]> {
  if (dialect === 'postgres') {
    let q = filter(unscoped(db, 'the engagement export reads every row it moves').selectFrom(table).selectAll());
    for (const k of key) q = q.orderBy(k);
    const compiled = q.compile();
    const name = `candor_export_${++cursors}`;
    await db.executeQuery(CompiledQuery.raw(`declare ${name} no scroll cursor for ${compiled.sql}`, [...compiled.parameters]));
    try {
      for (;;) {
        const { rows } = await db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(`fetch ${PAGE} from ${name}`));
        if (rows.length) yield rows;
        if (rows.length < PAGE) return;
      }
    } finally {
      await db.executeQuery(CompiledQuery.raw(`close ${name}`));
    }
  }
  let after: unknown[] | null = null;
  for (;;) {
    let q = filter(unscoped(db, 'the engagement export reads every row it moves').selectFrom(table).selectAll());
    if (after) {
      const values = after;
      q = q.where(sql`(${sql.join(key.map((k) => sql.ref(k)))}) > (${sql.join(values.map((v) => sql`${v}`))})`);
    }
    for (const k of key) q = q.orderBy(k);
    const rows = (await q.limit(PAGE).execute()) as Record<string, unknown>[];
    if (rows.length) yield rows;
    if (rows.length < PAGE) return;
    const last = rows.at(-1)!;
    after = key.map((k) => last[k]);
  }
}

const count = async (q: AnyQuery): Promise<number> => Number((await q.select(sql<number>`count(*)`.as('n')).executeTakeFirst())?.n ?? 0);

/** Which pending jobs move: those whose payload names the engagement, or an object of a moving table of it. */
async function movingJobs(db: AnyDb, engagementId: string): Promise<Record<string, unknown>[]> {
  const kinds = Object.entries(JOB_KINDS).filter(([, s]) => 'key' in s).map(([k]) => k);
  const pending = (await unscoped(db, 'the engagement export: its pending jobs')
    .selectFrom('jobs')
    .selectAll()
    .where('status', '=', 'pending')
    .where('kind', 'in', kinds)
    .orderBy('id')
    .execute()) as Record<string, unknown>[];
  const wanted = new Map<string, { row: Record<string, unknown>; id: string }[]>();
  const out: Record<string, unknown>[] = [];
  for (const row of pending) {
    const spec = JOB_KINDS[row.kind as string] as { key: string; table: string };
    let id: unknown;
    try {
      id = (JSON.parse(row.payload as string) as Record<string, unknown>)[spec.key];
    } catch {
      continue;
    }
    if (typeof id !== 'string') continue;
    if (spec.table === 'engagements') {
      if (id === engagementId) out.push(row);
      continue;
    }
    wanted.set(spec.table, [...(wanted.get(spec.table) ?? []), { row, id }]);
  }
  for (const [table, list] of wanted) {
    const m = byName.get(table)!;
    const ids = new Set<string>();
    for (let i = 0; i < list.length; i += IN_CHUNK) {
      const chunk = list.slice(i, i + IN_CHUNK).map((x) => x.id);
      const found = await scopeTo(db, unscoped(db, 'the engagement export: objects its jobs name').selectFrom(table).select('id').where('id', 'in', chunk), m, engagementId).execute();
      for (const f of found as { id: string }[]) ids.add(f.id);
    }
    for (const x of list) if (ids.has(x.id)) out.push(x.row);
  }
  return out.sort((a, b) => String(a.id).localeCompare(String(b.id)));
}

export interface ExportOptions {
  engagementId: string;
  out: Writable;
  now: Date;
  candorVersion: string;
  sourceInstance: string;
  progress?: (line: string) => void;
}

export interface ExportSummary {
  header: FileHeader;
  rows: number;
  bytes: number;
  sha256: string;
}

export const LEFT_OUT = [
  'password hashes (imported accounts are disabled until an admin enables them)',
  'admin rights',
  ...Object.entries(STAYING)
    .filter(([, s]) => s.why === 'secret')
    .map(([t, s]) => `${t}: ${s.reason}`),
];

/**
 * Writes the engagement to `out` as the NDJSON file of ADR 0027: every row of every moving table, its
 * whole audit chain, the organizations and users those rows name, and its pending jobs. Reads one
 * snapshot (a read transaction; REPEATABLE READ on PostgreSQL), so the counts in the header and the rows agree
 * even while the server writes.
 */
export async function exportEngagement(db: Kysely<DB>, dialect: Dialect, opts: ExportOptions): Promise<ExportSummary> {
  const say = opts.progress ?? (() => {});
  let tx = db.transaction();
  if (dialect === 'postgres') tx = tx.setIsolationLevel('repeatable read').setAccessMode('read only');
  // on SQLite a deferred read transaction: one WAL snapshot that blocks no writer (db/sqlite-dialect.ts)
  return readOnlyTransactions(() => tx.execute(async (trx) => {
    const adb = trx as unknown as AnyDb;
    const E = opts.engagementId;
    const engagement = await unscoped(trx, 'the engagement export: the engagement').selectFrom('engagements').select(['id', 'name', 'provider_org_id', 'client_org_id']).where('id', '=', E).executeTakeFirst();
    if (!engagement) throw new TransferError(`No engagement has the id ${E}`);
    const applied = await unscoped(trx, 'the schema version').selectFrom('kysely_migration' as never).select('name' as never).orderBy('name' as never, 'desc').limit(1).executeTakeFirst() as { name: string } | undefined;
    const latest = migrationNames().at(-1)!;
    if (applied?.name !== latest) throw new TransferError(`the database is at schema ${applied?.name ?? '(none)'} and this Candor at ${latest}: run \`candor migrate\` first`);
    const schema = new Map((await readSchema(trx, dialect)).map((t) => [t.name, t]));

    // who and what the rows name
    const userIds = new Set<string>();
    for (const m of MOVING) {
      for (const c of m.users ?? []) {
        const rows = await scopeTo(adb, unscoped(adb, 'the engagement export: users its rows name').selectFrom(m.table).select(c).distinct().where(c, 'is not', null), m, E).execute();
        for (const r of rows as Record<string, string>[]) userIds.add(r[c]!);
      }
    }
    const actors = await unscoped(trx, 'the engagement export: the chain’s actors').selectFrom('audit_log').select('actor_id').distinct().where('chain_id', '=', E).where('actor_id', 'is not', null).execute();
    for (const a of actors) userIds.add(a.actor_id!);
    const users: Record<string, unknown>[] = [];
    const ids = [...userIds].sort();
    for (let i = 0; i < ids.length; i += IN_CHUNK) {
      users.push(...(await unscoped(trx, 'the engagement export: users its rows name').selectFrom('users').select(REFERENCED.users.columns).where('id', 'in', ids.slice(i, i + IN_CHUNK)).orderBy('id').execute()));
    }
    const orgIds = [...new Set([engagement.provider_org_id, engagement.client_org_id, ...users.map((u) => u.org_id as string | null).filter((x): x is string => !!x)])].sort();
    const organizations = await unscoped(trx, 'the engagement export: organizations its rows name').selectFrom('organizations').select(REFERENCED.organizations.columns).where('id', 'in', orgIds).orderBy('id').execute();
    const jobs = await movingJobs(adb, E);

    const counts: Record<string, number> = { organizations: organizations.length, users: users.length };
    for (const m of MOVING) counts[m.table] = await count(scopeTo(adb, unscoped(adb, 'the engagement export: row counts').selectFrom(m.table), m, E));
    counts.jobs = jobs.length;
    const head = await unscoped(trx, 'the engagement export: the chain head').selectFrom('audit_heads').selectAll().where('chain_id', '=', E).executeTakeFirst();
    const header: FileHeader = {
      type: 'header',
      format: FILE_FORMAT,
      formatVersion: FORMAT_VERSION,
      candorVersion: opts.candorVersion,
      schema: latest,
      sourceDialect: dialect,
      sourceInstance: opts.sourceInstance,
      exportedAt: opts.now.toISOString(),
      engagement: { id: engagement.id, name: engagement.name },
      audit: { chain: E, records: counts.audit_log ?? 0, headSeq: head?.seq ?? 0, headHash: head?.hash ?? '0'.repeat(64) },
      tables: counts,
      leftOut: LEFT_OUT,
    };

    const hash = createHash('sha256');
    let bytes = 0;
    let total = 0;
    const writeText = async (text: string) => {
      hash.update(text);
      bytes += Buffer.byteLength(text);
      if (!opts.out.write(text)) await once(opts.out, 'drain');
    };
    const write = (value: unknown) => writeText(`${JSON.stringify(value)}\n`);
    const writeTable = async (table: string, columns: readonly string[], rowCount: number, rows: AsyncIterable<Record<string, unknown>[]> | Record<string, unknown>[]) => {
      const line: TableLine = { type: 'table', table, columns: [...columns], rows: rowCount };
      await write(line);
      let n = 0;
      let nextReport = 50_000;
      const batches = Array.isArray(rows) ? [rows] : rows;
      for await (const batch of batches) {
        let text = '';
        for (const r of batch) text += `${JSON.stringify(columns.map((c) => encodeValue(r[c])))}\n`;
        if (text) await writeText(text);
        n += batch.length;
        if (n >= nextReport) {
          say(`  ${table}: ${n.toLocaleString('en')} of ${rowCount.toLocaleString('en')} rows`);
          nextReport += 50_000;
        }
      }
      if (n !== rowCount) throw new Error(`${table}: counted ${rowCount} rows but read ${n}`);
      total += n;
      if (rowCount >= 1000) say(`${table}: ${rowCount.toLocaleString('en')} rows`);
    };

    await write(header);
    say(`exporting engagement ${E} "${engagement.name}": ${Object.values(counts).reduce((a, b) => a + b, 0).toLocaleString('en')} rows, ${header.audit.records} audit records`);
    await writeTable('organizations', REFERENCED.organizations.columns, organizations.length, organizations);
    await writeTable('users', REFERENCED.users.columns, users.length, users);
    for (const m of MOVING) {
      const columns = schema.get(m.table)?.columns;
      if (!columns) throw new Error(`the database has no table ${m.table}`);
      await writeTable(m.table, columns, counts[m.table]!, pages(adb, dialect, m.table, m.key, (q) => scopeTo(adb, q, m, E)));
    }
    await writeTable('jobs', schema.get('jobs')!.columns, jobs.length, jobs);
    const digest = hash.digest('hex');
    const end: EndLine = { type: 'end', tables: MOVING.length + 3, rows: total, sha256: digest };
    const endLine = `${JSON.stringify(end)}\n`;
    bytes += Buffer.byteLength(endLine);
    if (!opts.out.write(endLine)) await once(opts.out, 'drain');
    return { header, rows: total, bytes, sha256: digest };
  }));
}
