/**
 * Ranking of a partner selection (issue 15, ADR 0023). Pure.
 *
 * Scale: each criterion is scored 1–5; a score becomes points on 0–100
 * ((score − 1) / 4 · 100, so 1 → 0, 3 → 50, 5 → 100) and a candidate's weighted
 * score is Σ weight · points / 100 with the weights summing to 100, i.e. 0–100.
 * A criterion's points for a candidate are the mean over the evaluators who
 * scored it. A criterion nobody scored for a candidate is left out and the
 * remaining weights are renormalized (so a half-scored candidate is not
 * punished with zeros); `complete` says whether every criterion was scored.
 *
 * The range: each evaluator's own weighted score of the candidate (over the
 * criteria that evaluator scored), min and max.
 *
 * Red flags never change the score silently: `score` is the raw weighted score,
 * `adjusted` applies the owner's rules (a kind that excludes → excluded, rank
 * null; a kind that costs N points → minus N for each flag of that kind, not
 * clamped at 0 so the order stays linear in the weights). Both are
 * returned; the ranking orders by `adjusted`, excluded candidates last.
 *
 * Disagreement: Bonfire's "lack of consensus" baseline, a criterion whose
 * scores for one candidate spread by 30 % or more of the 1–5 scale
 * ((max − min) / 4 ≥ 0.3, i.e. two points apart or more).
 */
import type { ScoreCell } from './agreement';

export const SCORE_MIN = 1;
export const SCORE_MAX = 5;
export const LACK_OF_CONSENSUS_SPREAD = 0.3;

export const RED_FLAG_KINDS = [
  'commitments_without_context',
  'hours_and_rates_only',
  'unclear_governance',
  'no_future_conversation',
  'yes_to_everything',
] as const;
export type RedFlagKind = (typeof RED_FLAG_KINDS)[number];

export interface CriterionWeight {
  key: string;
  weight: number;
}

export type RedFlagRule = { kind: RedFlagKind; effect: 'exclude' } | { kind: RedFlagKind; effect: 'cost'; points: number };

export interface CandidateFlag {
  candidateId: string;
  kind: RedFlagKind;
}

export interface WeightProblem {
  field: string;
  message: string;
}

/** Weights must be non-negative, keys unique and non-empty, and the weights must sum to 100. */
export function checkWeights(criteria: readonly CriterionWeight[], field = 'criteria'): WeightProblem | null {
  if (criteria.length === 0) return { field, message: 'A scorecard needs at least one criterion.' };
  const seen = new Set<string>();
  for (const [i, c] of criteria.entries()) {
    if (!c.key.trim()) return { field: `${field}.${i}.key`, message: 'A criterion needs a key.' };
    if (seen.has(c.key)) return { field: `${field}.${i}.key`, message: `The criterion ${c.key} appears twice.` };
    seen.add(c.key);
    if (!Number.isFinite(c.weight) || c.weight < 0) {
      return { field: `${field}.${i}.weight`, message: 'A weight is a number of at least 0.' };
    }
  }
  const sum = weightSum(criteria);
  if (Math.abs(sum - 100) > 1e-9) return { field, message: `The weights must sum to 100; they sum to ${round1(sum)}.` };
  return null;
}

export function weightSum(criteria: readonly CriterionWeight[]): number {
  return criteria.reduce((a, c) => a + c.weight, 0);
}

export function isScore(value: number): boolean {
  return Number.isInteger(value) && value >= SCORE_MIN && value <= SCORE_MAX;
}

/** A 1–5 score as points on 0–100. */
export function toPoints(score: number): number {
  return ((score - SCORE_MIN) / (SCORE_MAX - SCORE_MIN)) * 100;
}

/** Σ weight · points / Σ weight over the criteria that have points (renormalized), or null when none has. */
export function weightedScore(points: Readonly<Record<string, number | undefined>>, criteria: readonly CriterionWeight[]): number | null {
  let sum = 0;
  let weights = 0;
  for (const c of criteria) {
    const p = points[c.key];
    if (p === undefined) continue;
    sum += c.weight * p;
    weights += c.weight;
  }
  if (weights === 0) return null;
  return sum / weights;
}

export interface CriterionCell {
  criterion: string;
  /** Mean score 1–5 over the evaluators who scored it. */
  mean: number;
  min: number;
  max: number;
  count: number;
  /** (max − min) / 4: share of the scale the scores spread over. */
  spread: number;
  lackOfConsensus: boolean;
}

export interface FlagEffect {
  kind: RedFlagKind;
  count: number;
  effect: 'exclude' | 'cost' | 'none';
  /** Points this kind takes off in all (its rule's points × count). */
  points: number;
}

export interface CandidateRanking {
  candidateId: string;
  /** Raw weighted score 0–100, or null when no criterion was scored. */
  score: number | null;
  /** After the red-flag rules; null when excluded or unscored. */
  adjusted: number | null;
  penalty: number;
  excluded: boolean;
  flags: FlagEffect[];
  /** Range of the evaluators' own weighted scores (raw). */
  min: number | null;
  max: number | null;
  byEvaluator: { evaluatorId: string; score: number }[];
  byCriterion: Record<string, CriterionCell>;
  complete: boolean;
  /** Rank by adjusted score (1 = first, ties share), null when excluded or unscored. */
  rank: number | null;
  /** Rank by the raw score, as if no rule applied. */
  rawRank: number | null;
}

export interface Disagreement {
  candidateId: string;
  criterion: string;
  spread: number;
  min: number;
  max: number;
  scores: { evaluatorId: string; score: number }[];
}

export interface RankingInput {
  criteria: readonly CriterionWeight[];
  candidateIds: readonly string[];
  /** Submitted scores only: the caller keeps drafts out. */
  scores: readonly ScoreCell[];
  flags?: readonly CandidateFlag[];
  rules?: readonly RedFlagRule[];
}

export interface RankingResult {
  ranking: CandidateRanking[];
  /** Lack-of-consensus cells, widest spread first. */
  disagreements: Disagreement[];
}

function competitionRanks(values: readonly (number | null)[]): (number | null)[] {
  return values.map((v) => (v === null ? null : 1 + values.filter((o) => o !== null && o > v + 1e-9).length));
}

export function rankCandidates(input: RankingInput): RankingResult {
  const criterionKeys = new Set(input.criteria.map((c) => c.key));
  const rules = new Map((input.rules ?? []).map((r) => [r.kind, r]));
  const rows = input.candidateIds.map((candidateId): CandidateRanking => {
    const mine = input.scores.filter((s) => s.candidateId === candidateId && criterionKeys.has(s.criterion));
    const byCriterion: Record<string, CriterionCell> = {};
    const points: Record<string, number> = {};
    for (const c of input.criteria) {
      const values = mine.filter((s) => s.criterion === c.key).map((s) => s.score);
      if (values.length === 0) continue;
      const mean = values.reduce((a, b) => a + b, 0) / values.length;
      const min = Math.min(...values);
      const max = Math.max(...values);
      const spread = (max - min) / (SCORE_MAX - SCORE_MIN);
      byCriterion[c.key] = {
        criterion: c.key,
        mean,
        min,
        max,
        count: values.length,
        spread,
        lackOfConsensus: spread >= LACK_OF_CONSENSUS_SPREAD - 1e-9,
      };
      points[c.key] = toPoints(mean);
    }
    const evaluators = [...new Set(mine.map((s) => s.evaluatorId))];
    const byEvaluator = evaluators.flatMap((evaluatorId) => {
      const own: Record<string, number> = {};
      for (const s of mine) if (s.evaluatorId === evaluatorId) own[s.criterion] = toPoints(s.score);
      const score = weightedScore(own, input.criteria);
      return score === null ? [] : [{ evaluatorId, score }];
    });
    const score = weightedScore(points, input.criteria);
    const kinds = new Map<RedFlagKind, number>();
    for (const f of input.flags ?? []) if (f.candidateId === candidateId) kinds.set(f.kind, (kinds.get(f.kind) ?? 0) + 1);
    const flags: FlagEffect[] = [...kinds].map(([kind, count]) => {
      const rule = rules.get(kind);
      if (!rule) return { kind, count, effect: 'none', points: 0 };
      if (rule.effect === 'exclude') return { kind, count, effect: 'exclude', points: 0 };
      return { kind, count, effect: 'cost', points: rule.points * count };
    });
    const excluded = flags.some((f) => f.effect === 'exclude');
    const penalty = flags.reduce((a, f) => a + f.points, 0);
    const evaluatorScores = byEvaluator.map((e) => e.score);
    return {
      candidateId,
      score,
      adjusted: score === null || excluded ? null : score - penalty,
      penalty,
      excluded,
      flags,
      min: evaluatorScores.length ? Math.min(...evaluatorScores) : null,
      max: evaluatorScores.length ? Math.max(...evaluatorScores) : null,
      byEvaluator,
      byCriterion,
      complete: input.criteria.every((c) => byCriterion[c.key] !== undefined),
      rank: null,
      rawRank: null,
    };
  });
  const ranks = competitionRanks(rows.map((r) => r.adjusted));
  const rawRanks = competitionRanks(rows.map((r) => r.score));
  rows.forEach((r, i) => {
    r.rank = ranks[i]!;
    r.rawRank = rawRanks[i]!;
  });
  const order = (r: CandidateRanking) => (r.adjusted === null ? Number.NEGATIVE_INFINITY : r.adjusted);
  const ranking = [...rows].sort(
    (a, b) => order(b) - order(a) || (b.score ?? -1) - (a.score ?? -1) || a.candidateId.localeCompare(b.candidateId),
  );
  const disagreements: Disagreement[] = [];
  for (const r of ranking) {
    for (const c of input.criteria) {
      const cell = r.byCriterion[c.key];
      if (!cell?.lackOfConsensus) continue;
      disagreements.push({
        candidateId: r.candidateId,
        criterion: c.key,
        spread: cell.spread,
        min: cell.min,
        max: cell.max,
        scores: input.scores
          .filter((s) => s.candidateId === r.candidateId && s.criterion === c.key)
          .map((s) => ({ evaluatorId: s.evaluatorId, score: s.score })),
      });
    }
  }
  disagreements.sort((a, b) => b.spread - a.spread);
  return { ranking, disagreements };
}

export interface CriterionDiscussion {
  criterion: string;
  /** Candidates on which the evaluators lack consensus for this criterion. */
  lackOfConsensus: number;
  /** The widest spread over the candidates (0–1). */
  maxSpread: number;
  alpha: number | null;
}

/**
 * The criteria in the order to discuss them: disagreements first. A criterion
 * lacking consensus on more candidates comes first, then the lower alpha
 * (undefined alpha after defined ones), then the wider spread, then scorecard order.
 */
export function criteriaToDiscuss(
  criteria: readonly CriterionWeight[],
  ranking: readonly CandidateRanking[],
  alphaByCriterion: Readonly<Record<string, { alpha: number | null } | undefined>> = {},
): CriterionDiscussion[] {
  const rows = criteria.map((c, index) => {
    const cells = ranking.map((r) => r.byCriterion[c.key]).filter((x): x is CriterionCell => x !== undefined);
    return {
      index,
      criterion: c.key,
      lackOfConsensus: cells.filter((x) => x.lackOfConsensus).length,
      maxSpread: cells.reduce((a, x) => Math.max(a, x.spread), 0),
      alpha: alphaByCriterion[c.key]?.alpha ?? null,
    };
  });
  const alphaKey = (a: number | null) => (a === null ? Number.POSITIVE_INFINITY : a);
  rows.sort(
    (a, b) =>
      b.lackOfConsensus - a.lackOfConsensus ||
      alphaKey(a.alpha) - alphaKey(b.alpha) ||
      b.maxSpread - a.maxSpread ||
      a.index - b.index,
  );
  return rows.map(({ index: _index, ...rest }) => rest);
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}
