import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, DEMO_PASSWORD, type DemoKey, pgMissing, type TestContext } from '../../../test/context';
import { hashPassword } from '../auth/passwords';
import { newId } from '../ids';

// biome-ignore lint/suspicious/noExplicitAny: response bodies are read loosely in this test
type Json = Record<string, any>;

/**
 * "A candidate never sees the selection unless the owner shares its own result
 * with it": the owner shares, once decided, a frozen copy of one candidate's
 * result; that provider organization's users read it, nobody else does, and it
 * carries nothing of the other candidates, the evaluators or their comments.
 */
describe.skipIf(pgMissing)('partner selection: a candidate’s own result, shared with it', () => {
  let ctx: TestContext;
  const call = (who: DemoKey, method: 'GET' | 'POST', url: string, payload?: object) => ctx.as(who, { method, url, ...(payload ? { payload } : {}) });
  const ok = async (who: DemoKey, method: 'GET' | 'POST', url: string, payload?: object, status = 200): Promise<Json> => {
    const res = await call(who, method, url, payload);
    if (res.statusCode !== status) throw new Error(`${method} ${url} as ${who}: ${res.statusCode} ${res.body}`);
    return res.json();
  };
  let S = '';
  let bright = '';
  let nameOnly = '';
  const SECRET = 'SECRET-evaluator-comment-4471';

  beforeAll(async () => {
    ctx = await createTestContext();
    const s = await ok('sponsor', 'POST', '/api/v1/selections', { title: 'Share results', criteria: [{ key: 'risk_openness', label: 'Risks', weight: 60 }, { key: 'beyond_scope', label: 'Beyond', weight: 40 }] }, 201);
    S = `/api/v1/selections/${s.id}`;
    await ok('sponsor', 'POST', `${S}/evaluators`, { userId: ctx.seed.users.stakeholder }, 201);
    const brightline = (await ok('sponsor', 'GET', '/api/v1/selection-directory')).providers.find((p: Json) => p.name === 'Brightline Software').id;
    bright = (await ok('sponsor', 'POST', `${S}/candidates`, { providerOrgId: brightline }, 201)).id;
    nameOnly = (await ok('sponsor', 'POST', `${S}/candidates`, { name: 'Nameonly Consulting' }, 201)).id;
    for (const [c, a, b] of [[bright, 4, 5], [nameOnly, 2, 3]] as const) {
      await ok('stakeholder', 'POST', `${S}/scores`, { candidateId: c, submit: true, scores: [{ criterion: 'risk_openness', score: a, comment: SECRET }, { criterion: 'beyond_scope', score: b, comment: SECRET }] });
    }
  });
  afterAll(() => ctx?.close());

  it('is refused before the decision, and for a candidate that is not an organization on Candor, naming the field', async () => {
    const early = await call('sponsor', 'POST', `${S}/candidates/${bright}/result-share`, {});
    expect(early.statusCode).toBe(409);
    expect(early.json().error.details[0].field).toBe('candidateId');
    await ok('sponsor', 'POST', `${S}/decision`, { candidateId: bright, reasons: 'Understood the business' });
    const none = await call('sponsor', 'POST', `${S}/candidates/${nameOnly}/result-share`, {});
    expect(none.statusCode).toBe(409);
    expect(none.json().error.details[0].field).toBe('candidateId');
    // an evaluator is not the owner
    expect((await call('stakeholder', 'POST', `${S}/candidates/${bright}/result-share`, {})).statusCode).toBe(403);
  });

  it('the chosen provider reads its own result and nothing else; nobody else reads it', async () => {
    const shared = await ok('sponsor', 'POST', `${S}/candidates/${bright}/result-share`, { message: 'Thank you for the honest proposal' }, 201);
    expect(shared.result).toMatchObject({ selectionTitle: 'Share results', clientOrg: 'Fjord Logistics', candidate: 'Brightline Software', chosen: true, evaluators: 1, redFlags: [] });
    expect(shared.result.score).toBe(0.6 * 75 + 0.4 * 100);
    expect(shared.result.criteria).toEqual([
      { key: 'risk_openness', label: 'Risks', weight: 60, mean: 4, min: 4, max: 4 },
      { key: 'beyond_scope', label: 'Beyond', weight: 40, mean: 5, min: 5, max: 5 },
    ]);
    for (const who of ['lead', 'member'] as const) {
      const feedback = await ok(who, 'GET', '/api/v1/selection-feedback');
      const mine = feedback.shares.find((x: Json) => x.id === shared.id);
      expect(mine).toMatchObject({ message: 'Thank you for the honest proposal', result: { candidate: 'Brightline Software', chosen: true } });
      const body = JSON.stringify(feedback);
      // nothing of the other candidate, the evaluator or their comments
      for (const secret of [SECRET, 'Nameonly', 'Sam Patel', 'stakeholder@demo.candor.dev']) expect(body).not.toContain(secret);
      // the selection itself stays closed to the candidate
      expect((await call(who, 'GET', S)).statusCode).toBe(404);
    }
    // the client side, and a user of another provider organization: nothing shared with them
    for (const who of ['sponsor', 'stakeholder'] as const) expect((await ok(who, 'GET', '/api/v1/selection-feedback')).shares, who).toEqual([]);
    const org = newId();
    const now = ctx.clock.now().toISOString();
    await ctx.deps.db.insertInto('organizations').values({ id: org, name: 'Other Agency', kind: 'provider', created_at: now }).execute();
    await ctx.deps.db
      .insertInto('users')
      .values({ id: newId(), email: 'olga@other-agency.test', name: 'Olga Other', password_hash: await hashPassword(DEMO_PASSWORD), is_admin: 0, org_id: org, created_at: now, disabled_at: null })
      .execute();
    const signIn = await ctx.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email: 'olga@other-agency.test', password: DEMO_PASSWORD } });
    const cookie = `candor_session=${signIn.cookies.find((c) => c.name === 'candor_session')!.value}`;
    const otherFeedback = await ctx.app.inject({ method: 'GET', url: '/api/v1/selection-feedback', headers: { cookie } });
    expect(otherFeedback.statusCode).toBe(200);
    expect(otherFeedback.json().shares).toEqual([]);
    // the owner's list of what was shared
    expect((await ok('stakeholder', 'GET', `${S}/result-shares`)).shares.map((x: Json) => x.id)).toEqual([shared.id]);
  });

  it('sharing again replaces the copy and the note, and is in the selection’s audit trail', async () => {
    const again = await ok('sponsor', 'POST', `${S}/candidates/${bright}/result-share`, { message: 'Updated note' }, 201);
    const feedback = await ok('lead', 'GET', '/api/v1/selection-feedback');
    const mine = feedback.shares.filter((x: Json) => x.candidateId === bright && x.result.selectionTitle === 'Share results');
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ id: again.id, message: 'Updated note' });
    const records = await ctx.deps.db.selectFrom('audit_log').select(['action', 'payload']).where('chain_id', '=', S.split('/').at(-1)!).where('action', '=', 'selection.result_shared').orderBy('seq').execute();
    expect(records).toHaveLength(2);
    expect(records[1]!.payload).not.toContain(SECRET);
  });
});
