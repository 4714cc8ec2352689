import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type DemoKey, pgMissing, type TestContext } from '../../../test/context';
import { mailText, startSmtp } from '../../../test/smtp';
import { JOB_HANDLERS } from '../jobs/registry';
import { runDueJobs } from '../jobs/queue';
import { scheduleAllDigests } from '../notify/digest';

const MARKER = 'ZQX-internal-live-4411';

interface Parsed {
  id?: string;
  event?: string;
  data?: Record<string, unknown>;
}
/** The events of a text/event-stream body (comments and the retry line skipped). */
function parseSse(text: string): Parsed[] {
  return text
    .split('\n\n')
    .map((block) => {
      const e: Parsed = {};
      for (const line of block.split('\n')) {
        if (line.startsWith('id: ')) e.id = line.slice(4);
        else if (line.startsWith('event: ')) e.event = line.slice(7);
        else if (line.startsWith('data: ')) e.data = JSON.parse(line.slice(6));
      }
      return e;
    })
    .filter((e) => e.event);
}

describe.skipIf(pgMissing)('live events, preferences and the digest', () => {
  let ctx: TestContext;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let E: string;
  let base: string;
  beforeAll(async () => {
    smtp = await startSmtp();
    ctx = await createTestContext({ smtpUrl: smtp.url });
    E = ctx.seed.engagementId;
    await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(ctx.app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await ctx?.close();
    await smtp?.stop();
  });

  const once = async (who: DemoKey, lastEventId?: string) => {
    const res = await ctx.as(who, { method: 'GET', url: '/api/v1/events?once=1', headers: lastEventId ? { 'last-event-id': lastEventId } : {} });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
    return { body: res.body, events: parseSse(res.body) };
  };
  const lastId = async (who: DemoKey) => (await once(who)).events.at(-1)?.id ?? '0.00000000-0000-0000-0000-000000000000';
  const requestDecision = async (title: string, visibility = 'shared') => {
    const res = await ctx.as('lead', { method: 'POST', url: `/api/v1/engagements/${E}/decisions`, payload: { title, options: [{ title: 'A' }, { title: 'B' }], kind: 'scope', dueDate: '2099-01-01', visibility } });
    expect(res.statusCode).toBe(201);
    return res.json() as { id: string; deciderUserId: string | null };
  };
  const unread = async (who: DemoKey) => (await ctx.as(who, { method: 'GET', url: '/api/v1/notifications/unread-count' })).json().unread as number;

  it('a notification and a change reach their people, with ids only; an internal change reaches the provider side only', async () => {
    const since = { sponsor: await lastId('sponsor'), lead: await lastId('lead'), stakeholder: await lastId('stakeholder') };
    const d = await requestDecision("Pick a carrier TITLE-9931");
    const note = await ctx.as('lead', { method: 'POST', url: `/api/v1/engagements/${E}/notes`, payload: { title: `Internal ${MARKER}`, visibility: 'internal' } });
    expect(note.statusCode).toBe(201);
    const noteId = note.json().id as string;

    const sponsor = await once('sponsor', since.sponsor);
    expect(sponsor.events.find((e) => e.event === 'notification' && e.data?.kind === 'decision.requested')).toBeDefined();
    expect(sponsor.events.find((e) => e.event === 'change' && (e.data?.object as { id?: string } | undefined)?.id === d.id)).toMatchObject({ data: { action: 'decision.requested', visibility: 'shared' } });
    expect(sponsor.body).not.toContain(noteId);
    expect(sponsor.body).not.toContain("TITLE-9931"); // titles never travel on the stream
    expect(sponsor.body).not.toContain(MARKER);
    const stakeholder = await once('stakeholder', since.stakeholder);
    expect(stakeholder.body).not.toContain(noteId);
    expect(stakeholder.events.some((e) => e.event === 'notification')).toBe(false); // not the decider
    const lead = await once('lead', since.lead);
    expect(lead.events.find((e) => e.event === 'change' && (e.data?.object as { id?: string } | undefined)?.id === noteId)).toMatchObject({ data: { visibility: 'internal', action: 'note.created' } });
    // ids increase, and resuming from one gives only what came after it
    const ids = lead.events.map((e) => e.id!);
    expect([...ids].sort((a, b) => (a < b ? -1 : 1))).toEqual(ids);
    const resumed = await once('lead', ids[0]);
    expect(resumed.events.map((e) => e.id)).toEqual(ids.slice(1));
  });

  it('a connected stream gets a notification live, uncompressed, with a retry hint', async () => {
    const cookie = await ctx.cookieFor('sponsor');
    const ac = new AbortController();
    const res = await fetch(`${base}/api/v1/events`, { headers: { cookie, 'accept-encoding': 'gzip, br' }, signal: ac.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBeNull();
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const first = await reader.read();
    text += decoder.decode(first.value);
    expect(text).toContain('retry: 3000');
    await requestDecision('Live one');
    while (!parseSse(text).some((e) => e.event === 'notification')) {
      const r = await reader.read();
      if (r.done) break;
      text += decoder.decode(r.value);
    }
    // waits on the stream's state, not on time: the 2 s bound of the issue is the two-process test's (test/live-two-process.pg.test.ts)
    expect(parseSse(text).some((e) => e.event === 'notification' && e.data?.kind === 'decision.requested')).toBe(true);
    ac.abort();
  });

  it('refuses a bad Last-Event-ID by name, anonymous callers, and a sixth stream', async () => {
    const bad = await ctx.as('lead', { method: 'GET', url: '/api/v1/events?once=1', headers: { 'last-event-id': 'nonsense' } });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.details[0].field).toBe('Last-Event-ID');
    expect((await ctx.as(null, { method: 'GET', url: '/api/v1/events?once=1' })).statusCode).toBe(401);
    const cookie = await ctx.cookieFor('member');
    const streams: AbortController[] = [];
    for (let i = 0; i < 5; i++) {
      const ac = new AbortController();
      const r = await fetch(`${base}/api/v1/events`, { headers: { cookie }, signal: ac.signal });
      expect(r.status).toBe(200);
      streams.push(ac);
    }
    const sixth = await fetch(`${base}/api/v1/events`, { headers: { cookie } });
    expect(sixth.status).toBe(429);
    for (const s of streams) s.abort();
  });

  it('preferences: defaults, unknown kinds refused by name, and the notify path honours them', async () => {
    const get = await ctx.as('sponsor', { method: 'GET', url: '/api/v1/me/notification-preferences' });
    expect(get.statusCode).toBe(200);
    expect(get.json()).toMatchObject({ kinds: { decisions: 'both', other: 'both' }, digest: { enabled: true, day: 'mon' } });
    const unknown = await ctx.as('sponsor', { method: 'PUT', url: '/api/v1/me/notification-preferences', payload: { kinds: { weather: 'email' } } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.details[0].field).toBe('kinds.weather');
    const badChannel = await ctx.as('sponsor', { method: 'PUT', url: '/api/v1/me/notification-preferences', payload: { kinds: { decisions: 'pigeon' } } });
    expect(badChannel.statusCode).toBe(400);
    expect(badChannel.json().error.details[0].field).toBe('kinds.decisions');

    await runDueJobs(ctx.deps, JOB_HANDLERS);
    const mailsTo = () => smtp.mails.filter((m) => m.to.includes('sponsor@demo.candor.dev')).length;
    const put = async (decisions: string) => {
      const r = await ctx.as('sponsor', { method: 'PUT', url: '/api/v1/me/notification-preferences', payload: { kinds: { decisions } } });
      expect(r.statusCode).toBe(200);
      expect(r.json().kinds.decisions).toBe(decisions);
    };
    const after = async (title: string) => {
      const [u, m] = [await unread('sponsor'), mailsTo()];
      await requestDecision(title);
      await runDueJobs(ctx.deps, JOB_HANDLERS);
      return { bell: (await unread('sponsor')) - u, mail: mailsTo() - m };
    };
    await put('email');
    expect(await after('By mail only')).toEqual({ bell: 0, mail: 1 });
    await put('in_app');
    expect(await after('In the bell only')).toEqual({ bell: 1, mail: 0 });
    await put('digest_only');
    expect(await after('Digest only')).toEqual({ bell: 0, mail: 0 });
    await put('both');
    expect(await after('Both')).toEqual({ bell: 1, mail: 1 });
  }, 90_000); // the seed's pending e-mails go out first, over real SMTP

  it('the weekly digest: once per person, on their day, never internal content for a client', async () => {
    // this week: an internal note (provider only) and a shared one
    for (const [title, visibility] of [
      [`Digest internal ${MARKER}`, 'internal'],
      ['Digest shared note', 'shared'],
    ]) {
      const r = await ctx.as('lead', { method: 'POST', url: `/api/v1/engagements/${E}/notes`, payload: { title, visibility } });
      expect(r.statusCode).toBe(201);
    }
    const fri = await ctx.as('sponsor', { method: 'PUT', url: '/api/v1/me/notification-preferences', payload: { digest: { day: 'fri' } } });
    expect(fri.json().nextDigestAt).toBe('2026-11-06T08:00:00.000Z'); // the clock is Monday 2 Nov 2026
    // started at every startup, by every process: still one job per person and week
    await scheduleAllDigests(ctx.deps);
    await scheduleAllDigests(ctx.deps);
    const before = smtp.mails.length;
    ctx.clock.set(new Date('2026-11-06T08:00:01.000Z'));
    await runDueJobs(ctx.deps, JOB_HANDLERS);
    await runDueJobs(ctx.deps, JOB_HANDLERS);
    const digests = smtp.mails.slice(before).filter((m) => /Subject: Your week in Candor/.test(m.raw));
    const to = digests.map((m) => m.to[0]);
    expect(to.filter((t) => t === 'sponsor@demo.candor.dev')).toHaveLength(1);
    // the others keep Monday
    expect(to.filter((t) => t === 'lead@demo.candor.dev')).toHaveLength(0);
    const sponsorText = mailText(digests.find((m) => m.to[0] === 'sponsor@demo.candor.dev')!.raw);
    expect(sponsorText).toContain('Digest shared note');
    expect(sponsorText).not.toContain(MARKER);
    ctx.clock.set(new Date('2026-11-09T08:00:01.000Z'));
    await runDueJobs(ctx.deps, JOB_HANDLERS);
    const monday = smtp.mails.filter((m) => /Subject: Your week in Candor/.test(m.raw) && m.to[0] === 'lead@demo.candor.dev');
    expect(monday).toHaveLength(1);
    expect(mailText(monday[0]!.raw)).toContain(MARKER);
    for (const m of smtp.mails.filter((x) => x.to.some((t) => /sponsor|stakeholder/.test(t)))) expect(mailText(m.raw)).not.toContain(MARKER);
    // the next week's digest is scheduled, and no digest was sent twice
    const jobs = await ctx.deps.db.selectFrom('jobs').select(['unique_key', 'status']).where('kind', '=', 'notify.digest').where('unique_key', 'like', '%2026-11-13%').execute();
    expect(jobs.length).toBeGreaterThan(0);
  }, 60_000);
});
