/**
 * What the crash drill checks after each restart, reading the database directly (not through the
 * server), in one snapshot:
 *  - every acknowledged write is present (creates by id and marker, updates by their audit record);
 *  - no request is present twice, and an unacknowledged one is either whole or absent;
 *  - no object without its audit record, no audit record without its object, and each write's other
 *    rows are there too (the live event per audit record, a commitment's first event and miss check,
 *    a dependency's overdue check, the time rollups and the items' actual minutes);
 *  - SQLite: PRAGMA integrity_check is ok and no foreign key is dangling;
 *  - every chain in audit_heads verifies (the verifier `candor audit verify` uses).
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import { verifyChain } from '../../src/server/audit/service';
import { unscoped } from '../../src/server/authz/scoped';
import type { Dialect } from '../../src/server/db/database';
import type { DB } from '../../src/server/db/schema';
import { readOnlyTransactions } from '../../src/server/db/sqlite-dialect';
import type { Attempt, CreateKind } from './load';

export interface CheckContext {
  engagementId: string;
  tag: string;
  /** The engagement chain's head before the drill wrote anything. */
  baselineSeq: number;
  ledger: readonly Attempt[];
}

export interface CheckFigures {
  attempted: number;
  acknowledged: number;
  /** acknowledged writes missing (creates without their row, updates without their record) */
  lost: number;
  /** half-applied writes: an object without its audit record or other rows, an audit record without its object */
  halfApplied: number;
  /** requests cut by the kill (no answer read) that are present, whole */
  appliedUnacknowledged: number;
  /** requests cut by the kill that are absent */
  notApplied: number;
  /** requests answered with 4xx/5xx (the drill's bodies are valid: any is a failure) */
  refused: number;
  /** SQLite: the first line of PRAGMA integrity_check ('ok'); PostgreSQL: null */
  integrity: string | null;
  chainsVerified: number;
  chainsBroken: number;
  /** audit records the drill's writes added to the engagement chain */
  auditRecords: number;
}

export interface CheckResult {
  figures: CheckFigures;
  problems: string[];
}

const ONE_OF_RAID = new Set(['risk', 'issue', 'assumption', 'dependency']);
const CREATED_ACTIONS: Record<string, CreateKind> = {
  'note.created': 'note',
  'work_item.created': 'work_item',
  'time_entry.created': 'time_entry',
  'commitment.created': 'commitment',
  'risk.created': 'raid',
  'issue.created': 'raid',
  'assumption.created': 'raid',
  'dependency.created': 'raid',
};
const UPDATED = 'work_item.updated';

interface AuditRow {
  seq: number;
  action: string;
  object_type: string;
  object_id: string;
  after: Record<string, unknown> | null;
}

/** Runs the checks in one read snapshot (PostgreSQL: REPEATABLE READ; SQLite: a deferred read transaction). */
export async function checkDrill(db: Kysely<DB>, dialect: Dialect, ctx: CheckContext): Promise<CheckResult> {
  const problems: string[] = [];
  let integrity: string | null = null;
  if (dialect === 'sqlite') {
    const rows = (await sql<Record<string, string>>`pragma integrity_check`.execute(db)).rows;
    integrity = rows.map((r) => Object.values(r)[0]).join('; ');
    if (integrity !== 'ok') problems.push(`PRAGMA integrity_check: ${integrity}`);
    const fk = (await sql<Record<string, unknown>>`pragma foreign_key_check`.execute(db)).rows;
    if (fk.length > 0) problems.push(`PRAGMA foreign_key_check: ${fk.length} dangling references, e.g. ${JSON.stringify(fk[0])}`);
  }
  const run = (fn: (trx: Transaction<DB>) => Promise<CheckResult>) =>
    dialect === 'postgres'
      ? db.transaction().setIsolationLevel('repeatable read').execute(fn)
      : readOnlyTransactions(() => db.transaction().execute(fn));
  const result = await run((trx) => checkSnapshot(trx, ctx, problems));
  result.figures.integrity = integrity;
  return result;
}

async function checkSnapshot(trx: Transaction<DB>, ctx: CheckContext, problems: string[]): Promise<CheckResult> {
  const E = ctx.engagementId;
  const like = `drill ${ctx.tag} %`;
  const prefix = `drill ${ctx.tag} `;
  const q = unscoped(trx, 'the crash drill reads every row the drill wrote, of every visibility');

  const notes = (await q.selectFrom('notes').select(['id', 'title']).where('engagement_id', '=', E).where('title', 'like', like).execute()).filter((r) => r.title.startsWith(prefix));
  const items = (
    await q
      .selectFrom('work_items')
      .select(['id', 'title', 'actual_minutes_shared', 'actual_minutes_internal'])
      .where('engagement_id', '=', E)
      .where('title', 'like', like)
      .execute()
  ).filter((r) => r.title.startsWith(prefix));
  const entries = (await q.selectFrom('time_entries').select(['id', 'note']).where('engagement_id', '=', E).where('note', 'like', like).execute()).filter((r) => r.note.startsWith(prefix));
  const commitments = (await q.selectFrom('commitments').select(['id', 'title']).where('engagement_id', '=', E).where('title', 'like', like).execute()).filter((r) => r.title.startsWith(prefix));
  const raid = (await q.selectFrom('raid_items').select(['id', 'title', 'type', 'needed_by']).where('engagement_id', '=', E).where('title', 'like', like).execute()).filter((r) => r.title.startsWith(prefix));

  // rows by the request that made them (an item's title carries its latest update: the create's marker is before '~')
  const byMarker = new Map<string, string[]>();
  const add = (marker: string, id: string) => byMarker.set(marker, [...(byMarker.get(marker) ?? []), id]);
  for (const r of notes) add(r.title, r.id);
  for (const r of items) add(r.title.split('~')[0]!, r.id);
  for (const r of entries) add(r.note, r.id);
  for (const r of commitments) add(r.title, r.id);
  for (const r of raid) add(r.title, r.id);
  const objects = new Map<string, { kind: CreateKind; type: string }>();
  for (const r of notes) objects.set(r.id, { kind: 'note', type: 'note' });
  for (const r of items) objects.set(r.id, { kind: 'work_item', type: 'work_item' });
  for (const r of entries) objects.set(r.id, { kind: 'time_entry', type: 'time_entry' });
  for (const r of commitments) objects.set(r.id, { kind: 'commitment', type: 'commitment' });
  for (const r of raid) objects.set(r.id, { kind: 'raid', type: r.type });

  const audit: AuditRow[] = (
    await q
      .selectFrom('audit_log')
      .select(['seq', 'action', 'object_type', 'object_id', 'payload'])
      .where('chain_id', '=', E)
      .where('seq', '>', ctx.baselineSeq)
      .where('action', 'in', [...Object.keys(CREATED_ACTIONS), UPDATED])
      .orderBy('seq')
      .execute()
  ).map((r) => ({ seq: r.seq, action: r.action, object_type: r.object_type, object_id: r.object_id, after: (JSON.parse(r.payload) as { after: Record<string, unknown> | null }).after }));

  let lost = 0;
  let halfApplied = 0;
  let appliedUnacknowledged = 0;
  let notApplied = 0;
  const half = (msg: string) => {
    halfApplied += 1;
    problems.push(`half-applied: ${msg}`);
  };

  // ── creates: present once when acknowledged, whole or absent otherwise ──
  const creates = ctx.ledger.filter((a) => a.kind !== 'item_update');
  for (const a of creates) {
    const ids = byMarker.get(a.marker) ?? [];
    if (ids.length > 1) problems.push(`"${a.marker}" (${a.kind}) is present ${ids.length} times: ${ids.join(', ')}`);
    if (a.acked) {
      if (ids.length === 0) {
        lost += 1;
        problems.push(`LOST: acknowledged ${a.kind} ${a.id} ("${a.marker}", round ${a.round}) is missing`);
      } else if (!ids.includes(a.id!)) {
        problems.push(`acknowledged ${a.kind} "${a.marker}" has id ${ids.join(', ')}, the answer said ${a.id}`);
      }
    } else if (a.status !== undefined) {
      if (ids.length > 0) half(`${a.kind} "${a.marker}" was refused (${a.status}) yet is present`);
    } else if (ids.length > 0) appliedUnacknowledged += 1;
    else notApplied += 1;
  }
  const known = new Set(creates.map((a) => a.marker));
  for (const marker of byMarker.keys()) if (!known.has(marker)) problems.push(`"${marker}" is in the database but was never sent`);

  // ── audit records ⇄ objects ──
  const createdRecords = new Map<string, AuditRow[]>();
  for (const r of audit) {
    if (r.action === UPDATED) continue;
    createdRecords.set(r.object_id, [...(createdRecords.get(r.object_id) ?? []), r]);
    const o = objects.get(r.object_id);
    if (!o) half(`audit record ${r.seq} (${r.action} ${r.object_id}) without its object`);
    else if (o.type !== r.object_type || CREATED_ACTIONS[r.action] !== o.kind) problems.push(`audit record ${r.seq} says ${r.action} ${r.object_type}, the object is a ${o.type}`);
  }
  for (const [id, o] of objects) {
    const recs = createdRecords.get(id) ?? [];
    if (recs.length === 0) half(`${o.type} ${id} without its audit record`);
    else if (recs.length > 1) problems.push(`${o.type} ${id} has ${recs.length} creation records`);
  }
  const createdTitle = (id: string): unknown => {
    const after = createdRecords.get(id)?.[0]?.after;
    return after ? (after.title ?? after.note) : undefined;
  };
  for (const [marker, ids] of byMarker) for (const id of ids) if (createdRecords.has(id) && createdTitle(id) !== marker) problems.push(`the creation record of ${id} names "${String(createdTitle(id))}", not "${marker}"`);

  // ── item updates: each acknowledged one has its record; the item shows the last recorded one ──
  const updates = audit.filter((r) => r.action === UPDATED);
  const updateCount = new Map<string, number>();
  const lastUpdate = new Map<string, AuditRow>();
  for (const r of updates) {
    const title = String(r.after?.title ?? '');
    updateCount.set(title, (updateCount.get(title) ?? 0) + 1);
    lastUpdate.set(r.object_id, r);
    if (!objects.has(r.object_id)) half(`audit record ${r.seq} (${UPDATED} ${r.object_id}) without its object`);
  }
  for (const a of ctx.ledger.filter((x) => x.kind === 'item_update')) {
    const n = updateCount.get(a.marker) ?? 0;
    if (n > 1) problems.push(`update "${a.marker}" recorded ${n} times`);
    if (a.acked && n === 0) {
      lost += 1;
      problems.push(`LOST: acknowledged update "${a.marker}" of item ${a.id} (round ${a.round}) has no audit record`);
    } else if (a.status !== undefined) {
      if (n > 0) half(`update "${a.marker}" was refused (${a.status}) yet is recorded`);
    } else if (!a.acked) {
      if (n > 0) appliedUnacknowledged += 1;
      else notApplied += 1;
    }
  }
  for (const w of items) {
    const expected = lastUpdate.get(w.id)?.after?.title ?? createdTitle(w.id);
    if (expected !== undefined && w.title !== expected) half(`work item ${w.id} is titled "${w.title}", its last audit record says "${String(expected)}"`);
  }

  // ── the other rows of each write ──
  const events = await q
    .selectFrom('events')
    .select(['object_id', 'action'])
    .where('engagement_id', '=', E)
    .where('type', '=', 'change')
    .where('action', 'in', [...Object.keys(CREATED_ACTIONS), UPDATED])
    .execute();
  const eventCount = new Map<string, number>();
  for (const e of events) eventCount.set(`${e.object_id} ${e.action}`, (eventCount.get(`${e.object_id} ${e.action}`) ?? 0) + 1);
  const auditCount = new Map<string, number>();
  for (const r of audit) auditCount.set(`${r.object_id} ${r.action}`, (auditCount.get(`${r.object_id} ${r.action}`) ?? 0) + 1);
  for (const [key, n] of auditCount) {
    const m = eventCount.get(key) ?? 0;
    if (m !== n) half(`${n} audit records but ${m} live events for ${key}`);
  }

  const commitmentIds = new Set(commitments.map((c) => c.id));
  const firstEvents = new Set(
    (await q.selectFrom('commitment_events').select('commitment_id').where('kind', '=', 'created').execute()).map((r) => r.commitment_id).filter((id) => commitmentIds.has(id)),
  );
  const jobs = await q.selectFrom('jobs').select(['kind', 'payload']).where('kind', 'in', ['commitment.miss', 'dependency.overdue']).execute();
  const jobFor = new Set(
    jobs.map((j) => {
      const p = JSON.parse(j.payload) as { commitmentId?: string; itemId?: string };
      return `${j.kind} ${p.commitmentId ?? p.itemId}`;
    }),
  );
  for (const c of commitments) {
    if (!firstEvents.has(c.id)) half(`commitment ${c.id} without its "created" event`);
    if (!jobFor.has(`commitment.miss ${c.id}`)) half(`commitment ${c.id} without its miss check job`);
  }
  for (const r of raid) if (r.type === 'dependency' && !jobFor.has(`dependency.overdue ${r.id}`)) half(`dependency ${r.id} without its overdue check job`);
  for (const r of raid) if (!ONE_OF_RAID.has(r.type)) problems.push(`RAID item ${r.id} has type ${r.type}`);

  // time rollups and items' actual minutes = the entries (the whole engagement, every visibility)
  const all = await q.selectFrom('time_entries').select(['date_worked', 'user_id', 'visibility', 'billable', 'minutes', 'work_item_id']).where('engagement_id', '=', E).execute();
  const perKey = new Map<string, { minutes: number; entries: number }>();
  const perDay = new Map<string, { minutes: number; entries: number }>();
  const perItem = new Map<string, number>();
  const bump = (m: Map<string, { minutes: number; entries: number }>, k: string, minutes: number) => {
    const v = m.get(k) ?? { minutes: 0, entries: 0 };
    v.minutes += minutes;
    v.entries += 1;
    m.set(k, v);
  };
  for (const e of all) {
    bump(perKey, `${e.date_worked}|${e.user_id}|${e.visibility}|${Number(e.billable)}`, e.minutes);
    bump(perDay, `${e.date_worked}|${e.visibility}|${Number(e.billable)}`, e.minutes);
    if (e.work_item_id) perItem.set(`${e.work_item_id}|${e.visibility}`, (perItem.get(`${e.work_item_id}|${e.visibility}`) ?? 0) + e.minutes);
  }
  const compare = (what: string, stored: Map<string, { minutes: number; entries: number }>, computed: Map<string, { minutes: number; entries: number }>) => {
    for (const k of new Set([...stored.keys(), ...computed.keys()])) {
      const s = stored.get(k) ?? { minutes: 0, entries: 0 };
      const c = computed.get(k) ?? { minutes: 0, entries: 0 };
      if (Number(s.minutes) !== c.minutes || Number(s.entries) !== c.entries) half(`${what} ${k}: stored ${s.minutes} min / ${s.entries} entries, the entries sum to ${c.minutes} / ${c.entries}`);
    }
  };
  const rollups = await q.selectFrom('time_rollups').selectAll().where('engagement_id', '=', E).execute();
  compare('time rollup', new Map(rollups.map((r) => [`${r.date_worked}|${r.user_id}|${r.visibility}|${Number(r.billable)}`, r])), perKey);
  const dayRollups = await q.selectFrom('time_day_rollups').selectAll().where('engagement_id', '=', E).execute();
  compare('day rollup', new Map(dayRollups.map((r) => [`${r.date_worked}|${r.visibility}|${Number(r.billable)}`, r])), perDay);
  const allItems = await q.selectFrom('work_items').select(['id', 'actual_minutes_shared', 'actual_minutes_internal']).where('engagement_id', '=', E).execute();
  for (const w of allItems) {
    const shared = perItem.get(`${w.id}|shared`) ?? 0;
    const internal = perItem.get(`${w.id}|internal`) ?? 0;
    if (Number(w.actual_minutes_shared) !== shared || Number(w.actual_minutes_internal) !== internal) {
      half(`work item ${w.id} counts ${w.actual_minutes_shared}/${w.actual_minutes_internal} actual minutes (shared/internal), its entries ${shared}/${internal}`);
    }
  }

  // ── every chain verifies (engagements, partner selections, the instance) ──
  const heads = await q.selectFrom('audit_heads').select('chain_id').orderBy('chain_id').execute();
  let chainsVerified = 0;
  let chainsBroken = 0;
  for (const h of heads) {
    const r = await verifyChain(trx, h.chain_id);
    if (r.ok) chainsVerified += 1;
    else {
      chainsBroken += 1;
      problems.push(`chain ${h.chain_id} BROKEN at record ${r.seq}: ${r.reason}`);
    }
  }

  const refused = ctx.ledger.filter((a) => a.status !== undefined).length;
  for (const a of ctx.ledger.filter((x) => x.status !== undefined).slice(0, 5)) problems.push(`refused: ${a.kind} "${a.marker}" → ${a.status} ${a.error ?? ''}`);
  return {
    problems,
    figures: {
      attempted: ctx.ledger.length,
      acknowledged: ctx.ledger.filter((a) => a.acked).length,
      lost,
      halfApplied,
      appliedUnacknowledged,
      notApplied,
      refused,
      integrity: null,
      chainsVerified,
      chainsBroken,
      auditRecords: audit.length,
    },
  };
}
