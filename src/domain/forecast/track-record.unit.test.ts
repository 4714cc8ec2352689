import { describe, expect, it } from 'vitest';
import type { Judgement } from './scope';
import { correctDates, correctPercentiles, correctQuantiles, factorAt, type StoredTrackEntry, trackCorrection, trackCorrectionNote, trackRecordOf } from './track-record';

const judged = (actualHours: number, completedOn: string): Judgement => ({
  state: 'judged',
  actualHours,
  completedOn,
  effortHeld: { p50: false, p85: false, p95: false },
  dateHeld: null,
});
const entry = (scope: string, actual: number, completedOn = '2026-11-20'): StoredTrackEntry => ({
  scope,
  asOf: '2026-11-10T09:00:00.000Z',
  raw: { effort: { p50: 10, p85: 14, p95: 18 }, dates: { p50: '2026-11-16', p85: '2026-11-18', p95: '2026-11-19' } },
  judgement: judged(actual, completedOn),
});

describe('the track record of stored forecasts', () => {
  it('takes judged forecasts with their outcome, effort in hours and dates as days to the end of each date, and pending ones as censored', () => {
    const pending: StoredTrackEntry = { ...entry('a', 1), judgement: { state: 'pending', openItems: 2, spentSinceHours: 6, lastFinishedOn: '2026-11-22' } };
    const r = trackRecordOf([entry('a', 20), pending]);
    expect(r.effort[0]).toEqual({ p05: 10, p50: 10, p85: 14, p95: 18, actual: 20, group: 'a' });
    // 10 Nov → 16 Nov is 7 days to the end of the 16th; finished on the 20th: 11 days
    expect(r.dates[0]).toEqual({ p05: 7, p50: 7, p85: 9, p95: 10, actual: 11, group: 'a' });
    // a pending one is censored at what is known of it: 6 h logged since, and not done by the last finish of its
    // items (22 Nov: 13 days), whatever day it is now
    expect(r.effort[1]).toEqual({ p05: 10, p50: 10, p85: 14, p95: 18, actual: 6, group: 'a', censored: true });
    expect(r.dates[1]).toEqual({ p05: 7, p50: 7, p85: 9, p95: 10, actual: 13, group: 'a', censored: true });
    expect(r.effort).toHaveLength(2);
    expect(r.dates).toHaveLength(2);
    // a pending forecast none of whose items has finished since says nothing of its date yet
    const idle: StoredTrackEntry = { ...pending, judgement: { state: 'pending', openItems: 2, spentSinceHours: 0, lastFinishedOn: null } };
    expect(trackRecordOf([idle])).toEqual({ effort: [], dates: [] });
  });

  it('corrects nothing with judged forecasts of fewer than three scopes, and says how far the record is', () => {
    const c = trackCorrection(trackRecordOf([entry('a', 20), entry('a', 20), entry('b', 20)]));
    expect(c).toMatchObject({ applied: false, judged: 3, scopes: 2, effort: { p50: 1, p85: 1, p95: 1 }, dates: null });
    expect(trackCorrectionNote(c, { raw: c.effort, corrected: c.effort }, null)).toMatch(/3 stored forecast\(s\) of 2 scope\(s\) have been judged; a correction needs judged forecasts of 3 scopes/);
    expect(trackCorrection({ effort: [], dates: [] }).reason).toMatch(/No stored forecast/);
  });

  it('raises the levels by how far past forecasts fell short, and lowers them when they were too pessimistic', () => {
    const late = trackCorrection(trackRecordOf([entry('a', 20), entry('b', 27), entry('c', 36)]));
    expect(late.applied).toBe(true);
    expect(late.pastHitRate).toEqual({ p50: 0, p85: 0, p95: 0 });
    for (const k of ['p50', 'p85', 'p95'] as const) expect(late.effort[k]).toBeGreaterThan(1);
    // the dates' P50 stays as drawn; their tails move
    expect(late.dates?.p50).toBe(1);
    expect(late.dates?.p85).toBeGreaterThan(1);
    const raw = { p50: 10, p85: 14, p95: 18 };
    const note = trackCorrectionNote(late, { raw, corrected: correctPercentiles(raw, late.effort) }, {
      raw: { p50: '2026-11-16', p85: '2026-11-18', p95: '2026-11-19' },
      corrected: { p50: '2026-11-16', p85: '2026-11-20', p95: '2026-11-19' },
    });
    expect(note).toMatch(/^Corrected by this engagement's own track record: 3 judged forecast\(s\) of 3 scopes in this engagement; of them P50 held 0%, P85 0% and P95 0% of the time\. Effort P50 10 h → \d+ h, /);
    expect(note).toMatch(/dates P50 2026-11-16 \(unchanged\), P85 2026-11-18 → 2026-11-20, P95 2026-11-19 \(unchanged\)\.$/);
    // pooled towards none: three scopes move the log-factor half way
    const full = trackCorrection(trackRecordOf([entry('a', 20), entry('b', 27), entry('c', 36)]), 3, 0);
    expect(Math.log(late.effort.p50)).toBeCloseTo(Math.log(full.effort.p50) / 2, 9);
    const early = trackCorrection(trackRecordOf([entry('a', 5, '2026-11-12'), entry('b', 6, '2026-11-12'), entry('c', 4, '2026-11-12')]));
    expect(early.effort.p50).toBeLessThan(1);
    expect(early.dates?.p95).toBeLessThan(1);
    expect(early.effort.p85).toBeLessThan(1);
  });

  it('counts pending forecasts of other scopes as at least as late as today, never those of the scope forecast, and keeps the dates\' P50', () => {
    const done = [entry('a', 10, '2026-11-16'), entry('b', 10, '2026-11-16'), entry('c', 10, '2026-11-16')];
    const open = (scope: string): StoredTrackEntry => ({ ...entry(scope, 0), judgement: { state: 'pending', openItems: 3, spentSinceHours: 40, lastFinishedOn: '2026-12-19' } });
    const pendings = ['d', 'e', 'f', 'g'].map(open);
    const plain = trackCorrection(trackRecordOf(done), 3, 0);
    const withOpen = trackCorrection(trackRecordOf([...done, ...pendings]), 3, 0);
    expect(plain.effort.p50).toBeCloseTo(1, 12);
    // four of seven still open at four times the P50 (40 h against 10): the effort P50 moves up; P85/P95 from judged ones only
    expect(withOpen.effort.p50).toBeCloseTo(4, 12);
    expect(withOpen.effort.p95).toBeCloseTo(plain.effort.p95, 12);
    // dates: not done after 40 days (the last finish so far) against a P95 of 10: the tails move, the P50 stays as drawn
    expect(withOpen.dates?.p95).toBeGreaterThan(3);
    expect(withOpen.dates?.p50).toBe(1);
    expect(withOpen.judged).toBe(3);
    expect(withOpen.reason).toMatch(/forecasts of 4 scope\(s\) still open, counted as at least as late as their last finish/);
    // forecasting scope d itself: its own pending forecast is the same work, so it is left out, exactly as if it
    // were not in the record (with it, 4 of 7 are open and the P50 is a lower bound, ×4; without it, 3 of 6, ×1)
    const forD = trackCorrection(trackRecordOf([...done, ...pendings]), 3, 0, 'd');
    const withoutD = trackCorrection(trackRecordOf([...done, ...pendings.slice(1)]), 3, 0);
    expect(forD.effort).toEqual(withoutD.effort);
    expect(forD.dates).toEqual(withoutD.dates);
    expect(forD.effort.p50).toBeCloseTo(1, 12);
    expect(forD.reason).toMatch(/forecasts of 3 scope\(s\) still open/);
  });

  it('keeps the corrected levels in order, P05 where the engine drew it and the fan monotone', () => {
    expect(correctPercentiles({ p50: 10, p85: 11, p95: 12 }, { p50: 2, p85: 1, p95: 1 })).toEqual({ p50: 20, p85: 20, p95: 20 });
    const f = { p50: 1.2, p85: 1.5, p95: 2 };
    expect(factorAt(0.05, f)).toBe(1);
    expect(factorAt(0.5, f)).toBeCloseTo(1.2, 12);
    expect(factorAt(0.9, f)).toBeCloseTo(1.75, 12);
    expect(factorAt(0.99, f)).toBe(2);
    const q = correctQuantiles(
      [
        { p: 0.05, value: 5 },
        { p: 0.5, value: 10 },
        { p: 0.85, value: 10.5 },
        { p: 0.95, value: 11 },
      ],
      { p50: 1.5, p85: 1, p95: 1 },
    );
    expect(q.map((x) => x.value)).toEqual([5, 15, 15, 15]);
  });

  it('moves dates as days from the forecast day, never before it', () => {
    const d = correctDates('2026-11-10T09:00:00Z', { p50: '2026-11-16', p85: '2026-11-18', p95: '2026-11-19' }, { p50: 2, p85: 2, p95: 2 });
    // 7 days → 14 days: the 23rd is the 14th day counting the 10th
    expect(d).toEqual({ p50: '2026-11-23', p85: '2026-11-27', p95: '2026-11-29' });
    expect(correctDates('2026-11-10T09:00:00Z', { p50: '2026-11-10', p85: '2026-11-11', p95: '2026-11-12' }, { p50: 0.1, p85: 0.1, p95: 0.1 })).toEqual({
      p50: '2026-11-10',
      p85: '2026-11-10',
      p95: '2026-11-10',
    });
  });
});
