import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type DemoKey, pgMissing, type TestContext } from '../../../test/context';

const DAY = 86_400_000;

describe.skipIf(pgMissing)('failure reports', () => {
  let ctx: TestContext;
  let E: string;
  const api = (path = '') => `/api/v1/engagements/${E}/failure-reports${path}`;
  const inDays = (n: number) => new Date(ctx.clock.now().getTime() + n * DAY).toISOString().slice(0, 10);
  const call = (who: DemoKey, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) => ctx.as(who, { method, url, ...(payload ? { payload } : {}) });
  const body = (extra: object = {}) => ({
    title: 'Staging data was wiped by a migration',
    whatHappened: 'A migration ran against staging with the wrong target.',
    clientImpact: 'Your UAT testers lost a day of test data.',
    timeline: [{ at: '2026-11-03 09:10', what: 'Migration started' }, { at: '2026-11-03 09:40', what: 'Data loss noticed' }],
    cause: 'The deploy script defaulted to staging when no target was given.',
    changes: 'The target is now required; staging is backed up hourly.',
    followUps: [{ title: 'Restore drill in the release checklist', dueDate: inDays(14), ownerId: ctx.seed.users.member }],
    ...extra,
  });
  const record = async (who: DemoKey) => (await call(who, 'GET', api())).json().record as { selfReported: number; clientRaisedFirst: number };

  beforeAll(async () => {
    ctx = await createTestContext();
    E = ctx.seed.engagementId;
  });
  afterAll(() => ctx?.close());

  it('the demo seed has one published failure report: acknowledged, commented, self-reported; the client raised the VPN issue first', async () => {
    const list = (await call('stakeholder', 'GET', api())).json();
    expect(list.reports).toHaveLength(1);
    const r = list.reports[0];
    expect(r).toMatchObject({ status: 'published', visibility: 'shared', source: null });
    expect(r.acknowledgements.map((a: { user: { name: string } }) => a.user.name)).toEqual(['Ingrid Halvorsen']);
    expect(r.followUpCommitments).toHaveLength(1);
    expect(list.record.selfReported).toBe(1);
    expect(list.record.clientRaisedFirst).toBeGreaterThanOrEqual(1);
    const thread = (await call('stakeholder', 'GET', `/api/v1/engagements/${E}/comments?subjectType=failure_report&subjectId=${r.id}`)).json();
    expect(thread.comments).toHaveLength(1);
  });

  it('a provider drafts (internal by default), publishes with follow-ups into the ledger, and the client acknowledges', async () => {
    const before = await record('sponsor');
    const draft = await call('member', 'POST', api(), body());
    expect(draft.statusCode).toBe(201);
    const r = draft.json();
    expect(r).toMatchObject({ status: 'draft', visibility: 'internal', followUpCommitments: [] });
    expect((await call('sponsor', 'GET', api(`/${r.id}`))).statusCode).toBe(404);
    expect((await call('sponsor', 'GET', api())).body).not.toContain('wrong target');
    expect((await call('sponsor', 'POST', api(`/${r.id}/acknowledge`))).statusCode).toBe(404);
    expect((await call('lead', 'POST', api(`/${r.id}/acknowledge`))).statusCode).toBe(403);
    expect((await call('sponsor', 'POST', api(), body())).statusCode).toBe(403);

    const published = (await call('lead', 'POST', api(`/${r.id}/publish`))).json();
    expect(published).toMatchObject({ status: 'published', visibility: 'shared', publishedBy: { name: 'Maya Okafor' } });
    expect(published.followUpCommitments).toHaveLength(1);
    const commitment = (await call('sponsor', 'GET', `/api/v1/engagements/${E}/commitments/${published.followUpCommitments[0].id}`)).json();
    expect(commitment).toMatchObject({ side: 'provider', title: 'Restore drill in the release checklist', owner: { name: 'Tom Reyes' }, visibility: 'shared' });
    expect((await call('lead', 'POST', api(`/${r.id}/publish`))).statusCode).toBe(409);
    expect((await record('sponsor')).selfReported).toBe(before.selfReported + 1);

    const news = (await call('stakeholder', 'GET', '/api/v1/notifications?limit=100')).json().notifications as { kind: string; link: string }[];
    expect(news.some((n) => n.kind === 'failure_report.published' && n.link.endsWith(r.id))).toBe(true);
    const acked = (await call('stakeholder', 'POST', api(`/${r.id}/acknowledge`))).json();
    expect(acked.acknowledgements.map((a: { user: { name: string } }) => a.user.name)).toEqual(['Sam Patel']);
    expect(acked.acknowledgedByMe).toBe(true);
    expect(acked.canAcknowledge).toBe(false);
    // again: nothing new
    expect((await call('stakeholder', 'POST', api(`/${r.id}/acknowledge`))).json().acknowledgements).toHaveLength(1);
    // clients comment on it
    const c = await call('sponsor', 'POST', `/api/v1/engagements/${E}/comments?subjectType=failure_report&subjectId=${r.id}`, { body: 'Thank you for telling us.' });
    expect(c.statusCode).toBe(201);
    // published: follow-ups live in the ledger, visibility stays shared
    expect((await call('lead', 'PATCH', api(`/${r.id}`), { followUps: [] })).json().error.details[0].field).toBe('followUps');
    expect((await call('lead', 'PATCH', api(`/${r.id}`), { visibility: 'internal' })).json().error.details[0].field).toBe('visibility');
    expect((await call('lead', 'PATCH', api(`/${r.id}`), { cause: 'Clarified cause' })).json().cause).toBe('Clarified cause');
  });

  it('publishing is all or nothing: a bad follow-up names its field and nothing is shared or recorded', async () => {
    const r = (await call('lead', 'POST', api(), body({ followUps: [{ title: 'ok', dueDate: inDays(3), ownerId: null }, { title: 'late', dueDate: inDays(3), ownerId: null }] }))).json();
    // the second follow-up's date passes while the report is a draft
    await call('lead', 'PATCH', api(`/${r.id}`), { followUps: [{ title: 'ok', dueDate: inDays(3), ownerId: null }, { title: 'late', dueDate: inDays(1), ownerId: null }] });
    ctx.clock.advance(2 * DAY);
    const before = (await ctx.deps.db.selectFrom('commitments').select('id').execute()).length;
    const res = await call('lead', 'POST', api(`/${r.id}/publish`));
    expect(res.statusCode).toBe(422);
    expect(res.json().error.details[0].field).toBe('followUps.1.dueDate');
    expect((await ctx.deps.db.selectFrom('commitments').select('id').execute()).length).toBe(before);
    expect((await call('lead', 'GET', api(`/${r.id}`))).json().status).toBe('draft');
  });

  it('links the issue, risk or commitment it came from, checked; a client-raised issue counts as raised first', async () => {
    const before = await record('lead');
    const issue = (await call('stakeholder', 'POST', `/api/v1/engagements/${E}/raid`, { type: 'issue', title: 'Exports time out', owner: 'x' })).json();
    expect(issue.id).toBeTruthy();
    const mid = await record('lead');
    expect(mid.clientRaisedFirst).toBe(before.clientRaisedFirst + 1);
    const linked = (await call('lead', 'POST', api(), body({ followUps: [], source: { type: 'raid_item', id: issue.id }, visibility: 'shared' }))).json();
    expect(linked.source).toMatchObject({ type: 'raid_item', id: issue.id, title: 'Exports time out', kind: 'issue' });
    await call('lead', 'POST', api(`/${linked.id}/publish`));
    const after = await record('lead');
    // reported, but the client raised it first: not self-reported
    expect(after.selfReported).toBe(mid.selfReported);
    const assumption = (await call('lead', 'POST', `/api/v1/engagements/${E}/raid`, { type: 'assumption', title: 'A', owner: 'x' })).json();
    expect((await call('lead', 'POST', api(), body({ source: { type: 'raid_item', id: assumption.id } }))).json().error.details[0].field).toBe('source.id');
    const secret = (await call('lead', 'POST', `/api/v1/engagements/${E}/raid`, { type: 'risk', title: 'Hidden', probability: 1, impact: 1, owner: 'x', visibility: 'internal' })).json();
    expect((await call('lead', 'POST', api(), body({ source: { type: 'raid_item', id: secret.id }, visibility: 'shared' }))).json().error.details[0].field).toBe('source.id');
    expect((await call('lead', 'POST', api(), body({ source: { type: 'commitment', id: 'nope' } }))).json().error.details[0].field).toBe('source.id');
    expect((await call('lead', 'POST', api(), body({ followUps: [{ title: 'x', dueDate: inDays(3), ownerId: ctx.seed.users.sponsor }] }))).json().error.details[0].field).toBe('followUps.0.ownerId');
    const noTitle = await call('lead', 'POST', api(), { ...body(), title: '' });
    expect(noTitle.statusCode).toBe(400);
    expect(JSON.stringify(noTitle.json().error.details)).toContain('title');
  });
});
