import { describe, expect, it } from 'vitest';
import { runKernel } from './kernel';
import { createRng, deriveSeed, normaliseSeed, seedState, xoshiroStep } from './prng';

describe('xoshiro128**', () => {
  it('matches the reference output for state [1, 2, 3, 4]', () => {
    const state = Uint32Array.of(1, 2, 3, 4);
    const out = Array.from({ length: 10 }, () => xoshiroStep(state));
    expect(out).toEqual([
      11520, 0, 5927040, 70819200, 2031721883, 1637235492, 1287239034, 3734860849, 3729100597, 4258142804,
    ]);
  });

  it('gives the same stream for the same seed and different streams for different seeds', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const sa = Array.from({ length: 100 }, () => a.next());
    const sb = Array.from({ length: 100 }, () => b.next());
    const sc = Array.from({ length: 100 }, () => c.next());
    expect(sa).toEqual(sb);
    expect(sa).not.toEqual(sc);
    for (const x of sa) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
  });

  it('never seeds the all-zero state and folds high seed bits in', () => {
    for (const seed of [0, 1, 2 ** 32, 2 ** 40 + 5]) {
      const s = seedState(seed);
      expect(s[0]! | s[1]! | s[2]! | s[3]!).not.toBe(0);
    }
    expect(normaliseSeed(2 ** 32)).not.toBe(normaliseSeed(0));
    expect(deriveSeed(1, 2)).not.toBe(deriveSeed(2, 1));
    expect(() => normaliseSeed(1.5)).toThrow(/safe integer/);
  });

  it('is inlined in the kernel exactly as the reference step', () => {
    // One item with estimate 1 and a pool 0..65535: each trial's sum is then
    // floor(u32 / 65536) of the draw the kernel made.
    const length = 65_536;
    const pools = Float64Array.from({ length }, (_, i) => i);
    const plan = {
      estimates: Float64Array.of(1),
      poolOffsets: Int32Array.of(0),
      poolLengths: Float64Array.of(length),
      pools,
      driftMultipliers: Float64Array.of(1),
      levelMultipliers: Float64Array.of(1),
    };
    const state = seedState(9);
    const reference = seedState(9);
    const result = runKernel(plan, 50, state);
    const expected = Array.from({ length: 50 }, () => xoshiroStep(reference) >>> 16);
    expect(Array.from(result.perItemSums)).toEqual(expected);
  });
});

describe('levelReplicates (inlined generator)', () => {
  it('gives exactly the numbers of the plain rng.next() loop, and leaves the stream where that loop would', async () => {
    const { levelReplicates } = await import('./drift');
    const pairs = Array.from({ length: 257 }, (_, i) => ({ estimate: 1 + (i % 13), actual: 0.5 + ((i * 7) % 17) }));
    const reference = (rng: ReturnType<typeof createRng>) => {
      const sumE = pairs.reduce((s, p) => s + p.estimate, 0);
      const sumA = pairs.reduce((s, p) => s + p.actual, 0);
      return Float64Array.from({ length: 9 }, () => {
        let wa = 0;
        let we = 0;
        for (const p of pairs) {
          const w = -Math.log(1 - rng.next());
          wa += w * p.actual;
          we += w * p.estimate;
        }
        return wa / we / (sumA / sumE);
      });
    };
    const a = createRng(42);
    const b = createRng(42);
    expect(levelReplicates(pairs, 9, a)).toEqual(reference(b));
    expect(a.nextU32()).toBe(b.nextU32());
  });
});

describe('levelReplicates for long histories (linearised)', () => {
  it('has the spread of the exact Bayesian bootstrap on the same kind of data', async () => {
    const { levelReplicates, LEVEL_EXACT_MAX_PAIRS } = await import('./drift');
    // heavy-tailed ratios, as task histories have
    const rng = createRng(5);
    const pairs = Array.from({ length: LEVEL_EXACT_MAX_PAIRS + 1 }, () => {
      const estimate = 1 + rng.nextInt(20);
      return { estimate, actual: estimate * Math.exp(0.6 * (rng.next() + rng.next() + rng.next() - 1.5) * 2) };
    });
    const sd = (xs: Float64Array) => {
      const m = xs.reduce((s, x) => s + x, 0) / xs.length;
      return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / xs.length);
    };
    const linear = levelReplicates(pairs, 512, createRng(1));
    const exact = levelReplicates(pairs.slice(0, LEVEL_EXACT_MAX_PAIRS), 512, createRng(1));
    expect(sd(linear)).toBeGreaterThan(0.005);
    expect(sd(linear) / sd(exact)).toBeGreaterThan(0.85);
    expect(sd(linear) / sd(exact)).toBeLessThan(1.15);
    const median = Float64Array.from(linear).sort()[256]!;
    expect(median).toBeCloseTo(1, 3);
  });
});
