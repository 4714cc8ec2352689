import { describe, expect, it } from 'vitest';
import { budgetAtCompletion, forecastCompletion, measureCapacity } from './schedule';

const DAY = 86_400_000;
const AS_OF = Date.UTC(2024, 5, 3); // a Monday

describe('measureCapacity', () => {
  it('averages logged hours per week over the window and ignores the future', () => {
    const entries = [
      { at: AS_OF - 1 * DAY, hours: 30 },
      { at: AS_OF - 10 * DAY, hours: 50 },
      { at: AS_OF - 40 * DAY, hours: 100 }, // outside a 4-week window
      { at: AS_OF + 2 * DAY, hours: 999 }, // after asOf
    ];
    const c = measureCapacity(entries, AS_OF, 4);
    expect(c.hoursPerWeek).toBe(20);
    expect(c.entries).toBe(2);
    expect(c.weeksSinceLastEntry).toBe(0);
  });

  it('rejects negative hours and bad dates', () => {
    expect(() => measureCapacity([{ at: AS_OF, hours: -1 }], AS_OF)).toThrow(/hours/);
    expect(() => measureCapacity([{ at: 'not a date', hours: 1 }], AS_OF)).toThrow(/not a valid date/);
    expect(() => measureCapacity([], AS_OF, 0)).toThrow(/windowWeeks/);
  });
});

describe('forecastCompletion', () => {
  const remaining = { p50: 100, p85: 150, p95: 200 };

  it('turns remaining hours into dates at the measured capacity', () => {
    const capacity = measureCapacity([{ at: AS_OF - DAY, hours: 200 }], AS_OF, 4); // 50 h/week
    const f = forecastCompletion(remaining, capacity, AS_OF);
    expect(f).toEqual({
      kind: 'forecast',
      hoursPerWeek: 50,
      p50: '2024-06-17',
      p85: '2024-06-24',
      p95: '2024-07-01',
      weeks: { p50: 2, p85: 3, p95: 4 },
    });
  });

  it('gives an explicit "no forecast" when nobody has logged time, never Infinity or NaN', () => {
    const stale = measureCapacity([{ at: AS_OF - 10 * 7 * DAY - DAY, hours: 8 }], AS_OF, 4);
    const f = forecastCompletion(remaining, stale, AS_OF);
    expect(f).toEqual({ kind: 'no-forecast', reason: 'no forecast: nobody has logged time in 10 weeks', weeksWithoutTime: 10 });
    expect(JSON.stringify(f)).not.toMatch(/Infinity|NaN|null/);

    const never = forecastCompletion(remaining, measureCapacity([], AS_OF, 4), AS_OF);
    expect(never).toMatchObject({ kind: 'no-forecast', weeksWithoutTime: 4 });
    expect(never.kind === 'no-forecast' && never.reason).toMatch(/nobody has logged time in 4 weeks \(no time has been logged at all\)/);

    const zeroHours = measureCapacity([{ at: AS_OF - DAY, hours: 0 }], AS_OF, 1);
    expect(forecastCompletion(remaining, zeroHours, AS_OF)).toMatchObject({ kind: 'no-forecast', weeksWithoutTime: 1 });
  });

  it('rejects non-finite remaining effort', () => {
    const capacity = measureCapacity([{ at: AS_OF - DAY, hours: 10 }], AS_OF);
    expect(() => forecastCompletion({ p50: Number.POSITIVE_INFINITY, p85: 1, p95: 1 }, capacity, AS_OF)).toThrow(/p50/);
  });
});

describe('budgetAtCompletion', () => {
  it('is spent plus remaining effort times rate', () => {
    expect(budgetAtCompletion(1000, { p50: 10, p85: 20, p95: 40 }, 50)).toEqual({ p50: 1500, p85: 2000, p95: 3000 });
    expect(() => budgetAtCompletion(-1, { p50: 1, p85: 1, p95: 1 }, 1)).toThrow(/spent/);
    expect(() => budgetAtCompletion(0, { p50: 1, p85: 1, p95: 1 }, Number.NaN)).toThrow(/rate/);
  });
});
