import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type DemoKey, pgMissing, type TestContext } from '../../../test/context';
import { runDueJobs } from '../jobs/queue';
import { JOB_HANDLERS } from '../jobs/registry';

const DAY = 86_400_000;

interface Figures {
  side: 'provider' | 'client';
  keptOnTime: number;
  keptRenegotiatedEarly: number;
  keptRenegotiatedLate: number;
  missedSilently: number;
  missedAfterRenegotiation: number;
  open: number;
  renegotiatedOpen: number;
  resolved: number;
  series: { month: string; missedSilently: number }[];
}

describe.skipIf(pgMissing)('commitments ledger', () => {
  let ctx: TestContext;
  let E: string;
  const api = (path = '') => `/api/v1/engagements/${E}/commitments${path}`;
  const today = () => ctx.clock.now().toISOString().slice(0, 10);
  const inDays = (n: number) => new Date(ctx.clock.now().getTime() + n * DAY).toISOString().slice(0, 10);
  const call = (who: DemoKey, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) => ctx.as(who, { method, url, ...(payload ? { payload } : {}) });
  const create = async (who: DemoKey, body: object) => {
    const res = await call(who, 'POST', api(), { side: 'provider', title: 'A promise', dueDate: inDays(5), ...body });
    if (res.statusCode !== 201) throw new Error(`create failed: ${res.body}`);
    return res.json();
  };
  const figures = async (who: DemoKey) => (await call(who, 'GET', api('/say-do'))).json().sides as Figures[];
  const side = (f: Figures[], s: 'provider' | 'client') => f.find((x) => x.side === s)!;
  const notificationsOf = async (who: DemoKey) => (await call(who, 'GET', '/api/v1/notifications?limit=200')).json().notifications as { kind: string; title: string; link: string }[];
  const auditCount = async (id: string, action: string) =>
    (await ctx.deps.db.selectFrom('audit_log').select('seq').where('object_id', '=', id).where('action', '=', action).execute()).length;

  beforeAll(async () => {
    ctx = await createTestContext();
    E = ctx.seed.engagementId;
  });
  afterAll(() => ctx?.close());

  it('the demo seed gives both sides a history and outstanding commitments', async () => {
    const list = (await call('sponsor', 'GET', api())).json().commitments as { status: string; side: string; visibility: string }[];
    expect(list.some((c) => c.status === 'kept')).toBe(true);
    expect(list.some((c) => c.status === 'missed')).toBe(true);
    expect(list.some((c) => c.status === 'renegotiated')).toBe(true);
    expect(list.some((c) => c.status === 'open')).toBe(true);
    expect(list.every((c) => c.visibility === 'shared')).toBe(true);
    const provider = side(await figures('lead'), 'provider');
    expect(provider.keptOnTime + provider.keptRenegotiatedEarly).toBeGreaterThan(0);
    expect(provider.missedSilently).toBeGreaterThan(0);
  });

  it('records a provider promise the client sees, with its timeline, links and a scheduled miss check', async () => {
    const items = (await call('lead', 'GET', `/api/v1/engagements/${E}/items?limit=5`)).json().items as { id: string; visibility: string }[];
    const shared = items.find((i) => i.visibility === 'shared')!;
    const phase = (await call('lead', 'GET', `/api/v1/engagements/${E}/phases`)).json().phases[1];
    const c = await create('lead', {
      title: 'Staging environment for carrier D',
      assumptions: 'Fjord IT opens the firewall port by Friday.',
      dueDate: inDays(3),
      ownerId: ctx.seed.users.member,
      phaseId: phase.id,
      itemIds: [shared.id],
    });
    expect(c).toMatchObject({ side: 'provider', status: 'open', outstanding: true, daysToDue: 3, originalDueDate: inDays(3), owner: { name: 'Tom Reyes' }, phase: { id: phase.id }, canManage: true });
    expect(c.items.map((i: { id: string }) => i.id)).toEqual([shared.id]);
    expect(c.events.map((e: { kind: string }) => e.kind)).toEqual(['created']);
    const seen = await call('stakeholder', 'GET', api(`/${c.id}`));
    expect(seen.statusCode).toBe(200);
    expect(seen.json()).toMatchObject({ title: 'Staging environment for carrier D', canManage: false });
    expect((await notificationsOf('sponsor')).some((n) => n.kind === 'commitment.created' && n.link.endsWith(c.id))).toBe(true);
    const job = await ctx.deps.db.selectFrom('jobs').selectAll().where('unique_key', '=', `commitment:${c.id}:miss:${inDays(3)}`).executeTakeFirstOrThrow();
    expect(job.run_at).toBe(`${inDays(4)}T00:00:00.000Z`);
    expect(await auditCount(c.id, 'commitment.created')).toBe(1);
    // filters
    const outstandingProvider = (await call('sponsor', 'GET', api('?side=provider&status=outstanding'))).json().commitments as { side: string; outstanding: boolean }[];
    expect(outstandingProvider.length).toBeGreaterThan(0);
    expect(outstandingProvider.every((x) => x.side === 'provider' && x.outstanding)).toBe(true);
    const missed = (await call('sponsor', 'GET', api('?status=missed'))).json().commitments as { status: string }[];
    expect(missed.every((x) => x.status === 'missed')).toBe(true);
  });

  it('refuses bad input with the field named', async () => {
    const bad = async (body: object, field: string, status = 422) => {
      const res = await call('lead', 'POST', api(), { side: 'provider', title: 'x', dueDate: inDays(5), ...body });
      expect(res.statusCode, res.body).toBe(status);
      expect(res.json().error.details.map((d: { field: string }) => d.field)).toContain(field);
      return res.json().error;
    };
    expect((await bad({ dueDate: inDays(-1) }, 'dueDate')).message).toContain('in the past');
    await bad({ dueDate: '2026-02-30' }, 'dueDate', 400);
    await bad({ side: 'client', visibility: 'internal' }, 'visibility');
    await bad({ itemIds: ['0190aaaa-0000-7000-8000-000000000000'] }, 'itemIds');
    await bad({ ownerId: ctx.seed.users.sponsor }, 'ownerId');
    await bad({ title: '  ' }, 'title', 400);
    expect((await call('lead', 'POST', api(), { side: 'provider', title: 'x', dueDate: inDays(5), promise: 'unknown field' })).statusCode).toBe(400);
    // a phase of another engagement
    const other = (await call('lead', 'POST', '/api/v1/engagements', { name: 'Other engagement', clientOrgName: 'Other client' })).json();
    const otherPhase = (await call('lead', 'POST', `/api/v1/engagements/${other.id}/phases`, { name: 'Elsewhere', plannedStart: '2026-12-01', plannedEnd: '2026-12-20', exitCriteria: [{ text: 'x' }] })).json();
    expect((await bad({ phaseId: otherPhase.id }, 'phaseId')).message).toContain('not a phase of this engagement');
    // an internal work item cannot hang off a shared promise
    const internalItem = (await call('lead', 'POST', `/api/v1/engagements/${E}/items`, { title: 'Internal spike', visibility: 'internal' })).json();
    await bad({ itemIds: [internalItem.id] }, 'itemIds');
    expect((await call('lead', 'POST', api(), { side: 'provider', title: 'Internal', dueDate: inDays(5), visibility: 'internal', itemIds: [internalItem.id] })).statusCode).toBe(201);
  });

  it('lets the leads of both sides act on either side, provider members on theirs, stakeholders only read', async () => {
    const clientSide = { side: 'client', title: 'API credentials', dueDate: inDays(4) };
    expect((await call('stakeholder', 'POST', api(), clientSide)).statusCode).toBe(403);
    expect((await call('member', 'POST', api(), clientSide)).statusCode).toBe(403);
    const byLead = await create('lead', clientSide);
    expect(byLead.side).toBe('client');
    expect((await call('sponsor', 'POST', api(), clientSide)).statusCode).toBe(201);
    expect((await call('member', 'POST', api(`/${byLead.id}/keep`), {})).statusCode).toBe(403);
    expect((await call('admin', 'GET', api())).statusCode).toBe(404);
    expect((await call('admin', 'GET', api(`/${byLead.id}`))).statusCode).toBe(404);
    expect((await call('sponsor', 'GET', api(`/${byLead.id}`))).json().canManage).toBe(true);
    expect((await call('member', 'GET', api(`/${byLead.id}`))).json().canManage).toBe(false);
  });

  it('renegotiates with the reason and the days in advance, and moves the miss check', async () => {
    const c = await create('member', { title: 'Load test results', dueDate: inDays(6) });
    const notAfter = await call('member', 'POST', api(`/${c.id}/renegotiate`), { newDueDate: inDays(6), reason: 'x' });
    expect(notAfter.statusCode).toBe(422);
    expect(notAfter.json().error.details[0]).toMatchObject({ field: 'newDueDate', message: `must be after the current due date (${inDays(6)})` });
    expect((await call('member', 'POST', api(`/${c.id}/renegotiate`), { newDueDate: inDays(9) })).statusCode).toBe(400);
    ctx.clock.advance(2 * DAY);
    const res = await call('member', 'POST', api(`/${c.id}/renegotiate`), { newDueDate: inDays(10), reason: 'Carrier D sandbox arrives late' });
    expect(res.statusCode).toBe(200);
    const r = res.json();
    expect(r).toMatchObject({ status: 'renegotiated', dueDate: inDays(10), originalDueDate: inDays(4), renegotiations: 1, outstanding: true });
    expect(r.events.at(-1)).toMatchObject({ kind: 'renegotiated', from: inDays(4), to: inDays(10), reason: 'Carrier D sandbox arrives late', daysInAdvance: 4 });
    expect(await auditCount(c.id, 'commitment.renegotiated')).toBe(1);
    expect((await notificationsOf('sponsor')).some((n) => n.kind === 'commitment.renegotiated' && n.link.endsWith(c.id))).toBe(true);
    // the old check is cancelled, the new one scheduled; running past the old date changes nothing
    const jobs = await ctx.deps.db.selectFrom('jobs').select(['unique_key', 'status']).where('unique_key', 'like', `commitment:${c.id}:%`).execute();
    expect(jobs).toEqual(expect.arrayContaining([{ unique_key: `commitment:${c.id}:miss:${inDays(4)}`, status: 'cancelled' }, { unique_key: `commitment:${c.id}:miss:${inDays(10)}`, status: 'pending' }]));
    ctx.clock.advance(5 * DAY);
    await runDueJobs(ctx.deps, JOB_HANDLERS);
    expect((await call('lead', 'GET', api(`/${c.id}`))).json().status).toBe('renegotiated');
    // kept after an early renegotiation
    const before = side(await figures('lead'), 'provider');
    const kept = await call('member', 'POST', api(`/${c.id}/keep`), { note: 'Report attached to the item' });
    expect(kept.json()).toMatchObject({ status: 'kept', deliveredOn: today(), outcome: 'keptRenegotiatedEarly', outstanding: false });
    const after = side(await figures('lead'), 'provider');
    expect(after.keptRenegotiatedEarly - before.keptRenegotiatedEarly).toBe(1);
    expect(after.renegotiatedOpen - before.renegotiatedOpen).toBe(-1);
    expect((await call('member', 'POST', api(`/${c.id}/renegotiate`), { newDueDate: inDays(30), reason: 'again' })).statusCode).toBe(409);
    expect((await call('member', 'POST', api(`/${c.id}/keep`), {})).statusCode).toBe(409);
    expect((await call('member', 'PATCH', api(`/${c.id}`), { title: 'Changed after the fact' })).statusCode).toBe(409);
  });

  it('a renegotiation on the due day counts as late', async () => {
    const c = await create('lead', { title: 'Go-live checklist', dueDate: inDays(1) });
    ctx.clock.advance(DAY);
    const r = (await call('lead', 'POST', api(`/${c.id}/renegotiate`), { newDueDate: inDays(3), reason: 'Checklist owner ill' })).json();
    expect(r.events.at(-1).daysInAdvance).toBe(0);
    const kept = (await call('lead', 'POST', api(`/${c.id}/keep`), {})).json();
    expect(kept.outcome).toBe('keptRenegotiatedLate');
  });

  it('keeps only on or before the due date; a missed one records a late delivery and stays missed', async () => {
    const c = await create('lead', { title: 'Release notes', dueDate: inDays(2) });
    expect((await call('lead', 'POST', api(`/${c.id}/keep`), { deliveredOn: inDays(1) })).json().error.details[0].field).toBe('deliveredOn');
    ctx.clock.advance(3 * DAY);
    await runDueJobs(ctx.deps, JOB_HANDLERS);
    const missed = (await call('sponsor', 'GET', api(`/${c.id}`))).json();
    expect(missed).toMatchObject({ status: 'missed', missedAutomatically: true, outcome: 'missedSilently' });
    const onTime = await call('lead', 'POST', api(`/${c.id}/keep`), { deliveredOn: inDays(-1) });
    expect(onTime.statusCode).toBe(409);
    expect(onTime.json().error.message).toContain('cannot be kept');
    const late = await call('lead', 'POST', api(`/${c.id}/keep`), { deliveredOn: today() });
    expect(late.statusCode).toBe(200);
    expect(late.json()).toMatchObject({ status: 'missed', deliveredOn: today(), daysLate: 1 });
    expect(late.json().events.map((e: { kind: string }) => e.kind)).toEqual(['created', 'missed', 'delivered_late']);
    expect((await call('lead', 'POST', api(`/${c.id}/keep`), {})).statusCode).toBe(409);
    expect((await call('lead', 'POST', api(`/${c.id}/renegotiate`), { newDueDate: inDays(5), reason: 'too late' })).statusCode).toBe(409);
  });

  it('an open commitment past its due date is missed automatically, once, and both sides are told', async () => {
    const beforeProvider = side(await figures('sponsor'), 'provider');
    const c = await create('lead', { title: 'Carrier E mapping document', dueDate: today() });
    // not yet: it is due by the end of the day
    ctx.clock.advance(10 * 3_600_000);
    await runDueJobs(ctx.deps, JOB_HANDLERS);
    expect((await call('lead', 'GET', api(`/${c.id}`))).json().status).toBe('open');
    ctx.clock.set(new Date(`${inDays(1)}T00:00:01.000Z`));
    await runDueJobs(ctx.deps, JOB_HANDLERS);
    const got = (await call('sponsor', 'GET', api(`/${c.id}`))).json();
    expect(got).toMatchObject({ status: 'missed', missedAutomatically: true, outcome: 'missedSilently' });
    expect(got.events.at(-1)).toMatchObject({ kind: 'missed', automatic: true, actor: null });
    for (const who of ['lead', 'sponsor'] as const) {
      const mine = (await notificationsOf(who)).filter((n) => n.kind === 'commitment.missed' && n.link.endsWith(c.id));
      expect(mine, who).toHaveLength(1);
    }
    expect(await auditCount(c.id, 'commitment.missed')).toBe(1);
    // a repeated run of the same check does nothing
    const { markMissedIfDue } = await import('./service');
    expect(await markMissedIfDue(ctx.deps, c.id, c.dueDate)).toBe('nothing to do');
    expect(await auditCount(c.id, 'commitment.missed')).toBe(1);
    const afterProvider = side(await figures('sponsor'), 'provider');
    expect(afterProvider.missedSilently - beforeProvider.missedSilently).toBe(1);
    const month = today().slice(0, 7);
    const series = (f: Figures) => f.series.find((s) => s.month === month)?.missedSilently ?? 0;
    expect(series(afterProvider) - series(beforeProvider)).toBe(1);
  });

  it('a link to an item made internal later stays hidden from the client, who cannot see or remove it by editing links', async () => {
    const item = (await call('lead', 'POST', `/api/v1/engagements/${E}/items`, { title: 'Linked, later internal' })).json();
    const c = await create('lead', { title: 'Shared with a link', itemIds: [item.id] });
    expect((await call('lead', 'PATCH', `/api/v1/engagements/${E}/items/${item.id}`, { visibility: 'internal' })).statusCode).toBe(200);
    expect((await call('sponsor', 'GET', api(`/${c.id}`))).json().items).toEqual([]);
    expect((await call('sponsor', 'PATCH', api(`/${c.id}`), { itemIds: [] })).statusCode).toBe(200);
    // the provider still sees the link, and the client's edit did not name the internal item in the shared record
    expect((await call('lead', 'GET', api(`/${c.id}`))).json().items.map((i: { id: string }) => i.id)).toEqual([item.id]);
    const records = await ctx.deps.db.selectFrom('audit_log').select(['payload', 'action']).where('chain_id', '=', E).where('visibility', '=', 'shared').execute();
    expect(records.filter((r) => r.action === 'commitment.updated' && r.payload.includes(item.id))).toEqual([]);
  });

  it('internal commitments never reach the client: list, detail, figures, notifications, activity', async () => {
    const clientBefore = side(await figures('sponsor'), 'provider');
    const leadBefore = side(await figures('lead'), 'provider');
    const c = await create('lead', { title: 'Internal buffer for the booking estimate', visibility: 'internal', dueDate: today() });
    expect((await call('sponsor', 'GET', api(`/${c.id}`))).statusCode).toBe(404);
    expect((await call('member', 'GET', api(`/${c.id}`))).statusCode).toBe(200);
    expect((await call('sponsor', 'GET', api())).body).not.toContain('Internal buffer');
    ctx.clock.set(new Date(`${inDays(1)}T00:00:01.000Z`));
    await runDueJobs(ctx.deps, JOB_HANDLERS);
    expect((await call('lead', 'GET', api(`/${c.id}`))).json().status).toBe('missed');
    // the figures count exactly the commitments each reader may see
    const missedSilently = async (who: DemoKey) =>
      ((await call(who, 'GET', api('?side=provider&status=missed'))).json().commitments as { id: string; outcome: string }[]).filter((x) => x.outcome === 'missedSilently');
    const leadMissed = await missedSilently('lead');
    const clientMissed = await missedSilently('sponsor');
    expect(leadMissed.map((x) => x.id)).toContain(c.id);
    expect(clientMissed.map((x) => x.id)).not.toContain(c.id);
    expect(side(await figures('lead'), 'provider').missedSilently).toBe(leadMissed.length);
    expect(side(await figures('sponsor'), 'provider').missedSilently).toBe(clientMissed.length);
    expect(side(await figures('sponsor'), 'provider').missedSilently).toBe(clientBefore.missedSilently);
    expect(side(await figures('lead'), 'provider').missedSilently).toBeGreaterThan(leadBefore.missedSilently);
    expect((await notificationsOf('lead')).some((n) => n.link.endsWith(c.id))).toBe(true);
    for (const who of ['sponsor', 'stakeholder'] as const) {
      expect((await call(who, 'GET', '/api/v1/notifications?limit=200')).body).not.toContain('Internal buffer');
      expect((await call(who, 'GET', `/api/v1/engagements/${E}/audit?limit=200`)).body).not.toContain('Internal buffer');
    }
    // internal can become shared, never the other way round
    const other = await create('lead', { title: 'Internal first', visibility: 'internal' });
    const shared = await call('lead', 'PATCH', api(`/${other.id}`), { visibility: 'shared', assumptions: 'Agreed to share' });
    expect(shared.json()).toMatchObject({ visibility: 'shared', assumptions: 'Agreed to share' });
    const back = await call('lead', 'PATCH', api(`/${other.id}`), { visibility: 'internal' });
    expect(back.statusCode).toBe(422);
    expect(back.json().error.details[0].field).toBe('visibility');
    expect((await call('sponsor', 'POST', api(), { side: 'provider', title: 'x', dueDate: inDays(3), visibility: 'internal' })).statusCode).toBe(403);
    // sharing a commitment that links internal work: refused, naming the links
    const spike = (await call('lead', 'POST', `/api/v1/engagements/${E}/items`, { title: 'Internal estimate spike', visibility: 'internal' })).json();
    const linked = await create('lead', { title: 'Internal with links', visibility: 'internal', itemIds: [spike.id] });
    const share = await call('lead', 'PATCH', api(`/${linked.id}`), { visibility: 'shared' });
    expect(share.statusCode).toBe(422);
    expect(share.json().error.details[0].field).toBe('itemIds');
  });
});
