import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, pgMissing, type TestContext } from '../../../test/context';

// biome-ignore lint/suspicious/noExplicitAny: response bodies are read loosely in this test
type Json = Record<string, any>;

describe.skipIf(pgMissing)('partner selection: review findings', () => {
  let ctx: TestContext;
  const ok = async (who: 'sponsor' | 'stakeholder' | 'lead', method: 'GET' | 'POST' | 'PUT', url: string, payload?: object, status = 200): Promise<Json> => {
    const res = await ctx.as(who, { method, url, ...(payload ? { payload } : {}) });
    if (res.statusCode !== status) throw new Error(`${method} ${url} as ${who}: ${res.statusCode} ${res.body}`);
    return res.json();
  };
  const brightline = async () => (await ok('sponsor', 'GET', '/api/v1/selection-directory')).providers.find((p: Json) => p.name === 'Brightline Software').id as string;

  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(() => ctx?.close());

  it('long comments on low scores do not make the invitation impossible to accept (the charter purpose stays within its limit)', async () => {
    const s = await ok('sponsor', 'POST', '/api/v1/selections', { title: 'Long comments', criteria: [{ key: 'risk_openness', label: 'Risks', weight: 50 }, { key: 'beyond_scope', label: 'Beyond', weight: 50 }] }, 201);
    await ok('sponsor', 'POST', `/api/v1/selections/${s.id}/evaluators`, { userId: ctx.seed.users.stakeholder }, 201);
    const c = await ok('sponsor', 'POST', `/api/v1/selections/${s.id}/candidates`, { providerOrgId: await brightline() }, 201);
    const long = 'x'.repeat(3900);
    await ok('stakeholder', 'POST', `/api/v1/selections/${s.id}/scores`, { candidateId: c.id, submit: true, scores: [{ criterion: 'risk_openness', score: 1, comment: long }, { criterion: 'beyond_scope', score: 2, comment: long }] });
    await ok('sponsor', 'POST', `/api/v1/selections/${s.id}/decision`, { candidateId: c.id, reasons: 'Only one' });
    const inv = await ok('sponsor', 'POST', `/api/v1/selections/${s.id}/invitation`, {}, 201);
    const token = (inv.link as string).split('/selection-invitations/')[1]!;
    const res = await ctx.as('lead', { method: 'POST', url: `/api/v1/selection-invitations/${token}/accept`, payload: {} });
    expect(res.statusCode, res.body).toBe(200);
    const charter = await ok('lead', 'GET', `/api/v1/engagements/${res.json().engagementId}/charter`);
    expect(JSON.stringify(charter)).toContain('Risk to discuss');
  });

  it('an owner who has seen submitted scores cannot become an evaluator afterwards (they would score unblind)', async () => {
    const s = await ok('sponsor', 'POST', '/api/v1/selections', { title: 'Owner joins late', criteria: [{ key: 'risk_openness', label: 'Risks', weight: 100 }] }, 201);
    await ok('sponsor', 'POST', `/api/v1/selections/${s.id}/evaluators`, { userId: ctx.seed.users.stakeholder }, 201);
    const c = await ok('sponsor', 'POST', `/api/v1/selections/${s.id}/candidates`, { providerOrgId: await brightline() }, 201);
    await ok('stakeholder', 'POST', `/api/v1/selections/${s.id}/scores`, { candidateId: c.id, submit: true, scores: [{ criterion: 'risk_openness', score: 2, comment: 'SECRET-evaluator-remark' }] });
    // the owner, not evaluating, sees the submitted score …
    expect(JSON.stringify(await ok('sponsor', 'GET', `/api/v1/selections/${s.id}`))).toContain('SECRET-evaluator-remark');
    // … so adding themselves as an evaluator now is refused, naming the field
    const res = await ctx.as('sponsor', { method: 'POST', url: `/api/v1/selections/${s.id}/evaluators`, payload: { userId: ctx.seed.users.sponsor } });
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json().error.details.map((d: Json) => d.field)).toContain('userId');
  });
});
