import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, pgMissing, type TestContext } from '../../../test/context';
import { nulField } from './nul';

/** U+0000 anywhere in the input is a 400 naming the field (found by the fuzzer: a 500 on PostgreSQL for a path id "%00"). */
describe.skipIf(pgMissing)('NUL in input', () => {
  let ctx: TestContext;
  let E: string;
  beforeAll(async () => {
    ctx = await createTestContext();
    E = ctx.seed.engagementId;
  });
  afterAll(() => ctx?.close());

  it('in a path id, a query value or a body field: 400 naming it, nothing written', async () => {
    const audit = async () => (await ctx.deps.db.selectFrom('audit_log').select('seq').execute()).length;
    const before = await audit();
    const cases = [
      { method: 'GET' as const, url: '/api/v1/engagements/%00', field: 'id' },
      { method: 'GET' as const, url: `/api/v1/engagements/${E}/phases/nul%00inside`, field: 'phaseId' },
      { method: 'GET' as const, url: `/api/v1/engagements/${E}/notes?cursor=a%00b`, field: 'cursor' },
      { method: 'POST' as const, url: `/api/v1/engagements/${E}/notes`, payload: { title: 'a\u0000b' }, field: 'title' },
      { method: 'POST' as const, url: `/api/v1/engagements/${E}/notes`, payload: { title: 'ok', 'x\u0000': 1 }, field: 'x\u0000' },
    ];
    for (const c of cases) {
      const res = await ctx.as('lead', { method: c.method, url: c.url, ...(c.payload ? { payload: c.payload } : {}) });
      expect(res.statusCode, c.url).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'invalid_input', details: [{ field: c.field }] });
    }
    expect(await audit()).toBe(before);
  });

  it('finds it at any depth without recursion', () => {
    let deep: unknown = 'x\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(nulField({ a: { b: [1, 'ok', deep] } })).toMatch(/^a\.b\.2(\.0)+$/);
    expect(nulField({ a: 'fine', b: [1, null, { c: 'é😀' }] })).toBeNull();
  });
});
