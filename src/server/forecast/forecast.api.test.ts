import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type DemoKey, pgMissing, type TestContext } from '../../../test/context';
import { JOB_HANDLERS } from '../jobs/registry';
import { runDueJobs } from '../jobs/queue';

const DAY = 86_400_000;

describe.skipIf(pgMissing)('forecasts: live, stored, judged', () => {
  let ctx: TestContext;
  let E: string;
  const base = () => `/api/v1/engagements/${E}`;
  const call = async (who: DemoKey, method: 'GET' | 'POST' | 'PATCH', path: string, payload?: unknown) => {
    const res = await ctx.as(who, { method, url: `${base()}${path}`, payload: payload as object });
    return { status: res.statusCode, body: res.body, json: () => res.json() };
  };
  const ok = async (who: DemoKey, method: 'GET' | 'POST' | 'PATCH', path: string, payload?: unknown) => {
    const r = await call(who, method, path, payload);
    if (r.status >= 300) throw new Error(`${method} ${path} → ${r.status}: ${r.body}`);
    return r.json();
  };
  let phases: { id: string; name: string }[];
  const phase = (name: string) => phases.find((p) => p.name === name)!;
  const today = () => ctx.clock.now().toISOString().slice(0, 10);

  beforeAll(async () => {
    ctx = await createTestContext();
    E = ctx.seed.engagementId;
    phases = (await ok('lead', 'GET', '/phases')).phases;
  });
  afterAll(() => ctx?.close());

  it('forecasts the engagement as P50 ≤ P85 ≤ P95 of effort, dates and budget, with its evidence; each side from what it may see', async () => {
    const lead = await ok('lead', 'GET', '/forecast');
    const sponsor = await ok('sponsor', 'GET', '/forecast');
    for (const f of [lead, sponsor]) {
      expect(f.effort.p50).toBeGreaterThan(0);
      expect(f.effort.p50).toBeLessThanOrEqual(f.effort.p85);
      expect(f.effort.p85).toBeLessThanOrEqual(f.effort.p95);
      expect(f.completion.kind).toBe('forecast');
      expect(f.completion.p50 <= f.completion.p85 && f.completion.p85 <= f.completion.p95).toBe(true);
      expect(f.budget.hours.p50).toBeLessThanOrEqual(f.budget.hours.p95);
      expect(f.fan.length).toBeGreaterThan(3);
      expect(f.fan[0].p05).toBeLessThanOrEqual(f.fan[0].p95);
      expect(f.fan.at(-1).p95).toBe(0);
      expect(f.explanation.history.length).toBeGreaterThan(0);
      expect(f.explanation.summary).toMatch(/Remaining effort P50/);
    }
    expect(lead.audience).toBe('all');
    expect(sponsor.audience).toBe('shared');
    // the demo has an internal backlog item: it is in the provider's forecast only
    expect(lead.remainingItems).toBeGreaterThan(sponsor.remainingItems);
    // the demo team has few finished items: they count by their evidence against the published prior, and the explanation says how much (issue 18)
    for (const f of [lead, sponsor]) {
      expect(f.explanation.teamWeight.team).toBeGreaterThan(0);
      expect(f.explanation.teamWeight.team).toBeLessThan(1);
      expect(f.explanation.teamWeight.team + f.explanation.teamWeight.prior).toBeCloseTo(1, 9);
      expect(f.explanation.summary).toMatch(/\d+% your team's history, \d+% the published prior/);
      // dates sample weekly capacity from the logged hours, and say so
      expect(f.capacity.sampled.historyWeeks).toBeGreaterThan(0);
      expect(f.explanation.notes.join(' ')).toMatch(/Dates sample each week's capacity from the last \d+ week\(s\) of logged hours/);
    }
  });

  it('is reproducible: the same inputs and seed give the same numbers, another seed others', async () => {
    const a = await ok('lead', 'GET', '/forecast?seed=7&trials=5000');
    // a write that changes nothing the forecast reads empties the cache, so this is a fresh computation
    await ok('lead', 'PATCH', '/delivery/settings', { clientTimeView: 'entries' });
    const b = await ok('lead', 'GET', '/forecast?seed=7&trials=5000');
    expect(b.effort).toEqual(a.effort);
    expect(b.fan).toEqual(a.fan);
    const c = await ok('lead', 'GET', '/forecast?seed=8&trials=5000');
    expect(c.effort.p85).not.toEqual(a.effort.p85);
    expect((await call('lead', 'GET', '/forecast?trials=5')).status).toBe(400);
  });

  it('counts items without estimates as "not estimated" and names them; phase forecasts use the phase', async () => {
    const booking = await ok('lead', 'POST', '/phases', { name: 'Rollout', goal: 'Live in every branch', plannedStart: today(), plannedEnd: '2027-03-01', exitCriteria: [] });
    const before = await ok('lead', 'GET', `/forecast?phaseId=${booking.id}`);
    await ok('lead', 'POST', '/items', { title: 'Unsized: payment provider spike', phaseId: booking.id });
    const after = await ok('lead', 'GET', `/forecast?phaseId=${booking.id}`);
    expect(after.scope).toMatchObject({ kind: 'phase', phase: { id: booking.id, name: 'Rollout' }, plannedEnd: '2027-03-01' });
    expect(after.notEstimated.count).toBe(before.notEstimated.count + 1);
    expect(after.notEstimated.items.map((i: { title: string }) => i.title)).toContain('Unsized: payment provider spike');
    expect(after.remainingItems).toBe(before.remainingItems + 1);
    expect(after.explanation.notes.join(' ')).toMatch(/have no estimate: they are not in these figures/);
    expect(after.budget).toBeNull();
    // nobody has logged time on this phase's items yet: the dates use the engagement's pace and say why
    expect(after.capacity.source).toBe('engagement');
    expect(after.capacity.reason).toMatch(/nobody logged time on this phase's items/);
    expect((await call('lead', 'GET', '/forecast?phaseId=0190aaaa-0000-7000-8000-000000000000')).status).toBe(404);
  });

  it('refuses an inverted estimate range with a message naming the field, so no forecast ever sees one', async () => {
    const r = await call('lead', 'POST', '/items', { title: 'Broken range', estimate: { low: 5, likely: 3, high: 8 } });
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.json().error.details)).toMatch(/low/);
    // and the database refuses it too (an import or a direct edit cannot store one)
    const item = await ok('lead', 'POST', '/items', { title: 'Fine range', estimate: { low: 2, likely: 3, high: 5 } });
    await expect(ctx.deps.db.updateTable('work_items').set({ estimate_low: 5 }).where('id', '=', item.id).execute()).rejects.toThrow(/estimate_order|check/i);
  });

  it('stores forecasts per side, judges them once their work is finished and keeps a calibration record', async () => {
    const discovery = phase('Tracking');
    const recorded = await ok('lead', 'POST', '/forecasts', { phaseId: discovery.id, seed: 3, note: 'Before the sprint review' });
    expect(recorded).toMatchObject({ audience: 'all', trigger: 'manual', note: 'Before the sprint review', recordedBy: { name: expect.any(String) }, judgement: { state: 'pending' } });
    expect(recorded.forecast.seed).toBe(3);
    const mine = await ok('lead', 'GET', `/forecasts?phaseId=${discovery.id}`);
    const theirs = await ok('sponsor', 'GET', `/forecasts?phaseId=${discovery.id}`);
    expect(mine.forecasts).toHaveLength(1);
    expect(theirs.forecasts).toHaveLength(1);
    expect(theirs.forecasts[0].audience).toBe('shared');
    // the provider's note stays with the provider's copy (it may speak of internal work)
    expect(theirs.forecasts[0].note).toBe('');
    // neither side can read the other's stored view
    expect((await call('sponsor', 'GET', `/forecasts/${recorded.id}`)).status).toBe(404);
    expect((await ok('lead', 'GET', `/forecasts/calibration?phaseId=${discovery.id}`)).judged).toBe(0);

    // finish every item the forecast covered, logging a little time on each
    const items = (await ok('lead', 'GET', `/items?phaseId=${discovery.id}&limit=200`)).items as { id: string; status: string; visibility: string }[];
    for (const it of items.filter((i) => ['backlog', 'in_progress', 'blocked'].includes(i.status))) {
      await ok('lead', 'POST', '/time-entries', { dateWorked: today(), minutes: 60, workItemId: it.id, visibility: it.visibility });
      await ok('lead', 'PATCH', `/items/${it.id}`, { status: 'done' });
    }
    const judged = await ok('lead', 'GET', `/forecasts/${recorded.id}`);
    expect(judged.judgement.state).toBe('judged');
    expect(judged.judgement.completedOn).toBe(today());
    const cal = await ok('lead', 'GET', `/forecasts/calibration?phaseId=${discovery.id}`);
    expect(cal).toMatchObject({ forecasts: 1, judged: 1, pending: 0 });
    expect(cal.summary).toMatch(/^Of 1 past P85 forecast\(s\), [01] held on effort/);
    expect(cal.effort.p85).toBe(judged.judgement.effortHeld.p85 ? 1 : 0);
    expect((await ok('sponsor', 'GET', `/forecasts/calibration?phaseId=${discovery.id}`)).judged).toBe(1);
  });

  it('stores a weekly snapshot of every changed scope, once, for both sides', async () => {
    const count = async () => (await ctx.deps.db.selectFrom('forecasts').select((eb) => eb.fn.countAll<number>().as('n')).where('trigger', '=', 'weekly').executeTakeFirstOrThrow()).n;
    expect(Number(await count())).toBe(0);
    ctx.clock.advance(8 * DAY);
    await ok('lead', 'GET', '/phases'); // keeps the session alive
    await runDueJobs(ctx.deps, JOB_HANDLERS);
    const first = Number(await count());
    expect(first).toBeGreaterThanOrEqual(2); // the engagement for each side, plus unfinished phases
    const audiences = await ctx.deps.db.selectFrom('forecasts').select('audience').distinct().where('trigger', '=', 'weekly').execute();
    expect(audiences.map((a) => a.audience).sort()).toEqual(['all', 'shared']);
    await runDueJobs(ctx.deps, JOB_HANDLERS);
    expect(Number(await count())).toBe(first);
  });

  it('says there is no forecast date when nobody has logged time for weeks, instead of infinity', async () => {
    for (let i = 0; i < 3; i++) {
      ctx.clock.advance(20 * DAY);
      await ok('lead', 'GET', '/phases'); // keeps the session alive
    }
    const f = await ok('lead', 'GET', '/forecast');
    expect(f.completion).toEqual({ kind: 'no-forecast', reason: expect.stringMatching(/^no forecast: nobody has logged time in \d+ weeks$/), weeksWithoutTime: expect.any(Number) });
    expect(f.completion.weeksWithoutTime).toBeGreaterThanOrEqual(7);
    expect(f.effort.p50).toBeGreaterThan(0);
    expect(JSON.stringify(f)).not.toMatch(/Infinity|NaN|null,"p85"/);
  });
});
