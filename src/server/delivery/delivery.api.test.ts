import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type DemoKey, pgMissing, type TestContext } from '../../../test/context';
import { applyGateDecision } from './phases';

describe.skipIf(pgMissing)('delivery: phases, items, time, budget, progress', () => {
  let ctx: TestContext;
  let E: string;
  const base = () => `/api/v1/engagements/${E}`;
  const call = async (who: DemoKey, method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, payload?: unknown) => {
    const res = await ctx.as(who, { method, url: `${base()}${path}`, payload: payload as object });
    return { status: res.statusCode, body: res.body, json: () => res.json() };
  };
  const ok = async (who: DemoKey, method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, payload?: unknown) => {
    const r = await call(who, method, path, payload);
    if (r.status >= 300) throw new Error(`${method} ${path} → ${r.status}: ${r.body}`);
    return r.json();
  };
  const fieldOf = (r: { json: () => { error: { details?: { field: string }[] } } }) => r.json().error.details?.map((d) => d.field);
  let phases: { id: string; name: string; status: string }[];
  const phase = (name: string) => phases.find((p) => p.name === name)!;

  beforeAll(async () => {
    ctx = await createTestContext();
    E = ctx.seed.engagementId;
    phases = (await ok('lead', 'GET', '/phases')).phases;
  });
  afterAll(() => ctx?.close());

  it('the demo seed gives an overview with phases, burn and items, for both sides', async () => {
    const o = await ok('sponsor', 'GET', '/delivery');
    expect(o.phases.map((p: { phase: { name: string }; status: string }) => `${p.phase.name}:${p.status}`)).toEqual(['Discovery:done', 'Tracking:active', 'Booking:planned', 'Invoicing:planned']);
    expect(o.burn.spentHours).toBeGreaterThan(100);
    expect(o.burn.percentElapsed).toBeGreaterThan(10);
    expect(o.items.total).toBeGreaterThanOrEqual(25);
    expect(o.time.internalMinutes).toBeNull();
    const p = await ok('member', 'GET', '/delivery');
    expect(p.items.total).toBe(30);
    expect(p.time.internalMinutes).toBeGreaterThan(0);
    expect(p.time.totalMinutes).toBe(o.time.totalMinutes + p.time.internalMinutes);
  });

  it('a phase moves planned ⇄ active by edit, into review by request, and is done only through the gate', async () => {
    const booking = phase('Booking');
    for (const status of ['done', 'in_review']) {
      const r = await call('lead', 'PATCH', `/phases/${booking.id}`, { status });
      expect(r.status).toBe(422);
      expect(fieldOf(r)).toEqual(['status']);
    }
    expect((await call('lead', 'POST', `/phases/${booking.id}/review`, {})).status).toBe(409);
    expect((await ok('lead', 'PATCH', `/phases/${booking.id}`, { status: 'active' })).status).toBe('active');
    const inReview = await ok('lead', 'POST', `/phases/${booking.id}/review`, { note: 'Exit criteria met' });
    expect(inReview).toMatchObject({ status: 'in_review', awaitingGateReview: true });
    expect((await call('lead', 'PATCH', `/phases/${booking.id}`, { status: 'active' })).status).toBe(422);
    expect((await call('sponsor', 'PATCH', `/phases/${booking.id}`, { name: 'x' })).status).toBe(403);
    // the gate review (governance) closes it through the hook
    await ctx.deps.db.transaction().execute((trx) =>
      applyGateDecision(trx, ctx.deps, { engagementId: E, phaseId: booking.id, actor: null, reviewId: 'r1', decision: 'proceed' }),
    );
    const done = await ok('stakeholder', 'GET', `/phases/${booking.id}`);
    expect(done.status).toBe('done');
    expect(done.doneAt).toBeTruthy();
    expect((await call('lead', 'PATCH', `/phases/${booking.id}`, { name: 'Renamed' })).status).toBe(409);
    const audit = (await ok('sponsor', 'GET', '/audit?limit=20')).entries.map((e: { action: string }) => e.action);
    expect(audit).toContain('phase.closed_by_gate');
  });

  it('phase dates: end before start and outside the engagement are named', async () => {
    const r1 = await call('lead', 'POST', '/phases', { name: 'Later', plannedStart: '2027-01-10', plannedEnd: '2027-01-01' });
    expect(r1.status).toBe(400);
    expect(fieldOf(r1)).toEqual(['plannedEnd']);
    const r2 = await call('lead', 'POST', '/phases', { name: 'Later', plannedStart: '2027-01-10', plannedEnd: '2030-01-01' });
    expect(r2.status).toBe(422);
    expect(fieldOf(r2)).toEqual(['plannedEnd']);
  });

  it('work items: estimate ranges, references and visibility are checked, naming the field', async () => {
    const tracking = phase('Tracking').id;
    const bad = [
      [{ title: 'x', estimate: { low: 8, likely: 4, high: 12 } }, 400, 'estimate.likely'],
      [{ title: 'x', estimate: { low: 2, likely: 8, high: 6 } }, 400, 'estimate.high'],
      [{ title: 'x', estimate: { low: -1, likely: 8, high: 9 } }, 400, 'estimate.low'],
      [{ title: 'x', phaseId: 'no-such-phase' }, 422, 'phaseId'],
      [{ title: 'x', outcomeId: 'no-such-outcome' }, 422, 'outcomeId'],
      [{ title: 'x', assigneeId: ctx.seed.users.sponsor }, 422, 'assigneeId'],
    ] as const;
    for (const [payload, status, field] of bad) {
      const r = await call('member', 'POST', '/items', payload);
      expect(r.status, JSON.stringify(payload)).toBe(status);
      expect(fieldOf(r)).toEqual([field]);
    }
    expect((await call('sponsor', 'POST', '/items', { title: 'Client item' })).status).toBe(403);
    const outcome = (await ctx.as('lead', { method: 'GET', url: `/api/v1/engagements/${E}/outcomes` })).json().outcomes[0];
    const item = await ok('member', 'POST', '/items', { title: 'Carrier F onboarding', phaseId: tracking, outcomeId: outcome.id, estimate: { low: 4, likely: 6, high: 10 }, externalRef: 'FJ-999' });
    expect(item.estimate).toMatchObject({ low: 4, likely: 6, high: 10, estimatedBy: { name: 'Tom Reyes' } });
    const moved = await ok('lead', 'PATCH', `/items/${item.id}`, { status: 'in_progress', estimate: { low: 5, likely: 8, high: 12 } });
    expect(moved.startedAt).toBeTruthy();
    expect(moved.estimate.estimatedBy.name).toBe('Maya Okafor');
    const done = await ok('member', 'PATCH', `/items/${item.id}`, { status: 'done' });
    expect(done.doneAt).toBeTruthy();
  });

  it('lists filter, sort and page with a cursor without gaps or repeats; clients never see internal items', async () => {
    const all = await ok('member', 'GET', '/items?limit=200&sort=title');
    const titles = all.items.map((i: { title: string }) => i.title);
    expect([...titles].sort()).toEqual(titles);
    for (const sort of ['-likely', 'status', '-actual', 'updated', 'created']) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: { id: string }[]; nextCursor: string | null; total: number } = await ok('member', 'GET', `/items?limit=7&sort=${sort}${cursor ? `&cursor=${cursor}` : ''}`);
        seen.push(...page.items.map((i) => i.id));
        cursor = page.nextCursor;
        expect(page.total).toBe(all.total);
      } while (cursor);
      expect(new Set(seen).size, sort).toBe(all.total);
      expect(seen.length).toBe(all.total);
    }
    const likely = (await ok('member', 'GET', '/items?limit=200&sort=-likely')).items.map((i: { estimate: { likely: number } | null }) => i.estimate?.likely ?? -1);
    expect([...likely].sort((a, b) => b - a)).toEqual(likely);
    const blocked = await ok('sponsor', 'GET', `/items?status=blocked,in_progress&phaseId=${phase('Tracking').id}`);
    expect(blocked.items.length).toBeGreaterThan(0);
    expect(blocked.items.every((i: { status: string }) => ['blocked', 'in_progress'].includes(i.status))).toBe(true);
    const client = await ok('sponsor', 'GET', '/items?limit=200');
    expect(client.items.every((i: { visibility: string }) => i.visibility === 'shared')).toBe(true);
    expect(client.total).toBe(all.items.filter((i: { visibility: string }) => i.visibility === 'shared').length);
    expect(JSON.stringify(client)).not.toContain('margin check');
    const search = await ok('sponsor', 'GET', '/items?q=fj-10');
    expect(search.items.length).toBeGreaterThan(0);
    expect((await call('member', 'GET', '/items?cursor=garbage')).status).toBe(400);
    expect((await call('member', 'GET', '/items?sort=bogus')).status).toBe(400);
  });

  it('time entries: bad minutes, days over 24 h, dates outside the engagement and locked periods are refused by field', async () => {
    const item = (await ok('member', 'GET', '/items?q=Polling service')).items[0];
    for (const [minutes, status] of [
      [0, 400],
      [-30, 400],
      [1441, 400],
      [90.5, 400],
    ] as const) {
      const r = await call('member', 'POST', '/time-entries', { dateWorked: '2026-10-30', minutes });
      expect(r.status).toBe(status);
      expect(fieldOf(r)).toEqual(['minutes']);
    }
    const before = (await ok('member', 'GET', `/items/${item.id}`)).actualMinutes;
    const e = await ok('member', 'POST', '/time-entries', { dateWorked: '2026-10-31', minutes: 600, workItemId: item.id, note: 'Saturday push' });
    expect(e).toMatchObject({ minutes: 600, person: { name: 'Tom Reyes' }, workItem: { id: item.id }, billable: true, locked: false });
    expect((await ok('member', 'GET', `/items/${item.id}`)).actualMinutes).toBe(before + 600);
    await ok('member', 'POST', '/time-entries', { dateWorked: '2026-10-31', minutes: 600 });
    const over = await call('member', 'POST', '/time-entries', { dateWorked: '2026-10-31', minutes: 300 });
    expect(over.status).toBe(422);
    expect(fieldOf(over)).toEqual(['minutes']);
    expect(over.json().error.message).toContain('24 hours');
    const outside = await call('member', 'POST', '/time-entries', { dateWorked: '2025-01-01', minutes: 60 });
    expect(outside.status).toBe(422);
    expect(fieldOf(outside)).toEqual(['dateWorked']);
    const locked = await call('member', 'POST', '/time-entries', { dateWorked: '2026-09-25', minutes: 60 });
    expect(locked.status).toBe(409);
    expect(locked.json().error.code).toBe('period_locked');
    expect(fieldOf(locked)).toEqual(['dateWorked']);
    expect((await call('member', 'PATCH', `/time-entries/${e.id}`, { dateWorked: '2026-09-25' })).status).toBe(409);
    expect((await call('member', 'POST', '/time-entries', { dateWorked: '2026-10-30', minutes: 30, workItemId: 'nope' })).status).toBe(422);
    // someone else's entry: members may not, the lead may
    expect((await call('member', 'POST', '/time-entries', { userId: ctx.seed.users.lead, dateWorked: '2026-10-30', minutes: 30 })).status).toBe(403);
    expect((await call('lead', 'POST', '/time-entries', { userId: ctx.seed.users.sponsor, dateWorked: '2026-10-30', minutes: 30 })).status).toBe(422);
    expect((await call('sponsor', 'POST', '/time-entries', { dateWorked: '2026-10-30', minutes: 30 })).status).toBe(403);
    const edited = await ok('lead', 'PATCH', `/time-entries/${e.id}`, { minutes: 480 });
    expect(edited.minutes).toBe(480);
    expect((await ok('member', 'GET', `/items/${item.id}`)).actualMinutes).toBe(before + 480);
    await ok('member', 'DELETE', `/time-entries/${e.id}`);
    expect((await ok('member', 'GET', `/items/${item.id}`)).actualMinutes).toBe(before);
    // a lock created now refuses edits of entries inside it, with a clear error
    const lockable = await ok('member', 'POST', '/time-entries', { dateWorked: '2026-10-12', minutes: 45 });
    const lock = await ok('lead', 'POST', '/time-locks', { periodStart: '2026-10-12', periodEnd: '2026-10-18', note: 'Invoiced' });
    const refused = await call('member', 'PATCH', `/time-entries/${lockable.id}`, { minutes: 50 });
    expect(refused.status).toBe(409);
    expect(refused.json().error.message).toMatch(/locked period \(2026-10-12 to 2026-10-18\)/);
    expect((await call('member', 'DELETE', `/time-entries/${lockable.id}`)).status).toBe(409);
    expect((await call('lead', 'POST', '/time-locks', { periodStart: '2026-10-15', periodEnd: '2026-10-20' })).status).toBe(422);
    await ok('lead', 'DELETE', `/time-locks/${lock.id}`);
    expect((await ok('member', 'PATCH', `/time-entries/${lockable.id}`, { minutes: 50 })).minutes).toBe(50);
  });

  it('internal time stays with the provider: lists, totals, exports, item actuals; "totals only" hides client entries', async () => {
    const internal = await ok('member', 'POST', '/time-entries', { dateWorked: '2026-10-29', minutes: 77, note: 'Internal rework we do not bill', visibility: 'internal', billable: false });
    const sponsorList = await call('sponsor', 'GET', '/time-entries?limit=500');
    expect(sponsorList.body).not.toContain('Internal rework');
    expect(sponsorList.json().entries.every((e: { visibility: string }) => e.visibility === 'shared')).toBe(true);
    expect((await call('member', 'GET', '/time-entries?from=2026-10-29&to=2026-10-29')).body).toContain('Internal rework');
    const csvClient = await call('stakeholder', 'GET', '/time-entries/export');
    expect(csvClient.status).toBe(200);
    expect(csvClient.body.split('\r\n')[0]).toBe('id,date,person,email,hours,minutes,work_item,work_item_ref,note,billable,logged_at');
    expect(csvClient.body).not.toContain('Internal rework');
    expect(csvClient.body).not.toContain('internal estimate work');
    expect((await call('member', 'GET', '/time-entries/export')).body).toContain('Internal rework');
    const tClient = await ok('sponsor', 'GET', '/time-entries/totals?groupBy=day&from=2026-10-29&to=2026-10-29');
    const tProvider = await ok('member', 'GET', '/time-entries/totals?groupBy=day&from=2026-10-29&to=2026-10-29');
    expect(tProvider.totalMinutes - tClient.totalMinutes).toBeGreaterThanOrEqual(77);
    // an internal item cannot carry shared time, and a shared item with shared time cannot silently become internal
    const secret = await ok('lead', 'POST', '/items', { title: 'Internal spike', visibility: 'internal' });
    const r = await call('member', 'POST', '/time-entries', { dateWorked: '2026-10-29', minutes: 30, workItemId: secret.id });
    expect(r.status).toBe(422);
    expect(fieldOf(r)).toEqual(['visibility']);
    const sharedItem = (await ok('member', 'GET', '/items?visibility=shared&sort=-actual&limit=1')).items[0];
    expect(sharedItem.actualMinutes).toBeGreaterThan(0);
    expect((await call('lead', 'PATCH', `/items/${sharedItem.id}`, { visibility: 'internal' })).status).toBe(409);
    // totals only
    await ok('lead', 'PATCH', '/delivery/settings', { clientTimeView: 'totals' });
    const hidden = await ok('sponsor', 'GET', '/time-entries');
    expect(hidden).toMatchObject({ mode: 'totals', entries: [] });
    expect((await ok('member', 'GET', '/time-entries')).entries.length).toBeGreaterThan(0);
    const totalsCsv = await call('sponsor', 'GET', '/time-entries/export');
    expect(totalsCsv.body.split('\r\n')[0]).toBe('date,hours,billable_hours');
    expect((await ok('sponsor', 'GET', '/time-entries/totals?groupBy=person')).rows.length).toBe(2);
    await ok('lead', 'PATCH', '/delivery/settings', { clientTimeView: 'entries' });
    await ok('member', 'DELETE', `/time-entries/${internal.id}`);
  });

  it('settings: dates that would strand logged time are refused, naming the field', async () => {
    const r = await call('lead', 'PATCH', '/delivery/settings', { startDate: '2026-10-20' });
    expect(r.status).toBe(422);
    expect(fieldOf(r)).toEqual(['startDate']);
    const r2 = await call('lead', 'PATCH', '/delivery/settings', { startDate: '2026-12-01', endDate: '2026-11-01' });
    expect(r2.status).toBe(400);
    expect(fieldOf(r2)).toEqual(['endDate']);
    expect((await call('member', 'PATCH', '/delivery/settings', { clientTimeView: 'totals' })).status).toBe(403);
  });

  it('budget: burn, threshold alerts the client sees too, rates hidden from clients unless shared', async () => {
    const client = await ok('sponsor', 'GET', '/budget');
    expect(client.rates).toBeNull();
    expect(client.burn.spentAmount).toBeGreaterThan(0);
    expect(client.body).toBeUndefined();
    expect((await call('sponsor', 'GET', '/rates')).status).toBe(403);
    const provider = await ok('member', 'GET', '/budget');
    expect(provider.rates.map((r: { role: string; hourlyRate: number }) => `${r.role}:${r.hourlyRate}`).sort()).toEqual(['lead:125', 'member:105']);
    expect(provider.burn.spentHours).toBeGreaterThan(client.burn.spentHours - 0.001);
    // a small budget crosses both thresholds
    await ok('lead', 'PUT', '/budget', { hours: 200, amount: 20000, currency: 'EUR', alertThresholds: [90, 75], ratesShared: true });
    const alerted = await ok('stakeholder', 'GET', '/budget');
    expect(alerted.alerts.map((a: { metric: string; threshold: number }) => `${a.metric}:${a.threshold}`)).toEqual(['hours:75', 'hours:90', 'money:75', 'money:90']);
    expect(alerted.alerts[0].crossedOn).toMatch(/^2026-\d\d-\d\d$/);
    expect(alerted.alerts[0].message).toContain('75%');
    expect(alerted.rates).toHaveLength(2);
    expect((await call('stakeholder', 'GET', '/rates')).status).toBe(200);
    expect((await ok('sponsor', 'GET', '/delivery')).alerts.length).toBe(4);
    // rates in another currency, twice the same role, a client as a person: named
    const r1 = await call('lead', 'PUT', '/rates', { rates: [{ role: 'lead', hourlyRate: 100, currency: 'USD' }] });
    expect(fieldOf(r1)).toEqual(['rates.0.currency']);
    const r2 = await call('lead', 'PUT', '/rates', { rates: [{ role: 'lead', hourlyRate: 100, currency: 'EUR' }, { role: 'lead', hourlyRate: 90, currency: 'EUR' }] });
    expect(fieldOf(r2)).toEqual(['rates.1.role']);
    const r3 = await call('lead', 'PUT', '/rates', { rates: [{ userId: ctx.seed.users.sponsor, hourlyRate: 100, currency: 'EUR' }] });
    expect(fieldOf(r3)).toEqual(['rates.0.userId']);
    const r4 = await call('lead', 'PUT', '/rates', { rates: [{ hourlyRate: 100, currency: 'EUR' }] });
    expect(r4.status).toBe(400);
    // a rate change re-prices the time already logged
    const before = (await ok('member', 'GET', '/budget')).burn;
    await ok('lead', 'PUT', '/rates', { rates: [{ role: 'lead', hourlyRate: 125, currency: 'EUR' }, { role: 'member', hourlyRate: 210, currency: 'EUR' }] });
    const after = (await ok('member', 'GET', '/budget')).burn;
    expect(after.spentHours).toBe(before.spentHours);
    expect(after.spentAmount).toBeGreaterThan(before.spentAmount);
    await ok('lead', 'PUT', '/rates', { rates: [{ role: 'lead', hourlyRate: 125, currency: 'EUR' }] });
    expect((await ok('member', 'GET', '/budget')).burn.unratedHours).toBeGreaterThan(0);
    await ok('lead', 'PUT', '/rates', { rates: [{ role: 'lead', hourlyRate: 125, currency: 'EUR' }, { role: 'member', hourlyRate: 105, currency: 'EUR' }] });
    expect((await ok('member', 'GET', '/budget')).burn.spentAmount).toBeCloseTo(before.spentAmount, 1);
    await ok('lead', 'PUT', '/budget', { hours: 1600, amount: 176000, currency: 'EUR', ratesShared: false });
    expect((await ok('sponsor', 'GET', '/budget')).alerts).toEqual([]);
  });

  it('progress: each chart has series, data and the same data as a table and CSV', async () => {
    for (const chart of ['burnup', 'budget', 'outcomes', 'cycle-time']) {
      const c = await ok('sponsor', 'GET', `/progress/${chart}`);
      expect(c.chart).toBe(chart);
      expect(c.data.length).toBeGreaterThan(0);
      expect(c.table.rows.length).toBe(c.data.length);
      expect(c.table.columns[0].key).toBe(c.xKey);
      const csv = await call('sponsor', 'GET', `/progress/${chart}/csv`);
      expect(csv.status).toBe(200);
      const lines = csv.body.trim().split('\r\n');
      expect(lines).toHaveLength(c.data.length + 1);
    }
    const tracking = await ok('sponsor', 'GET', `/progress/burnup?phaseId=${phase('Tracking').id}`);
    const last = tracking.data.at(-1);
    expect(last.scopeHours).toBeGreaterThan(last.doneHours);
    expect(last.doneHours).toBeGreaterThan(0);
    const outcomes = await ok('sponsor', 'GET', '/progress/outcomes');
    expect(outcomes.data[0].outcome).toBe('Shippers track consignments themselves');
    expect(outcomes.data[0].hours).toBeGreaterThan(0);
    const shares = outcomes.data.reduce((s: number, d: { share: number }) => s + d.share, 0);
    expect(Math.round(shares)).toBe(100);
    const cycle = await ok('member', 'GET', '/progress/cycle-time');
    expect(cycle.summary.items).toBeGreaterThan(3);
    expect((await call('sponsor', 'GET', '/progress/velocity')).status).toBe(400);
    expect((await call('sponsor', 'GET', '/progress/burnup?phaseId=nope')).status).toBe(404);
  });

  it('item export respects visibility and defuses spreadsheet formulas', async () => {
    await ok('member', 'POST', '/items', { title: '=HYPERLINK("http://evil.test","click")' });
    const client = await call('sponsor', 'GET', '/items/export');
    expect(client.status).toBe(200);
    expect(client.body).not.toContain('margin check');
    expect(client.body).not.toContain('visibility');
    expect(client.body).toContain(`"'=HYPERLINK(""http://evil.test"",""click"")"`);
    const provider = await call('member', 'GET', '/items/export');
    expect(provider.body).toContain('margin check');
    expect(provider.body.trim().split('\r\n').length).toBe((await ok('member', 'GET', '/items?limit=1')).total + 1);
  });

  it('every delivery write is in the audit chain, which still verifies', async () => {
    const actions = new Set((await ok('member', 'GET', '/audit?limit=200')).entries.map((e: { action: string }) => e.action));
    for (const a of ['phase.created', 'work_item.created', 'work_item.updated', 'time_entry.created', 'time_entry.updated', 'time_entry.deleted', 'time_period.locked', 'delivery.budget_set', 'delivery.rates_set']) {
      expect(actions, a).toContain(a);
    }
    expect((await ok('sponsor', 'POST', '/audit/verify')).ok).toBe(true);
  });

  it('cached reads see a write made by another process at once, and a membership removed elsewhere', async () => {
    const hours = async () => [(await ok('sponsor', 'GET', '/delivery')).settings.budget.hours, (await ok('sponsor', 'GET', '/budget')).budget.hours, (await ok('sponsor', 'GET', '/delivery/settings')).budget.hours];
    const before = await hours();
    expect(await hours()).toEqual(before); // served from the cache
    // another process changes the budget: its transaction bumps the version, nothing in this process is told
    await ctx.deps.db
      .updateTable('delivery_settings')
      .set((eb) => ({ budget_hours: 4321, version: eb('version', '+', 1) }))
      .where('engagement_id', '=', E)
      .execute();
    expect(await hours()).toEqual([4321, 4321, 4321]);
    // and an engagement without delivery settings yet reads the defaults
    const created = await ctx.as('lead', { method: 'POST', url: '/api/v1/engagements', payload: { name: 'No delivery yet', clientOrgName: 'Elsewhere Ltd' } });
    expect(created.statusCode).toBe(201);
    const fresh = (await ctx.as('lead', { method: 'GET', url: `/api/v1/engagements/${created.json().id}/delivery` })).json();
    expect(fresh.settings).toMatchObject({ startDate: null, budget: { hours: null, currency: 'EUR' } });
    // a membership removed by another process closes the cached reads at once (404, as for any non-member)
    await ctx.deps.db.deleteFrom('memberships').where('engagement_id', '=', E).where('user_id', '=', ctx.seed.users.sponsor).execute();
    for (const path of ['/delivery', '/budget', '/delivery/settings', '/progress/burnup', '/time-entries/totals?groupBy=week']) expect((await call('sponsor', 'GET', path)).status, path).toBe(404);
  });
});
