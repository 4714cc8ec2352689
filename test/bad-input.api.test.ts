import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, pgMissing, type TestContext } from './context';

/** Bad input gets a 4xx naming the field; never a 500, never a partial write. */
describe.skipIf(pgMissing)('bad input', () => {
  let ctx: TestContext;
  let E: string;
  const noteCount = async () => Number((await ctx.deps.db.selectFrom('notes').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  beforeAll(async () => {
    ctx = await createTestContext();
    E = ctx.seed.engagementId;
  });
  afterAll(() => ctx?.close());

  it('malformed JSON → 400 malformed_json', async () => {
    const res = await ctx.as('lead', { method: 'POST', url: `/api/v1/engagements/${E}/notes`, headers: { 'content-type': 'application/json' }, payload: '{"title": "x",' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('malformed_json');
    expect(res.body).not.toMatch(/at .*\.ts:\d+/); // no stack trace
  });

  it("the router's own errors (a parameter over its length, a malformed escape) answer in Candor's shape without echoing the URL", async () => {
    const long = 'a'.repeat(300);
    const cases = [
      { url: `/api/v1/engagements/${long}/notes`, status: 414, code: 'uri_too_long' },
      { url: `/api/v1/engagements/${E}/notes/%E0%A4%A`, status: 400, code: 'bad_url' },
      { url: '/api/v1/%zz', status: 400, code: 'bad_url' },
      { url: `/engagements/%zz${long}`, status: 400, code: 'bad_url' },
    ];
    for (const c of cases) {
      const res = await ctx.as('lead', { method: 'GET', url: c.url });
      expect(res.statusCode, c.url).toBe(c.status);
      const body = res.json();
      expect(Object.keys(body)).toEqual(['error']);
      expect(body.error).toMatchObject({ code: c.code, message: expect.any(String), details: [] });
      expect(res.body).not.toContain('aaaaaaaaaa');
      expect(res.body).not.toMatch(/FST_ERR|%zz|%E0/);
    }
  });

  it('wrong types name the field', async () => {
    const res = await ctx.as('lead', { method: 'POST', url: `/api/v1/engagements/${E}/notes`, payload: { title: 42, visibility: 'secret' } });
    expect(res.statusCode).toBe(400);
    const fields = res.json().error.details.map((d: { field: string }) => d.field).sort();
    expect(fields).toEqual(['title', 'visibility']);
  });

  it('unknown fields are refused by name', async () => {
    const res = await ctx.as('lead', { method: 'POST', url: `/api/v1/engagements/${E}/notes`, payload: { title: 'ok', isAdmin: true } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0]).toMatchObject({ field: 'isAdmin' });
  });

  it('oversize bodies → 413 and nothing written', async () => {
    const before = await noteCount();
    const res = await ctx.as('lead', { method: 'POST', url: `/api/v1/engagements/${E}/notes`, payload: { title: 'big', body: 'x'.repeat(1_100_000) } });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('too_large');
    expect(await noteCount()).toBe(before);
  });

  it('a text field over its limit names the field; a bad date names the field', async () => {
    const long = await ctx.as('lead', { method: 'POST', url: `/api/v1/engagements/${E}/notes`, payload: { title: 't'.repeat(201) } });
    expect(long.statusCode).toBe(400);
    expect(long.json().error.details[0].field).toBe('title');
    const date = await ctx.as('lead', { method: 'POST', url: `/api/v1/engagements/${E}/notes`, payload: { title: 'x', meetingDate: '2026-02-30' } });
    expect(date.statusCode).toBe(400);
    expect(date.json().error.details[0].field).toBe('meetingDate');
  });

  it('bad query parameters and path ids are 4xx', async () => {
    const limit = await ctx.as('lead', { method: 'GET', url: `/api/v1/engagements/${E}/notes?limit=100000` });
    expect(limit.statusCode).toBe(400);
    expect(limit.json().error.details[0].field).toBe('limit');
    const unknownEngagement = await ctx.as('lead', { method: 'GET', url: '/api/v1/engagements/does-not-exist/notes' });
    expect(unknownEngagement.statusCode).toBe(404);
    const unknownRoute = await ctx.as('lead', { method: 'GET', url: '/api/v1/nothing-here' });
    expect(unknownRoute.statusCode).toBe(404);
    expect(unknownRoute.json().error.code).toBe('not_found');
  });

  it('a failing write leaves nothing behind (engagement with a bad client org)', async () => {
    const engagementsBefore = (await ctx.deps.db.selectFrom('engagements').select('id').execute()).length;
    const auditBefore = (await ctx.deps.db.selectFrom('audit_log').select('seq').execute()).length;
    const res = await ctx.as('lead', { method: 'POST', url: '/api/v1/engagements', payload: { name: 'X', clientOrgId: 'nope' } });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.details[0].field).toBe('clientOrgId');
    expect((await ctx.deps.db.selectFrom('engagements').select('id').execute()).length).toBe(engagementsBefore);
    expect((await ctx.deps.db.selectFrom('audit_log').select('seq').execute()).length).toBe(auditBefore);
  });

  it('arbitrary JSON bodies never produce a 5xx (property-based)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 3 }), async (body) => {
        for (const url of [`/api/v1/engagements/${E}/notes`, `/api/v1/engagements/${E}/charter/versions`, '/api/v1/engagements', `/api/v1/engagements/${E}/invitations`]) {
          const res = await ctx.as('lead', { method: 'POST', url, headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) });
          if (res.statusCode >= 500) throw new Error(`${url} → ${res.statusCode} for ${JSON.stringify(body)}: ${res.body}`);
          if (res.statusCode >= 400) expect(res.json().error.message).toBeTypeOf('string');
        }
      }),
      { numRuns: 60, seed: 20261123 },
    );
  });
});
