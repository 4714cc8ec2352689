import { Chart } from '../../contracts/delivery';
import { budgetSeries, burnUp, cycleTimes } from '../../domain/delivery/burn';
import { csvLine } from '../../domain/delivery/csv';
import type { EngagementAccess } from '../authz/access';
import type { Deps } from '../http/context';
import { notFound } from '../http/errors';
import { aggregates, planOf } from './budget';
import { cached, cachedJson, cacheKey, loadSettings, settingsOf, todayOf } from './common';
import { scoped } from '../authz/scoped';

type Cell = string | number | null;
export interface ChartData {
  chart: 'burnup' | 'budget' | 'outcomes' | 'cycle-time';
  title: string;
  description: string;
  xKey: string;
  series: { key: string; label: string; unit: string }[];
  data: Record<string, Cell>[];
  table: { columns: { key: string; label: string }[]; rows: Cell[][] };
  summary?: Record<string, Cell>;
}

/** The table behind a chart: one column for x, one per series, rows in data order. */
function tableOf(xKey: string, xLabel: string, series: ChartData['series'], data: Record<string, Cell>[], extra: { key: string; label: string }[] = []) {
  const columns = [{ key: xKey, label: xLabel }, ...series.map((s) => ({ key: s.key, label: `${s.label} (${s.unit})` })), ...extra];
  return { columns, rows: data.map((d) => columns.map((c) => d[c.key] ?? null)) };
}

async function burnupChart(deps: Deps, access: EngagementAccess, phaseId: string | undefined): Promise<ChartData> {
  const today = todayOf(deps);
  let q = scoped(deps.db, access, 'work_items')
    .select(['created_at', 'done_at', 'dropped_at', 'estimate_likely']);
  let title = 'Burn-up: whole engagement';
  let from: string | null = null;
  let to = today;
  if (phaseId) {
    const p = await scoped(deps.db, access, 'phases').selectAll().where('id', '=', phaseId).executeTakeFirst();
    if (!p) throw notFound('Phase not found');
    q = q.where('phase_id', '=', phaseId);
    title = `Burn-up: ${p.name}`;
    from = p.planned_start;
    if (p.status === 'done' && p.done_at) to = p.done_at.slice(0, 10);
    else if (p.status === 'planned' && p.planned_end < today) to = p.planned_end;
  }
  const rows = await q.execute();
  const earliest = rows.reduce<string | null>((m, r) => (m == null || r.created_at < m ? r.created_at.slice(0, 10) : m), null);
  if (!from || (earliest && earliest < from)) from = earliest ?? from ?? today;
  if (to < from) to = from;
  const points = burnUp(
    rows.map((r) => ({ createdAt: r.created_at, doneAt: r.done_at, droppedAt: r.dropped_at, likelyHours: r.estimate_likely })),
    from,
    to,
  );
  const series = [
    { key: 'scopeHours', label: 'Scope (likely estimate)', unit: 'h' },
    { key: 'doneHours', label: 'Done', unit: 'h' },
  ];
  const data = points.map((p) => ({ date: p.date, scopeHours: p.scopeHours, doneHours: p.doneHours, items: p.items, itemsDone: p.itemsDone }));
  return {
    chart: 'burnup',
    title,
    description: 'Scope is the sum of the likely estimates of the items that exist and are not dropped; done is the same sum for the items done.',
    xKey: 'date',
    series,
    data,
    table: tableOf('date', 'Date', series, data, [
      { key: 'items', label: 'Items' },
      { key: 'itemsDone', label: 'Items done' },
    ]),
  };
}

async function budgetChart(deps: Deps, access: EngagementAccess): Promise<ChartData> {
  const settings = await loadSettings(deps.db, access);
  const today = todayOf(deps);
  const agg = await aggregates(deps, access, settings);
  const data = budgetSeries(agg.days, planOf(settings), today);
  const c = settings.currency;
  const series = [
    { key: 'plannedHours', label: 'Plan', unit: 'h' },
    { key: 'spentHours', label: 'Spent', unit: 'h' },
    { key: 'plannedAmount', label: 'Plan', unit: c },
    { key: 'spentAmount', label: 'Spent', unit: c },
  ];
  return {
    chart: 'budget',
    title: 'Budget burn against plan',
    description: 'Cumulative billable time (and its cost at the rates in force) against a straight-line plan from the engagement start to its end.',
    xKey: 'date',
    series,
    data,
    table: tableOf('date', 'Date', series, data),
    summary: { budgetHours: settings.budget_hours, budgetAmount: settings.budget_amount, currency: c },
  };
}

async function outcomesChart(deps: Deps, access: EngagementAccess): Promise<ChartData> {
  const settings = await loadSettings(deps.db, access);
  const [agg, outcomes] = await Promise.all([
    aggregates(deps, access, settings),
    scoped(deps.db, access, 'outcomes').select(['id', 'title', 'archived']).orderBy('position').execute(),
  ]);
  const byOutcome = new Map<string | null, { minutes: number; items: number; likely: number }>();
  for (const i of agg.items) {
    const g = byOutcome.get(i.outcomeId) ?? { minutes: 0, items: 0, likely: 0 };
    g.minutes += i.actualMinutes;
    g.items += i.items;
    g.likely += i.status === 'dropped' ? 0 : i.likelyHours;
    byOutcome.set(i.outcomeId, g);
  }
  const onItems = [...byOutcome.values()].reduce((s, g) => s + g.minutes, 0);
  const unlinked = Math.max(0, agg.totalMinutes - onItems);
  const total = agg.totalMinutes || 1;
  const r1 = (x: number) => Math.round(x * 10) / 10;
  const rows = [
    ...outcomes
      .filter((o) => !o.archived || byOutcome.has(o.id))
      .map((o) => ({ outcome: o.title, ...(byOutcome.get(o.id) ?? { minutes: 0, items: 0, likely: 0 }) })),
    { outcome: 'Items without an outcome', ...(byOutcome.get(null) ?? { minutes: 0, items: 0, likely: 0 }) },
    { outcome: 'Time not linked to an item', minutes: unlinked, items: 0, likely: 0 },
  ];
  const data = rows.map((r) => ({ outcome: r.outcome, hours: r1(r.minutes / 60), share: r1((r.minutes / total) * 100), items: r.items, likelyHours: r1(r.likely) }));
  const series = [
    { key: 'hours', label: 'Time spent', unit: 'h' },
    { key: 'share', label: 'Share of all time', unit: '%' },
  ];
  return {
    chart: 'outcomes',
    title: 'Effort by outcome',
    description: 'How much of the time went to which client goal: outcomes, not output. Time on an item counts for its outcome.',
    xKey: 'outcome',
    series,
    data,
    table: tableOf('outcome', 'Outcome', series, data, [
      { key: 'items', label: 'Items' },
      { key: 'likelyHours', label: 'Scope (likely, h)' },
    ]),
    summary: { totalHours: r1(agg.totalMinutes / 60) },
  };
}

async function cycleChart(deps: Deps, access: EngagementAccess): Promise<ChartData> {
  const rows = await scoped(deps.db, access, 'work_items')
    .select(['started_at', 'created_at', 'done_at'])
    .where('status', '=', 'done')
    .where('done_at', 'is not', null)
    .execute();
  const c = cycleTimes(rows.map((r) => ({ startedAt: r.started_at, createdAt: r.created_at, doneAt: r.done_at! })));
  const series = [{ key: 'items', label: 'Items done', unit: 'items' }];
  const data = c.histogram.map((h) => ({ bin: h.bin, items: h.items }));
  return {
    chart: 'cycle-time',
    title: 'Cycle time of items',
    description: 'Days from the start of work (or creation, when work never started in Candor) to done, for the items done.',
    xKey: 'bin',
    series,
    data,
    table: tableOf('bin', 'Cycle time', series, data),
    summary: { ...c.summary, trend: JSON.stringify(c.trend) },
  };
}

function computeChart(deps: Deps, access: EngagementAccess, chart: ChartData['chart'], phaseId?: string): Promise<ChartData> {
    switch (chart) {
      case 'burnup':
        return burnupChart(deps, access, phaseId);
      case 'budget':
        return budgetChart(deps, access);
      case 'outcomes':
        return outcomesChart(deps, access);
      default:
        return cycleChart(deps, access);
    }
}

// The outcomes chart reads outcome titles live (the charter may change them without a delivery write); its sums come from the cached aggregates.
const LIVE: ReadonlySet<string> = new Set(['outcomes']);

export async function getChart(deps: Deps, access: EngagementAccess, chart: ChartData['chart'], phaseId?: string): Promise<ChartData> {
  if (LIVE.has(chart)) return computeChart(deps, access, chart, phaseId);
  const settings = await settingsOf(deps, access);
  return cached(deps, cacheKey(access, settings, `chart:${chart}:${phaseId ?? ''}`, todayOf(deps)), () => computeChart(deps, access, chart, phaseId));
}

/** A chart as JSON text, from the cache while nothing changed. */
export async function chartJson(deps: Deps, access: EngagementAccess, chart: ChartData['chart'], phaseId?: string): Promise<string> {
  if (LIVE.has(chart)) return JSON.stringify(Chart.parse(await computeChart(deps, access, chart, phaseId)));
  const settings = await settingsOf(deps, access);
  return cachedJson(deps, cacheKey(access, settings, `chart:${chart}:${phaseId ?? ''}`, todayOf(deps)), Chart, () => computeChart(deps, access, chart, phaseId));
}

export const chartCsv = (c: ChartData): string => csvLine(c.table.columns.map((col) => col.label)) + c.table.rows.map((r) => csvLine(r)).join('');
