import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** A random key per process: the digests compared are of no use to anyone else. */
const KEY = randomBytes(32);

/**
 * Compares two secrets in constant time (ADR 0033). Both sides are first reduced to an
 * HMAC-SHA-256 under a random per-process key, so the buffers handed to `timingSafeEqual` always
 * have the same length and neither the content nor the length of the secret leaks
 * through the time the comparison takes.
 *
 * Candor looks its own tokens up by their keyed hash (`tokenHash` in ids.ts), which
 * needs no comparison in JavaScript; use this wherever a secret must be compared
 * directly. The source scan in secret-compare.unit.test.ts refuses `===` on secrets.
 */
export function safeEqual(a: string | Buffer, b: string | Buffer): boolean {
  const ha = createHmac('sha256', KEY).update(a).digest();
  const hb = createHmac('sha256', KEY).update(b).digest();
  return timingSafeEqual(ha, hb);
}
