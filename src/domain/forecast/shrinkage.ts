/**
 * Evidence-weighted shrinkage of the team's level towards the published
 * prior (ADR 0100, "Learning the team").
 *
 * The team's Σactual/Σestimate is an estimate of its level with a sampling
 * variance that falls as finished items accumulate; the CESAW prior says
 * how far whole projects' levels sit from the pool (between-project
 * variance τ²). The normal–normal empirical-Bayes combination weighs the two
 * by their precision:
 *
 *   w = τ² / (τ² + s²),   s² = v / n_eff
 *
 * where v is the per-item squared coefficient of variation of the
 * estimate-weighted ratio (taken from the prior pool, which is stable even
 * when the team has three items) and n_eff = (Σe)² / Σe² is the effective
 * number of finished items (an item of 40 hours counts more than one of 10
 * minutes). So w grows with evidence, is 0 with no history and reaches 50%
 * at n_eff = v / τ², with no count at which it switches over. The per-item
 * pool is then a mixture: a share w of draws from the team's own ratios and
 * 1 − w from the prior's.
 */

import type { PriorConstants } from './prior-fit';
import { interpolateQuantileTable } from './stats';

export interface ShrinkagePrior {
  /** Mean of the prior pool (≈ the pooled Σactual/Σestimate). */
  priorLevel: number;
  /** τ²: variance of log(project level) across projects. */
  betweenProjectVariance: number;
  /** v: squared coefficient of variation of one item's ratio, estimate-weighted. */
  perItemCv2: number;
}

export interface TeamWeight {
  /** Share of the per-item draws from the team's own history, 0..1. */
  weight: number;
  /** (Σe)² / Σe² over the team's finished items. */
  effectiveItems: number;
  /** n_eff at which the team's history and the prior weigh the same. */
  halfWeightAt: number;
}

const EXPANSION = 201;

export function shrinkagePrior(prior: PriorConstants): ShrinkagePrior {
  const pool = prior.taskRatioPool;
  let mean = 0;
  for (const x of pool) mean += x;
  mean /= pool.length;
  let v = 0;
  for (const x of pool) v += (x - mean) ** 2;
  v /= pool.length;
  const levels = prior.projectLevelLogQuantiles;
  let lm = 0;
  let lv = 0;
  if (levels.length > 1) {
    const xs = Array.from({ length: EXPANSION }, (_, i) => interpolateQuantileTable(levels, (i + 0.5) / EXPANSION));
    lm = xs.reduce((s, x) => s + x, 0) / xs.length;
    lv = xs.reduce((s, x) => s + (x - lm) ** 2, 0) / xs.length;
  }
  return { priorLevel: mean, betweenProjectVariance: lv, perItemCv2: mean > 0 ? v / (mean * mean) : 0 };
}

export function teamWeight(estimates: ArrayLike<number>, sp: ShrinkagePrior): TeamWeight {
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < estimates.length; i++) {
    const e = estimates[i]!;
    s1 += e;
    s2 += e * e;
  }
  const effectiveItems = s2 > 0 ? (s1 * s1) / s2 : 0;
  const halfWeightAt = sp.betweenProjectVariance > 0 ? sp.perItemCv2 / sp.betweenProjectVariance : Number.POSITIVE_INFINITY;
  if (effectiveItems === 0) return { weight: 0, effectiveItems, halfWeightAt };
  if (!Number.isFinite(halfWeightAt)) return { weight: 0, effectiveItems, halfWeightAt };
  return { weight: effectiveItems / (effectiveItems + halfWeightAt), effectiveItems, halfWeightAt };
}

/** The level the per-item mixture implies: w × team ratio + (1 − w) × prior level. */
export function shrunkLevel(sumActual: number, sumEstimate: number, weight: number, sp: ShrinkagePrior): number {
  const own = sumEstimate > 0 ? sumActual / sumEstimate : sp.priorLevel;
  return weight * own + (1 - weight) * sp.priorLevel;
}
