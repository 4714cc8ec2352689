import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type DemoKey, pgMissing, type TestContext } from '../../../test/context';
import { runDueJobs } from '../jobs/queue';
import { JOB_HANDLERS } from '../jobs/registry';

const DAY = 86_400_000;

interface Entry {
  id: string;
  kind: string;
  title: string;
  status: string;
  side: string;
  visibility: string;
  raisedBy: { name: string };
  link: { type: string; id: string; title: string } | null;
  canEdit: boolean;
}

describe.skipIf(pgMissing)('future agenda', () => {
  let ctx: TestContext;
  let E: string;
  const api = (path = '') => `/api/v1/engagements/${E}/agenda${path}`;
  const today = () => ctx.clock.now().toISOString().slice(0, 10);
  const inDays = (n: number) => new Date(ctx.clock.now().getTime() + n * DAY).toISOString().slice(0, 10);
  const call = (who: DemoKey, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) => ctx.as(who, { method, url, ...(payload ? { payload } : {}) });
  const raise = async (who: DemoKey, body: object) => {
    const res = await call(who, 'POST', api(), { kind: 'idea', title: 'An idea', ...body });
    if (res.statusCode !== 201) throw new Error(`raise failed: ${res.body}`);
    return res.json() as Entry;
  };
  const agenda = async (who: DemoKey) => (await call(who, 'GET', api())).json();
  const notificationsOf = async (who: DemoKey) => (await call(who, 'GET', '/api/v1/notifications?limit=200')).json().notifications as { kind: string; title: string; link: string }[];
  const fieldOf = (res: { json: () => { error: { details?: { field: string }[] } } }) => res.json().error.details?.[0]?.field;

  beforeAll(async () => {
    ctx = await createTestContext();
    E = ctx.seed.engagementId;
  });
  afterAll(() => ctx?.close());

  it('the demo seed has entries from both sides and a past review with a linked decision', async () => {
    const a = await agenda('sponsor');
    const entries = a.entries as Entry[];
    expect(new Set(entries.map((e) => e.side))).toEqual(new Set(['provider', 'client']));
    expect(entries.every((e) => e.visibility === 'shared')).toBe(true);
    expect(a.lastReview).toMatchObject({ heldOn: inDays(-12) });
    expect(a.lastReview.outcomes.map((o: { decision: string }) => o.decision).sort()).toEqual(['decision', 'drop', 'keep']);
    const sms = entries.find((e) => e.title === 'SMS when a pick-up is confirmed')!;
    expect(sms).toMatchObject({ status: 'turned_into', link: { type: 'decision', title: expect.stringContaining('Budget for SMS confirmations') } });
    expect(a.overdue).toBe(false);
    expect(a.nextReviewDue > today()).toBe(true);
    // the provider also sees its internal draft; the client does not
    const lead = (await agenda('lead')).entries as Entry[];
    expect(lead.some((e) => e.visibility === 'internal')).toBe(true);
    expect(lead.length).toBe(entries.length + 1);
  });

  it('both sides raise entries; each says who raised it and from which side; clients cannot draft internally', async () => {
    const e = await raise('stakeholder', { kind: 'market_change', title: 'A competitor offers same-day pick-up', details: 'Seen in their newsletter.' });
    expect(e).toMatchObject({ kind: 'market_change', side: 'client', raisedBy: { name: 'Sam Patel' }, status: 'open', visibility: 'shared', canEdit: true, link: null });
    expect((await call('lead', 'GET', api(`/${e.id}`))).json()).toMatchObject({ id: e.id, canEdit: true });
    expect((await call('member', 'GET', api(`/${e.id}`))).json()).toMatchObject({ canEdit: false });
    const denied = await call('sponsor', 'POST', api(), { kind: 'idea', title: 'Secret', visibility: 'internal' });
    expect(denied.statusCode).toBe(403);
    expect((await notificationsOf('lead')).some((n) => n.kind === 'agenda.entry_raised' && n.title.includes('same-day pick-up'))).toBe(true);
  });

  it('edits by the author or the lead, audited; a shared entry stays shared', async () => {
    const e = await raise('member', { kind: 'improvement', title: 'Cache carrier lookups' });
    expect((await call('stakeholder', 'PATCH', api(`/${e.id}`), { details: 'x' })).statusCode).toBe(403);
    expect((await call('member', 'PATCH', api(`/${e.id}`), { details: 'Lookups are 40% of the polling time.' })).json()).toMatchObject({ title: 'Cache carrier lookups' });
    expect((await call('lead', 'PATCH', api(`/${e.id}`), { title: 'Cache carrier lookups (polling)' })).statusCode).toBe(200);
    const back = await call('lead', 'PATCH', api(`/${e.id}`), { visibility: 'internal' });
    expect(back.statusCode).toBe(422);
    expect(fieldOf(back)).toBe('visibility');
    const records = await ctx.deps.db.selectFrom('audit_log').select(['action', 'visibility']).where('object_id', '=', e.id).orderBy('seq').execute();
    expect(records.map((r) => r.action)).toEqual(['agenda_entry.raised', 'agenda_entry.updated', 'agenda_entry.updated']);
    // an internal draft may be shared later; its records stay internal
    const draft = await raise('lead', { title: 'Draft: a retainer', visibility: 'internal' });
    expect((await call('sponsor', 'GET', api(`/${draft.id}`))).statusCode).toBe(404);
    expect((await call('lead', 'PATCH', api(`/${draft.id}`), { visibility: 'shared' })).json()).toMatchObject({ visibility: 'shared' });
    expect((await call('sponsor', 'GET', api(`/${draft.id}`))).statusCode).toBe(200);
    const rec = await ctx.deps.db.selectFrom('audit_log').select(['action', 'visibility']).where('object_id', '=', draft.id).orderBy('seq').execute();
    expect(rec.map((r) => r.visibility)).toEqual(['internal', 'internal']);
  });

  it('a review records what was discussed and a decision per entry, linked, and moves the next due date', async () => {
    const keep = await raise('sponsor', { kind: 'need', title: 'Customs documents online' });
    const drop = await raise('lead', { title: 'A mobile app' });
    const toPhase = await raise('lead', { kind: 'improvement', title: 'Invoice self-service' });
    const toDecision = await raise('sponsor', { title: 'Decide the pilot group size' });
    const secret = await raise('lead', { title: 'Internal: staffing for phase 3', visibility: 'internal' });
    const phase = (await call('lead', 'GET', `/api/v1/engagements/${E}/phases`)).json().phases[0];
    const decision = ((await call('lead', 'GET', `/api/v1/engagements/${E}/decisions`)).json().decisions as { id: string; visibility: string }[]).find((d) => d.visibility === 'shared')!;
    const body = {
      heldOn: today(),
      discussed: '## Discussed\n\n- customs\n- apps',
      attendees: [ctx.seed.users.lead, ctx.seed.users.sponsor],
      outcomes: [
        { entryId: keep.id, decision: 'keep' },
        { entryId: drop.id, decision: 'drop' },
        { entryId: toPhase.id, decision: 'phase', linkId: phase.id },
        { entryId: toDecision.id, decision: 'decision', linkId: decision.id },
      ],
    };
    // the sponsor may record a review, but not decide on an entry it cannot see
    const blind = await call('sponsor', 'POST', api('/reviews'), { ...body, outcomes: [...body.outcomes, { entryId: secret.id, decision: 'keep' }] });
    expect(blind.statusCode).toBe(422);
    expect(fieldOf(blind)).toBe('outcomes.4.entryId');
    expect((await call('stakeholder', 'POST', api('/reviews'), body)).statusCode).toBe(403);
    const res = await call('sponsor', 'POST', api('/reviews'), body);
    expect(res.statusCode).toBe(201);
    const review = res.json();
    expect(review).toMatchObject({ heldOn: today(), recordedBy: { name: 'Ingrid Halvorsen' } });
    expect(review.attendees.map((a: { id: string }) => a.id)).toEqual(body.attendees);
    expect(review.outcomes).toHaveLength(4);
    const a = await agenda('lead');
    const byId = new Map((a.entries as Entry[]).map((e) => [e.id, e]));
    expect(byId.get(keep.id)!.status).toBe('kept');
    expect(byId.get(drop.id)!.status).toBe('dropped');
    expect(byId.get(toPhase.id)).toMatchObject({ status: 'turned_into', link: { type: 'phase', id: phase.id, title: phase.name } });
    expect(byId.get(toDecision.id)).toMatchObject({ status: 'turned_into', link: { type: 'decision', id: decision.id } });
    expect(a.lastReview.id).toBe(review.id);
    expect(a.nextReviewDue > inDays(27)).toBe(true); // a month after today (charter: monthly)
    expect(a.lastTalkedAboutFuture.slice(0, 10)).toBe(today());
    // a dropped entry is off the agenda; a kept one can be reviewed again
    const again = await call('lead', 'POST', api('/reviews'), { heldOn: today(), discussed: 'Again', outcomes: [{ entryId: drop.id, decision: 'keep' }] });
    expect(again.statusCode).toBe(422);
    expect(again.json().error.message).toMatch(/no longer on the agenda/);
    expect((await call('lead', 'POST', api('/reviews'), { heldOn: today(), discussed: 'Again', outcomes: [{ entryId: keep.id, decision: 'drop' }, { entryId: secret.id, decision: 'keep' }] })).statusCode).toBe(201);
    // the client sees the reviews, but never the internal entry's outcome
    const reviews = (await call('stakeholder', 'GET', api('/reviews'))).json().reviews as { outcomes: { entryId: string }[] }[];
    expect(reviews[0]!.outcomes.map((o) => o.entryId)).toEqual([keep.id]);
    const providerView = (await call('member', 'GET', api('/reviews'))).json().reviews as { outcomes: { entryId: string }[] }[];
    expect(providerView[0]!.outcomes.map((o) => o.entryId).sort()).toEqual([keep.id, secret.id].sort());
    const stakeholderBody = (await call('stakeholder', 'GET', `/api/v1/engagements/${E}/audit?limit=200`)).body;
    expect(stakeholderBody).not.toContain('staffing for phase 3');
  });

  it('the lead may plan a new phase from an entry in the review itself; a sponsor links an existing one', async () => {
    const e = await raise('sponsor', { kind: 'need', title: 'Carrier claims online', details: 'Shippers file damage claims by e-mail today.' });
    const other = await raise('sponsor', { title: 'Claims for carrier B too' });
    const start = inDays(40);
    const body = (entryId: string) => ({ heldOn: today(), discussed: 'Claims', outcomes: [{ entryId, decision: 'phase', newPhase: { plannedStart: start, plannedEnd: inDays(60) } }] });
    const denied = await call('sponsor', 'POST', api('/reviews'), body(other.id));
    expect(denied.statusCode).toBe(422);
    expect(fieldOf(denied)).toBe('outcomes.0.newPhase');
    const bad = await call('lead', 'POST', api('/reviews'), { ...body(e.id), outcomes: [{ entryId: e.id, decision: 'phase', newPhase: { plannedStart: inDays(60), plannedEnd: inDays(40) } }] });
    expect(bad.statusCode).toBe(422);
    expect(fieldOf(bad)).toMatch(/^outcomes\.0\.newPhase\./);
    const phasesBefore = (await call('lead', 'GET', `/api/v1/engagements/${E}/phases`)).json().phases.length;
    const res = await call('lead', 'POST', api('/reviews'), body(e.id));
    expect(res.statusCode, res.body).toBe(201);
    const phases = (await call('lead', 'GET', `/api/v1/engagements/${E}/phases`)).json().phases as { id: string; name: string; goal: string }[];
    expect(phases.length).toBe(phasesBefore + 1);
    const made = phases.find((p) => p.name === 'Carrier claims online')!;
    expect(made.goal).toBe('Shippers file damage claims by e-mail today.');
    expect((await call('stakeholder', 'GET', api(`/${e.id}`))).json()).toMatchObject({ status: 'turned_into', link: { type: 'phase', id: made.id, title: 'Carrier claims online' } });

    // an internal draft's words never become a (shared) phase by default: the lead names it for the client
    const draft = await raise('lead', { title: 'Internal: upsell a claims module QX-3', details: 'margin play', visibility: 'internal' });
    const unnamed = await call('lead', 'POST', api('/reviews'), body(draft.id));
    expect(unnamed.statusCode).toBe(422);
    expect(fieldOf(unnamed)).toBe('outcomes.0.newPhase.name');
    const named = await call('lead', 'POST', api('/reviews'), { ...body(draft.id), outcomes: [{ entryId: draft.id, decision: 'phase', newPhase: { name: 'Claims module', goal: 'Shippers file claims online.', plannedStart: start, plannedEnd: inDays(60) } }] });
    expect(named.statusCode, named.body).toBe(201);
    expect(JSON.stringify((await call('sponsor', 'GET', `/api/v1/engagements/${E}/phases`)).json())).not.toContain('QX-3');
  });

  it('refuses bad reviews with the field named and writes nothing', async () => {
    const e = await raise('lead', { title: 'Something to review' });
    const internalDecision = await call('lead', 'POST', `/api/v1/engagements/${E}/decisions`, { title: 'Internal only', options: [{ title: 'A' }, { title: 'B' }], kind: 'scope', dueDate: inDays(30), visibility: 'internal' });
    const before = (await call('lead', 'GET', api('/reviews'))).json().reviews.length;
    const cases: [object, string][] = [
      [{ heldOn: inDays(1), discussed: 'x', outcomes: [] }, 'heldOn'],
      [{ heldOn: today(), discussed: 'x', outcomes: [{ entryId: 'nope', decision: 'keep' }] }, 'outcomes.0.entryId'],
      [{ heldOn: today(), discussed: 'x', outcomes: [{ entryId: e.id, decision: 'keep' }, { entryId: e.id, decision: 'drop' }] }, 'outcomes.1.entryId'],
      [{ heldOn: today(), discussed: 'x', outcomes: [{ entryId: e.id, decision: 'phase' }] }, 'outcomes.0.linkId'],
      [{ heldOn: today(), discussed: 'x', outcomes: [{ entryId: e.id, decision: 'phase', linkId: 'not-a-phase' }] }, 'outcomes.0.linkId'],
      [{ heldOn: today(), discussed: 'x', outcomes: [{ entryId: e.id, decision: 'recommendation', linkId: 'not-a-rec' }] }, 'outcomes.0.linkId'],
      [{ heldOn: today(), discussed: 'x', outcomes: [{ entryId: e.id, decision: 'decision', linkId: internalDecision.json().id }] }, 'outcomes.0.linkId'],
      [{ heldOn: today(), discussed: 'x', outcomes: [{ entryId: e.id, decision: 'keep', linkId: 'x' }] }, 'outcomes.0.linkId'],
      [{ heldOn: today(), discussed: 'x', attendees: ['stranger'], outcomes: [] }, 'attendees.0'],
    ];
    for (const [body, field] of cases) {
      const res = await call('lead', 'POST', api('/reviews'), body);
      expect(res.statusCode, JSON.stringify(body)).toBe(422);
      expect(fieldOf(res)).toBe(field);
    }
    const schema = await call('lead', 'POST', api('/reviews'), { heldOn: 'yesterday', discussed: 'x' });
    expect(schema.statusCode).toBe(400);
    expect(schema.body).toContain('heldOn');
    expect((await call('lead', 'GET', api('/reviews'))).json().reviews.length).toBe(before);
    expect((await call('lead', 'GET', api(`/${e.id}`))).json().status).toBe('open');
  });

  it('reminds both sides when a review is due, then the leads when it is overdue; the overview shows it', async () => {
    const a = await agenda('lead');
    const due = a.nextReviewDue as string;
    const job = await ctx.deps.db.selectFrom('jobs').selectAll().where('unique_key', '=', `agenda:${E}:due:${due}`).executeTakeFirstOrThrow();
    expect(job.run_at).toBe(`${due}T07:00:00.000Z`);
    ctx.clock.set(new Date(`${due}T08:00:00.000Z`));
    await runDueJobs(ctx.deps, JOB_HANDLERS);
    for (const who of ['lead', 'member', 'sponsor', 'stakeholder'] as const) {
      expect((await notificationsOf(who)).some((n) => n.kind === 'agenda.review_due' && n.title.includes(due)), who).toBe(true);
    }
    expect((await agenda('sponsor')).overdue).toBe(false);
    ctx.clock.set(new Date(`${due}T00:00:00.000Z`));
    ctx.clock.advance(DAY + 9 * 3_600_000);
    await runDueJobs(ctx.deps, JOB_HANDLERS);
    const overdueFor = async (who: DemoKey) => (await notificationsOf(who)).filter((n) => n.kind === 'agenda.review_overdue').length;
    expect(await overdueFor('sponsor')).toBe(1);
    expect(await overdueFor('lead')).toBe(1);
    expect(await overdueFor('stakeholder')).toBe(0);
    // running again (a repeated or late job) notifies nobody twice
    await runDueJobs(ctx.deps, JOB_HANDLERS);
    expect(await overdueFor('sponsor')).toBe(1);
    const overview = (await call('stakeholder', 'GET', `/api/v1/engagements/${E}/overview`)).json();
    expect(overview.future).toMatchObject({ nextReviewDue: due, overdue: true });
    expect(overview.future.daysSince).toBeGreaterThan(0);
    expect((await agenda('sponsor')).overdue).toBe(true);
    const counts = (await call('sponsor', 'GET', `/api/v1/engagements/${E}/counts`)).json();
    expect(counts.agendaReviewOverdue).toBe(1);
    // a review held moves the due date; the stale reminder for the old date does nothing
    await call('lead', 'POST', api('/reviews'), { heldOn: today(), discussed: 'Caught up', outcomes: [] });
    const after = await agenda('lead');
    expect(after.overdue).toBe(false);
    expect(after.nextReviewDue > due).toBe(true);
    expect(await ctx.deps.db.selectFrom('jobs').select('id').where('unique_key', '=', `agenda:${E}:due:${after.nextReviewDue}`).executeTakeFirst()).toBeDefined();
  });
});
