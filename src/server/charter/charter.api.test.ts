import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, pgMissing, type TestContext } from '../../../test/context';

describe.skipIf(pgMissing)('charter: proposed by one side, agreed by both, history kept', () => {
  let ctx: TestContext;
  let E: string;
  beforeAll(async () => {
    ctx = await createTestContext();
    E = ctx.seed.engagementId;
  });
  afterAll(() => ctx?.close());

  it('the demo charter is agreed, with outcomes synced from it', async () => {
    const res = await ctx.as('stakeholder', { method: 'GET', url: `/api/v1/engagements/${E}/charter` });
    const charter = res.json();
    expect(charter.agreed.version).toBe(1);
    expect(charter.agreed.awaiting).toBeNull();
    expect(charter.agreed.providerAcceptedBy.email).toBe('lead@demo.candor.dev');
    expect(charter.agreed.clientAcceptedBy.email).toBe('sponsor@demo.candor.dev');
    const outcomes = (await ctx.as('stakeholder', { method: 'GET', url: `/api/v1/engagements/${E}/outcomes` })).json().outcomes;
    expect(outcomes.map((o: { title: string }) => o.title)).toEqual(charter.agreed.body.outcomes.map((o: { title: string }) => o.title));
    // the seed measured the first outcome at 52 of baseline 35 → target 80
    expect(outcomes[0].progress).toBeCloseTo((52 - 35) / (80 - 35), 5);
  });

  it('a sponsor proposes, the lead agrees; outcomes follow; the old version is superseded', async () => {
    const current = (await ctx.as('sponsor', { method: 'GET', url: `/api/v1/engagements/${E}/charter` })).json().agreed.body;
    const body = {
      ...current,
      outcomes: [...current.outcomes.slice(0, 2), { title: 'Invoices paid online', indicator: 'Share of invoices paid in the portal', unit: '%', baseline: 0, target: 50, dueDate: '2027-09-30' }],
    };
    const proposed = await ctx.as('sponsor', { method: 'POST', url: `/api/v1/engagements/${E}/charter/versions`, payload: { body, note: 'Drop disputes; add online payment' } });
    expect(proposed.statusCode).toBe(201);
    const v = proposed.json();
    expect(v.version).toBe(2);
    expect(v.awaiting).toBe('provider');
    const overview = (await ctx.as('lead', { method: 'GET', url: `/api/v1/engagements/${E}/overview` })).json();
    expect(overview.charter).toMatchObject({ state: 'agreed-with-pending-change', agreedVersion: 1, pendingVersion: 2, pendingAwaiting: 'provider' });
    // the sponsor cannot accept twice for the client side
    const twice = await ctx.as('sponsor', { method: 'POST', url: `/api/v1/engagements/${E}/charter/versions/${v.id}/accept` });
    expect(twice.statusCode).toBe(409);
    const agreed = await ctx.as('lead', { method: 'POST', url: `/api/v1/engagements/${E}/charter/versions/${v.id}/accept` });
    expect(agreed.json().status).toBe('agreed');
    const charter = (await ctx.as('member', { method: 'GET', url: `/api/v1/engagements/${E}/charter` })).json();
    expect(charter.agreed.version).toBe(2);
    expect(charter.history.map((h: { version: number; status: string }) => `${h.version}:${h.status}`)).toEqual(['2:agreed', '1:superseded']);
    const outcomes = (await ctx.as('member', { method: 'GET', url: `/api/v1/engagements/${E}/outcomes` })).json().outcomes;
    expect(outcomes.map((o: { title: string }) => o.title)).toEqual([
      'Shippers track consignments themselves',
      'Faster booking confirmation',
      'Invoices paid online',
    ]);
    // the measurement of a kept outcome survives the new version
    expect(outcomes[0].current).toBe(52);
  });

  it('a newer proposal supersedes a pending one; withdrawn ones cannot be accepted', async () => {
    const a = (await ctx.as('lead', { method: 'POST', url: `/api/v1/engagements/${E}/charter/versions`, payload: { body: { purpose: 'A' } } })).json();
    const b = (await ctx.as('lead', { method: 'POST', url: `/api/v1/engagements/${E}/charter/versions`, payload: { body: { purpose: 'B' } } })).json();
    const accA = await ctx.as('sponsor', { method: 'POST', url: `/api/v1/engagements/${E}/charter/versions/${a.id}/accept` });
    expect(accA.statusCode).toBe(409);
    expect(accA.json().error.message).toContain('superseded');
    await ctx.as('lead', { method: 'POST', url: `/api/v1/engagements/${E}/charter/versions/${b.id}/withdraw` });
    const accB = await ctx.as('sponsor', { method: 'POST', url: `/api/v1/engagements/${E}/charter/versions/${b.id}/accept` });
    expect(accB.statusCode).toBe(409);
  });

  it('names the field for inconsistent charters', async () => {
    const dupKinds = await ctx.as('lead', {
      method: 'POST',
      url: `/api/v1/engagements/${E}/charter/versions`,
      payload: { body: { collaboration: [{ decisionKind: 'scope', accountable: 'X' }, { decisionKind: 'Scope', accountable: 'Y' }] } },
    });
    expect(dupKinds.statusCode).toBe(422);
    expect(dupKinds.json().error.details[0].field).toBe('body.collaboration.1.decisionKind');
    const stranger = await ctx.as('lead', {
      method: 'POST',
      url: `/api/v1/engagements/${E}/charter/versions`,
      payload: { body: { escalation: [{ person: 'Someone', userId: 'not-a-member', responseHours: 24 }] } },
    });
    expect(stranger.statusCode).toBe(422);
    expect(stranger.json().error.details[0].field).toBe('body.escalation.0.userId');
    const hours = await ctx.as('lead', {
      method: 'POST',
      url: `/api/v1/engagements/${E}/charter/versions`,
      payload: { body: { escalation: [{ person: 'Someone', responseHours: -4 }] } },
    });
    expect(hours.statusCode).toBe(400);
    expect(hours.json().error.details[0].field).toBe('body.escalation.0.responseHours');
    const versions = await ctx.deps.db.selectFrom('charter_versions').select('id').where('engagement_id', '=', E).execute();
    expect(versions).toHaveLength(4); // none of the three bad proposals was stored
  });
});
