/**
 * Monte Carlo forecast of the total actual effort of remaining items.
 *
 * Model (ADR 0100):  total = M × Σ_i estimate_i × r_i
 *  - r_i: an actual/estimate ratio resampled from the item's history —
 *    the estimator's own finished items when there are enough, else the
 *    team's, else the CESAW prior. Resampling is estimate-weighted: small
 *    tasks overrun far more in ratio terms (a 5-minute task that takes 30 is
 *    ratio 6), so unweighted resampling would apply small-task ratios to large
 *    tasks and overstate the total (P50 hit 70% instead of 50% on CESAW).
 *    Weighted, the expected sum is Σ estimate × (Σactual/Σestimate).
 *  - M: the shared multiplier of drift.ts, one draw per trial for all items.
 *
 * Ranges (low/likely/high) are validated and their sums reported as the
 * team's stated range, but the draws scale `likely`: history records how
 * the likely values compared with reality, and stated ranges are known to
 * be too narrow (people give 90% intervals that hold about half the time).
 */

import { chooseDrift, type DriftChoice, type EstimateActual, levelReplicates } from './drift';
import { ForecastInputError } from './errors';
import { type KernelPlan, runKernel } from './kernel';
import { createRng, deriveSeed, normaliseSeed, seedState } from './prng';
import { PRIOR } from './prior';
import type { PriorConstants } from './prior-fit';
import { shrinkagePrior, type TeamWeight, teamWeight } from './shrinkage';
import { meanVariance, quantileSorted, systematicPool, weightedPoolSize } from './stats';
import { toEpochMs } from './time';
import type {
  EffortForecast,
  EstimateRange,
  Fallback,
  ForecastExplanation,
  ForecastInput,
  ForecastOptions,
  HistoryPair,
  HistorySource,
  HistoryUse,
  ItemEstimate,
  RemainingItem,
  SharedMultiplierExplanation,
} from './types';

type ResolvedOptions = Required<{ [K in keyof ForecastOptions]: NonNullable<ForecastOptions[K]> }>;

export const DEFAULTS: Readonly<ResolvedOptions> = {
  trials: 10_000,
  seed: 1,
  minEstimatorHistory: 30,
  minTeamHistory: 10,
  minCompletedProjects: 3,
  progressBand: 0.15,
  minOwnReplayHistory: 20,
  sharedMultiplier: 'auto',
  levelUncertainty: true,
  netPerItemSkew: true,
  teamWeighting: 'evidence',
};

const MAX_TRIALS = 1_000_000;
const LEVEL_REPLICATES = 512;
const FAN_LEVELS = Array.from({ length: 19 }, (_, i) => (i + 1) / 20);

interface NormalisedPair extends EstimateActual {
  completedAt: number;
  estimatorId: string | null;
}

interface EstimatedItem {
  id: string;
  likely: number;
  estimatorId: string | null;
}

interface ParsedItems {
  estimated: EstimatedItem[];
  notEstimatedIds: string[];
  statedRange: EstimateRange;
}

export function forecastRemainingEffort(input: ForecastInput): EffortForecast {
  const options = resolveOptions(input.options);
  const items = parseItems(input.items);
  const { pairs: team, ignored } = normaliseHistory(input.history.team);
  const sumOfEstimates = items.estimated.reduce((s, it) => s + it.likely, 0);

  const prior = input.prior ?? PRIOR;
  const weight = options.teamWeighting === 'evidence' ? teamWeight(team.map((p) => p.estimate), shrinkagePrior(prior)) : null;
  const onPrior = weight ? weight.weight === 0 : team.length < options.minTeamHistory;
  const pools = assignPools(items.estimated, team, options, onPrior, prior, weight);
  const teamEstimate = team.reduce((s, p) => s + p.estimate, 0);
  const progress = teamEstimate + sumOfEstimates > 0 ? teamEstimate / (teamEstimate + sumOfEstimates) : 0;

  const drift = chooseDrift({
    mode: options.sharedMultiplier,
    prior,
    progress,
    completedProjects: input.history.completedProjects ?? [],
    teamInOrder: team,
    onPrior,
    minCompletedProjects: options.minCompletedProjects,
    progressBand: options.progressBand,
    minOwnReplayHistory: options.minOwnReplayHistory,
    netPerItemSkew: options.netPerItemSkew,
  });
  let level =
    onPrior || options.sharedMultiplier === 'none' || !options.levelUncertainty
      ? Float64Array.of(1)
      : levelReplicates(team, LEVEL_REPLICATES, createRng(deriveSeed(options.seed, 2)));
  // Shrunk towards the prior, the team's level is surer than its own history alone: posterior variance w·s².
  if (weight && weight.weight < 1 && level.length > 1) {
    const scale = Math.sqrt(weight.weight);
    // A history whose actuals are (nearly) all zero gives no usable replicate: treat it as no level uncertainty.
    level = level.map((b) => (Number.isFinite(b) && b > 0 ? Math.exp(scale * Math.log(b)) : 1));
  }

  const plan: KernelPlan = {
    estimates: Float64Array.from(items.estimated, (it) => it.likely),
    poolOffsets: pools.offsets,
    poolLengths: pools.lengths,
    pools: pools.values,
    driftMultipliers: drift.logDrift.map(Math.exp),
    levelMultipliers: level,
  };
  const result = runKernel(plan, options.trials, seedState(deriveSeed(options.seed, 1)));

  const sorted = Float64Array.from(result.totals).sort();
  const fallbacks = [...pools.fallbacks];
  if (drift.source === 'prior' || drift.source === 'own-history') {
    fallbacks.push({ level: 'shared-multiplier', subject: 'project', reason: drift.reason });
  }
  const shared = describeSharedMultiplier(drift, progress, level.length, result.shared);
  const spread = items.estimated.length > 0 ? varianceShares(result.perItemSums, result.shared) : null;
  const p50 = quantileSorted(sorted, 0.5);
  const p85 = quantileSorted(sorted, 0.85);
  const p95 = quantileSorted(sorted, 0.95);

  const explanation: ForecastExplanation = {
    primarySource: primarySource(pools.uses),
    history: pools.uses,
    fallbacks,
    ignoredHistoryPairs: ignored,
    sharedMultiplier: shared,
    spread,
    teamWeight: weight
      ? { team: weight.weight, prior: 1 - weight.weight, effectiveItems: weight.effectiveItems, halfWeightAt: weight.halfWeightAt }
      : null,
    summary: '',
  };
  explanation.summary = summarise({ p50, p85, p95, sumOfEstimates, explanation, notEstimated: items.notEstimatedIds.length });

  return {
    trials: options.trials,
    seed: options.seed,
    p50,
    p85,
    p95,
    distribution: summariseDistribution(sorted),
    estimatedItems: items.estimated.length,
    sumOfEstimates,
    statedRange: items.statedRange,
    notEstimated: { count: items.notEstimatedIds.length, ids: items.notEstimatedIds },
    explanation,
  };
}

function describeSharedMultiplier(
  drift: DriftChoice,
  progress: number,
  levelReplicates: number,
  draws: Float64Array,
): SharedMultiplierExplanation {
  const sorted = Float64Array.from(draws).sort();
  const isoDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
  return {
    source: drift.source,
    reason: drift.reason,
    progress,
    samples: drift.samples,
    projects: drift.projects,
    multiplier: {
      p05: quantileSorted(sorted, 0.05),
      p50: quantileSorted(sorted, 0.5),
      p95: quantileSorted(sorted, 0.95),
    },
    levelReplicates,
    completedProjectsEnded: drift.endedBetween
      ? { from: isoDate(drift.endedBetween.from), to: isoDate(drift.endedBetween.to) }
      : null,
  };
}

function resolveOptions(options: ForecastOptions | undefined): ResolvedOptions {
  const o: ResolvedOptions = { ...DEFAULTS, ...stripUndefined(options ?? {}) };
  if (!Number.isInteger(o.trials) || o.trials < 1 || o.trials > MAX_TRIALS) {
    throw new ForecastInputError(`trials must be an integer from 1 to ${MAX_TRIALS}, got ${String(o.trials)}`);
  }
  for (const key of ['minEstimatorHistory', 'minTeamHistory', 'minCompletedProjects', 'minOwnReplayHistory'] as const) {
    if (!(o[key] >= 0)) throw new ForecastInputError(`${key} must be a non-negative number, got ${String(o[key])}`);
  }
  if (!(o.progressBand >= 0 && o.progressBand <= 1)) {
    throw new ForecastInputError(`progressBand must be within [0, 1], got ${String(o.progressBand)}`);
  }
  if (!['evidence', 'threshold'].includes(o.teamWeighting)) {
    throw new ForecastInputError(`unknown teamWeighting "${String(o.teamWeighting)}"`);
  }
  if (!['auto', 'own-history', 'none'].includes(o.sharedMultiplier)) {
    throw new ForecastInputError(`unknown sharedMultiplier mode "${String(o.sharedMultiplier)}"`);
  }
  return { ...o, seed: normaliseSeed(o.seed) };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Validates estimates. Missing or zero estimates are "not estimated"; bad numbers and inverted ranges throw. */
export function parseItems(items: readonly RemainingItem[]): ParsedItems {
  const estimated: EstimatedItem[] = [];
  const notEstimatedIds: string[] = [];
  const statedRange: EstimateRange = { low: 0, likely: 0, high: 0 };
  for (const item of items) {
    const range = toRange(item.id, item.estimate);
    if (range === null || range.likely === 0) {
      notEstimatedIds.push(item.id);
      continue;
    }
    statedRange.low += range.low;
    statedRange.likely += range.likely;
    statedRange.high += range.high;
    estimated.push({ id: item.id, likely: range.likely, estimatorId: item.estimatorId ?? null });
  }
  return { estimated, notEstimatedIds, statedRange };
}

function toRange(id: string, estimate: ItemEstimate): EstimateRange | null {
  if (estimate === null || estimate === undefined) return null;
  if (typeof estimate === 'number') {
    checkAmount(id, 'estimate', estimate);
    return { low: estimate, likely: estimate, high: estimate };
  }
  checkAmount(id, 'low', estimate.low);
  checkAmount(id, 'likely', estimate.likely);
  checkAmount(id, 'high', estimate.high);
  if (estimate.low > estimate.likely) {
    throw new ForecastInputError(
      `item "${id}": invalid range, low (${estimate.low}) is greater than likely (${estimate.likely})`,
      id,
    );
  }
  if (estimate.likely > estimate.high) {
    throw new ForecastInputError(
      `item "${id}": invalid range, likely (${estimate.likely}) is greater than high (${estimate.high})`,
      id,
    );
  }
  return { low: estimate.low, likely: estimate.likely, high: estimate.high };
}

function checkAmount(id: string, field: string, value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new ForecastInputError(`item "${id}": ${field} must be a finite number ≥ 0, got ${String(value)}`, id);
  }
}

/** Keeps pairs with a positive estimate, a non-negative actual and a valid date; sorts by completion. */
function normaliseHistory(pairs: readonly HistoryPair[]): { pairs: NormalisedPair[]; ignored: number } {
  const kept: NormalisedPair[] = [];
  for (const p of pairs) {
    const completedAt = toEpochMs(p.completedAt);
    if (!(p.estimate > 0 && Number.isFinite(p.estimate) && p.actual >= 0 && Number.isFinite(p.actual))) continue;
    if (!Number.isFinite(completedAt)) continue;
    kept.push({ estimate: p.estimate, actual: p.actual, completedAt, estimatorId: p.estimatorId ?? null });
  }
  // Array.prototype.sort is stable, so equal timestamps keep their input order.
  kept.sort((a, b) => a.completedAt - b.completedAt);
  return { pairs: kept, ignored: pairs.length - kept.length };
}

interface PoolAssignment {
  offsets: Int32Array;
  lengths: Float64Array;
  values: Float64Array;
  uses: HistoryUse[];
  fallbacks: Fallback[];
}

/** Chooses each item's history (estimator → team → prior) and lays the pools out in one typed array. */
function assignPools(
  items: readonly EstimatedItem[],
  team: readonly NormalisedPair[],
  options: ResolvedOptions,
  onPrior: boolean,
  prior: PriorConstants,
  weight: TeamWeight | null,
): PoolAssignment {
  const byEstimator = groupByEstimator(team);
  const chunks: Float64Array[] = [];
  let used = 0;
  const poolStart = new Map<string, number>();
  const poolLength = new Map<string, number>();
  const addPool = (key: string, values: Float64Array): void => {
    poolStart.set(key, used);
    poolLength.set(key, values.length);
    chunks.push(values);
    used += values.length;
  };

  const offsets = new Int32Array(items.length);
  const lengths = new Float64Array(items.length);
  const tally = new Map<HistorySource, { items: number; estimate: number; pairs: Set<NormalisedPair[]>; estimators: Set<string> }>();
  const fallbackCounts = new Map<string, { subject: string; reason: string; level: Fallback['level']; items: number }>();
  const totalEstimate = items.reduce((s, it) => s + it.likely, 0);

  items.forEach((item, index) => {
    const own = item.estimatorId === null ? undefined : byEstimator.get(item.estimatorId);
    let source: HistorySource;
    let key: string;
    let pairs: NormalisedPair[];
    if (!onPrior && own !== undefined && own.length >= options.minEstimatorHistory) {
      source = 'estimator';
      key = `estimator:${item.estimatorId}`;
      pairs = own;
    } else {
      noteEstimatorFallback(fallbackCounts, item, own?.length ?? 0, options, onPrior);
      source = onPrior ? 'prior' : 'team';
      key = source;
      pairs = onPrior ? [] : (team as NormalisedPair[]);
    }
    if (!poolStart.has(key)) {
      const own = source === 'prior' ? Float64Array.from(prior.taskRatioPool) : weightedPool(pairs);
      addPool(key, source !== 'prior' && weight ? mixPools(own, prior.taskRatioPool, weight.weight) : own);
    }
    offsets[index] = poolStart.get(key)!;
    lengths[index] = poolLength.get(key)!;
    const t = tally.get(source) ?? { items: 0, estimate: 0, pairs: new Set(), estimators: new Set<string>() };
    t.items++;
    t.estimate += item.likely;
    t.pairs.add(pairs);
    if (source === 'estimator' && item.estimatorId !== null) t.estimators.add(item.estimatorId);
    tally.set(source, t);
  });

  const values = new Float64Array(used);
  let at = 0;
  for (const chunk of chunks) {
    values.set(chunk, at);
    at += chunk.length;
  }
  const fallbacks: Fallback[] = [];
  if (onPrior) {
    fallbacks.push({
      level: 'team',
      subject: 'team',
      reason: `team history has ${team.length} usable finished item(s), fewer than ${options.minTeamHistory}; used the CESAW prior`,
    });
  }
  for (const f of fallbackCounts.values()) {
    fallbacks.push({ level: f.level, subject: f.subject, reason: `${f.reason} (${f.items} remaining item(s))` });
  }
  return { offsets, lengths, values, uses: describeUses(tally, totalEstimate, prior), fallbacks };
}

function noteEstimatorFallback(
  counts: Map<string, { subject: string; reason: string; level: Fallback['level']; items: number }>,
  item: EstimatedItem,
  ownPairs: number,
  options: ResolvedOptions,
  onPrior: boolean,
): void {
  if (onPrior) return; // the team-level fallback already explains it
  const subject = item.estimatorId === null ? '(no estimator)' : item.estimatorId;
  const existing = counts.get(subject);
  if (existing) {
    existing.items++;
    return;
  }
  const reason =
    item.estimatorId === null
      ? 'no estimator recorded; used team history'
      : `estimator has ${ownPairs} finished item(s), fewer than ${options.minEstimatorHistory}; used team history`;
  counts.set(subject, { subject, reason, level: 'estimator', items: 1 });
}

function groupByEstimator(pairs: readonly NormalisedPair[]): Map<string, NormalisedPair[]> {
  const map = new Map<string, NormalisedPair[]>();
  for (const p of pairs) {
    if (p.estimatorId === null) continue;
    const list = map.get(p.estimatorId);
    if (list) list.push(p);
    else map.set(p.estimatorId, [p]);
  }
  return map;
}

/**
 * A pool whose uniform draws come from `own` with probability `weight` and
 * from `prior` otherwise (evidence-weighted shrinkage, shrinkage.ts): both
 * are read at evenly spaced positions, so each keeps its shape.
 */
function mixPools(own: Float64Array, prior: readonly number[], weight: number): Float64Array {
  const size = own.length;
  const fromOwn = Math.round(weight * size);
  const out = new Float64Array(size);
  for (let i = 0; i < fromOwn; i++) out[i] = own[Math.floor(((i + 0.5) * size) / fromOwn)]!;
  const fromPrior = size - fromOwn;
  for (let j = 0; j < fromPrior; j++) out[fromOwn + j] = prior[Math.floor(((j + 0.5) * prior.length) / fromPrior)]!;
  return out;
}

/** Estimate-weighted pool of actual/estimate ratios (see stats.systematicPool). */
function weightedPool(pairs: readonly NormalisedPair[]): Float64Array {
  return systematicPool(
    pairs.map((p) => p.actual / p.estimate),
    pairs.map((p) => p.estimate),
    weightedPoolSize(pairs.length),
  );
}

function describeUses(
  tally: Map<HistorySource, { items: number; estimate: number; pairs: Set<NormalisedPair[]>; estimators: Set<string> }>,
  totalEstimate: number,
  prior: PriorConstants,
): HistoryUse[] {
  const uses: HistoryUse[] = [];
  for (const source of ['estimator', 'team', 'prior'] as const) {
    const t = tally.get(source);
    if (!t) continue;
    const estimateShare = totalEstimate > 0 ? t.estimate / totalEstimate : 0;
    if (source === 'prior') {
      uses.push({ source, items: t.items, estimateShare, pairs: prior.fittedOn.tasks, from: prior.fittedOn.from, to: prior.fittedOn.to });
      continue;
    }
    let count = 0;
    let from = Number.POSITIVE_INFINITY;
    let to = Number.NEGATIVE_INFINITY;
    for (const list of t.pairs) {
      count += list.length;
      for (const p of list) {
        if (p.completedAt < from) from = p.completedAt;
        if (p.completedAt > to) to = p.completedAt;
      }
    }
    const use: HistoryUse = { source, items: t.items, estimateShare, pairs: count, from: isoOrNull(from), to: isoOrNull(to) };
    if (source === 'estimator') use.estimators = t.estimators.size;
    uses.push(use);
  }
  return uses;
}

function isoOrNull(ms: number): string | null {
  return Number.isFinite(ms) ? new Date(ms).toISOString().slice(0, 10) : null;
}

function primarySource(uses: readonly HistoryUse[]): HistorySource {
  let best: HistoryUse | undefined;
  for (const u of uses) if (!best || u.estimateShare > best.estimateShare) best = u;
  return best?.source ?? 'team';
}

/**
 * log(total) = log(per-item sum) + log(shared multiplier), and the two are
 * drawn independently, so their variances add: the shares say how much of
 * the spread comes from the project-wide multiplier versus item noise.
 * Falls back to squared coefficients of variation if a sum can be zero.
 */
function varianceShares(sums: Float64Array, shared: Float64Array): { sharedMultiplierShare: number; perItemShare: number } {
  const allPositive = sums.every((x) => x > 0);
  const a = allPositive ? meanVariance(sums.map(Math.log)).variance : relativeVariance(sums);
  const b = meanVariance(shared.map(Math.log)).variance;
  const total = a + b;
  if (!(total > 0)) return { sharedMultiplierShare: 0, perItemShare: 0 };
  return { sharedMultiplierShare: b / total, perItemShare: a / total };
}

function relativeVariance(values: Float64Array): number {
  const { mean, variance } = meanVariance(values);
  return mean > 0 ? variance / (mean * mean) : 0;
}

function summariseDistribution(sorted: Float64Array): EffortForecast['distribution'] {
  const { mean, variance } = meanVariance(sorted);
  return {
    quantiles: FAN_LEVELS.map((p) => ({ p, value: quantileSorted(sorted, p) })),
    min: sorted[0]!,
    max: sorted[sorted.length - 1]!,
    mean,
    sd: Math.sqrt(variance),
  };
}

function summarise(args: {
  p50: number;
  p85: number;
  p95: number;
  sumOfEstimates: number;
  explanation: ForecastExplanation;
  notEstimated: number;
}): string {
  const { explanation: e } = args;
  const parts = [
    `Remaining effort P50 ${fmt(args.p50)}, P85 ${fmt(args.p85)}, P95 ${fmt(args.p95)} against estimates summing to ${fmt(args.sumOfEstimates)}.`,
  ];
  const uses = e.history.map((u) => `${u.source} (${u.items} item(s), ${u.pairs} finished pair(s)${u.from ? ` ${u.from}–${u.to}` : ''})`);
  if (uses.length > 0) parts.push(`Per-item history: ${uses.join(', ')}.`);
  if (e.teamWeight) parts.push(`${teamWeightSentence(e.teamWeight)}.`);
  parts.push(`Shared multiplier from ${e.sharedMultiplier.source}: ${e.sharedMultiplier.reason}.`);
  if (e.spread) parts.push(`It drives ${Math.round(e.spread.sharedMultiplierShare * 100)}% of the spread.`);
  if (args.notEstimated > 0) parts.push(`${args.notEstimated} item(s) not estimated and not included.`);
  return parts.join(' ');
}

/** "82% your team's history, 18% the published prior (…)". */
export function teamWeightSentence(w: { team: number; prior: number; effectiveItems: number; halfWeightAt: number }): string {
  const team = Math.round(w.team * 100);
  return (
    `${team}% your team's history, ${100 - team}% the published prior ` +
    `(${w.effectiveItems.toFixed(0)} effective finished items; the two weigh the same at ${w.halfWeightAt.toFixed(0)})`
  );
}

function fmt(x: number): string {
  return Math.round(x).toLocaleString('en-US');
}
