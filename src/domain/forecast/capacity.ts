/**
 * Completion dates that carry capacity uncertainty (ADR 0100, "Dates").
 *
 * The effort forecast says how much work remains; how long it takes depends
 * on how much work the team gets done per week, and that moves: holidays,
 * sick weeks, people joining and leaving. Instead of dividing by the last
 * four weeks' pace, each Monte Carlo trial
 *  1. draws a remaining effort from the effort forecast's distribution
 *     (inverse CDF over its quantiles), and
 *  2. walks forward week by week, taking each week's capacity from the
 *     team's own weekly history by a moving-block bootstrap (blocks of
 *     consecutive weeks keep a slow month slow), until the effort is used up.
 * Weeks covered by a capacity plan (entered by the lead: "2 people from
 * 6 Jan", "office closed 23 Dec – 2 Jan") take the plan's hours instead of
 * history, in proportion to the days of the week the plan covers.
 */

import { ForecastInputError } from './errors';
import { createRng, deriveSeed } from './prng';
import { quantileSorted } from './stats';
import { toEpochMs } from './time';
import type { Instant } from './types';

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
/** Weeks of history the capacity is sampled from (most recent first); older weeks are left out. */
export const DEFAULT_HISTORY_WEEKS = 26;
/** Consecutive history weeks drawn together. */
export const DEFAULT_BLOCK_WEEKS = 4;
/** A trial that has not used up its effort after this many weeks counts as "later than that". */
export const MAX_FORECAST_WEEKS = 520;
const DEFAULT_DATE_TRIALS = 4_000;

/** Work done: `amount` (hours, or whatever unit the effort forecast uses) spread evenly from start to end. */
export interface WorkSpan {
  start?: Instant | null;
  end: Instant;
  amount: number;
}

/**
 * Weekly totals of work for the weeks ending at `asOf`, oldest first: week
 * k (from the end) covers (asOf − (k+1)·7 days, asOf − k·7 days]. A span
 * with a start is spread over its days; without one it counts at its end.
 * Work after asOf is ignored. History starts at the first week with any
 * work, at most `maxWeeks` back.
 */
export function weeklyWork(spans: readonly WorkSpan[], asOf: Instant, maxWeeks = DEFAULT_HISTORY_WEEKS): Float64Array {
  const end = requireTime(asOf, 'asOf');
  if (!(Number.isInteger(maxWeeks) && maxWeeks >= 1)) throw new ForecastInputError(`maxWeeks must be a positive integer, got ${String(maxWeeks)}`);
  const weeks = new Float64Array(maxWeeks); // index 0 = most recent week
  const horizon = end - maxWeeks * WEEK_MS;
  spans.forEach((span, index) => {
    if (!(Number.isFinite(span.amount) && span.amount >= 0)) {
      throw new ForecastInputError(`work ${index}: amount must be a finite number ≥ 0, got ${String(span.amount)}`);
    }
    const stop = requireTime(span.end, `work ${index} end`);
    const rawStart = span.start === null || span.start === undefined ? stop : toEpochMs(span.start);
    const start = Number.isFinite(rawStart) && rawStart <= stop ? rawStart : stop;
    if (span.amount === 0 || start > end) return;
    const length = stop - start;
    if (length <= 0) {
      if (stop > horizon && stop <= end) weeks[Math.floor((end - stop) / WEEK_MS - 1e-9)]! += span.amount;
      return;
    }
    // Spread over [start, min(stop, end)] by week boundaries.
    const from = Math.max(start, horizon);
    const to = Math.min(stop, end);
    if (to <= from) return;
    const rate = span.amount / length;
    let at = to;
    while (at > from) {
      const k = Math.floor((end - at) / WEEK_MS + 1e-9);
      const weekStart = end - (k + 1) * WEEK_MS;
      const lo = Math.max(from, weekStart);
      weeks[Math.min(k, maxWeeks - 1)]! += rate * (at - lo);
      at = lo;
    }
  });
  let first = maxWeeks - 1;
  while (first > 0 && weeks[first] === 0) first--;
  if (weeks[first] === 0) return new Float64Array(0);
  const out = new Float64Array(first + 1);
  for (let k = 0; k <= first; k++) out[first - k] = weeks[k]!;
  return out;
}

export interface CapacityPlanPeriod {
  /** First day covered (inclusive). */
  from: Instant;
  /** Last day covered (inclusive); null = open-ended. */
  to: Instant | null;
  /** Work per week during the period (0 for a closure). */
  perWeek: number;
  /** Words for the explanation, e.g. "2 people from 2027-01-06". */
  label: string;
}

export interface EffortDistribution {
  /** Quantiles at increasing levels (e.g. the forecast's 5%…95% fan). */
  quantiles: readonly { p: number; value: number }[];
  min: number;
  max: number;
}

export interface DateForecastInput {
  asOf: Instant;
  effort: EffortDistribution;
  /** Weekly work history, oldest first (see weeklyWork). */
  weeklyHistory: ArrayLike<number>;
  plan?: readonly CapacityPlanPeriod[];
  trials?: number;
  seed?: number;
  blockWeeks?: number;
  /**
   * Pace drift: log(actual weeks / weeks at the history's mean pace) of finished
   * projects at a similar progress (paceResidual). Each trial draws one and
   * divides every history-based week's capacity by its exponential, so a
   * project-wide slowdown (stragglers, people moved on, a ramp-up) stays
   * with the trial instead of averaging out week by week. Plan weeks keep
   * the plan's hours. Empty or absent: no drift.
   */
  paceDrift?: ArrayLike<number>;
}

export interface PlanUse {
  label: string;
  /** Forecast weeks (counting from asOf, up to the P95 date) the period covers, in days ÷ 7. */
  weeks: number;
  perWeek: number;
}

export type DateForecast =
  | {
      kind: 'forecast';
      /** Epoch ms; Infinity when more than MAX_FORECAST_WEEKS. p05 is the early end of the 90% range. */
      p05: number;
      p50: number;
      p85: number;
      p95: number;
      weeks: { p05: number; p50: number; p85: number; p95: number };
      capacity: {
        historyWeeks: number;
        /** Weekly work in the history: 10th, 50th and 90th percentile, and the number of weeks with none. */
        p10: number;
        median: number;
        p90: number;
        emptyWeeks: number;
      };
      plan: PlanUse[];
      /** Pace drift drawn from (null without): how many residuals, and their median as a factor on the weeks. */
      paceDrift: { residuals: number; medianFactor: number; p10Factor: number; p90Factor: number } | null;
    }
  | { kind: 'no-forecast'; reason: string };

/**
 * Pace residual of a finished project at a cut: log(actual weeks from the cut
 * to the last completion / weeks the remaining actual effort takes at the mean
 * weekly work of the history known at the cut). 0 means the remaining work was
 * delivered at the history's mean pace; 0.7 that it took twice as long. Null
 * when nothing remains, no work was logged, or the end is not after the cut.
 */
export function paceResidual(history: ArrayLike<number>, remainingEffort: number, actualWeeks: number): number | null {
  if (!(remainingEffort > 0 && actualWeeks > 0) || history.length === 0) return null;
  let sum = 0;
  for (let i = 0; i < history.length; i++) sum += history[i]!;
  const mean = sum / history.length;
  if (!(mean > 0)) return null;
  return Math.log((actualWeeks * mean) / remainingEffort);
}

/** Inverse CDF of an effort distribution: linear between quantiles, min at level 0 and max at level 1. */
export function effortAt(effort: EffortDistribution, u: number): number {
  const qs = effort.quantiles;
  if (qs.length === 0) return effort.min + u * (effort.max - effort.min);
  let prevP = 0;
  let prevV = effort.min;
  for (const q of qs) {
    if (u <= q.p) return q.p > prevP ? prevV + ((u - prevP) / (q.p - prevP)) * (q.value - prevV) : q.value;
    prevP = q.p;
    prevV = q.value;
  }
  return prevP < 1 ? prevV + ((u - prevP) / (1 - prevP)) * (effort.max - prevV) : effort.max;
}

/** Share of a distribution at or below x (the inverse of effortAt): the forecast's PIT value for an outcome x. */
export function effortLevel(effort: EffortDistribution, x: number): number {
  const points = [{ p: 0, value: effort.min }, ...effort.quantiles, { p: 1, value: effort.max }];
  if (x <= points[0]!.value) return 0;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    if (x <= b.value) return b.value > a.value ? a.p + ((x - a.value) / (b.value - a.value)) * (b.p - a.p) : b.p;
  }
  return 1;
}

/** Completion dates with capacity drawn from history (and a plan where it applies). */
export function forecastCompletionDates(input: DateForecastInput): DateForecast {
  const start = requireTime(input.asOf, 'asOf');
  const trials = input.trials ?? DEFAULT_DATE_TRIALS;
  const block = input.blockWeeks ?? DEFAULT_BLOCK_WEEKS;
  if (!(Number.isInteger(trials) && trials >= 1)) throw new ForecastInputError(`trials must be a positive integer, got ${String(trials)}`);
  if (!(Number.isInteger(block) && block >= 1)) throw new ForecastInputError(`blockWeeks must be a positive integer, got ${String(block)}`);
  const history = Float64Array.from(input.weeklyHistory);
  for (let i = 0; i < history.length; i++) {
    if (!(Number.isFinite(history[i]!) && history[i]! >= 0)) throw new ForecastInputError(`weekly history ${i} must be a finite number ≥ 0`);
  }
  const periods = (input.plan ?? []).map((p, i) => {
    const from = requireTime(p.from, `capacity plan ${i} from`);
    const to = p.to === null ? Number.POSITIVE_INFINITY : requireTime(p.to, `capacity plan ${i} to`) + DAY_MS;
    if (to <= from) throw new ForecastInputError(`capacity plan ${i}: to is before from`);
    if (!(Number.isFinite(p.perWeek) && p.perWeek >= 0)) throw new ForecastInputError(`capacity plan ${i}: perWeek must be a finite number ≥ 0`);
    return { from, to, perWeek: p.perWeek, label: p.label };
  });
  const hasHistory = history.some((x) => x > 0);
  const planCovers = (w: number): { share: number; planned: number } => {
    const ws = start + w * WEEK_MS;
    const we = ws + WEEK_MS;
    let share = 0;
    let planned = 0;
    for (const p of periods) {
      const overlap = Math.max(0, Math.min(we, p.to) - Math.max(ws, p.from)) / WEEK_MS;
      if (overlap <= 0) continue;
      const take = Math.min(overlap, 1 - share);
      share += take;
      planned += take * p.perWeek;
      if (share >= 1) break;
    }
    return { share, planned };
  };
  const planWeeks: { share: number; planned: number }[] = [];
  for (let w = 0; w < MAX_FORECAST_WEEKS; w++) planWeeks.push(planCovers(w));
  if (!hasHistory && !planWeeks.some((c) => c.planned > 0)) {
    return { kind: 'no-forecast', reason: 'no forecast: no work has been logged and no capacity plan gives any hours' };
  }
  const drift = Float64Array.from(input.paceDrift ?? []);
  for (let i = 0; i < drift.length; i++) {
    if (!Number.isFinite(drift[i]!)) throw new ForecastInputError(`pace drift ${i} must be a finite number`);
  }
  const rng = createRng(deriveSeed(input.seed ?? 1, 0xda7e));
  const driftRng = createRng(deriveSeed(input.seed ?? 1, 0xd21f));
  const n = history.length;
  const blockLength = Math.min(block, Math.max(1, n));
  const results = new Float64Array(trials);
  for (let t = 0; t < trials; t++) {
    let remaining = effortAt(input.effort, rng.next());
    const pace = drift.length > 0 ? Math.exp(-drift[driftRng.nextInt(drift.length)]!) : 1;
    let w = 0;
    let blockStart = 0;
    let inBlock = blockLength;
    let weeks = Number.POSITIVE_INFINITY;
    if (!(remaining > 0)) weeks = 0;
    while (remaining > 0 && w < MAX_FORECAST_WEEKS) {
      if (inBlock >= blockLength) {
        blockStart = n > 0 ? rng.nextInt(Math.max(1, n - blockLength + 1)) : 0;
        inBlock = 0;
      }
      const sampled = n > 0 ? history[blockStart + inBlock]! : 0;
      inBlock++;
      const c = planWeeks[w]!;
      const capacity = c.planned + (1 - c.share) * sampled * pace;
      if (capacity >= remaining) {
        weeks = w + remaining / capacity;
        remaining = 0;
        break;
      }
      remaining -= capacity;
      w++;
    }
    results[t] = weeks;
  }
  results.sort();
  const q = (p: number): number => quantileSorted(results, p);
  const weeks = { p05: q(0.05), p50: q(0.5), p85: q(0.85), p95: q(0.95) };
  const date = (w: number): number => (Number.isFinite(w) ? start + Math.ceil(w * 7) * DAY_MS : Number.POSITIVE_INFINITY);
  const sortedHistory = Float64Array.from(history).sort();
  const horizonWeeks = Number.isFinite(weeks.p95) ? Math.ceil(weeks.p95) : MAX_FORECAST_WEEKS;
  const plan: PlanUse[] = [];
  for (const p of periods) {
    const from = Math.max(p.from, start);
    const to = Math.min(p.to, start + horizonWeeks * WEEK_MS);
    const covered = Math.max(0, to - from) / WEEK_MS;
    if (covered > 0) plan.push({ label: p.label, weeks: covered, perWeek: p.perWeek });
  }
  return {
    kind: 'forecast',
    p05: date(weeks.p05),
    p50: date(weeks.p50),
    p85: date(weeks.p85),
    p95: date(weeks.p95),
    weeks,
    capacity: {
      historyWeeks: n,
      p10: n > 0 ? quantileSorted(sortedHistory, 0.1) : 0,
      median: n > 0 ? quantileSorted(sortedHistory, 0.5) : 0,
      p90: n > 0 ? quantileSorted(sortedHistory, 0.9) : 0,
      emptyWeeks: sortedHistory.filter((x) => x === 0).length,
    },
    plan,
    paceDrift: drift.length > 0 ? paceDriftSummary(drift) : null,
  };
}

function paceDriftSummary(drift: Float64Array): { residuals: number; medianFactor: number; p10Factor: number; p90Factor: number } {
  const sorted = Float64Array.from(drift).sort();
  return {
    residuals: sorted.length,
    medianFactor: Math.exp(quantileSorted(sorted, 0.5)),
    p10Factor: Math.exp(quantileSorted(sorted, 0.1)),
    p90Factor: Math.exp(quantileSorted(sorted, 0.9)),
  };
}

function requireTime(instant: Instant, what: string): number {
  const ms = toEpochMs(instant);
  if (!Number.isFinite(ms)) throw new ForecastInputError(`${what}: not a valid date (${String(instant)})`);
  return ms;
}
