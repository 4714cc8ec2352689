import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, DEMO_PASSWORD, pgMissing, type TestContext } from '../../../test/context';
import { createResetLink } from './service';

describe.skipIf(pgMissing)('accounts and sessions', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext({ signInPerMinute: 5 });
  });
  afterAll(() => ctx?.close());

  it('signs in with an HttpOnly, SameSite session cookie and knows who you are', async () => {
    const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email: 'Lead@Demo.Candor.dev', password: DEMO_PASSWORD } });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'candor_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    expect(cookie.secure).toBeFalsy(); // public URL is http in tests
    const me = await ctx.app.inject({ method: 'GET', url: '/api/v1/session', headers: { cookie: `candor_session=${cookie.value}` } });
    expect(me.json().user.email).toBe('lead@demo.candor.dev');
    // the stored session id is not the cookie token
    const rows = await ctx.deps.db.selectFrom('sessions').select('id').execute();
    expect(rows.map((r) => r.id).join()).not.toContain(cookie.value.split('.')[0]);
  });

  it('refuses a wrong password and an unknown e-mail alike', async () => {
    const a = await ctx.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email: 'member@demo.candor.dev', password: 'wrong-password' } });
    const b = await ctx.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email: 'nobody@demo.candor.dev', password: 'wrong-password' } });
    expect(a.statusCode).toBe(401);
    expect(b.statusCode).toBe(401);
    expect(a.json()).toEqual(b.json());
  });

  it('rate-limits sign-in per address and e-mail with 429', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const r = await ctx.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email: 'stakeholder@demo.candor.dev', password: `guess-${i}-xxxxx` } });
      statuses.push(r.statusCode);
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.at(-1)).toBe(429);
    const last = await ctx.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email: 'stakeholder@demo.candor.dev', password: DEMO_PASSWORD } });
    expect(last.json().error.code).toBe('rate_limited');
  });

  it('signs out: the cookie no longer works', async () => {
    const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email: 'member@demo.candor.dev', password: DEMO_PASSWORD } });
    const cookie = `candor_session=${res.cookies[0]!.value}`;
    expect((await ctx.app.inject({ method: 'DELETE', url: '/api/v1/session', headers: { cookie } })).statusCode).toBe(200);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/session', headers: { cookie } })).statusCode).toBe(401);
  });

  it('changes the password and signs out other sessions', async () => {
    const s1 = await ctx.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email: 'sponsor@demo.candor.dev', password: DEMO_PASSWORD } });
    const s2 = await ctx.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email: 'sponsor@demo.candor.dev', password: DEMO_PASSWORD } });
    const c1 = `candor_session=${s1.cookies[0]!.value}`;
    const c2 = `candor_session=${s2.cookies[0]!.value}`;
    const wrong = await ctx.app.inject({ method: 'PUT', url: '/api/v1/me/password', headers: { cookie: c1 }, payload: { currentPassword: 'nope-nope-nope', newPassword: 'another-password-1' } });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().error.details[0].field).toBe('currentPassword');
    const short = await ctx.app.inject({ method: 'PUT', url: '/api/v1/me/password', headers: { cookie: c1 }, payload: { currentPassword: DEMO_PASSWORD, newPassword: 'short' } });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.details[0].field).toBe('newPassword');
    const ok = await ctx.app.inject({ method: 'PUT', url: '/api/v1/me/password', headers: { cookie: c1 }, payload: { currentPassword: DEMO_PASSWORD, newPassword: 'another-password-1' } });
    expect(ok.statusCode).toBe(200);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/session', headers: { cookie: c1 } })).statusCode).toBe(200);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/session', headers: { cookie: c2 } })).statusCode).toBe(401);
    const again = await ctx.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email: 'sponsor@demo.candor.dev', password: 'another-password-1' } });
    expect(again.statusCode).toBe(200);
  });

  it('resets a password with a one-time link that expires', async () => {
    const forgot = await ctx.app.inject({ method: 'POST', url: '/api/v1/password/forgot', payload: { email: 'member@demo.candor.dev' } });
    expect(forgot.statusCode).toBe(202);
    const link = await createResetLink(ctx.deps, ctx.seed.users.member);
    const token = new URL(link).searchParams.get('token')!;
    const ok = await ctx.app.inject({ method: 'POST', url: '/api/v1/password/reset', payload: { token, newPassword: 'reset-password-1' } });
    expect(ok.statusCode).toBe(200);
    const reuse = await ctx.app.inject({ method: 'POST', url: '/api/v1/password/reset', payload: { token, newPassword: 'reset-password-2' } });
    expect(reuse.statusCode).toBe(400);
    const old = createResetLink(ctx.deps, ctx.seed.users.member);
    const oldToken = new URL(await old).searchParams.get('token')!;
    ctx.clock.advance(3 * 3600_000);
    const expired = await ctx.app.inject({ method: 'POST', url: '/api/v1/password/reset', payload: { token: oldToken, newPassword: 'reset-password-3' } });
    expect(expired.statusCode).toBe(400);
    expect(expired.json().error.code).toBe('invalid_token');
  });

  it('API tokens: shown once, stored hashed, work as Bearer, stop working when revoked', async () => {
    const created = await ctx.as('lead', { method: 'POST', url: '/api/v1/me/tokens', payload: { name: 'CI script' } });
    expect(created.statusCode).toBe(201);
    const { secret, token } = created.json();
    const stored = await ctx.deps.db.selectFrom('api_tokens').selectAll().where('id', '=', token.id).executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(secret);
    const list = await ctx.as('lead', { method: 'GET', url: '/api/v1/me/tokens' });
    expect(list.body).not.toContain(secret);
    const viaToken = await ctx.app.inject({ method: 'GET', url: '/api/v1/engagements', headers: { authorization: `Bearer ${secret}` } });
    expect(viaToken.statusCode).toBe(200);
    expect(viaToken.json().engagements).toHaveLength(1);
    await ctx.as('lead', { method: 'DELETE', url: `/api/v1/me/tokens/${token.id}` });
    const revoked = await ctx.app.inject({ method: 'GET', url: '/api/v1/engagements', headers: { authorization: `Bearer ${secret}` } });
    expect(revoked.statusCode).toBe(401);
    expect(revoked.json().error.code).toBe('invalid_token');
  });

  it('refuses cookie-authenticated writes from another origin', async () => {
    const res = await ctx.as('lead', {
      method: 'POST',
      url: `/api/v1/engagements/${ctx.seed.engagementId}/notes`,
      headers: { origin: 'https://evil.example' },
      payload: { title: 'forged' },
    });
    expect(res.statusCode).toBe(403);
    const notes = await ctx.deps.db.selectFrom('notes').select('title').where('title', '=', 'forged').execute();
    expect(notes).toHaveLength(0);
  });

  it('refuses cookie writes a browser marks cross-site or same-site (Sec-Fetch-Site), and an opaque Origin; lets its own pages and tokens through', async () => {
    const url = `/api/v1/engagements/${ctx.seed.engagementId}/notes`;
    const write = (headers: Record<string, string>, title: string) => ctx.as('lead', { method: 'POST', url, headers, payload: { title } });
    for (const [headers, title] of [
      [{ 'sec-fetch-site': 'cross-site' }, 'forged cross-site'],
      // a sibling subdomain is "same-site" but not our origin
      [{ 'sec-fetch-site': 'same-site', origin: 'https://other.candor.example' }, 'forged same-site'],
      [{ origin: 'null' }, 'forged null origin'],
    ] as const) {
      const res = await write(headers, title);
      expect(res.statusCode, title).toBe(403);
      expect(res.json().error.code).toBe('cross_origin');
    }
    const forged = await ctx.deps.db.selectFrom('notes').select('title').where('title', 'like', 'forged%').execute();
    expect(forged).toHaveLength(0);
    expect((await write({ 'sec-fetch-site': 'same-origin' }, 'own page')).statusCode).toBe(201);
    // reads are never refused for it (a link from an e-mail is a cross-site navigation)
    expect((await ctx.as('lead', { method: 'GET', url, headers: { 'sec-fetch-site': 'cross-site' } })).statusCode).toBe(200);
  });

  it('healthz answers ok while the database answers', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.json()).toEqual({ status: 'ok' });
  });
});
