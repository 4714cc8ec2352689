/**
 * A forecast for one scope of an engagement (a phase, or the whole
 * engagement): remaining effort from the Monte Carlo engine, completion dates
 * from measured capacity, effort and budget at completion, the chance to stay
 * within budget, and the series a fan chart draws. Pure: the server gathers
 * the rows, this decides what they mean.
 */

import { correctDates, correctPercentiles, correctQuantiles, type TrackCorrection, type TrackRecordInput, trackCorrection, trackCorrectionNote } from './track-record';
import { type CapacityPlanPeriod, DEFAULT_HISTORY_WEEKS, forecastCompletionDates, weeklyWork } from './capacity';
import { forecastRemainingEffort } from './forecast';
import { budgetAtCompletion, type Capacity, type CompletionForecast, forecastCompletion, measureCapacity, type TimeEntry } from './schedule';
import type { EffortForecast, EstimateRange, HistoryPair } from './types';

const DAY_MS = 86_400_000;

export interface ScopeItem {
  id: string;
  title: string;
  estimate: EstimateRange | null;
  estimatorId: string | null;
  /** Hours already logged on the item (as the reader may see them). */
  spentHours: number;
}

export interface ScopeMoney {
  currency: string;
  /** Billable hours and money spent so far on the whole engagement. */
  billableHours: number;
  amount: number;
  /** Money per billable hour so far (rated hours only); null when no rates are set. */
  ratePerBillableHour: number | null;
  /** Share of logged hours that were billable (all time); 1 when nothing is logged. */
  billableShare: number;
  budgetHours: number | null;
  budgetAmount: number | null;
}

export interface ScopeForecastInput {
  asOf: string;
  scope: { kind: 'engagement'; plannedEnd: string | null } | { kind: 'phase'; phaseId: string; name: string; plannedEnd: string | null };
  remaining: readonly ScopeItem[];
  /** Finished items of the engagement with an estimate and logged time. */
  history: readonly HistoryPair[];
  /** Finished items left out of the history, by reason. */
  historyLeftOut: { noEstimate: number; noTime: number };
  /** Hours logged on the scope, per day; the capacity window is taken from here. */
  scopeTime: readonly TimeEntry[];
  /** Hours logged on the whole engagement, per day: the fallback when the scope has none in the window. */
  engagementTime: readonly TimeEntry[];
  /** Hours logged on the scope so far (all of it, not only the remaining items). */
  scopeSpentHours: number;
  /** Only for the engagement scope: the budget is the engagement's. */
  money: ScopeMoney | null;
  seed: number;
  trials: number;
  capacityWindowWeeks?: number;
  /** Weeks the lead has planned (more people, a closure): they replace the history's capacity for the days they cover. */
  capacityPlan?: readonly CapacityPlanPeriod[];
  /** The engagement's judged stored forecasts of the same audience (track-record.ts): they correct P50/P85/P95. */
  trackRecord?: TrackRecordInput;
}

export interface Percentiles {
  p50: number;
  p85: number;
  p95: number;
}

export interface FanPoint {
  date: string;
  /** Remaining hours at that date at levels 5, 15, 25, 50, 75, 85, 95 %. */
  p05: number;
  p15: number;
  p25: number;
  p50: number;
  p75: number;
  p85: number;
  p95: number;
  /** The plan: remaining likely estimate burning down evenly to the planned end. */
  plan: number | null;
}

export interface CapacityUse extends Capacity {
  source: 'scope' | 'engagement';
  reason: string | null;
  /** The weekly history the dates sample from (null when there is no date forecast). */
  sampled: { historyWeeks: number; p10: number; median: number; p90: number; emptyWeeks: number } | null;
  /** Plan periods that replaced history within the forecast's horizon. */
  plan: { label: string; weeks: number; perWeek: number }[];
}

export interface ScopeForecast {
  asOf: string;
  seed: number;
  trials: number;
  remainingItems: number;
  estimatedItems: number;
  notEstimated: { count: number; items: { id: string; title: string }[] };
  /** Hours already logged on unfinished items, subtracted from their forecast totals. */
  spentOnOpenHours: number;
  sumOfEstimates: number;
  statedRange: EstimateRange;
  /** Remaining hours. */
  effort: Percentiles;
  /** Hours already logged on the scope + remaining. */
  effortAtCompletion: Percentiles;
  distribution: { p: number; value: number }[];
  capacity: CapacityUse;
  completion: CompletionForecast;
  budget: {
    currency: string;
    hours: Percentiles;
    amount: Percentiles | null;
    amountReason: string | null;
    budgetHours: number | null;
    budgetAmount: number | null;
    /** Chance that billable hours stay within the hours budget (or money within the money budget when only that is set). */
    chanceWithinBudget: number | null;
    billableShare: number;
    ratePerBillableHour: number | null;
  } | null;
  plan: { plannedEnd: string | null; remainingEstimate: number };
  fan: FanPoint[];
  explanation: EffortForecast['explanation'] & {
    historyLeftOut: { noEstimate: number; noTime: number };
    notes: string[];
    /** The correction by the engagement's own track record, with the raw figures it was applied to (stored, judged later). */
    trackRecord: (TrackCorrection & { raw: { effort: Percentiles; dates: { p50: string; p85: string; p95: string } | null } }) | null;
  };
}

const FAN_KEYS = [
  ['p05', 0.05],
  ['p15', 0.15],
  ['p25', 0.25],
  ['p50', 0.5],
  ['p75', 0.75],
  ['p85', 0.85],
  ['p95', 0.95],
] as const;

/** Remaining effort at P50/P85/P95 after subtracting what unfinished items already took (never below 0). */
const remainingAfter = (total: number, spent: number) => Math.max(0, total - spent);

export function forecastScope(input: ScopeForecastInput): ScopeForecast {
  const items = input.remaining;
  const spentOnOpen = items.reduce((s, i) => s + i.spentHours, 0);
  const effortForecast = forecastRemainingEffort({
    items: items.map((i) => ({ id: i.id, estimate: i.estimate, estimatorId: i.estimatorId })),
    history: { team: input.history },
    options: { seed: input.seed, trials: input.trials },
  });
  const rawEffort: Percentiles = {
    p50: remainingAfter(effortForecast.p50, spentOnOpen),
    p85: remainingAfter(effortForecast.p85, spentOnOpen),
    p95: remainingAfter(effortForecast.p95, spentOnOpen),
  };
  const rawQuantiles = effortForecast.distribution.quantiles.map((q) => ({ p: q.p, value: remainingAfter(q.value, spentOnOpen) }));
  // the engagement's own track record corrects the figures (as the back-test does); dates are drawn from the
  // raw effort and corrected by the dates' own record, so each is judged against what the engine said
  const ownScope = input.scope.kind === 'engagement' ? 'engagement' : input.scope.phaseId;
  const correction = input.trackRecord ? trackCorrection(input.trackRecord, undefined, undefined, ownScope) : null;
  const effort = correction?.applied ? correctPercentiles(rawEffort, correction.effort) : rawEffort;
  const quantiles = correction?.applied ? correctQuantiles(rawQuantiles, correction.effort) : rawQuantiles;

  const capacity = chooseCapacity(input);
  const notes: string[] = [];
  if (spentOnOpen > 0) {
    notes.push(`${round1(spentOnOpen)} h already logged on unfinished items is subtracted from their forecast totals.`);
  }
  const sampled = sampledCompletion(input, capacity, rawEffort, rawQuantiles, {
    min: remainingAfter(effortForecast.distribution.min, spentOnOpen),
    max: remainingAfter(effortForecast.distribution.max, spentOnOpen),
  });
  notes.push(sampled.note);
  const rawCompletion = sampled.completion;
  let completion = rawCompletion;
  if (correction?.applied && correction.dates && rawCompletion.kind === 'forecast') {
    const dates = correctDates(input.asOf, rawCompletion, correction.dates);
    const weeksFrom = (d: string) => Math.round(((Date.parse(`${d}T00:00:00Z`) - Date.parse(`${input.asOf.slice(0, 10)}T00:00:00Z`)) / (7 * 86_400_000)) * 10) / 10;
    completion = { ...rawCompletion, ...dates, weeks: { p50: weeksFrom(dates.p50), p85: weeksFrom(dates.p85), p95: weeksFrom(dates.p95) } };
  }
  if (correction && correction.judged > 0) {
    const dates =
      rawCompletion.kind === 'forecast' && completion.kind === 'forecast' && correction.dates
        ? { raw: { p50: rawCompletion.p50, p85: rawCompletion.p85, p95: rawCompletion.p95 }, corrected: { p50: completion.p50, p85: completion.p85, p95: completion.p95 } }
        : null;
    notes.push(trackCorrectionNote(correction, { raw: rawEffort, corrected: effort }, dates));
  }
  const notEstimatedIds = new Set(effortForecast.notEstimated.ids);
  if (notEstimatedIds.size > 0) {
    notes.push(`${notEstimatedIds.size} unfinished item(s) have no estimate: they are not in these figures, which are therefore too low.`);
  }

  const budget = input.money ? budgetFigures(input.money, effort, quantiles) : null;
  const plannedEnd = input.scope.plannedEnd;
  return {
    asOf: input.asOf,
    seed: effortForecast.seed,
    trials: effortForecast.trials,
    remainingItems: items.length,
    estimatedItems: effortForecast.estimatedItems,
    notEstimated: {
      count: notEstimatedIds.size,
      items: items.filter((i) => notEstimatedIds.has(i.id)).slice(0, 50).map((i) => ({ id: i.id, title: i.title })),
    },
    spentOnOpenHours: round2(spentOnOpen),
    sumOfEstimates: round2(effortForecast.sumOfEstimates),
    statedRange: effortForecast.statedRange,
    effort,
    effortAtCompletion: {
      p50: input.scopeSpentHours + effort.p50,
      p85: input.scopeSpentHours + effort.p85,
      p95: input.scopeSpentHours + effort.p95,
    },
    distribution: quantiles,
    capacity,
    completion,
    budget,
    plan: { plannedEnd, remainingEstimate: effortForecast.sumOfEstimates },
    fan: fanSeries(input.asOf, quantiles, capacity, completion, plannedEnd, Math.max(0, effortForecast.sumOfEstimates - spentOnOpen)),
    explanation: {
      ...effortForecast.explanation,
      summary: scopeSummary(effortForecast, effort, spentOnOpen),
      historyLeftOut: input.historyLeftOut,
      notes,
      trackRecord: correction
        ? { ...correction, raw: { effort: rawEffort, dates: rawCompletion.kind === 'forecast' ? { p50: rawCompletion.p50, p85: rawCompletion.p85, p95: rawCompletion.p95 } : null } }
        : null,
    },
  };
}

/**
 * The engine's summary speaks of the items' whole effort; the scope's figures
 * are net of what unfinished items already took. Lead with the figures the
 * reader sees, keep the engine's account of the evidence.
 */
function scopeSummary(f: EffortForecast, effort: Percentiles, spentOnOpen: number): string {
  const h = (x: number) => `${Math.round(x).toLocaleString('en-US')} h`;
  const evidence = f.explanation.summary.replace(/^Remaining effort[^.]*\.\s*/, '');
  const net = spentOnOpen > 0 ? `, after the ${h(spentOnOpen)} already logged on unfinished items` : '';
  const lead = `Remaining effort P50 ${h(effort.p50)}, P85 ${h(effort.p85)}, P95 ${h(effort.p95)}${net}; their estimates sum to ${h(f.sumOfEstimates)}.`;
  return evidence ? `${lead} ${evidence}` : lead;
}

const DATE_TRIALS = 4_000;

/**
 * Completion dates with capacity sampled from the weekly logged hours of the
 * last DEFAULT_HISTORY_WEEKS weeks (capacity.ts), and the capacity plan for
 * the weeks it covers. Without any time in the last weeks the answer stays the
 * explicit "no forecast" of forecastCompletion.
 */
function sampledCompletion(
  input: ScopeForecastInput,
  capacity: CapacityUse,
  effort: Percentiles,
  quantiles: { p: number; value: number }[],
  ends: { min: number; max: number },
): { completion: CompletionForecast; note: string } {
  const paced = forecastCompletion(effort, capacity, input.asOf);
  const where = capacity.source === 'engagement' ? ', the whole engagement' : '';
  const paceNote = `Dates assume the pace of the last ${capacity.windowWeeks} weeks holds (${round1(capacity.hoursPerWeek)} h/week${where}).`;
  if (paced.kind !== 'forecast') return { completion: paced, note: paceNote };
  const time = capacity.source === 'engagement' ? input.engagementTime : input.scopeTime;
  const weekly = weeklyWork(time.map((e) => ({ end: e.at, amount: e.hours })), input.asOf, DEFAULT_HISTORY_WEEKS);
  const dated = forecastCompletionDates({
    asOf: input.asOf,
    effort: { quantiles, ...ends },
    weeklyHistory: weekly,
    plan: input.capacityPlan ?? [],
    trials: DATE_TRIALS,
    seed: input.seed,
  });
  if (dated.kind !== 'forecast' || !Number.isFinite(dated.p95)) return { completion: paced, note: paceNote };
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  capacity.sampled = dated.capacity;
  capacity.plan = dated.plan;
  const c = dated.capacity;
  const parts = [
    `Dates sample each week's capacity from the last ${c.historyWeeks} week(s) of logged hours${where} ` +
      `(median ${round1(c.median)} h/week, 10–90% ${round1(c.p10)}–${round1(c.p90)} h${c.emptyWeeks > 0 ? `, ${c.emptyWeeks} week(s) with none` : ''}), ` +
      `four weeks at a time, instead of assuming the last ${capacity.windowWeeks} weeks' pace (${round1(capacity.hoursPerWeek)} h/week) holds.`,
  ];
  for (const p of dated.plan) {
    parts.push(`The capacity plan "${p.label}" replaces that history for ${round1(p.weeks)} week(s) of the forecast (${round1(p.perWeek)} h/week).`);
  }
  return {
    completion: {
      kind: 'forecast',
      hoursPerWeek: capacity.hoursPerWeek,
      p50: iso(dated.p50),
      p85: iso(dated.p85),
      p95: iso(dated.p95),
      weeks: { p50: dated.weeks.p50, p85: dated.weeks.p85, p95: dated.weeks.p95 },
    },
    note: parts.join(' '),
  };
}

function chooseCapacity(input: ScopeForecastInput): CapacityUse {
  const weeks = input.capacityWindowWeeks ?? 4;
  const own = measureCapacity(input.scopeTime, input.asOf, weeks);
  if (input.scope.kind === 'engagement' || own.hoursPerWeek > 0) return { ...own, source: 'scope', reason: null, sampled: null, plan: [] };
  const all = measureCapacity(input.engagementTime, input.asOf, weeks);
  return {
    ...all,
    sampled: null,
    plan: [],
    source: 'engagement',
    reason: `nobody logged time on this phase's items in the last ${weeks} weeks, so its dates use the whole engagement's pace (optimistic if phases run in parallel)`,
  };
}

function budgetFigures(money: ScopeMoney, effort: Percentiles, quantiles: { p: number; value: number }[]): NonNullable<ScopeForecast['budget']> {
  const billableRemaining: Percentiles = {
    p50: effort.p50 * money.billableShare,
    p85: effort.p85 * money.billableShare,
    p95: effort.p95 * money.billableShare,
  };
  const hours = budgetAtCompletion(money.billableHours, billableRemaining, 1);
  const amount = money.ratePerBillableHour === null ? null : budgetAtCompletion(money.amount, billableRemaining, money.ratePerBillableHour);
  let chance: number | null = null;
  if (money.budgetHours !== null && money.billableShare > 0) {
    chance = chanceAtMost(quantiles, (money.budgetHours - money.billableHours) / money.billableShare);
  } else if (money.budgetAmount !== null && money.ratePerBillableHour && money.billableShare > 0) {
    chance = chanceAtMost(quantiles, (money.budgetAmount - money.amount) / money.ratePerBillableHour / money.billableShare);
  }
  return {
    currency: money.currency,
    hours,
    amount,
    amountReason: amount === null ? 'no hourly rates are set, so only hours are forecast' : null,
    budgetHours: money.budgetHours,
    budgetAmount: money.budgetAmount,
    chanceWithinBudget: chance,
    billableShare: money.billableShare,
    ratePerBillableHour: money.ratePerBillableHour,
  };
}

/**
 * P(remaining ≤ x) read off the fan quantiles (5%…95%) by linear
 * interpolation, clamped to [0.05, 0.95] at the ends: beyond the outer
 * quantiles the simulation says "under 5%" / "over 95%", not 0 or 1.
 */
export function chanceAtMost(quantiles: readonly { p: number; value: number }[], x: number): number {
  if (quantiles.length === 0) return 1;
  const first = quantiles[0]!;
  const last = quantiles[quantiles.length - 1]!;
  if (x < first.value) return x < 0 ? 0 : first.p;
  if (x >= last.value) return last.p;
  for (let i = 1; i < quantiles.length; i++) {
    const a = quantiles[i - 1]!;
    const b = quantiles[i]!;
    if (x < b.value) return b.value === a.value ? b.p : a.p + ((x - a.value) / (b.value - a.value)) * (b.p - a.p);
  }
  return last.p;
}

/** Remaining-work fan: at each date, the remaining hours at each level if the measured pace holds. */
function fanSeries(
  asOf: string,
  quantiles: { p: number; value: number }[],
  capacity: Capacity,
  completion: CompletionForecast,
  plannedEnd: string | null,
  planRemaining: number,
): FanPoint[] {
  const q = (p: number) => quantiles.find((x) => Math.abs(x.p - p) < 1e-9)?.value ?? 0;
  const start = Date.parse(`${asOf.slice(0, 10)}T00:00:00Z`);
  const planEnd = plannedEnd ? Date.parse(`${plannedEnd}T00:00:00Z`) : null;
  const lastForecast = completion.kind === 'forecast' ? Date.parse(`${completion.p95}T00:00:00Z`) : start;
  const end = Math.max(lastForecast, planEnd ?? start, start + 7 * DAY_MS);
  const days = Math.ceil((end - start) / DAY_MS);
  const step = Math.max(1, Math.ceil(days / 60)); // at most ~60 points, whatever the horizon
  const perDay = completion.kind === 'forecast' ? capacity.hoursPerWeek / 7 : 0;
  const points: FanPoint[] = [];
  for (let d = 0; d <= days + step - 1; d += step) {
    const t = start + Math.min(d, days) * DAY_MS;
    const done = perDay * Math.min(d, days);
    const point = { date: new Date(t).toISOString().slice(0, 10) } as FanPoint;
    for (const [key, p] of FAN_KEYS) point[key] = round2(Math.max(0, q(p) - done));
    point.plan = planEnd === null ? null : round2(planEnd <= start ? 0 : Math.max(0, planRemaining * (1 - (t - start) / (planEnd - start))));
    points.push(point);
    if (d >= days) break;
  }
  return points;
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const round2 = (x: number) => Math.round(x * 100) / 100;

// ── calibration of stored forecasts ─────────────────────────────────────────

export interface StoredForecastFacts {
  id: string;
  asOf: string;
  itemIds: readonly string[];
  spentOnOpenHours: number;
  effort: Percentiles;
  dates: { p50: string; p85: string; p95: string } | null;
}

export interface ItemNow {
  /** Finished (done or dropped) at this instant, or null while open. */
  finishedAt: string | null;
  spentHours: number;
}

export type Judgement =
  | {
      state: 'pending';
      openItems: number;
      /** Hours logged on the items it covered since it was made: its remaining effort is at least that. */
      spentSinceHours: number;
      /** The day its last covered item finished so far (null: none yet): its work was not done by then. */
      lastFinishedOn: string | null;
    }
  | { state: 'void'; reason: string }
  | {
      state: 'judged';
      actualHours: number;
      completedOn: string;
      effortHeld: { p50: boolean; p85: boolean; p95: boolean };
      dateHeld: { p50: boolean; p85: boolean; p95: boolean } | null;
    };

/**
 * A stored forecast can be judged once every item that remained when it was
 * made is finished: the actual remaining effort is what those items took in
 * total minus what they had taken already. Work added later is not counted
 * (the forecast did not cover it); items deleted since are ignored.
 */
export function judgeForecast(f: StoredForecastFacts, items: ReadonlyMap<string, ItemNow>): Judgement {
  let open = 0;
  let spent = 0;
  let spentOnStillOpen = 0;
  let last = '';
  let missing = 0;
  for (const id of f.itemIds) {
    const it = items.get(id);
    if (!it) {
      missing++;
      continue;
    }
    if (it.finishedAt === null) {
      open++;
      spentOnStillOpen += it.spentHours;
      continue;
    }
    spent += it.spentHours;
    if (it.finishedAt > last) last = it.finishedAt;
  }
  // Hours the vanished items had taken are inside spentOnOpenHours, so what is left cannot be measured fairly.
  if (missing > 0) return { state: 'void', reason: `${missing} of the ${f.itemIds.length} item(s) it covered were deleted or are no longer visible, so it cannot be judged fairly` };
  if (open > 0 || last === '') {
    return { state: 'pending', openItems: open, spentSinceHours: round2(Math.max(0, spent + spentOnStillOpen - f.spentOnOpenHours)), lastFinishedOn: last ? last.slice(0, 10) : null };
  }
  const actual = Math.max(0, spent - f.spentOnOpenHours);
  const eps = 1e-9;
  const completedOn = last.slice(0, 10);
  return {
    state: 'judged',
    actualHours: round2(actual),
    completedOn,
    effortHeld: { p50: actual <= f.effort.p50 + eps, p85: actual <= f.effort.p85 + eps, p95: actual <= f.effort.p95 + eps },
    dateHeld: f.dates ? { p50: completedOn <= f.dates.p50, p85: completedOn <= f.dates.p85, p95: completedOn <= f.dates.p95 } : null,
  };
}

export interface CalibrationRecord {
  forecasts: number;
  judged: number;
  pending: number;
  /** Forecasts that cannot be judged because items they covered vanished. */
  void: number;
  effort: { p50: number; p85: number; p95: number };
  /** Judged forecasts that had dates (a forecast without capacity has none). */
  datesJudged: number;
  dates: { p50: number; p85: number; p95: number };
  summary: string;
}

export function calibrationRecord(judgements: readonly Judgement[]): CalibrationRecord {
  const judged = judgements.filter((j): j is Extract<Judgement, { state: 'judged' }> => j.state === 'judged');
  const count = (pick: (j: (typeof judged)[number]) => boolean) => judged.filter(pick).length;
  const withDates = judged.filter((j) => j.dateHeld !== null);
  const dateCount = (k: 'p50' | 'p85' | 'p95') => withDates.filter((j) => j.dateHeld?.[k]).length;
  const effort = { p50: count((j) => j.effortHeld.p50), p85: count((j) => j.effortHeld.p85), p95: count((j) => j.effortHeld.p95) };
  const voided = judgements.filter((j) => j.state === 'void').length;
  const summary =
    judged.length === 0
      ? `None of the ${judgements.length} stored forecast(s) can be judged yet: their work is not finished${voided > 0 ? ` (${voided} cannot be judged: items they covered vanished)` : ''}.`
      : `Of ${judged.length} past P85 forecast(s), ${effort.p85} held on effort${withDates.length > 0 ? ` and ${dateCount('p85')} of ${withDates.length} on date` : ''}.`;
  return {
    forecasts: judgements.length,
    judged: judged.length,
    pending: judgements.length - judged.length - voided,
    void: voided,
    effort,
    datesJudged: withDates.length,
    dates: { p50: dateCount('p50'), p85: dateCount('p85'), p95: dateCount('p95') },
    summary,
  };
}
