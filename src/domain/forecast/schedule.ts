/**
 * From remaining effort to dates and money.
 *
 * Capacity is measured, not declared: the hours the team actually logged per
 * week over a recent window. Dates are calendar dates (asOf + effort ÷
 * weekly capacity × 7 days); holidays and planned staffing changes are out
 * of scope and would need an explicit capacity override.
 */

import { ForecastInputError } from './errors';
import { toEpochMs } from './time';
import type { Instant } from './types';

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
export const DEFAULT_CAPACITY_WINDOW_WEEKS = 4;

export interface TimeEntry {
  /** When the time was worked (or logged). */
  at: Instant;
  hours: number;
}

export interface Capacity {
  hoursPerWeek: number;
  windowWeeks: number;
  entries: number;
  /** Whole weeks since the most recent entry at or before asOf; null when there is none. */
  weeksSinceLastEntry: number | null;
}

/** Average logged hours per week over the `windowWeeks` weeks ending at `asOf`. */
export function measureCapacity(
  entries: readonly TimeEntry[],
  asOf: Instant,
  windowWeeks = DEFAULT_CAPACITY_WINDOW_WEEKS,
): Capacity {
  if (!(Number.isInteger(windowWeeks) && windowWeeks >= 1)) {
    throw new ForecastInputError(`windowWeeks must be a positive integer, got ${String(windowWeeks)}`);
  }
  const end = requireTime(asOf, 'asOf');
  const start = end - windowWeeks * WEEK_MS;
  let hours = 0;
  let count = 0;
  let last = Number.NEGATIVE_INFINITY;
  entries.forEach((entry, index) => {
    const at = requireTime(entry.at, `time entry ${index}`);
    if (!(Number.isFinite(entry.hours) && entry.hours >= 0)) {
      throw new ForecastInputError(`time entry ${index}: hours must be a finite number ≥ 0, got ${String(entry.hours)}`);
    }
    if (at > end) return;
    if (entry.hours > 0 && at > last) last = at;
    if (at > start) {
      hours += entry.hours;
      count++;
    }
  });
  return {
    hoursPerWeek: hours / windowWeeks,
    windowWeeks,
    entries: count,
    weeksSinceLastEntry: Number.isFinite(last) ? Math.floor((end - last) / WEEK_MS) : null,
  };
}

export interface EffortPercentiles {
  p50: number;
  p85: number;
  p95: number;
}

export type CompletionForecast =
  | {
      kind: 'forecast';
      hoursPerWeek: number;
      /** ISO dates. */
      p50: string;
      p85: string;
      p95: string;
      weeks: EffortPercentiles;
    }
  | {
      kind: 'no-forecast';
      reason: string;
      /** Weeks without any logged time (at least the capacity window). */
      weeksWithoutTime: number;
    };

/**
 * Completion dates for remaining effort (hours) at the measured capacity.
 * Zero capacity never yields Infinity or an invalid date: it yields an
 * explicit "no forecast" saying how long nobody has logged time.
 */
export function forecastCompletion(remainingHours: EffortPercentiles, capacity: Capacity, asOf: Instant): CompletionForecast {
  const start = requireTime(asOf, 'asOf');
  for (const key of ['p50', 'p85', 'p95'] as const) {
    if (!(Number.isFinite(remainingHours[key]) && remainingHours[key] >= 0)) {
      throw new ForecastInputError(`remaining ${key} must be a finite number ≥ 0, got ${String(remainingHours[key])}`);
    }
  }
  if (!(capacity.hoursPerWeek > 0) || !Number.isFinite(capacity.hoursPerWeek)) {
    const weeks = Math.max(capacity.windowWeeks, capacity.weeksSinceLastEntry ?? capacity.windowWeeks);
    const tail = capacity.weeksSinceLastEntry === null ? ' (no time has been logged at all)' : '';
    return {
      kind: 'no-forecast',
      reason: `no forecast: nobody has logged time in ${weeks} week${weeks === 1 ? '' : 's'}${tail}`,
      weeksWithoutTime: weeks,
    };
  }
  const weeks = {
    p50: remainingHours.p50 / capacity.hoursPerWeek,
    p85: remainingHours.p85 / capacity.hoursPerWeek,
    p95: remainingHours.p95 / capacity.hoursPerWeek,
  };
  const date = (w: number): string => new Date(start + Math.ceil(w * 7) * DAY_MS).toISOString().slice(0, 10);
  return { kind: 'forecast', hoursPerWeek: capacity.hoursPerWeek, p50: date(weeks.p50), p85: date(weeks.p85), p95: date(weeks.p95), weeks };
}

/** Budget at completion per percentile: money spent so far + remaining effort × rate. */
export function budgetAtCompletion(spent: number, remainingEffort: EffortPercentiles, rate: number): EffortPercentiles {
  if (!(Number.isFinite(spent) && spent >= 0)) throw new ForecastInputError(`spent must be a finite number ≥ 0, got ${String(spent)}`);
  if (!(Number.isFinite(rate) && rate >= 0)) throw new ForecastInputError(`rate must be a finite number ≥ 0, got ${String(rate)}`);
  return {
    p50: spent + remainingEffort.p50 * rate,
    p85: spent + remainingEffort.p85 * rate,
    p95: spent + remainingEffort.p95 * rate,
  };
}

function requireTime(instant: Instant, what: string): number {
  const ms = toEpochMs(instant);
  if (!Number.isFinite(ms)) throw new ForecastInputError(`${what}: not a valid date (${String(instant)})`);
  return ms;
}
