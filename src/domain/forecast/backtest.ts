/**
 * Calibration back-test: replay finished projects in completion order and,
 * at checkpoints, forecast the remaining tasks' total actual effort using
 * only what was known then. A calibrated forecast has the actual remaining
 * total at or below its P50 about half the time, below P85 85% of the time
 * and below P95 95% of the time.
 *
 * What the forecast may see at a checkpoint ("now" = completion time of the
 * last completed task):
 *  - the project's completed tasks (estimate, actual, estimator, date);
 *  - replays of other projects whose last task completed strictly before
 *    now. They were over, so a real team could have learned from them; they
 *    only feed the shared multiplier (how far projects drift from their own
 *    early ratio), never the per-task pools. Nothing dated after now is used.
 * The embedded CESAW prior is fitted on the same data, so any checkpoint that
 * falls back to it is in-sample; the report counts those.
 */

import { completedProjectReplay } from './drift';
import { forecastRemainingEffort } from './forecast';
import { toEpochMs } from './time';
import { createRng, deriveSeed, hashString } from './prng';
import { quantileSorted, sortedCopy } from './stats';
import { fitPrior, type PriorConstants } from './prior-fit';
import type {
  CompletedProjectReplay,
  ForecastOptions,
  HistorySource,
  SharedMultiplierMode,
  SharedMultiplierSource,
} from './types';

export interface BacktestTask {
  project: string;
  estimator: string | null;
  estimate: number;
  actual: number;
  /** Epoch ms. */
  completedAt: number;
  /** Source row number, used as a stable tie-break for equal completion times. */
  row: number;
}

/**
 * Presets for the shared multiplier when a checkpoint has fewer than three
 * completed earlier projects (see ADR 0100):
 *  - 'time-respecting' (default): fall back to replaying the project's own
 *    history. Uses nothing dated after the checkpoint.
 *  - 'production': the engine's default chain — fall back to the prior —
 *    with the prior refitted without the project under test. The refit sees
 *    other projects' later data, so this is cross-validation, not a replay.
 *  - 'own-history-only': every checkpoint replays only the project's own
 *    history (the "recent-window" approach; measured, not chosen).
 *  - 'independent': no shared multiplier at all (to measure its effect).
 */
export type BacktestModel = 'time-respecting' | 'production' | 'own-history-only' | 'independent';

const MODEL_PRESETS: Record<BacktestModel, { sharedMultiplier: SharedMultiplierMode; prior: 'embedded' | 'leave-one-project-out' }> = {
  'time-respecting': { sharedMultiplier: 'own-history', prior: 'embedded' },
  production: { sharedMultiplier: 'auto', prior: 'leave-one-project-out' },
  'own-history-only': { sharedMultiplier: 'own-history', prior: 'embedded' },
  independent: { sharedMultiplier: 'none', prior: 'embedded' },
};

export interface BacktestOptions {
  model?: BacktestModel;
  trials?: number;
  seed?: number;
  /** Projects need at least this many tasks with estimate > 0 and actual > 0; default 100. */
  minProjectTasks?: number;
  /** Checkpoints as completed-task fractions; default 0.10, 0.15, ..., 0.90. */
  checkpoints?: readonly number[];
  /** Passed to every forecast, overriding the model preset (e.g. minEstimatorHistory). */
  forecast?: Omit<ForecastOptions, 'trials' | 'seed'>;
  /** Called after each project, for progress output. */
  onProject?: (done: number, total: number) => void;
}

export interface CheckpointResult {
  fraction: number;
  completedTasks: number;
  remainingTasks: number;
  plannedRemaining: number;
  actualRemaining: number;
  p50: number;
  p85: number;
  p95: number;
  hitP50: boolean;
  hitP85: boolean;
  hitP95: boolean;
  rawHit: boolean;
  historySource: HistorySource;
  sharedSource: SharedMultiplierSource;
  /** Share of the variance of log(total) from the shared multiplier (see ForecastExplanation.spread). */
  sharedMultiplierShare: number;
}

export interface HitRates {
  p50: number;
  p85: number;
  p95: number;
}

export interface ProjectBacktest {
  project: string;
  tasks: number;
  checkpoints: number;
  hitRate: HitRates;
  rawEstimateHitRate: number;
  /** Σactual/Σestimate over the whole project (for context only; never seen by the forecasts). */
  actualToEstimate: number;
  /** Median log(actual remaining / P50): > 0 means the forecasts were low. */
  medianLogErrorP50: number;
  sharedSources: Partial<Record<SharedMultiplierSource, number>>;
}

/** The shape printed by `forecast backtest --json`. */
export interface BacktestSummary {
  checkpoints: number;
  hitRate: HitRates;
  rawEstimateHitRate: number;
  projects: ProjectBacktest[];
}

export interface BacktestReport {
  summary: BacktestSummary;
  /** Every checkpoint, by project, for deeper analysis. */
  details: { project: string; checkpoints: CheckpointResult[] }[];
  /** Pooled hit rates split by where the shared multiplier came from. */
  bySharedSource: Partial<Record<SharedMultiplierSource, { checkpoints: number; hitRate: HitRates }>>;
  /** Pooled hit rates split by checkpoint band (early 10–30%, middle 35–65%, late 70–90%). */
  byStage: { stage: string; checkpoints: number; hitRate: HitRates; rawEstimateHitRate: number }[];
  skippedProjects: { project: string; tasks: number }[];
  /**
   * 95% intervals of the pooled hit rates from resampling whole projects
   * (checkpoints of one project are strongly correlated, so the binomial
   * interval over checkpoints would be far too optimistic).
   */
  projectBootstrap95: Record<keyof HitRates | 'raw', [number, number]>;
}

export const DEFAULT_BACKTEST_TRIALS = 5_000;
export const DEFAULT_CHECKPOINTS: readonly number[] = Array.from({ length: 17 }, (_, i) => (10 + 5 * i) / 100);

interface ProjectSeries {
  project: string;
  tasks: BacktestTask[];
  endedAt: number;
}

export function runBacktest(tasks: readonly BacktestTask[], options: BacktestOptions = {}): BacktestReport {
  const minTasks = options.minProjectTasks ?? 100;
  const checkpoints = options.checkpoints ?? DEFAULT_CHECKPOINTS;
  const seed = options.seed ?? 1;
  const series = groupProjects(tasks);
  const model = options.model ?? 'time-respecting';
  const replays = model === 'own-history-only' ? [] : buildReplays(series);
  const eligible = series.filter((s) => s.tasks.length >= minTasks);
  const skipped = series.filter((s) => s.tasks.length < minTasks).map((s) => ({ project: s.project, tasks: s.tasks.length }));

  const details: BacktestReport['details'] = [];
  const preset = MODEL_PRESETS[model];
  const forecastOptions: Omit<ForecastOptions, 'trials' | 'seed'> = { sharedMultiplier: preset.sharedMultiplier, ...options.forecast };
  eligible.forEach((s, index) => {
    // The embedded prior is only reached if a project's own history is too short to replay; it is in-sample on CESAW.
    const prior = preset.prior === 'leave-one-project-out' ? leaveOneOutPrior(series, replays, s.project) : undefined;
    details.push({ project: s.project, checkpoints: backtestProject(s, replays, checkpoints, seed, options, forecastOptions, prior) });
    options.onProject?.(index + 1, eligible.length);
  });

  const all = details.flatMap((d) => d.checkpoints);
  const projects = details.map((d, i) => projectSummary(eligible[i]!, d.checkpoints));
  return {
    summary: { checkpoints: all.length, hitRate: hitRates(all), rawEstimateHitRate: rawRate(all), projects },
    details,
    bySharedSource: splitBySource(all),
    byStage: splitByStage(all),
    skippedProjects: skipped,
    projectBootstrap95: projectBootstrap(details.map((d) => d.checkpoints), seed),
  };
}

const BOOTSTRAP_REPLICATES = 2_000;

function projectBootstrap(groups: readonly (readonly CheckpointResult[])[], seed: number): BacktestReport['projectBootstrap95'] {
  const keys = ['p50', 'p85', 'p95', 'raw'] as const;
  const counts = groups.map((g) => ({
    n: g.length,
    p50: g.filter((r) => r.hitP50).length,
    p85: g.filter((r) => r.hitP85).length,
    p95: g.filter((r) => r.hitP95).length,
    raw: g.filter((r) => r.rawHit).length,
  }));
  const samples = { p50: new Float64Array(BOOTSTRAP_REPLICATES), p85: new Float64Array(BOOTSTRAP_REPLICATES), p95: new Float64Array(BOOTSTRAP_REPLICATES), raw: new Float64Array(BOOTSTRAP_REPLICATES) };
  const rng = createRng(deriveSeed(seed, 0xb007));
  for (let b = 0; b < BOOTSTRAP_REPLICATES && counts.length > 0; b++) {
    let n = 0;
    const hits = { p50: 0, p85: 0, p95: 0, raw: 0 };
    for (let k = 0; k < counts.length; k++) {
      const c = counts[rng.nextInt(counts.length)]!;
      n += c.n;
      for (const key of keys) hits[key] += c[key];
    }
    for (const key of keys) samples[key][b] = n > 0 ? hits[key] / n : 0;
  }
  const interval = (xs: Float64Array): [number, number] => {
    if (counts.length === 0) return [0, 0];
    const sorted = sortedCopy(xs);
    return [quantileSorted(sorted, 0.025), quantileSorted(sorted, 0.975)];
  };
  return { p50: interval(samples.p50), p85: interval(samples.p85), p95: interval(samples.p95), raw: interval(samples.raw) };
}

function groupProjects(tasks: readonly BacktestTask[]): ProjectSeries[] {
  const map = new Map<string, BacktestTask[]>();
  for (const t of tasks) {
    if (!(t.estimate > 0 && t.actual > 0 && Number.isFinite(t.completedAt))) continue;
    const list = map.get(t.project);
    if (list) list.push(t);
    else map.set(t.project, [t]);
  }
  return [...map.entries()]
    .map(([project, list]) => {
      list.sort((a, b) => a.completedAt - b.completedAt || a.row - b.row);
      return { project, tasks: list, endedAt: list[list.length - 1]!.completedAt };
    })
    .sort((a, b) => compareKeys(a.project, b.project));
}

/** Numeric keys sort numerically ("23" before "100"), others lexically. */
function compareKeys(a: string, b: string): number {
  const na = Number(a);
  const nb = Number(b);
  if (Number.isFinite(na) && Number.isFinite(nb)) return na - nb;
  return a < b ? -1 : a > b ? 1 : 0;
}

function buildReplays(series: readonly ProjectSeries[]): CompletedProjectReplay[] {
  const out: CompletedProjectReplay[] = [];
  for (const s of series) {
    const replay = completedProjectReplay(s.project, s.endedAt, s.tasks);
    if (replay) out.push(replay);
  }
  return out;
}

function leaveOneOutPrior(series: readonly ProjectSeries[], replays: readonly CompletedProjectReplay[], left: string): PriorConstants {
  const residuals = new Map(replays.map((r) => [r.id, r.residuals]));
  return fitPrior(
    series
      .filter((s) => s.project !== left)
      .map((s) => {
        const known = residuals.get(s.project);
        return known ? { id: s.project, pairs: s.tasks, residuals: known } : { id: s.project, pairs: s.tasks };
      }),
  );
}

function backtestProject(
  s: ProjectSeries,
  replays: readonly CompletedProjectReplay[],
  checkpoints: readonly number[],
  seed: number,
  options: BacktestOptions,
  forecastOptions: Omit<ForecastOptions, 'trials' | 'seed'>,
  prior: PriorConstants | undefined,
): CheckpointResult[] {
  const n = s.tasks.length;
  const results: CheckpointResult[] = [];
  for (const fraction of checkpoints) {
    const cut = Math.floor(n * fraction);
    if (cut < 1 || cut >= n) continue;
    const done = s.tasks.slice(0, cut);
    const rest = s.tasks.slice(cut);
    const now = done[done.length - 1]!.completedAt;
    // Only projects that were over before "now" (never the project itself).
    const earlier = replays.filter((r) => r.id !== s.project && toEpochMs(r.endedAt) < now);
    const forecast = forecastRemainingEffort({
      items: rest.map((t) => ({ id: String(t.row), estimate: t.estimate, estimatorId: t.estimator })),
      history: {
        team: done.map((t) => ({ estimate: t.estimate, actual: t.actual, completedAt: t.completedAt, estimatorId: t.estimator })),
        completedProjects: earlier,
      },
      options: {
        ...forecastOptions,
        trials: options.trials ?? DEFAULT_BACKTEST_TRIALS,
        seed: deriveSeed(seed, hashString(s.project), Math.round(fraction * 1000)),
      },
      ...(prior ? { prior } : {}),
    });
    const plannedRemaining = rest.reduce((sum, t) => sum + t.estimate, 0);
    const actualRemaining = rest.reduce((sum, t) => sum + t.actual, 0);
    results.push({
      fraction,
      completedTasks: cut,
      remainingTasks: n - cut,
      plannedRemaining,
      actualRemaining,
      p50: forecast.p50,
      p85: forecast.p85,
      p95: forecast.p95,
      hitP50: actualRemaining <= forecast.p50,
      hitP85: actualRemaining <= forecast.p85,
      hitP95: actualRemaining <= forecast.p95,
      rawHit: actualRemaining <= plannedRemaining,
      historySource: forecast.explanation.primarySource,
      sharedSource: forecast.explanation.sharedMultiplier.source,
      sharedMultiplierShare: forecast.explanation.spread?.sharedMultiplierShare ?? 0,
    });
  }
  return results;
}

function share(results: readonly CheckpointResult[], hit: (r: CheckpointResult) => boolean): number {
  if (results.length === 0) return 0;
  let count = 0;
  for (const r of results) if (hit(r)) count++;
  return count / results.length;
}

export function hitRates(results: readonly CheckpointResult[]): HitRates {
  return { p50: share(results, (r) => r.hitP50), p85: share(results, (r) => r.hitP85), p95: share(results, (r) => r.hitP95) };
}

function rawRate(results: readonly CheckpointResult[]): number {
  return share(results, (r) => r.rawHit);
}

function projectSummary(s: ProjectSeries, results: readonly CheckpointResult[]): ProjectBacktest {
  const sumA = s.tasks.reduce((x, t) => x + t.actual, 0);
  const sumE = s.tasks.reduce((x, t) => x + t.estimate, 0);
  const errors = results.map((r) => Math.log(r.actualRemaining / r.p50)).sort((a, b) => a - b);
  const sources: Partial<Record<SharedMultiplierSource, number>> = {};
  for (const r of results) sources[r.sharedSource] = (sources[r.sharedSource] ?? 0) + 1;
  return {
    project: s.project,
    tasks: s.tasks.length,
    checkpoints: results.length,
    hitRate: hitRates(results),
    rawEstimateHitRate: rawRate(results),
    actualToEstimate: sumA / sumE,
    medianLogErrorP50: errors.length > 0 ? errors[Math.floor(errors.length / 2)]! : 0,
    sharedSources: sources,
  };
}

function splitBySource(results: readonly CheckpointResult[]): BacktestReport['bySharedSource'] {
  const out: BacktestReport['bySharedSource'] = {};
  const groups = new Map<SharedMultiplierSource, CheckpointResult[]>();
  for (const r of results) {
    const list = groups.get(r.sharedSource) ?? [];
    list.push(r);
    groups.set(r.sharedSource, list);
  }
  for (const [source, list] of groups) out[source] = { checkpoints: list.length, hitRate: hitRates(list) };
  return out;
}

function splitByStage(results: readonly CheckpointResult[]): BacktestReport['byStage'] {
  const stages = [
    { stage: 'early (10–30%)', from: 0, to: 0.3 },
    { stage: 'middle (35–65%)', from: 0.3, to: 0.65 },
    { stage: 'late (70–90%)', from: 0.65, to: 1 },
  ];
  return stages.map(({ stage, from, to }) => {
    const list = results.filter((r) => r.fraction > from + 1e-9 && r.fraction <= to + 1e-9);
    return { stage, checkpoints: list.length, hitRate: hitRates(list), rawEstimateHitRate: rawRate(list) };
  });
}
