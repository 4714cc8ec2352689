/**
 * Input and output shapes of the forecasting engine. Effort is unit-agnostic:
 * whatever unit the estimates and actuals share (minutes in CESAW, hours in
 * Candor's time entries) comes back out in the forecast.
 */

/** A three-point range; `likely` is what a single-point estimator would have written. */
import type { PriorConstants } from './prior-fit';

export interface EstimateRange {
  low: number;
  likely: number;
  high: number;
}

/** A single plan value, a range, or nothing (counted as "not estimated"). */
export type ItemEstimate = number | EstimateRange | null | undefined;

export interface RemainingItem {
  id: string;
  estimate: ItemEstimate;
  /** Who estimated (or will do) the item; selects per-estimator history when there is enough. */
  estimatorId?: string | null | undefined;
}

/** Epoch milliseconds, a Date, or an ISO-8601 string. */
export type Instant = number | Date | string;

/** One finished item: what it was estimated at and what it actually took. */
export interface HistoryPair {
  estimate: number;
  actual: number;
  completedAt: Instant;
  estimatorId?: string | null | undefined;
}

/**
 * One replay point of a finished project: at `progress` (share of the
 * project's total estimate already completed) the remaining work's actual
 * total came out `exp(logResidual)` times what the completed work's
 * actual/estimate ratio predicted. See drift.ts.
 */
export interface ReplayResidual {
  progress: number;
  logResidual: number;
  /**
   * log(median / mean) of the per-item sum the forecast would have drawn for
   * the remaining work at this point (estimate-weighted resampling of the
   * completed part's ratios). The realised remaining total already carried
   * that skew, and a forecast draws its own per-item sum on top, so the engine
   * uses `logResidual − perItemLogMedian` as the drift (ADR 0100, "Median
   * bias"). Absent in replays computed before it existed: treated as 0.
   */
  perItemLogMedian?: number;
}

/** A finished project's replay residuals, computed once with `replayResiduals`. */
export interface CompletedProjectReplay {
  id: string;
  endedAt: Instant;
  residuals: readonly ReplayResidual[];
}

export interface ForecastOptions {
  /** Monte Carlo trials; default 10,000. */
  trials?: number;
  /** Seed for the PRNG; same inputs + seed give identical numbers. Default 1. */
  seed?: number;
  /** Pairs an estimator needs before their own history is used; default 30. */
  minEstimatorHistory?: number;
  /** Pairs the team needs before its history replaces the prior; default 10. */
  minTeamHistory?: number;
  /** Completed projects needed before their replays drive the shared multiplier; default 3. */
  minCompletedProjects?: number;
  /** Replay residuals within ±band of the current progress are used; default 0.15. */
  progressBand?: number;
  /** Team pairs needed to replay the team's own history instead of using the prior; default 20. */
  minOwnReplayHistory?: number;
  /**
   * Multiply by a Bayesian-bootstrap replicate of the team's level (widens
   * forecasts built on short histories). Default true; off only to measure it.
   */
  levelUncertainty?: boolean;
  /** Where the shared multiplier comes from; see SharedMultiplierMode. Default 'auto'. */
  sharedMultiplier?: SharedMultiplierMode;
  /**
   * Subtract each replay point's `perItemLogMedian` from its residual, so the
   * per-item skew is not counted twice (ADR 0100, "Median bias"). Default
   * true; off only to measure it.
   */
  netPerItemSkew?: boolean;
  /**
   * How the team's history and the CESAW prior are combined (ADR 0100,
   * "Learning the team"): 'evidence' weighs them by the team's effective
   * number of finished items (shrinkage.ts), 'threshold' switches from the
   * prior to the team at `minTeamHistory` items (the model before issue 18).
   */
  teamWeighting?: TeamWeighting;
}

export type TeamWeighting = 'evidence' | 'threshold';

/**
 * 'auto': replays of completed projects, else the CESAW prior.
 * 'own-history': completed projects, else a replay of the team's own history, else the prior.
 * 'none': every item sampled independently (kept only to measure why that is too narrow).
 */
export type SharedMultiplierMode = 'auto' | 'own-history' | 'none';

export interface HistoryInput {
  /** Finished items of the team (any order); estimator subsets are taken from here. */
  team: readonly HistoryPair[];
  /** Replays of finished projects (only pass projects that ended before "now"). */
  completedProjects?: readonly CompletedProjectReplay[];
}

export interface ForecastInput {
  items: readonly RemainingItem[];
  history: HistoryInput;
  options?: ForecastOptions;
  /** Replaces the embedded CESAW prior (e.g. an organisation's own fit, or a cross-validation fold). */
  prior?: PriorConstants;
}

export type HistorySource = 'estimator' | 'team' | 'prior';

export interface HistoryUse {
  source: HistorySource;
  /** Remaining items whose per-item draws came from this source. */
  items: number;
  /** Share of the remaining estimate (sum of likely values) on this source. */
  estimateShare: number;
  /** History pairs behind it (for 'prior': tasks in the CESAW fit). */
  pairs: number;
  /** Distinct estimators (only for 'estimator'). */
  estimators?: number;
  /** Completion date range of those pairs, ISO dates; null when there are none. */
  from: string | null;
  to: string | null;
}

export interface Fallback {
  level: 'estimator' | 'team' | 'shared-multiplier';
  subject: string;
  reason: string;
}

export type SharedMultiplierSource = 'completed-projects' | 'own-history' | 'prior' | 'none';

export interface SharedMultiplierExplanation {
  source: SharedMultiplierSource;
  reason: string;
  /** Completed share of the total estimate, used to pick comparable replay points. */
  progress: number;
  /** Replay residuals (or prior table points) the multiplier is drawn from. */
  samples: number;
  /** Completed projects contributing (0 unless source is 'completed-projects'). */
  projects: number;
  /** Multiplier quantiles (drift × level uncertainty), e.g. p50 1.08 = typically 8% above history. */
  multiplier: { p05: number; p50: number; p95: number };
  /** Bayesian-bootstrap replicates of the team's actual/estimate level (1 when on the prior). */
  levelReplicates: number;
  /** When the contributing completed projects ended (ISO dates); null unless source is 'completed-projects'. */
  completedProjectsEnded: { from: string; to: string } | null;
}

export interface ForecastExplanation {
  /** Where most of the remaining estimate got its per-item history. */
  primarySource: HistorySource;
  history: HistoryUse[];
  fallbacks: Fallback[];
  /** Team pairs ignored because their estimate was not a positive number or actual was negative. */
  ignoredHistoryPairs: number;
  sharedMultiplier: SharedMultiplierExplanation;
  /**
   * Share of the variance of log(total) from the shared multiplier versus the
   * per-item draws (they are independent, so the two add up to 1). Null when
   * nothing estimated remains.
   */
  spread: { sharedMultiplierShare: number; perItemShare: number } | null;
  /**
   * Evidence-weighted shrinkage: the share of the per-item draws from the
   * team's own history (the rest from the published prior). Null with
   * teamWeighting 'threshold'.
   */
  teamWeight: { team: number; prior: number; effectiveItems: number; halfWeightAt: number } | null;
  summary: string;
}

export interface DistributionSummary {
  /** Quantiles at 5%, 10%, ..., 95% for a fan chart. */
  quantiles: { p: number; value: number }[];
  min: number;
  max: number;
  mean: number;
  sd: number;
}

export interface EffortForecast {
  trials: number;
  seed: number;
  p50: number;
  p85: number;
  p95: number;
  distribution: DistributionSummary;
  estimatedItems: number;
  /** Sum of the remaining estimates (likely values). */
  sumOfEstimates: number;
  /** Sums of low/likely/high with point estimates counted as all three; the team's own stated range. */
  statedRange: EstimateRange;
  notEstimated: { count: number; ids: string[] };
  explanation: ForecastExplanation;
}
