import type { Instant } from './types';

/** Epoch milliseconds of an Instant (NaN when a string does not parse). */
export function toEpochMs(instant: Instant): number {
  if (typeof instant === 'number') return instant;
  if (instant instanceof Date) return instant.getTime();
  return Date.parse(instant);
}
