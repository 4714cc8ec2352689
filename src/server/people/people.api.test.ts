import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, pgMissing, type TestContext } from '../../../test/context';

describe.skipIf(pgMissing)('people, not names: pickers store member ids (ADR 0016)', () => {
  let ctx: TestContext;
  let E: string;
  const api = (path: string) => `/api/v1/engagements/${E}${path}`;
  const agreedBody = async () => (await ctx.as('lead', { method: 'GET', url: api('/charter') })).json().agreed.body;
  const agree = async (body: unknown) => {
    const v = await ctx.as('lead', { method: 'POST', url: api('/charter/versions'), payload: { body } });
    expect(v.statusCode, v.body).toBe(201);
    const a = await ctx.as('sponsor', { method: 'POST', url: api(`/charter/versions/${v.json().id}/accept`) });
    expect(a.statusCode, a.body).toBe(200);
    return a.json().body;
  };
  const decision = (kind: string, title = `Decide ${kind}`) =>
    ctx.as('lead', { method: 'POST', url: api('/decisions'), payload: { title, kind, options: [{ title: 'A' }, { title: 'B' }], dueDate: '2026-11-20' } });
  beforeAll(async () => {
    ctx = await createTestContext();
    E = ctx.seed.engagementId;
  });
  afterAll(() => ctx?.close());

  it('the demo charter names members by id, shown with their current names', async () => {
    const body = await agreedBody();
    const scope = body.collaboration.find((r: { decisionKind: string }) => r.decisionKind === 'scope');
    expect(scope.accountable).toEqual({ userId: ctx.seed.users.sponsor, name: 'Ingrid Halvorsen', external: false, unresolved: false });
    expect(scope.consulted).toEqual([{ userId: ctx.seed.users.stakeholder, name: 'Sam Patel', external: false, unresolved: false }]);
  });

  it('refuses a person who is not a member, naming the field; keeps a third party as a named non-member', async () => {
    const body = await agreedBody();
    const outsider = await ctx.deps.db.selectFrom('users').select('id').where('is_admin', '=', 1).executeTakeFirstOrThrow(); // the admin is no member
    const bad = await ctx.as('lead', {
      method: 'POST',
      url: api('/charter/versions'),
      payload: { body: { ...body, collaboration: [{ decisionKind: 'scope', accountable: { userId: outsider.id } }] } },
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.details).toEqual([{ field: 'body.collaboration.0.accountable', message: 'is not a member of this engagement' }]);

    const agreed = await agree({
      ...body,
      collaboration: [...body.collaboration, { decisionKind: 'carrier contracts', accountable: { name: 'Jonas Berg', external: true }, consulted: [{ userId: ctx.seed.users.lead }] }],
    });
    const row = agreed.collaboration.find((r: { decisionKind: string }) => r.decisionKind === 'carrier contracts');
    expect(row.accountable).toEqual({ userId: null, name: 'Jonas Berg', external: true, unresolved: false });
    const stored = await ctx.deps.db.selectFrom('charter_versions').select('body').where('engagement_id', '=', E).where('status', '=', 'agreed').executeTakeFirstOrThrow();
    expect(JSON.parse(stored.body).collaboration.at(-1).accountable).toEqual({ name: 'Jonas Berg', external: true });

    // a third-party decider: the lead or the sponsor records the outcome, and the API says so
    const d = await decision('carrier contracts');
    expect(d.statusCode, d.body).toBe(201);
    expect(d.json()).toMatchObject({ decider: 'Jonas Berg', deciderUser: null, deciderExternal: true, deciderUnresolved: false, consulted: ['Maya Okafor'], canDecide: true });
    const asMember = (await ctx.as('member', { method: 'GET', url: api(`/decisions/${d.json().id}`) })).json();
    expect(asMember.canDecide).toBe(false);
    expect((await ctx.as('sponsor', { method: 'GET', url: api(`/decisions/${d.json().id}`) })).json().canDecide).toBe(true);
  });

  it('RAID owners: a member by id, a third party by name, a bare name matched or flagged for the lead', async () => {
    const member = await ctx.as('lead', { method: 'POST', url: api('/raid'), payload: { type: 'issue', title: 'Owner by id', owner: { userId: ctx.seed.users.member } } });
    expect(member.statusCode, member.body).toBe(201);
    expect(member.json()).toMatchObject({ owner: 'Tom Reyes', ownerPerson: { userId: ctx.seed.users.member, name: 'Tom Reyes', external: false } });
    const admin = await ctx.deps.db.selectFrom('users').select('id').where('is_admin', '=', 1).executeTakeFirstOrThrow();
    const bad = await ctx.as('lead', { method: 'POST', url: api('/raid'), payload: { type: 'issue', title: 'Owner outside', owner: { userId: admin.id } } });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.details[0].field).toBe('owner');
    const third = await ctx.as('lead', { method: 'POST', url: api('/raid'), payload: { type: 'issue', title: 'Owner third party', owner: { name: 'Fjord IT', external: true } } });
    expect(third.json().ownerPerson).toEqual({ userId: null, name: 'Fjord IT', external: true, unresolved: false });
    const byName = await ctx.as('lead', { method: 'POST', url: api('/raid'), payload: { type: 'issue', title: 'Owner by bare name', owner: 'sam patel' } });
    expect(byName.json().ownerPerson).toMatchObject({ userId: ctx.seed.users.stakeholder, name: 'Sam Patel' });
    const unknown = await ctx.as('lead', { method: 'POST', url: api('/raid'), payload: { type: 'issue', title: 'Owner unknown name', owner: 'Fjord marketing' } });
    expect(unknown.json().ownerPerson).toEqual({ userId: null, name: 'Fjord marketing', external: true, unresolved: true });

    const listed = (await ctx.as('lead', { method: 'GET', url: api('/people/unresolved') })).json().items;
    expect(listed.filter((i: { objectId: string }) => i.objectId === unknown.json().id)).toEqual([
      { kind: 'raid', objectId: unknown.json().id, title: 'Issue “Owner unknown name”: owner', field: 'owner', name: 'Fjord marketing', link: `/engagements/${E}/raid/${unknown.json().id}` },
    ]);
    // the lead confirms a third party: no longer flagged
    const fixed = await ctx.as('lead', { method: 'PATCH', url: api(`/raid/${unknown.json().id}`), payload: { owner: { name: 'Fjord marketing', external: true } } });
    expect(fixed.statusCode, fixed.body).toBe(200);
    expect(fixed.json().item.ownerPerson.unresolved).toBe(false);
    const after = (await ctx.as('lead', { method: 'GET', url: api('/people/unresolved') })).json().items;
    expect(after.some((i: { objectId: string }) => i.objectId === unknown.json().id)).toBe(false);
  });

  it('internal RAID items with unresolved owners are listed for the provider lead only', async () => {
    const internal = await ctx.as('lead', { method: 'POST', url: api('/raid'), payload: { type: 'issue', title: 'Internal owner', owner: 'Nobody Known', visibility: 'internal' } });
    expect(internal.statusCode).toBe(201);
    const lead = (await ctx.as('lead', { method: 'GET', url: api('/people/unresolved') })).json().items;
    const sponsor = (await ctx.as('sponsor', { method: 'GET', url: api('/people/unresolved') })).json().items;
    expect(lead.some((i: { objectId: string }) => i.objectId === internal.json().id)).toBe(true);
    expect(sponsor.some((i: { objectId: string }) => i.objectId === internal.json().id)).toBe(false);
    expect(JSON.stringify(sponsor)).not.toContain('Internal owner');
  });

  it('escalations say what the reader may do: acknowledge, resolve, de-escalate', async () => {
    const raised = await ctx.as('stakeholder', { method: 'POST', url: api('/escalations'), payload: { subjectType: 'concern', title: 'Test accounts keep expiring' } });
    expect(raised.statusCode, raised.body).toBe(201);
    const id = raised.json().id;
    const flags = async (who: 'lead' | 'member' | 'stakeholder') => {
      const e = (await ctx.as(who, { method: 'GET', url: api(`/escalations/${id}`) })).json();
      return [e.canAcknowledge, e.canResolve, e.canDeescalate];
    };
    expect(await flags('lead')).toEqual([true, true, true]); // level 1 is the lead
    expect(await flags('stakeholder')).toEqual([false, false, true]); // the raiser may withdraw it
    expect(await flags('member')).toEqual([false, false, false]);
    // what the flags promise, the API does; what they deny, it refuses
    expect((await ctx.as('member', { method: 'POST', url: api(`/escalations/${id}/deescalate`), payload: {} })).statusCode).toBe(403);
    expect((await ctx.as('lead', { method: 'POST', url: api(`/escalations/${id}/acknowledge`), payload: {} })).statusCode).toBe(200);
    expect(await flags('lead')).toEqual([false, true, true]);
  });

  it('renaming the decider changes nothing about who may decide; a namesake gains nothing', async () => {
    const { sponsor, stakeholder } = ctx.seed.users;
    await ctx.deps.db.updateTable('users').set({ name: 'Ingrid Halvorsen-Berg' }).where('id', '=', sponsor).execute();
    await ctx.deps.db.updateTable('users').set({ name: 'Ingrid Halvorsen' }).where('id', '=', stakeholder).execute();
    try {
      const d = await decision('scope', 'After the rename');
      expect(d.statusCode, d.body).toBe(201);
      expect(d.json()).toMatchObject({ decider: 'Ingrid Halvorsen-Berg', deciderUser: { id: sponsor }, deciderSide: 'client', deciderExternal: false });
      const id = d.json().id;
      const forNamesake = (await ctx.as('stakeholder', { method: 'GET', url: api(`/decisions/${id}`) })).json();
      expect(forNamesake.canDecide).toBe(false);
      expect((await ctx.as('stakeholder', { method: 'POST', url: api(`/decisions/${id}/decide`), payload: { outcome: 'Mine' } })).statusCode).toBe(403);
      expect((await ctx.as('sponsor', { method: 'GET', url: api(`/decisions/${id}`) })).json().canDecide).toBe(true);
      const done = await ctx.as('sponsor', { method: 'POST', url: api(`/decisions/${id}/decide`), payload: { outcome: 'Option A', chosenOption: 0 } });
      expect(done.statusCode, done.body).toBe(200);
      expect(done.json()).toMatchObject({ status: 'decided', decidedBy: { id: sponsor, name: 'Ingrid Halvorsen-Berg' }, canDecide: false });
      // the charter shows the new name for the same member
      const scope = (await agreedBody()).collaboration.find((r: { decisionKind: string }) => r.decisionKind === 'scope');
      expect(scope.accountable).toMatchObject({ userId: sponsor, name: 'Ingrid Halvorsen-Berg' });
    } finally {
      await ctx.deps.db.updateTable('users').set({ name: 'Ingrid Halvorsen' }).where('id', '=', sponsor).execute();
      await ctx.deps.db.updateTable('users').set({ name: 'Sam Patel' }).where('id', '=', stakeholder).execute();
    }
  });
});
