/**
 * The delivery part of `npm run bench`: seeds a large engagement with bulk
 * inserts (20 phases, 10,000 work items, 250,000 time entries over two
 * years, 40 people), then measures the delivery reads and a time-entry write
 * over HTTP, each next to the bare Fastify route measured in the same run.
 *
 * Knobs: BENCH_ITEMS, BENCH_ENTRIES, BENCH_PEOPLE, BENCH_PHASES,
 * BENCH_SAMPLES, BENCH_SECONDS (shared with run.ts).
 */
import { performance } from 'node:perf_hooks';
import { benchForecastEndpoint } from './forecast-endpoint';
import { throughput } from './throughput';
import { sql } from 'kysely';
import type { TimeEntriesTable, WorkItemsTable } from '../src/server/db/schema';
import { rebuildAggregates } from '../src/server/delivery/time';
import type { Deps } from '../src/server/http/context';
import { newId } from '../src/server/ids';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 10_000);
const ENTRIES = Number(process.env.BENCH_ENTRIES ?? 250_000);
const PEOPLE = Number(process.env.BENCH_PEOPLE ?? 40);
const PHASES = Number(process.env.BENCH_PHASES ?? 20);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 300);
const LOAD_SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = 32;
const DAYS = 730;

export interface Row {
  name: string;
  value: number;
  unit: string;
  baseline: number;
  ratio: number;
}

export const round = (x: number) => Math.round(x * 1000) / 1000;

/** The results table every bench file ends with: its header and one line per row. */
export const rowsTable = (rows: Row[]): string[] => [
  '| name | value | unit | baseline | ratio |',
  '|---|---:|---|---:|---:|',
  ...rows.map((r) => `| ${r.name} | ${r.value} | ${r.unit} | ${r.baseline} | ${r.ratio} |`),
];
export const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

/** A small deterministic PRNG (mulberry32), so every run seeds the same engagement. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const day = (t0: number, n: number) => new Date(t0 + n * 86_400_000).toISOString().slice(0, 10);

/** Bulk-inserts the large engagement; returns its id. The demo lead and sponsor are members. */
export async function seedLargeEngagement(deps: Deps, demo: { lead: string; sponsor: string; providerOrg: string; clientOrg: string }) {
  const db = deps.db;
  const rand = prng(20261123);
  const now = new Date();
  const today = Date.parse(`${now.toISOString().slice(0, 10)}T00:00:00Z`);
  const t0 = today - DAYS * 86_400_000;
  const iso = now.toISOString();
  const E = newId();
  const people = Array.from({ length: PEOPLE }, (_, i) => ({ id: newId(), i }));
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('engagements')
      .values({ id: E, name: 'Bench: two years of delivery', summary: 'Large engagement for the benchmark', provider_org_id: demo.providerOrg, client_org_id: demo.clientOrg, status: 'active', created_by: demo.lead, created_at: iso, updated_at: iso })
      .execute();
    await trx
      .insertInto('users')
      .values(people.map((p) => ({ id: p.id, email: `bench-${p.i}-${E.slice(-6)}@bench.test`, name: `Bench Person ${p.i}`, password_hash: null, is_admin: 0, org_id: demo.providerOrg, created_at: iso, disabled_at: null })))
      .execute();
    await trx
      .insertInto('memberships')
      .values([
        { engagement_id: E, user_id: demo.lead, role: 'lead', created_at: iso },
        { engagement_id: E, user_id: demo.sponsor, role: 'sponsor', created_at: iso },
        ...people.map((p) => ({ engagement_id: E, user_id: p.id, role: 'member' as const, created_at: iso })),
      ])
      .execute();
    await trx
      .insertInto('delivery_settings')
      .values({ engagement_id: E, start_date: day(t0, 0), end_date: day(t0, DAYS + 90), budget_hours: 180_000, budget_amount: 19_000_000, currency: 'EUR', alert_thresholds: '[75,90]', client_time_view: 'entries', rates_shared: 0, version: 1, updated_at: iso })
      .execute();
    await trx
      .insertInto('rates')
      .values([
        { id: newId(), engagement_id: E, role: 'lead', user_id: null, hourly_rate: 125, currency: 'EUR', updated_at: iso },
        { id: newId(), engagement_id: E, role: 'member', user_id: null, hourly_rate: 105, currency: 'EUR', updated_at: iso },
        { id: newId(), engagement_id: E, role: null, user_id: people[0]!.id, hourly_rate: 140, currency: 'EUR', updated_at: iso },
      ])
      .execute();
    const outcomes = Array.from({ length: 5 }, (_, i) => ({ id: newId(), engagement_id: E, title: `Outcome ${i + 1}`, indicator: 'indicator', unit: '%', baseline: 0, target: 100, current: 20 * i, due_date: null, position: i, archived: 0, created_at: iso, updated_at: iso }));
    await trx.insertInto('outcomes').values(outcomes).execute();
    const span = Math.floor((DAYS + 90) / PHASES);
    const phases = Array.from({ length: PHASES }, (_, i) => {
      const start = i * span;
      const end = start + span - 1;
      const status = start + span <= DAYS - 10 ? ('done' as const) : start <= DAYS ? ('active' as const) : ('planned' as const);
      return { id: newId(), engagement_id: E, position: i, name: `Phase ${i + 1}`, goal: 'Goal', planned_start: day(t0, start), planned_end: day(t0, end), exit_criteria: JSON.stringify([{ text: 'Criterion', met: status === 'done' }]), status, review_requested_at: null, done_at: status === 'done' ? new Date(t0 + (end + 1) * 86_400_000).toISOString() : null, created_at: iso, updated_at: iso, _start: start, _end: end };
    });
    await trx.insertInto('phases').values(phases.map(({ _start, _end, ...p }) => p)).execute();
    const items: (WorkItemsTable & { _start: number; _end: number })[] = [];
    for (let k = 0; k < ITEMS; k++) {
      const ph = phases[Math.min(PHASES - 1, Math.floor((k / ITEMS) * PHASES))]!;
      const created = ph._start + Math.floor(rand() * span * 0.5);
      const started = created + Math.floor(rand() * 5);
      const doneDay = started + 1 + Math.floor(rand() * 15);
      const status: WorkItemsTable['status'] = ph.status === 'done' ? (rand() < 0.05 ? 'dropped' : 'done') : ph.status === 'planned' ? 'backlog' : doneDay < DAYS ? 'done' : (['backlog', 'in_progress', 'blocked'] as const)[Math.floor(rand() * 3)]!;
      const likely = 2 + Math.floor(rand() * 20);
      const at = (n: number) => new Date(t0 + n * 86_400_000 + 9 * 3_600_000).toISOString();
      items.push({
        id: newId(),
        engagement_id: E,
        phase_id: ph.id,
        outcome_id: rand() < 0.85 ? outcomes[Math.floor(rand() * 5)]!.id : null,
        title: `Item ${k}: ${['carrier API', 'pricing page', 'invoice export', 'tracking widget'][k % 4]}`,
        description: `Work item ${k}.`,
        status,
        estimate_low: likely * 0.7,
        estimate_likely: likely,
        estimate_high: likely * 1.8,
        estimated_by: demo.lead,
        estimated_at: iso,
        assignee_id: people[k % PEOPLE]!.id,
        visibility: rand() < 0.1 ? 'internal' : 'shared',
        external_ref: `BIG-${k}`,
        external_source: null,
        external_id: null,
        actual_minutes_shared: 0,
        actual_minutes_internal: 0,
        started_at: status === 'backlog' ? null : at(Math.min(started, DAYS)),
        done_at: status === 'done' ? at(Math.min(doneDay, DAYS)) : null,
        dropped_at: status === 'dropped' ? at(Math.min(doneDay, DAYS)) : null,
        created_by: demo.lead,
        created_at: at(Math.min(created, DAYS)),
        updated_at: iso,
        _start: Math.min(created, DAYS),
        _end: Math.min(doneDay, DAYS),
      });
    }
    for (let i = 0; i < items.length; i += 500) await trx.insertInto('work_items').values(items.slice(i, i + 500).map(({ _start, _end, ...w }) => w)).execute();
    // time: weekdays over two years, spread over the people; each entry on an item open that day
    const byDay = new Map<number, typeof items>();
    for (const it of items) if (it.status !== 'backlog') for (let d = it._start; d <= it._end; d++) byDay.set(d, [...(byDay.get(d) ?? []), it]);
    const workdays = Array.from({ length: DAYS }, (_, d) => d).filter((d) => {
      const dow = new Date(t0 + d * 86_400_000).getUTCDay();
      return dow !== 0 && dow !== 6;
    });
    const perDay = ENTRIES / workdays.length;
    let batch: TimeEntriesTable[] = [];
    let made = 0;
    for (const [wi, d] of workdays.entries()) {
      const n = Math.round(perDay * (wi + 1)) - Math.round(perDay * wi);
      const open = byDay.get(d) ?? [];
      for (let j = 0; j < n; j++) {
        const person = people[(made + j) % PEOPLE]!;
        const item = open.length && rand() < 0.9 ? open[Math.floor(rand() * open.length)]! : null;
        const visibility = item ? item.visibility : rand() < 0.1 ? 'internal' : 'shared';
        batch.push({
          id: newId(),
          engagement_id: E,
          user_id: person.id,
          work_item_id: item?.id ?? null,
          date_worked: day(t0, d),
          minutes: 15 + Math.floor(rand() * 4) * 15,
          note: `Work on ${item ? item.external_ref : 'coordination'}`,
          billable: rand() < 0.85 ? 1 : 0,
          visibility,
          logged_at: new Date(t0 + (d + (rand() < 0.2 ? 2 : 0)) * 86_400_000 + 17 * 3_600_000).toISOString(),
          updated_at: iso,
          created_by: person.id,
          external_source: null,
          external_id: null,
        });
        if (batch.length === 1000) {
          await trx.insertInto('time_entries').values(batch).execute();
          batch = [];
        }
      }
      made += n;
    }
    if (batch.length) await trx.insertInto('time_entries').values(batch).execute();
    await rebuildAggregates(trx, E);
  });
  if (deps.dialect === 'postgres') await sql`analyze`.execute(db);
  else await sql`analyze`.execute(db);
  return E;
}

async function timeRequests(url: string, init: RequestInit, n: number): Promise<number[]> {
  for (let i = 0; i < 20; i++) await (await fetch(url, init)).arrayBuffer();
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const res = await fetch(url, init);
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`${url} → ${res.status}`);
    out.push(performance.now() - t);
  }
  return out;
}

export interface DeliveryBenchInput {
  kind: 'sqlite' | 'postgres';
  deps: Deps;
  base: string;
  baselineUrl: string;
  password: string;
  demo: { lead: string; sponsor: string; providerOrg: string; clientOrg: string };
}

/** Seeds, measures and returns the delivery rows for one database. */
export async function benchDelivery(input: DeliveryBenchInput): Promise<Row[]> {
  const { kind, base } = input;
  const rows: Row[] = [];
  const add = (name: string, value: number, unit: string, baseline: number) =>
    rows.push({ name: `${kind}.delivery.${name}`, value: round(value), unit, baseline: round(baseline), ratio: round(value / baseline) });
  const t0 = performance.now();
  const E = await seedLargeEngagement(input.deps, input.demo);
  console.log(`  ${kind}: seeded the delivery engagement (${PHASES} phases, ${ITEMS} items, ${ENTRIES} time entries, ${PEOPLE} people) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  add('seed.seconds', (performance.now() - t0) / 1000, 's', 1);
  const signIn = async (email: string) => {
    const res = await fetch(`${base}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: input.password }) });
    return res.headers.getSetCookie()[0]!.split(';')[0]!;
  };
  const sponsor = { cookie: await signIn('sponsor@demo.candor.dev') };
  const lead = { cookie: await signIn('lead@demo.candor.dev') };
  const bare = await timeRequests(input.baselineUrl, {}, SAMPLES);
  const bareP50 = percentile(bare, 50);
  const bareP95 = percentile(bare, 95);
  const api = `${base}/api/v1/engagements/${E}`;
  const firstPhase = (await (await fetch(`${api}/phases`, { headers: sponsor })).json()).phases.at(-2).id as string;
  // reads as the client sponsor (visibility filtering on), and the provider lead
  const reads: [string, string, Record<string, string>][] = [
    ['overview', '/delivery', sponsor],
    ['overview.provider', '/delivery', lead],
    ['budget', '/budget', sponsor],
    ['progress.burnup', `/progress/burnup?phaseId=${firstPhase}`, sponsor],
    ['progress.burnup.all', '/progress/burnup', sponsor],
    ['progress.budget', '/progress/budget', sponsor],
    ['progress.outcomes', '/progress/outcomes', sponsor],
    ['progress.cycle-time', '/progress/cycle-time', sponsor],
    ['items.list', '/items?limit=50', sponsor],
    ['items.list.filtered', `/items?limit=50&status=done,in_progress&phaseId=${firstPhase}&sort=-likely`, sponsor],
    ['items.list.sorted-title', '/items?limit=50&sort=title', lead],
    ['items.list.page-100', '/items?limit=50&sort=-updated', lead],
    ['time.list', '/time-entries?limit=100', sponsor],
    ['time.totals.week', '/time-entries/totals?groupBy=week', sponsor],
  ];
  for (const [name, path, headers] of reads) {
    const xs = await timeRequests(`${api}${path}`, { headers }, SAMPLES);
    add(`${name}.p50`, percentile(xs, 50), 'ms', bareP50);
    add(`${name}.p95`, percentile(xs, 95), 'ms', bareP95);
  }
  // the forecast endpoint (issue 5) on this engagement: cold (computed) and warm (cached)
  rows.push(...(await benchForecastEndpoint({ kind, api, lead, sponsor, phaseId: firstPhase, bareP50, bareP95 })));
  // writes: a time entry (transaction: checks, insert, rollup, item actual, version bump, audit)
  const items = (await (await fetch(`${api}/items?limit=50&status=in_progress`, { headers: lead })).json()).items as { id: string }[];
  const today = new Date().toISOString().slice(0, 10);
  const writes: number[] = [];
  const afterWrite: number[] = [];
  for (let i = 0; i < Math.min(SAMPLES, 200); i++) {
    const t = performance.now();
    const res = await fetch(`${api}/time-entries`, {
      method: 'POST',
      headers: { ...lead, 'content-type': 'application/json' },
      body: JSON.stringify({ dateWorked: today, minutes: 1 + (i % 5), workItemId: items[i % items.length]?.id ?? null, note: `bench ${i}` }),
    });
    await res.arrayBuffer();
    if (res.status !== 201) throw new Error(`time entry create → ${res.status}`);
    writes.push(performance.now() - t);
    // the first overview read after a write recomputes the aggregates (cache miss)
    const t2 = performance.now();
    const o = await fetch(`${api}/delivery`, { headers: sponsor });
    await o.arrayBuffer();
    afterWrite.push(performance.now() - t2);
  }
  add('time-entry.create.p50', percentile(writes, 50), 'ms', bareP50);
  add('time-entry.create.p95', percentile(writes, 95), 'ms', bareP95);
  add('overview.after-write.p50', percentile(afterWrite, 50), 'ms', bareP50);
  add('overview.after-write.p95', percentile(afterWrite, 95), 'ms', bareP95);
  // the raw SQL the overview runs on a cache miss (settings, phases, day rollups, item sums), for scale
  const raw: number[] = [];
  for (let i = 0; i < 30; i++) {
    const t = performance.now();
    await sql`select * from delivery_settings where engagement_id = ${E}`.execute(input.deps.db);
    await sql`select * from phases where engagement_id = ${E} order by position`.execute(input.deps.db);
    await sql`select date_worked, visibility, billable, minutes, amount, unrated_minutes from time_day_rollups where engagement_id = ${E}`.execute(input.deps.db);
    await sql`select phase_id, outcome_id, status, count(*), sum(coalesce(estimate_likely, 0)), sum(actual_minutes_shared), sum(actual_minutes_internal) from work_items where engagement_id = ${E} and visibility in ('shared') group by phase_id, outcome_id, status`.execute(input.deps.db);
    raw.push(performance.now() - t);
  }
  add('overview.after-write.vs-raw-sql.p50', percentile(afterWrite, 50), 'ms', percentile(raw, 50));
  // throughput of the overview under 32 connections, against the bare route under the same load
  const load = (url: string, headers: Record<string, string>) => throughput(url, headers, CONNECTIONS, LOAD_SECONDS);
  const bareRps = await load(input.baselineUrl, {});
  const overviewRps = await load(`${api}/delivery`, sponsor);
  add('overview.throughput', overviewRps, 'req/s', bareRps);
  // the smallest authenticated read (GET /session: cookie, session lookup, tiny body) under the same load:
  // the ceiling the shared request pipeline allows any engagement read
  add('overview.throughput.vs-session-route', overviewRps, 'req/s', await load(`${base}/api/v1/session`, sponsor));
  return rows;
}
