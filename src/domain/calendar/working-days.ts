/**
 * Working days of an engagement (issue 12): Monday to Friday in the
 * engagement's time zone, minus its holiday list. Status-update lateness and
 * acknowledgement windows count in them, and the trust index reuses this
 * calendar. Pure: no clock, no I/O; dates are ISO `YYYY-MM-DD` in the
 * engagement's time zone, instants are `Date`s.
 */

export interface WorkCalendar {
  /** IANA time zone, e.g. 'Europe/Oslo'. */
  timeZone: string;
  /** Local dates that are not working days (besides Saturdays and Sundays). */
  holidays: readonly string[];
}

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
export const WEEKDAYS: readonly Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

const DAY_MS = 86_400_000;
const toUtcNoon = (date: string) => Date.parse(`${date}T12:00:00Z`);
const fromMs = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The calendar date `days` after `date` (negative: before). */
export const addDays = (date: string, days: number): string => fromMs(toUtcNoon(date) + days * DAY_MS);

/** The weekday of a calendar date. */
export const weekdayOf = (date: string): Weekday => WEEKDAYS[new Date(toUtcNoon(date)).getUTCDay()]!;

const formatters = new Map<string, Intl.DateTimeFormat>();
function partsIn(timeZone: string, at: Date) {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, f);
  }
  const p: Record<string, string> = {};
  for (const x of f.formatToParts(at)) p[x.type] = x.value;
  return p;
}

/** The local calendar date of an instant in a time zone. */
export function localDate(at: Date, timeZone: string): string {
  const p = partsIn(timeZone, at);
  return `${p.year}-${p.month}-${p.day}`;
}

/** Minutes the zone is ahead of UTC at an instant. */
function offsetMinutes(at: Date, timeZone: string): number {
  const p = partsIn(timeZone, at);
  const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

/**
 * The instant a local day begins (local midnight) in a time zone. Where
 * midnight does not exist (a daylight-saving jump at 00:00), the first
 * instant of that day.
 */
export function startOfLocalDay(date: string, timeZone: string): Date {
  const guess = Date.parse(`${date}T00:00:00Z`);
  let at = guess - offsetMinutes(new Date(guess), timeZone) * 60_000;
  // a second pass settles instants near an offset change
  at = guess - offsetMinutes(new Date(at), timeZone) * 60_000;
  if (localDate(new Date(at), timeZone) !== date) at += 3_600_000;
  return new Date(at);
}

/** The instant a local day ends: the start of the next one. */
export const endOfLocalDay = (date: string, timeZone: string): Date => startOfLocalDay(addDays(date, 1), timeZone);

export function isWorkingDay(date: string, cal: WorkCalendar): boolean {
  const w = weekdayOf(date);
  return w !== 'sat' && w !== 'sun' && !cal.holidays.includes(date);
}

/** The working day `n` working days after `date` (n ≥ 0; 0: `date` itself when it is one, else the next). */
export function addWorkingDays(date: string, n: number, cal: WorkCalendar): string {
  if (n < 0 || !Number.isInteger(n)) throw new Error('addWorkingDays: n must be a whole number ≥ 0');
  let d = date;
  if (n === 0) {
    while (!isWorkingDay(d, cal)) d = addDays(d, 1);
    return d;
  }
  let left = n;
  while (left > 0) {
    d = addDays(d, 1);
    if (isWorkingDay(d, cal)) left--;
  }
  return d;
}

/** The working day on or after `date`. */
export const nextWorkingDay = (date: string, cal: WorkCalendar): string => addWorkingDays(date, 0, cal);

/**
 * Working days from `from` to `to`: the working days after `from` up to and
 * including `to`. 0 when `to` is on or before `from`. Delivered on Monday
 * for a Friday due date → 1; on the Tuesday after a Friday → 2.
 */
export function workingDaysBetween(from: string, to: string, cal: WorkCalendar): number {
  if (to <= from) return 0;
  let n = 0;
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (isWorkingDay(d, cal)) n++;
  return n;
}

/**
 * The deadline `n` working days after an instant: the end of the `n`-th
 * working day after the instant's local date, e.g. published on Friday
 * afternoon, 2 working days → the end of Tuesday (local).
 */
export function workingDeadline(at: Date, n: number, cal: WorkCalendar): Date {
  return endOfLocalDay(addWorkingDays(localDate(at, cal.timeZone), n, cal), cal.timeZone);
}
