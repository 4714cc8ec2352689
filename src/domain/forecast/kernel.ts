/**
 * The Monte Carlo inner loop. Every trial t computes
 *   perItemSum[t] = Σ_i estimate_i × ratio drawn from item i's pool
 *   shared[t]     = exp(drift draw) × level-replicate draw
 *   total[t]      = perItemSum[t] × shared[t]
 *
 * Performance notes: the loop runs items outer / trials inner, so an item's
 * estimate and pool bounds are loop invariants and the per-trial sums
 * (trials × 8 bytes) stay in cache. xoshiro128** is inlined on local int32
 * variables (same algorithm as prng.ts `xoshiroStep`; a unit test keeps them
 * identical). No allocation happens per sample.
 */

import { type RngState, U32_TO_UNIT } from './prng';

export interface KernelPlan {
  /** Likely estimate per estimated item. */
  estimates: Float64Array;
  /** Start of each item's pool inside `pools`. */
  poolOffsets: Int32Array;
  /** Length of each item's pool (as a double, to scale the uniform draw). */
  poolLengths: Float64Array;
  /** All ratio pools, concatenated. */
  pools: Float64Array;
  /** exp(log drift) values, resampled uniformly. */
  driftMultipliers: Float64Array;
  /** Level-uncertainty replicates, resampled uniformly. */
  levelMultipliers: Float64Array;
}

export interface KernelResult {
  perItemSums: Float64Array;
  shared: Float64Array;
  totals: Float64Array;
}

/** Runs `trials` trials, advancing `state` (xoshiro128**) in place. */
export function runKernel(plan: KernelPlan, trials: number, state: RngState): KernelResult {
  const sums = new Float64Array(trials);
  const shared = new Float64Array(trials);
  const totals = new Float64Array(trials);
  const { estimates, poolOffsets, poolLengths, pools, driftMultipliers, levelMultipliers } = plan;
  let s0 = state[0]! | 0;
  let s1 = state[1]! | 0;
  let s2 = state[2]! | 0;
  let s3 = state[3]! | 0;

  for (let i = 0; i < estimates.length; i++) {
    const estimate = estimates[i]!;
    const offset = poolOffsets[i]!;
    const scale = poolLengths[i]! * U32_TO_UNIT;
    for (let t = 0; t < trials; t++) {
      const m = Math.imul(s1, 5);
      const r = Math.imul((m << 7) | (m >>> 25), 9);
      const x = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= x;
      s3 = (s3 << 11) | (s3 >>> 21);
      sums[t] = sums[t]! + estimate * pools[offset + (((r >>> 0) * scale) | 0)]!;
    }
  }

  const driftScale = driftMultipliers.length * U32_TO_UNIT;
  const levelScale = levelMultipliers.length * U32_TO_UNIT;
  for (let t = 0; t < trials; t++) {
    let m = Math.imul(s1, 5);
    const r1 = Math.imul((m << 7) | (m >>> 25), 9);
    let x = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= x;
    s3 = (s3 << 11) | (s3 >>> 21);
    m = Math.imul(s1, 5);
    const r2 = Math.imul((m << 7) | (m >>> 25), 9);
    x = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= x;
    s3 = (s3 << 11) | (s3 >>> 21);
    const multiplier =
      driftMultipliers[((r1 >>> 0) * driftScale) | 0]! * levelMultipliers[((r2 >>> 0) * levelScale) | 0]!;
    shared[t] = multiplier;
    totals[t] = sums[t]! * multiplier;
  }

  state[0] = s0;
  state[1] = s1;
  state[2] = s2;
  state[3] = s3;
  return { perItemSums: sums, shared, totals };
}
