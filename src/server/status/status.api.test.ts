import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type DemoKey, pgMissing, type TestContext } from '../../../test/context';
import { runDueJobs } from '../jobs/queue';
import { JOB_HANDLERS } from '../jobs/registry';
import type { Mailer } from '../mail/mailer';

const MARKER = 'ZQX-status-internal-4410';

describe.skipIf(pgMissing)('status updates', () => {
  let ctx: TestContext;
  let E: string;
  const mails: { to: string; subject: string; text: string }[] = [];
  const mailer: Mailer = {
    enabled: true,
    send: async (m) => {
      mails.push({ to: m.to, subject: m.subject, text: m.text });
      return true;
    },
  };
  const api = (path = '') => `/api/v1/engagements/${E}/status-updates${path}`;
  const call = (who: DemoKey, method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: object) => ctx.as(who, { method, url, ...(payload ? { payload } : {}) });
  const at = (iso: string) => ctx.clock.set(new Date(iso));
  const notes = async (who: DemoKey) => (await call(who, 'GET', '/api/v1/notifications?limit=200')).json().notifications as { kind: string; title: string; body: string; link: string }[];
  const draftAndPublish = async (body: object) => {
    const created = await call('lead', 'POST', api(), body);
    expect(created.statusCode, created.body).toBe(201);
    const published = await call('lead', 'POST', api(`/${created.json().id}/publish`), {});
    expect(published.statusCode, published.body).toBe(200);
    return published.json();
  };

  beforeAll(async () => {
    ctx = await createTestContext({ mailer });
    E = ctx.seed.engagementId;
    await runDueJobs(ctx.deps, JOB_HANDLERS);
    mails.length = 0;
  }, 180_000);
  afterAll(() => ctx?.close());

  it('the demo has four weekly updates: one late, one at risk acknowledged by the sponsor, one where the lead overrode the suggestion', async () => {
    const list = (await call('sponsor', 'GET', api())).json();
    const published = list.updates.filter((u: { status: string }) => u.status === 'published');
    expect(published).toHaveLength(4);
    expect(published.some((u: { lateWorkingDays: number }) => u.lateWorkingDays > 0)).toBe(true);
    expect(published.some((u: { health: string; acknowledged: boolean }) => u.health === 'at_risk' && u.acknowledged)).toBe(true);
    expect(published.some((u: { overrode: boolean }) => u.overrode)).toBe(true);
    expect(list.schedule.cadence).toBe('weekly on Friday');
    expect(list.schedule.timeZone).toBe('Europe/Oslo');
    expect(list.updates.every((u: { status: string }) => u.status === 'published')).toBe(true); // no drafts for a client
  });

  it('assembles a draft for the provider only, each line linked to its object', async () => {
    expect((await call('sponsor', 'GET', api('/draft'))).statusCode).toBe(403);
    expect((await call('stakeholder', 'GET', api('/draft'))).statusCode).toBe(403);
    expect((await call('member', 'GET', api('/draft'))).statusCode).toBe(200);
    const d = (await call('lead', 'GET', api('/draft'))).json();
    expect(d.dueDate).toBe('2026-11-06');
    expect(['on_track', 'at_risk', 'off_track']).toContain(d.suggested.health);
    expect(d.figures.lines.length).toBeGreaterThan(0);
    for (const l of d.figures.lines) {
      expect(l.visibility).toBe('shared');
      if (l.link) expect(d.markdown).toContain(`](${l.link})`);
    }
    expect(d.figures.lines.some((l: { section: string }) => l.section === 'time')).toBe(true);
    expect(d.figures.lines.some((l: { section: string }) => l.section === 'forecast')).toBe(true);
  });

  it('refuses bad input naming the field', async () => {
    const bad = async (body: object, field: string) => {
      const res = await call('lead', 'POST', api(), { markdown: 'x', ...body });
      expect(res.statusCode, res.body).toBeGreaterThanOrEqual(400);
      expect(res.statusCode).toBeLessThan(500);
      expect(res.json().error.details.map((x: { field: string }) => x.field)).toContain(field);
    };
    await bad({ health: 'at_risk', nextStep: 'Call' }, 'reason');
    await bad({ health: 'off_track', reason: 'Late' }, 'nextStep');
    await bad({ health: 'maybe' }, 'health');
    expect((await call('sponsor', 'POST', api(), { markdown: 'x', health: 'on_track' })).statusCode).toBe(403);
  });

  it('keeps internal items, risks and notes out of what the client reads and is e-mailed', async () => {
    const item = await call('lead', 'POST', `/api/v1/engagements/${E}/items`, { title: `Spike ${MARKER}`, status: 'in_progress', visibility: 'internal' });
    expect(item.statusCode, item.body).toBe(201);
    const risk = await call('lead', 'POST', `/api/v1/engagements/${E}/raid`, { type: 'risk', title: `Staffing ${MARKER}`, probability: 4, impact: 4, visibility: 'internal', owner: { name: 'Delivery team', external: true } });
    expect(risk.statusCode, risk.body).toBe(201);
    const d = (await call('lead', 'GET', api('/draft'))).json();
    expect(JSON.stringify(d.internalLines)).toContain(MARKER);
    expect(d.markdown).not.toContain(MARKER);
    expect(JSON.stringify(d.figures)).not.toContain(MARKER);
    // the client text may not name internal content
    const named = await call('lead', 'POST', api(), { markdown: `${d.markdown}\n\nAlso: Staffing ${MARKER}`, health: 'on_track' });
    expect(named.statusCode).toBe(422);
    expect(named.json().error.details[0].field).toBe('markdown');

    const created = await call('lead', 'POST', api(), { markdown: d.markdown, health: 'at_risk', reason: 'Carrier C has no API documentation.', nextStep: 'Workshop with carrier C on Tuesday.', internalNote: `Watch ${MARKER}` });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;
    expect(created.json().status).toBe('draft');
    // a draft is the provider's: a client neither lists nor opens it
    expect((await call('sponsor', 'GET', api(`/${id}`))).statusCode).toBe(404);
    expect((await call('sponsor', 'GET', api())).json().updates.some((u: { id: string }) => u.id === id)).toBe(false);
    const patched = await call('lead', 'PATCH', api(`/${id}`), { nextStep: 'Workshop with carrier C on Tuesday 10 Nov.' });
    expect(patched.statusCode, patched.body).toBe(200);
    expect((await call('lead', 'PATCH', api(`/${id}`), { health: 'off_track', reason: '' })).json().error.details[0].field).toBe('reason');

    const published = await call('lead', 'POST', api(`/${id}/publish`), {});
    expect(published.statusCode, published.body).toBe(200);
    const p = published.json();
    expect(p.status).toBe('published');
    expect(p.dueDate).toBe('2026-11-06');
    expect(p.lateWorkingDays).toBe(0);
    expect(p.suggested).not.toBeNull();
    expect(p.internalNote).toContain(MARKER);
    expect(JSON.stringify(p.internalLines)).toContain(MARKER);
    // twice: 409 naming the status; a published update cannot be edited
    const twice = await call('lead', 'POST', api(`/${id}/publish`), {});
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.details[0].field).toBe('status');
    expect((await call('lead', 'PATCH', api(`/${id}`), { markdown: 'changed' })).statusCode).toBe(409);

    for (const who of ['sponsor', 'stakeholder'] as const) {
      const res = await call(who, 'GET', api(`/${id}`));
      expect(res.statusCode).toBe(200);
      expect(res.body).not.toContain(MARKER);
      expect(res.json().internalNote).toBeNull();
      expect(res.json().internalLines).toEqual([]);
      expect(res.json().canAcknowledge).toBe(true);
      expect((await call(who, 'GET', api())).body).not.toContain(MARKER);
      expect(JSON.stringify(await notes(who))).not.toContain(MARKER);
      const n = (await notes(who)).find((x) => x.kind === 'status_update.published' && x.link.endsWith(id));
      expect(n?.title).toBe('Status update: at risk');
    }
    await runDueJobs(ctx.deps, JOB_HANDLERS);
    const sent = mails.filter((m) => m.subject === 'Status update: at risk');
    expect(sent.length).toBeGreaterThanOrEqual(2); // sponsor and stakeholder
    for (const m of mails) expect(`${m.subject}\n${m.text}`).not.toContain(MARKER);
  });

  it('client roles acknowledge or reply; a provider role cannot; the lead sees who and when', async () => {
    const id = (await call('lead', 'GET', api())).json().updates[0].id as string;
    const asLead = await call('lead', 'POST', api(`/${id}/acknowledge`), {});
    expect(asLead.statusCode).toBe(403);
    expect((await call('member', 'POST', api(`/${id}/acknowledge`), {})).statusCode).toBe(403);
    const ack = await call('sponsor', 'POST', api(`/${id}/acknowledge`), { comment: 'Read. Let us add the workshop to the steering agenda.' });
    expect(ack.statusCode, ack.body).toBe(200);
    expect(ack.json().acknowledgedByMe).toBe(true);
    expect(ack.json().canAcknowledge).toBe(false);
    const again = await call('sponsor', 'POST', api(`/${id}/acknowledge`), {});
    expect(again.statusCode).toBe(409);
    expect(again.json().error.details[0].field).toBe('acknowledge');
    const emptyReply = await call('stakeholder', 'POST', api(`/${id}/acknowledge`), { acknowledge: false });
    expect(emptyReply.statusCode).toBe(422);
    expect(emptyReply.json().error.details[0].field).toBe('comment');
    expect((await call('stakeholder', 'POST', api(`/${id}/acknowledge`), { acknowledge: false, comment: 'Which carrier?' })).statusCode).toBe(200);
    const seen = (await call('lead', 'GET', api(`/${id}`))).json();
    expect(seen.acknowledgements.map((a: { user: { name: string }; at: string }) => [a.user.name, a.at])).toEqual([['Ingrid Halvorsen', ctx.clock.now().toISOString()]]);
    expect(seen.replies.map((r: { comment: string }) => r.comment)).toEqual(['Read. Let us add the workshop to the steering agenda.', 'Which carrier?']);
    expect((await notes('lead')).some((n) => n.kind === 'status_update.acknowledged' && n.link.endsWith(id))).toBe(true);
  });

  it('a due date passed without an update: the lead is told once, the client sees it overdue, the lateness is recorded', async () => {
    at('2026-11-14T09:00:00.000Z'); // Saturday: Friday 13 Nov passed without an update
    await runDueJobs(ctx.deps, JOB_HANDLERS);
    await runDueJobs(ctx.deps, JOB_HANDLERS);
    const overdue = (await notes('lead')).filter((n) => n.kind === 'status_update.overdue');
    expect(overdue.map((n) => n.title)).toEqual(['Status update overdue (due 2026-11-13)']);
    expect((await notes('sponsor')).some((n) => n.kind === 'status_update.overdue')).toBe(false);
    const list = (await call('sponsor', 'GET', api())).json();
    expect(list.schedule).toMatchObject({ nextDueDate: '2026-11-13', overdue: true });
    expect(list.schedule.lateDueDates).toContain('2026-11-13');

    at('2026-11-16T10:00:00.000Z'); // Monday: one working day late
    const d = (await call('lead', 'GET', api('/draft'))).json();
    expect(d).toMatchObject({ dueDate: '2026-11-13', overdue: true });
    const p = await draftAndPublish({ markdown: d.markdown, health: 'off_track', reason: 'Carrier C integration slipped two weeks.', nextStep: 'Re-plan phase 2 with the sponsor on Wednesday.' });
    expect(p).toMatchObject({ dueDate: '2026-11-13', lateWorkingDays: 1 });
    expect((await call('sponsor', 'GET', api())).json().schedule).toMatchObject({ nextDueDate: '2026-11-20', overdue: false });
  });

  it('off track and unacknowledged for 2 working days: reminded once, then escalated by Candor at the first ladder level', async () => {
    const id = (await call('lead', 'GET', api())).json().updates[0].id as string;
    at('2026-11-18T20:00:00.000Z'); // Wednesday evening: still inside the two working days (Oslo)
    await runDueJobs(ctx.deps, JOB_HANDLERS);
    expect((await notes('sponsor')).some((n) => n.kind === 'status_update.reminder')).toBe(false);
    at('2026-11-19T09:00:00.000Z');
    await runDueJobs(ctx.deps, JOB_HANDLERS);
    await runDueJobs(ctx.deps, JOB_HANDLERS);
    for (const who of ['sponsor', 'stakeholder'] as const) expect((await notes(who)).filter((n) => n.kind === 'status_update.reminder' && n.link.endsWith(id))).toHaveLength(1);
    const escalationsOf = async () =>
      ((await call('lead', 'GET', `/api/v1/engagements/${E}/escalations`)).json().escalations as { subject: { type: string; id: string }; raisedBy: unknown; level: number; title: string }[]).filter((e) => e.subject.type === 'status_update' && e.subject.id === id);
    expect(await escalationsOf()).toHaveLength(0);
    at('2026-11-24T09:00:00.000Z'); // two more working days passed (Thu, Fri … Mon ended)
    await runDueJobs(ctx.deps, JOB_HANDLERS);
    await runDueJobs(ctx.deps, JOB_HANDLERS);
    const raised = await escalationsOf();
    expect(raised).toHaveLength(1);
    expect(raised[0]!.raisedBy).toBeNull();
    expect(raised[0]!.level).toBe(1);
    const sponsorView = (await call('sponsor', 'GET', `/api/v1/engagements/${E}/escalations`)).json().escalations;
    expect(sponsorView.some((e: { subject: { id: string } }) => e.subject.id === id)).toBe(true);
    const audit = await ctx.deps.db.selectFrom('audit_log').select(['actor_id']).where('action', '=', 'escalation.raised').where('chain_id', '=', E).orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(audit.actor_id).toBeNull();
  });

  it('records, visibly to both sides, when the lead publishes a better health than the data suggests', async () => {
    expect((await call('lead', 'PUT', `/api/v1/engagements/${E}/budget`, { hours: 10 })).statusCode).toBe(200);
    const d = (await call('lead', 'GET', api('/draft'))).json();
    expect(d.suggested.health).toBe('off_track');
    expect(d.suggested.reasons.join(' ')).toContain('points ahead of elapsed time');
    const p = await draftAndPublish({ markdown: d.markdown, health: 'on_track' });
    expect(p.overrode).toBe(true);
    expect(p.overrideSentence).toMatch(/^The data suggested off track: budget burn/);
    const client = (await call('stakeholder', 'GET', api(`/${p.id}`))).json();
    expect(client.overrideSentence).toBe(p.overrideSentence);
    expect(client.suggested.health).toBe('off_track');
  });
});
