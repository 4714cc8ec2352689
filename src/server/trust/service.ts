import type { Kysely } from 'kysely';
import type { TrustReport } from '../../contracts/trust';
import type { AuditPayload } from '../../domain/audit/chain';
import { endOfLocalDay, localDate } from '../../domain/calendar/working-days';
import { createTrustState, foldTrust, reportTrust, type TrustRecord } from '../../domain/trust';
import { scoped, type ScopedTable, unscoped } from '../authz/scoped';
import type { EngagementAccess } from '../authz/access';
import { agreedCharterBody } from '../charter/service';
import type { DB } from '../db/schema';
import type { Deps } from '../http/context';
import { AppError } from '../http/errors';

/**
 * The trust index in the server (issue 14, ADR 0022, "Server").
 *
 * The index is the domain's pure fold over the engagement's audit chain,
 * shared records only, so the lead and the sponsor get the same numbers from
 * the same evidence. Two things are the server's:
 *
 * - **What counts.** Records are read through `scoped(db, access, 'audit_log',
 *   { visibility: 'shared' })` (the column) and kept only when the hashed
 *   payload says shared too (like `toExportRecord`). Objects the records name
 *   that a client cannot open now (made internal later, deleted) are left out
 *   of the fold altogether, so the numbers never rest on something the reader
 *   cannot open; the check is a scoped read narrowed to `shared`, the same for
 *   every reader.
 * - **The cache.** Per engagement (LRU), the domain's incremental state up to
 *   a chain seq. A request reads the chain head (`audit_heads`), folds only the
 *   records after the state's seq, and serves the report for the head from
 *   memory when nothing was appended. A process whose state is behind another
 *   process's writes just folds more: the head is in the database, so every
 *   process is correct. When the set of left-out objects changes, the state is
 *   rebuilt from the start. A past `at` is computed in full (records up to the
 *   end of that day) and cached by (engagement, at, head, left-out set).
 */

type Db = Kysely<DB>;
const BATCH = 2000;
const ENGAGEMENTS_CACHED = 64;
const PAST_CACHED = 128;

/** Evidence types the reader can open, their table (for the openability check) and their API path. */
const OBJECTS: Record<string, { table: ScopedTable; path: (id: string) => string; superseded?: true }> = {
  commitment: { table: 'commitments', path: (id) => `commitments/${id}` },
  risk: { table: 'raid_items', path: (id) => `raid/${id}` },
  issue: { table: 'raid_items', path: (id) => `raid/${id}` },
  assumption: { table: 'raid_items', path: (id) => `raid/${id}` },
  dependency: { table: 'raid_items', path: (id) => `raid/${id}` },
  raid_item: { table: 'raid_items', path: (id) => `raid/${id}` },
  // a decision superseded before it was decided holds no evidence; left out, it cannot stay "open past due" when
  // the record that superseded it is internal (the fold never sees that record)
  decision: { table: 'decisions', path: (id) => `decisions/${id}`, superseded: true },
  escalation: { table: 'escalations', path: (id) => `escalations/${id}` },
  status_update: { table: 'status_updates', path: (id) => `status-updates/${id}` },
  gate_review: { table: 'gate_reviews', path: (id) => `gate-reviews/${id}` },
  recommendation: { table: 'recommendations', path: (id) => `recommendations/${id}` },
  failure_report: { table: 'failure_reports', path: (id) => `failure-reports/${id}` },
  work_item: { table: 'work_items', path: (id) => `items/${id}` },
  phase: { table: 'phases', path: (id) => `phases/${id}` },
  // counted only as an aggregate, but one made internal later (or deleted while internal) must leave the count too
  time_entry: { table: 'time_entries', path: (id) => `time-entries/${id}` },
};

/** Aggregates link to the list they count (by the type they count, singular or plural). */
const LISTS: Record<string, string> = {
  commitment: 'commitments',
  commitments: 'commitments',
  risk: 'raid',
  issue: 'raid',
  assumption: 'raid',
  dependency: 'raid',
  raid_item: 'raid',
  raid: 'raid',
  decision: 'decisions',
  decisions: 'decisions',
  escalation: 'escalations',
  escalations: 'escalations',
  status_update: 'status-updates',
  status_updates: 'status-updates',
  gate_review: 'gate-reviews',
  gate_reviews: 'gate-reviews',
  recommendation: 'recommendations',
  recommendations: 'recommendations',
  failure_report: 'failure-reports',
  failure_reports: 'failure-reports',
  time_entry: 'time-entries/totals',
  time_entries: 'time-entries/totals',
  time: 'time-entries/totals',
  forecast: 'forecasts/calibration',
  forecasts: 'forecasts/calibration',
  work_item: 'items',
  work_items: 'items',
  audit: 'audit',
  phase: 'phases',
  phases: 'phases',
};

/** The API path of an evidence entry: the object's own page, or for an aggregate (no id) the list it counts. */
export function trustPath(engagementId: string, type: string, id: string | null): string | null {
  const base = `/api/v1/engagements/${engagementId}`;
  const o = id ? OBJECTS[type] : undefined;
  if (id && o) return `${base}/${o.path(encodeURIComponent(id))}`;
  // an aggregate, or an object without a page of its own (a stored forecast): the list it is part of
  const list = LISTS[type];
  return list ? `${base}/${list}` : null;
}

// ── Reading the chain ───────────────────────────────────────────────────────

/** The chain head: the seq of the engagement's last audit record (0 before the first). */
async function headSeq(db: Db, engagementId: string): Promise<number> {
  const head = await unscoped(db, 'the chain head is a counter, not content: it keys the trust cache')
    .selectFrom('audit_heads')
    .select('seq')
    .where('chain_id', '=', engagementId)
    .executeTakeFirst();
  return head?.seq ?? 0;
}

/**
 * The chain's shared records after `after` up to `upTo`, in seq order, in
 * batches. Shared by the column (the scoped read) and by the hashed payload.
 */
async function* sharedRecords(db: Db, access: EngagementAccess, after: number, upTo: number): AsyncGenerator<TrustRecord> {
  let from = after;
  for (;;) {
    const rows = await scoped(db, access, 'audit_log', { visibility: 'shared' })
      .select(['seq', 'at', 'payload'])
      .where('seq', '>', from)
      .where('seq', '<=', upTo)
      .orderBy('seq')
      .limit(BATCH)
      .execute();
    for (const r of rows) {
      let payload: AuditPayload;
      try {
        payload = JSON.parse(r.payload) as AuditPayload;
      } catch {
        continue; // an unreadable payload counts for nothing (the verifier reports it)
      }
      if (payload.visibility !== 'shared') continue;
      yield { seq: r.seq, at: r.at, payload };
    }
    if (rows.length < BATCH) return;
    from = rows.at(-1)!.seq;
  }
}

const keyOf = (type: string, id: string) => `${type}:${id}`;

/**
 * Types an engagement has many of (time is logged daily; a large engagement
 * has 250,000 entries): after the first fold they are re-checked only when a
 * newer record names them. That is enough, since every change that can close
 * one (made internal, deleted) is an audited write naming it. The other types
 * are few and re-checked whole (a decision is superseded by a write that names
 * the new decision, not the old one).
 */
const BY_TOUCH = ['time_entry', 'work_item'];

/** The time entries and work items that records after `after` (of any visibility) name: ids only, to know what to re-check. */
async function touchedSince(db: Db, engagementId: string, after: number, upTo: number): Promise<Set<string>> {
  const rows = await unscoped(db, 'ids of the objects newer records name, any visibility: they only choose what the openability check re-reads, never leave the server')
    .selectFrom('audit_log')
    .select(['object_type', 'object_id'])
    .where('chain_id', '=', engagementId)
    .where('seq', '>', after)
    .where('seq', '<=', upTo)
    .where('object_type', 'in', BY_TOUCH)
    .execute();
  return new Set(rows.map((r) => keyOf(r.object_type, r.object_id)));
}

/**
 * The objects among `seen` that a client cannot open now (internal, or gone):
 * a scoped read narrowed to shared, in chunks, the same for every reader.
 * With `touched` (a later fold), the BY_TOUCH types keep their earlier verdict
 * (`before`) unless a newer record named them.
 */
async function unopenable(
  db: Db,
  access: EngagementAccess,
  seen: ReadonlyMap<string, ReadonlySet<string>>,
  touched: ReadonlySet<string> | null = null,
  before: ReadonlySet<string> = new Set(),
): Promise<Set<string>> {
  const out = new Set<string>();
  const byTable = new Map<ScopedTable, { ids: Set<string>; types: string[]; superseded: boolean }>();
  for (const [type, all] of seen) {
    const o = OBJECTS[type];
    if (!o) continue;
    let ids: Iterable<string> = all;
    if (touched && BY_TOUCH.includes(type)) {
      const check = [...all].filter((id) => touched.has(keyOf(type, id)));
      for (const id of all) if (!touched.has(keyOf(type, id)) && before.has(keyOf(type, id))) out.add(keyOf(type, id));
      ids = check;
    }
    const t = byTable.get(o.table) ?? { ids: new Set<string>(), types: [], superseded: o.superseded === true };
    for (const id of ids) t.ids.add(id);
    t.types.push(type);
    byTable.set(o.table, t);
  }
  for (const [table, { ids, types, superseded }] of byTable) {
    const all = [...ids];
    const open = new Set<string>();
    for (let i = 0; i < all.length; i += 500) {
      const chunk = all.slice(i, i + 500);
      // biome-ignore lint/suspicious/noExplicitAny: the table is data here; every object table has an id column
      let q = (scoped(db, access, table, { visibility: 'shared' }) as any).select(`${table}.id as id`).where(`${table}.id`, 'in', chunk);
      // biome-ignore lint/suspicious/noExplicitAny: as above
      if (superseded) q = q.where((eb: any) => eb.or([eb(`${table}.status`, '!=', 'superseded'), eb(`${table}.decided_at`, 'is not', null)]));
      const rows: { id: string }[] = await q.execute();
      for (const r of rows) open.add(r.id);
    }
    for (const type of types) for (const id of seen.get(type) ?? []) if (ids.has(id) && !open.has(id)) out.add(keyOf(type, id));
  }
  return out;
}

const setKey = (s: ReadonlySet<string>) => [...s].sort().join(',');

function remember(seen: Map<string, Set<string>>, p: AuditPayload) {
  if (!OBJECTS[p.object.type]) return;
  const ids = seen.get(p.object.type) ?? new Set<string>();
  ids.add(p.object.id);
  seen.set(p.object.type, ids);
}

// ── The engagement's calendar and its dates ────────────────────────────────

interface Calendar {
  timeZone: string;
  holidays: string[];
  created: string;
  today: string;
}

async function calendarOf(deps: Deps, access: EngagementAccess): Promise<Calendar> {
  const [charter, e] = await Promise.all([agreedCharterBody(deps.db, access), scoped(deps.db, access, 'engagements').select('created_at').executeTakeFirst()]);
  const timeZone = charter?.cadence.timeZone ?? 'UTC';
  const now = deps.clock.now();
  return {
    timeZone,
    holidays: charter?.cadence.holidays ?? [],
    created: localDate(new Date(e?.created_at ?? now.toISOString()), timeZone),
    today: localDate(now, timeZone),
  };
}

const badAt = (message: string) => new AppError(400, 'invalid_input', `at: ${message}`, [{ field: 'at', message }]);

// ── The cache ───────────────────────────────────────────────────────────────

interface Live {
  state: ReturnType<typeof createTrustState>;
  seq: number;
  seen: Map<string, Set<string>>;
  excluded: Set<string>;
  excludedKey: string;
  /** records by visibility up to `share.seq`, counted as the head moves */
  share: { seq: number; shared: number; internal: number };
  /** the last report, for the head, day and calendar it was made with */
  report: { head: number; asOf: string; cal: Calendar; value: TrustReport } | null;
  busy: Promise<unknown>;
}

interface Cache {
  /** per engagement, least recently used first */
  live: Map<string, Live>;
  /** past days by (engagement, at, head, calendar, left-out set) */
  past: Map<string, TrustReport>;
  /** full folds started (tests: a cached read does not fold again) */
  rebuilds: number;
  /** Reads made while holding an engagement's refresh turn (each one a request waited behind): for tests. */
  turnReads: number;
}

/** One cache per database (a process has one; tests open several side by side). */
const caches = new WeakMap<object, Cache>();
export function trustCache(db: Db): Cache {
  let c = caches.get(db);
  if (!c) {
    c = { live: new Map(), past: new Map(), rebuilds: 0, turnReads: 0 };
    caches.set(db, c);
  }
  return c;
}

function touch<K, V>(m: Map<K, V>, k: K, v: V, limit: number) {
  m.delete(k);
  m.set(k, v);
  while (m.size > limit) m.delete(m.keys().next().value as K);
}

const optionsFor = (engagementId: string, cal: Calendar, asOf: string) => ({
  asOf,
  timeZone: cal.timeZone,
  holidays: cal.holidays,
  paths: (type: string, id: string | null) => trustPath(engagementId, type, id),
});

/** Folds `records` into `state`, leaving out records about excluded objects; returns the last seq seen. */
async function foldInto(live: Pick<Live, 'state' | 'seen' | 'excluded'>, records: AsyncIterable<TrustRecord>, seq: number): Promise<number> {
  let last = seq;
  for await (const r of records) {
    remember(live.seen, r.payload);
    if (!live.excluded.has(keyOf(r.payload.object.type, r.payload.object.id))) foldTrust(live.state, r);
    last = r.seq;
  }
  return last;
}

/**
 * How much of the engagement's record is shared and how much internal, in
 * (`after`, `upTo`] (seqs: the live state adds only the new records) or before
 * `before` (an instant): counts only. Clients see the
 * internal records as redacted rows in the activity list already; the share is
 * shown as information beside transparency and never scored (internal work is
 * legitimate; ADR 0022).
 */
async function contentShare(db: Db, engagementId: string, limit: { after: number; upTo: number } | { before: string }): Promise<{ shared: number; internal: number }> {
  let q = unscoped(db, 'counts of shared and internal records, no content: the transparency component shows the share as information')
    .selectFrom('audit_log')
    .select(['visibility', (eb) => eb.fn.countAll<number>().as('n')])
    .where('chain_id', '=', engagementId)
    .groupBy('visibility');
  q = 'upTo' in limit ? q.where('seq', '>', limit.after).where('seq', '<=', limit.upTo) : q.where('at', '<', limit.before);
  const rows = await q.execute();
  const n = (v: string) => Number(rows.find((r) => r.visibility === v)?.n ?? 0);
  return { shared: n('shared'), internal: n('internal') };
}

/** The share of shared and internal records, as an aggregate on transparency with no effect on its score. */
function withContentShare(report: TrustReport, engagementId: string, share: { shared: number; internal: number }): TrustReport {
  const total = share.shared + share.internal;
  if (total === 0) return report;
  const pct = Math.round((100 * share.shared) / total);
  const components = report.provider.components.map((c) => {
    if (c.key !== 'transparency') return c;
    const explanation = `${pct}% of ${total.toLocaleString('en')} records are shared, ${100 - pct}% internal`;
    return {
      ...c,
      explanation: c.score === null ? c.explanation : `${c.explanation.replace(/\.$/, '')}. For information, not scored: ${explanation} (internal work is legitimate).`,
      evidence: [
        ...c.evidence,
        { type: 'aggregate', id: null, title: 'Shared and internal records', at: null, effect: 0, explanation: `${explanation}; shown for information, not scored.`, path: trustPath(engagementId, 'audit', null) },
      ],
    };
  });
  return { ...report, provider: { ...report.provider, components } };
}

/** Evidence about a left-out object never reaches the reader, even when the domain names it through another record. */
function withoutExcluded(report: TrustReport, excluded: ReadonlySet<string>): TrustReport {
  if (excluded.size === 0) return report;
  const side = (s: TrustReport['provider']) => ({
    ...s,
    components: s.components.map((c) => ({ ...c, evidence: c.evidence.filter((e) => !(e.id && excluded.has(keyOf(e.type, e.id)))) })),
  });
  return { ...report, provider: side(report.provider), client: side(report.client) };
}

/**
 * Today's report from the engagement's live state. The fast path is one read
 * (the chain head): when nothing was appended and the day has not turned, the
 * last report is served. The calendar (the agreed charter's time zone and
 * holidays) is read again only when the head moved, since agreeing a charter
 * is itself an audited write; the fold does not depend on it, only the report.
 */
async function currentReport(deps: Deps, access: EngagementAccess, known?: Calendar): Promise<TrustReport> {
  const id = access.engagementId;
  const cache = trustCache(deps.db);
  let live = cache.live.get(id);
  if (!live) {
    live = { state: createTrustState(), seq: 0, seen: new Map(), excluded: new Set(), excludedKey: '', share: { seq: 0, shared: 0, internal: 0 }, report: null, busy: Promise.resolve() };
    cache.rebuilds++;
  }
  touch(cache.live, id, live, ENGAGEMENTS_CACHED);
  const l = live;
  // The fast path takes no turn: a report as new as the head this request read is served at once.
  const seen = await headSeq(deps.db, id);
  const current = (r: typeof l.report, head: number) => r !== null && r.head >= head && r.asOf === localDate(deps.clock.now(), r.cal.timeZone);
  if (current(l.report, seen)) return l.report!.value;
  // One refresh at a time per engagement. A request that waited finds the report another refresh made: when that
  // report covers the head this request read (everything committed before it began), it is served without a read.
  const run = l.busy.then(async () => {
    if (current(l.report, seen)) return l.report!.value;
    cache.turnReads++;
    const head = await headSeq(deps.db, id);
    const last = l.report;
    if (current(last, head)) return last!.value;
    const cal = known ?? (await calendarOf(deps, access));
    if (head > l.seq) {
      const from = l.seq;
      l.seq = await foldInto(l, sharedRecords(deps.db, access, l.seq, head), l.seq);
      l.seq = Math.max(l.seq, head);
      const touched = from === 0 ? null : await touchedSince(deps.db, id, from, head);
      const excluded = await unopenable(deps.db, access, l.seen, touched, l.excluded);
      const key = setKey(excluded);
      if (key !== l.excludedKey) {
        // an object became unopenable (or openable again): fold everything again without it
        cache.rebuilds++;
        l.state = createTrustState();
        l.seen = new Map();
        l.excluded = excluded;
        l.excludedKey = key;
        l.seq = Math.max(await foldInto(l, sharedRecords(deps.db, access, 0, head), 0), head);
      }
    }
    if (head > l.share.seq) {
      const more = await contentShare(deps.db, id, { after: l.share.seq, upTo: head });
      l.share = { seq: head, shared: l.share.shared + more.shared, internal: l.share.internal + more.internal };
    }
    const value = withContentShare(withoutExcluded(reportTrust(l.state, optionsFor(id, cal, cal.today)), l.excluded), id, l.share);
    l.report = { head, asOf: cal.today, cal, value };
    return value;
  });
  l.busy = run.catch(() => undefined);
  return run;
}

async function pastReport(deps: Deps, access: EngagementAccess, cal: Calendar, at: string): Promise<TrustReport> {
  const id = access.engagementId;
  const cache = trustCache(deps.db);
  const head = await headSeq(deps.db, id);
  // the left-out set is today's (what the reader cannot open now), read from the current state
  await currentReport(deps, access, cal);
  const live = cache.live.get(id)!;
  const key = `${id}|${at}|${head}|${cal.timeZone}|${cal.holidays.join(',')}|${live.excludedKey}`;
  const hit = cache.past.get(key);
  if (hit) {
    touch(cache.past, key, hit, PAST_CACHED);
    return hit;
  }
  cache.rebuilds++;
  const past = { state: createTrustState(), seen: new Map<string, Set<string>>(), excluded: live.excluded };
  // records up to the end of that day in the engagement's time zone
  const cutoff = endOfLocalDay(at, cal.timeZone).toISOString();
  const upTo = async function* () {
    for await (const r of sharedRecords(deps.db, access, 0, head)) {
      if (r.at >= cutoff) return;
      yield r;
    }
  };
  await foldInto(past, upTo(), 0);
  const value = withContentShare(withoutExcluded(reportTrust(past.state, optionsFor(id, cal, at)), live.excluded), id, await contentShare(deps.db, id, { before: cutoff }));
  touch(cache.past, key, value, PAST_CACHED);
  return value;
}

// ── Use cases ───────────────────────────────────────────────────────────────

/** GET …/trust?at=: the index as of the end of `at` (default today, the engagement's time zone). */
export async function getTrust(deps: Deps, access: EngagementAccess, at: string | undefined): Promise<TrustReport> {
  if (at === undefined) return currentReport(deps, access);
  const cal = await calendarOf(deps, access);
  if (at === cal.today) return currentReport(deps, access, cal);
  if (at > cal.today) throw badAt(`is in the future (today is ${cal.today} in ${cal.timeZone})`);
  if (at < cal.created) throw badAt(`is before the engagement existed (it began on ${cal.created})`);
  return pastReport(deps, access, cal, at);
}

/** The overview's headline: both sides' scores and the trend, from the cache. */
export async function trustHeadline(deps: Deps, access: EngagementAccess) {
  const r = await currentReport(deps, access);
  return { asOf: r.asOf, provider: r.provider.score, client: r.client.score, trend: r.trend };
}

/**
 * The status-update draft's trust panel: the headline now, and each component
 * whose score moved since the period began (the index as of that day, computed
 * like any past `at`); without a usable start, the report's own recent changes.
 */
export async function trustPanel(deps: Deps, access: EngagementAccess, periodStart: string) {
  const cal = await calendarOf(deps, access);
  const now = await currentReport(deps, access, cal);
  const since = localDate(new Date(periodStart), cal.timeZone);
  const base = { asOf: now.asOf, provider: now.provider.score, client: now.client.score };
  if (since < cal.created || since >= cal.today) return { ...base, since: null, changes: now.changes };
  const then = await pastReport(deps, access, cal, since);
  const changes = (['provider', 'client'] as const).flatMap((side) =>
    now[side].components.flatMap((c) => {
      const before = then[side].components.find((x) => x.key === c.key);
      const from = before?.score ?? null;
      const round = (x: number | null) => (x === null ? null : Math.round(x));
      if (round(from) === round(c.score)) return [];
      return [{ side, component: c.key, from, to: c.score, because: c.explanation }];
    }),
  );
  return { ...base, since, changes };
}
