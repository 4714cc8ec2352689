import { describe, expect, it } from 'vitest';
import {
  addDaysToDate,
  type CommitmentFact,
  checkDelivery,
  checkNew,
  checkRenegotiation,
  daysBetween,
  daysInAdvance,
  isEarlyRenegotiation,
  isPastDue,
  mayManageSide,
  missCheckAt,
  monthsBetween,
  outcomeOf,
  sayDoFigures,
} from './rules';

const open = { status: 'open' as const, dueDate: '2026-03-03', createdOn: '2026-02-01', deliveredOn: null };

describe('dates', () => {
  it('counts whole days across months and years', () => {
    expect(daysBetween('2026-02-27', '2026-03-03')).toBe(4);
    expect(daysBetween('2026-12-31', '2027-01-01')).toBe(1);
    expect(daysBetween('2026-03-03', '2026-03-01')).toBe(-2);
    expect(addDaysToDate('2028-02-28', 1)).toBe('2028-02-29');
  });

  it('days in advance: before the due date positive, on it zero, after it negative', () => {
    expect(daysInAdvance('2026-03-03', '2026-02-24')).toBe(7);
    expect(daysInAdvance('2026-03-03', '2026-03-03')).toBe(0);
    expect(daysInAdvance('2026-03-03', '2026-03-04')).toBe(-1);
    expect(isEarlyRenegotiation(1)).toBe(true);
    expect(isEarlyRenegotiation(0)).toBe(false);
  });

  it('the miss check runs at the start of the day after the due date (UTC)', () => {
    expect(missCheckAt('2026-03-03').toISOString()).toBe('2026-03-04T00:00:00.000Z');
    expect(missCheckAt('2026-12-31').toISOString()).toBe('2027-01-01T00:00:00.000Z');
    expect(isPastDue({ status: 'open', dueDate: '2026-03-03' }, '2026-03-03')).toBe(false);
    expect(isPastDue({ status: 'renegotiated', dueDate: '2026-03-03' }, '2026-03-04')).toBe(true);
    expect(isPastDue({ status: 'kept', dueDate: '2026-03-03' }, '2026-03-04')).toBe(false);
  });

  it('lists months without gaps across a year end', () => {
    expect(monthsBetween('2026-11', '2027-02')).toEqual(['2026-11', '2026-12', '2027-01', '2027-02']);
    expect(monthsBetween('2026-11', '2026-11')).toEqual(['2026-11']);
  });
});

describe('who manages which side', () => {
  it('leads of both sides act on either side; provider members on the provider side; stakeholders read', () => {
    expect(mayManageSide('lead', 'client')).toBe(true);
    expect(mayManageSide('sponsor', 'provider')).toBe(true);
    expect(mayManageSide('member', 'provider')).toBe(true);
    expect(mayManageSide('member', 'client')).toBe(false);
    expect(mayManageSide('stakeholder', 'client')).toBe(false);
  });
});

describe('transitions', () => {
  it('refuses a due date in the past and an internal client-side commitment', () => {
    expect(checkNew({ side: 'provider', dueDate: '2026-03-02', visibility: 'shared' }, '2026-03-03')).toMatchObject({ field: 'dueDate' });
    expect(checkNew({ side: 'provider', dueDate: '2026-03-03', visibility: 'internal' }, '2026-03-03')).toBeNull();
    expect(checkNew({ side: 'client', dueDate: '2026-03-10', visibility: 'internal' }, '2026-03-03')).toMatchObject({ field: 'visibility' });
  });

  it('renegotiates outstanding commitments to a later date only', () => {
    expect(checkRenegotiation(open, '2026-03-10', '2026-02-20')).toBeNull();
    expect(checkRenegotiation({ ...open, status: 'renegotiated' }, '2026-03-10', '2026-03-03')).toBeNull();
    expect(checkRenegotiation(open, '2026-03-03', '2026-02-20')).toMatchObject({ kind: 'invalid', field: 'newDueDate', message: 'must be after the current due date (2026-03-03)' });
    expect(checkRenegotiation({ ...open, status: 'kept' }, '2026-03-10', '2026-02-20')).toMatchObject({ kind: 'conflict' });
    expect(checkRenegotiation({ ...open, status: 'missed' }, '2026-03-10', '2026-03-05')).toMatchObject({ kind: 'conflict' });
    // a late job: renegotiating after the due date, to a date already past, is refused
    expect(checkRenegotiation(open, '2026-03-04', '2026-03-05')).toMatchObject({ field: 'newDueDate' });
  });

  it('keeps on or before the due date; later is a miss with the late delivery recorded', () => {
    expect(checkDelivery(open, '2026-03-03', '2026-03-03')).toEqual({ kind: 'kept' });
    expect(checkDelivery(open, '2026-03-01', '2026-03-05')).toEqual({ kind: 'kept' });
    expect(checkDelivery(open, '2026-03-05', '2026-03-05')).toEqual({ kind: 'late', daysLate: 2, alreadyMissed: false });
    expect(checkDelivery(open, '2026-03-06', '2026-03-05')).toMatchObject({ kind: 'invalid', field: 'deliveredOn' });
    expect(checkDelivery(open, '2026-01-31', '2026-03-05')).toMatchObject({ kind: 'invalid', field: 'deliveredOn' });
  });

  it('a missed commitment is never kept; its late delivery is recorded once', () => {
    const missed = { ...open, status: 'missed' as const };
    expect(checkDelivery(missed, '2026-03-02', '2026-03-05')).toMatchObject({ kind: 'conflict', message: expect.stringContaining('cannot be kept') });
    expect(checkDelivery(missed, '2026-03-05', '2026-03-05')).toEqual({ kind: 'late', daysLate: 2, alreadyMissed: true });
    expect(checkDelivery({ ...missed, deliveredOn: '2026-03-05' }, '2026-03-05', '2026-03-06')).toMatchObject({ kind: 'conflict' });
    expect(checkDelivery({ ...open, status: 'kept', deliveredOn: '2026-03-01' }, '2026-03-02', '2026-03-05')).toMatchObject({ kind: 'conflict' });
  });
});

describe('say/do', () => {
  it('classifies each ending', () => {
    expect(outcomeOf({ status: 'kept', renegotiations: 0, lateRenegotiations: 0 })).toBe('keptOnTime');
    expect(outcomeOf({ status: 'kept', renegotiations: 2, lateRenegotiations: 0 })).toBe('keptRenegotiatedEarly');
    expect(outcomeOf({ status: 'kept', renegotiations: 2, lateRenegotiations: 1 })).toBe('keptRenegotiatedLate');
    expect(outcomeOf({ status: 'missed', renegotiations: 0, lateRenegotiations: 0 })).toBe('missedSilently');
    expect(outcomeOf({ status: 'missed', renegotiations: 1, lateRenegotiations: 0 })).toBe('missedAfterRenegotiation');
    expect(outcomeOf({ status: 'renegotiated', renegotiations: 1, lateRenegotiations: 0 })).toBeNull();
  });

  it('counts per side, with a gap-free monthly series by resolution month', () => {
    const f = (side: 'provider' | 'client', status: CommitmentFact['status'], resolvedOn: string | null, renegotiations = 0, lateRenegotiations = 0): CommitmentFact => ({
      side,
      status,
      resolvedOn,
      renegotiations,
      lateRenegotiations,
    });
    const figures = sayDoFigures(
      [
        f('provider', 'kept', '2026-08-20'),
        f('provider', 'kept', '2026-10-02', 1),
        f('provider', 'missed', '2026-10-15'),
        f('provider', 'open', null),
        f('provider', 'renegotiated', null, 1, 1),
        f('client', 'missed', '2026-10-20', 1),
        f('client', 'kept', '2026-11-01', 1, 1),
      ],
      '2026-11-02',
    );
    const [provider, client] = figures;
    expect(provider).toMatchObject({ side: 'provider', keptOnTime: 1, keptRenegotiatedEarly: 1, missedSilently: 1, open: 1, renegotiatedOpen: 1, resolved: 3 });
    expect(provider!.sayDo).toBeCloseTo(2 / 3);
    expect(client).toMatchObject({ side: 'client', missedAfterRenegotiation: 1, keptRenegotiatedLate: 1, resolved: 2, sayDo: 0 });
    expect(provider!.series.map((s) => s.month)).toEqual(['2026-08', '2026-09', '2026-10', '2026-11']);
    expect(provider!.series[2]).toMatchObject({ keptRenegotiatedEarly: 1, missedSilently: 1 });
    expect(client!.series[3]).toMatchObject({ keptRenegotiatedLate: 1 });
    // the series adds up to the totals
    const sum = provider!.series.reduce((n, s) => n + s.keptOnTime + s.keptRenegotiatedEarly + s.keptRenegotiatedLate + s.missedSilently + s.missedAfterRenegotiation, 0);
    expect(sum).toBe(provider!.resolved);
  });

  it('with nothing resolved: no say/do share and one month in the series', () => {
    const [provider] = sayDoFigures([{ side: 'provider', status: 'open', resolvedOn: null, renegotiations: 0, lateRenegotiations: 0 }], '2026-11-02');
    expect(provider).toMatchObject({ resolved: 0, sayDo: null, open: 1 });
    expect(provider!.series).toHaveLength(1);
  });
});
