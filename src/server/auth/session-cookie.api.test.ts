import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, pgMissing, type TestContext } from '../../../test/context';

/** The session cookie's signature and hash are remembered per cookie (session-cookie.ts); the session itself never is. */
describe.skipIf(pgMissing)('reading the session cookie', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(async () => {
    await ctx?.close();
  });

  const me = (cookie: string) => ctx.app.inject({ url: '/api/v1/session', headers: { cookie } });

  it('ends with sign-out although the cookie was read before', async () => {
    const cookie = await ctx.cookieFor('member');
    expect((await me(cookie)).statusCode).toBe(200);
    expect((await me(cookie)).json().user.email).toBe('member@demo.candor.dev');
    expect((await ctx.app.inject({ method: 'DELETE', url: '/api/v1/session', headers: { cookie } })).statusCode).toBe(200);
    const after = await me(cookie);
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBeTypeOf('string');
  });

  it('refuses a cookie whose signature was altered, after the genuine one was read', async () => {
    const cookie = await ctx.cookieFor('sponsor');
    expect((await me(cookie)).statusCode).toBe(200);
    const last = cookie.at(-1) === 'A' ? 'B' : 'A';
    expect((await me(cookie.slice(0, -1) + last)).statusCode).toBe(401);
    // and a cookie carrying the token without its signature
    const token = decodeURIComponent(cookie.split('=')[1]!).split('.')[0]!;
    expect((await me(`candor_session=${token}`)).statusCode).toBe(401);
  });

  it('answers "who am I" with the organization read in the session lookup', async () => {
    const res = await me(await ctx.cookieFor('lead'));
    expect(res.json().user).toMatchObject({ email: 'lead@demo.candor.dev', org: { kind: 'provider' } });
  });
});
