import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, pgMissing, type TestContext } from '../context';
import { operationsOf } from './openapi';
import { errorShapeProblems, successProblems } from './oracle';

/**
 * Regressions of what the fuzzer found (ADR 0032), each alone: error answers without `details`; answers
 * whose content type the OpenAPI document did not name; sign-out documented as needing credentials.
 */
describe.skipIf(pgMissing)('the answers the fuzzer found wrong', () => {
  let ctx: TestContext;
  let E: string;
  beforeAll(async () => {
    ctx = await createTestContext();
    E = ctx.seed.engagementId;
  });
  afterAll(() => ctx?.close());
  const answer = (r: { statusCode: number; headers: Record<string, unknown>; body: string }) => ({ status: r.statusCode, contentType: String(r.headers['content-type'] ?? ''), body: r.body });

  it("every kind of error answer is exactly {error: {code, message, details}}", async () => {
    const cases = [
      await ctx.as(null, { method: 'GET', url: `/api/v1/engagements/${E}/notes` }), // 401 (AppError without details)
      await ctx.as('lead', { method: 'GET', url: '/api/v1/engagements/nope' }), // 404 from a use case
      await ctx.as('lead', { method: 'GET', url: '/api/v1/no-such-route' }), // 404 from the router
      await ctx.as('lead', { method: 'POST', url: `/api/v1/engagements/${E}/notes`, headers: { 'content-type': 'application/xml' }, payload: '<a/>' }), // 415
      await ctx.as('lead', { method: 'POST', url: `/api/v1/engagements/${E}/notes`, headers: { 'content-type': 'application/json' }, payload: '{' }), // 400 malformed
      await ctx.as('lead', { method: 'POST', url: `/api/v1/engagements/${E}/notes`, payload: { title: 'x', body: 'x'.repeat(1_100_000) } }), // 413
      await ctx.as('lead', { method: 'POST', url: `/api/v1/engagements/${E}/notes`, headers: { origin: 'https://evil.example' }, payload: { title: 'x' } }), // 403
    ];
    expect(cases.map((r) => r.statusCode)).toEqual([401, 404, 404, 415, 400, 413, 403]);
    for (const r of cases) expect(errorShapeProblems(answer(r)), r.body).toEqual([]);
  });

  it('streams and exports answer in the content type the document names; sign-out needs no credentials', async () => {
    const ops = operationsOf((await ctx.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json());
    const op = (key: string) => ops.find((o) => o.key === key)!;
    for (const [key, url] of [
      ['GET /api/v1/engagements/{id}/audit/export', `/api/v1/engagements/${E}/audit/export`],
      ['GET /api/v1/engagements/{id}/decisions/export.md', `/api/v1/engagements/${E}/decisions/export.md`],
      ['GET /api/v1/engagements/{id}/progress/{chart}/csv', `/api/v1/engagements/${E}/progress/burnup/csv`],
      ['GET /api/v1/events', '/api/v1/events?once=1'],
    ] as const) {
      const res = await ctx.as('lead', { method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(successProblems(op(key), answer(res)), url).toEqual([]);
    }
    expect(op('DELETE /api/v1/session').secured).toBe(false);
    expect((await ctx.as(null, { method: 'DELETE', url: '/api/v1/session' })).statusCode).toBe(200);
  });
});
