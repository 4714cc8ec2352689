import { describe, expect, it } from 'vitest';
import { effortAt, effortLevel, forecastCompletionDates, paceResidual, weeklyWork } from './capacity';
import { ForecastInputError } from './errors';

const DAY = 86_400_000;
const asOf = Date.UTC(2026, 10, 2); // a Monday
const day = (n: number): number => asOf + n * DAY;

/** A point-mass effort distribution: every quantile equals x. */
const exactly = (x: number) => ({ quantiles: [0.05, 0.5, 0.95].map((p) => ({ p, value: x })), min: x, max: x });

describe('weeklyWork', () => {
  it('spreads a span over its days and counts a point span at its end, oldest week first', () => {
    const weeks = weeklyWork(
      [
        { start: day(-14), end: day(0), amount: 14 }, // 7 in each of the last two weeks
        { end: day(-1), amount: 5 }, // last week
        { end: day(3), amount: 100 }, // after asOf: ignored
      ],
      asOf,
      8,
    );
    expect(Array.from(weeks)).toEqual([7, 12]);
  });

  it('keeps empty weeks inside the history (holidays) but not before the first work', () => {
    const weeks = weeklyWork([{ end: day(-20), amount: 10 }, { end: day(-2), amount: 6 }], asOf, 26);
    expect(Array.from(weeks)).toEqual([10, 0, 6]);
  });

  it('is empty without any work and rejects bad amounts', () => {
    expect(weeklyWork([], asOf).length).toBe(0);
    expect(() => weeklyWork([{ end: day(-1), amount: -1 }], asOf)).toThrow(ForecastInputError);
  });
});

describe('effort distribution helpers', () => {
  const dist = { quantiles: [{ p: 0.5, value: 10 }], min: 0, max: 20 };
  it('inverts linearly between quantiles, min at 0 and max at 1', () => {
    expect(effortAt(dist, 0.25)).toBe(5);
    expect(effortAt(dist, 0.75)).toBe(15);
    expect(effortLevel(dist, 5)).toBe(0.25);
    expect(effortLevel(dist, 25)).toBe(1);
  });
});

describe('forecastCompletionDates', () => {
  it('with a constant history gives the effort divided by the weekly capacity', () => {
    const f = forecastCompletionDates({ asOf, effort: exactly(30), weeklyHistory: [10, 10, 10, 10], trials: 200 });
    expect(f.kind).toBe('forecast');
    if (f.kind !== 'forecast') return;
    expect(f.weeks.p50).toBeCloseTo(3, 9);
    expect(f.p95).toBe(day(21));
  });

  it('spreads dates when weekly capacity varies, and a wider history gives a later P95', () => {
    const steady = forecastCompletionDates({ asOf, effort: exactly(40), weeklyHistory: [10, 10, 10, 10, 10, 10, 10, 10], trials: 2000 });
    const bumpy = forecastCompletionDates({ asOf, effort: exactly(40), weeklyHistory: [20, 0, 20, 0, 10, 10, 0, 20], trials: 2000 });
    if (steady.kind !== 'forecast' || bumpy.kind !== 'forecast') throw new Error('expected forecasts');
    expect(steady.p05).toBe(steady.p95);
    expect(bumpy.p95).toBeGreaterThan(steady.p95);
    expect(bumpy.p05).toBeLessThan(bumpy.p95);
    expect(bumpy.capacity.emptyWeeks).toBe(3);
  });

  it('replaces history by the plan for the days it covers, and reports it', () => {
    // Office closed for the first two weeks, then history's 10 per week: 30 of work takes 2 + 3 weeks.
    const f = forecastCompletionDates({
      asOf,
      effort: exactly(30),
      weeklyHistory: [10, 10, 10],
      plan: [{ from: day(0), to: day(13), perWeek: 0, label: 'office closed' }],
      trials: 100,
    });
    if (f.kind !== 'forecast') throw new Error('expected a forecast');
    expect(f.weeks.p50).toBeCloseTo(5, 9);
    expect(f.plan).toEqual([{ label: 'office closed', weeks: 2, perWeek: 0 }]);
  });

  it('an open-ended plan with more people shortens the forecast; without history or plan there is no forecast', () => {
    const f = forecastCompletionDates({
      asOf,
      effort: exactly(60),
      weeklyHistory: [10, 10],
      plan: [{ from: day(7), to: null, perWeek: 20, label: '2 people from 9 Nov' }],
      trials: 100,
    });
    if (f.kind !== 'forecast') throw new Error('expected a forecast');
    expect(f.weeks.p50).toBeCloseTo(1 + 50 / 20, 9);
    const none = forecastCompletionDates({ asOf, effort: exactly(10), weeklyHistory: [] });
    expect(none.kind).toBe('no-forecast');
  });

  it('a pace drift slows or speeds every history week of a trial by the drawn factor, keeps plan weeks, and is reported', () => {
    const base = { asOf, effort: exactly(30), weeklyHistory: [10, 10, 10, 10], trials: 400 };
    const slow = forecastCompletionDates({ ...base, paceDrift: [Math.log(2)] });
    const mixed = forecastCompletionDates({ ...base, paceDrift: [0, Math.log(2)] });
    expect(slow.kind === 'forecast' && mixed.kind === 'forecast').toBe(true);
    if (slow.kind !== 'forecast' || mixed.kind !== 'forecast') return;
    expect(slow.weeks.p50).toBeCloseTo(6, 9); // 30 h at 5 h a week
    expect(slow.paceDrift).toEqual({ residuals: 1, medianFactor: 2, p10Factor: 2, p90Factor: 2 });
    // Half the trials at 3 weeks, half at 6: the spread comes from the drift alone.
    expect(mixed.weeks.p95).toBeCloseTo(6, 9);
    expect(mixed.weeks.p05).toBeCloseTo(3, 9);
    // A plan week keeps the plan's hours whatever the drift: 30 h planned in the first week.
    const planned = forecastCompletionDates({ ...base, paceDrift: [Math.log(4)], plan: [{ from: day(0), to: day(6), perWeek: 30, label: 'sprint' }] });
    expect(planned.kind === 'forecast' && planned.weeks.p95).toBeCloseTo(1, 9);
    expect(forecastCompletionDates(base).kind === 'forecast' && (forecastCompletionDates(base) as { paceDrift: unknown }).paceDrift).toBe(null);
    expect(() => forecastCompletionDates({ ...base, paceDrift: [Number.NaN] })).toThrow(/pace drift 0 must be a finite number/);
  });

  it('paceResidual: log of the weeks taken over the weeks at the history\'s mean pace; null without an answer', () => {
    expect(paceResidual([10, 10], 40, 4)).toBeCloseTo(0, 12);
    expect(paceResidual([10, 0, 20], 40, 8)).toBeCloseTo(Math.log(2), 12);
    expect(paceResidual([], 40, 4)).toBe(null);
    expect(paceResidual([0, 0], 40, 4)).toBe(null);
    expect(paceResidual([10], 0, 4)).toBe(null);
    expect(paceResidual([10], 40, 0)).toBe(null);
  });

  it('names bad input', () => {
    expect(() =>
      forecastCompletionDates({ asOf, effort: exactly(1), weeklyHistory: [1], plan: [{ from: day(5), to: day(1), perWeek: 1, label: 'x' }] }),
    ).toThrow(/capacity plan 0: to is before from/);
  });
});
