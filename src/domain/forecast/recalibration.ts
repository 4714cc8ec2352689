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

/**
 * `pool` (≥ 0): partial pooling towards no correction, the log-factor times groups / (groups + pool), so a
 * record of one or two projects moves the quantiles part of the way (0: the full correction).
 */
export function quantileCorrection(judged: readonly JudgedForecast[], minGroups = DEFAULT_MIN_GROUPS, pool = 0): QuantileCorrection {
  const usable = judged.filter((j) => j.actual > 0 && LEVELS.every((l) => j[l] > 0 && Number.isFinite(j[l])));
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
  const factors = { ...ONES };
  for (const l of LEVELS) {
    const logErrors = sortedCopy(usable.map((j) => Math.log(j.actual / j[l])));
    factors[l] = Math.exp(quantileSorted(logErrors, RECALIBRATION_LEVELS[l]) * (groups / (groups + pool)));
  }
  return {
    applied: true,
    judged: usable.length,
    groups,
    factors,
    pastHitRate,
    reason: `${usable.length} judged forecast(s) of ${groups} project(s)`,
  };
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
