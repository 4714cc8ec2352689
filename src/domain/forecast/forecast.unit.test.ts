import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { completedProjectReplay, replayResiduals } from './drift';
import { ForecastInputError } from './errors';
import { forecastRemainingEffort } from './forecast';
import { createRng } from './prng';
import { PRIOR } from './prior';
import type { CompletedProjectReplay, HistoryPair, RemainingItem } from './types';

const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 1);

/** History with actual/estimate ratios cycling through `ratios`. */
function history(n: number, ratios: readonly number[], estimatorId: (i: number) => string | null = () => null): HistoryPair[] {
  return Array.from({ length: n }, (_, i) => {
    const estimate = 10 + (i % 7) * 5;
    return { estimate, actual: estimate * ratios[i % ratios.length]!, completedAt: T0 + i * DAY, estimatorId: estimatorId(i) };
  });
}

function items(n: number, estimatorId: (i: number) => string | null = () => null): RemainingItem[] {
  return Array.from({ length: n }, (_, i) => ({ id: `t${i}`, estimate: 20 + (i % 5) * 10, estimatorId: estimatorId(i) }));
}

function completedProjects(count: number, drift: number): CompletedProjectReplay[] {
  const rng = createRng(5);
  const out: CompletedProjectReplay[] = [];
  for (let p = 0; p < count; p++) {
    const pairs = Array.from({ length: 200 }, (_, i) => {
      const estimate = 10 + (i % 9) * 4;
      const level = Math.exp(drift * (i / 200) + 0.3 * (rng.next() - 0.5));
      return { estimate, actual: estimate * level };
    });
    const replay = completedProjectReplay(`p${p}`, T0 - (p + 1) * 30 * DAY, pairs);
    if (replay) out.push(replay);
  }
  return out;
}

describe('forecastRemainingEffort', () => {
  const base = {
    items: items(300),
    history: { team: history(120, [0.6, 0.9, 1, 1.2, 2.5]), completedProjects: completedProjects(4, 0.3) },
  };

  it('is reproducible: same inputs and seed give identical numbers, another seed does not', () => {
    const a = forecastRemainingEffort({ ...base, options: { seed: 11, trials: 3000 } });
    const b = forecastRemainingEffort({ ...base, options: { seed: 11, trials: 3000 } });
    const c = forecastRemainingEffort({ ...base, options: { seed: 12, trials: 3000 } });
    expect(b).toEqual(a);
    expect(c.p50).not.toBe(a.p50);
  });

  it('recovers a known constant ratio exactly when items are independent', () => {
    const f = forecastRemainingEffort({
      items: items(50),
      history: { team: history(40, [1.5]) },
      // The team's history alone (before issue 18's shrinkage towards the prior, tested below).
      options: { sharedMultiplier: 'none', trials: 500, teamWeighting: 'threshold' },
    });
    expect(f.sumOfEstimates).toBe(items(50).reduce((s, it) => s + (it.estimate as number), 0));
    expect(f.p50).toBeCloseTo(1.5 * f.sumOfEstimates, 6);
    expect(f.p95).toBeCloseTo(1.5 * f.sumOfEstimates, 6);
    expect(f.explanation.sharedMultiplier.source).toBe('none');
  });

  it('weighs the team against the prior by evidence, without a switch-over count', () => {
    const at = (n: number) =>
      forecastRemainingEffort({ items: items(50), history: { team: history(n, [1.5]) }, options: { sharedMultiplier: 'none', trials: 2000 } });
    const few = at(4);
    const many = at(400);
    // Four items already count (the old model used the prior alone below 10), 400 count almost fully.
    expect(few.explanation.primarySource).toBe('team');
    expect(few.explanation.teamWeight!.team).toBeGreaterThan(0);
    expect(few.explanation.teamWeight!.team).toBeLessThan(many.explanation.teamWeight!.team);
    expect(many.explanation.teamWeight!.team).toBeGreaterThan(0.8);
    expect(few.explanation.teamWeight!.team + few.explanation.teamWeight!.prior).toBeCloseTo(1, 12);
    // The mean sits between the prior's level (about 1.10) and the team's 1.5, by the weight.
    const w = many.explanation.teamWeight!.team;
    const priorLevel = PRIOR.taskRatioPool.reduce((s, x) => s + x, 0) / PRIOR.taskRatioPool.length;
    expect(many.distribution.mean / many.sumOfEstimates).toBeCloseTo(w * 1.5 + (1 - w) * priorLevel, 1);
    expect(few.distribution.mean).toBeLessThan(many.distribution.mean);
    expect(many.explanation.summary).toMatch(/\d+% your team's history, \d+% the published prior/);
    expect(at(0).explanation.primarySource).toBe('prior');
  });

  it('stays finite when the only history took (almost) no time (found by the property test below)', () => {
    const team = [{ estimate: 2, actual: 5e-324, completedAt: T0, estimatorId: 'a' }];
    const none = forecastRemainingEffort({ items: [], history: { team }, options: { trials: 300, seed: 0 } });
    expect([none.p50, none.p95, none.distribution.max]).toEqual([0, 0, 0]);
    const one = forecastRemainingEffort({ items: [{ id: 'x', estimate: 3 }], history: { team }, options: { trials: 300, seed: 0 } });
    expect(Number.isFinite(one.p95) && one.p95 >= one.p50 && one.p50 > 0).toBe(true);
  });

  it('centres on the estimate-weighted ratio, not the mean of ratios', () => {
    // Small tasks take 4× their estimate, large ones exactly their estimate.
    const team: HistoryPair[] = Array.from({ length: 200 }, (_, i) => {
      const small = i % 2 === 0;
      const estimate = small ? 1 : 99;
      return { estimate, actual: small ? 4 : 99, completedAt: T0 + i * DAY };
    });
    const f = forecastRemainingEffort({
      items: [{ id: 'big', estimate: 1000 }],
      history: { team },
      options: { sharedMultiplier: 'none', trials: 4000 },
    });
    // Σactual/Σestimate = (4 + 99) / 100 = 1.03; the mean of ratios would be 2.5.
    expect(f.distribution.mean).toBeGreaterThan(1000 * 0.98);
    expect(f.distribution.mean).toBeLessThan(1000 * 1.08);
  });

  it('rejects an inverted range and names the item', () => {
    const run = (estimate: RemainingItem['estimate']) =>
      forecastRemainingEffort({ items: [{ id: 'ok', estimate: 3 }, { id: 'API-7', estimate }], history: { team: [] } });
    expect(() => run({ low: 8, likely: 5, high: 10 })).toThrow(ForecastInputError);
    expect(() => run({ low: 8, likely: 5, high: 10 })).toThrow(/item "API-7".*low \(8\) is greater than likely \(5\)/);
    expect(() => run({ low: 1, likely: 12, high: 10 })).toThrow(/item "API-7".*likely \(12\) is greater than high \(10\)/);
    expect(() => run(-2)).toThrow(/item "API-7": estimate must be a finite number/);
    expect(() => run(Number.NaN)).toThrow(/item "API-7"/);
    try {
      run({ low: 8, likely: 5, high: 10 });
    } catch (err) {
      expect((err as ForecastInputError).itemId).toBe('API-7');
    }
  });

  it('counts items without an estimate instead of dropping them silently', () => {
    const f = forecastRemainingEffort({
      items: [
        { id: 'a', estimate: 10 },
        { id: 'b', estimate: null },
        { id: 'c', estimate: undefined },
        { id: 'd', estimate: 0 },
        { id: 'e', estimate: { low: 2, likely: 4, high: 9 } },
      ],
      history: { team: history(50, [1]) },
      options: { trials: 200 },
    });
    expect(f.notEstimated).toEqual({ count: 3, ids: ['b', 'c', 'd'] });
    expect(f.estimatedItems).toBe(2);
    expect(f.sumOfEstimates).toBe(14);
    expect(f.statedRange).toEqual({ low: 12, likely: 14, high: 19 });
    expect(f.explanation.summary).toMatch(/3 item\(s\) not estimated/);
  });

  it('falls back visibly: estimator → team → prior', () => {
    const team = history(60, [0.8, 1.4], (i) => (i < 40 ? 'ann' : 'bob'));
    const f = forecastRemainingEffort({
      items: items(30, (i) => (i % 3 === 0 ? 'ann' : i % 3 === 1 ? 'bob' : null)),
      history: { team },
      options: { trials: 500 },
    });
    const sources = Object.fromEntries(f.explanation.history.map((u) => [u.source, u]));
    expect(sources.estimator?.items).toBe(10);
    expect(sources.estimator?.pairs).toBe(40);
    expect(sources.estimator?.estimators).toBe(1);
    expect(sources.team?.items).toBe(20);
    expect(sources.team?.from).toBe('2024-01-01');
    expect(sources.team?.to).toBe('2024-02-29');
    const bob = f.explanation.fallbacks.find((x) => x.subject === 'bob');
    expect(bob?.reason).toMatch(/20 finished item\(s\), fewer than 30; used team history \(10 remaining item\(s\)\)/);
    expect(f.explanation.fallbacks.find((x) => x.subject === '(no estimator)')).toBeDefined();

    // The fixed count applies with teamWeighting 'threshold' (the model before issue 18).
    const cold = forecastRemainingEffort({ items: items(10), history: { team: history(4, [1]) }, options: { trials: 500, teamWeighting: 'threshold' } });
    expect(cold.explanation.primarySource).toBe('prior');
    expect(cold.explanation.history[0]).toMatchObject({ source: 'prior', pairs: PRIOR.fittedOn.tasks, from: PRIOR.fittedOn.from });
    expect(cold.explanation.fallbacks[0]?.reason).toMatch(/team history has 4 usable finished item\(s\), fewer than 10; used the CESAW prior/);
    expect(cold.explanation.sharedMultiplier.source).toBe('prior');
    expect(cold.explanation.sharedMultiplier.levelReplicates).toBe(1);
  });

  it('says where the shared multiplier came from and why', () => {
    const withProjects = forecastRemainingEffort({ ...base, options: { trials: 500 } });
    expect(withProjects.explanation.sharedMultiplier.source).toBe('completed-projects');
    expect(withProjects.explanation.sharedMultiplier.projects).toBe(4);
    expect(withProjects.explanation.sharedMultiplier.completedProjectsEnded).toEqual({ from: '2023-09-03', to: '2023-12-02' });

    const noProjects = forecastRemainingEffort({ ...base, history: { team: base.history.team }, options: { trials: 500 } });
    expect(noProjects.explanation.sharedMultiplier.source).toBe('prior');
    expect(noProjects.explanation.fallbacks.some((x) => x.level === 'shared-multiplier' && /0 completed project/.test(x.reason))).toBe(true);

    const own = forecastRemainingEffort({
      ...base,
      history: { team: base.history.team },
      options: { trials: 500, sharedMultiplier: 'own-history' },
    });
    expect(own.explanation.sharedMultiplier.source).toBe('own-history');
    expect(own.explanation.sharedMultiplier.reason).toMatch(/replayed the team's own 120 finished items/);
  });

  it('is wider with the shared multiplier than with independent items, and says what drives the spread', () => {
    // Without shrinkage the level bootstrap keeps its full width (shrinkage narrows it by √w).
    const shared = forecastRemainingEffort({ ...base, options: { trials: 4000, teamWeighting: 'threshold' } });
    const independent = forecastRemainingEffort({ ...base, options: { trials: 4000, sharedMultiplier: 'none', teamWeighting: 'threshold' } });
    expect(shared.p95 / shared.p50).toBeGreaterThan(independent.p95 / independent.p50);
    const spread = shared.explanation.spread!;
    expect(spread.sharedMultiplierShare + spread.perItemShare).toBeCloseTo(1, 10);
    expect(spread.sharedMultiplierShare).toBeGreaterThan(0.5);
    expect(independent.explanation.spread?.sharedMultiplierShare).toBe(0);
  });

  it('nets the per-item skew out of replay residuals, so it is not counted twice', () => {
    // Nine tasks in ten take half their estimate, one takes 8×: sums of their ratios are right-skewed.
    const skewed = (i: number): number => (i % 10 === 9 ? 8 : 0.5);
    const pairs = Array.from({ length: 300 }, (_, i) => ({ estimate: 10 + (i % 7) * 5, actual: (10 + (i % 7) * 5) * skewed(i) }));
    const residuals = replayResiduals(pairs);
    expect(residuals.length).toBeGreaterThan(10);
    const skews = residuals.map((r) => r.perItemLogMedian!);
    // Below zero on average (single points carry Monte Carlo noise of about ±0.005)…
    expect(skews.reduce((s, x) => s + x, 0) / skews.length).toBeLessThan(-0.005);
    // …and most below it where fewest items remain (the last cut).
    expect(skews.at(-1)!).toBeLessThan(-0.02);
    const constant = replayResiduals(pairs.map((p) => ({ estimate: p.estimate, actual: 1.2 * p.estimate })));
    for (const r of constant) expect(r.perItemLogMedian).toBeCloseTo(0, 9);

    const projects = Array.from({ length: 3 }, (_, p) => completedProjectReplay(`s${p}`, T0 - (p + 1) * 30 * DAY, pairs)!);
    const input = { items: items(40), history: { team: history(100, [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 8]), completedProjects: projects } };
    const net = forecastRemainingEffort({ ...input, options: { trials: 4000 } });
    const raw = forecastRemainingEffort({ ...input, options: { trials: 4000, netPerItemSkew: false } });
    expect(net.p50).toBeGreaterThan(raw.p50);
  });

  it("keeps a single item's own skew: its median stays at the typical ratio, not the mean", () => {
    // Projects that never drifted and had constant ratios: residuals and their skew are all 0.
    const flat = Array.from({ length: 3 }, (_, p) =>
      completedProjectReplay(`flat${p}`, T0 - (p + 1) * 30 * DAY, Array.from({ length: 200 }, (_, i) => ({ estimate: 10 + (i % 9), actual: 10 + (i % 9) })))!,
    );
    const f = forecastRemainingEffort({
      items: [{ id: 'only', estimate: 20 }],
      history: { team: history(100, [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 8]), completedProjects: flat },
      options: { trials: 4000, levelUncertainty: false },
    });
    expect(f.explanation.sharedMultiplier.source).toBe('completed-projects');
    expect(f.p50).toBeCloseTo(10, 9); // 20 × 0.5: nine times in ten the item takes half its estimate
    expect(f.distribution.mean).toBeGreaterThan(20);
  });

  it('returns zeros, not NaN, when nothing estimated remains', () => {
    const f = forecastRemainingEffort({ items: [{ id: 'x', estimate: null }], history: { team: history(30, [1]) }, options: { trials: 100 } });
    expect(f.p50).toBe(0);
    expect(f.p95).toBe(0);
    expect(f.explanation.spread).toBeNull();
    expect(f.notEstimated.count).toBe(1);
  });

  it('rejects bad options', () => {
    expect(() => forecastRemainingEffort({ items: [], history: { team: [] }, options: { trials: 0 } })).toThrow(/trials/);
    expect(() => forecastRemainingEffort({ items: [], history: { team: [] }, options: { seed: 0.5 } })).toThrow(/seed/);
  });

  it('has monotone percentiles and fan-chart quantiles for any input', () => {
    const estimate = fc.oneof(
      fc.constant(null),
      fc.double({ min: 0, max: 500, noNaN: true }),
      fc
        .tuple(fc.double({ min: 0, max: 100, noNaN: true }), fc.double({ min: 0, max: 100, noNaN: true }), fc.double({ min: 0, max: 100, noNaN: true }))
        .map(([a, b, c]) => {
          const [low, likely, high] = [a, b, c].sort((x, y) => x - y) as [number, number, number];
          return { low, likely, high };
        }),
    );
    const pair = fc.record({
      estimate: fc.double({ min: 0.5, max: 200, noNaN: true }),
      actual: fc.double({ min: 0, max: 800, noNaN: true }),
      completedAt: fc.integer({ min: T0, max: T0 + 400 * DAY }),
      estimatorId: fc.constantFrom('a', 'b', null),
    });
    fc.assert(
      fc.property(
        fc.array(estimate, { maxLength: 40 }),
        fc.array(pair, { maxLength: 80 }),
        fc.constantFrom('auto', 'own-history', 'none') as fc.Arbitrary<'auto' | 'own-history' | 'none'>,
        fc.integer({ min: 0, max: 1000 }),
        (estimates, team, mode, seed) => {
          const f = forecastRemainingEffort({
            items: estimates.map((e, i) => ({ id: `i${i}`, estimate: e, estimatorId: i % 2 ? 'a' : 'b' })),
            history: { team },
            options: { trials: 300, seed, sharedMultiplier: mode, minEstimatorHistory: 5 },
          });
          expect(f.distribution.min).toBeLessThanOrEqual(f.p50);
          expect(f.p50).toBeLessThanOrEqual(f.p85);
          expect(f.p85).toBeLessThanOrEqual(f.p95);
          expect(f.p95).toBeLessThanOrEqual(f.distribution.max);
          const q = f.distribution.quantiles.map((x) => x.value);
          for (let i = 1; i < q.length; i++) expect(q[i]!).toBeGreaterThanOrEqual(q[i - 1]!);
          for (const x of [f.p50, f.p85, f.p95, f.distribution.mean, f.distribution.sd]) expect(Number.isFinite(x)).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('the embedded prior', () => {
  it('has a task pool whose mean matches the pooled ratio it was fitted with', () => {
    const mean = PRIOR.taskRatioPool.reduce((s, x) => s + x, 0) / PRIOR.taskRatioPool.length;
    expect(Math.abs(mean / PRIOR.pooledRatio - 1)).toBeLessThan(0.05);
    for (let i = 1; i < PRIOR.taskRatioPool.length; i++) expect(PRIOR.taskRatioPool[i]!).toBeGreaterThanOrEqual(PRIOR.taskRatioPool[i - 1]!);
  });
});
