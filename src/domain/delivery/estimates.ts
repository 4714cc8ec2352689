/** Estimates as ranges (low ≤ likely ≤ high hours). Pure. */
export interface EstimateRange {
  low: number;
  likely: number;
  high: number;
}

export interface FieldProblem {
  field: string;
  message: string;
}

/** Largest single estimate we accept: one person-year. */
export const MAX_ESTIMATE_HOURS = 2000;

/**
 * Problems with an estimate range, each naming the field (relative to the
 * estimate object: `low`, `likely`, `high`).
 */
export function estimateProblems(e: EstimateRange): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const k of ['low', 'likely', 'high'] as const) {
    const v = e[k];
    if (!Number.isFinite(v)) out.push({ field: k, message: 'must be a number of hours' });
    else if (v < 0) out.push({ field: k, message: 'must not be negative' });
    else if (v > MAX_ESTIMATE_HOURS) out.push({ field: k, message: `must be at most ${MAX_ESTIMATE_HOURS} hours` });
  }
  if (out.length) return out;
  if (e.low > e.likely) out.push({ field: 'likely', message: `must be at least low (${e.low} h); got ${e.likely} h` });
  if (e.likely > e.high) out.push({ field: 'high', message: `must be at least likely (${e.likely} h); got ${e.high} h` });
  return out;
}

/** A PERT-style mean of a range, for summaries that need one number. */
export const pertMean = (e: EstimateRange): number => (e.low + 4 * e.likely + e.high) / 6;
