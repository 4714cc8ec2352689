/**
 * The shared ("project-level") multiplier.
 *
 * Task outcomes in one project are correlated: a team that runs late runs
 * late on most of its remaining tasks, and on CESAW the later part of a
 * project overruns more than its early part predicts (completion order also
 * favours tasks that went well — they finish first). Summing independent
 * per-task draws cancels that out: with hundreds of remaining tasks the sum's
 * relative spread shrinks like 1/sqrt(n) and the forecast becomes far too
 * sure of itself (ADR 0100 has the measured numbers).
 *
 * We therefore multiply every trial's sum by one shared draw
 *   M = D × B
 * where
 *  - D ("drift") is how far the remaining work's actual/estimate level ended
 *    up from the completed work's level in comparable situations: replay
 *    residuals of finished projects at similar progress, else of the team's
 *    own history, else the CESAW prior. Residuals are used net of the
 *    per-item skew they already contain (perItemLogMedian), since every
 *    trial draws its own per-item sum on top;
 *  - B ("level uncertainty") is a Bayesian-bootstrap replicate of the team's
 *    own actual/estimate level divided by its point value — it widens the
 *    forecast when the history is short.
 */

import { runKernel } from './kernel';
import { deriveSeed, type Rng, seedState, U32_TO_UNIT } from './prng';
import type { PriorConstants } from './prior-fit';
import { type ShrinkagePrior, shrunkLevel } from './shrinkage';
import { toEpochMs } from './time';
import { interpolateQuantileTable, quantileSorted, sortedCopy, systematicPool, weightedPoolSize } from './stats';
import type { CompletedProjectReplay, ReplayResidual, SharedMultiplierMode, SharedMultiplierSource } from './types';

/** Checkpoints (share of tasks completed) at which finished projects are replayed. */
export const REPLAY_FRACTIONS: readonly number[] = Array.from({ length: 17 }, (_, i) => (10 + 5 * i) / 100);
/** Cut points used when a team replays its own (unfinished) history. */
export const OWN_REPLAY_FRACTIONS: readonly number[] = [0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8];
/**
 * A finished project contributes replay residuals only with at least this
 * many tasks. Residuals of small projects are dominated by per-task noise,
 * which the per-item draws already model; counting it twice made the ranges
 * too wide in the back-test (P85 hit 90%, P95 96% with a threshold of 50).
 */
export const MIN_REPLAY_PROJECT_TASKS = 100;
const MIN_SIDE = 5;
/** Monte Carlo trials for a replay point's per-item median shift (its standard error is well under 0.01 in log). */
const PER_ITEM_SKEW_TRIALS = 1_000;
const PER_ITEM_SKEW_SEED = 0x5eed;

export interface EstimateActual {
  estimate: number;
  actual: number;
}

/**
 * Replays pairs (in completion order): at each fraction f, cut after
 * floor(n·f) items and compare the actual total of the rest with what the
 * completed part's aggregate ratio Σactual/Σestimate predicted.
 * Returns log(actual rest / predicted rest) with the progress (share of the
 * total estimate completed) at the cut, and the per-item skew at that cut
 * (`perItemLogMedian`, see perItemLogMedian). Cuts leaving fewer than 5 items
 * on a side, or zero actual effort, are skipped.
 */
export function replayResiduals(
  pairs: readonly EstimateActual[],
  fractions: readonly number[] = REPLAY_FRACTIONS,
  shrinkage?: ShrinkagePrior,
): ReplayResidual[] {
  const n = pairs.length;
  const cumEstimate = new Float64Array(n + 1);
  const cumActual = new Float64Array(n + 1);
  const cumSquare = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) {
    cumEstimate[i + 1] = cumEstimate[i]! + pairs[i]!.estimate;
    cumActual[i + 1] = cumActual[i]! + pairs[i]!.actual;
    cumSquare[i + 1] = cumSquare[i]! + pairs[i]!.estimate ** 2;
  }
  const totalEstimate = cumEstimate[n]!;
  const totalActual = cumActual[n]!;
  const out: ReplayResidual[] = [];
  for (const f of fractions) {
    const cut = Math.floor(n * f);
    if (cut < MIN_SIDE || n - cut < MIN_SIDE) continue;
    const doneEstimate = cumEstimate[cut]!;
    const doneActual = cumActual[cut]!;
    const restEstimate = totalEstimate - doneEstimate;
    const restActual = totalActual - doneActual;
    if (!(doneEstimate > 0 && doneActual > 0 && restEstimate > 0 && restActual > 0)) continue;
    // With evidence-weighted shrinkage the forecast's level is the shrunk one, so the residual is measured against it.
    let level = doneActual / doneEstimate;
    if (shrinkage) {
      const nEff = (doneEstimate * doneEstimate) / cumSquare[cut]!;
      const k = shrinkage.betweenProjectVariance > 0 ? shrinkage.perItemCv2 / shrinkage.betweenProjectVariance : Number.POSITIVE_INFINITY;
      level = shrunkLevel(doneActual, doneEstimate, Number.isFinite(k) ? nEff / (nEff + k) : 0, shrinkage);
    }
    const predicted = restEstimate * level;
    const residual: ReplayResidual = { progress: doneEstimate / totalEstimate, logResidual: Math.log(restActual / predicted) };
    const skew = perItemLogMedian(pairs, cut, deriveSeed(PER_ITEM_SKEW_SEED, n, cut));
    if (Number.isFinite(skew)) residual.perItemLogMedian = skew;
    out.push(residual);
  }
  return out;
}

/**
 * log(median / mean) of the per-item sum a forecast made at `cut` would draw
 * for the remaining items: each remaining estimate times a ratio resampled,
 * estimate-weighted, from the completed items (the team pool of forecast.ts).
 * Ratios are right-skewed, so the median of the sum sits below its mean (by
 * about 1% on CESAW, more when few items remain). The realised remaining
 * total of a finished project already shows that shift, and a forecast adds
 * its own per-item draws on top of the drift, so drift.ts subtracts this from
 * the residual; otherwise the skew lowers every forecast's median twice.
 * Deterministic (fixed seed); NaN when the sum's median is 0.
 */
export function perItemLogMedian(pairs: readonly EstimateActual[], cut: number, seed: number): number {
  const ratios = new Float64Array(cut);
  const weights = new Float64Array(cut);
  for (let i = 0; i < cut; i++) {
    ratios[i] = pairs[i]!.actual / pairs[i]!.estimate;
    weights[i] = pairs[i]!.estimate;
  }
  const pool = systematicPool(ratios, weights, weightedPoolSize(cut));
  let poolMean = 0;
  for (let k = 0; k < pool.length; k++) poolMean += pool[k]!;
  poolMean /= pool.length;
  const rest = pairs.length - cut;
  const estimates = new Float64Array(rest);
  let restEstimate = 0;
  for (let i = 0; i < rest; i++) {
    estimates[i] = pairs[cut + i]!.estimate;
    restEstimate += estimates[i]!;
  }
  const { perItemSums } = runKernel(
    {
      estimates,
      poolOffsets: new Int32Array(rest),
      poolLengths: new Float64Array(rest).fill(pool.length),
      pools: pool,
      driftMultipliers: Float64Array.of(1),
      levelMultipliers: Float64Array.of(1),
    },
    PER_ITEM_SKEW_TRIALS,
    seedState(seed),
  );
  const median = quantileSorted(sortedCopy(perItemSums), 0.5);
  return median > 0 && poolMean > 0 ? Math.log(median / (poolMean * restEstimate)) : Number.NaN;
}

/** The drift value of a replay point: its residual, net of the per-item skew unless `net` is false. */
export function driftValue(r: ReplayResidual, net = true): number {
  return net ? r.logResidual - (r.perItemLogMedian ?? 0) : r.logResidual;
}

/** Replays a finished project, or returns null when it is too small to contribute. */
export function completedProjectReplay(
  id: string,
  endedAt: number,
  pairsInCompletionOrder: readonly EstimateActual[],
  shrinkage?: ShrinkagePrior,
): CompletedProjectReplay | null {
  if (pairsInCompletionOrder.length < MIN_REPLAY_PROJECT_TASKS) return null;
  return { id, endedAt, residuals: replayResiduals(pairsInCompletionOrder, REPLAY_FRACTIONS, shrinkage) };
}

export interface DriftChoice {
  source: SharedMultiplierSource;
  reason: string;
  /** Log-multipliers to resample uniformly (empirical residuals or an expanded prior table). */
  logDrift: Float64Array;
  samples: number;
  projects: number;
  /** When the contributing completed projects ended (epoch ms); null unless source is 'completed-projects'. */
  endedBetween: { from: number; to: number } | null;
}

export interface DriftRequest {
  mode: SharedMultiplierMode;
  prior: PriorConstants;
  progress: number;
  completedProjects: readonly CompletedProjectReplay[];
  /** Team pairs in completion order (for the own-history replay). */
  teamInOrder: readonly EstimateActual[];
  /** True when per-item draws come from the prior (no usable team history). */
  onPrior: boolean;
  minCompletedProjects: number;
  progressBand: number;
  minOwnReplayHistory: number;
  /** Use residuals net of the per-item skew (see perItemLogMedian); default true. */
  netPerItemSkew?: boolean;
}

const MIN_BAND_RESIDUALS = 5;
const PRIOR_TABLE_EXPANSION = 201;

/**
 * Picks the drift distribution, with the reason. The chain depends on the mode:
 *  - 'auto':          completed projects → CESAW prior
 *  - 'own-history':   completed projects → the team's own replay → prior
 *  - 'none':          no shared multiplier (independent items; for measurement only)
 * ADR 0100 explains why the team's own replay is not in the default chain.
 */
export function chooseDrift(req: DriftRequest): DriftChoice {
  if (req.mode === 'none') {
    return {
      source: 'none',
      reason: 'shared multiplier disabled: every item is sampled independently',
      logDrift: Float64Array.of(0),
      samples: 0,
      projects: 0,
      endedBetween: null,
    };
  }
  if (req.onPrior) {
    return priorProjectLevel(req.prior, 'no usable team history, so the project-level spread of the CESAW prior applies');
  }
  const notes: string[] = [];
  const fromProjects = driftFromCompletedProjects(req);
  if ('choice' in fromProjects) return fromProjects.choice;
  notes.push(fromProjects.reason);
  if (req.mode === 'own-history') {
    const own = req.teamInOrder.length >= req.minOwnReplayHistory ? replayResiduals(req.teamInOrder, OWN_REPLAY_FRACTIONS) : [];
    if (own.length >= 2) {
      notes.push(`replayed the team's own ${req.teamInOrder.length} finished items at ${own.length} cut points`);
      return {
        source: 'own-history',
        reason: notes.join('; '),
        logDrift: Float64Array.from(own, (r) => driftValue(r, req.netPerItemSkew ?? true)),
        samples: own.length,
        projects: 0,
        endedBetween: null,
      };
    }
    notes.push(`team history of ${req.teamInOrder.length} items is too short to replay (needs ${req.minOwnReplayHistory})`);
  }
  return priorDrift(req.prior, req.progress, notes.join('; '));
}

function driftFromCompletedProjects(req: DriftRequest): { choice: DriftChoice } | { reason: string } {
  const usable = req.completedProjects.filter((p) => p.residuals.length > 0);
  if (usable.length < req.minCompletedProjects) {
    return {
      reason: `${usable.length} completed project(s) with replays (needs ${req.minCompletedProjects})`,
    };
  }
  const values: number[] = [];
  let contributing = 0;
  let from = Number.POSITIVE_INFINITY;
  let to = Number.NEGATIVE_INFINITY;
  for (const project of usable) {
    let any = false;
    for (const r of project.residuals) {
      if (Math.abs(r.progress - req.progress) <= req.progressBand) {
        values.push(driftValue(r, req.netPerItemSkew ?? true));
        any = true;
      }
    }
    if (any) {
      contributing++;
      const ended = toEpochMs(project.endedAt);
      if (ended < from) from = ended;
      if (ended > to) to = ended;
    }
  }
  if (values.length < MIN_BAND_RESIDUALS) {
    return {
      reason: `only ${values.length} replay point(s) of completed projects near progress ${pct(req.progress)}`,
    };
  }
  return {
    choice: {
      source: 'completed-projects',
      reason: `${values.length} replay points from ${contributing} completed project(s) at progress ${pct(req.progress)} ± ${pct(req.progressBand)}`,
      logDrift: Float64Array.from(values),
      samples: values.length,
      projects: contributing,
      endedBetween: Number.isFinite(from) ? { from, to } : null,
    },
  };
}

function priorDrift(prior: PriorConstants, progress: number, reason: string): DriftChoice {
  const bands = prior.driftLogQuantilesByProgress;
  const band = bands.find((b) => progress < b.upTo) ?? bands.at(-1);
  if (!band) return priorProjectLevel(prior, `${reason}; the prior has no drift table, used its project-level spread`);
  return {
    source: 'prior',
    reason: `${reason}; used the CESAW prior drift for progress below ${pct(band.upTo)}`,
    logDrift: expandTable(band.quantiles),
    samples: band.quantiles.length,
    projects: 0,
    endedBetween: null,
  };
}

function priorProjectLevel(prior: PriorConstants, reason: string): DriftChoice {
  return {
    source: 'prior',
    reason,
    logDrift: expandTable(prior.projectLevelLogQuantiles),
    samples: prior.projectLevelLogQuantiles.length,
    projects: 0,
    endedBetween: null,
  };
}

/** Expands a quantile table into evenly spaced inverse-CDF points, so uniform resampling is smooth. */
function expandTable(table: readonly number[]): Float64Array {
  const out = new Float64Array(PRIOR_TABLE_EXPANSION);
  for (let i = 0; i < out.length; i++) out[i] = interpolateQuantileTable(table, (i + 0.5) / out.length);
  return out;
}

/**
 * Bayesian bootstrap of the aggregate ratio Σactual/Σestimate: each replicate
 * reweights the pairs with Exp(1) weights (a flat Dirichlet) and is returned
 * relative to the point value, so its spread is the uncertainty of the
 * team's level. A fixed number of replicates is computed once and resampled
 * per trial, which keeps the cost at O(replicates × pairs) instead of
 * O(trials × pairs).
 */
export function levelReplicates(pairs: readonly EstimateActual[], replicates: number, rng: Rng): Float64Array {
  const out = new Float64Array(replicates);
  let sumEstimate = 0;
  let sumActual = 0;
  for (const p of pairs) {
    sumEstimate += p.estimate;
    sumActual += p.actual;
  }
  if (pairs.length === 0 || !(sumActual > 0)) return out.fill(1);
  const point = sumActual / sumEstimate;
  if (pairs.length > LEVEL_EXACT_MAX_PAIRS) return linearisedLevelReplicates(pairs, point, sumEstimate, out, rng);
  const n = pairs.length;
  const actual = Float64Array.from(pairs, (p) => p.actual);
  const estimate = Float64Array.from(pairs, (p) => p.estimate);
  // The draws are rng.next() inlined (xoshiro128** on local state, written back
  // at the end): the same stream and numbers, without a call per draw. This
  // loop is O(replicates × pairs), the largest cost of a forecast on a long history.
  const state = rng.state;
  let s0 = state[0]!;
  let s1 = state[1]!;
  let s2 = state[2]!;
  let s3 = state[3]!;
  for (let r = 0; r < replicates; r++) {
    let wa = 0;
    let we = 0;
    for (let i = 0; i < n; i++) {
      const m = Math.imul(s1, 5);
      const u32 = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
      const t = s1 << 9;
      const n2 = s2 ^ s0;
      const n3 = s3 ^ s1;
      s1 = s1 ^ n2;
      s0 = s0 ^ n3;
      s2 = n2 ^ t;
      s3 = (n3 << 11) | (n3 >>> 21);
      const w = -Math.log(1 - u32 * U32_TO_UNIT);
      wa += w * actual[i]!;
      we += w * estimate[i]!;
    }
    out[r] = wa / we / point;
  }
  state[0] = s0;
  state[1] = s1;
  state[2] = s2;
  state[3] = s3;
  return out;
}

/** Above this many pairs the level bootstrap uses its linearisation (see below). */
export const LEVEL_EXACT_MAX_PAIRS = 2_000;

/**
 * The Bayesian bootstrap of a ratio for long histories, by its first-order
 * (delta-method) expansion: R/r − 1 ≈ Σ (wᵢ − 1)(aᵢ − r·eᵢ) / Σeᵢ, a sum of
 * thousands of independent terms with Var(wᵢ) = 1, hence normal with
 * sd = √Σ(aᵢ − r·eᵢ)² / Σeᵢ. It costs O(pairs + replicates) instead of
 * O(pairs × replicates) (about 4 million logarithms for 8,000 pairs), and the
 * spread it describes is already small (a few per cent) at that length.
 * Replicates are drawn at evenly spaced normal quantiles, so they are exact
 * for the normal and need no random numbers; `rng` is left untouched.
 */
function linearisedLevelReplicates(pairs: readonly EstimateActual[], point: number, sumEstimate: number, out: Float64Array, _rng: Rng): Float64Array {
  let ss = 0;
  for (const p of pairs) {
    const d = p.actual - point * p.estimate;
    ss += d * d;
  }
  const sd = Math.sqrt(ss) / sumEstimate / point;
  for (let r = 0; r < out.length; r++) out[r] = Math.max(1e-6, 1 + sd * normalQuantile((r + 0.5) / out.length));
  return out;
}

/** Inverse standard normal CDF (Acklam's rational approximation, relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  if (p > 1 - lo) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}

function pct(x: number): string {
  return `${Math.round(x * 100)}%`;
}
