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

import { forecastCompletionDates, paceResidual, weeklyWork } from './capacity';
import { completedProjectReplay, MIN_REPLAY_PROJECT_TASKS } from './drift';
import { PRIOR } from './prior';
import { type ShrinkagePrior, shrinkagePrior } from './shrinkage';
import { applyCorrection, DEFAULT_MIN_GROUPS, type JudgedForecast, type QuantileCorrection, quantileCorrection } from './recalibration';
import { DEFAULTS, forecastRemainingEffort } from './forecast';
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
  /** Epoch ms the task was started; its actual effort is spread from start to completion for the weekly capacity history. */
  startedAt?: number | null;
  /** The organisation's process the task ran under (CESAW `process_name`), for leave-one-group-out. */
  group?: string | null;
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
  /** Monte Carlo trials of each completion-date forecast; default 2,000. 0 skips the date back-test. */
  dateTrials?: number;
  /** Weeks of capacity history a date forecast samples from; default capacity.DEFAULT_HISTORY_WEEKS. */
  capacityHistoryWeeks?: number;
  /** Consecutive history weeks drawn together; default capacity.DEFAULT_BLOCK_WEEKS. */
  capacityBlockWeeks?: number;
  /**
   * 'track-record' (default): correct each forecast's quantiles (effort and
   * dates) by the errors of the forecasts of projects that ended before the
   * checkpoint (recalibration.ts). 'none': raw forecasts.
   */
  recalibration?: 'track-record' | 'none';
  /** Judge only past forecasts made within ± this share of tasks done of the checkpoint; null = all. Default 0.15 (as the drift band). */
  recalibrationBand?: number | null;
  /** Also move the 5% quantile (the lower end of the interval); default false: only P50/P85/P95. */
  recalibrateLowerEnd?: boolean;
  /** Projects a correction needs (default 3) and its partial pooling towards none (recalibration.ts; default 0). */
  recalibrationMinGroups?: number;
  recalibrationPool?: number;
  /**
   * 'completed-projects' (default): each date trial draws a pace drift from the pace residuals of the
   * projects whose replays the effort forecast may use (ended before the checkpoint), within ±paceDriftBand
   * of its progress, once at least 3 of them have one there (capacity.ts paceResidual). 'none': no pace drift.
   */
  paceDrift?: 'completed-projects' | 'none';
  /** Progress band (share of the estimate done) for the pace residuals; default 0.15, as the effort drift. */
  paceDriftBand?: number;
  /** Dates: recalibrate from the track record (default, as effort) or not. */
  dateRecalibration?: 'track-record' | 'none';
  /** Split-conformal finite-sample level for the corrections' upper quantiles (recalibration.ts); default 'none'. */
  finiteSample?: 'none' | 'forecasts' | 'groups';
  /**
   * 'in-flight' (default): a correction also counts the forecasts of other projects still running at the
   * checkpoint, as censored (their remaining work has taken at least "now" minus their checkpoint, and
   * their effort since then is at least what they logged), so the record is not only of the projects quick
   * enough to have ended; 'none': ended projects only.
   */
  censoring?: 'in-flight' | 'none';
  /** Effort levels at which still-running projects count (default 'p50'; 'all' also P85/P95). */
  effortCensoredLevels?: 'p50' | 'all';
  /** Date levels the record corrects: 'tails' (default) P85/P95, the P50 staying as drawn; 'all': P50 too. */
  dateLevels?: 'tails' | 'all';
}

/** Projects a pace drift needs at a similar progress (as the effort drift's minCompletedProjects). */
export const MIN_PACE_PROJECTS = 3;

interface PaceReplay {
  progress: number;
  residual: number;
}

/**
 * Pace residuals of a finished project at the back-test's checkpoints: at each cut, the weekly
 * work known then (finished tasks only, as a forecast there sees it) against the weeks the
 * remaining tasks actually took (capacity.ts paceResidual), with the progress (share of the
 * estimate done) at the cut.
 */
export function paceReplay(tasks: readonly BacktestTask[], fractions: readonly number[] = DEFAULT_CHECKPOINTS, historyWeeks = 26): PaceReplay[] {
  const sorted = [...tasks].sort((a, b) => a.completedAt - b.completedAt || a.row - b.row);
  const n = sorted.length;
  const end = n > 0 ? sorted[n - 1]!.completedAt : 0;
  const totalEstimate = sorted.reduce((x, t) => x + t.estimate, 0);
  const out: PaceReplay[] = [];
  for (const fraction of fractions) {
    const cut = Math.floor(n * fraction);
    if (cut < 1 || cut >= n) continue;
    const done = sorted.slice(0, cut);
    const now = done[cut - 1]!.completedAt;
    const history = weeklyWork(
      done.map((t) => ({ start: t.startedAt ?? null, end: t.completedAt, amount: t.actual })),
      now,
      historyWeeks,
    );
    const remaining = sorted.slice(cut).reduce((x, t) => x + t.actual, 0);
    const r = paceResidual(history, remaining, (end - now) / WEEK_MS);
    if (r !== null) out.push({ progress: done.reduce((x, t) => x + t.estimate, 0) / totalEstimate, residual: r });
  }
  return out;
}

/** Pace residuals of the given projects within ±band of progress, or none when fewer than MIN_PACE_PROJECTS have one there. */
function paceDriftAt(paces: ReadonlyMap<string, readonly PaceReplay[]>, projects: readonly string[], progress: number, band: number): number[] {
  const out: number[] = [];
  let contributing = 0;
  for (const id of projects) {
    const near = (paces.get(id) ?? []).filter((p) => Math.abs(p.progress - progress) <= band + 1e-9);
    if (near.length > 0) contributing++;
    for (const p of near) out.push(p.residual);
  }
  return contributing >= MIN_PACE_PROJECTS ? out : [];
}

/** Judged forecasts of finished projects, with the time their outcome became known. */
class TrackRecord {
  /** Per project: completion times (ascending) and the cumulative actual effort up to each. */
  private readonly progress = new Map<string, { times: number[]; cumulative: number[] }>();
  private readonly entries: {
    project: string;
    knownAt: number;
    at: number;
    fraction: number;
    effort: JudgedForecast;
    date: JudgedForecast | null;
  }[] = [];
  add(project: string, knownAt: number, results: readonly CheckpointResult[], tasks: readonly BacktestTask[] = []): void {
    const times: number[] = [];
    const cumulative: number[] = [];
    let sum = 0;
    for (const t of tasks) {
      sum += t.actual;
      times.push(t.completedAt);
      cumulative.push(sum);
    }
    this.progress.set(project, { times, cumulative });
    for (const r of results) {
      const d = r.rawDate;
      const end = r.actualEnd - r.at;
      this.entries.push({
        project,
        knownAt,
        at: r.at,
        fraction: r.fraction,
        effort: { ...r.raw, actual: r.actualRemaining, group: project },
        date: d && end > 0 ? { p05: d.p05 - r.at, p50: d.p50 - r.at, p85: d.p85 - r.at, p95: d.p95 - r.at, actual: end, group: project } : null,
      });
    }
  }
  /**
   * Forecasts judged before `now` at a similar stage; with `censored`, also the date forecasts of other
   * projects made before `now` whose project is still running then: their remaining work has taken at
   * least now − (their checkpoint), which is all that is known of them at `now`.
   */
  before(
    now: number,
    fraction: number,
    band: number | null,
    censored: { self: string } | null,
  ): { effort: JudgedForecast[]; date: JudgedForecast[] } {
    const near = this.entries.filter((e) => band === null || Math.abs(e.fraction - fraction) <= band + 1e-9);
    const known = near.filter((e) => e.knownAt < now);
    const date = known.flatMap((e) => (e.date ? [e.date] : []));
    const effort = known.map((e) => e.effort);
    if (censored) {
      for (const e of near) {
        if (!(e.knownAt >= now && e.at < now && e.project !== censored.self)) continue;
        // not done after its last completion so far (as the server does: a bound that stops growing with a stalled project)
        const lastDone = this.lastDoneBy(e.project, now);
        if (e.date && lastDone > e.at) date.push({ ...e.date, actual: lastDone - e.at, censored: true });
        const doneSince = this.doneBy(e.project, now) - this.doneBy(e.project, e.at);
        if (doneSince > 0) effort.push({ ...e.effort, actual: doneSince, censored: true });
      }
    }
    return { effort, date };
  }
  /** The project's last completion at or before `at` (0: none). */
  private lastDoneBy(project: string, at: number): number {
    const p = this.progress.get(project);
    if (!p) return 0;
    const k = upTo(p.times, at);
    return k > 0 ? p.times[k - 1]! : 0;
  }
  /** Actual effort of the project's tasks completed at or before `at`. */
  private doneBy(project: string, at: number): number {
    const p = this.progress.get(project);
    if (!p) return 0;
    const k = upTo(p.times, at);
    return k > 0 ? p.cumulative[k - 1]! : 0;
  }
}

/** How many of the ascending `times` are at or before `at`. */
function upTo(times: readonly number[], at: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid]! <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
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
  /** Epoch ms of the checkpoint ("now"). */
  at: number;
  /** 5% quantile of the effort forecast (lower end of its 90% interval). */
  p05: number;
  /** The engine's quantiles before recalibration (p05…p95 equal the corrected ones when none applied). */
  raw: { p05: number; p50: number; p85: number; p95: number };
  /** Pace residuals the date forecast drew its pace drift from (0: none, fewer than 3 earlier projects had one). */
  paceResiduals: number;
  /** Forecasts of projects still running at the checkpoint that its corrections counted as censored (effort and dates). */
  openInRecord: number;
  /** Date quantiles before recalibration (p05 included), null without capacity. */
  rawDate: { p05: number; p50: number; p85: number; p95: number } | null;
  /** Factor applied to the effort P50 / P85 / P95 by recalibration; null when none applied. */
  effortCorrection: { p50: number; p85: number; p95: number } | null;
  hitP50: boolean;
  hitP85: boolean;
  hitP95: boolean;
  rawHit: boolean;
  /** Gneiting–Raftery interval score of the 90% interval [P05, P95] (lower is better), in effort units. */
  intervalScore90: number;
  /** Epoch ms of the last remaining task's completion (what the date forecast aims at). */
  actualEnd: number;
  /** Completion-date forecast (epoch ms; Infinity = later than the model's horizon), null without capacity. */
  date: { p50: number; p85: number; p95: number } | null;
  /** Baseline: effort P50/P85/P95 at the average pace of the last 4 weeks (the engine's method before issue 18). */
  paceDate: { p50: number; p85: number; p95: number } | null;
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

export interface DateHitRates extends HitRates {
  /** Checkpoints with a date forecast (the others had no logged work to go by). */
  checkpoints: number;
}

export interface Sharpness {
  /** Median P95/P50 over checkpoints. */
  medianP95toP50: number;
  /** Mean Gneiting–Raftery interval score of [P05, P95] (α = 0.1), in effort units (minutes on CESAW). */
  meanIntervalScore90: number;
  /** The same, each checkpoint's score divided by its remaining planned effort (known at the checkpoint), so projects weigh alike. */
  meanScaledIntervalScore90: number;
}

export interface StageSummary {
  stage: string;
  checkpoints: number;
  hitRate: HitRates;
  rawEstimateHitRate: number;
  dateHitRate: DateHitRates;
}

/** The shape printed by `forecast backtest --json`. */
export interface BacktestSummary {
  checkpoints: number;
  hitRate: HitRates;
  /** Completion dates: the real last completion at or before the forecast's P50/P85/P95 date. */
  dateHitRate: DateHitRates;
  /** Baseline for dates: effort percentiles divided by the last 4 weeks' pace. */
  dateHitRateLastFourWeeks: DateHitRates;
  rawEstimateHitRate: number;
  sharpness: Sharpness;
  byStage: StageSummary[];
  projects: ProjectBacktest[];
}

export interface BacktestReport {
  summary: BacktestSummary;
  /** Every checkpoint, by project, for deeper analysis. */
  details: { project: string; checkpoints: CheckpointResult[] }[];
  /** Pooled hit rates split by where the shared multiplier came from. */
  bySharedSource: Partial<Record<SharedMultiplierSource, { checkpoints: number; hitRate: HitRates }>>;
  /** Pooled hit rates split by checkpoint band (early 10–30%, middle 35–65%, late 70–90%); also in summary. */
  byStage: StageSummary[];
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
  const shrink = (options.forecast?.teamWeighting ?? DEFAULTS.teamWeighting) === 'evidence' ? shrinkagePrior(PRIOR) : undefined;
  const replays = model === 'own-history-only' ? [] : buildReplays(series, shrink);
  const paces = buildPaces(series, options);
  const eligible = series.filter((s) => s.tasks.length >= minTasks);
  const skipped = series.filter((s) => s.tasks.length < minTasks).map((s) => ({ project: s.project, tasks: s.tasks.length }));

  const details: BacktestReport['details'] = [];
  const preset = MODEL_PRESETS[model];
  const forecastOptions: Omit<ForecastOptions, 'trials' | 'seed'> = { sharedMultiplier: preset.sharedMultiplier, ...options.forecast };
  // In order of their end, so the track record of every project that ended before a checkpoint is known there.
  const track = new TrackRecord();
  const byProject = new Map<string, CheckpointResult[]>();
  [...eligible]
    .sort((a, b) => a.endedAt - b.endedAt)
    .forEach((s, index) => {
      // The embedded prior is only reached if a project's own history is too short to replay; it is in-sample on CESAW.
      const prior = preset.prior === 'leave-one-project-out' ? leaveOneOutPrior(series, replays, s.project) : undefined;
      // Only projects that were over before "now" (never the project itself).
      const earlierThan = (now: number) => replays.filter((r) => r.id !== s.project && toEpochMs(r.endedAt) < now);
      const results = backtestProject(s, earlierThan, checkpoints, seed, options, forecastOptions, prior, paces);
      track.add(s.project, s.endedAt, results, s.tasks);
      byProject.set(s.project, results);
      options.onProject?.(index + 1, eligible.length);
    });
  // The engine's figures never depend on the record, so the corrections can follow once every raw forecast is known;
  // each checkpoint still sees only what was known at its "now".
  for (const s of eligible) details.push({ project: s.project, checkpoints: byProject.get(s.project)!.map((r) => corrected(s.project, r, track, options)) });
  return assembleReport(details, eligible, skipped, seed);
}

/** Predominant group (most tasks) of each project; ties go to the lexically first group. */
export function projectGroups(tasks: readonly BacktestTask[]): Map<string, string> {
  const counts = new Map<string, Map<string, number>>();
  for (const t of tasks) {
    if (!t.group) continue;
    const m = counts.get(t.project) ?? new Map<string, number>();
    m.set(t.group, (m.get(t.group) ?? 0) + 1);
    counts.set(t.project, m);
  }
  const out = new Map<string, string>();
  for (const [project, m] of counts) {
    const best = [...m.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]!;
    out.set(project, best[0]);
  }
  return out;
}

export interface GroupBacktest {
  group: string;
  projects: number;
  /** 'other groups', or 'embedded prior' when there is no other group to fit on. */
  fittedOn: 'other groups' | 'embedded prior';
  checkpoints: number;
  hitRate: HitRates;
  dateHitRate: DateHitRates;
  rawEstimateHitRate: number;
  sharpness: Sharpness;
}

export interface LeaveOneGroupOutReport {
  pooled: Omit<GroupBacktest, 'group' | 'fittedOn'>;
  groups: GroupBacktest[];
}

/**
 * Leave-one-group-out: for each group (predominant `process_name`), its
 * projects are replayed with a model fitted only on the other groups: the
 * prior is refitted on them, and their replays (all of them: they are
 * outside data, like the CESAW prior for a new Candor instance) drive the
 * shared multiplier. Nothing of the held-out group is used except each
 * project's own history up to its checkpoint.
 */
export function runLeaveOneGroupOut(tasks: readonly BacktestTask[], options: Omit<BacktestOptions, 'model'> = {}): LeaveOneGroupOutReport {
  const minTasks = options.minProjectTasks ?? 100;
  const checkpoints = options.checkpoints ?? DEFAULT_CHECKPOINTS;
  const seed = options.seed ?? 1;
  const groupOf = projectGroups(tasks);
  const series = groupProjects(tasks);
  const evidence = (options.forecast?.teamWeighting ?? DEFAULTS.teamWeighting) === 'evidence';
  const plainReplays = buildReplays(series);
  const paces = buildPaces(series, options);
  const groups = [...new Set(series.filter((s) => s.tasks.length >= minTasks).map((s) => groupOf.get(s.project) ?? '(none)'))].sort();
  const forecastOptions: Omit<ForecastOptions, 'trials' | 'seed'> = { sharedMultiplier: 'auto', ...options.forecast };
  const all: CheckpointResult[] = [];
  const out: GroupBacktest[] = [];
  let done = 0;
  const total = series.filter((s) => s.tasks.length >= minTasks).length;
  for (const group of groups) {
    const inGroup = (id: string): boolean => (groupOf.get(id) ?? '(none)') === group;
    const rest = series.filter((s) => !inGroup(s.project));
    const plainRest = plainReplays.filter((r) => !inGroup(r.id));
    const residuals = new Map(plainRest.map((r) => [r.id, r.residuals]));
    // With a single group there is nothing else to fit on: the embedded prior stands in, and the report says so.
    const prior =
      rest.length === 0
        ? PRIOR
        : fitPrior(
            rest.map((s) => {
              const known = residuals.get(s.project);
              return known ? { id: s.project, pairs: s.tasks, residuals: known } : { id: s.project, pairs: s.tasks };
            }),
          );
    // With shrinkage the rest's residuals are measured against the level shrunk towards the rest's own prior.
    const restReplays = evidence ? buildReplays(rest, shrinkagePrior(prior)) : plainRest;
    const held = series.filter((s) => inGroup(s.project) && s.tasks.length >= minTasks).sort((a, b) => a.endedAt - b.endedAt);
    const results: CheckpointResult[] = [];
    // The held-out group's own track record builds up as its projects finish, as it would for a new organisation.
    const track = new TrackRecord();
    const raws: [string, CheckpointResult[]][] = [];
    for (const s of held) {
      const own = backtestProject(s, () => restReplays, checkpoints, seed, options, forecastOptions, prior, paces);
      track.add(s.project, s.endedAt, own, s.tasks);
      raws.push([s.project, own]);
      options.onProject?.(++done, total);
    }
    for (const [project, own] of raws) results.push(...own.map((r) => corrected(project, r, track, options)));
    all.push(...results);
    out.push({ group, projects: held.length, fittedOn: rest.length === 0 ? 'embedded prior' : 'other groups', ...groupFigures(results) });
  }
  return { pooled: { projects: total, ...groupFigures(all) }, groups: out };
}

function groupFigures(results: readonly CheckpointResult[]): Omit<GroupBacktest, 'group' | 'projects' | 'fittedOn'> {
  return {
    checkpoints: results.length,
    hitRate: hitRates(results),
    dateHitRate: dateHitRates(results, (r) => r.date),
    rawEstimateHitRate: rawRate(results),
    sharpness: sharpness(results),
  };
}

function assembleReport(
  details: BacktestReport['details'],
  eligible: readonly ProjectSeries[],
  skipped: BacktestReport['skippedProjects'],
  seed: number,
): BacktestReport {
  const all = details.flatMap((d) => d.checkpoints);
  const projects = details.map((d, i) => projectSummary(eligible[i]!, d.checkpoints));
  const byStage = splitByStage(all);
  return {
    summary: {
      checkpoints: all.length,
      hitRate: hitRates(all),
      dateHitRate: dateHitRates(all, (r) => r.date),
      dateHitRateLastFourWeeks: dateHitRates(all, (r) => r.paceDate),
      rawEstimateHitRate: rawRate(all),
      sharpness: sharpness(all),
      byStage,
      projects,
    },
    details,
    bySharedSource: splitBySource(all),
    byStage,
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

function buildReplays(series: readonly ProjectSeries[], shrinkage?: ShrinkagePrior): CompletedProjectReplay[] {
  const out: CompletedProjectReplay[] = [];
  for (const s of series) {
    const replay = completedProjectReplay(s.project, s.endedAt, s.tasks, shrinkage);
    if (replay) out.push(replay);
  }
  return out;
}

/** Pace residuals of every project with enough tasks to be replayed (MIN_REPLAY_PROJECT_TASKS, as the effort replays). */
function buildPaces(series: readonly ProjectSeries[], options: BacktestOptions): Map<string, PaceReplay[]> {
  const out = new Map<string, PaceReplay[]>();
  if ((options.paceDrift ?? 'completed-projects') === 'none') return out;
  for (const s of series) {
    if (s.tasks.length >= MIN_REPLAY_PROJECT_TASKS) out.set(s.project, paceReplay(s.tasks, DEFAULT_CHECKPOINTS, options.capacityHistoryWeeks ?? DEFAULT_HISTORY_WEEKS_BACKTEST));
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
  earlierThan: (now: number) => readonly CompletedProjectReplay[],
  checkpoints: readonly number[],
  seed: number,
  options: BacktestOptions,
  forecastOptions: Omit<ForecastOptions, 'trials' | 'seed'>,
  prior: PriorConstants | undefined,
  paces: ReadonlyMap<string, readonly PaceReplay[]>,
): CheckpointResult[] {
  const n = s.tasks.length;
  const results: CheckpointResult[] = [];
  for (const fraction of checkpoints) {
    const cut = Math.floor(n * fraction);
    if (cut < 1 || cut >= n) continue;
    const done = s.tasks.slice(0, cut);
    const rest = s.tasks.slice(cut);
    const now = done[done.length - 1]!.completedAt;
    const earlier = earlierThan(now);
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
    const raw = { p05: forecast.distribution.quantiles[0]!.value, p50: forecast.p50, p85: forecast.p85, p95: forecast.p95 };
    const actualEnd = rest.reduce((m, t) => Math.max(m, t.completedAt), now);
    const progress = done.reduce((x, t) => x + t.estimate, 0) / (done.reduce((x, t) => x + t.estimate, 0) + plannedRemaining);
    // The same projects as the effort forecast's replays: over before "now", never the project itself.
    const paceDrift = paceDriftAt(paces, earlier.map((r) => r.id), progress, options.paceDriftBand ?? 0.15);
    const rawDates = completionDates(done, now, forecast, options, deriveSeed(seed, hashString(s.project), Math.round(fraction * 1000), 7), paceDrift);
    const rawDate = rawDates.date;
    const q = raw;
    const p05 = q.p05;
    results.push({
      fraction,
      completedTasks: cut,
      remainingTasks: n - cut,
      plannedRemaining,
      actualRemaining,
      p50: q.p50,
      p85: q.p85,
      p95: q.p95,
      hitP50: actualRemaining <= q.p50,
      hitP85: actualRemaining <= q.p85,
      hitP95: actualRemaining <= q.p95,
      rawHit: actualRemaining <= plannedRemaining,
      at: now,
      p05,
      raw,
      rawDate,
      paceResiduals: paceDrift.length,
      openInRecord: 0,
      effortCorrection: null,
      intervalScore90: intervalScore(p05, q.p95, actualRemaining, 0.1),
      actualEnd,
      date: rawDate ? { p50: rawDate.p50, p85: rawDate.p85, p95: rawDate.p95 } : null,
      paceDate: rawDates.paceDate,
      historySource: forecast.explanation.primarySource,
      sharedSource: forecast.explanation.sharedMultiplier.source,
      sharedMultiplierShare: forecast.explanation.spread?.sharedMultiplierShare ?? 0,
    });
  }
  return results;
}

/**
 * A checkpoint's figures corrected by the track record known at its "now" (recalibration.ts): the effort
 * and date forecasts of projects that ended before it, at a similar stage, and (censoring) the effort and date
 * forecasts of projects still running then, as censored errors.
 */
function corrected(project: string, r: CheckpointResult, track: TrackRecord, options: BacktestOptions): CheckpointResult {
  if ((options.recalibration ?? 'track-record') !== 'track-record') return r;
  const now = r.at;
  const band = options.recalibrationBand === undefined ? 0.15 : options.recalibrationBand;
  const censor = (options.censoring ?? 'in-flight') === 'in-flight' ? { self: project } : null;
  const known = track.before(now, r.fraction, band, censor);
  const upperOnly = !options.recalibrateLowerEnd;
  const minGroups = options.recalibrationMinGroups ?? DEFAULT_MIN_GROUPS;
  const pool = options.recalibrationPool ?? 0;
  const finiteSample = options.finiteSample ?? 'none';
  const effortCensoredAt = (options.effortCensoredLevels ?? 'p50') === 'all' ? (['p05', 'p50', 'p85', 'p95'] as const) : (['p50'] as const);
  const effortFix = keepLowerEnd(quantileCorrection(known.effort, minGroups, pool, { finiteSample, censoredAt: effortCensoredAt }), upperOnly);
  const q = applyCorrection(r.raw, effortFix);
  const dateKnown = (options.dateRecalibration ?? 'track-record') === 'track-record' ? known.date : [];
  const dateFix = keepLowerEnd(quantileCorrection(dateKnown, minGroups, pool, { finiteSample }), upperOnly);
  if ((options.dateLevels ?? 'tails') === 'tails') dateFix.factors.p50 = 1;
  let date: CheckpointResult['date'] = null;
  if (r.rawDate) {
    const d = r.rawDate;
    const fixed = applyCorrection({ p05: d.p05 - now, p50: d.p50 - now, p85: d.p85 - now, p95: d.p95 - now }, dateFix);
    date = { p50: now + fixed.p50, p85: now + fixed.p85, p95: now + fixed.p95 };
  }
  return {
    ...r,
    p50: q.p50,
    p85: q.p85,
    p95: q.p95,
    p05: q.p05,
    hitP50: r.actualRemaining <= q.p50,
    hitP85: r.actualRemaining <= q.p85,
    hitP95: r.actualRemaining <= q.p95,
    effortCorrection: effortFix.applied ? { p50: effortFix.factors.p50, p85: effortFix.factors.p85, p95: effortFix.factors.p95 } : null,
    openInRecord: effortFix.applied || dateFix.applied ? [...known.effort, ...dateKnown].filter((j) => j.censored).length : 0,
    intervalScore90: intervalScore(q.p05, q.p95, r.actualRemaining, 0.1),
    date,
  };
}

function keepLowerEnd(c: QuantileCorrection, keep: boolean): QuantileCorrection {
  return keep ? { ...c, factors: { ...c.factors, p05: 1 } } : c;
}

const WEEK_MS = 7 * 86_400_000;
const DEFAULT_DATE_TRIALS = 2_000;

/**
 * Date forecasts at a checkpoint from the effort forecast and the project's
 * weekly work so far (each finished task's actual effort spread from its
 * start to its completion). Tasks still in progress at the checkpoint are
 * not in the history: their time is only known once they finish.
 */
function completionDates(
  done: readonly BacktestTask[],
  now: number,
  forecast: ReturnType<typeof forecastRemainingEffort>,
  options: BacktestOptions,
  seed: number,
  paceDrift: readonly number[],
): { date: CheckpointResult['rawDate']; paceDate: CheckpointResult['paceDate'] } {
  const dateTrials = options.dateTrials ?? DEFAULT_DATE_TRIALS;
  if (dateTrials === 0) return { date: null, paceDate: null };
  const spans = done.map((t) => ({ start: t.startedAt ?? null, end: t.completedAt, amount: t.actual }));
  const history = weeklyWork(spans, now, options.capacityHistoryWeeks ?? DEFAULT_HISTORY_WEEKS_BACKTEST);
  const dated = forecastCompletionDates({
    asOf: now,
    effort: forecast.distribution,
    weeklyHistory: history,
    trials: dateTrials,
    seed,
    paceDrift,
    ...(options.capacityBlockWeeks ? { blockWeeks: options.capacityBlockWeeks } : {}),
  });
  const last4 = weeklyWork(spans, now, 4);
  let pace = 0;
  for (const x of last4) pace += x;
  pace /= 4;
  const paceDate = pace > 0 ? { p50: now + (forecast.p50 / pace) * WEEK_MS, p85: now + (forecast.p85 / pace) * WEEK_MS, p95: now + (forecast.p95 / pace) * WEEK_MS } : null;
  return { date: dated.kind === 'forecast' ? { p05: dated.p05, p50: dated.p50, p85: dated.p85, p95: dated.p95 } : null, paceDate };
}

const DEFAULT_HISTORY_WEEKS_BACKTEST = 26;

/** Gneiting & Raftery (2007) interval score of the central (1 − alpha) interval [lower, upper] for outcome x. */
export function intervalScore(lower: number, upper: number, x: number, alpha: number): number {
  return upper - lower + (2 / alpha) * Math.max(0, lower - x) + (2 / alpha) * Math.max(0, x - upper);
}

function dateHitRates(results: readonly CheckpointResult[], pick: (r: CheckpointResult) => CheckpointResult['date']): DateHitRates {
  const dated = results.filter((r) => pick(r) !== null);
  const rate = (key: keyof HitRates): number => share(dated, (r) => r.actualEnd <= pick(r)![key]);
  return { checkpoints: dated.length, p50: rate('p50'), p85: rate('p85'), p95: rate('p95') };
}

function sharpness(results: readonly CheckpointResult[]): Sharpness {
  if (results.length === 0) return { medianP95toP50: 0, meanIntervalScore90: 0, meanScaledIntervalScore90: 0 };
  const ratios = sortedCopy(results.map((r) => r.p95 / r.p50));
  let score = 0;
  let scaled = 0;
  for (const r of results) {
    score += r.intervalScore90;
    scaled += r.intervalScore90 / r.plannedRemaining;
  }
  return { medianP95toP50: quantileSorted(ratios, 0.5), meanIntervalScore90: score / results.length, meanScaledIntervalScore90: scaled / results.length };
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
    return { stage, checkpoints: list.length, hitRate: hitRates(list), rawEstimateHitRate: rawRate(list), dateHitRate: dateHitRates(list, (r) => r.date) };
  });
}
