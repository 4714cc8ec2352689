/**
 * Seeded pseudo-random numbers for the forecast Monte Carlo.
 *
 * Choice: xoshiro128** (Blackman & Vigna, 2018). It has a 128-bit state
 * (period 2^128 - 1), passes BigCrush and PractRand, and needs only 32-bit
 * integer operations, which V8 runs on untagged int32 registers (Math.imul,
 * shifts, xor). That keeps it several times faster than a 64-bit generator
 * emulated with BigInt and avoids Math.random, which cannot be seeded.
 * The state is expanded from a 32-bit seed with SplitMix32, so nearby seeds
 * (1, 2, 3, ...) give unrelated streams and the all-zero state cannot occur.
 *
 * Doubles are made from one 32-bit output (u32 * 2^-32): 32 bits of
 * resolution is plenty for resampling indices and inverse-CDF lookups.
 *
 * The hot Monte Carlo loop in kernel.ts inlines the same step function on
 * local variables (see `xoshiroStep` here for the reference version); the
 * unit tests check the two stay identical.
 */

export const U32_TO_UNIT = 1 / 4294967296;

/** The four 32-bit words of xoshiro128** state, as unsigned integers. */
export type RngState = Uint32Array;

/** Normalises a user seed (any safe integer) to an unsigned 32-bit value. */
export function normaliseSeed(seed: number): number {
  if (!Number.isSafeInteger(seed)) {
    throw new RangeError(`seed must be a safe integer, got ${String(seed)}`);
  }
  // Fold the high bits in so seeds that differ only above bit 31 still differ.
  const high = Math.floor(Math.abs(seed) / 4294967296);
  return ((seed >>> 0) ^ Math.imul(high, 0x9e3779b1)) >>> 0;
}

/** Mixes several integers (e.g. a base seed and a checkpoint index) into one seed. */
export function deriveSeed(...parts: number[]): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    h = splitMix32Step((h ^ normaliseSeed(part)) >>> 0).value;
  }
  return h >>> 0;
}

/** Hashes a string (e.g. a project key) to a 32-bit integer with FNV-1a. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function splitMix32Step(state: number): { state: number; value: number } {
  const next = (state + 0x9e3779b9) | 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  z ^= z >>> 16;
  return { state: next, value: z >>> 0 };
}

/** Expands a seed into a fresh xoshiro128** state with SplitMix32. */
export function seedState(seed: number): RngState {
  const state = new Uint32Array(4);
  let sm = normaliseSeed(seed);
  for (let i = 0; i < 4; i++) {
    const step = splitMix32Step(sm);
    sm = step.state;
    state[i] = step.value;
  }
  if ((state[0]! | state[1]! | state[2]! | state[3]!) === 0) state[0] = 1;
  return state;
}

/** Reference xoshiro128** step: advances `state` in place, returns a u32. */
export function xoshiroStep(state: RngState): number {
  const s0 = state[0]!;
  const s1 = state[1]!;
  const s2 = state[2]!;
  const s3 = state[3]!;
  const m = Math.imul(s1, 5);
  const result = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
  const t = s1 << 9;
  const n2 = s2 ^ s0;
  const n3 = s3 ^ s1;
  const n1 = s1 ^ n2;
  const n0 = s0 ^ n3;
  state[0] = n0;
  state[1] = n1;
  state[2] = n2 ^ t;
  state[3] = (n3 << 11) | (n3 >>> 21);
  return result;
}

/** A small object wrapper for code that is not performance critical. */
export interface Rng {
  /** Uniform double in [0, 1). */
  next(): number;
  /** Uniform unsigned 32-bit integer. */
  nextU32(): number;
  /** Uniform integer in [0, n). */
  nextInt(n: number): number;
  /** The live state (shared, not a copy): lets kernels continue the stream. */
  readonly state: RngState;
}

export function createRng(seed: number): Rng {
  const state = seedState(seed);
  return {
    state,
    nextU32: () => xoshiroStep(state),
    next: () => xoshiroStep(state) * U32_TO_UNIT,
    nextInt: (n: number) => Math.floor(xoshiroStep(state) * U32_TO_UNIT * n),
  };
}
