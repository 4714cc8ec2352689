/**
 * Inter-rater agreement for partner selection (issue 15): Krippendorff's alpha
 * by the coincidence-matrix method of "Computing Krippendorff's Alpha-Reliability"
 * (K. Krippendorff, 2011), for nominal, ordinal and interval data, any number of
 * raters, missing values allowed. Pure.
 *
 *   alpha = 1 - D_o / D_e = 1 - (n - 1) · Σ o_ck δ²_ck / Σ n_c n_k δ²_ck
 *
 * where o_ck is the coincidence matrix (each unit u with m_u ≥ 2 values adds
 * 1 / (m_u - 1) for every ordered pair of values from different raters),
 * n_c its margins and n the number of pairable values. Units with fewer than two
 * values are not pairable and are left out, as in the paper.
 *
 * Degenerate cases (documented in ADR 0023):
 * - fewer than two pairable values (one rater, or no unit scored twice): alpha is
 *   undefined → `null`, reading 'insufficient';
 * - every pairable value is the same (no variation at all, D_e = 0): the paper
 *   leaves alpha undefined (0/0); we report `null` as well, with the reading
 *   'no-variation', since perfect agreement on a single value says nothing about
 *   whether the raters could tell candidates apart. Callers show it as "all
 *   evaluators gave the same score", never as a number.
 */

export type Level = 'nominal' | 'ordinal' | 'interval';

/** One rating: rater r gave unit u the value v. Missing ratings are simply absent. */
export interface Rating {
  unit: string;
  rater: string;
  value: number;
}

export interface AlphaResult {
  /** Krippendorff's alpha, or null when undefined (see `reason`). */
  alpha: number | null;
  /** Pairable values (n in the paper). */
  pairable: number;
  /** Units with at least two values. */
  units: number;
  reason: 'ok' | 'insufficient' | 'no-variation';
}

/** Krippendorff's conventional thresholds: ≥ 0.8 reliable, ≥ 0.667 tentative conclusions only. */
export const ALPHA_GOOD = 0.8;
export const ALPHA_TENTATIVE = 0.667;

export type AgreementReading = 'good' | 'tentative' | 'poor' | 'no-variation' | 'insufficient';

/** Groups the ratings per unit; a rater's repeated rating of one unit keeps the last one. */
function valuesPerUnit(ratings: readonly Rating[]): number[][] {
  const byUnit = new Map<string, Map<string, number>>();
  for (const r of ratings) {
    if (!Number.isFinite(r.value)) continue;
    let m = byUnit.get(r.unit);
    if (!m) {
      m = new Map();
      byUnit.set(r.unit, m);
    }
    m.set(r.rater, r.value);
  }
  return [...byUnit.values()].map((m) => [...m.values()]);
}

export interface Coincidences {
  /** The distinct values, ascending. */
  values: number[];
  /** o[c][k], indexed like `values`. */
  o: number[][];
  /** Margins n_c. */
  margins: number[];
  n: number;
  units: number;
}

/** The coincidence matrix of the paper's step B. */
export function coincidences(ratings: readonly Rating[]): Coincidences {
  const units = valuesPerUnit(ratings).filter((vs) => vs.length >= 2);
  const values = [...new Set(units.flat())].sort((a, b) => a - b);
  const index = new Map(values.map((v, i) => [v, i]));
  const o = values.map(() => values.map(() => 0));
  for (const vs of units) {
    const w = 1 / (vs.length - 1);
    for (let i = 0; i < vs.length; i++) {
      for (let j = 0; j < vs.length; j++) {
        if (i === j) continue;
        o[index.get(vs[i]!)!]![index.get(vs[j]!)!]! += w;
      }
    }
  }
  const margins = o.map((row) => row.reduce((a, b) => a + b, 0));
  const n = margins.reduce((a, b) => a + b, 0);
  return { values, o, margins, n, units: units.length };
}

/** δ²_ck for the level, given the values and their margins (the ordinal metric uses the margins). */
function distance(level: Level, values: number[], margins: number[]): (c: number, k: number) => number {
  if (level === 'nominal') return (c, k) => (c === k ? 0 : 1);
  if (level === 'interval') return (c, k) => (values[c]! - values[k]!) ** 2;
  // ordinal: (Σ_{g=c..k} n_g − (n_c + n_k)/2)²
  const cumulative = [0];
  for (const m of margins) cumulative.push(cumulative[cumulative.length - 1]! + m);
  return (c, k) => {
    const lo = Math.min(c, k);
    const hi = Math.max(c, k);
    const sum = cumulative[hi + 1]! - cumulative[lo]!;
    return (sum - (margins[c]! + margins[k]!) / 2) ** 2;
  };
}

export function krippendorffAlpha(ratings: readonly Rating[], level: Level = 'ordinal'): AlphaResult {
  const { values, o, margins, n, units } = coincidences(ratings);
  if (n < 2) return { alpha: null, pairable: n, units, reason: 'insufficient' };
  const d = distance(level, values, margins);
  let observed = 0;
  let expected = 0;
  for (let c = 0; c < values.length; c++) {
    for (let k = 0; k < values.length; k++) {
      if (c === k) continue;
      const delta = d(c, k);
      observed += o[c]![k]! * delta;
      expected += margins[c]! * margins[k]! * delta;
    }
  }
  if (expected === 0) return { alpha: null, pairable: n, units, reason: 'no-variation' };
  return { alpha: 1 - ((n - 1) * observed) / expected, pairable: n, units, reason: 'ok' };
}

export function readAlpha(result: AlphaResult): AgreementReading {
  if (result.alpha === null) return result.reason === 'no-variation' ? 'no-variation' : 'insufficient';
  if (result.alpha >= ALPHA_GOOD) return 'good';
  if (result.alpha >= ALPHA_TENTATIVE) return 'tentative';
  return 'poor';
}

/** The plain reading: "Evaluators agree well on risk transparency." */
export function agreementSentence(reading: AgreementReading, criterionLabel?: string): string {
  const on = criterionLabel ? ` on ${criterionLabel}` : '';
  switch (reading) {
    case 'good':
      return `Evaluators agree well${on}.`;
    case 'tentative':
      return `Evaluators agree only moderately${on}: treat conclusions as tentative.`;
    case 'poor':
      return `Evaluators agree poorly${on}: discuss before deciding.`;
    case 'no-variation':
      return `Every evaluator gave the same score${on}, so agreement cannot be measured.`;
    case 'insufficient':
      return `Too few scores${on} to measure agreement (at least two evaluators must score the same candidate).`;
  }
}

/** A score given in a selection: evaluator, candidate, criterion, 1–5. */
export interface ScoreCell {
  evaluatorId: string;
  candidateId: string;
  criterion: string;
  score: number;
}

export interface CriterionAgreement extends AlphaResult {
  criterion: string;
  reading: AgreementReading;
}

export interface SelectionAgreement {
  /** Overall: units are (candidate, criterion) pairs, raters the evaluators. */
  overall: AlphaResult & { reading: AgreementReading };
  /** Per criterion: units are the candidates. */
  byCriterion: Record<string, CriterionAgreement>;
}

/**
 * Agreement of a selection's submitted scores (ordinal alpha). Overall, every
 * (candidate, criterion) pair is a unit; per criterion, each candidate is a unit.
 * With few candidates the per-criterion alpha rests on few pairs: `pairable`
 * says how many, and callers show it.
 */
export function selectionAgreement(
  cells: readonly ScoreCell[],
  criteria: readonly string[],
  level: Level = 'ordinal',
): SelectionAgreement {
  const overallResult = krippendorffAlpha(
    cells.map((c) => ({ unit: `${c.candidateId}\u0000${c.criterion}`, rater: c.evaluatorId, value: c.score })),
    level,
  );
  const byCriterion: Record<string, CriterionAgreement> = {};
  for (const criterion of criteria) {
    const result = krippendorffAlpha(
      cells.filter((c) => c.criterion === criterion).map((c) => ({ unit: c.candidateId, rater: c.evaluatorId, value: c.score })),
      level,
    );
    byCriterion[criterion] = { ...result, criterion, reading: readAlpha(result) };
  }
  return { overall: { ...overallResult, reading: readAlpha(overallResult) }, byCriterion };
}
