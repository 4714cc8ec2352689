import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, pgMissing, type TestContext } from '../../../test/context';

describe.skipIf(pgMissing)('notes and visibility', () => {
  let ctx: TestContext;
  let E: string;
  const url = () => `/api/v1/engagements/${E}/notes`;
  beforeAll(async () => {
    ctx = await createTestContext();
    E = ctx.seed.engagementId;
  });
  afterAll(() => ctx?.close());

  it('client roles see shared notes only; provider roles see both, marked', async () => {
    const sponsor = (await ctx.as('sponsor', { method: 'GET', url: url() })).json().notes;
    const member = (await ctx.as('member', { method: 'GET', url: url() })).json().notes;
    expect(sponsor.every((n: { visibility: string }) => n.visibility === 'shared')).toBe(true);
    expect(member.filter((n: { visibility: string }) => n.visibility === 'internal').length).toBe(2);
    expect(sponsor.length).toBe(member.length - 2);
    const body = (await ctx.as('sponsor', { method: 'GET', url: `${url()}?visibility=internal` })).body;
    expect(JSON.parse(body).notes).toEqual([]);
    expect(body).not.toContain('staffing risk');
  });

  it('a client cannot write internal content', async () => {
    const res = await ctx.as('stakeholder', { method: 'POST', url: url(), payload: { title: 'Secret?', visibility: 'internal' } });
    expect(res.statusCode).toBe(403);
  });

  it('search and filters go through the same visibility rules', async () => {
    const asMember = (await ctx.as('member', { method: 'GET', url: `${url()}?q=STAFFING` })).json().notes;
    const asSponsor = (await ctx.as('sponsor', { method: 'GET', url: `${url()}?q=STAFFING` })).json().notes;
    expect(asMember).toHaveLength(1);
    expect(asSponsor).toHaveLength(0);
    const global = (await ctx.as('sponsor', { method: 'GET', url: '/api/v1/search?q=staffing' })).json().hits;
    expect(global).toEqual([]);
    const meetings = (await ctx.as('sponsor', { method: 'GET', url: `${url()}?kind=meeting` })).json().notes;
    expect(meetings.map((n: { title: string }) => n.title)).toEqual(['Kick-off workshop']);
  });

  it('pages with a cursor without gaps or repeats', async () => {
    for (let i = 0; i < 7; i++) await ctx.as('member', { method: 'POST', url: url(), payload: { title: `Page test ${i}` } });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { notes: { id: string }[]; nextCursor: string | null } = (
        await ctx.as('member', { method: 'GET', url: `${url()}?limit=3${cursor ? `&cursor=${cursor}` : ''}` })
      ).json();
      seen.push(...page.notes.map((n) => n.id));
      cursor = page.nextCursor;
    } while (cursor);
    const all = (await ctx.as('member', { method: 'GET', url: `${url()}?limit=200` })).json().notes.map((n: { id: string }) => n.id);
    expect(seen).toEqual(all);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('stores SQL and HTML as text', async () => {
    const title = `Robert'); DROP TABLE notes;-- <script>alert(1)</script>`;
    const created = await ctx.as('member', { method: 'POST', url: url(), payload: { title, body: '<img src=x onerror=alert(1)>' } });
    expect(created.statusCode).toBe(201);
    const got = (await ctx.as('sponsor', { method: 'GET', url: `${url()}/${created.json().id}` })).json();
    expect(got.title).toBe(title);
    expect(got.body).toBe('<img src=x onerror=alert(1)>');
    const found = (await ctx.as('sponsor', { method: 'GET', url: `${url()}?q=${encodeURIComponent("'); DROP")}` })).json().notes;
    expect(found).toHaveLength(1);
    // LIKE wildcards are literals: "_" would match every note as a wildcard; no note contains one
    const underscore = (await ctx.as('sponsor', { method: 'GET', url: `${url()}?q=_` })).json().notes;
    expect(underscore).toHaveLength(0);
    const pct = (await ctx.as('sponsor', { method: 'GET', url: `${url()}?q=${encodeURIComponent('41%')}` })).json().notes;
    expect(pct.map((n: { title: string }) => n.title)).toEqual(['Service desk call reasons (October)']);
  });

  it('only the author or the lead edits; making a note shared keeps its internal past redacted', async () => {
    const note = (await ctx.as('member', { method: 'POST', url: url(), payload: { title: 'Draft', body: 'internal wording', visibility: 'internal' } })).json();
    expect((await ctx.as('sponsor', { method: 'PATCH', url: `${url()}/${note.id}`, payload: { title: 'x' } })).statusCode).toBe(404);
    const shared = await ctx.as('lead', { method: 'PATCH', url: `${url()}/${note.id}`, payload: { visibility: 'shared', body: 'client wording' } });
    expect(shared.statusCode).toBe(200);
    expect(shared.json().visibility).toBe('shared');
    const seen = await ctx.as('sponsor', { method: 'GET', url: `${url()}/${note.id}` });
    expect(seen.json().body).toBe('client wording');
    const audit = (await ctx.as('sponsor', { method: 'GET', url: `/api/v1/engagements/${E}/audit?limit=200` })).body;
    expect(audit).not.toContain('internal wording');
    const providerAudit = (await ctx.as('member', { method: 'GET', url: `/api/v1/engagements/${E}/audit?limit=200` })).body;
    expect(providerAudit).toContain('internal wording');
  });
});
