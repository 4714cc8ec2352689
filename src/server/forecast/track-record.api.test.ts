import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type DemoKey, okAs, pgMissing, type TestContext } from '../../../test/context';

/**
 * The live forecast corrected by the engagement's own track record (issue 18): stored forecasts whose work
 * is finished are judged against their raw figures, and once three scopes have judged forecasts their misses
 * raise (or lower) P50/P85/P95. A client's record is the shared view's only.
 */
describe.skipIf(pgMissing)('forecasts corrected by the engagement’s own track record', () => {
  let ctx: TestContext;
  let E: string;
  const ok = (who: DemoKey, method: 'GET' | 'POST' | 'PATCH', path: string, payload?: unknown) => okAs(ctx, E, who, method, path, payload);
  const today = () => ctx.clock.now().toISOString().slice(0, 10);
  let daysBack = 0;
  /** A different past day for each entry (a person logs at most 24 h a day). */
  const pastDay = () => new Date(ctx.clock.now().getTime() - ++daysBack * 86_400_000).toISOString().slice(0, 10);

  /** A phase of two 2-hour items, forecast by the lead (both views), then finished at 12 hours each: a miss. */
  async function missedPhase(name: string, visibility: 'shared' | 'internal') {
    const phase = await ok('lead', 'POST', '/phases', { name, goal: `${name} done`, plannedStart: today(), plannedEnd: '2027-04-01', exitCriteria: [] });
    const items = [];
    for (const title of [`${name}: first`, `${name}: second`]) {
      items.push(await ok('lead', 'POST', '/items', { title, phaseId: phase.id, estimate: { low: 1, likely: 2, high: 3 }, visibility }));
    }
    const recorded = await ok('lead', 'POST', '/forecasts', { phaseId: phase.id, seed: 1, note: '' });
    for (const it of items) {
      await ok('lead', 'POST', '/time-entries', { dateWorked: pastDay(), minutes: 12 * 60, workItemId: it.id, visibility });
      await ok('lead', 'PATCH', `/items/${it.id}`, { status: 'done' });
    }
    return { phase, recorded };
  }

  beforeAll(async () => {
    ctx = await createTestContext();
    E = ctx.seed.engagementId;
  });
  afterAll(() => ctx?.close());

  it('corrects nothing until three scopes have judged forecasts, then raises the figures by their misses and says so', async () => {
    const before = await ok('lead', 'GET', '/forecast');
    expect(before.explanation.trackRecord).toMatchObject({ applied: false, judged: 0 });
    expect(before.explanation.notes.join(' ')).not.toMatch(/track record/);

    const a = await missedPhase('Track A', 'shared');
    const judgedA = await ok('lead', 'GET', `/forecasts/${a.recorded.id}`);
    expect(judgedA.judgement).toMatchObject({ state: 'judged', effortHeld: { p95: false } });
    await missedPhase('Track B', 'shared');
    const two = await ok('lead', 'GET', '/forecast');
    expect(two.explanation.trackRecord).toMatchObject({ applied: false, judged: 2, scopes: 2 });
    expect(two.explanation.notes.join(' ')).toMatch(/2 stored forecast\(s\) of 2 scope\(s\) have been judged; a correction needs judged forecasts of 3 scopes/);

    await missedPhase('Track C', 'internal');
    const lead = await ok('lead', 'GET', '/forecast');
    const tr = lead.explanation.trackRecord;
    expect(tr).toMatchObject({ applied: true, judged: 3, scopes: 3, pastHitRate: { p50: 0, p85: 0, p95: 0 } });
    for (const k of ['p50', 'p85', 'p95'] as const) {
      expect(tr.effort[k]).toBeGreaterThan(1);
      // the answer is the raw figure times the factor (kept in order)
      expect(lead.effort[k]).toBeGreaterThanOrEqual(tr.raw.effort[k] * tr.effort[k] - 0.01);
      expect(lead.effort[k]).toBeGreaterThan(tr.raw.effort[k]);
    }
    expect(lead.effort.p50).toBeLessThanOrEqual(lead.effort.p85);
    expect(lead.effort.p85).toBeLessThanOrEqual(lead.effort.p95);
    // the fan and the budget read the corrected figures
    expect(lead.fan[0].p95).toBeGreaterThanOrEqual(lead.effort.p95 - 0.01);
    expect(lead.explanation.notes.join(' ')).toMatch(/Corrected by this engagement's own track record: 3 judged forecast\(s\) of 3 scopes in this engagement; of them P50 held 0%, P85 0% and P95 0% of the time\. Effort P50 \d[\d,]* h → \d[\d,]* h/);
    // dates: the phases finished on the day they were forecast, so their dates held: the dates may only move earlier
    if (tr.dates) expect(tr.dates.p95).toBeLessThanOrEqual(1);
    expect(lead.completion.p95 <= tr.raw.dates.p95).toBe(true);

    // the sponsor's record is the shared view's: the internal phase's shared forecast covered nothing, so two scopes
    const sponsor = await ok('sponsor', 'GET', '/forecast');
    expect(sponsor.explanation.trackRecord).toMatchObject({ applied: false, judged: 2, scopes: 2 });
    expect(sponsor.effort).toEqual(sponsor.explanation.trackRecord.raw.effort);
  });

  it('judges stored forecasts against their raw figures, so a corrected forecast does not feed on its own correction', async () => {
    const lead = await ok('lead', 'GET', '/forecast');
    const stored = await ok('lead', 'POST', '/forecasts', { seed: 1, note: 'corrected' });
    expect(stored.forecast.explanation.trackRecord.applied).toBe(true);
    expect(stored.effort).toEqual(stored.forecast.effort);
    expect(stored.forecast.explanation.trackRecord.raw.effort.p85).toBeLessThan(stored.effort.p85);
    expect(lead.explanation.trackRecord.raw.effort).toEqual(stored.forecast.explanation.trackRecord.raw.effort);
  });
});
