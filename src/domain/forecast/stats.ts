/** Small numeric helpers shared by the forecast model, the prior fit and the back-test. */

/**
 * Quantile of an ascending-sorted array with linear interpolation between
 * order statistics (Hyndman & Fan type 7, the R/NumPy default). Monotone in p.
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) throw new RangeError('quantile of an empty sample');
  if (!(p >= 0 && p <= 1)) throw new RangeError(`quantile level must be in [0, 1], got ${p}`);
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  const a = sorted[lo]!;
  const b = sorted[hi]!;
  return a + (h - lo) * (b - a);
}

export function sortedCopy(values: ArrayLike<number>): Float64Array {
  const copy = Float64Array.from(values);
  copy.sort();
  return copy;
}

export interface MeanVariance {
  mean: number;
  variance: number;
}

/** Mean and population variance in one pass (Welford). */
export function meanVariance(values: ArrayLike<number>): MeanVariance {
  let mean = 0;
  let m2 = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    const delta = x - mean;
    mean += delta / (i + 1);
    m2 += delta * (x - mean);
  }
  return { mean, variance: values.length > 0 ? m2 / values.length : 0 };
}

/**
 * Turns weighted values into an equal-weight pool of `size` entries by
 * systematic resampling: entry k is the value whose cumulative weight covers
 * (k + 0.5) / size of the total. Sampling a uniform index from the pool is
 * then the same as sampling a value with probability proportional to its
 * weight (up to 1/size resolution), with one random number and one load —
 * cheaper than an alias table in the Monte Carlo inner loop.
 */
export function systematicPool(
  values: ArrayLike<number>,
  weights: ArrayLike<number>,
  size: number,
): Float64Array {
  const pool = new Float64Array(size);
  let total = 0;
  for (let i = 0; i < weights.length; i++) total += weights[i]!;
  if (!(total > 0)) throw new RangeError('systematicPool needs a positive total weight');
  let j = 0;
  let cumulative = weights[0] ?? 0;
  for (let k = 0; k < size; k++) {
    const target = ((k + 0.5) / size) * total;
    while (cumulative < target && j < weights.length - 1) {
      j++;
      cumulative += weights[j]!;
    }
    pool[k] = values[j]!;
  }
  return pool;
}

/** Size of an estimate-weighted ratio pool built from `pairs` finished items (see systematicPool). */
export function weightedPoolSize(pairs: number): number {
  return Math.min(65_536, Math.max(1_024, 4 * pairs));
}

/** Value at probability u in [0, 1) from a table of quantiles at evenly spaced levels 0..1. */
export function interpolateQuantileTable(table: readonly number[], u: number): number {
  const last = table.length - 1;
  const h = u * last;
  const lo = Math.floor(h);
  if (lo >= last) return table[last]!;
  const a = table[lo]!;
  return a + (h - lo) * (table[lo + 1]! - a);
}
