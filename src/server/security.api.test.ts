/**
 * OWASP ASVS L2 checks of issue 17 (ADR 0033): security headers, CSRF on every
 * state-changing route of the OpenAPI document, session fixation, password
 * changes and resets, reset and invitation links, and the upload limits.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sign } from '@fastify/cookie';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, DEMO_PASSWORD, DB_KIND, pgMissing, type TestContext } from '../../test/context';
import { buildApp } from './app';
import { createResetLink } from './auth/service';
import type { Deps } from './http/context';
import { newId } from './ids';

// biome-ignore lint/suspicious/noExplicitAny: response bodies are read loosely in this test
type Json = Record<string, any>;

const EVIL = 'https://evil.example';
const sessionCookie = (res: LightMyRequestResponse) => {
  const c = res.cookies.find((x) => x.name === 'candor_session');
  return c ? `candor_session=${c.value}` : null;
};
const expectErrorShape = (res: LightMyRequestResponse, status: number, code: string) => {
  expect(res.statusCode, res.body).toBe(status);
  const body = res.json();
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe('string');
  expect(res.body).not.toMatch(/\bat .+\.(ts|js):\d+/); // no stack trace
};

/** A fingerprint of everything the database holds: every table's row count and the audit chains' heads. */
async function fingerprint(deps: Deps): Promise<string> {
  const tables =
    DB_KIND === 'postgres'
      ? (await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`.execute(deps.db)).rows
      : (await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by 1`.execute(deps.db)).rows;
  const counts: string[] = [];
  for (const { name } of tables) {
    const r = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(name)}`.execute(deps.db);
    counts.push(`${name}=${Number(r.rows[0]!.n)}`);
  }
  const heads = await deps.db.selectFrom('audit_heads').selectAll().orderBy('chain_id').execute();
  return `${counts.join(',')}|${JSON.stringify(heads)}`;
}

const cspOf = (res: LightMyRequestResponse): Map<string, string[]> => {
  const header = String(res.headers['content-security-policy'] ?? '');
  return new Map(
    header
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((p) => p[0])
      .map(([name, ...values]) => [name!, values]),
  );
};

describe.skipIf(pgMissing)('security headers (ASVS V14.4)', () => {
  let ctx: TestContext;
  let web: FastifyInstance;
  let https: FastifyInstance;
  let webRoot: string;
  beforeAll(async () => {
    ctx = await createTestContext();
    webRoot = mkdtempSync(path.join(os.tmpdir(), 'candor-web-'));
    mkdirSync(path.join(webRoot, 'assets'));
    writeFileSync(path.join(webRoot, 'index.html'), '<!doctype html><html><head><script type="module" src="/assets/app-0a1b2c.js"></script></head><body></body></html>');
    writeFileSync(path.join(webRoot, 'assets', 'app-0a1b2c.js'), 'console.log("candor")');
    web = await buildApp(ctx.deps, { webRoot });
    https = await buildApp({ ...ctx.deps, config: { ...ctx.config, publicUrl: 'https://candor.test', secureCookies: true } }, { webRoot });
  });
  afterAll(async () => {
    await web?.close();
    await https?.close();
    await ctx?.close();
    if (webRoot) rmSync(webRoot, { recursive: true, force: true });
  });

  const expectHeaders = (res: LightMyRequestResponse, what: string) => {
    const csp = cspOf(res);
    expect(csp.size, `${what}: CSP`).toBeGreaterThan(0);
    for (const d of ['script-src', 'script-src-attr', 'default-src']) {
      for (const bad of ["'unsafe-inline'", "'unsafe-eval'", '*', 'data:']) expect(csp.get(d) ?? [], `${what}: ${d}`).not.toContain(bad);
    }
    expect(csp.get('script-src'), what).toEqual(["'self'"]);
    expect(csp.get('default-src'), what).toEqual(["'self'"]);
    expect(csp.get('object-src'), what).toEqual(["'none'"]);
    expect(csp.get('base-uri'), what).toEqual(["'self'"]);
    expect(csp.get('form-action'), what).toEqual(["'self'"]);
    expect(["'self'", "'none'"]).toContain((csp.get('frame-ancestors') ?? []).join(' '));
    expect(res.headers['x-frame-options'], what).toBe('SAMEORIGIN');
    expect(res.headers['x-content-type-options'], what).toBe('nosniff');
    expect(res.headers['referrer-policy'], what).toBe('no-referrer');
    expect(res.headers['cross-origin-opener-policy'], what).toBe('same-origin');
    expect(res.headers['x-powered-by'], what).toBeUndefined();
    expect(res.headers.server, what).toBeUndefined();
  };

  it('the HTML page, an API answer, a static asset and error answers all carry them', async () => {
    const cookie = await ctx.cookieFor('lead');
    const cases: [string, FastifyInstance, InjectOptions, number][] = [
      ['HTML page', web, { method: 'GET', url: '/' }, 200],
      ['an app path (HTML)', web, { method: 'GET', url: '/engagements/x/overview' }, 200],
      ['static asset', web, { method: 'GET', url: '/assets/app-0a1b2c.js' }, 200],
      ['API answer', web, { method: 'GET', url: '/api/v1/session', headers: { cookie } }, 200],
      ['API 401', web, { method: 'GET', url: '/api/v1/engagements' }, 401],
      ['API 404', web, { method: 'GET', url: '/api/v1/no-such-thing', headers: { cookie } }, 404],
      ['missing asset 404', web, { method: 'GET', url: '/assets/nope.js' }, 404],
      ['API 400 (malformed JSON)', web, { method: 'POST', url: '/api/v1/session', headers: { 'content-type': 'application/json' }, payload: '{"email":' }, 400],
      ['API 400 (bad URL)', web, { method: 'GET', url: '/api/v1/engagements/%zz' }, 400],
      ['API 403 (CSRF)', web, { method: 'POST', url: '/api/v1/session', headers: { origin: EVIL }, payload: {} }, 403],
    ];
    for (const [what, app, req, status] of cases) {
      const res = await app.inject(req);
      expect(res.statusCode, `${what}: ${res.body.slice(0, 200)}`).toBe(status);
      expectHeaders(res, what);
      if (status >= 400 && !String(res.headers['content-type']).startsWith('text/html')) expect(res.json().error.code, what).toEqual(expect.any(String));
    }
  });

  it('caching: API answers (authenticated or errors) are no-store, HTML revalidates, hashed assets are immutable', async () => {
    const cookie = await ctx.cookieFor('lead');
    expect((await web.inject({ method: 'GET', url: '/api/v1/session', headers: { cookie } })).headers['cache-control']).toBe('no-store');
    expect((await web.inject({ method: 'GET', url: `/api/v1/engagements/${ctx.seed.engagementId}`, headers: { cookie } })).headers['cache-control']).toBe('no-store');
    expect((await web.inject({ method: 'GET', url: '/api/v1/engagements' })).headers['cache-control']).toBe('no-store');
    expect((await web.inject({ method: 'GET', url: '/' })).headers['cache-control']).toBe('no-cache');
    expect((await web.inject({ method: 'GET', url: '/assets/app-0a1b2c.js' })).headers['cache-control']).toContain('immutable');
  });

  it('HSTS and upgrade-insecure-requests only when Candor is served over https (CANDOR_PUBLIC_URL); a plain-http instance sends neither', async () => {
    for (const url of ['/', '/api/v1/engagements', '/assets/app-0a1b2c.js']) {
      const secure = await https.inject({ method: 'GET', url });
      expect(secure.headers['strict-transport-security'], url).toMatch(/max-age=(\d{8,})/);
      expect(Number(/max-age=(\d+)/.exec(String(secure.headers['strict-transport-security']))![1])).toBeGreaterThanOrEqual(180 * 24 * 3600);
      expect(cspOf(secure).has('upgrade-insecure-requests')).toBe(true);
      const plain = await web.inject({ method: 'GET', url });
      expect(plain.headers['strict-transport-security'], url).toBeUndefined();
      expect(cspOf(plain).has('upgrade-insecure-requests')).toBe(false);
    }
    // and the session cookie is Secure there
    const signIn = await https.inject({ method: 'POST', url: '/api/v1/session', payload: { email: 'member@demo.candor.dev', password: DEMO_PASSWORD } });
    expect(signIn.cookies.find((c) => c.name === 'candor_session')?.secure).toBe(true);
  });
});

describe.skipIf(pgMissing)('CSRF on every state-changing route of the OpenAPI document (ASVS V4.2.2, V13.2.3)', () => {
  let ctx: TestContext;
  let routes: { method: string; url: string }[] = [];
  beforeAll(async () => {
    ctx = await createTestContext();
    const doc = (await ctx.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
    const fill = (p: string) =>
      p.replace(/\{(\w+)\}/g, (_m, name: string) => {
        if (name === 'id') return ctx.seed.engagementId;
        if (name === 'token') return 'a'.repeat(43);
        return newId();
      });
    routes = Object.entries(doc.paths)
      .flatMap(([p, ops]) =>
        Object.keys(ops)
          .map((m) => m.toUpperCase())
          .filter((m) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(m))
          .map((method) => ({ method, url: fill(p) })),
      )
      // signing out ends the session the later requests use: last
      .sort((a, b) => Number(a.url === '/api/v1/session' && a.method === 'DELETE') - Number(b.url === '/api/v1/session' && b.method === 'DELETE'));
  });
  afterAll(() => ctx?.close());

  it('the document names every state-changing route the app registered', () => {
    const registered = ctx.app.routeList.filter((r) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method) && r.url.startsWith('/api/v1/'));
    expect(routes.length).toBe(registered.length);
    expect(routes.every((r) => r.url.startsWith('/api/v1/'))).toBe(true);
    expect(routes.length).toBeGreaterThan(100);
  });

  it('a cookie-carrying write from another origin (Origin, or Sec-Fetch-Site: cross-site / same-site) is refused with 403 cross_origin and writes nothing', async () => {
    const cookie = await ctx.cookieFor('lead');
    const before = await fingerprint(ctx.deps);
    for (const r of routes) {
      for (const headers of [{ origin: EVIL }, { 'sec-fetch-site': 'cross-site' }, { 'sec-fetch-site': 'same-site', origin: 'https://other.candor.test' }, { origin: 'null' }]) {
        const res = await ctx.app.inject({ method: r.method as 'POST', url: r.url, headers: { cookie, ...headers }, payload: {} });
        expect(res.statusCode, `${r.method} ${r.url} ${JSON.stringify(headers)}: ${res.body.slice(0, 200)}`).toBe(403);
        expect(res.json().error.code, `${r.method} ${r.url}`).toBe('cross_origin');
      }
    }
    expect(await fingerprint(ctx.deps)).toBe(before);
    // the session itself is untouched (the forged sign-out did not sign out)
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/session', headers: { cookie } })).statusCode).toBe(200);
  }, 60_000);

  it('a forged sign-in, reset or invitation acceptance without any cookie is refused too (login CSRF)', async () => {
    const before = await fingerprint(ctx.deps);
    const forged = await ctx.app.inject({ method: 'POST', url: '/api/v1/session', headers: { 'sec-fetch-site': 'cross-site' }, payload: { email: 'lead@demo.candor.dev', password: DEMO_PASSWORD } });
    expectErrorShape(forged, 403, 'cross_origin');
    expect(forged.cookies).toHaveLength(0);
    expectErrorShape(await ctx.app.inject({ method: 'POST', url: '/api/v1/password/forgot', headers: { origin: EVIL }, payload: { email: 'lead@demo.candor.dev' } }), 403, 'cross_origin');
    expect(await fingerprint(ctx.deps)).toBe(before);
  });

  it('the same writes from our own origin, and with a Bearer API token from anywhere, are not refused as cross-origin', async () => {
    const created = await ctx.as('lead', { method: 'POST', url: '/api/v1/me/tokens', headers: { 'sec-fetch-site': 'same-origin' }, payload: { name: 'csrf test' } });
    expect(created.statusCode).toBe(201);
    const bearer = `Bearer ${created.json().secret}`;
    let cookie = await ctx.cookieFor('lead');
    const statuses = new Map<number, number>();
    for (const r of routes) {
      for (const headers of [{ 'sec-fetch-site': 'same-origin', origin: 'http://candor.test' }, { origin: 'http://candor.test' }, { 'sec-fetch-site': 'none' }, {}]) {
        const res = await ctx.app.inject({ method: r.method as 'POST', url: r.url, headers: { cookie, ...headers }, payload: {} });
        expect(res.statusCode === 403 && res.json().error?.code === 'cross_origin', `${r.method} ${r.url} ${JSON.stringify(headers)}`).toBe(false);
        expect(res.statusCode, `${r.method} ${r.url}: ${res.body.slice(0, 200)}`).toBeLessThan(500);
        // the route exists (an address the router does not know would pass every check above)
        expect(res.statusCode === 404 && /^No route/.test(res.json().error?.message ?? ''), `${r.method} ${r.url} is routed`).toBe(false);
        statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
        if (r.method === 'DELETE' && r.url === '/api/v1/session') {
          const again = await ctx.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email: 'lead@demo.candor.dev', password: DEMO_PASSWORD } });
          cookie = sessionCookie(again)!;
        }
      }
      const viaToken = await ctx.app.inject({ method: r.method as 'POST', url: r.url, headers: { authorization: bearer, origin: EVIL, 'sec-fetch-site': 'cross-site' }, payload: {} });
      expect(viaToken.statusCode === 403 && viaToken.json().error?.code === 'cross_origin', `${r.method} ${r.url} with a token`).toBe(false);
      expect(viaToken.statusCode, `${r.method} ${r.url}: ${viaToken.body.slice(0, 200)}`).toBeLessThan(500);
    }
    // they reached validation and the handlers (400/404/422…), not a blanket refusal
    expect([...statuses.keys()].some((s) => s === 400)).toBe(true);
    // and a real one goes through from our own pages (and the fingerprint sees such a write)
    const before = await fingerprint(ctx.deps);
    const note = await ctx.app.inject({ method: 'POST', url: `/api/v1/engagements/${ctx.seed.engagementId}/notes`, headers: { cookie, 'sec-fetch-site': 'same-origin' }, payload: { title: 'own page' } });
    expect(note.statusCode, note.body).toBe(201);
    expect(await fingerprint(ctx.deps)).not.toBe(before);
  }, 60_000);
});

describe.skipIf(pgMissing)('sessions, password changes and resets (ASVS V3.2, V3.3, V2.5)', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(() => ctx?.close());

  const signIn = (email: string, password = DEMO_PASSWORD, cookie?: string) =>
    ctx.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email, password }, ...(cookie ? { headers: { cookie } } : {}) });
  const whoAmI = async (cookie: string) => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/session', headers: { cookie } });
    return res.statusCode === 200 ? (res.json().user.email as string) : res.statusCode;
  };

  it('sign-in never adopts a session id the browser brings: a planted id stays unknown, a new one is issued', async () => {
    // an id of the attacker's choosing, even correctly signed (as if the secret had leaked)
    const planted = 'attacker-chosen-session-id-0123456789abcdefghij';
    const plantedCookie = `candor_session=${sign(planted, ctx.config.sessionSecret)}`;
    const res = await signIn('lead@demo.candor.dev', DEMO_PASSWORD, plantedCookie);
    expect(res.statusCode).toBe(200);
    const issued = sessionCookie(res)!;
    expect(issued).not.toBe(plantedCookie);
    expect(issued).not.toContain(planted);
    expect(await whoAmI(issued)).toBe('lead@demo.candor.dev');
    expect(await whoAmI(plantedCookie)).toBe(401);
  });

  it('signing in over an existing session ends that session server-side (another account, or the same one)', async () => {
    const attacker = sessionCookie(await signIn('member@demo.candor.dev'))!;
    const victim = await signIn('sponsor@demo.candor.dev', DEMO_PASSWORD, attacker);
    const fresh = sessionCookie(victim)!;
    expect(fresh).not.toBe(attacker);
    expect(await whoAmI(fresh)).toBe('sponsor@demo.candor.dev');
    expect(await whoAmI(attacker)).toBe(401);
    // and twice in a row as the same person: a new id each time, the old one gone
    const again = sessionCookie(await signIn('sponsor@demo.candor.dev', DEMO_PASSWORD, fresh))!;
    expect(again).not.toBe(fresh);
    expect(await whoAmI(fresh)).toBe(401);
    expect(await whoAmI(again)).toBe('sponsor@demo.candor.dev');
  });

  it('sign-out deletes the session server-side: a copy of the cookie no longer works', async () => {
    const cookie = sessionCookie(await signIn('stakeholder@demo.candor.dev'))!;
    const before = await ctx.deps.db.selectFrom('sessions').select('id').execute();
    const out = await ctx.app.inject({ method: 'DELETE', url: '/api/v1/session', headers: { cookie } });
    expect(out.statusCode).toBe(200);
    expect(out.cookies.find((c) => c.name === 'candor_session')?.value).toBe('');
    const after = await ctx.deps.db.selectFrom('sessions').select('id').execute();
    expect(after.length).toBe(before.length - 1);
    expect(await whoAmI(cookie)).toBe(401);
  });

  it('a password change ends every other session, keeps the current one and the API tokens, and uses up pending reset links', async () => {
    const email = 'member@demo.candor.dev';
    const current = sessionCookie(await signIn(email))!;
    const other1 = sessionCookie(await signIn(email))!;
    const other2 = sessionCookie(await signIn(email))!;
    const token = (await ctx.app.inject({ method: 'POST', url: '/api/v1/me/tokens', headers: { cookie: current }, payload: { name: 'script' } })).json().secret as string;
    const pendingLink = new URL(await createResetLink(ctx.deps, ctx.seed.users.member)).searchParams.get('token')!;
    const changed = await ctx.app.inject({ method: 'PUT', url: '/api/v1/me/password', headers: { cookie: current }, payload: { currentPassword: DEMO_PASSWORD, newPassword: 'changed-password-1' } });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(await whoAmI(current)).toBe(email);
    expect(await whoAmI(other1)).toBe(401);
    expect(await whoAmI(other2)).toBe(401);
    const sessions = await ctx.deps.db.selectFrom('sessions').select('id').where('user_id', '=', ctx.seed.users.member).execute();
    expect(sessions).toHaveLength(1);
    // API tokens are kept: named credentials of scripts, revoked one by one (ADR 0033)
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/session', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(200);
    // a reset link asked for before the change no longer works
    const reset = await ctx.app.inject({ method: 'POST', url: '/api/v1/password/reset', payload: { token: pendingLink, newPassword: 'attacker-password-1' } });
    expectErrorShape(reset, 400, 'invalid_token');
    expect((await signIn(email, 'changed-password-1')).statusCode).toBe(200);
  });

  it('a password reset ends every session and revokes the API tokens and calendar feeds', async () => {
    const email = 'stakeholder@demo.candor.dev';
    const s1 = sessionCookie(await signIn(email))!;
    const s2 = sessionCookie(await signIn(email))!;
    const token = (await ctx.app.inject({ method: 'POST', url: '/api/v1/me/tokens', headers: { cookie: s1 }, payload: { name: 'made by whoever held the account' } })).json().secret as string;
    const feed = (await ctx.app.inject({ method: 'POST', url: '/api/v1/me/calendar-feeds', headers: { cookie: s1 }, payload: { name: 'phone' } })).json().url as string;
    const feedPath = new URL(feed).pathname;
    expect((await ctx.app.inject({ method: 'GET', url: feedPath })).statusCode).toBe(200);
    const link = new URL(await createResetLink(ctx.deps, ctx.seed.users.stakeholder)).searchParams.get('token')!;
    const ok = await ctx.app.inject({ method: 'POST', url: '/api/v1/password/reset', payload: { token: link, newPassword: 'after-reset-pass-1' } });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(await whoAmI(s1)).toBe(401);
    expect(await whoAmI(s2)).toBe(401);
    expect((await ctx.deps.db.selectFrom('sessions').select('id').where('user_id', '=', ctx.seed.users.stakeholder).execute()).length).toBe(0);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/session', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(401);
    expect((await ctx.app.inject({ method: 'GET', url: feedPath })).statusCode).toBe(404);
    const audit = await ctx.deps.db.selectFrom('audit_log').select('payload').where('action', '=', 'user.password_reset').orderBy('seq', 'desc').executeTakeFirstOrThrow();
    expect(JSON.parse(audit.payload).after).toEqual({ sessionsEnded: 2, apiTokensRevoked: 1, calendarFeedsRevoked: 1 });
    expect((await signIn(email, 'after-reset-pass-1')).statusCode).toBe(200);
  });

  it('reset links: single-use, expiring, and a newer link replaces older ones; every refusal in Candor’s shape with no change', async () => {
    const email = 'sponsor@demo.candor.dev';
    const userId = ctx.seed.users.sponsor;
    const hashOf = async () => (await ctx.deps.db.selectFrom('users').select('password_hash').where('id', '=', userId).executeTakeFirstOrThrow()).password_hash;
    const reset = (token: string, newPassword: string) => ctx.app.inject({ method: 'POST', url: '/api/v1/password/reset', payload: { token, newPassword } });
    const tokenOf = (link: string) => new URL(link).searchParams.get('token')!;

    // a newer link replaces the older one
    const older = tokenOf(await createResetLink(ctx.deps, userId));
    const newer = tokenOf(await createResetLink(ctx.deps, userId));
    const h0 = await hashOf();
    expectErrorShape(await reset(older, 'older-link-pass-1'), 400, 'invalid_token');
    expect(await hashOf()).toBe(h0);

    // single use
    expect((await reset(newer, 'first-use-pass-1')).statusCode).toBe(200);
    const h1 = await hashOf();
    expectErrorShape(await reset(newer, 'second-use-pass-1'), 400, 'invalid_token');
    expect(await hashOf()).toBe(h1);

    // expiry: 2 hours, on the clock
    const late = tokenOf(await createResetLink(ctx.deps, userId));
    ctx.clock.advance(2 * 3600_000);
    expectErrorShape(await reset(late, 'too-late-pass-1'), 400, 'invalid_token');
    expect(await hashOf()).toBe(h1);
    const inTime = tokenOf(await createResetLink(ctx.deps, userId));
    ctx.clock.advance(2 * 3600_000 - 1000);
    expect((await reset(inTime, 'in-time-pass-12')).statusCode).toBe(200);

    // an unknown token, and one that differs from a real one in its last character
    const real = tokenOf(await createResetLink(ctx.deps, userId));
    const h2 = await hashOf();
    expectErrorShape(await reset(`${real.slice(0, -1)}${real.endsWith('A') ? 'B' : 'A'}`, 'near-miss-pass-1'), 400, 'invalid_token');
    expect(await hashOf()).toBe(h2);
    expect((await signIn(email, 'in-time-pass-12')).statusCode).toBe(200);
  });
});

describe.skipIf(pgMissing)('invitation links: single-use and expiring (ASVS V2.5)', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(() => ctx?.close());

  const ok = async (who: 'sponsor' | 'stakeholder' | 'lead', method: 'GET' | 'POST', url: string, payload?: object, status = 200): Promise<Json> => {
    const res = await ctx.as(who, { method, url, ...(payload ? { payload } : {}) });
    if (res.statusCode !== status) throw new Error(`${method} ${url} as ${who}: ${res.statusCode} ${res.body}`);
    return res.json();
  };

  it('an engagement invitation works once, and not after its expiry', async () => {
    const E = ctx.seed.engagementId;
    const invite = async (email: string, expiresInDays: number) =>
      (await ok('lead', 'POST', `/api/v1/engagements/${E}/invitations`, { email, role: 'member', expiresInDays }, 201)).link.split('/invitations/')[1] as string;
    const once = await invite('new-dev@demo.candor.dev', 1);
    const accept = (token: string, name: string) => ctx.app.inject({ method: 'POST', url: `/api/v1/invitations/${token}/accept`, payload: { name, password: 'invitee-pass-123' } });
    const first = await accept(once, 'New Dev');
    expect(first.statusCode, first.body).toBe(200);
    expect(sessionCookie(first)).not.toBeNull();
    const members = await ctx.deps.db.selectFrom('memberships').select('user_id').where('engagement_id', '=', E).execute();
    expectErrorShape(await accept(once, 'Replay'), 404, 'invitation_invalid');
    expect((await ctx.deps.db.selectFrom('memberships').select('user_id').where('engagement_id', '=', E).execute()).length).toBe(members.length);

    const expiring = await invite('late-dev@demo.candor.dev', 1);
    ctx.clock.advance(24 * 3600_000);
    expectErrorShape(await ctx.app.inject({ method: 'GET', url: `/api/v1/invitations/${expiring}` }), 404, 'invitation_invalid');
    expectErrorShape(await accept(expiring, 'Late Dev'), 404, 'invitation_invalid');
    expect(await ctx.deps.db.selectFrom('users').select('id').where('email', '=', 'late-dev@demo.candor.dev').executeTakeFirst()).toBeUndefined();
  });

  it('a selection invitation works once, and not 30 days after it was sent', async () => {
    const brightline = (await ok('sponsor', 'GET', '/api/v1/selection-directory')).providers.find((p: Json) => p.name === 'Brightline Software').id as string;
    const decided = async (title: string) => {
      const s = await ok('sponsor', 'POST', '/api/v1/selections', { title, criteria: [{ key: 'risk_openness', label: 'Risks', weight: 100 }] }, 201);
      await ok('sponsor', 'POST', `/api/v1/selections/${s.id}/evaluators`, { userId: ctx.seed.users.stakeholder }, 201);
      const c = await ok('sponsor', 'POST', `/api/v1/selections/${s.id}/candidates`, { providerOrgId: brightline }, 201);
      await ok('stakeholder', 'POST', `/api/v1/selections/${s.id}/scores`, { candidateId: c.id, submit: true, scores: [{ criterion: 'risk_openness', score: 4, comment: '' }] });
      await ok('sponsor', 'POST', `/api/v1/selections/${s.id}/decision`, { candidateId: c.id, reasons: 'Only one' });
      return (await ok('sponsor', 'POST', `/api/v1/selections/${s.id}/invitation`, {}, 201)).link.split('/selection-invitations/')[1] as string;
    };
    const accept = (token: string) => ctx.as('lead', { method: 'POST', url: `/api/v1/selection-invitations/${token}/accept`, headers: { 'sec-fetch-site': 'same-origin' }, payload: {} });
    const once = await decided('Once');
    expect((await accept(once)).statusCode).toBe(200);
    const engagements = await ctx.deps.db.selectFrom('engagements').select('id').execute();
    expectErrorShape(await accept(once), 404, 'not_found');
    expect((await ctx.deps.db.selectFrom('engagements').select('id').execute()).length).toBe(engagements.length);

    const late = await decided('Late');
    ctx.clock.advance(30 * 24 * 3600_000);
    expectErrorShape(await ctx.app.inject({ method: 'GET', url: `/api/v1/selection-invitations/${late}` }), 404, 'not_found');
    expectErrorShape(await accept(late), 404, 'not_found');
    expect((await ctx.deps.db.selectFrom('engagements').select('id').execute()).length).toBe(engagements.length);
  });
});

describe.skipIf(pgMissing)('uploads: size, type, names, and how files come back (ASVS V12)', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(() => ctx?.close());
  const eng = () => ctx.seed.engagementId;

  it('imports: over 20 MB is 413 in Candor’s shape, before anything is stored', async () => {
    const before = await ctx.deps.db.selectFrom('delivery_imports').select('id').execute();
    const header = 'Issue id,Summary\n';
    const big = Buffer.alloc(20 * 1024 * 1024 + 1, 'a');
    big.write(header);
    const res = await ctx.as('lead', { method: 'POST', url: `/api/v1/engagements/${eng()}/imports?source=jira`, headers: { 'content-type': 'text/csv' }, payload: big });
    expectErrorShape(res, 413, 'too_large');
    expect(res.json().error.message).toContain('20 MB');
    expect(await ctx.deps.db.selectFrom('delivery_imports').select('id').execute()).toHaveLength(before.length);
  }, 30_000);

  it('imports: a body that says it is HTML, an image, a form or an archive is 415 before it is read; CSV and JSON types pass', async () => {
    const url = `/api/v1/engagements/${eng()}/imports?source=jira&fileName=x.csv`;
    const csv = 'Issue id,Summary\n1,One\n';
    for (const type of ['text/html', 'image/svg+xml', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded', 'application/zip', 'application/pdf']) {
      const res = await ctx.as('lead', { method: 'POST', url, headers: { 'content-type': type }, payload: csv });
      expectErrorShape(res, 415, 'unsupported_media_type');
    }
    for (const type of ['text/csv', 'text/csv; charset=utf-8', 'application/vnd.ms-excel', 'application/octet-stream', 'text/plain']) {
      const res = await ctx.as('lead', { method: 'POST', url, headers: { 'content-type': type }, payload: csv });
      expect(res.statusCode, `${type}: ${res.body}`).toBe(201);
    }
  });

  it('imports: the bytes decide (content sniffing): binary data, a ZIP or an image named .csv is refused as a file problem', async () => {
    const url = `/api/v1/engagements/${eng()}/imports?source=jira&fileName=evil.csv`;
    for (const bytes of [Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 1]), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]), Buffer.from('Issue id,Summary\n1,\u0000\u0001\u0002\n')]) {
      const res = await ctx.as('lead', { method: 'POST', url, headers: { 'content-type': 'text/csv' }, payload: bytes });
      expect(res.statusCode, res.body).toBeGreaterThanOrEqual(400);
      expect(res.statusCode).toBeLessThan(500);
      expect(res.json().error.code).toEqual(expect.any(String));
    }
  });

  it('imports: the file name is data, never a path: stored and returned as given, in JSON', async () => {
    const name = '../../../etc/passwd<script>alert(1)</script>.csv';
    const res = await ctx.as('lead', { method: 'POST', url: `/api/v1/engagements/${eng()}/imports?source=jira&fileName=${encodeURIComponent(name)}`, headers: { 'content-type': 'text/csv' }, payload: 'Issue id,Summary\n1,One\n' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.json().fileName).toBe(name);
    const list = await ctx.as('lead', { method: 'GET', url: `/api/v1/engagements/${eng()}/imports` });
    expect(list.headers['content-type']).toMatch(/^application\/json/);
    expect(list.headers['x-content-type-options']).toBe('nosniff');
  });

  it('GitHub import and ordinary JSON bodies: over 1 MB is 413 in Candor’s shape', async () => {
    const res = await ctx.as('lead', { method: 'POST', url: `/api/v1/engagements/${eng()}/imports/github`, payload: { repository: 'a/b', token: 'x', labels: 'l'.repeat(1024 * 1024) } });
    expectErrorShape(res, 413, 'too_large');
    const note = await ctx.as('lead', { method: 'POST', url: `/api/v1/engagements/${eng()}/notes`, payload: { title: 'big', body: 'b'.repeat(1024 * 1024) } });
    expectErrorShape(note, 413, 'too_large');
  });

  describe('selection evidence documents', () => {
    let selectionId = '';
    let candidateId = '';
    beforeAll(async () => {
      const s = await ctx.as('sponsor', { method: 'POST', url: '/api/v1/selections', payload: { title: 'Uploads', criteria: [{ key: 'risk_openness', label: 'Risks', weight: 100 }] } });
      selectionId = s.json().id;
      const c = await ctx.as('sponsor', { method: 'POST', url: `/api/v1/selections/${selectionId}/candidates`, payload: { name: 'Upload Co' } });
      candidateId = c.json().id;
    });
    const add = (body: object) => ctx.as('sponsor', { method: 'POST', url: `/api/v1/selections/${selectionId}/candidates/${candidateId}/evidence`, payload: { kind: 'document', title: 'Doc', ...body } });
    const count = async () => (await ctx.deps.db.selectFrom('selection_evidence').select('id').where('candidate_id', '=', candidateId).execute()).length;

    it('size: over 5 MB decoded is 400 naming data; a body over 8 MB is 413; nothing is stored', async () => {
      const six = Buffer.alloc(5 * 1024 * 1024 + 10, 'a').toString('base64');
      const tooBig = await add({ fileName: 'a.txt', contentType: 'text/plain', data: six });
      expect(tooBig.statusCode, tooBig.body.slice(0, 200)).toBe(400);
      expect(tooBig.json().error.details.map((d: Json) => d.field)).toContain('data');
      const huge = await add({ fileName: 'a.txt', contentType: 'text/plain', data: Buffer.alloc(7 * 1024 * 1024, 'a').toString('base64') });
      expectErrorShape(huge, 413, 'too_large');
      expect(huge.json().error.message).toContain('8 MB');
      expect(await count()).toBe(0);
    }, 30_000);

    it('type: only the listed document types, and the bytes must match the type claimed', async () => {
      const html = Buffer.from('<html><script>alert(1)</script></html>').toString('base64');
      const asHtml = await add({ fileName: 'x.html', contentType: 'text/html', data: html });
      expect(asHtml.statusCode).toBe(400);
      expect(asHtml.json().error.details.map((d: Json) => d.field)).toContain('contentType');
      const svg = await add({ fileName: 'x.svg', contentType: 'image/svg+xml', data: html });
      expect(svg.statusCode).toBe(400);
      const fakePdf = await add({ fileName: 'x.pdf', contentType: 'application/pdf', data: html });
      expect(fakePdf.statusCode).toBe(400);
      expect(fakePdf.json().error.details.map((d: Json) => d.field)).toContain('data');
      const fakePng = await add({ fileName: 'x.png', contentType: 'image/png', data: html });
      expect(fakePng.statusCode).toBe(400);
      expect(await count()).toBe(0);
    });

    it('downloads: an attachment with the declared (never executable) type, nosniff and no-store; the file name cannot break the header', async () => {
      const name = 'report"; filename=evil.html\r\nX-Injected: 1.pdf';
      const pdf = Buffer.from('%PDF-1.4\n<script>alert(1)</script>\n%%EOF\n');
      const added = await add({ fileName: name, contentType: 'application/pdf', data: pdf.toString('base64') });
      expect(added.statusCode, added.body).toBe(201);
      const md = await add({ fileName: 'notes.md', contentType: 'text/markdown', data: Buffer.from('<script>alert(1)</script>').toString('base64') });
      expect(md.statusCode, md.body).toBe(201);
      for (const [id, type] of [
        [added.json().id, 'application/pdf'],
        [md.json().id, 'text/markdown'],
      ] as const) {
        const res = await ctx.as('sponsor', { method: 'GET', url: `/api/v1/selections/${selectionId}/candidates/${candidateId}/evidence/${id}/file` });
        expect(res.statusCode).toBe(200);
        expect(String(res.headers['content-type'])).toMatch(new RegExp(`^${type.replace('/', '\\/')}`));
        expect(String(res.headers['content-type'])).not.toMatch(/html|javascript|svg|xml/);
        const disposition = String(res.headers['content-disposition']);
        expect(disposition).toMatch(/^attachment; filename="[\w.\- ]+"; filename\*=UTF-8''[\w.\-~%!*'()]+$/);
        expect(res.headers['x-injected']).toBeUndefined();
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        expect(String(res.headers['cache-control'])).toContain('no-store');
        expect(cspOf(res).get('script-src')).toEqual(["'self'"]);
      }
      const pdfBack = await ctx.as('sponsor', { method: 'GET', url: `/api/v1/selections/${selectionId}/candidates/${candidateId}/evidence/${added.json().id}/file` });
      expect(pdfBack.rawPayload.equals(pdf)).toBe(true);
    });
  });
});
