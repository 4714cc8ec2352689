import { describe, expect, it } from 'vitest';
import type { EngagementReport } from '../../contracts/report';
import { budgetChart, fanChart, niceMax, outcomesChart, trustChart } from './charts';
import { reportDocument } from './document';
import { chartHtml, esc, reportHtml } from './html';
import { inPeriod, periodBounds, resolvePeriod } from './period';
import { commitmentsSection, raidSection } from './sections';

const facts = { today: '2026-11-02', lastReportDay: null, engagementStart: '2026-09-01' };

describe('report period', () => {
  it('defaults to the engagement’s start, then the last report’s day, up to today', () => {
    expect(resolvePeriod({}, facts)).toEqual({ ok: true, period: { from: '2026-09-01', to: '2026-11-02', basis: 'engagement-start' } });
    expect(resolvePeriod({}, { ...facts, lastReportDay: '2026-10-16' })).toEqual({ ok: true, period: { from: '2026-10-16', to: '2026-11-02', basis: 'last-report' } });
    expect(resolvePeriod({ from: '2026-10-01', to: '2026-10-31' }, { ...facts, lastReportDay: '2026-10-16' })).toEqual({ ok: true, period: { from: '2026-10-01', to: '2026-10-31', basis: 'requested' } });
  });

  it('refuses from after to, naming from; a default from follows an earlier to', () => {
    expect(resolvePeriod({ from: '2026-11-03', to: '2026-11-02' }, facts)).toEqual({ ok: false, field: 'from', message: 'must not be after to (2026-11-02)' });
    expect(resolvePeriod({ to: '2026-08-01' }, facts)).toEqual({ ok: true, period: { from: '2026-08-01', to: '2026-08-01', basis: 'engagement-start' } });
  });

  it('counts whole UTC days, both ends included', () => {
    const p = { from: '2026-10-01', to: '2026-10-31' };
    expect(inPeriod('2026-10-01T00:00:00.000Z', p)).toBe(true);
    expect(inPeriod('2026-10-31T23:59:59.999Z', p)).toBe(true);
    expect(inPeriod('2026-11-01T00:00:00.000Z', p)).toBe(false);
    expect(inPeriod('2026-09-30T23:59:59.999Z', p)).toBe(false);
    expect(inPeriod(null, p)).toBe(false);
    expect(periodBounds(p)).toEqual({ start: '2026-10-01T00:00:00.000Z', end: '2026-11-01T00:00:00.000Z' });
  });
});

describe('report sections', () => {
  const p = { from: '2026-10-01', to: '2026-10-31' };
  const commitment = (over: object) => ({
    id: 'c1', side: 'provider', title: 'Staging', details: '', assumptions: '', dueDate: '2026-10-20', originalDueDate: '2026-10-10', status: 'kept', outstanding: false, pastDue: false,
    daysToDue: null, owner: null, phase: null, items: [], visibility: 'shared', renegotiations: 0, deliveredOn: '2026-10-19', daysLate: null, keptAt: '2026-10-19T10:00:00.000Z',
    missedAt: null, missedAutomatically: false, outcome: null, canManage: false, createdBy: { id: 'u', name: 'U', email: 'u@x' }, createdAt: '2026-09-01T00:00:00.000Z', updatedAt: '2026-10-19T10:00:00.000Z', ...over,
  }) as never;

  it('sorts commitments into kept, renegotiated and missed by when it happened', () => {
    const list = [
      commitment({ id: 'a', title: 'Kept in period', visibility: 'internal' }),
      commitment({ id: 'b', title: 'Kept before', keptAt: '2026-09-20T10:00:00.000Z' }),
      commitment({ id: 'c', title: 'Missed', status: 'missed', keptAt: null, missedAt: '2026-10-11T00:00:00.000Z', missedAutomatically: true }),
      commitment({ id: 'd', title: 'Moved', status: 'renegotiated', keptAt: null, renegotiations: 1 }),
    ];
    const events = new Map([['d', [{ id: 'e', kind: 'renegotiated', at: '2026-10-05T08:00:00.000Z', actor: null, note: '', from: '2026-10-10', to: '2026-10-20', reason: 'vendor late', daysInAdvance: 5, automatic: null, deliveredOn: null, daysLate: null, changes: null }]]]) as never;
    const s = commitmentsSection(list, events, { earlyThresholdDays: 3, sides: [] }, p);
    expect(s.kept.map((c) => [c.title, c.internal])).toEqual([['Kept in period', true]]);
    expect(s.missed[0]!.internal).toBe(false);
    expect(s.missed).toMatchObject([{ title: 'Missed', on: '2026-10-11', note: 'nothing delivered by the due date' }]);
    expect(s.renegotiated).toMatchObject([{ title: 'Moved', on: '2026-10-05', note: 'from 2026-10-10 to 2026-10-20, 5 days before it was due: vendor late' }]);
  });

  it('keeps only the period’s RAID changes, as audit sentences', () => {
    const change = (seq: number, at: string, type: string, title: string) => ({ seq, at, action: `${type}.created`, object: { type, id: `x${seq}` }, actor: { id: 'u', label: 'Maya Okafor <lead@x>' }, title, after: { title, probability: 3, impact: 4 } });
    const item = (id: string, visibility: string) => ({ id, type: 'risk', title: 'Vendor', status: 'closed', visibility, score: 12, severity: 'high', owner: 'Ops', createdAt: '2026-10-02T00:00:00.000Z' });
    const all = [change(2, '2026-10-02T00:00:00.000Z', 'risk', 'Vendor'), change(1, '2026-09-29T00:00:00.000Z', 'risk', 'Old'), change(3, '2026-10-03T00:00:00.000Z', 'decision', 'Not RAID')];
    const r = raidSection(all, [item('x1', 'shared'), item('x2', 'shared')] as never, 'E', p);
    expect(r.changes).toEqual([{ at: '2026-10-02T00:00:00.000Z', actor: 'Maya Okafor', text: 'flagged the risk “Vendor” (probability 3, impact 4)', type: 'risk', internal: false }]);
    // an item the reader cannot open now (made internal after a shared record named it) is left out
    expect(raidSection(all, [], 'E', p).changes).toEqual([]);
    // an internal item's changes say so (provider reports only ever hold them), and a closed item is not open
    const items = [{ id: 'x2', type: 'risk', title: 'Vendor', status: 'closed', visibility: 'internal', score: 12, severity: 'high', owner: 'Ops', createdAt: '2026-10-02T00:00:00.000Z' }] as never;
    const withItems = raidSection([change(2, '2026-10-02T00:00:00.000Z', 'risk', 'Vendor')], items, 'E', p);
    expect(withItems.changes[0]!.internal).toBe(true);
    expect(withItems.open).toEqual([]);
  });
});

describe('report charts', () => {
  it('rounds axes up to tidy numbers', () => {
    expect(niceMax(0)).toBe(1);
    expect(niceMax(7)).toBe(8);
    expect(niceMax(9)).toBe(10);
    expect(niceMax(130)).toBe(150);
    expect(niceMax(240)).toBe(250);
    expect(niceMax(587)).toBe(600);
  });

  it('draws bars to scale with their table, and clamps progress beyond the target', () => {
    const c = outcomesChart([
      { id: 'o1', title: 'Checkout time', indicator: '', unit: 's', baseline: 10, target: 5, current: 7.5, progress: 0.5, dueDate: null, measuredInPeriod: true },
      { id: 'o2', title: 'Over target', indicator: '', unit: '%', baseline: 0, target: 10, current: 15, progress: 1.5, dueDate: null, measuredInPeriod: false },
    ]);
    const bars = c.shapes.filter((s) => s.kind === 'rect' && s.fill === '#0b5cad') as { w: number }[];
    const track = c.shapes.find((s) => s.kind === 'rect' && s.fill === '#e6ebf1') as { w: number };
    expect(bars[0]!.w).toBeCloseTo(track.w / 2, 5);
    expect(bars[1]!.w).toBeCloseTo(track.w, 5);
    expect(c.table.rows).toEqual([
      ['Checkout time', '10 s', '7.5 s', '5 s', '50 %'],
      ['Over target', '0 %', '15 %', '10 %', '150 %'],
    ]);
  });

  it('puts the budget’s elapsed-time marker where the time is', () => {
    const c = budgetChart({ currency: 'EUR', budgetHours: 100, budgetAmount: null, spentHours: 40, spentAmount: null, percentSpent: 40, percentElapsed: 50, alerts: [], phases: [] });
    const marker = c.shapes.find((s) => s.kind === 'line' && s.stroke === '#8a4b00') as { x1: number };
    const track = c.shapes.find((s) => s.kind === 'rect' && s.fill === '#e6ebf1') as { x: number; w: number };
    expect(marker.x1).toBeCloseTo(track.x + track.w / 2, 5);
  });

  it('draws the fan as nested bands around the median, and needs two points', () => {
    const pt = (date: string, m: number) => ({ date, p05: m * 0.5, p15: m * 0.7, p25: m * 0.8, p50: m, p75: m * 1.2, p85: m * 1.3, p95: m * 1.5, plan: m });
    const f = { asOf: '2026-11-02T00:00:00Z', audience: 'all' as const, plannedEnd: null, completion: null, reason: 'x', summary: '', moved: [], fan: [pt('2026-11-02', 100), pt('2026-11-09', 50), pt('2026-11-16', 0)] };
    const c = fanChart(f)!;
    expect(c.shapes.filter((s) => s.kind === 'polygon')).toHaveLength(3);
    const median = c.shapes.find((s) => s.kind === 'polyline' && !s.dash) as { points: [number, number][] };
    expect(median.points).toHaveLength(3);
    expect(median.points[0]![1]).toBeLessThan(median.points[2]![1]); // 100 h is above 0 h
    expect(fanChart({ ...f, fan: [pt('2026-11-02', 1)] })).toBeNull();
  });

  it('leaves a gap in the trust line where a side has no score', () => {
    const c = trustChart({ asOf: '2026-11-02', provider: 70, client: null, providerFrom: null, clientFrom: null, components: [], trend: [
      { date: '2026-10-01', provider: 60, client: 50 },
      { date: '2026-10-02', provider: 62, client: null },
      { date: '2026-10-03', provider: 64, client: 55 },
    ] })!;
    const lines = c.shapes.filter((s) => s.kind === 'polyline') as { stroke: string; points: unknown[] }[];
    expect(lines.filter((l) => l.stroke === '#0b5cad')).toHaveLength(1);
    expect(lines.filter((l) => l.stroke === '#8a4b00')).toHaveLength(2);
  });
});

describe('report HTML', () => {
  const report: EngagementReport = {
    engagement: { id: 'E', name: 'Portal <v2> & "more"', provider: 'Acme', client: 'Brightline', status: 'active' },
    period: { from: '2026-10-01', to: '2026-10-31', basis: 'requested' },
    generatedAt: '2026-11-02T09:00:00.000Z',
    generatedBy: { id: 'u', name: 'Ingrid Halvorsen' },
    role: 'sponsor',
    side: 'client',
    includesInternal: false,
    chain: { seq: 42, hash: 'ab'.repeat(32) },
    outcomes: [{ id: 'o', title: 'Faster <checkout>', indicator: '', unit: 's', baseline: 10, target: 5, current: 8, progress: 0.4, dueDate: null, measuredInPeriod: true }],
    phases: null,
    budget: null,
    forecast: null,
    commitments: null,
    raid: null,
    decisions: { taken: [], waiting: [] },
    escalations: null,
    recommendations: null,
    trust: null,
    agenda: null,
  };

  it('escapes every text, and leaves out the sections of null capabilities', () => {
    expect(esc(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    const html = reportHtml(reportDocument(report));
    expect(html).not.toContain('<checkout>');
    expect(html).toContain('Faster &lt;checkout&gt;');
    expect(html).toContain('Portal &lt;v2&gt; &amp; &quot;more&quot;');
    expect(html).toContain('id="outcomes"');
    expect(html).toContain('id="decisions"');
    expect(html).not.toContain('id="budget"');
    expect(html).not.toContain('<script');
    expect(html).toContain(`record 42, hash ${'ab'.repeat(32)}`);
    expect(html).toContain('sponsor (client side)');
    expect(html.slice(html.indexOf('@media print'))).toContain('section.report-section{break-before:page}');
  });

  it('gives each chart a title, a description and its data table', () => {
    const chart = outcomesChart(report.outcomes!);
    const html = chartHtml(chart);
    expect(html).toContain('role="img"');
    expect(html).toContain(`<title id="chart-outcomes-t">Outcome progress</title>`);
    expect(html).toContain('<desc id="chart-outcomes-d">');
    expect(html).toContain('<th scope="col">Progress</th>');
    expect(html).toContain('<td>40 %</td>');
  });
});
