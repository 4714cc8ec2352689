import { describe, expect, it } from 'vitest';
import { addMonths, checkOutcomes, daysSince, isReviewOverdue, lastTalkedAboutFuture, nextReviewDue, statusAfter } from './schedule';

describe('review schedule', () => {
  it('adds calendar months, clamped to the end of shorter months', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2026-11-15', 3)).toBe('2027-02-15');
    expect(addMonths('2026-12-01', 1)).toBe('2027-01-01');
  });

  it('is due one period after the last review, else after the start, else after the first entry', () => {
    const base = { every: 'monthly' as const, lastReviewOn: null, startDate: null, firstEntryOn: null };
    expect(nextReviewDue(base)).toBeNull();
    expect(nextReviewDue({ ...base, firstEntryOn: '2026-03-10' })).toBe('2026-04-10');
    expect(nextReviewDue({ ...base, startDate: '2026-03-01', firstEntryOn: '2026-03-10' })).toBe('2026-04-01');
    expect(nextReviewDue({ ...base, startDate: '2026-03-01', lastReviewOn: '2026-05-20' })).toBe('2026-06-20');
    expect(nextReviewDue({ ...base, every: 'quarterly', lastReviewOn: '2026-05-20' })).toBe('2026-08-20');
  });

  it('is overdue from the day after the due date', () => {
    expect(isReviewOverdue('2026-04-10', '2026-04-10')).toBe(false);
    expect(isReviewOverdue('2026-04-10', '2026-04-11')).toBe(true);
    expect(isReviewOverdue(null, '2030-01-01')).toBe(false);
  });

  it('counts days since the last talk about the future', () => {
    const now = new Date('2026-04-10T08:00:00Z');
    expect(daysSince('2026-04-10', now)).toBe(0);
    expect(daysSince('2026-03-31T23:00:00Z', now)).toBe(10);
    expect(daysSince('2026-05-01', now)).toBe(0);
    expect(lastTalkedAboutFuture(null, null)).toBeNull();
    expect(lastTalkedAboutFuture('2026-03-01', null)).toBe('2026-03-01T00:00:00.000Z');
    expect(lastTalkedAboutFuture('2026-03-01', '2026-03-05T10:00:00.000Z')).toBe('2026-03-05T10:00:00.000Z');
    expect(lastTalkedAboutFuture('2026-03-09', '2026-03-05T10:00:00.000Z')).toBe('2026-03-09T00:00:00.000Z');
  });
});

describe('review outcomes', () => {
  const entries = new Map([
    ['a', 'open'],
    ['b', 'kept'],
    ['c', 'dropped'],
    ['d', 'turned_into'],
  ] as const);

  it('accepts open and kept entries, once each', () => {
    expect(checkOutcomes([{ entryId: 'a', decision: 'keep' }, { entryId: 'b', decision: 'phase', linkId: 'p1' }], entries)).toBeNull();
  });

  it('names the first offending outcome', () => {
    expect(checkOutcomes([{ entryId: 'a', decision: 'keep' }, { entryId: 'x', decision: 'drop' }], entries)).toMatchObject({ index: 1, field: 'outcomes.1.entryId' });
    expect(checkOutcomes([{ entryId: 'a', decision: 'keep' }, { entryId: 'a', decision: 'drop' }], entries)?.message).toMatch(/twice/);
    expect(checkOutcomes([{ entryId: 'c', decision: 'keep' }], entries)?.message).toMatch(/dropped/);
    expect(checkOutcomes([{ entryId: 'd', decision: 'keep' }], entries)?.message).toMatch(/turned into/);
    expect(checkOutcomes([{ entryId: 'a', decision: 'drop', linkId: 'p' }], entries)).toMatchObject({ field: 'outcomes.0.linkId' });
  });

  it('maps decisions to statuses', () => {
    expect(statusAfter('keep')).toBe('kept');
    expect(statusAfter('drop')).toBe('dropped');
    expect(statusAfter('decision')).toBe('turned_into');
  });
});
