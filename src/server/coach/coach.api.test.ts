import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, pgMissing, type TestContext } from '../../../test/context';

describe.skipIf(pgMissing)('communication coach API', () => {
  let ctx: TestContext;
  let E: string;
  let seededSeq = 0;
  beforeAll(async () => {
    ctx = await createTestContext();
    E = ctx.seed.engagementId;
    // the demo seed's own glossary terms are audited too; the tests count only theirs
    seededSeq = Number((await ctx.deps.db.selectFrom('audit_log').select((eb) => eb.fn.max('seq').as('seq')).where('chain_id', '=', E).executeTakeFirstOrThrow()).seq);
  });
  afterAll(() => ctx?.close());

  const check = async (text: string, extra: Record<string, unknown> = {}, who: 'lead' | 'sponsor' | 'member' = 'member') => {
    const res = await ctx.as(who, { method: 'POST', url: '/api/v1/coach', payload: { text, audience: 'client', ...extra } });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().flags as { category: string; rule: string; start: number; end: number; excerpt: string; message: string; suggestion: string | null }[];
  };

  const perCategory: [string, string, string][] = [
    ['asking-not-recommending', 'Would it be possible to grant root access for John?', 'Would it be possible to grant root access for John?'],
    ['vague-time', 'We will send the estimate soon.', 'soon'],
    ['hedged-commitment', 'Hopefully the checkout will be ready by 14 March.', 'Hopefully the'],
    ['promise-without-assumptions', 'We will deliver the payment API on 3 March.', 'We will deliver the payment API on 3 March'],
    ['blame', 'As per my last email, we need the logo files.', 'As per my last email, we'],
    ['hidden-ownership', 'The deadline was missed.', 'The deadline was missed'],
    ['unexplained-jargon', 'The p95 regressed after the release on Tuesday.', 'p95'],
  ];
  for (const [category, text, excerpt] of perCategory) {
    it(`flags ${category}, with the span, a reason and a rewrite`, async () => {
      const flags = await check(text);
      const f = flags.find((x) => x.category === category);
      expect(f, JSON.stringify(flags)).toBeDefined();
      expect(f!.excerpt).toBe(excerpt);
      expect(text.slice(f!.start, f!.end)).toBe(excerpt);
      expect(f!.message).toMatch(/\w+ .*\./);
      expect(typeof f!.rule).toBe('string');
      expect(f!.suggestion === null || typeof f!.suggestion === 'string').toBe(true);
    });
  }

  it('gives clean text no flag', async () => {
    expect(await check('We recommend that John has direct root access, because he runs the releases. You should receive the invoice tomorrow.')).toEqual([]);
  });

  it('uses the engagement glossary for its members, and refuses it to others', async () => {
    const text = 'The p95 is back under 300 ms since the change on Tuesday.';
    expect((await check(text, { engagementId: E })).map((f) => f.category)).toContain('unexplained-jargon');
    const add = await ctx.as('lead', { method: 'POST', url: `/api/v1/engagements/${E}/glossary`, payload: { term: 'p95', explanation: 'The time within which 95 in 100 page loads finish' } });
    expect(add.statusCode, add.body).toBe(201);
    expect((await check(text, { engagementId: E }, 'sponsor')).map((f) => f.category)).not.toContain('unexplained-jargon');
    // without the engagement, no glossary
    expect((await check(text)).map((f) => f.category)).toContain('unexplained-jargon');
    // an engagement the caller is not in: 404, as for every engagement path
    const other = await ctx.as('admin', { method: 'POST', url: '/api/v1/coach', payload: { text, engagementId: E } });
    expect(other.statusCode).toBe(404);
    // the team audience is not told about jargon
    expect((await check(text, { audience: 'team' })).map((f) => f.category)).not.toContain('unexplained-jargon');
  });

  it('switches optional categories on only when asked', async () => {
    const text = 'Hey guys, in order to save time we skip the demo.';
    expect(await check(text)).toEqual([]);
    const cats = (await check(text, { include: ['inclusive-language', 'wordy-phrase'] })).map((f) => f.category).sort();
    expect(cats).toEqual(['inclusive-language', 'wordy-phrase']);
  });

  it('answers bad input with 400 naming the field, and needs a signed-in user', async () => {
    const bad = async (payload: unknown, field: string, url = '/api/v1/coach') => {
      const res = await ctx.as('member', { method: 'POST', url, payload: payload as object });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error.details.map((d: { field: string }) => d.field)).toContain(field);
    };
    await bad({}, 'text');
    await bad({ text: 42 }, 'text');
    await bad({ text: 'x'.repeat(100_001) }, 'text');
    await bad({ text: 'ok', audience: 'board' }, 'audience');
    await bad({ text: 'ok', include: ['vague-time'] }, 'include.0');
    await bad({ text: 'ok', colour: 'red' }, 'colour');
    await bad({ category: 'vague-time', rule: 'no-such-rule' }, 'rule', '/api/v1/coach/dismissals');
    await bad({ category: 'blame', rule: 'time-without-date' }, 'rule', '/api/v1/coach/dismissals');
    await bad({ category: 'nope', rule: 'time-without-date' }, 'category', '/api/v1/coach/dismissals');
    await bad({ category: 'vague-time', rule: 'time-without-date', reason: 'x'.repeat(501) }, 'reason', '/api/v1/coach/dismissals');
    const anon = await ctx.app.inject({ method: 'POST', url: '/api/v1/coach', payload: { text: 'soon' } });
    expect(anon.statusCode).toBe(401);
  });

  it('counts dismissals per rule with the optional reason, never the text or the person; the admin sees the counts', async () => {
    const dismiss = async (payload: object, who: 'member' | 'sponsor' = 'member') => {
      const res = await ctx.as(who, { method: 'POST', url: '/api/v1/coach/dismissals', payload });
      expect(res.statusCode, res.body).toBe(201);
      return res.json();
    };
    expect(await dismiss({ category: 'hidden-ownership', rule: 'agentless-passive' })).toEqual({ category: 'hidden-ownership', rule: 'agentless-passive', dismissals: 1 });
    expect(await dismiss({ category: 'hidden-ownership', rule: 'agentless-passive', reason: 'The agent is obvious here' }, 'sponsor')).toMatchObject({ dismissals: 2 });
    await dismiss({ category: 'vague-time', rule: 'time-without-date', reason: '   ' });
    const stats = await ctx.as('admin', { method: 'GET', url: '/api/v1/admin/coach/dismissals' });
    expect(stats.statusCode).toBe(200);
    const rules = stats.json().rules;
    expect(rules[0]).toMatchObject({ rule: 'agentless-passive', category: 'hidden-ownership', dismissals: 2, reasons: [{ reason: 'The agent is obvious here' }] });
    expect(rules.find((r: { rule: string }) => r.rule === 'time-without-date')).toMatchObject({ dismissals: 1, reasons: [] });
    // what is stored: rule, category, count, time; a reason row holds only the reason
    const stored = await ctx.deps.db.selectFrom('coach_rule_dismissals').selectAll().execute();
    expect(Object.keys(stored[0]!).sort()).toEqual(['category', 'dismissals', 'last_dismissed_at', 'rule']);
    const reasons = await ctx.deps.db.selectFrom('coach_dismissal_reasons').selectAll().execute();
    expect(reasons.map((r) => r.reason)).toEqual(['The agent is obvious here']);
    expect(Object.keys(reasons[0]!).sort()).toEqual(['created_at', 'id', 'reason', 'rule']);
    expect((await ctx.as('lead', { method: 'GET', url: '/api/v1/admin/coach/dismissals' })).statusCode).toBe(403);
  });

  it('keeps the glossary: the lead adds, edits and removes terms, each audited; others read it', async () => {
    const url = `/api/v1/engagements/${E}/glossary`;
    const add = await ctx.as('lead', { method: 'POST', url, payload: { term: 'CI/CD', explanation: 'The automated build, test and release process' } });
    expect(add.statusCode, add.body).toBe(201);
    const id = add.json().id;
    const dup = await ctx.as('lead', { method: 'POST', url, payload: { term: 'ci/cd', explanation: 'again' } });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.details[0].field).toBe('term');
    expect((await ctx.as('sponsor', { method: 'POST', url, payload: { term: 'KPI', explanation: 'x' } })).statusCode).toBe(403);
    const edited = await ctx.as('lead', { method: 'PATCH', url: `${url}/${id}`, payload: { explanation: 'How our changes are built, tested and released automatically' } });
    expect(edited.json().explanation).toBe('How our changes are built, tested and released automatically');
    const list = (await ctx.as('stakeholder', { method: 'GET', url })).json();
    expect(list.canEdit).toBe(false);
    expect(list.terms.map((t: { term: string }) => t.term)).toContain('CI/CD');
    expect((await ctx.as('lead', { method: 'GET', url })).json().canEdit).toBe(true);
    expect((await check("We'll improve the CI/CD setup.", { engagementId: E })).map((f) => f.category)).not.toContain('unexplained-jargon');
    expect((await ctx.as('lead', { method: 'DELETE', url: `${url}/${id}` })).statusCode).toBe(200);
    expect((await ctx.as('lead', { method: 'DELETE', url: `${url}/${id}` })).statusCode).toBe(404);
    const audit = await ctx.deps.db.selectFrom('audit_log').select('action').where('chain_id', '=', E).where('seq', '>', seededSeq).where('action', 'like', 'glossary.%').execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['glossary.term_added', 'glossary.term_added', 'glossary.term_removed', 'glossary.term_updated']);
    const blank = await ctx.as('lead', { method: 'POST', url, payload: { term: '  ', explanation: 'x' } });
    expect(blank.statusCode).toBe(400);
    expect(blank.json().error.details[0].field).toBe('term');
  });
});
