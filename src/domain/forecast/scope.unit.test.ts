import { describe, expect, it } from 'vitest';
import { calibrationRecord, chanceAtMost, forecastScope, type ItemNow, judgeForecast, type ScopeForecastInput } from './scope';

const asOf = '2026-11-02T09:00:00.000Z';
const history = Array.from({ length: 40 }, (_, i) => ({ estimate: 4 + (i % 5), actual: (4 + (i % 5)) * (0.8 + (i % 7) * 0.1), completedAt: `2026-10-${String(1 + (i % 28)).padStart(2, '0')}T12:00:00Z`, estimatorId: i % 2 ? 'ann' : 'bob' }));
const daily = (from: string, days: number, hours: number) =>
  Array.from({ length: days }, (_, i) => ({ at: new Date(Date.parse(from) + i * 86_400_000).toISOString(), hours }));

const input = (over: Partial<ScopeForecastInput> = {}): ScopeForecastInput => ({
  asOf,
  scope: { kind: 'engagement', plannedEnd: '2027-01-31' },
  remaining: Array.from({ length: 30 }, (_, i) => ({ id: `i${i}`, title: `Item ${i}`, estimate: { low: 3, likely: 5, high: 9 }, estimatorId: 'ann', spentHours: i < 3 ? 2 : 0 })),
  history,
  historyLeftOut: { noEstimate: 1, noTime: 2 },
  scopeTime: daily('2026-10-06T00:00:00Z', 28, 8),
  engagementTime: daily('2026-10-06T00:00:00Z', 28, 8),
  scopeSpentHours: 300,
  money: { currency: 'EUR', billableHours: 250, amount: 25_000, ratePerBillableHour: 100, billableShare: 0.9, budgetHours: 500, budgetAmount: 50_000 },
  seed: 11,
  trials: 4000,
  ...over,
});

describe('forecastScope', () => {
  it('is reproducible: the same inputs and seed give identical output', () => {
    expect(forecastScope(input())).toEqual(forecastScope(input()));
    expect(forecastScope(input({ seed: 12 })).effort).not.toEqual(forecastScope(input()).effort);
  });

  it('subtracts time already spent on unfinished items, and adds the scope spend for effort at completion', () => {
    const f = forecastScope(input());
    expect(f.spentOnOpenHours).toBe(6);
    expect(f.effortAtCompletion.p85).toBeCloseTo(300 + f.effort.p85, 6);
    expect(f.effort.p50).toBeLessThan(f.effort.p85);
    expect(f.effort.p85).toBeLessThan(f.effort.p95);
  });

  it('turns remaining hours into dates at the measured pace and into budget at completion', () => {
    const f = forecastScope(input());
    expect(f.capacity.hoursPerWeek).toBeCloseTo(56, 6); // 8 h a day, 7 days a week, over 4 weeks
    if (f.completion.kind !== 'forecast') throw new Error('expected dates');
    // Capacity is sampled from the weekly history (issue 18); with a steady 56 h/week it is the same up to the partial first week.
    expect(f.completion.weeks.p85).toBeCloseTo(f.effort.p85 / 56, 1);
    expect(f.capacity.sampled?.median).toBeCloseTo(56, 6);
    expect(f.explanation.notes.join(' ')).toMatch(/Dates sample each week's capacity from the last \d+ week\(s\) of logged hours/);
    expect(f.budget?.hours.p50).toBeCloseTo(250 + f.effort.p50 * 0.9, 6);
    expect(f.budget?.amount?.p95).toBeCloseTo(25_000 + f.effort.p95 * 0.9 * 100, 6);
    expect(f.budget?.chanceWithinBudget).toBeGreaterThan(0.05);
  });

  it('draws a fan that starts at the remaining-effort quantiles, never goes below zero and ends at zero', () => {
    const f = forecastScope(input());
    const first = f.fan[0]!;
    expect(first.date).toBe('2026-11-02');
    expect(first.p95).toBeCloseTo(f.effort.p95, 1);
    for (const p of f.fan) {
      expect(p.p05).toBeLessThanOrEqual(p.p50);
      expect(p.p50).toBeLessThanOrEqual(p.p95);
      expect(p.p05).toBeGreaterThanOrEqual(0);
    }
    expect(f.fan.at(-1)!.p95).toBe(0);
    expect(f.fan.at(-1)!.plan).toBe(0);
    expect(f.fan.length).toBeLessThanOrEqual(62);
  });

  it('gives "no forecast" with the weeks without time when nobody logged any, never Infinity', () => {
    const f = forecastScope(input({ scopeTime: daily('2026-08-01T00:00:00Z', 10, 8), engagementTime: daily('2026-08-01T00:00:00Z', 10, 8) }));
    expect(f.completion).toEqual({ kind: 'no-forecast', reason: 'no forecast: nobody has logged time in 12 weeks', weeksWithoutTime: 12 });
    expect(JSON.stringify(f)).not.toMatch(/Infinity|NaN/);
  });

  it('a phase without time of its own uses the engagement pace and says so', () => {
    const f = forecastScope(input({ scope: { kind: 'phase', phaseId: 'p', name: 'P', plannedEnd: null }, scopeTime: [], money: null }));
    expect(f.capacity.source).toBe('engagement');
    expect(f.capacity.reason).toMatch(/nobody logged time on this phase's items in the last 4 weeks/);
    expect(f.budget).toBeNull();
  });

  it('counts and names items without estimates', () => {
    const remaining = [...input().remaining, { id: 'x', title: 'Unsized', estimate: null, estimatorId: null, spentHours: 0 }];
    const f = forecastScope(input({ remaining }));
    expect(f.notEstimated).toEqual({ count: 1, items: [{ id: 'x', title: 'Unsized' }] });
    expect(f.remainingItems).toBe(31);
    expect(f.estimatedItems).toBe(30);
  });
});

describe('chanceAtMost', () => {
  const q = [0.05, 0.5, 0.95].map((p, i) => ({ p, value: [10, 20, 40][i]! }));
  it('interpolates between quantiles and stays within the simulated levels', () => {
    expect(chanceAtMost(q, 20)).toBeCloseTo(0.5);
    expect(chanceAtMost(q, 30)).toBeCloseTo(0.725);
    expect(chanceAtMost(q, 5)).toBe(0.05);
    expect(chanceAtMost(q, -1)).toBe(0);
    expect(chanceAtMost(q, 100)).toBe(0.95);
  });
});

describe('judging stored forecasts', () => {
  const facts = { id: 'f', asOf, itemIds: ['a', 'b'], spentOnOpenHours: 2, effort: { p50: 10, p85: 14, p95: 20 }, dates: { p50: '2026-11-10', p85: '2026-11-20', p95: '2026-11-30' } };
  const items = (a: ItemNow, b: ItemNow) => new Map([['a', a], ['b', b]]);
  it('waits while any covered item is open', () => {
    expect(judgeForecast(facts, items({ finishedAt: '2026-11-05T10:00:00Z', spentHours: 5 }, { finishedAt: null, spentHours: 1 }))).toEqual({ state: 'pending', openItems: 1, spentSinceHours: 4, lastFinishedOn: '2026-11-05' });
  });
  it('compares what the covered items took after the forecast with each percentile, and the last finish with the dates', () => {
    const j = judgeForecast(facts, items({ finishedAt: '2026-11-05T10:00:00Z', spentHours: 6 }, { finishedAt: '2026-11-15T10:00:00Z', spentHours: 8 }));
    expect(j).toEqual({ state: 'judged', actualHours: 12, completedOn: '2026-11-15', effortHeld: { p50: false, p85: true, p95: true }, dateHeld: { p50: false, p85: true, p95: true } });
    const record = calibrationRecord([j, { state: 'pending', openItems: 3, spentSinceHours: 0, lastFinishedOn: null }]);
    expect(record).toMatchObject({ forecasts: 2, judged: 1, pending: 1, effort: { p50: 0, p85: 1, p95: 1 }, datesJudged: 1 });
    expect(record.summary).toBe('Of 1 past P85 forecast(s), 1 held on effort and 1 of 1 on date.');
  });
});

describe('the scope summary', () => {
  it('leads with the figures the cards show (net of time already spent), then the evidence', () => {
    const f = forecastScope(input());
    const h = (x: number) => `${Math.round(x).toLocaleString('en-US')} h`;
    expect(f.explanation.summary.startsWith(`Remaining effort P50 ${h(f.effort.p50)}, P85 ${h(f.effort.p85)}, P95 ${h(f.effort.p95)}, after the 6 h already logged on unfinished items;`)).toBe(true);
    expect(f.explanation.summary).toMatch(/Per-item history: team \(30 item\(s\), 40 finished pair\(s\)/);
  });
});

describe('a stored forecast whose covered items vanished', () => {
  it('is not judged (the hours they had taken cannot be separated) and is counted apart', () => {
    const facts = { id: 'f', asOf, itemIds: ['a', 'gone'], spentOnOpenHours: 2, effort: { p50: 10, p85: 14, p95: 20 }, dates: null };
    const j = judgeForecast(facts, new Map([['a', { finishedAt: '2026-11-05T10:00:00Z', spentHours: 5 }]]));
    expect(j).toEqual({ state: 'void', reason: '1 of the 2 item(s) it covered were deleted or are no longer visible, so it cannot be judged fairly' });
    expect(calibrationRecord([j])).toMatchObject({ forecasts: 1, judged: 0, pending: 0, void: 1 });
  });
});
