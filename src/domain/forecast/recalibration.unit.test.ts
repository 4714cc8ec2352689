import { describe, expect, it } from 'vitest';
import { applyCorrection, type JudgedForecast, kaplanMeierQuantile, quantileCorrection } from './recalibration';
import { shrinkagePrior, teamWeight } from './shrinkage';
import { quantileSorted } from './stats';
import { PRIOR } from './prior';

/** Forecasts whose quantiles are those of a log-normal with sd `sd`, judged against outcomes from sd `trueSd`. */
function judged(count: number, sd: number, trueSd: number, groups = 5): JudgedForecast[] {
  const z = { p05: -1.6449, p50: 0, p85: 1.0364, p95: 1.6449 };
  const out: JudgedForecast[] = [];
  for (let i = 0; i < count; i++) {
    const u = (i + 0.5) / count;
    // Inverse normal by bisection on erf-free logistic approximation is enough for a test: use the probit of evenly spaced levels.
    const zi = Math.sqrt(2) * inverseErf(2 * u - 1);
    out.push({
      p05: Math.exp(sd * z.p05),
      p50: 1,
      p85: Math.exp(sd * z.p85),
      p95: Math.exp(sd * z.p95),
      actual: Math.exp(trueSd * zi),
      group: `g${i % groups}`,
    });
  }
  return out;
}

function inverseErf(x: number): number {
  const a = 0.147;
  const ln = Math.log(1 - x * x);
  const t = 2 / (Math.PI * a) + ln / 2;
  return Math.sign(x) * Math.sqrt(Math.sqrt(t * t - ln / a) - t);
}

describe('quantileCorrection', () => {
  it('leaves calibrated forecasts (almost) alone', () => {
    const c = quantileCorrection(judged(400, 0.3, 0.3));
    expect(c.applied).toBe(true);
    expect(c.factors.p50).toBeCloseTo(1, 2);
    expect(c.factors.p95).toBeGreaterThan(0.97);
    expect(c.factors.p95).toBeLessThan(1.03);
    expect(c.pastHitRate.p85).toBeCloseTo(0.85, 1);
  });

  it('widens forecasts that were too narrow, so the corrected ones would have held', () => {
    const past = judged(400, 0.2, 0.4);
    const c = quantileCorrection(past);
    expect(c.pastHitRate.p95).toBeLessThan(0.85);
    expect(c.factors.p95).toBeGreaterThan(1.3);
    expect(c.factors.p05).toBeLessThan(1);
    const fixed = past.map((j) => ({ ...applyCorrection(j, c), actual: j.actual }));
    const held = fixed.filter((f) => f.actual <= f.p95).length / fixed.length;
    expect(held).toBeGreaterThan(0.93);
  });

  it('needs judged forecasts of several projects, and says so', () => {
    const c = quantileCorrection(judged(100, 0.2, 0.4, 2));
    expect(c.applied).toBe(false);
    expect(c.reason).toMatch(/2 project\(s\).*needs 3/);
    expect(applyCorrection({ p05: 1, p50: 2, p85: 3, p95: 4 }, c)).toEqual({ p05: 1, p50: 2, p85: 3, p95: 4 });
  });

  it('keeps corrected quantiles in order', () => {
    const c = { applied: true, judged: 10, groups: 3, factors: { p05: 1, p50: 2, p85: 0.5, p95: 1 }, pastHitRate: { p05: 0, p50: 0, p85: 0, p95: 0 }, reason: '' };
    expect(applyCorrection({ p05: 1, p50: 2, p85: 3, p95: 5 }, c)).toEqual({ p05: 1, p50: 4, p85: 4, p95: 5 });
  });
});

describe('teamWeight (evidence-weighted shrinkage)', () => {
  const sp = shrinkagePrior(PRIOR);
  it('grows with the effective number of finished items, from 0 with none, without a switch-over', () => {
    const w = [0, 1, 3, 10, 30, 100, 1000].map((n) => teamWeight(new Array(n).fill(60), sp).weight);
    expect(w[0]).toBe(0);
    for (let i = 1; i < w.length; i++) expect(w[i]!).toBeGreaterThan(w[i - 1]!);
    expect(w[6]!).toBeGreaterThan(0.95);
    const half = teamWeight(new Array(Math.round(sp.perItemCv2 / sp.betweenProjectVariance)).fill(1), sp);
    expect(half.weight).toBeCloseTo(0.5, 1);
  });

  it('counts one huge item as little evidence (effective items, not rows)', () => {
    const skewed = teamWeight([1000, 1, 1, 1, 1, 1, 1, 1, 1, 1], sp);
    expect(skewed.effectiveItems).toBeLessThan(1.1);
    expect(skewed.weight).toBeLessThan(teamWeight(new Array(10).fill(1), sp).weight);
  });
});

describe('partial pooling of the correction', () => {
  it('moves the quantiles groups / (groups + pool) of the way on a log scale, and all the way without pooling', () => {
    const judged = ['a', 'b'].map((group) => ({ p05: 1, p50: 10, p85: 12, p95: 14, actual: 40, group }));
    const full = quantileCorrection(judged, 1);
    const half = quantileCorrection(judged, 1, 2);
    expect(full.factors.p50).toBeCloseTo(4, 9);
    expect(Math.log(half.factors.p50)).toBeCloseTo(Math.log(4) / 2, 9);
    expect(quantileCorrection(judged).applied).toBe(false);
  });
});

describe('censored forecasts (projects still running)', () => {
  it('kaplanMeierQuantile equals quantileSorted without censoring, and when every open value lies below or above the observed ones', () => {
    const xs = [1, 2, 3, 4, 7];
    const plain = (t: number) => quantileSorted(Float64Array.from(xs), t);
    for (const t of [0, 0.1, 0.5, 0.85, 0.95, 1]) {
      expect(kaplanMeierQuantile(xs, [], t)).toBeCloseTo(plain(t), 12);
      // an open value below every observed one carries no information
      expect(kaplanMeierQuantile(xs, [0.5], t)).toBeCloseTo(plain(t), 12);
      // one above all of them holds back 1/6 of the mass: the observed values span levels 0 to 5/6
      expect(kaplanMeierQuantile(xs, [100], (t * 5) / 6)).toBeCloseTo(plain(t), 12);
    }
  });

  it('kaplanMeierQuantile moves up when open values lie between observed ones', () => {
    // Two open at 2.5: mass 1/6 at 1 and 1/6 at 2; the 4 left at risk share the rest, 1/3 each at 3 and 4.
    const q = kaplanMeierQuantile([1, 2, 3, 4], [2.5, 2.5], 0.5);
    expect(q).toBeGreaterThan(quantileSorted(Float64Array.from([1, 2, 3, 4]), 0.5));
    expect(q).toBeLessThan(3.5);
    // Censored at a tie with an observed value: it was still at risk there, so the observed 1 carries 1/3, not 1/2.
    expect(kaplanMeierQuantile([1, 2], [1], 0.5)).toBeCloseTo(1.5, 12);
  });

  it('kaplanMeierQuantile returns the smallest value the record allows when the estimate never reaches the level', () => {
    // 3 of 7 observed (mass 3/7); the 4 open ones share the 4/7 left in order: the median is reached at the first.
    expect(kaplanMeierQuantile([1, 2, 3], [4, 5, 6, 100], 0.5)).toBe(4);
    expect(kaplanMeierQuantile([1, 2, 3], [4, 5, 6, 100], 0.95)).toBe(100);
    expect(kaplanMeierQuantile([1], [5, 6, 7], 0.95)).toBe(7);
    expect(kaplanMeierQuantile([], [], 0.5)).toBe(0);
  });

  it('a correction counts open forecasts only at the levels asked for, and names them; projects are counted from judged ones', () => {
    const done = ['a', 'b', 'c'].map((group) => ({ p05: 1, p50: 10, p85: 12, p95: 14, actual: 10, group }));
    const open = ['d', 'e', 'f', 'g'].map((group) => ({ p05: 1, p50: 10, p85: 12, p95: 14, actual: 30, group, censored: true }));
    const plain = quantileCorrection(done);
    const all = quantileCorrection([...done, ...open]);
    const p50Only = quantileCorrection([...done, ...open], 3, 0, { censoredAt: ['p50'] });
    expect(plain.factors.p50).toBeCloseTo(1, 12);
    // 4 of 7 still open at three times the P50: the median error is at least log 3.
    expect(all.factors.p50).toBeCloseTo(3, 12);
    expect(all.reason).toMatch(/3 judged forecast\(s\) of 3 project\(s\), 4 still open/);
    expect(p50Only.factors.p50).toBeCloseTo(3, 12);
    expect(p50Only.factors.p95).toBeCloseTo(plain.factors.p95, 12);
    expect(quantileCorrection([...done.slice(0, 2), ...open]).applied).toBe(false);
  });

  it('the finite-sample level raises the upper quantiles only', () => {
    const j = judged(19, 0.2, 0.4);
    const a = quantileCorrection(j);
    const b = quantileCorrection(j, 3, 0, { finiteSample: 'forecasts' });
    expect(b.factors.p50).toBe(a.factors.p50);
    expect(b.factors.p95).toBeGreaterThan(a.factors.p95);
  });
});
