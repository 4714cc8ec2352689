import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type DemoKey, pgMissing, type TestContext } from '../../../test/context';
import { runDueJobs } from '../jobs/queue';
import { JOB_HANDLERS } from '../jobs/registry';

const DAY = 86_400_000;

interface Rec {
  id: string;
  kind: string;
  title: string;
  status: string;
  visibility: string;
  version: number;
  frozen: boolean;
  againstRevenue: boolean;
  avoidedHours: number | null;
  items: { id: string; relation: string; status: string }[];
  phase: { id: string; name: string } | null;
  versions: { version: number; change: string; changes: string[]; snapshot: Record<string, unknown> }[];
}

describe.skipIf(pgMissing)('recommendations ledger', () => {
  let ctx: TestContext;
  let E: string;
  const api = (path = '') => `/api/v1/engagements/${E}/recommendations${path}`;
  const inDays = (n: number) => new Date(ctx.clock.now().getTime() + n * DAY).toISOString().slice(0, 10);
  const call = (who: DemoKey, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) => ctx.as(who, { method, url, ...(payload ? { payload } : {}) });
  const base = { kind: 'do', title: 'Add a retry queue', recommendation: 'We recommend a retry queue for carrier calls, because one in fifty calls times out.', costHours: 12, costMoney: 1260 };
  const create = async (who: DemoKey, body: object = {}) => {
    const res = await call(who, 'POST', api(), { ...base, ...body });
    if (res.statusCode !== 201) throw new Error(`create failed: ${res.statusCode} ${res.body}`);
    return res.json() as Rec;
  };
  const respond = (id: string, body: object, who: DemoKey = 'sponsor') => call(who, 'POST', api(`/${id}/response`), body);
  const ledger = async (who: DemoKey) => (await call(who, 'GET', api('/ledger'))).json();
  const notificationsOf = async (who: DemoKey) => (await call(who, 'GET', '/api/v1/notifications?limit=200')).json().notifications as { kind: string; title: string; link: string; body: string }[];
  const items = async () => (await call('lead', 'GET', `/api/v1/engagements/${E}/items?limit=200`)).json().items as { id: string; title: string; status: string; visibility: string }[];

  beforeAll(async () => {
    ctx = await createTestContext();
    E = ctx.seed.engagementId;
  });
  afterAll(() => ctx?.close());

  it('the demo seed has three recommendations, one an accepted dont that avoided 40 h', async () => {
    const list = (await call('sponsor', 'GET', api())).json();
    expect(list.currency).toBe('EUR');
    expect(list.recommendations).toHaveLength(3);
    const dont = list.recommendations.find((r: Rec) => r.kind === 'dont');
    expect(dont).toMatchObject({ status: 'accepted', avoidedHours: 40, frozen: true, againstRevenue: true });
    const l = await ledger('sponsor');
    expect(l.avoided).toEqual({ hours: 40, money: 4200, currency: 'EUR', recommendations: 1 });
    expect(l.acceptanceRate).toBe(1);
    expect(l.byKind.dont).toMatchObject({ total: 1, accepted: 1 });
    expect(l.byKind.alternative).toMatchObject({ total: 1, deferred: 1 });
    expect(l.byKind.do).toMatchObject({ total: 1, proposed: 1 });
    expect(l.againstRevenue).toEqual({ count: 2, share: 0.67 });
    expect(l.series).toHaveLength(1);
    expect(l.series[0]).toMatchObject({ hours: 40, cumulativeHours: 40 });
  });

  it('the provider recommends; the client reads; only the sponsor answers', async () => {
    expect((await call('sponsor', 'POST', api(), base)).statusCode).toBe(403);
    expect((await call('stakeholder', 'POST', api(), base)).statusCode).toBe(403);
    const r = await create('member');
    expect(r).toMatchObject({ status: 'proposed', version: 1, frozen: false, againstRevenue: false, currency: 'EUR', canEdit: true, canRespond: false });
    expect(r.versions.map((v) => v.change)).toEqual(['created']);
    const seen = await call('stakeholder', 'GET', api(`/${r.id}`));
    expect(seen.statusCode).toBe(200);
    expect(seen.json()).toMatchObject({ canEdit: false, canRespond: false });
    expect((await call('sponsor', 'GET', api(`/${r.id}`))).json().canRespond).toBe(true);
    expect((await respond(r.id, { response: 'accepted' }, 'stakeholder')).statusCode).toBe(403);
    expect((await respond(r.id, { response: 'accepted' }, 'lead')).statusCode).toBe(403);
    expect((await notificationsOf('sponsor')).some((n) => n.kind === 'recommendation.created' && n.link.endsWith(r.id))).toBe(true);
  });

  it('bad input is a 4xx naming the field, and writes nothing', async () => {
    const before = (await call('lead', 'GET', api())).json().recommendations.length;
    const dont = await call('lead', 'POST', api(), { ...base, kind: 'dont' });
    expect(dont.statusCode).toBe(422);
    expect(dont.json().error.details[0].field).toBe('avoidedHours');
    const neg = await call('lead', 'POST', api(), { ...base, costHours: -1 });
    expect(neg.statusCode).toBe(400);
    expect(JSON.stringify(neg.json().error.details)).toContain('costHours');
    const repl = await call('lead', 'POST', api(), { ...base, replacesCost: 100 });
    expect(repl.statusCode).toBe(422);
    expect(repl.json().error.details[0].field).toBe('replacesCost');
    const outcome = await call('lead', 'POST', api(), { ...base, outcomeId: 'no-such-outcome' });
    expect(outcome.json().error.details[0].field).toBe('outcomeId');
    expect((await call('lead', 'GET', api())).json().recommendations.length).toBe(before);

    const r = await create('lead');
    const declined = await respond(r.id, { response: 'declined' });
    expect(declined.statusCode).toBe(422);
    expect(declined.json().error.details[0].field).toBe('reason');
    const past = await respond(r.id, { response: 'deferred', until: inDays(0) });
    expect(past.statusCode).toBe(422);
    expect(past.json().error.details[0].field).toBe('until');
    const noDate = await respond(r.id, { response: 'deferred' });
    expect(noDate.json().error.details[0].field).toBe('until');
    const drop = await respond(r.id, { response: 'accepted', droppedItemIds: [(await items())[0]!.id] });
    expect(drop.json().error.details[0].field).toBe('droppedItemIds');
    expect((await call('lead', 'GET', api(`/${r.id}`))).json()).toMatchObject({ status: 'proposed', version: 1 });
  });

  it('an internal draft never reaches the client, by list, detail, ledger, answer or notification; sharing it starts its client history', async () => {
    const draftTitle = 'INTERNAL draft: rewrite the importer';
    const l0 = await ledger('sponsor');
    const r = await create('lead', { kind: 'dont', title: draftTitle, avoidedHours: 30, visibility: 'internal' });
    expect((await call('sponsor', 'GET', api(`/${r.id}`))).statusCode).toBe(404);
    expect((await call('stakeholder', 'GET', api(`/${r.id}`))).statusCode).toBe(404);
    expect((await call('sponsor', 'GET', api())).body).not.toContain(draftTitle);
    expect((await respond(r.id, { response: 'accepted' })).statusCode).toBe(404);
    expect((await ledger('sponsor')).total).toBe(l0.total);
    expect((await ledger('lead')).total).toBe(l0.total + 1);
    expect(JSON.stringify(await notificationsOf('sponsor'))).not.toContain(draftTitle);
    const activity = await call('sponsor', 'GET', `/api/v1/engagements/${E}/audit?limit=200`);
    expect(activity.statusCode).toBe(200);
    expect(activity.body).not.toContain(draftTitle);
    expect((await call('lead', 'GET', `/api/v1/engagements/${E}/audit?limit=200`)).body).toContain(draftTitle);

    // edits while a draft; then shared
    const edited = (await call('lead', 'PATCH', api(`/${r.id}`), { title: 'Do not rewrite the importer', benefit: 'Thirty hours saved' })).json() as Rec;
    expect(edited.version).toBe(2);
    expect((await call('lead', 'PATCH', api(`/${r.id}`), { visibility: 'internal' })).json().version).toBe(2); // no change, no version
    const shared = (await call('lead', 'PATCH', api(`/${r.id}`), { visibility: 'shared' })).json() as Rec;
    expect(shared.version).toBe(3);
    expect(shared.versions.map((v) => v.change)).toEqual(['created', 'edited', 'shared']);
    const client = (await call('sponsor', 'GET', api(`/${r.id}`))).json() as Rec;
    expect(client.versions.map((v) => v.version)).toEqual([3]);
    expect(JSON.stringify(client)).not.toContain(draftTitle);
    expect((await notificationsOf('sponsor')).some((n) => n.kind === 'recommendation.shared' && n.link.endsWith(r.id))).toBe(true);
    const back = await call('lead', 'PATCH', api(`/${r.id}`), { visibility: 'internal' });
    expect(back.statusCode).toBe(422);
    expect(back.json().error.details[0].field).toBe('visibility');
  });

  it('an accepted dont drops the work it makes unnecessary, counts as avoided, and freezes its figures; the text stays correctable as new versions', async () => {
    const item = (await items()).find((i) => i.status === 'backlog' && i.visibility === 'shared')!;
    const l0 = await ledger('lead');
    const r = await create('lead', { kind: 'dont', title: 'Skip the custom PDF renderer', avoidedHours: 12.5, avoidedMoney: 1312.5 });
    expect(r.againstRevenue).toBe(true);
    const res = await respond(r.id, { response: 'accepted', reason: 'Fine by us', droppedItemIds: [item.id] });
    expect(res.statusCode).toBe(200);
    const a = res.json() as Rec;
    expect(a).toMatchObject({ status: 'accepted', frozen: true, version: 2, canRespond: false });
    expect(a.items).toEqual([expect.objectContaining({ id: item.id, relation: 'dropped', status: 'dropped' })]);
    expect((await call('lead', 'GET', `/api/v1/engagements/${E}/items/${item.id}`)).json().status).toBe('dropped');
    const l1 = await ledger('lead');
    expect(l1.avoided.hours).toBeCloseTo(l0.avoided.hours + 12.5, 5);
    expect(l1.avoided.money).toBeCloseTo(l0.avoided.money + 1312.5, 5);
    expect(l1.byKind.dont.accepted).toBe(l0.byKind.dont.accepted + 1);
    expect((await notificationsOf('lead')).some((n) => n.kind === 'recommendation.accepted' && n.link.endsWith(r.id))).toBe(true);

    for (const [field, value] of [['avoidedHours', 20], ['costMoney', 5], ['kind', 'do'], ['effort', 'large']] as const) {
      const frozen = await call('lead', 'PATCH', api(`/${r.id}`), { [field]: value });
      expect(frozen.statusCode).toBe(409);
      expect(frozen.json().error.details[0].field).toBe(field);
    }
    const fixed = await call('member', 'PATCH', api(`/${r.id}`), { recommendation: 'We recommend keeping the browser PDF print, because shippers only print one page.' });
    expect(fixed.statusCode).toBe(200);
    const v = fixed.json() as Rec;
    expect(v.version).toBe(3);
    expect(v.versions.map((x) => [x.version, x.change])).toEqual([[1, 'created'], [2, 'answered'], [3, 'edited']]);
    expect(v.versions[1]!.snapshot).toMatchObject({ avoidedHours: 12.5, status: 'accepted' });
    const audit = await ctx.deps.db.selectFrom('audit_log').select(['action', 'payload']).where('object_id', '=', r.id).orderBy('seq').execute();
    expect(audit.map((x) => x.action)).toEqual(['recommendation.created', 'recommendation.accepted', 'recommendation.updated']);
    expect(JSON.parse(audit[2]!.payload).after.version).toBe(3);
    // answered once is final
    const again = await respond(r.id, { response: 'declined', reason: 'changed our mind' });
    expect(again.statusCode).toBe(409);
  });

  it('an accepted do becomes linked work items and a phase in the answer’s transaction; a bad phase writes none of it', async () => {
    const r = await create('lead', { title: 'Harden the webhook receivers' });
    const n0 = (await items()).length;
    const bad = await respond(r.id, { response: 'accepted', workItems: [{ title: 'Signature check' }], phase: { name: 'Hardening', plannedStart: inDays(10), plannedEnd: inDays(5) } });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.details[0].field).toBe('phase.plannedEnd');
    expect((await items()).length).toBe(n0);
    expect((await call('lead', 'GET', api(`/${r.id}`))).json().status).toBe('proposed');
    const res = await respond(r.id, { response: 'accepted', workItems: [{ title: 'Signature check on webhooks' }, { title: 'Replay protection' }], phase: { name: 'Hardening', plannedStart: inDays(40), plannedEnd: inDays(60) } });
    expect(res.statusCode).toBe(200);
    const a = res.json() as Rec;
    expect(a.phase?.name).toBe('Hardening');
    expect(a.items.map((i) => [i.relation, i.status]).sort()).toEqual([['created', 'backlog'], ['created', 'backlog']]);
    const all = await items();
    expect(all.length).toBe(n0 + 2);
    const made = (await call('lead', 'GET', `/api/v1/engagements/${E}/items/${a.items[0]!.id}`)).json();
    expect(made.phase?.id ?? made.phaseId).toBe(a.phase!.id);
    // a dont/alternative does not become work
    const d = await create('lead', { kind: 'dont', avoidedHours: 3 });
    const wrong = await respond(d.id, { response: 'accepted', workItems: [{ title: 'x' }] });
    expect(wrong.json().error.details[0].field).toBe('workItems');
  });

  it('a deferral reminds the lead and the sponsor on its date, once; a cheaper alternative counts against revenue', async () => {
    const r = await create('member', { kind: 'alternative', title: 'Use the carrier portal for proofs of delivery', costMoney: 300, replacesCost: 2000 });
    expect(r.againstRevenue).toBe(true);
    const dearer = await create('member', { kind: 'alternative', title: 'A dearer alternative', costMoney: 3000, replacesCost: 2000 });
    expect(dearer.againstRevenue).toBe(false);
    const until = inDays(14);
    const res = await respond(r.id, { response: 'deferred', reason: 'After the tender', until });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'deferred', deferredUntil: until, frozen: true, canRespond: true });
    const job = await ctx.deps.db.selectFrom('jobs').selectAll().where('unique_key', '=', `recommendation:${r.id}:deferred:${until}`).executeTakeFirstOrThrow();
    expect(job.run_at).toBe(`${until}T00:00:00.000Z`);
    const due = (n: { kind: string; link: string }) => n.kind === 'recommendation.deferred_due' && n.link.endsWith(r.id);
    await runDueJobs(ctx.deps, JOB_HANDLERS);
    expect((await notificationsOf('lead')).filter(due)).toHaveLength(0);
    ctx.clock.advance(15 * DAY);
    await runDueJobs(ctx.deps, JOB_HANDLERS);
    expect((await notificationsOf('lead')).filter(due)).toHaveLength(1);
    expect((await notificationsOf('sponsor')).filter(due)).toHaveLength(1);
    expect((await notificationsOf('sponsor')).find(due)!.body).toContain('is due for another look');
    expect((await notificationsOf('stakeholder')).filter(due)).toHaveLength(0);
    // a repeated run changes nothing
    const { remindDeferred } = await import('./service');
    expect(await remindDeferred(ctx.deps, r.id, until)).toBe('nothing to do');
    // after the look: the sponsor may answer again
    const after = await respond(r.id, { response: 'accepted', reason: '' });
    expect(after.statusCode).toBe(200);
    expect(after.json().status).toBe('accepted');
  });

  it('lists filter by kind and answer; the ledger keeps its fixed shape', async () => {
    const donts = (await call('lead', 'GET', api('?kind=dont'))).json().recommendations as Rec[];
    expect(donts.length).toBeGreaterThan(0);
    expect(donts.every((r) => r.kind === 'dont')).toBe(true);
    const accepted = (await call('lead', 'GET', api('?status=accepted'))).json().recommendations as Rec[];
    expect(accepted.every((r) => r.status === 'accepted')).toBe(true);
    expect((await call('lead', 'GET', api('?kind=nope'))).statusCode).toBe(400);
    const l = await ledger('stakeholder');
    expect(Object.keys(l.byKind).sort()).toEqual(['alternative', 'defer', 'do', 'dont']);
    expect(typeof l.avoided.hours).toBe('number');
    expect(l.avoided.currency).toBe('EUR');
    expect(l.acceptanceRate).toBeGreaterThan(0);
  });
});
