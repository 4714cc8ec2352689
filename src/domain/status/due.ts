/**
 * When status updates are due (issue 12), from the charter's cadence: every
 * week, fortnight or month on its weekday, counted from an anchor (the day
 * the charter was agreed). A due date that is not a working day moves to the
 * next working day. Pure.
 */
import { addDays, addWorkingDays, type WorkCalendar, type Weekday, weekdayOf, WEEKDAYS, workingDaysBetween } from '../calendar/working-days';

export interface Cadence {
  every: 'weekly' | 'fortnightly' | 'monthly';
  weekday: Weekday;
}

const firstWeekdayOnOrAfter = (date: string, weekday: Weekday) => {
  const shift = (WEEKDAYS.indexOf(weekday) - WEEKDAYS.indexOf(weekdayOf(date)) + 7) % 7;
  return addDays(date, shift);
};

/** The nominal due dates (before moving off non-working days), from the anchor on. */
function* nominal(anchor: string, c: Cadence): Generator<string> {
  if (c.every === 'monthly') {
    let month = anchor.slice(0, 7);
    for (;;) {
      const d = firstWeekdayOnOrAfter(`${month}-01`, c.weekday);
      if (d >= anchor) yield d;
      const [y, m] = month.split('-').map(Number) as [number, number];
      month = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
    }
  }
  const step = c.every === 'weekly' ? 7 : 14;
  for (let d = firstWeekdayOnOrAfter(anchor, c.weekday); ; d = addDays(d, step)) yield d;
}

/** The first due date after `after` (null: the first one from the anchor on). */
export function nextDueDate(anchor: string, c: Cadence, cal: WorkCalendar, after: string | null): string {
  let guard = 0;
  for (const d of nominal(anchor, c)) {
    const due = addWorkingDays(d, 0, cal);
    if (after === null || due > after) return due;
    if (++guard > 10_000) break;
  }
  throw new Error('nextDueDate: no due date found');
}

/** Every due date from the anchor up to and including `until`. */
export function dueDatesUntil(anchor: string, c: Cadence, cal: WorkCalendar, until: string): string[] {
  const out: string[] = [];
  let prev: string | null = null;
  for (;;) {
    const d = nextDueDate(anchor, c, cal, prev);
    if (d > until) return out;
    out.push(d);
    prev = d;
  }
}

/** Working days an update published on `publishedOn` was late for `dueDate` (0: on time). */
export const lateWorkingDays = (dueDate: string, publishedOn: string, cal: WorkCalendar): number => workingDaysBetween(dueDate, publishedOn, cal);
