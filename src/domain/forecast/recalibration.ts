/**
 * Recalibration from the forecast's own track record (ADR 0100,
 * "Recalibration").
 *
 * Once a forecast's work is done, it is judged: the outcome either came in at
 * or under each of its quantiles or it did not. For each level τ the
 * correction is the τ-quantile of log(outcome / forecast_τ) over the judged
 * forecasts (conformalised quantiles, as in Romano et al.'s CQR, on a log
 * scale): if past P85s held exactly 85% of the time it is 0, if they held
 * only 70% it is the factor by which they would have had to be larger.
 * A new forecast's quantiles are multiplied by exp(correction), then kept in
 * order. Only forecasts judged before "now" may be used; the caller passes
 * exactly those. Forecasts of one project are strongly correlated, so the
 * correction needs judged forecasts from at least `minGroups` projects.
 */

import { quantileSorted, sortedCopy } from './stats';

export const RECALIBRATION_LEVELS = { p05: 0.05, p50: 0.5, p85: 0.85, p95: 0.95 } as const;
export type Level = keyof typeof RECALIBRATION_LEVELS;
export type Quantiles = Record<Level, number>;
export const DEFAULT_MIN_GROUPS = 3;

export interface JudgedForecast extends Quantiles {
  /** What actually happened (same unit as the quantiles; > 0). */
  actual: number;
  /** Project (or engagement) the forecast was for. */
  group: string;
  /**
   * The outcome is not known yet, only that it is above `actual` (a project still running at "now":
   * its remaining work has taken at least that long). Such forecasts enter the correction as
   * right-censored errors (Kaplan–Meier), so a record does not consist only of the projects that
   * were quick enough to have finished already.
   */
  censored?: boolean;
}

export interface QuantileCorrection {
  applied: boolean;
  /** Judged forecasts and distinct projects behind the correction. */
  judged: number;
  groups: number;
  /** Multiplicative factor per level (1 = unchanged). */
  factors: Quantiles;
  /** Share of past forecasts whose outcome was ≤ each quantile, before correction. */
  pastHitRate: Quantiles;
  reason: string;
}

const LEVELS = Object.keys(RECALIBRATION_LEVELS) as Level[];
const ONES: Quantiles = { p05: 1, p50: 1, p85: 1, p95: 1 };

export interface CorrectionOptions {
  /**
   * Finite-sample (split-conformal) level for the upper quantiles: τ(n + 1) / n instead of τ, with n the
   * judged forecasts ('forecasts') or the projects behind them ('groups'). Default 'none'.
   */
  finiteSample?: 'none' | 'forecasts' | 'groups';
  /**
   * Levels at which the record's still-open (censored) forecasts count; at the others they are left out
   * and only judged forecasts decide. Default: all four.
   */
  censoredAt?: readonly Level[];
}

/**
 * `pool` (≥ 0): partial pooling towards no correction, the log-factor times groups / (groups + pool), so a
 * record of one or two projects moves the quantiles part of the way (0: the full correction).
 * Forecasts marked `censored` (still open at "now") enter through the Kaplan–Meier estimate of the
 * log-errors at the levels of `censoredAt`; the count of projects that decides `minGroups` is of
 * judged forecasts only.
 */
export function quantileCorrection(judged: readonly JudgedForecast[], minGroups = DEFAULT_MIN_GROUPS, pool = 0, options: CorrectionOptions = {}): QuantileCorrection {
  const all = judged.filter((j) => j.actual > 0 && LEVELS.every((l) => j[l] > 0 && Number.isFinite(j[l])));
  const usable = all.filter((j) => !j.censored);
  const open = all.filter((j) => j.censored);
  const groups = new Set(usable.map((j) => j.group)).size;
  const pastHitRate = { ...ONES };
  for (const l of LEVELS) pastHitRate[l] = usable.length > 0 ? usable.filter((j) => j.actual <= j[l]).length / usable.length : 0;
  if (groups < minGroups) {
    return {
      applied: false,
      judged: usable.length,
      groups,
      factors: { ...ONES },
      pastHitRate,
      reason: `${groups} project(s) with judged forecasts; a correction needs ${minGroups}`,
    };
  }
  const finiteSample = options.finiteSample ?? 'none';
  const censoredAt = new Set(options.censoredAt ?? LEVELS);
  const factors = { ...ONES };
  let censoredUsed = 0;
  for (const l of LEVELS) {
    const tau = RECALIBRATION_LEVELS[l];
    const n = finiteSample === 'groups' ? groups : usable.length;
    const level = finiteSample === 'none' || tau <= 0.5 ? tau : Math.min(1, (tau * (n + 1)) / n);
    const errors = usable.map((j) => Math.log(j.actual / j[l]));
    const withOpen = open.length > 0 && censoredAt.has(l);
    if (withOpen) censoredUsed = open.length;
    const quantile = withOpen
      ? kaplanMeierQuantile(
          errors,
          open.map((j) => Math.log(j.actual / j[l])),
          level,
        )
      : quantileSorted(sortedCopy(errors), level);
    factors[l] = Math.exp(quantile * (groups / (groups + pool)));
  }
  return {
    applied: true,
    judged: usable.length,
    groups,
    factors,
    pastHitRate,
    reason: `${usable.length} judged forecast(s) of ${groups} project(s)${censoredUsed > 0 ? `, ${censoredUsed} still open (counted as at least as late as now)` : ''}`,
  };
}

/**
 * The level-τ quantile of a distribution known from observed values and right-censored ones
 * (the value is above the censoring point), by the Kaplan–Meier estimate. Each observed value
 * carries the KM jump at it; between them the quantile is interpolated as `quantileSorted` does
 * (with no censored value, or with censored values above every observed one, it is exactly
 * `quantileSorted` of the observed values up to the reachable level). Where the estimate never
 * reaches τ (too much of the record still open), the KM mass left is spread evenly over the
 * open values beyond the last observed one, in order, and the first one where τ is reached is
 * returned: the smallest value the record allows, a lower bound.
 */
export function kaplanMeierQuantile(observed: readonly number[], censored: readonly number[], tau: number): number {
  const points = [...observed.map((v) => ({ v, dead: true })), ...censored.map((v) => ({ v, dead: false }))];
  if (points.length === 0) return 0;
  // At equal values the observed ones go first: a value censored at t was still at risk at t.
  points.sort((a, b) => a.v - b.v || (a.dead === b.dead ? 0 : a.dead ? -1 : 1));
  // KM jumps at the observed values, in order.
  const values: number[] = [];
  const jumps: number[] = [];
  let survival = 1;
  let atRisk = points.length;
  let i = 0;
  while (i < points.length) {
    const v = points[i]!.v;
    let deaths = 0;
    let leaving = 0;
    while (i < points.length && points[i]!.v === v) {
      if (points[i]!.dead) deaths++;
      leaving++;
      i++;
    }
    if (deaths > 0) {
      const jump = survival * (deaths / atRisk);
      survival -= jump;
      // tied observed values each carry their share, as repeated values do in quantileSorted
      for (let d = 0; d < deaths; d++) {
        values.push(v);
        jumps.push(jump / deaths);
      }
    }
    atRisk -= leaving;
  }
  const reached = 1 - survival;
  if (values.length > 0 && tau <= reached + 1e-12) {
    // Positions as quantileSorted's: the first value at level 0, the last at the reachable level, in
    // between by cumulative mass before each value, scaled so equal masses give (k − 1)/(n − 1) · reached.
    const n = values.length;
    if (n === 1) return values[0]!;
    const last = jumps[n - 1]!;
    const scale = reached / (reached - last);
    let before = 0;
    let prevPos = 0;
    for (let k = 0; k < n; k++) {
      const pos = before * scale;
      if (tau <= pos + 1e-12) {
        if (k === 0) return values[0]!;
        const a = values[k - 1]!;
        const b = values[k]!;
        return a + ((tau - prevPos) / (pos - prevPos)) * (b - a);
      }
      prevPos = pos;
      before += jumps[k]!;
    }
    return values[n - 1]!;
  }
  // Not reached: the remaining mass over the open values beyond the last observed one.
  const lastObserved = values.length > 0 ? values[values.length - 1]! : Number.NEGATIVE_INFINITY;
  const open = points.filter((p) => !p.dead && p.v >= lastObserved).map((p) => p.v);
  if (open.length === 0) return values[values.length - 1] ?? 0;
  let f = reached;
  for (const v of open) {
    f += survival / open.length;
    if (f >= tau - 1e-12) return v;
  }
  return open[open.length - 1]!;
}

/** Applies a correction and keeps the quantiles in order (each at least the one below). */
export function applyCorrection(q: Quantiles, c: QuantileCorrection): Quantiles {
  if (!c.applied) return { ...q };
  const out = { ...q };
  let floor = 0;
  for (const l of LEVELS) {
    out[l] = Math.max(floor, q[l] * c.factors[l]);
    floor = out[l];
  }
  return out;
}
