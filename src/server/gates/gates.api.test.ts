import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type DemoKey, pgMissing, type TestContext } from '../../../test/context';
import { runDueJobs } from '../jobs/queue';
import { JOB_HANDLERS } from '../jobs/registry';

const DAY = 86_400_000;
const PROVIDER_SECRET = 'PRV-blind-4471';
const CLIENT_SECRET = 'CLT-blind-9902';
const REMARK_SECRET = 'STK-remark-3318';
const KEYS = ['business_understanding', 'collaboration_clarity', 'risk_openness', 'outcomes_focus', 'proactive_communication', 'beyond_scope'];

// biome-ignore lint/suspicious/noExplicitAny: response bodies are read loosely in this test
type Json = Record<string, any>;

describe.skipIf(pgMissing)('gate reviews', () => {
  let ctx: TestContext;
  let E: string;
  const api = (path = '') => `/api/v1/engagements/${E}${path}`;
  const inDays = (n: number) => new Date(ctx.clock.now().getTime() + n * DAY).toISOString().slice(0, 10);
  const call = (who: DemoKey, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) => ctx.as(who, { method, url, ...(payload ? { payload } : {}) });
  const ok = async (who: DemoKey, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object, status = 200): Promise<Json> => {
    const res = await call(who, method, url, payload);
    if (res.statusCode !== status) throw new Error(`${method} ${url} as ${who}: ${res.statusCode} ${res.body}`);
    return res.json();
  };
  const all = (score: number, comment = '') => KEYS.map((question) => ({ question, score, comment }));
  const notificationsOf = async (who: DemoKey) => (await ok(who, 'GET', '/api/v1/notifications?limit=200')).notifications as { kind: string; link: string }[];
  /** A fresh phase in review, with its gate review open. */
  const phaseInReview = async (name: string) => {
    const phase = await ok('lead', 'POST', api('/phases'), { name, plannedStart: inDays(-5), plannedEnd: inDays(10) }, 201);
    await ok('lead', 'PATCH', api(`/phases/${phase.id}`), { status: 'active' });
    const inReview = await ok('lead', 'POST', api(`/phases/${phase.id}/review`), { note: 'ready' });
    return { phaseId: phase.id as string, reviewId: inReview.gateReviewId as string };
  };

  beforeAll(async () => {
    ctx = await createTestContext();
    E = ctx.seed.engagementId;
  });
  afterAll(() => ctx?.close());

  it('the demo holds a decided Discovery review where the sides disagree on one question', async () => {
    const list = await ok('stakeholder', 'GET', api('/gate-reviews'));
    const discovery = list.reviews.find((r: Json) => r.phase.name === 'Discovery');
    expect(discovery).toMatchObject({ status: 'decided', revealed: true, decision: { decision: 'proceed' } });
    const gap = list.trend.find((t: Json) => t.question === 'proactive_communication').points[0];
    expect(gap).toMatchObject({ provider: 5, client: 2, gap: 3, alert: true });
    const alerts = list.trend.flatMap((t: Json) => t.points).filter((p: Json) => p.alert);
    expect(alerts).toHaveLength(1);
    const detail = await ok('sponsor', 'GET', api(`/gate-reviews/${discovery.id}`));
    expect(detail.reveal.verified).toBe(true);
    expect(detail.evidence.items.done).toBeGreaterThan(0);
    expect(detail.evidence.exitCriteria.every((c: Json) => c.met)).toBe(true);
    const phases = (await ok('sponsor', 'GET', api('/phases'))).phases as Json[];
    expect(phases.find((p) => p.name === 'Discovery')).toMatchObject({ status: 'done', gateReviewId: discovery.id });
  });

  it('answers stay blind by every path until both sides have submitted, then both see them side by side', async () => {
    // a client-side webhook for every event from before the review opens: its deliveries are one more path below
    const hook = await call('sponsor', 'POST', api('/webhooks'), { url: 'https://hooks.client.example/candor', events: ['*'] });
    expect(hook.statusCode).toBe(201);
    const tracking = ((await ok('lead', 'GET', api('/phases'))).phases as Json[]).find((p) => p.name === 'Tracking')!;
    expect(tracking.status).toBe('active');
    const requested = await ok('lead', 'POST', api(`/phases/${tracking.id}/review`), { note: 'Tracking live for two carriers' });
    expect(requested.status).toBe('in_review');
    const R = requested.gateReviewId as string;
    expect(R).toBeTruthy();
    const G = api(`/gate-reviews/${R}`);

    // members draft, the lead submits; stakeholders remark; the other side sees only who submitted
    await ok('member', 'POST', `${G}/answers`, { answers: [{ question: 'risk_openness', score: 4, comment: `draft ${PROVIDER_SECRET}` }], submit: false });
    expect((await call('member', 'POST', `${G}/answers`, { answers: all(4), submit: true })).statusCode).toBe(403);
    expect((await call('stakeholder', 'POST', `${G}/answers`, { answers: all(4), submit: false })).statusCode).toBe(403);
    await ok('stakeholder', 'POST', `${G}/remarks`, { question: 'proactive_communication', body: `We still chase. ${REMARK_SECRET}` });
    // the review's comment thread is blind the same way
    await ok('stakeholder', 'POST', `${api('/comments')}?subjectType=gate_review&subjectId=${R}`, { body: `A thread comment ${REMARK_SECRET}` }, 201);
    const asLead = await ok('lead', 'GET', G);
    expect(asLead.answers.provider.find((a: Json) => a.question === 'risk_openness').comment).toContain(PROVIDER_SECRET);
    expect(asLead.answers.client).toBeNull();
    expect(asLead.remarks.client).toBeNull();
    expect(JSON.stringify(asLead)).not.toContain(REMARK_SECRET);

    // bad input names the field
    const six = await call('lead', 'POST', `${G}/answers`, { answers: [{ question: 'risk_openness', score: 6 }] });
    expect(six.statusCode).toBe(400);
    expect(six.json().error.details.map((d: Json) => d.field)).toContain('answers.0.score');
    const unknown = await call('lead', 'POST', `${G}/answers`, { answers: [{ question: 'vibes', score: 3 }] });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().error.details[0].field).toBe('answers.0.question');
    const incomplete = await call('lead', 'POST', `${G}/answers`, { answers: [{ question: 'outcomes_focus', score: 5 }], submit: true });
    expect(incomplete.statusCode).toBe(422);
    expect(incomplete.json().error.message).toMatch(/needs a score/);
    const early = await call('sponsor', 'POST', `${G}/decision`, { decision: 'proceed', rationale: 'fine' });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.details[0].field).toBe('decision');

    const submitted = await ok('lead', 'POST', `${G}/answers`, { answers: all(5, `provider view ${PROVIDER_SECRET}`), submit: true });
    expect(submitted.provider.submitted).toBe(true);
    expect((await call('lead', 'POST', `${G}/answers`, { answers: all(3), submit: true })).statusCode).toBe(409);

    // the client before it submits: every GET the OpenAPI document lists, nothing of the provider's answers
    const doc = (await ctx.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as { paths: Record<string, Record<string, { parameters?: { in: string; name: string; required?: boolean }[] }>> };
    // objects the demo may not hold yet, so that every path below reads a real one
    await ok('lead', 'POST', api('/forecasts'), { note: 'before the gate' }, 201).catch(() => ok('lead', 'POST', api('/forecasts'), { note: 'before the gate' }));
    await ok('stakeholder', 'POST', api('/escalations'), { subjectType: 'concern', title: 'Interview summaries arrive late' }, 201);
    const fill = await fillers(tracking.id, R);
    const unfilled: string[] = [];
    let read = 0;
    for (const [path, ops] of Object.entries(doc.paths)) {
      const get = ops.get;
      if (!get || path === '/api/v1/events') continue;
      let url = path;
      for (const m of path.matchAll(/\{(\w+)\}/g)) {
        const v = fill[m[1]!];
        if (!v) unfilled.push(`${path} {${m[1]}}`);
        url = url.replace(m[0], v ?? 'missing');
      }
      const query = (get.parameters ?? []).filter((p) => p.in === 'query' && p.required).map((p) => `${p.name}=${encodeURIComponent(fill[`?${p.name}`] ?? '')}`);
      if (query.length) url += `?${query.join('&')}`;
      for (const who of ['sponsor', 'stakeholder'] as const) {
        const res = await call(who, 'GET', url);
        read++;
        expect(res.body, `${who} GET ${url}`).not.toContain(PROVIDER_SECRET);
      }
      const asMember = await call('member', 'GET', url);
      expect(asMember.body, `member GET ${url}`).not.toContain(REMARK_SECRET);
    }
    expect(unfilled).toEqual([]);
    // the client's endpoint was sent the shared events of the review so far (so its delivery log above was a real path)
    expect(Number((await ctx.deps.db.selectFrom('webhook_messages').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)).toBeGreaterThan(0);
    expect(read).toBeGreaterThan(60);
    const asSponsor = await ok('sponsor', 'GET', G);
    expect(asSponsor).toMatchObject({ provider: { submitted: true }, client: { submitted: false }, answers: { provider: null }, revealed: false });
    expect(asSponsor.you).toMatchObject({ side: 'client', canSubmit: true, canDecide: false });
    // the audit trail names the submission and its hash, never its content
    const submits = await ctx.deps.db.selectFrom('audit_log').select(['action', 'payload']).where('object_id', '=', R).execute();
    expect(submits.map((s) => s.action)).toEqual(expect.arrayContaining(['gate_review.opened', 'gate_review.draft_saved', 'gate_review.submitted', 'gate_review.remark_added']));
    for (const s of submits) {
      expect(s.payload).not.toContain(PROVIDER_SECRET);
      expect(s.payload).not.toContain(REMARK_SECRET);
    }

    // the client submits: one revealed record with both sides, whose hashes match the submissions
    const revealed = await ok('sponsor', 'POST', `${G}/answers`, { answers: all(3, `client view ${CLIENT_SECRET}`), submit: true });
    expect(revealed).toMatchObject({ revealed: true, status: 'revealed' });
    expect(revealed.answers.provider[0].comment).toContain(PROVIDER_SECRET);
    expect(revealed.remarks.client[0].body).toContain(REMARK_SECRET);
    expect(revealed.gaps.every((g: Json) => g.gap === 2 && g.alert)).toBe(true);
    expect(revealed.reveal.verified).toBe(true);
    const asMember = await ok('member', 'GET', G);
    expect(asMember.answers.client[0].comment).toContain(CLIENT_SECRET);
    const record = await ctx.deps.db.selectFrom('audit_log').select(['payload', 'visibility']).where('object_id', '=', R).where('action', '=', 'gate_review.revealed').executeTakeFirstOrThrow();
    expect(record.visibility).toBe('shared');
    expect(record.payload).toContain(PROVIDER_SECRET);
    expect(record.payload).toContain(CLIENT_SECRET);
    expect((await call('stakeholder', 'POST', `${G}/remarks`, { body: 'late' })).statusCode).toBe(409);

    // the sponsor decides with a condition; the condition is a commitment in the ledger
    expect((await call('lead', 'POST', `${G}/decision`, { decision: 'proceed', rationale: 'x' })).statusCode).toBe(403);
    const noDate = await call('sponsor', 'POST', `${G}/decision`, { decision: 'proceed_with_conditions', rationale: 'Go on', conditions: [{ what: 'Weekly written risk summary', side: 'provider' }] });
    expect(noDate.statusCode).toBe(422);
    expect(noDate.json().error.details[0].field).toBe('conditions.0.dueDate');
    const decided = await ok('sponsor', 'POST', `${G}/decision`, {
      decision: 'proceed_with_conditions',
      rationale: 'Tracking works; the gap on proactive communication must close.',
      conditions: [{ what: 'Send a written risk summary every Friday', side: 'provider', dueDate: inDays(14) }],
    });
    expect(decided.decision.conditions).toHaveLength(1);
    const condition = await ok('stakeholder', 'GET', api(`/commitments/${decided.decision.conditions[0].commitmentId}`));
    expect(condition).toMatchObject({ side: 'provider', title: 'Send a written risk summary every Friday', dueDate: inDays(14), status: 'open' });
    expect(((await ok('lead', 'GET', api('/phases'))).phases as Json[]).find((p) => p.id === tracking.id)!.status).toBe('done');
    expect((await call('sponsor', 'POST', `${G}/decision`, { decision: 'stop', rationale: 'again' })).statusCode).toBe(409);
  });

  /** A value for every path and required query parameter of the OpenAPI document. */
  async function fillers(phaseId: string, reviewId: string): Promise<Record<string, string>> {
    // the first row of each table in the engagement (read directly: the test needs ids, not a reader's view)
    const firstId = async (table: 'work_items' | 'notes' | 'decisions' | 'escalations' | 'commitments' | 'forecasts' | 'raid_items' | 'recommendations' | 'status_updates' | 'failure_reports' | 'agenda_entries' | 'delivery_imports' | 'charter_versions') =>
      (await ctx.deps.db.selectFrom(table).select('id').where('engagement_id', '=', E).orderBy('id').limit(1).executeTakeFirst())?.id;
    const item = await firstId('work_items');
    // the demo's partner selection (not engagement content: the sponsor and stakeholder read it as its members)
    const selection = await ctx.deps.db.selectFrom('selections').select('id').orderBy('id').limit(1).executeTakeFirst();
    const evidence = selection ? await ctx.deps.db.selectFrom('selection_evidence').select(['id', 'candidate_id']).where('selection_id', '=', selection.id).orderBy('id').limit(1).executeTakeFirst() : undefined;
    const candidate = selection ? await ctx.deps.db.selectFrom('selection_candidates').select('id').where('selection_id', '=', selection.id).orderBy('id').limit(1).executeTakeFirst() : undefined;
    const out: Record<string, string | undefined> = {
      selectionId: selection?.id,
      candidateId: evidence?.candidate_id ?? candidate?.id,
      evidenceId: evidence?.id ?? 'none',
      id: E,
      reviewId,
      phaseId,
      itemId: item,
      workItemId: item,
      noteId: await firstId('notes'),
      decisionId: await firstId('decisions'),
      escalationId: await firstId('escalations'),
      commitmentId: await firstId('commitments'),
      forecastId: await firstId('forecasts'),
      importId: (await firstId('delivery_imports')) ?? 'none',
      versionId: await firstId('charter_versions'),
      recommendationId: await firstId('recommendations'),
      updateId: await firstId('status_updates'),
      reportId: await firstId('failure_reports'),
      entryId: await firstId('agenda_entries'),
      riskId: await firstId('raid_items'),
      // the sponsor's own endpoint (the readers below are the client side)
      webhookId: (await ctx.deps.db.selectFrom('webhooks').select('id').where('engagement_id', '=', E).where('side', '=', 'client').orderBy('id').limit(1).executeTakeFirst())?.id,
      chart: 'burnup',
      userId: ctx.seed.users.lead,
      token: 'none',
      tokenId: 'none',
      invitationId: 'none',
      '?subjectType': 'gate_review',
      '?subjectId': reviewId,
      '?q': 'tracking',
    };
    return Object.fromEntries(Object.entries(out).filter(([, v]) => !!v)) as Record<string, string>;
  }

  it('pause keeps the phase in review and reminds on the date; stop ends phase and engagement until both leads reopen it', async () => {
    const { phaseId, reviewId } = await phaseInReview('Pilot with two shippers');
    const G = api(`/gate-reviews/${reviewId}`);
    await ok('lead', 'POST', `${G}/answers`, { answers: all(4), submit: true });
    await ok('sponsor', 'POST', `${G}/answers`, { answers: all(4), submit: true });
    const past = await call('sponsor', 'POST', `${G}/decision`, { decision: 'pause', rationale: 'Budget review first', revisitOn: inDays(-1) });
    expect(past.statusCode).toBe(422);
    expect(past.json().error.details[0].field).toBe('revisitOn');
    const paused = await ok('sponsor', 'POST', `${G}/decision`, { decision: 'pause', rationale: 'Budget review first', revisitOn: inDays(7) });
    expect(paused).toMatchObject({ status: 'paused', decision: { decision: 'pause', revisitOn: inDays(7) } });
    expect(((await ok('lead', 'GET', api('/phases'))).phases as Json[]).find((p) => p.id === phaseId)!.status).toBe('in_review');
    const before = (await notificationsOf('sponsor')).filter((n) => n.kind === 'gate_review.revisit').length;
    ctx.clock.set(new Date(ctx.clock.now().getTime() + 8 * DAY));
    await runDueJobs(ctx.deps, JOB_HANDLERS);
    await runDueJobs(ctx.deps, JOB_HANDLERS);
    const revisits = (await notificationsOf('sponsor')).filter((n) => n.kind === 'gate_review.revisit');
    expect(revisits.length).toBe(before + 1);
    expect(revisits[0]!.link).toContain(reviewId);

    const stopped = await ok('sponsor', 'POST', `${G}/decision`, { decision: 'stop', rationale: 'The pilot showed shippers will not switch this year.' });
    expect(stopped.status).toBe('decided');
    expect(((await ok('lead', 'GET', api('/phases'))).phases as Json[]).find((p) => p.id === phaseId)!.status).toBe('stopped');
    const stop = (await ok('stakeholder', 'GET', api('/gate-reviews'))).stop;
    expect(stop).toMatchObject({ stopped: true, reason: 'The pilot showed shippers will not switch this year.', reviewId });
    const phase = await call('lead', 'POST', api('/phases'), { name: 'More', plannedStart: inDays(1), plannedEnd: inDays(5) });
    expect(phase.statusCode).toBe(409);
    expect((await call('member', 'POST', api('/items'), { title: 'New work' })).statusCode).toBe(409);
    expect((await call('member', 'POST', api('/reopen'), { reason: 'x' })).statusCode).toBe(403);
    const half = await ok('lead', 'POST', api('/reopen'), { reason: 'New budget approved' });
    expect(half).toMatchObject({ stopped: true, reopen: { leadAskedAt: expect.any(String), sponsorAskedAt: null } });
    expect((await call('lead', 'POST', api('/phases'), { name: 'More', plannedStart: inDays(1), plannedEnd: inDays(5) })).statusCode).toBe(409);
    const reopened = await ok('sponsor', 'POST', api('/reopen'), { reason: 'New budget approved' });
    expect(reopened.stopped).toBe(false);
    await ok('lead', 'POST', api('/phases'), { name: 'More', plannedStart: inDays(1), plannedEnd: inDays(5) }, 201);
    expect((await call('lead', 'POST', api('/reopen'), { reason: 'x' })).statusCode).toBe(409);
  });

  it('a side that has not answered within the charter\'s days is reminded through the job mechanism', async () => {
    const { reviewId } = await phaseInReview('Invoicing discovery');
    await ok('sponsor', 'POST', api(`/gate-reviews/${reviewId}/answers`), { answers: all(4), submit: true });
    const count = async (who: DemoKey) => (await notificationsOf(who)).filter((n) => n.kind === 'gate_review.reminder' && n.link.includes(reviewId)).length;
    ctx.clock.set(new Date(ctx.clock.now().getTime() + 4 * DAY));
    await runDueJobs(ctx.deps, JOB_HANDLERS);
    expect(await count('lead')).toBe(0);
    ctx.clock.set(new Date(ctx.clock.now().getTime() + 2 * DAY));
    await runDueJobs(ctx.deps, JOB_HANDLERS);
    expect(await count('lead')).toBe(1);
    expect(await count('sponsor')).toBe(0);
    await ok('lead', 'POST', api(`/gate-reviews/${reviewId}/answers`), { answers: all(4), submit: true });
    ctx.clock.set(new Date(ctx.clock.now().getTime() + 6 * DAY));
    await runDueJobs(ctx.deps, JOB_HANDLERS);
    expect(await count('lead')).toBe(1);
  });

  it('the engagement may add its own questions, carried to later reviews; fixed keys cannot be reused', async () => {
    const phase = await ok('lead', 'POST', api('/phases'), { name: 'Custom questions', plannedStart: inDays(-2), plannedEnd: inDays(9) }, 201);
    await ok('lead', 'PATCH', api(`/phases/${phase.id}`), { status: 'active' });
    const dup = await call('lead', 'POST', api(`/phases/${phase.id}/review`), { questions: [{ key: 'risk_openness', text: 'again' }] });
    expect(dup.statusCode).toBe(422);
    expect(dup.json().error.details[0].field).toBe('questions.0.key');
    expect(((await ok('lead', 'GET', api('/phases'))).phases as Json[]).find((p) => p.id === phase.id)!.status).toBe('active');
    const r = await ok('lead', 'POST', api(`/phases/${phase.id}/review`), { questions: [{ key: 'data_quality', text: 'Is the data we hand over clean and documented?' }] });
    const review = await ok('sponsor', 'GET', api(`/gate-reviews/${r.gateReviewId}`));
    expect(review.questions.map((q: Json) => q.key)).toEqual([...KEYS, 'data_quality']);
    const next = await phaseInReview('Carried questions');
    expect((await ok('lead', 'GET', api(`/gate-reviews/${next.reviewId}`))).questions.at(-1).key).toBe('data_quality');
  });
});
