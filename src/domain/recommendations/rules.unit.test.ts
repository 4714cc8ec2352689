import { describe, expect, it } from 'vitest';
import { checkAnswer, checkFigures, frozenChange, isAgainstRevenue, type LedgerRow, ledgerFigures } from './rules';

const f = { kind: 'do' as const, effort: 'small', costHours: 10, costMoney: 1000, avoidedHours: null, avoidedMoney: null, replacesCost: null };

describe('recommendation rules', () => {
  it('a dont names the work it avoids; only an alternative replaces other work', () => {
    expect(checkFigures({ ...f, kind: 'dont' })).toMatchObject({ kind: 'invalid', field: 'avoidedHours' });
    expect(checkFigures({ ...f, kind: 'dont', avoidedHours: 0, avoidedMoney: 0 })).toMatchObject({ field: 'avoidedHours' });
    expect(checkFigures({ ...f, kind: 'dont', avoidedMoney: 500 })).toBeNull();
    expect(checkFigures({ ...f, kind: 'dont', avoidedHours: 0.5 })).toBeNull();
    expect(checkFigures({ ...f, replacesCost: 10 })).toMatchObject({ field: 'replacesCost' });
    expect(checkFigures({ ...f, kind: 'alternative', replacesCost: 10 })).toBeNull();
  });

  it('against the provider’s revenue: a dont, or an alternative cheaper than what it replaces', () => {
    expect(isAgainstRevenue({ ...f, kind: 'dont', avoidedHours: 4 })).toBe(true);
    expect(isAgainstRevenue(f)).toBe(false);
    expect(isAgainstRevenue({ ...f, kind: 'defer' })).toBe(false);
    expect(isAgainstRevenue({ ...f, kind: 'alternative', costMoney: 300, replacesCost: 2000 })).toBe(true);
    expect(isAgainstRevenue({ ...f, kind: 'alternative', costMoney: 3000, replacesCost: 2000 })).toBe(false);
    expect(isAgainstRevenue({ ...f, kind: 'alternative', costMoney: 2000, replacesCost: 2000 })).toBe(false);
    expect(isAgainstRevenue({ ...f, kind: 'alternative', avoidedHours: 6 })).toBe(true);
    expect(isAgainstRevenue({ ...f, kind: 'alternative' })).toBe(false);
  });

  it('names the first frozen figure a patch would change, ignoring unchanged ones and text', () => {
    expect(frozenChange(f, { costHours: 10, effort: 'small' })).toBeNull();
    expect(frozenChange(f, { costMoney: 999 })).toBe('costMoney');
    expect(frozenChange(f, { avoidedHours: 3 })).toBe('avoidedHours');
    expect(frozenChange(f, { kind: 'dont' })).toBe('kind');
  });

  it('answers: declined needs a reason, deferred a future date; accepted and declined are final', () => {
    const today = '2026-11-02';
    expect(checkAnswer('proposed', { response: 'declined', reason: '  ' }, today)).toMatchObject({ field: 'reason' });
    expect(checkAnswer('proposed', { response: 'declined', reason: 'No budget' }, today)).toBeNull();
    expect(checkAnswer('proposed', { response: 'deferred', reason: '' }, today)).toMatchObject({ field: 'until' });
    expect(checkAnswer('proposed', { response: 'deferred', reason: '', until: today }, today)).toMatchObject({ field: 'until' });
    expect(checkAnswer('proposed', { response: 'deferred', reason: '', until: '2026-11-03' }, today)).toBeNull();
    expect(checkAnswer('proposed', { response: 'accepted', reason: '', until: '2026-11-03' }, today)).toMatchObject({ field: 'until' });
    expect(checkAnswer('deferred', { response: 'accepted', reason: '' }, today)).toBeNull();
    expect(checkAnswer('accepted', { response: 'declined', reason: 'x' }, today)).toMatchObject({ kind: 'conflict' });
    expect(checkAnswer('declined', { response: 'accepted', reason: '' }, today)).toMatchObject({ kind: 'conflict' });
  });

  it('ledger figures: avoided work of accepted dont/alternative only, by month with running totals; acceptance over decisions', () => {
    const row = (r: Partial<LedgerRow>): LedgerRow => ({ kind: 'do', status: 'proposed', againstRevenue: false, avoidedHours: null, avoidedMoney: null, respondedAt: null, ...r });
    const rows = [
      row({ kind: 'dont', status: 'accepted', againstRevenue: true, avoidedHours: 40, avoidedMoney: 4200, respondedAt: '2026-10-31T10:00:00Z' }),
      row({ kind: 'alternative', status: 'accepted', againstRevenue: true, avoidedHours: 8.5, avoidedMoney: 840, respondedAt: '2026-12-02T10:00:00Z' }),
      row({ kind: 'dont', status: 'declined', againstRevenue: true, avoidedHours: 100, respondedAt: '2026-11-01T10:00:00Z' }),
      row({ kind: 'alternative', status: 'deferred', againstRevenue: true, avoidedHours: 5, respondedAt: '2026-11-01T10:00:00Z' }),
      row({ kind: 'do', status: 'accepted', respondedAt: '2026-11-01T10:00:00Z' }),
      row({ kind: 'do' }),
    ];
    const l = ledgerFigures(rows);
    expect(l.total).toBe(6);
    expect(l.avoided).toEqual({ hours: 48.5, money: 5040, recommendations: 2 });
    expect(l.acceptanceRate).toBe(0.75); // 3 accepted of 4 decided; the deferral does not count
    expect(l.againstRevenue).toEqual({ count: 4, share: 0.67 });
    expect(l.byKind.dont).toEqual({ total: 2, proposed: 0, accepted: 1, declined: 1, deferred: 0 });
    expect(l.byAnswer).toEqual({ total: 6, proposed: 1, accepted: 3, declined: 1, deferred: 1 });
    expect(l.series).toEqual([
      { month: '2026-10', hours: 40, money: 4200, recommendations: 1, cumulativeHours: 40, cumulativeMoney: 4200 },
      { month: '2026-12', hours: 8.5, money: 840, recommendations: 1, cumulativeHours: 48.5, cumulativeMoney: 5040 },
    ]);
    expect(ledgerFigures([])).toMatchObject({ total: 0, acceptanceRate: null, againstRevenue: { count: 0, share: null }, series: [] });
  });
});
