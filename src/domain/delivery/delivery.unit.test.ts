import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { budgetBurn, budgetSeries, burnUp, cycleTimes, elapsedPercent, percentile, sampleDays, thresholdAlerts } from './burn';
import { csvCell, csvLine, decodeUpload, detectDelimiter, FileProblem, firstInvalidUtf8 } from './csv';
import { estimateProblems } from './estimates';
import {
  derivedTimeId,
  flattenGithubIssue,
  mapItemRow,
  mappingProblems,
  mapStatus,
  mapTimeRow,
  overfullDays,
  parseBoolean,
  parseDateTime,
  parseDecimal,
  parseDurationMinutes,
  refKeys,
  suggestMapping,
} from './imports';
import { phaseTransition, statusAfterGate } from './phases';

describe('estimate ranges', () => {
  it('names the field that breaks low ≤ likely ≤ high', () => {
    expect(estimateProblems({ low: 2, likely: 4, high: 8 })).toEqual([]);
    expect(estimateProblems({ low: 5, likely: 4, high: 8 }).map((p) => p.field)).toEqual(['likely']);
    expect(estimateProblems({ low: 1, likely: 9, high: 8 }).map((p) => p.field)).toEqual(['high']);
    expect(estimateProblems({ low: -1, likely: 4, high: 8 }).map((p) => p.field)).toEqual(['low']);
    expect(estimateProblems({ low: 1, likely: Number.NaN, high: 8 }).map((p) => p.field)).toEqual(['likely']);
  });
  it('accepts every ordered range and rejects every unordered one (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2000 }), { minLength: 3, maxLength: 3 }), ([a, b, c]) => {
        const ordered = a! <= b! && b! <= c!;
        expect(estimateProblems({ low: a!, likely: b!, high: c! }).length === 0).toBe(ordered);
      }),
    );
  });
});

describe('phase lifecycle', () => {
  it('edits move planned ⇄ active only; review by request; done only by the gate', () => {
    expect(phaseTransition('planned', 'active', 'edit').ok).toBe(true);
    expect(phaseTransition('active', 'planned', 'edit').ok).toBe(true);
    expect(phaseTransition('active', 'done', 'edit').ok).toBe(false);
    expect(phaseTransition('active', 'in_review', 'edit').ok).toBe(false);
    expect(phaseTransition('in_review', 'active', 'edit').ok).toBe(false);
    expect(phaseTransition('active', 'in_review', 'request-review').ok).toBe(true);
    expect(phaseTransition('planned', 'in_review', 'request-review').ok).toBe(false);
    expect(phaseTransition('in_review', 'done', 'gate').ok).toBe(true);
    expect(phaseTransition('active', 'done', 'gate').ok).toBe(false);
    expect(statusAfterGate('proceed_with_conditions')).toBe('done');
    expect(statusAfterGate('proceed')).toBe('done');
    expect(statusAfterGate('pause')).toBe('in_review');
    expect(statusAfterGate('stop')).toBe('stopped');
    // pausing keeps the phase in review; stopping ends it; both are terminal afterwards
    expect(phaseTransition('in_review', 'in_review', 'gate').ok).toBe(true);
    expect(phaseTransition('in_review', 'stopped', 'gate').ok).toBe(true);
    expect(phaseTransition('in_review', 'active', 'gate').ok).toBe(false);
    expect(phaseTransition('stopped', 'active', 'edit').ok).toBe(false);
    expect(phaseTransition('active', 'stopped', 'edit').ok).toBe(false);
    expect(phaseTransition('in_review', 'in_review', 'request-review').ok).toBe(false);
    expect(phaseTransition('done', 'in_review', 'request-review').ok).toBe(false);
  });
});

describe('burn, thresholds and series', () => {
  const plan = { hours: 100, amount: 10_000, currency: 'EUR', thresholds: [75, 90], start: '2026-01-01', end: '2026-01-10' };
  const days = [
    { date: '2026-01-02', minutes: 40 * 60, amount: 4000, unratedMinutes: 0 },
    { date: '2026-01-05', minutes: 40 * 60, amount: 4000, unratedMinutes: 0 },
    { date: '2026-01-06', minutes: 12 * 60, amount: 1000, unratedMinutes: 120 },
  ];
  it('spent, remaining, % spent and % elapsed', () => {
    const b = budgetBurn(days, plan, '2026-01-05');
    expect(b).toMatchObject({ spentHours: 92, spentAmount: 9000, remainingHours: 8, remainingAmount: 1000, percentSpentHours: 92, percentSpentAmount: 90, percentElapsed: 50, unratedHours: 2 });
    expect(budgetBurn([], { ...plan, hours: null, amount: null }, '2026-01-05')).toMatchObject({ spentHours: 0, remainingHours: null, percentSpentHours: null });
  });
  it('% elapsed counts whole days and clamps to 0–100', () => {
    expect(elapsedPercent('2026-01-01', '2026-01-10', '2026-01-01')).toBe(10);
    expect(elapsedPercent('2026-01-01', '2026-01-10', '2025-12-01')).toBe(0);
    expect(elapsedPercent('2026-01-01', '2026-01-10', '2027-01-01')).toBe(100);
    expect(elapsedPercent(null, '2026-01-10', '2026-01-01')).toBeNull();
  });
  it('alerts name the day each threshold was crossed', () => {
    expect(thresholdAlerts(days, plan)).toEqual([
      { metric: 'hours', threshold: 75, percentSpent: 92, crossedOn: '2026-01-05' },
      { metric: 'hours', threshold: 90, percentSpent: 92, crossedOn: '2026-01-06' },
      { metric: 'money', threshold: 75, percentSpent: 90, crossedOn: '2026-01-05' },
      { metric: 'money', threshold: 90, percentSpent: 90, crossedOn: '2026-01-06' },
    ]);
    expect(thresholdAlerts(days.slice(0, 1), plan)).toEqual([]);
  });
  it('the budget series runs to the plan end, with spend up to today only', () => {
    const s = budgetSeries(days, plan, '2026-01-06');
    expect(s[0]).toMatchObject({ date: '2026-01-01', plannedHours: 10, spentHours: 0 });
    expect(s.at(-1)).toMatchObject({ date: '2026-01-10', plannedHours: 100, spentHours: null });
    expect(s.find((p) => p.date === '2026-01-06')).toMatchObject({ spentHours: 92, spentAmount: 9000 });
  });
  it('samples at most 60 points, always including both ends', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2000 }), (n) => {
        const to = new Date(Date.UTC(2026, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
        const pts = sampleDays('2026-01-01', to);
        expect(pts[0]).toBe('2026-01-01');
        expect(pts.at(-1)).toBe(to);
        expect(pts.length).toBeLessThanOrEqual(61);
        expect([...pts].sort()).toEqual(pts);
      }),
    );
  });
  it('burn-up: scope grows with items, drops with dropped ones; done follows done items', () => {
    const pts = burnUp(
      [
        { createdAt: '2026-01-01T10:00:00Z', doneAt: '2026-01-03T10:00:00Z', droppedAt: null, likelyHours: 8 },
        { createdAt: '2026-01-02T10:00:00Z', doneAt: null, droppedAt: '2026-01-04T00:00:00Z', likelyHours: 5 },
        { createdAt: '2026-01-02T10:00:00Z', doneAt: null, droppedAt: null, likelyHours: null },
      ],
      '2026-01-01',
      '2026-01-05',
    );
    expect(pts.map((p) => [p.date, p.scopeHours, p.doneHours])).toEqual([
      ['2026-01-01', 8, 0],
      ['2026-01-02', 13, 0],
      ['2026-01-03', 13, 8],
      ['2026-01-04', 8, 8],
      ['2026-01-05', 8, 8],
    ]);
  });
  it('cycle times: percentiles, histogram and monthly trend', () => {
    const c = cycleTimes([
      { startedAt: '2026-01-01T00:00:00Z', createdAt: '2025-12-01T00:00:00Z', doneAt: '2026-01-02T00:00:00Z' },
      { startedAt: null, createdAt: '2026-01-01T00:00:00Z', doneAt: '2026-01-05T00:00:00Z' },
      { startedAt: '2026-01-10T00:00:00Z', createdAt: '2026-01-01T00:00:00Z', doneAt: '2026-02-10T00:00:00Z' },
    ]);
    expect(c.summary).toMatchObject({ items: 3, p50Days: 4, p95Days: 31 });
    expect(c.histogram.find((h) => h.bin === '1–2 days')!.items).toBe(1);
    expect(c.histogram.reduce((s, h) => s + h.items, 0)).toBe(3);
    expect(c.trend.map((t) => t.month)).toEqual(['2026-01', '2026-02']);
    expect(percentile([], 50)).toBeNull();
  });
});

describe('files: encodings, delimiters, CSV cells', () => {
  const bytes = (s: string, enc: BufferEncoding = 'utf8') => new Uint8Array(Buffer.from(s, enc));
  it('requires UTF-8 unless a BOM or an explicit encoding says otherwise', () => {
    expect(decodeUpload(bytes('\ufeffa,b\n1,2')).text).toBe('a,b\n1,2');
    expect(() => decodeUpload(bytes('a,b\nM\xfcller,2', 'latin1'))).toThrow(/not valid UTF-8 .*line 2/);
    expect(decodeUpload(bytes('a,b\nM\xfcller,2', 'latin1'), 'windows-1252').text).toBe('a,b\nMüller,2');
    expect(decodeUpload(new Uint8Array([0xff, 0xfe, ...Buffer.from('a,b', 'utf16le')])).encoding).toBe('utf-16le');
    expect(() => decodeUpload(new Uint8Array([0x50, 0x4b, 3, 4, 0]))).toThrow(FileProblem);
    expect(() => decodeUpload(new Uint8Array([]))).toThrow(/empty/);
  });
  it('finds the first invalid UTF-8 byte and accepts every valid string (property)', () => {
    expect(firstInvalidUtf8(new Uint8Array([0x61, 0xc3, 0xa9, 0xe2, 0x82]))).toBe(3);
    expect(firstInvalidUtf8(new Uint8Array([0xed, 0xa0, 0x80]))).toBe(0); // a UTF-16 surrogate
    expect(firstInvalidUtf8(new Uint8Array([0xc0, 0x80]))).toBe(0); // overlong
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        expect(firstInvalidUtf8(new Uint8Array(Buffer.from(s, 'utf8')))).toBe(-1);
      }),
    );
  });
  it('detects the delimiter from the header, ignoring quoted ones', () => {
    expect(detectDelimiter('a,b,c\n1,2,3')).toBe(',');
    expect(detectDelimiter('"a,b";c;d\n1;2;3')).toBe(';');
    expect(detectDelimiter('a\tb\tc')).toBe('\t');
  });
  it('quotes and defuses cells', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b "c"')).toBe('"a,b ""c"""');
    expect(csvCell('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(csvCell('@cmd')).toBe("'@cmd");
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(null)).toBe('');
    expect(csvLine(['x', 1, true])).toBe('x,1,yes\r\n');
  });
});

describe('import rows', () => {
  it('parses the tools’ values', () => {
    expect(parseDecimal('7,5')).toBe(7.5);
    expect(parseDecimal('')).toBeNull();
    expect(parseDecimal('2h')).toBeNaN();
    expect(parseDurationMinutes('01:30:00')).toBe(90);
    expect(parseDurationMinutes('0:45')).toBe(45);
    expect(parseDurationMinutes('1.5')).toBe(90);
    expect(parseDateTime('12/Mar/26 4:05 PM')).toEqual({ date: '2026-03-12', at: '2026-03-12T16:05:00.000Z' });
    expect(parseDateTime('3/1/2026')).toEqual({ date: '2026-03-01', at: '2026-03-01T00:00:00.000Z' });
    expect(parseDateTime('2026-10-06T08:12:44Z')).toEqual({ date: '2026-10-06', at: '2026-10-06T08:12:44.000Z' });
    expect(parseDateTime('2026-10-06 23:30+02:00')).toEqual({ date: '2026-10-06', at: '2026-10-06T21:30:00.000Z' });
    expect(parseDateTime('2026-02-30')).toBe('invalid');
    expect(parseDateTime('yesterday')).toBe('invalid');
    expect(parseBoolean('Yes')).toBe(true);
    expect(parseBoolean('maybe')).toBe('invalid');
    expect(mapStatus('In Review')).toBe('in_progress');
    expect(mapStatus("Won't Do")).toBe('dropped');
    expect(mapStatus('closed', {}, 'not_planned')).toBe('dropped');
    expect(mapStatus('Parked', { parked: 'blocked' })).toBe('blocked');
    expect(mapStatus('Sideways')).toBeNull();
    expect(refKeys('https://x.atlassian.net/browse/FJ-12')).toEqual(['https://x.atlassian.net/browse/fj-12', 'fj-12']);
  });
  it('suggests a mapping from the header and names what is missing', () => {
    const m = suggestMapping('harvest', ['Date', 'Client', 'Hours', 'First Name', 'Last Name', 'Notes', 'Billable?']);
    expect(m).toMatchObject({ date: 'Date', hours: 'Hours', firstName: 'First Name', lastName: 'Last Name', note: 'Notes', billable: 'Billable?', workItem: null });
    expect(mappingProblems('harvest', m, ['Date', 'Client', 'Hours', 'First Name', 'Last Name', 'Notes', 'Billable?'])).toEqual([]);
    expect(mappingProblems('harvest', { date: null, hours: 'Nope' }, ['Date']).map((p) => p.field)).toEqual(['mapping.hours', 'mapping.date', 'mapping.person']);
    expect(mappingProblems('jira', { title: 'Summary', bogus: 'x' }, ['Summary']).map((p) => p.field)).toEqual(['mapping.bogus', 'mapping.externalId']);
  });
  it('maps an item row, naming every bad field', () => {
    const look = { phases: new Map([['tracking', 'p1']]), outcomes: new Map([['fewer disputes', 'o1']]), people: new Map([['tom reyes', 'u1']]) };
    const opts = { estimateUnit: 'seconds' as const, hoursPerDay: 8, statusMap: {}, defaultPhaseId: null };
    const row = (v: Record<string, string>) => (f: string) => v[f] ?? '';
    const good = mapItemRow(row({ externalId: '10', title: 'T', status: 'Done', estimateLikely: '28800', phase: 'Tracking', outcome: 'Fewer disputes', assignee: 'Tom Reyes', doneAt: '03/Oct/26 9:00 AM' }), opts, look);
    expect(good).toMatchObject({ ok: true, value: { status: 'done', estimate: { low: 8, likely: 8, high: 8 }, phaseId: 'p1', outcomeId: 'o1', assigneeId: 'u1', doneAt: '2026-10-03T09:00:00.000Z' } });
    const bad = mapItemRow(row({ title: '', status: 'Sideways', estimateLow: '36000', estimateLikely: '28800', phase: 'Nope', outcome: 'Nope', createdAt: 'soon' }), opts, look);
    expect(bad.ok ? [] : bad.errors.map((e) => e.field)).toEqual(['title', 'externalId', 'status', 'estimateLikely', 'phase', 'outcome', 'createdAt']);
    const unknownPerson = mapItemRow(row({ externalId: '1', title: 'T', assignee: 'Priya' }), opts, look);
    expect(unknownPerson).toMatchObject({ ok: true, warnings: [{ field: 'assignee' }], value: { assigneeId: null } });
  });
  it('maps a time row: dates in range and outside locks, minutes within a day, a known person', () => {
    const look = { people: new Map([['member@x.test', 'u1'], ['tom reyes', 'u1']]), items: new Map([['fj-7', { id: 'w7', visibility: 'shared' as const }]]), start: '2026-01-01', end: '2026-12-31', locks: [{ start: '2026-03-01', end: '2026-03-31' }] };
    const row = (v: Record<string, string>) => (f: string) => v[f] ?? '';
    expect(mapTimeRow(row({ date: '2026-02-02', duration: '1:30:00', email: 'MEMBER@x.test', note: 'FJ-7 polling', billable: 'No' }), true, look)).toMatchObject({ ok: true, value: { minutes: 90, userId: 'u1', billable: false, workItemId: 'w7' } });
    expect(mapTimeRow(row({ date: '2026-02-02', hours: '2', firstName: 'Tom', lastName: 'Reyes', workItem: 'https://x.atlassian.net/browse/FJ-7' }), true, look)).toMatchObject({ ok: true, value: { minutes: 120, workItemId: 'w7', billable: true } });
    const fields = (v: Record<string, string>) => {
      const r = mapTimeRow(row(v), true, look);
      return r.ok ? [] : r.errors.map((e) => e.field);
    };
    expect(fields({ date: '2025-12-31', hours: '1', email: 'member@x.test' })).toEqual(['date']);
    expect(fields({ date: '2026-03-10', hours: '1', email: 'member@x.test' })).toEqual(['date']);
    expect(fields({ date: '2026-02-02', hours: '25', email: 'member@x.test' })).toEqual(['hours']);
    expect(fields({ date: '2026-02-02', hours: '-1', email: 'member@x.test' })).toEqual(['hours']);
    expect(fields({ date: '2026-02-02', hours: '1', email: 'nobody@x.test' })).toEqual(['person']);
    expect(fields({ date: '2026-02-02', hours: '1', email: 'member@x.test', workItem: 'FJ-99' })).toEqual(['workItem']);
  });
  it('keeps a person’s day within 24 hours across the file and what is logged', () => {
    const over = overfullDays(
      [
        { index: 0, userId: 'u', date: 'd', minutes: 600, replacesMinutes: 0 },
        { index: 1, userId: 'u', date: 'd', minutes: 600, replacesMinutes: 0 },
        { index: 2, userId: 'v', date: 'd', minutes: 900, replacesMinutes: 0 },
      ],
      (u) => (u === 'u' ? 300 : 0),
    );
    expect([...over.keys()]).toEqual([1]);
    expect(over.get(1)!.message).toContain('25.00 h');
  });
  it('derives stable ids for rows without one, distinct for identical rows', () => {
    expect(derivedTimeId('harvest', ['a', 'b'], 1)).toBe(derivedTimeId('harvest', ['a', 'b'], 1));
    expect(derivedTimeId('harvest', ['a', 'b'], 1)).not.toBe(derivedTimeId('harvest', ['a', 'b'], 2));
  });
  it('flattens GitHub issues and recognises pull requests', () => {
    expect(flattenGithubIssue({ id: 1, number: 2, title: 'T', state: 'open', labels: [{ name: 'a' }, 'b'], assignee: { login: 'x' }, milestone: { title: 'M' } })).toMatchObject({ id: '1', labels: 'a, b', assignee: 'x', milestone: 'M' });
    expect(flattenGithubIssue({ pull_request: {} })).toBe('pull_request');
    expect(flattenGithubIssue(42)).toBeNull();
  });
});
