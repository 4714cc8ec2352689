/**
 * Small seeded randomness shared by the pure modules that need a reproducible
 * draw (the selection's winner stability, the trust index's simulation). The
 * forecast has its own faster generator (forecast/prng.ts) for millions of draws.
 */

/** mulberry32: a small, fast 32-bit seeded PRNG; returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
