/**
 * Fits the constants of the CESAW prior (see prior.ts). Pure: the CLI
 * command `forecast fit-prior --csv tasks.csv.gz --map cesaw` loads the data
 * and prints the result, and prior.unit.test.ts re-derives the embedded
 * constants from the data file when it is present.
 */

import { driftValue, MIN_REPLAY_PROJECT_TASKS, replayResiduals } from './drift';
import { quantileSorted, sortedCopy, systematicPool } from './stats';
import type { ReplayResidual } from './types';

export interface PriorProjectInput {
  id: string;
  /** Tasks with estimate > 0 and actual > 0, in completion order. */
  pairs: readonly { estimate: number; actual: number; completedAt: number }[];
  /** `replayResiduals(pairs)`, when already computed (saves the per-item skew Monte Carlo). */
  residuals?: readonly ReplayResidual[];
}

export interface PriorBand {
  /** Progress (completed share of the estimate) below which this band applies. */
  upTo: number;
  /** log drift quantiles at 0, 5%, ..., 100%. */
  quantiles: readonly number[];
}

export interface PriorConstants {
  fittedOn: { tasks: number; projects: number; replayProjects: number; from: string; to: string };
  /** Σactual/Σestimate over all tasks. */
  pooledRatio: number;
  /** 128 actual/estimate ratios at estimate-weighted quantiles (k + 0.5)/128: the per-item pool. */
  taskRatioPool: readonly number[];
  /** log(project ratio / pooled ratio) quantiles at 0, 5%, ..., 100% over projects with ≥100 tasks. */
  projectLevelLogQuantiles: readonly number[];
  /** Replay residual quantiles by progress band, projects with ≥100 tasks. */
  driftLogQuantilesByProgress: readonly PriorBand[];
}

export const PRIOR_POOL_SIZE = 128;
const QUANTILE_LEVELS = Array.from({ length: 21 }, (_, i) => i / 20);
const PROGRESS_BANDS = [1 / 3, 2 / 3, 1.000001];

export function fitPrior(projects: readonly PriorProjectInput[]): PriorConstants {
  const all = projects.flatMap((p) => p.pairs);
  if (all.length === 0) throw new RangeError('fitPrior needs at least one task');
  const ratios = all.map((p) => p.actual / p.estimate);
  const weights = all.map((p) => p.estimate);
  const sumActual = all.reduce((s, p) => s + p.actual, 0);
  const sumEstimate = all.reduce((s, p) => s + p.estimate, 0);
  const pooledRatio = sumActual / sumEstimate;

  // Sort by ratio so the systematic pool reads off weighted quantiles.
  const order = ratios.map((_, i) => i).sort((a, b) => ratios[a]! - ratios[b]!);
  const pool = systematicPool(
    order.map((i) => ratios[i]!),
    order.map((i) => weights[i]!),
    PRIOR_POOL_SIZE,
  );

  const large = projects.filter((p) => p.pairs.length >= MIN_REPLAY_PROJECT_TASKS);
  const levels = large.map((p) => {
    const a = p.pairs.reduce((s, x) => s + x.actual, 0);
    const e = p.pairs.reduce((s, x) => s + x.estimate, 0);
    return Math.log(a / e / pooledRatio);
  });
  const residuals = large.flatMap((p) => p.residuals ?? replayResiduals(p.pairs));
  const bands: PriorBand[] = [];
  let lower = 0;
  for (const upTo of PROGRESS_BANDS) {
    const inBand = residuals.filter((r) => r.progress >= lower && r.progress < upTo).map((r) => driftValue(r));
    if (inBand.length > 0) bands.push({ upTo: Math.min(1, round(upTo)), quantiles: quantiles(inBand) });
    lower = upTo;
  }

  const times = all.map((p) => p.completedAt);
  return {
    fittedOn: {
      tasks: all.length,
      projects: projects.length,
      replayProjects: large.length,
      from: isoDate(Math.min(...times)),
      to: isoDate(Math.max(...times)),
    },
    pooledRatio: round(pooledRatio),
    taskRatioPool: Array.from(pool, round),
    projectLevelLogQuantiles: levels.length > 0 ? quantiles(levels) : [0],
    driftLogQuantilesByProgress: bands,
  };
}

function quantiles(values: readonly number[]): number[] {
  const sorted = sortedCopy(values);
  return QUANTILE_LEVELS.map((p) => round(quantileSorted(sorted, p)));
}

function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
