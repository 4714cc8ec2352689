import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type DemoKey, pgMissing, type TestContext } from '../../../test/context';

const CANARY = 'ZQX-calendar-internal-5521';
const HOST = 'candor.test';

interface Parsed {
  cal: ICAL.Component;
  events: { uid: string; summary: string; date: string; isDate: boolean; sequence: number; url: string; stamp: string; description: string }[];
}

function parse(text: string): Parsed {
  const cal = new ICAL.Component(ICAL.parse(text));
  const events = cal.getAllSubcomponents('vevent').map((v) => {
    const e = new ICAL.Event(v);
    return {
      uid: e.uid,
      summary: e.summary,
      date: e.startDate.toString(),
      isDate: e.startDate.isDate,
      sequence: e.sequence,
      url: String(v.getFirstPropertyValue('url')),
      stamp: String(v.getFirstPropertyValue('dtstamp')),
      description: e.description,
    };
  });
  return { cal, events };
}

describe.skipIf(pgMissing)('iCalendar feeds', () => {
  let ctx: TestContext;
  let E: string;
  const urls: Partial<Record<DemoKey, string>> = {};
  const api = (p: string) => `/api/v1/engagements/${E}${p}`;
  const lead = async (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) => {
    const res = await ctx.as('lead', { method, url, ...(payload ? { payload } : {}) });
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json();
  };
  const feedPath = (url: string) => new URL(url).pathname;
  const fetchFeed = async (who: DemoKey) => {
    const res = await ctx.as(null, { method: 'GET', url: feedPath(urls[who]!) });
    expect(res.statusCode, res.body).toBe(200);
    return res;
  };

  beforeAll(async () => {
    ctx = await createTestContext();
    E = ctx.seed.engagementId;
    // internal canaries in every kind of dated object a client may not see
    await lead('POST', api('/commitments'), { side: 'provider', title: `Margin review ${CANARY}`, dueDate: '2026-11-20', visibility: 'internal' });
    const kinds = (await lead('GET', api('/charter'))).agreed.body.collaboration?.decisions?.map((d: { kind: string }) => d.kind) as string[] | undefined;
    const decision = await ctx.as('lead', { method: 'POST', url: api('/decisions'), payload: { title: `Pricing ${CANARY}`, options: [{ title: 'A' }], kind: kinds?.[0] ?? 'scope', dueDate: '2026-11-25', visibility: 'internal' } });
    expect(decision.statusCode, decision.body).toBe(201);
    await lead('POST', api('/raid'), { type: 'dependency', title: `Subcontractor ${CANARY}`, owner: { name: 'Vendor', external: true }, neededFrom: 'third_party', neededBy: '2026-11-27', visibility: 'internal' });
    for (const who of ['lead', 'sponsor', 'stakeholder'] as const) {
      const res = await ctx.as(who, { method: 'POST', url: '/api/v1/me/calendar-feeds', payload: { name: `${who} phone` } });
      expect(res.statusCode, res.body).toBe(201);
      expect(Object.keys(res.json()).sort()).toEqual(['id', 'url']);
      urls[who] = res.json().url;
    }
  }, 180_000);
  afterAll(() => ctx?.close());

  it('gives a secret URL once, keeps only its keyed hash, and lists feeds without secrets', async () => {
    const url = urls.lead!;
    expect(url).toMatch(/^http:\/\/candor\.test\/api\/v1\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
    const token = url.split('/calendar/')[1]!.replace(/\.ics$/, '');
    const rows = await ctx.deps.db.selectFrom('calendar_feeds').selectAll().execute();
    expect(rows).toHaveLength(3);
    for (const r of rows) expect(JSON.stringify(r)).not.toContain(token);
    const list = await ctx.as('lead', { method: 'GET', url: '/api/v1/me/calendar-feeds' });
    expect(list.statusCode).toBe(200);
    expect(list.json().feeds).toEqual([expect.objectContaining({ name: 'lead phone', revokedAt: null, lastUsedAt: null })]);
    expect(list.body).not.toContain(token);
    // a POST without a body gets the default name
    const bare = await ctx.as('member', { method: 'POST', url: '/api/v1/me/calendar-feeds' });
    expect(bare.statusCode, bare.body).toBe(201);
    expect((await ctx.as('member', { method: 'GET', url: '/api/v1/me/calendar-feeds' })).json().feeds[0].name).toBe('Calendar feed');
    const bad = await ctx.as('member', { method: 'POST', url: '/api/v1/me/calendar-feeds', payload: { name: 'x'.repeat(101) } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].field).toBe('name');
  });

  it('is valid iCalendar: refresh hints, all-day dates, stable unique UIDs, DTSTAMP from the clock, a link to each object', async () => {
    const res = await fetchFeed('lead');
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    const text = res.body;
    // RFC 5545: CRLF line ends, lines folded at 75 octets
    expect(text.split('\r\n').every((l) => Buffer.byteLength(l, 'utf8') <= 75)).toBe(true);
    expect(text.replaceAll('\r\n', '')).not.toContain('\n');
    const { cal, events } = parse(text);
    expect(cal.name).toBe('vcalendar');
    expect(cal.getFirstPropertyValue('version')).toBe('2.0');
    expect(String(cal.getFirstPropertyValue('refresh-interval'))).toBe('PT1H');
    expect(cal.getFirstPropertyValue('x-published-ttl')).toBe('PT1H');
    expect(events.length).toBeGreaterThan(10);
    expect(new Set(events.map((e) => e.uid)).size).toBe(events.length);
    for (const e of events) {
      expect(e.isDate, e.uid).toBe(true);
      expect(e.uid.endsWith(`@${HOST}`)).toBe(true);
      expect(e.url.startsWith(`http://candor.test/engagements/${E}`)).toBe(true);
      expect(e.stamp).toBe('2026-11-02T09:00:00Z');
    }
    expect(text).toMatch(/DTSTART;VALUE=DATE:\d{8}\r\n/);
    // the same feed a second time: the same UIDs in the same order
    expect(parse((await fetchFeed('lead')).body).events.map((e) => e.uid)).toEqual(events.map((e) => e.uid));
    // and the feed's last use is recorded
    const list = (await ctx.as('lead', { method: 'GET', url: '/api/v1/me/calendar-feeds' })).json();
    expect(list.feeds[0].lastUsedAt).toBe('2026-11-02T09:00:00.000Z');
  });

  for (const who of ['lead', 'sponsor'] as const) {
    it(`carries exactly what the ${who}'s pages show: phases, gate reviews, commitments, decisions, dependencies, status and agenda due dates`, async () => {
      const { events } = parse((await fetchFeed(who)).body);
      const byUid = new Map(events.map((e) => [e.uid, e]));
      const as = async (path: string) => (await ctx.as(who, { method: 'GET', url: api(path) })).json();
      const expectEvent = (uid: string, date: string, path: string) => {
        const e = byUid.get(`${uid}@${HOST}`);
        expect(e, uid).toBeDefined();
        expect(e!.date, uid).toBe(date);
        expect(e!.url).toBe(`http://candor.test/engagements/${E}${path}`);
      };
      const ofKind = (kind: string) => events.filter((e) => e.uid.endsWith(`-${kind}@${HOST}`)).map((e) => e.uid).sort();

      const { phases } = await as('/phases');
      expect(phases.length).toBeGreaterThan(0);
      for (const p of phases) {
        expectEvent(`${p.id}-phase-start`, p.plannedStart, '/phases');
        expectEvent(`${p.id}-phase-end`, p.plannedEnd, '/phases');
      }
      expect(ofKind('phase-start')).toHaveLength(phases.length);
      const { reviews } = await as('/gate-reviews');
      for (const g of reviews) expectEvent(`${g.id}-gate-answers-due`, g.answersDueOn, `/gate-reviews/${g.id}`);
      expect(ofKind('gate-answers-due')).toHaveLength(reviews.length);
      const { commitments } = await as('/commitments');
      expect(commitments.length).toBeGreaterThan(0);
      for (const c of commitments) expectEvent(`${c.id}-commitment-due`, c.dueDate, `/commitments/${c.id}`);
      expect(ofKind('commitment-due')).toEqual(commitments.map((c: { id: string }) => `${c.id}-commitment-due@${HOST}`).sort());
      const { decisions } = await as('/decisions');
      for (const d of decisions) expectEvent(`${d.id}-decision-due`, d.dueDate, `/decisions/${d.id}`);
      expect(ofKind('decision-due')).toHaveLength(decisions.length);
      const { items: deps } = await as('/raid?type=dependency');
      expect(deps.length).toBeGreaterThan(0);
      for (const r of deps) expectEvent(`${r.id}-dependency-needed`, r.neededBy, `/raid/${r.id}`);
      expect(ofKind('dependency-needed')).toHaveLength(deps.length);
      const status = await as('/status-updates');
      expectEvent(`${E}-${status.schedule.nextDueDate}-status-update-due`, status.schedule.nextDueDate, '/status-updates');
      const agenda = await as('/agenda');
      expectEvent(`${E}-${agenda.nextReviewDue}-agenda-review-due`, agenda.nextReviewDue, '/agenda');
      const { reviews: held } = await as('/agenda/reviews');
      for (const r of held) expectEvent(`${r.id}-agenda-review-held`, r.heldOn, '/agenda');
    });
  }

  it('never carries internal content to a client role, and does carry it to the provider (the test can fail)', async () => {
    const leadText = (await fetchFeed('lead')).body.replace(/\r\n /g, '');
    expect(leadText).toContain(`Margin review ${CANARY}`);
    expect(leadText).toContain(`Pricing ${CANARY}`);
    expect(leadText).toContain(`Subcontractor ${CANARY}`);
    for (const who of ['sponsor', 'stakeholder'] as const) {
      const text = (await fetchFeed(who)).body.replace(/\r\n /g, '');
      expect(text).not.toContain(CANARY);
      expect(text).toContain('BEGIN:VEVENT');
    }
  });

  it('raises SEQUENCE when an event changes, keeping its UID', async () => {
    const c = await lead('POST', api('/commitments'), { side: 'provider', title: 'Staging environment handed over', dueDate: '2026-11-12' });
    const uid = `${c.id}-commitment-due@${HOST}`;
    const before = parse((await fetchFeed('sponsor')).body).events.find((e) => e.uid === uid)!;
    expect(before).toMatchObject({ date: '2026-11-12', sequence: 0 });
    await lead('POST', api(`/commitments/${c.id}/renegotiate`), { newDueDate: '2026-11-19', reason: 'The hosting contract is signed a week later' });
    const after = parse((await fetchFeed('sponsor')).body).events.find((e) => e.uid === uid)!;
    expect(after.date).toBe('2026-11-19');
    expect(after.sequence).toBeGreaterThan(before.sequence);
    // and a fresh DTSTAMP from the clock
    ctx.clock.set(new Date('2026-11-03T10:30:00.000Z'));
    const later = parse((await fetchFeed('sponsor')).body).events.find((e) => e.uid === uid)!;
    expect(later.stamp).toBe('2026-11-03T10:30:00Z');
    expect(later.sequence).toBe(after.sequence);
  });

  it("refuses another person's feed (404), and a revoked or unknown token gets 404 in Candor's error shape", async () => {
    const leadFeed = (await ctx.as('lead', { method: 'GET', url: '/api/v1/me/calendar-feeds' })).json().feeds[0].id;
    const other = await ctx.as('sponsor', { method: 'DELETE', url: `/api/v1/me/calendar-feeds/${leadFeed}` });
    expect(other.statusCode).toBe(404);
    expect(other.json().error.code).toBe('not_found');
    await fetchFeed('lead'); // still live
    const unknown = await ctx.as(null, { method: 'GET', url: '/api/v1/calendar/not-a-real-token-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.ics' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error).toMatchObject({ code: 'not_found' });
    const sponsorFeed = (await ctx.as('sponsor', { method: 'GET', url: '/api/v1/me/calendar-feeds' })).json().feeds[0].id;
    expect((await ctx.as('sponsor', { method: 'DELETE', url: `/api/v1/me/calendar-feeds/${sponsorFeed}` })).statusCode).toBe(200);
    const revoked = await ctx.as(null, { method: 'GET', url: feedPath(urls.sponsor!) });
    expect(revoked.statusCode).toBe(404);
    expect(revoked.json().error.code).toBe('not_found');
    expect(revoked.body).not.toContain('VCALENDAR');
    // revoking again is harmless, and the list says when it was revoked
    expect((await ctx.as('sponsor', { method: 'DELETE', url: `/api/v1/me/calendar-feeds/${sponsorFeed}` })).statusCode).toBe(200);
    expect((await ctx.as('sponsor', { method: 'GET', url: '/api/v1/me/calendar-feeds' })).json().feeds[0].revokedAt).toBe(ctx.clock.now().toISOString());
    // both changes are on the instance chain
    const actions = await ctx.deps.db.selectFrom('audit_log').select('action').where('object_type', '=', 'calendar_feed').execute();
    expect(actions.map((a) => a.action).sort()).toEqual(['calendar_feed.created', 'calendar_feed.created', 'calendar_feed.created', 'calendar_feed.created', 'calendar_feed.revoked']);
  });

  it('a disabled person’s feed answers 404', async () => {
    await ctx.deps.db.updateTable('users').set({ disabled_at: ctx.clock.now().toISOString() }).where('id', '=', ctx.seed.users.stakeholder).execute();
    expect((await ctx.as(null, { method: 'GET', url: feedPath(urls.stakeholder!) })).statusCode).toBe(404);
    await ctx.deps.db.updateTable('users').set({ disabled_at: null }).where('id', '=', ctx.seed.users.stakeholder).execute();
    expect((await ctx.as(null, { method: 'GET', url: feedPath(urls.stakeholder!) })).statusCode).toBe(200);
  });

  it('limits requests to the public route per address', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 61; i++) codes.push((await ctx.as(null, { method: 'GET', url: '/api/v1/calendar/unknown-token-for-the-limit.ics' })).statusCode);
    expect(codes).toContain(429);
    expect(codes.filter((c) => c !== 404 && c !== 429)).toEqual([]);
  });
});
