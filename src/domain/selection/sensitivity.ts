/**
 * Sensitivity of a selection's ranking to its weights (issue 15, ADR 0023). Pure,
 * fast enough to run per request and in the browser while a slider moves.
 *
 * Model: each ranked (not excluded) candidate j has points v_ij on 0–100 per
 * criterion i and a constant offset c_j (minus its red-flag penalty), so with
 * weights w summing to 100 its score is S_j(w) = Σ w_i v_ij / 100 + c_j, linear
 * in w. A criterion nobody scored for a candidate takes the candidate's current
 * weighted score (what renormalization gives at the current weights), so the
 * model reproduces the ranking's scores exactly at the current weights.
 *
 * Moving one weight: criterion k goes to t, the others are rescaled
 * proportionally to keep 100: w_i' = w_i (100 − t) / (100 − w_k). The gap
 * between two candidates is then linear in t:
 *   D(t) = t Δv_k / 100 + (100 − t) / (100 − w_k) · ΔR + Δc,
 * with ΔR = Σ_{i≠k} w_i Δv_i / 100, so the weight at which they swap is the
 * root t* = −β/α of D(t) = α t + β, kept when 0 ≤ t* ≤ 100 (closed form).
 * When w_k = 100 the others have no proportions to keep and the weight cannot
 * move by this rule: no swap weight.
 *
 * Winner stability: every weight multiplied by an independent uniform factor in
 * [1 − 0.2, 1 + 0.2], renormalized to 100; the share of trials the current
 * winner still scores at least as high as every other candidate (a tie is not a
 * loss). Seeded mulberry32, so the same seed gives the same figure.
 */
import type { CandidateRanking, CriterionWeight } from './ranking';
import { mulberry32 } from '../random';

export interface ModelCandidate {
  candidateId: string;
  /** Points 0–100 per criterion key. */
  points: Record<string, number>;
  offset: number;
}

export interface SensitivityModel {
  criteria: string[];
  candidates: ModelCandidate[];
}

/** The linear model of the ranked candidates (excluded and unscored ones are out of the race). */
export function sensitivityModel(criteria: readonly CriterionWeight[], ranking: readonly CandidateRanking[]): SensitivityModel {
  const candidates = ranking
    .filter((r) => !r.excluded && r.score !== null)
    .map((r) => {
      const points: Record<string, number> = {};
      for (const c of criteria) {
        const cell = r.byCriterion[c.key];
        points[c.key] = cell ? ((cell.mean - 1) / 4) * 100 : r.score!;
      }
      return { candidateId: r.candidateId, points, offset: -r.penalty };
    });
  return { criteria: criteria.map((c) => c.key), candidates };
}

export type Weights = Record<string, number>;

export function weightsOf(criteria: readonly CriterionWeight[]): Weights {
  return Object.fromEntries(criteria.map((c) => [c.key, c.weight]));
}

export function scoreWith(candidate: ModelCandidate, weights: Weights): number {
  let s = candidate.offset;
  for (const [key, w] of Object.entries(weights)) s += (w * (candidate.points[key] ?? 0)) / 100;
  return s;
}

export interface RankedScore {
  candidateId: string;
  score: number;
}

/** The candidates by score under these weights, highest first (ties by id, for a stable order). */
export function rankWith(model: SensitivityModel, weights: Weights): RankedScore[] {
  return model.candidates
    .map((c) => ({ candidateId: c.candidateId, score: scoreWith(c, weights) }))
    .sort((a, b) => b.score - a.score || a.candidateId.localeCompare(b.candidateId));
}

/**
 * Sets one weight and rescales the others proportionally so the sum stays 100.
 * If the others are all 0, the remainder is shared equally among them.
 */
export function rescaleWeights(weights: Weights, key: string, value: number): Weights {
  const t = Math.min(100, Math.max(0, value));
  const others = Object.keys(weights).filter((k) => k !== key);
  const rest = others.reduce((a, k) => a + weights[k]!, 0);
  const out: Weights = { [key]: t };
  for (const k of others) out[k] = rest > 0 ? (weights[k]! * (100 - t)) / rest : others.length ? (100 - t) / others.length : 0;
  if (others.length === 0) out[key] = 100;
  return out;
}

/** The weight t of criterion k at which `a` and `b` score the same, or null if not within 0–100. */
export function crossingWeight(a: ModelCandidate, b: ModelCandidate, weights: Weights, key: string): number | null {
  const wk = weights[key] ?? 0;
  if (wk >= 100 - 1e-12) return null;
  const dvk = (a.points[key] ?? 0) - (b.points[key] ?? 0);
  let dR = 0;
  for (const [k, w] of Object.entries(weights)) if (k !== key) dR += (w * ((a.points[k] ?? 0) - (b.points[k] ?? 0))) / 100;
  const dc = a.offset - b.offset;
  const slope = dvk / 100 - dR / (100 - wk);
  const intercept = (100 * dR) / (100 - wk) + dc;
  if (Math.abs(slope) < 1e-12) return null; // parallel: the gap does not depend on this weight
  const t = -intercept / slope;
  if (t < -1e-9 || t > 100 + 1e-9) return null;
  return Math.min(100, Math.max(0, t));
}

export interface SwapWeight {
  criterion: string;
  weight: number;
  /** The weight at which the top two swap (others rescaled), or null if no weight in 0–100 swaps them. */
  swapAt: number | null;
  /** swapAt − weight. */
  change: number | null;
  /**
   * The nearest weight in either direction at which any candidate overtakes the
   * leader (it may be a third candidate before the runner-up).
   */
  leaderOvertaken: { weight: number; change: number; candidateId: string } | null;
}

export interface SwapAnalysis {
  leader: string | null;
  runnerUp: string | null;
  swapWeights: SwapWeight[];
}

export function swapWeights(model: SensitivityModel, weights: Weights): SwapAnalysis {
  const ranked = rankWith(model, weights);
  if (ranked.length < 2) {
    return {
      leader: ranked[0]?.candidateId ?? null,
      runnerUp: null,
      swapWeights: model.criteria.map((criterion) => ({
        criterion,
        weight: weights[criterion] ?? 0,
        swapAt: null,
        change: null,
        leaderOvertaken: null,
      })),
    };
  }
  const byId = new Map(model.candidates.map((c) => [c.candidateId, c]));
  const leader = byId.get(ranked[0]!.candidateId)!;
  const runnerUp = byId.get(ranked[1]!.candidateId)!;
  return {
    leader: leader.candidateId,
    runnerUp: runnerUp.candidateId,
    swapWeights: model.criteria.map((criterion) => {
      const weight = weights[criterion] ?? 0;
      const swapAt = crossingWeight(leader, runnerUp, weights, criterion);
      let leaderOvertaken: SwapWeight['leaderOvertaken'] = null;
      for (const other of model.candidates) {
        if (other === leader) continue;
        const t = crossingWeight(leader, other, weights, criterion);
        if (t === null) continue;
        if (!leaderOvertaken || Math.abs(t - weight) < Math.abs(leaderOvertaken.change)) {
          leaderOvertaken = { weight: t, change: t - weight, candidateId: other.candidateId };
        }
      }
      return { criterion, weight, swapAt, change: swapAt === null ? null : swapAt - weight, leaderOvertaken };
    }),
  };
}

export { mulberry32 };

/** A 32-bit seed from a string (FNV-1a), e.g. the selection's id, so each selection has its own reproducible draw. */
export function seedFromString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export interface StabilityOptions {
  trials?: number;
  /** ±share of each weight, 0.2 by default. */
  spread?: number;
  seed?: number;
}

export interface Stability {
  winner: string | null;
  /** Share of trials the current winner stays first (0–1), null without at least two candidates. */
  stability: number | null;
  /** Share of trials each candidate comes first (ties count for each tied candidate). */
  firstShare: Record<string, number>;
  trials: number;
  spread: number;
  seed: number;
}

export const DEFAULT_TRIALS = 2000;
export const DEFAULT_SPREAD = 0.2;

export function winnerStability(model: SensitivityModel, weights: Weights, options: StabilityOptions = {}): Stability {
  const trials = options.trials ?? DEFAULT_TRIALS;
  const spread = options.spread ?? DEFAULT_SPREAD;
  const seed = (options.seed ?? 1) >>> 0;
  const ranked = rankWith(model, weights);
  const winner = ranked[0]?.candidateId ?? null;
  const firstShare: Record<string, number> = Object.fromEntries(model.candidates.map((c) => [c.candidateId, 0]));
  if (model.candidates.length < 2 || trials <= 0) {
    if (winner) firstShare[winner] = 1;
    return { winner, stability: null, firstShare, trials, spread, seed };
  }
  const keys = model.criteria;
  const m = keys.length;
  const n = model.candidates.length;
  const base = Float64Array.from(keys, (k) => weights[k] ?? 0);
  // points as one dense row-major matrix for the inner loop
  const pts = new Float64Array(n * m);
  model.candidates.forEach((c, j) => {
    keys.forEach((k, i) => {
      pts[j * m + i] = c.points[k] ?? 0;
    });
  });
  const offsets = Float64Array.from(model.candidates, (c) => c.offset);
  const winnerIndex = model.candidates.findIndex((c) => c.candidateId === winner);
  const random = mulberry32(seed);
  const w = new Float64Array(m);
  const scores = new Float64Array(n);
  const firsts = new Float64Array(n);
  let stays = 0;
  for (let trial = 0; trial < trials; trial++) {
    let sum = 0;
    for (let i = 0; i < m; i++) {
      const wi = base[i]! * (1 - spread + 2 * spread * random());
      w[i] = wi;
      sum += wi;
    }
    const inv = sum > 0 ? 1 / sum : 0;
    let best = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < n; j++) {
      let s = 0;
      const row = j * m;
      for (let i = 0; i < m; i++) s += w[i]! * pts[row + i]!;
      s = offsets[j]! + s * inv;
      scores[j] = s;
      if (s > best) best = s;
    }
    for (let j = 0; j < n; j++) if (scores[j]! >= best - 1e-9) firsts[j]! += 1;
    if (scores[winnerIndex]! >= best - 1e-9) stays += 1;
  }
  model.candidates.forEach((c, j) => {
    firstShare[c.candidateId] = firsts[j]! / trials;
  });
  return { winner, stability: stays / trials, firstShare, trials, spread, seed };
}

export interface SensitivityResult extends SwapAnalysis {
  stability: Stability;
}

/** Both views in one call, as the results endpoint needs them. */
export function sensitivity(
  criteria: readonly CriterionWeight[],
  ranking: readonly CandidateRanking[],
  options: StabilityOptions = {},
): SensitivityResult {
  const model = sensitivityModel(criteria, ranking);
  const weights = weightsOf(criteria);
  return { ...swapWeights(model, weights), stability: winnerStability(model, weights, options) };
}
