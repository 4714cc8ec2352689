/**
 * Retry delay after a failed attempt: exponential from 30 s, capped at 1 h,
 * with ±20% jitter from the given random number so processes spread out.
 */
export function backoffMs(attempt: number, random: number): number {
  const base = Math.min(3_600_000, 30_000 * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.8 + 0.4 * random));
}
