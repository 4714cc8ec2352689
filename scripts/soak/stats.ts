/** Pure figures for the soak: exact percentiles of recorded latencies, and a least-squares line through memory samples. */

/** The p-th percentile (nearest rank) of already sorted values; NaN when empty. */
export function percentileSorted(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

/** A growable list of latencies in milliseconds (a Float64Array doubled when full: 100,000s of samples stay cheap). */
export class Latencies {
  private xs = new Float64Array(1024);
  length = 0;
  push(x: number) {
    if (this.length === this.xs.length) {
      const next = new Float64Array(this.xs.length * 2);
      next.set(this.xs);
      this.xs = next;
    }
    this.xs[this.length++] = x;
  }
  sorted(): Float64Array {
    return this.xs.slice(0, this.length).sort();
  }
}

export interface Line {
  /** units of y per unit of x */
  slope: number;
  intercept: number;
  /** standard error of the slope (NaN with fewer than 3 points) */
  slopeStdErr: number;
  points: number;
}

/** Ordinary least squares y = intercept + slope·x; null with fewer than 2 points or no spread in x. */
export function fitLine(points: { x: number; y: number }[]): Line | null {
  const n = points.length;
  if (n < 2) return null;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (const p of points) {
    sxx += (p.x - mx) ** 2;
    sxy += (p.x - mx) * (p.y - my);
  }
  if (sxx === 0) return null;
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  let sse = 0;
  for (const p of points) sse += (p.y - (intercept + slope * p.x)) ** 2;
  const slopeStdErr = n > 2 ? Math.sqrt(sse / (n - 2) / sxx) : Number.NaN;
  return { slope, intercept, slopeStdErr, points: n };
}

export const round = (x: number, digits = 3) => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};
