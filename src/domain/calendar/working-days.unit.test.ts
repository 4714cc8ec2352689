import { describe, expect, it } from 'vitest';
import { addWorkingDays, endOfLocalDay, isWorkingDay, localDate, nextWorkingDay, startOfLocalDay, workingDaysBetween, workingDeadline } from './working-days';

const utc = { timeZone: 'UTC', holidays: [] as string[] };
const oslo = { timeZone: 'Europe/Oslo', holidays: ['2026-12-24', '2026-12-25'] };

describe('working days', () => {
  it('Monday to Friday, minus holidays', () => {
    expect(isWorkingDay('2026-12-04', utc)).toBe(true); // Friday
    expect(isWorkingDay('2026-12-05', utc)).toBe(false); // Saturday
    expect(isWorkingDay('2026-12-06', utc)).toBe(false); // Sunday
    expect(isWorkingDay('2026-12-24', oslo)).toBe(false); // a holiday Thursday
    expect(isWorkingDay('2026-12-24', utc)).toBe(true);
  });

  it('adds working days across weekends and holidays', () => {
    expect(addWorkingDays('2026-12-04', 2, utc)).toBe('2026-12-08'); // Fri + 2 → Tue
    expect(addWorkingDays('2026-12-23', 1, oslo)).toBe('2026-12-28'); // Wed + 1 over Christmas and a weekend → Mon
    expect(addWorkingDays('2026-12-05', 0, utc)).toBe('2026-12-07'); // a Saturday rolls to Monday
    expect(nextWorkingDay('2026-12-25', oslo)).toBe('2026-12-28');
    expect(() => addWorkingDays('2026-12-04', -1, utc)).toThrow();
  });

  it('counts working days between two dates (after the first, up to the second)', () => {
    expect(workingDaysBetween('2026-12-04', '2026-12-04', utc)).toBe(0);
    expect(workingDaysBetween('2026-12-04', '2026-12-03', utc)).toBe(0);
    expect(workingDaysBetween('2026-12-04', '2026-12-05', utc)).toBe(0); // Saturday after a Friday due date
    expect(workingDaysBetween('2026-12-04', '2026-12-07', utc)).toBe(1);
    expect(workingDaysBetween('2026-12-04', '2026-12-11', utc)).toBe(5);
    expect(workingDaysBetween('2026-12-23', '2026-12-28', oslo)).toBe(1);
  });

  it('reads local dates in the engagement’s time zone', () => {
    // 23:30 UTC on Thursday is already Friday in Oslo (UTC+1 in winter) but still Thursday in New York
    const at = new Date('2026-12-03T23:30:00Z');
    expect(localDate(at, 'Europe/Oslo')).toBe('2026-12-04');
    expect(localDate(at, 'America/New_York')).toBe('2026-12-03');
    expect(localDate(at, 'UTC')).toBe('2026-12-03');
  });

  it('finds local midnight, also across daylight-saving changes', () => {
    expect(startOfLocalDay('2026-12-04', 'Europe/Oslo').toISOString()).toBe('2026-12-03T23:00:00.000Z');
    expect(startOfLocalDay('2026-07-01', 'Europe/Oslo').toISOString()).toBe('2026-06-30T22:00:00.000Z');
    // Oslo moves to summer time on 29 March 2026 at 02:00: that day starts at UTC+1, the next at UTC+2
    expect(startOfLocalDay('2026-03-29', 'Europe/Oslo').toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(endOfLocalDay('2026-03-29', 'Europe/Oslo').toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect(startOfLocalDay('2026-12-04', 'Asia/Kolkata').toISOString()).toBe('2026-12-03T18:30:00.000Z');
    expect(startOfLocalDay('2026-12-04', 'UTC').toISOString()).toBe('2026-12-04T00:00:00.000Z');
  });

  it('gives a deadline n working days after an instant, at the end of that local day', () => {
    // published Friday 15:00 Oslo → two working days: Monday and Tuesday → end of Tuesday in Oslo
    expect(workingDeadline(new Date('2026-12-04T14:00:00Z'), 2, oslo).toISOString()).toBe('2026-12-08T23:00:00.000Z');
    // published late on Thursday UTC, which is Friday in Oslo: counted from the Oslo date
    expect(workingDeadline(new Date('2026-12-03T23:30:00Z'), 2, oslo).toISOString()).toBe('2026-12-08T23:00:00.000Z');
    expect(workingDeadline(new Date('2026-12-03T23:30:00Z'), 2, utc).toISOString()).toBe('2026-12-08T00:00:00.000Z');
    // over Christmas in Oslo: Wed 23 + 2 → Mon 28, Tue 29
    expect(workingDeadline(new Date('2026-12-23T10:00:00Z'), 2, oslo).toISOString()).toBe('2026-12-29T23:00:00.000Z');
  });
});
