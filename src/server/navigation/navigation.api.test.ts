import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type DemoKey, pgMissing, type TestContext } from '../../../test/context';

interface Counts {
  decisionsWaitingForMe: number;
  openEscalations: number;
  overdueDependencies: number;
  commitmentsDueSoon: number;
}
const DAY = 86_400_000;

describe.skipIf(pgMissing)('navigation counts and the unread count', () => {
  let ctx: TestContext;
  let E: string;
  const api = (p = '') => `/api/v1/engagements/${E}${p}`;
  const inDays = (n: number) => new Date(ctx.clock.now().getTime() + n * DAY).toISOString().slice(0, 10);
  const counts = async (who: DemoKey) => {
    const res = await ctx.as(who, { method: 'GET', url: api('/counts') });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Counts;
  };
  const post = async (who: DemoKey, url: string, payload: object) => {
    const res = await ctx.as(who, { method: 'POST', url, payload });
    if (res.statusCode !== 201) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
    return res.json();
  };

  beforeAll(async () => {
    ctx = await createTestContext();
    E = ctx.seed.engagementId;
  });
  afterAll(() => ctx?.close());

  it('counts what the lists show each role, and no more', async () => {
    for (const who of ['lead', 'member', 'sponsor', 'stakeholder'] as const) {
      const c = await counts(who);
      const decisions = (await ctx.as(who, { method: 'GET', url: api('/decisions?status=proposed') })).json().decisions as { deciderUser: { id: string } | null }[];
      const me = (await ctx.as(who, { method: 'GET', url: '/api/v1/session' })).json();
      const mine = decisions.filter((d) => (d.deciderUser ? d.deciderUser.id === me.user.id : who === 'lead' || who === 'sponsor'));
      expect(c.decisionsWaitingForMe, who).toBe(mine.length);
      const summary = (await ctx.as(who, { method: 'GET', url: api('/governance/summary') })).json();
      expect(c.openEscalations, who).toBe(summary.openEscalations);
      const od = summary.overdueDependencies as Record<string, number>;
      expect(c.overdueDependencies, who).toBe(od.client! + od.provider! + od.third_party!);
    }
  });

  it('an internal escalation and commitment due soon count for the provider only', async () => {
    const [lead0, sponsor0] = [await counts('lead'), await counts('sponsor')];
    await post('member', api('/escalations'), { subjectType: 'concern', title: 'Internal: overtime', visibility: 'internal' });
    await post('lead', api('/commitments'), { side: 'provider', title: 'Internal: staging ready', dueDate: inDays(3), visibility: 'internal' });
    const [lead1, sponsor1] = [await counts('lead'), await counts('sponsor')];
    expect(lead1.openEscalations).toBe(lead0.openEscalations + 1);
    expect(lead1.commitmentsDueSoon).toBe(lead0.commitmentsDueSoon + 1);
    expect(sponsor1).toEqual(sponsor0);

    // shared ones count for both; one due in 8 days is not "soon"
    await post('lead', api('/commitments'), { side: 'client', title: 'Test data by then', dueDate: inDays(2) });
    await post('lead', api('/commitments'), { side: 'client', title: 'Later', dueDate: inDays(8) });
    expect((await counts('sponsor')).commitmentsDueSoon).toBe(sponsor0.commitmentsDueSoon + 1);
    expect((await counts('lead')).commitmentsDueSoon).toBe(lead0.commitmentsDueSoon + 2);
  });

  it('an internal dependency, once overdue, counts for the provider only, and no longer once delivered', async () => {
    const start = ctx.clock.now();
    const dep = await post('lead', api('/raid'), { type: 'dependency', title: 'Internal: VPN access', owner: 'Sam Patel', neededFrom: 'client', neededBy: inDays(1), visibility: 'internal' });
    try {
      ctx.clock.advance(3 * DAY);
      const [lead1, sponsor1] = [await counts('lead'), await counts('sponsor')];
      const done = await ctx.as('lead', { method: 'PATCH', url: api(`/raid/${dep.id}`), payload: { status: 'delivered' } });
      expect(done.statusCode, done.body).toBe(200);
      const [lead2, sponsor2] = [await counts('lead'), await counts('sponsor')];
      expect(lead2.overdueDependencies).toBe(lead1.overdueDependencies - 1);
      expect(sponsor2.overdueDependencies).toBe(sponsor1.overdueDependencies);
    } finally {
      ctx.clock.set(start);
    }
  });

  it('a decision waits for its decider only', async () => {
    const before = { lead: await counts('lead'), sponsor: await counts('sponsor'), stakeholder: await counts('stakeholder') };
    // the agreed charter names the client's sponsor (Ingrid Halvorsen) as accountable for scope decisions
    const d = await post('lead', api('/decisions'), { title: 'Scope: carrier F', options: [{ title: 'Yes' }], kind: 'scope', dueDate: inDays(10) });
    expect(d.decider).toBe('Ingrid Halvorsen');
    expect((await counts('sponsor')).decisionsWaitingForMe).toBe(before.sponsor.decisionsWaitingForMe + 1);
    expect((await counts('lead')).decisionsWaitingForMe).toBe(before.lead.decisionsWaitingForMe);
    expect((await counts('stakeholder')).decisionsWaitingForMe).toBe(before.stakeholder.decisionsWaitingForMe);
    const decided = await ctx.as('sponsor', { method: 'POST', url: api(`/decisions/${d.id}/decide`), payload: { outcome: 'Yes, in phase 3', chosenOption: 0 } });
    expect(decided.statusCode, decided.body).toBe(200);
    expect((await counts('sponsor')).decisionsWaitingForMe).toBe(before.sponsor.decisionsWaitingForMe);
  });

  it('counts are for members only', async () => {
    expect((await ctx.as('admin', { method: 'GET', url: api('/counts') })).statusCode).toBe(404);
    expect((await ctx.as(null, { method: 'GET', url: api('/counts') })).statusCode).toBe(401);
  });

  it('the unread count matches the unread list, per engagement, and drops when read', async () => {
    for (const who of ['lead', 'member', 'sponsor', 'stakeholder'] as const) {
      const res = await ctx.as(who, { method: 'GET', url: '/api/v1/notifications/unread-count' });
      expect(res.statusCode, res.body).toBe(200);
      const got = res.json() as { unread: number; byEngagement: Record<string, number> };
      const list = (await ctx.as(who, { method: 'GET', url: '/api/v1/notifications?unread=true&limit=100' })).json().notifications as { engagementId: string }[];
      expect(list.length).toBeLessThan(100);
      expect(got.unread, who).toBe(list.length);
      const by: Record<string, number> = {};
      for (const n of list) by[n.engagementId] = (by[n.engagementId] ?? 0) + 1;
      expect(got.byEngagement, who).toEqual(by);
    }
    // the sponsor was told about the scope decision above, and the internal escalation reached no client
    const sponsor = (await ctx.as('sponsor', { method: 'GET', url: '/api/v1/notifications/unread-count' })).json();
    expect(sponsor.unread).toBeGreaterThan(0);
    await ctx.as('sponsor', { method: 'POST', url: '/api/v1/notifications/read-all' });
    expect((await ctx.as('sponsor', { method: 'GET', url: '/api/v1/notifications/unread-count' })).json()).toEqual({ unread: 0, byEngagement: {} });
    expect((await ctx.as(null, { method: 'GET', url: '/api/v1/notifications/unread-count' })).statusCode).toBe(401);
  });
});
