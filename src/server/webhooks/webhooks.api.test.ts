import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestContext, type DemoKey, pgMissing, type TestContext } from '../../../test/context';
import { unscoped } from '../authz/scoped';
import { runDueJobs } from '../jobs/queue';
import { JOB_HANDLERS } from '../jobs/registry';

/** A receiver on 127.0.0.1 (a free port) that answers from a script and records every request. */
interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  url: string;
}
interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}
async function receiver(script: Answer[] = [], fallback: Answer = { status: 204 }) {
  const got: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      got.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), url: req.url ?? '' });
      const a = script.shift() ?? fallback;
      res.writeHead(a.status, a.headers ?? {});
      res.end(a.body ?? '');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return { got, url: `http://127.0.0.1:${port}/hook`, port, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const CANARIES = ['ZQX-wh-note-9121', 'ZQX-wh-risk-9122', 'ZQX-wh-escalation-9123', 'ZQX-wh-commitment-9124'];

describe.skipIf(pgMissing)('webhooks', () => {
  let ctx: TestContext;
  let E: string;
  const closers: (() => Promise<void>)[] = [];
  const api = (path = '') => `/api/v1/engagements/${E}/webhooks${path}`;
  const call = (who: DemoKey, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) => ctx.as(who, { method, url, ...(payload ? { payload } : {}) });
  const run = () => runDueJobs(ctx.deps, JOB_HANDLERS);
  const register = async (who: DemoKey, url: string, events: string[] = ['*']) => {
    const res = await call(who, 'POST', api(), { url, events });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; secret: string };
  };
  const rx = async (script: Answer[] = [], fallback?: Answer) => {
    const r = await receiver(script, fallback);
    closers.push(r.close);
    return r;
  };
  const note = async (title: string, visibility = 'shared', who: DemoKey = 'lead') => {
    const res = await call(who, 'POST', `/api/v1/engagements/${E}/notes`, { title, visibility });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  const deliveries = async (who: DemoKey, id: string) => {
    const res = await call(who, 'GET', api(`/${id}/deliveries?limit=200`));
    expect(res.statusCode, res.body).toBe(200);
    return res.json().deliveries as { id: string; messageId: string; attempt: number; status: string; responseStatus: number | null; responseBody: string | null; error: string | null; nextAttemptAt: string | null; durationMs: number | null; trigger: string; eventType: string; request: { headers: Record<string, string>; body: string } }[];
  };
  /** Verifies with the official package; its 5-minute tolerance is judged against the test clock's "now". */
  const verify = (secret: string, r: Received) => {
    vi.useFakeTimers({ toFake: ['Date'], now: ctx.clock.now() });
    try {
      return new Webhook(secret).verify(r.body, r.headers as Record<string, string>);
    } finally {
      vi.useRealTimers();
    }
  };
  const pending = async (webhookId: string) =>
    unscoped(ctx.deps.db, 'test: waiting attempts').selectFrom('webhook_attempts').select(['id', 'scheduled_at', 'attempt']).where('webhook_id', '=', webhookId).where('status', '=', 'pending').orderBy('scheduled_at').execute();

  beforeAll(async () => {
    ctx = await createTestContext();
    E = ctx.seed.engagementId;
    ctx.config.webhookAllowPrivate = true; // the receivers listen on 127.0.0.1
    await run();
  }, 180_000);
  afterEach(async () => {
    // each test's endpoints stop receiving (so the next test's events reach only its own)
    await unscoped(ctx.deps.db, 'test cleanup').deleteFrom('webhook_attempts').execute();
    await unscoped(ctx.deps.db, 'test cleanup').deleteFrom('webhook_messages').execute();
    await unscoped(ctx.deps.db, 'test cleanup').deleteFrom('webhooks').execute();
    ctx.config.webhookAllowPrivate = true;
  });
  afterAll(async () => {
    for (const c of closers) await c();
    await ctx?.close();
  });

  it('registers for the lead and the sponsor only, each side seeing only its own, and shows the secret once', async () => {
    const r = await rx();
    for (const who of ['member', 'stakeholder'] as const) expect((await call(who, 'POST', api(), { url: r.url, events: ['*'] })).statusCode).toBe(403);
    const lead = await register('lead', r.url, ['note.*', 'risk.*']);
    const sponsor = await register('sponsor', r.url, ['commitment.*']);
    expect(lead.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    const bytes = Buffer.from(lead.secret.slice(6), 'base64').length;
    expect(bytes).toBeGreaterThanOrEqual(24);
    expect(bytes).toBeLessThanOrEqual(64);
    expect(lead.secret).not.toBe(sponsor.secret);
    const leadList = (await call('lead', 'GET', api())).json();
    const sponsorList = (await call('sponsor', 'GET', api())).json();
    expect(leadList.webhooks.map((w: { id: string }) => w.id)).toContain(lead.id);
    expect(leadList.webhooks.map((w: { id: string }) => w.id)).not.toContain(sponsor.id);
    expect(sponsorList.webhooks.map((w: { id: string }) => w.id)).toEqual([sponsor.id]);
    expect(sponsorList.webhooks[0].side).toBe('client');
    expect(leadList.eventGroups.map((g: { type: string }) => g.type)).toContain('commitment.*');
    expect(JSON.stringify(leadList) + JSON.stringify(sponsorList)).not.toContain('whsec_');
    expect((await call('sponsor', 'GET', api(`/${lead.id}`))).statusCode).toBe(404);
    expect((await call('sponsor', 'GET', api(`/${lead.id}/deliveries`))).statusCode).toBe(404);
    expect((await call('lead', 'POST', api(`/${sponsor.id}/test`))).statusCode).toBe(404);
    expect((await call('member', 'GET', api())).statusCode).toBe(403);
    const one = (await call('lead', 'GET', api(`/${lead.id}`))).json();
    expect(one.events).toEqual(['note.*', 'risk.*']);
    expect(one).not.toHaveProperty('secret');
  });

  it('refuses bad registrations with 400s naming the field, and writes nothing', async () => {
    const before = (await call('lead', 'GET', api())).json().webhooks.length;
    const bad = async (body: object, field: string, text: string) => {
      const res = await call('lead', 'POST', api(), body);
      expect(res.statusCode, res.body).toBe(400);
      const d = res.json().error.details as { field: string; message: string }[];
      expect(d.map((x) => x.field)).toContain(field);
      expect(JSON.stringify(d)).toContain(text);
    };
    await bad({ url: 'ftp://example.com/x', events: ['*'] }, 'url', 'Only https or http');
    await bad({ url: 'https://user:pw@example.com/x', events: ['*'] }, 'url', 'No user name or password');
    await bad({ url: 'no', events: ['*'] }, 'url', 'Not a URL');
    await bad({ url: 'https://example.com/x', events: [] }, 'events', 'at least one');
    await bad({ url: 'https://example.com/x', events: ['nope.*', 'commitment.kept'] }, 'events', 'nope.*');
    await bad({ url: 'https://example.com/x' }, 'events', '');
    await bad({ url: 'https://example.com/x', events: ['*'], secret: 'mine' }, 'secret', '');
    expect((await call('lead', 'GET', api())).json().webhooks.length).toBe(before);
    expect((await call('lead', 'PATCH', api('/nope'), { enabled: false })).statusCode).toBe(404);
  });

  it('delivers through a job, never in the request, signed so that standardwebhooks verifies it', async () => {
    const r = await rx();
    const hook = await register('lead', r.url, ['note.*']);
    const id = await note('Kick-off notes for the webhook');
    expect(r.got).toHaveLength(0); // the request that caused the event sent nothing
    await run();
    expect(r.got).toHaveLength(1);
    const got = r.got[0]!;
    expect(got.headers['content-type']).toBe('application/json');
    expect(got.headers['webhook-id']).toMatch(/^msg_/);
    expect(got.headers['webhook-timestamp']).toBe(String(Math.floor(ctx.clock.now().getTime() / 1000)));
    expect(got.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    const payload = verify(hook.secret, got) as { type: string; data: { object: { id: string; title: string; link: string } } };
    expect(payload.type).toBe('note.created');
    expect(payload.data.object).toEqual({ type: 'note', id, title: 'Kick-off notes for the webhook', link: `http://candor.test/engagements/${E}/notes` });
    expect(() => new Webhook(`whsec_${Buffer.alloc(32, 3).toString('base64')}`).verify(got.body, got.headers as Record<string, string>)).toThrow();
    // another group is not sent
    await call('lead', 'POST', `/api/v1/engagements/${E}/raid`, { type: 'risk', title: 'Unrelated risk', probability: 2, impact: 2, owner: 'x' });
    await run();
    expect(r.got).toHaveLength(1);
    const log = await deliveries('lead', hook.id);
    expect(log[0]).toMatchObject({ attempt: 1, status: 'succeeded', responseStatus: 204, trigger: 'event', eventType: 'note.created' });
    expect(log[0]!.request.headers).not.toHaveProperty('webhook-signature');
    expect(log[0]!.request.headers['webhook-id']).toBe(got.headers['webhook-id']);
    expect(log[0]!.request.body).toBe(got.body);
    expect(log[0]!.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('retries a receiver that fails twice then succeeds, on the schedule, under one webhook-id', async () => {
    const r = await rx([
      { status: 500, body: 'boom' },
      { status: 502, body: 'x'.repeat(5000) },
    ]);
    const hook = await register('lead', r.url, ['note.*']);
    await note('Retried note');
    await run();
    expect(r.got).toHaveLength(1);
    let log = await deliveries('lead', hook.id);
    expect(log.map((d) => [d.attempt, d.status])).toEqual([
      [2, 'pending'],
      [1, 'failed'],
    ]); // the log shows the attempt waiting too
    expect(log[1]).toMatchObject({ attempt: 1, status: 'failed', responseStatus: 500, responseBody: 'boom' });
    const next = Date.parse(log[1]!.nextAttemptAt!) - ctx.clock.now().getTime();
    expect(next).toBeGreaterThanOrEqual(4_500);
    expect(next).toBeLessThanOrEqual(5_500);
    await run(); // not due yet
    expect(r.got).toHaveLength(1);
    ctx.clock.advance(6_000);
    await run();
    expect(r.got).toHaveLength(2);
    log = await deliveries('lead', hook.id);
    expect(log[1]).toMatchObject({ attempt: 2, status: 'failed', responseStatus: 502 });
    expect(log[1]!.responseBody).toHaveLength(2048); // the first 2 KB only
    const third = Date.parse(log[1]!.nextAttemptAt!) - ctx.clock.now().getTime();
    expect(third).toBeGreaterThanOrEqual(270_000);
    expect(third).toBeLessThanOrEqual(330_000);
    ctx.clock.advance(4 * 60_000);
    await run();
    expect(r.got).toHaveLength(2);
    ctx.clock.advance(2 * 60_000);
    await run();
    expect(r.got).toHaveLength(3);
    log = await deliveries('lead', hook.id);
    expect(log.map((d) => [d.attempt, d.status])).toEqual([
      [3, 'succeeded'],
      [2, 'failed'],
      [1, 'failed'],
    ]);
    expect(new Set(r.got.map((g) => g.headers['webhook-id'])).size).toBe(1);
    expect(new Set(r.got.map((g) => g.body)).size).toBe(1);
    for (const g of r.got.slice(-1)) expect(verify(hook.secret, g)).toBeTruthy();
    expect((await call('lead', 'GET', api(`/${hook.id}`))).json().failingSince).toBeNull();
  });

  it('honours Retry-After', async () => {
    const r = await rx([{ status: 503, headers: { 'retry-after': '600' } }]);
    const hook = await register('lead', r.url, ['note.*']);
    await note('Busy receiver');
    await run();
    const log = await deliveries('lead', hook.id);
    expect(Date.parse(log[1]!.nextAttemptAt!) - ctx.clock.now().getTime()).toBe(600_000);
    expect(log[0]).toMatchObject({ attempt: 2, status: 'pending' });
    ctx.clock.advance(5 * 60_000);
    await run();
    expect(r.got).toHaveLength(1);
    ctx.clock.advance(5 * 60_000 + 1_000);
    await run();
    expect(r.got).toHaveLength(2);
  });

  it('disables the endpoint on 410 Gone and tells the lead', async () => {
    const r = await rx([{ status: 410 }]);
    const hook = await register('lead', r.url, ['note.*']);
    await note('Gone receiver');
    await run();
    const h = (await call('lead', 'GET', api(`/${hook.id}`))).json();
    expect(h.enabled).toBe(false);
    expect(h.disabledReason).toContain('410');
    expect(await pending(hook.id)).toHaveLength(0);
    await note('After it went away');
    await run();
    expect(r.got).toHaveLength(1);
    const notes = (await call('lead', 'GET', '/api/v1/notifications?limit=50')).json().notifications as { kind: string; body: string }[];
    expect(notes.some((n) => n.kind === 'webhook.disabled' && n.body.includes('410'))).toBe(true);
    // enabling again clears it and delivers new events
    expect((await call('lead', 'PATCH', api(`/${hook.id}`), { enabled: true })).json().enabled).toBe(true);
    await note('Back again');
    await run();
    expect(r.got).toHaveLength(2);
  });

  it('disables an endpoint after 5 days of consecutive failures across messages, and notifies the lead', async () => {
    const r = await rx([], { status: 500 });
    const hook = await register('lead', r.url, ['note.*']);
    const start = ctx.clock.now().getTime();
    const drainUntil = async (until: number) => {
      for (;;) {
        await run();
        const p = await pending(hook.id);
        if (p.length === 0 || Date.parse(p[0]!.scheduled_at) > until) return;
        ctx.clock.set(new Date(Math.max(ctx.clock.now().getTime(), Date.parse(p[0]!.scheduled_at))));
      }
    };
    for (let day = 0; day < 6; day++) {
      ctx.clock.set(new Date(start + day * 86_400_000));
      await note(`Failing day ${day}`);
      await drainUntil(start + (day + 1) * 86_400_000 - 1);
      const h = (await call('lead', 'GET', api(`/${hook.id}`))).json();
      if (day < 5) expect(h.enabled, `day ${day}`).toBe(true);
      if (!h.enabled) break;
    }
    const h = (await call('lead', 'GET', api(`/${hook.id}`))).json();
    expect(h.enabled).toBe(false);
    expect(h.disabledReason).toContain('5 days');
    expect(Date.parse(h.disabledAt) - Date.parse(h.failingSince)).toBeGreaterThanOrEqual(5 * 86_400_000);
    expect(r.got.length).toBeGreaterThan(8); // more than one message's attempts
    const notes = (await call('lead', 'GET', '/api/v1/notifications?limit=50')).json().notifications as { kind: string; body: string; link: string }[];
    expect(notes.some((n) => n.kind === 'webhook.disabled' && n.body.includes('5 days') && n.link.endsWith('/webhooks'))).toBe(true);
  }, 120_000);

  it('refuses loopback, private and metadata addresses at delivery time (with the setting off)', async () => {
    ctx.config.webhookAllowPrivate = false;
    const r = await rx();
    const hooks = [await register('lead', r.url, ['note.*']), await register('lead', `http://localhost:${r.port}/hook`, ['note.*']), await register('lead', 'http://169.254.169.254/latest/meta-data', ['note.*']), await register('lead', 'http://[::1]:9/x', ['note.*'])];
    await note('Must not reach a private address');
    await run();
    expect(r.got).toHaveLength(0);
    const errors = [];
    for (const h of hooks) {
      const first = (await deliveries('lead', h.id)).find((d) => d.attempt === 1)!;
      expect(first.status).toBe('failed');
      expect(first.responseStatus).toBeNull();
      expect(first.nextAttemptAt).not.toBeNull(); // a refusal is a failure like any other: retried, and counted
      errors.push(first.error);
    }
    expect(errors[0]).toContain('loopback');
    expect(errors[1]).toContain('loopback');
    expect(errors[2]).toContain('metadata');
    expect(errors[3]).toContain('loopback');
    expect(errors[0]).toContain('CANDOR_WEBHOOK_ALLOW_PRIVATE');
  });

  it('does not follow redirects', async () => {
    const target = await rx();
    const r = await rx([{ status: 302, headers: { location: target.url } }]);
    const hook = await register('lead', r.url, ['note.*']);
    await note('Redirected');
    await run();
    expect(r.got).toHaveLength(1);
    expect(target.got).toHaveLength(0);
    const first = (await deliveries('lead', hook.id)).find((d) => d.attempt === 1)!;
    expect(first).toMatchObject({ status: 'failed', responseStatus: 302 });
    expect(first.nextAttemptAt).not.toBeNull();
  });

  it('rotates the secret: both signatures for 24 h, then only the new one', async () => {
    const r = await rx();
    const hook = await register('lead', r.url, ['note.*']);
    const rotated = await call('lead', 'POST', api(`/${hook.id}/rotate-secret`));
    expect(rotated.statusCode, rotated.body).toBe(200);
    const fresh = rotated.json().secret as string;
    expect(fresh).not.toBe(hook.secret);
    expect(Date.parse(rotated.json().previousSecretExpiresAt) - ctx.clock.now().getTime()).toBe(86_400_000);
    await note('Signed twice');
    await run();
    expect(String(r.got[0]!.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(verify(fresh, r.got[0]!)).toBeTruthy();
    expect(verify(hook.secret, r.got[0]!)).toBeTruthy();
    ctx.clock.advance(86_400_000 + 1_000);
    await note('Signed once');
    await run();
    expect(String(r.got[1]!.headers['webhook-signature']).split(' ')).toHaveLength(1);
    expect(verify(fresh, r.got[1]!)).toBeTruthy();
    expect(() => verify(hook.secret, r.got[1]!)).toThrow();
  });

  it('sends a test event and redelivers a message with its webhook-id, through jobs', async () => {
    const r = await rx();
    const hook = await register('sponsor', r.url, ['commitment.*']);
    const t = await call('sponsor', 'POST', api(`/${hook.id}/test`));
    expect(t.statusCode, t.body).toBe(202);
    expect(r.got).toHaveLength(0);
    await run();
    expect(r.got).toHaveLength(1);
    expect((verify(hook.secret, r.got[0]!) as { type: string }).type).toBe('webhook.test');
    const [d] = await deliveries('sponsor', hook.id);
    const again = await call('sponsor', 'POST', api(`/${hook.id}/deliveries/${d!.id}/redeliver`));
    expect(again.statusCode, again.body).toBe(202);
    expect((await call('sponsor', 'POST', api(`/${hook.id}/deliveries/${d!.id}/redeliver`))).statusCode).toBe(409); // one waiting already
    await run();
    expect(r.got).toHaveLength(2);
    expect(r.got[1]!.headers['webhook-id']).toBe(r.got[0]!.headers['webhook-id']);
    const log = await deliveries('sponsor', hook.id);
    expect(log[0]).toMatchObject({ attempt: 2, trigger: 'redeliver', status: 'succeeded' });
    expect((await call('sponsor', 'POST', api(`/${hook.id}/deliveries/nope/redeliver`))).statusCode).toBe(404);
    // disabled: no test, no redelivery; deleted: gone
    expect((await call('sponsor', 'PATCH', api(`/${hook.id}`), { enabled: false })).json().enabled).toBe(false);
    expect((await call('sponsor', 'POST', api(`/${hook.id}/test`))).statusCode).toBe(409);
    expect((await call('sponsor', 'DELETE', api(`/${hook.id}`))).statusCode).toBe(200);
    expect((await call('sponsor', 'GET', api(`/${hook.id}`))).statusCode).toBe(404);
  });

  it('LEAK: a sponsor-created webhook carries none of the internal canaries, a lead-created one carries them all', async () => {
    const client = await rx();
    const provider = await rx();
    const s = await register('sponsor', client.url, ['*']);
    const l = await register('lead', provider.url, ['*']);
    await note(CANARIES[0]!, 'internal');
    await note('Shared note both may see');
    expect((await call('lead', 'POST', `/api/v1/engagements/${E}/raid`, { type: 'risk', title: CANARIES[1], probability: 3, impact: 3, owner: 'x', visibility: 'internal' })).statusCode).toBe(201);
    expect((await call('member', 'POST', `/api/v1/engagements/${E}/escalations`, { subjectType: 'concern', title: CANARIES[2], visibility: 'internal' })).statusCode).toBe(201);
    expect((await call('lead', 'POST', `/api/v1/engagements/${E}/commitments`, { side: 'provider', title: CANARIES[3], dueDate: '2026-12-01', visibility: 'internal' })).statusCode).toBe(201);
    await run();
    const clientText = client.got.map((g) => g.body).join('\n') + JSON.stringify(await deliveries('sponsor', s.id));
    const providerText = provider.got.map((g) => g.body).join('\n') + JSON.stringify(await deliveries('lead', l.id));
    for (const c of CANARIES) {
      expect(clientText, c).not.toContain(c);
      expect(providerText, c).toContain(c);
    }
    expect(clientText).toContain('Shared note both may see');
    for (const g of client.got) expect(verify(s.secret, g)).toBeTruthy();
    // an endpoint whose creator no longer holds that role sends nothing: checked again at delivery time
    const before = client.got.length;
    await note('Queued before the role change');
    await unscoped(ctx.deps.db, 'test: the sponsor becomes a stakeholder').updateTable('memberships').set({ role: 'stakeholder' }).where('user_id', '=', ctx.seed.users.sponsor).where('engagement_id', '=', E).execute();
    try {
      await run();
      await note('After the role change');
      await run();
      expect(client.got).toHaveLength(before);
    } finally {
      await unscoped(ctx.deps.db, 'test: restore the sponsor').updateTable('memberships').set({ role: 'sponsor' }).where('user_id', '=', ctx.seed.users.sponsor).where('engagement_id', '=', E).execute();
    }
    const log = await deliveries('sponsor', s.id);
    expect(log[0]!.status).toBe('cancelled');
    expect(log[0]!.error).toContain('no longer a sponsor');
  });
});

describe.skipIf(pgMissing)('webhooks in OpenAPI', () => {
  it('documents the fixed paths exactly as the issue names them', async () => {
    const ctx = await createTestContext();
    try {
      const doc = (await ctx.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
      expect(Object.keys(doc.paths['/api/v1/engagements/{id}/webhooks'] ?? {}).sort()).toEqual(['get', 'post']);
      expect(doc.paths['/api/v1/engagements/{id}/webhooks/{webhookId}/deliveries']).toHaveProperty('get');
      expect(doc.paths['/api/v1/engagements/{id}/webhooks/{webhookId}/test']).toHaveProperty('post');
    } finally {
      await ctx.close();
    }
  }, 180_000);
});
