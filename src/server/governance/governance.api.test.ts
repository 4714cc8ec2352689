import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, pgMissing, type TestContext } from '../../../test/context';
import { runDueJobs } from '../jobs/queue';
import { JOB_HANDLERS } from '../jobs/registry';

const HOUR = 3_600_000;

describe.skipIf(pgMissing)('governance: RAID log, decisions, escalations', () => {
  let ctx: TestContext;
  let E: string;
  const api = (path: string) => `/api/v1/engagements/${E}${path}`;
  const notificationsOf = async (who: 'lead' | 'member' | 'sponsor' | 'stakeholder') =>
    (await ctx.as(who, { method: 'GET', url: '/api/v1/notifications?limit=200' })).json().notifications as { kind: string; title: string; body: string }[];
  beforeAll(async () => {
    ctx = await createTestContext();
    E = ctx.seed.engagementId;
  });
  afterAll(() => ctx?.close());

  describe('RAID', () => {
    it('scores risks, turns an occurred risk into a linked issue and measures the lead time', async () => {
      const before = (await ctx.as('sponsor', { method: 'GET', url: api('/governance/summary') })).json().earlyWarning;
      const risk = await ctx.as('member', { method: 'POST', url: api('/raid'), payload: { type: 'risk', title: 'Carrier X has no API docs', probability: 4, impact: 4, owner: 'Tom Reyes', mitigation: 'Ask for a sandbox' } });
      expect(risk.statusCode).toBe(201);
      expect(risk.json()).toMatchObject({ score: 16, severity: 'critical', status: 'open', unflagged: false });
      ctx.clock.advance(10 * 24 * HOUR);
      const issue = await ctx.as('member', { method: 'POST', url: api(`/raid/${risk.json().id}/occur`), payload: { description: 'Sandbox refused' } });
      expect(issue.statusCode).toBe(201);
      expect(issue.json()).toMatchObject({ type: 'issue', riskId: risk.json().id, unflagged: false, leadTimeDays: 10 });
      const again = await ctx.as('member', { method: 'POST', url: api(`/raid/${risk.json().id}/occur`), payload: {} });
      expect(again.statusCode).toBe(409);
      const unflagged = await ctx.as('sponsor', { method: 'POST', url: api('/raid'), payload: { type: 'issue', title: 'Test accounts expired', owner: 'Sam Patel' } });
      expect(unflagged.json()).toMatchObject({ unflagged: true, leadTimeDays: null });
      const summary = (await ctx.as('sponsor', { method: 'GET', url: api('/governance/summary') })).json();
      // the demo seed has issues of its own: count what this test added
      expect(summary.earlyWarning.issues - before.issues).toBe(2);
      expect(summary.earlyWarning.flaggedBeforeHand - before.flaggedBeforeHand).toBe(1);
    });

    it('draws open risks into the matrix and filters the register', async () => {
      const before = (await ctx.as('stakeholder', { method: 'GET', url: api('/governance/summary') })).json().matrix;
      await ctx.as('lead', { method: 'POST', url: api('/raid'), payload: { type: 'risk', title: 'Pricing content late', probability: 3, impact: 2, owner: 'Sam Patel' } });
      const summary = (await ctx.as('stakeholder', { method: 'GET', url: api('/governance/summary') })).json();
      expect(summary.matrix[2][1]).toBe(before[2][1] + 1);
      expect(summary.matrix[3][3]).toBe(0); // the occurred risk is no longer open
      const medium = (await ctx.as('stakeholder', { method: 'GET', url: api('/raid?type=risk&severity=medium') })).json().items;
      expect(medium.map((i: { title: string }) => i.title)).toContain('Pricing content late');
      expect(medium.every((i: { severity: string; type: string }) => i.severity === 'medium' && i.type === 'risk')).toBe(true);
    });

    it('an invalidated assumption prompts a risk or a decision and tells the leads', async () => {
      const a = (await ctx.as('member', { method: 'POST', url: api('/raid'), payload: { type: 'assumption', title: 'Carriers keep their event formats', owner: 'Tom Reyes' } })).json();
      const bad = await ctx.as('member', { method: 'PATCH', url: api(`/raid/${a.id}`), payload: { status: 'mitigating' } });
      expect(bad.statusCode).toBe(422);
      expect(bad.json().error.details[0].field).toBe('status');
      const res = await ctx.as('member', { method: 'PATCH', url: api(`/raid/${a.id}`), payload: { status: 'invalidated' } });
      expect(res.json().item.status).toBe('invalidated');
      expect(res.json().prompt).toContain('raise a risk');
      expect((await notificationsOf('sponsor')).some((n) => n.kind === 'assumption.invalidated')).toBe(true);
    });

    it('client dependencies go overdue per side, with a job that tells both sides', async () => {
      const today = ctx.clock.now().toISOString().slice(0, 10);
      const past = await ctx.as('lead', { method: 'POST', url: api('/raid'), payload: { type: 'dependency', title: 'Root access for John', owner: 'Sam Patel', neededFrom: 'client', neededBy: '2020-01-01' } });
      expect(past.statusCode).toBe(422);
      expect(past.json().error.details[0].field).toBe('neededBy');
      const dep = (await ctx.as('lead', { method: 'POST', url: api('/raid'), payload: { type: 'dependency', title: 'Root access for John', owner: 'Sam Patel', neededFrom: 'client', neededBy: today } })).json();
      expect(dep.overdue).toBe(false);
      ctx.clock.advance(36 * HOUR);
      await runDueJobs(ctx.deps, JOB_HANDLERS);
      expect((await ctx.as('sponsor', { method: 'GET', url: api(`/raid/${dep.id}`) })).json().overdue).toBe(true);
      const summary = (await ctx.as('sponsor', { method: 'GET', url: api('/governance/summary') })).json();
      const overdueClient = (await ctx.as('sponsor', { method: 'GET', url: api('/raid?type=dependency&overdue=true') })).json().items.filter((i: { neededFrom: string }) => i.neededFrom === 'client');
      expect(summary.overdueDependencies.client).toBe(overdueClient.length);
      expect(overdueClient.map((i: { id: string }) => i.id)).toContain(dep.id);
      expect((await notificationsOf('sponsor')).some((n) => n.kind === 'dependency.overdue' && n.title.includes('Root access'))).toBe(true);
    });

    it('probability outside 1–5 names the field', async () => {
      const res = await ctx.as('lead', { method: 'POST', url: api('/raid'), payload: { type: 'risk', title: 'x', probability: 6, impact: 0, owner: 'x' } });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.details.map((d: { field: string }) => d.field).sort()).toEqual(['impact', 'probability']);
    });

    it('internal risks never reach client roles: not in the register, the summary, "what changed", or notifications', async () => {
      const secret = (await ctx.as('lead', { method: 'POST', url: api('/raid'), payload: { type: 'risk', title: 'Internal: margin at risk QZX', probability: 5, impact: 5, owner: 'Maya Okafor', visibility: 'internal' } })).json();
      await ctx.as('lead', { method: 'PATCH', url: api(`/raid/${secret.id}`), payload: { status: 'mitigating' } });
      for (const who of ['sponsor', 'stakeholder'] as const) {
        const bodies = await Promise.all(
          ['/raid', '/governance/summary', '/governance/changes', `/raid/${secret.id}`].map(async (p) => (await ctx.as(who, { method: 'GET', url: api(p) })).body),
        );
        for (const b of bodies) expect(b).not.toContain('QZX');
        const summary = JSON.parse(bodies[1]!);
        expect(summary.matrix[4][4]).toBe(0);
        expect(JSON.stringify(await notificationsOf(who))).not.toContain('QZX');
      }
      const provider = (await ctx.as('member', { method: 'GET', url: api('/governance/changes') })).body;
      expect(provider).toContain('QZX');
      expect(JSON.parse((await ctx.as('member', { method: 'GET', url: api('/governance/summary') })).body).matrix[4][4]).toBe(1);
      const client = await ctx.as('sponsor', { method: 'POST', url: api('/raid'), payload: { type: 'risk', title: 'x', probability: 1, impact: 1, owner: 'x', visibility: 'internal' } });
      expect(client.statusCode).toBe(403);
    });

    it('a risk made internal after it was shared drops out of the client roles\' "what changed" (its shared creation record names it)', async () => {
      const risk = (await ctx.as('lead', { method: 'POST', url: api('/raid'), payload: { type: 'risk', title: 'Shared at first: vendor lock-in KJW', probability: 2, impact: 3, owner: 'Maya Okafor' } })).json();
      expect((await ctx.as('sponsor', { method: 'GET', url: api('/governance/changes') })).body).toContain('KJW');
      await ctx.as('lead', { method: 'PATCH', url: api(`/raid/${risk.id}`), payload: { visibility: 'internal' } });
      for (const who of ['sponsor', 'stakeholder'] as const) {
        expect((await ctx.as(who, { method: 'GET', url: api('/governance/changes') })).body, who).not.toContain('KJW');
        expect((await ctx.as(who, { method: 'GET', url: api(`/raid/${risk.id}`) })).statusCode).toBe(404);
      }
      expect((await ctx.as('lead', { method: 'GET', url: api('/governance/changes') })).body).toContain('KJW');
    });
  });

  describe('decisions', () => {
    let decisionId: string;
    it('takes the decider and the consulted from the charter, notifies the decider, shows on the overview', async () => {
      const existing = (await ctx.as('lead', { method: 'GET', url: api('/decisions') })).json().decisions.length;
      const res = await ctx.as('lead', {
        method: 'POST',
        url: api('/decisions'),
        payload: {
          title: 'Which carriers first',
          context: 'Five carriers; two push events, three need polling.',
          options: [{ title: 'Push carriers first', cost: '3 days', risk: 'low' }, { title: 'All five at once', cost: '8 days', time: '+1 week', risk: 'polling load' }],
          recommendation: 'We recommend the two push carriers first, because they cover 60% of volume.',
          kind: 'Scope',
          dueDate: new Date(ctx.clock.now().getTime() + 3 * 24 * HOUR).toISOString().slice(0, 10),
        },
      });
      expect(res.statusCode).toBe(201);
      const d = res.json();
      decisionId = d.id;
      expect(d).toMatchObject({ kind: 'scope', decider: 'Ingrid Halvorsen', deciderSide: 'client', consulted: ['Sam Patel'], status: 'proposed', number: existing + 1 });
      expect(d.deciderUser.email).toBe('sponsor@demo.candor.dev');
      expect((await notificationsOf('sponsor')).some((n) => n.kind === 'decision.requested' && n.title.includes('Which carriers first'))).toBe(true);
      const overview = (await ctx.as('stakeholder', { method: 'GET', url: api('/overview') })).json();
      expect(overview.pendingDecisions.map((p: { title: string }) => p.title)).toContain('Which carriers first');
    });

    it('refuses a kind the charter does not define and a due date in the past, naming the field', async () => {
      const kind = await ctx.as('lead', { method: 'POST', url: api('/decisions'), payload: { title: 'x', options: [{ title: 'a' }], kind: 'marketing', dueDate: '2099-01-01' } });
      expect(kind.statusCode).toBe(422);
      expect(kind.json().error.details[0].field).toBe('kind');
      expect(kind.json().error.message).toContain('scope');
      const due = await ctx.as('lead', { method: 'POST', url: api('/decisions'), payload: { title: 'x', options: [{ title: 'a' }], kind: 'scope', dueDate: '2020-01-01' } });
      expect(due.statusCode).toBe(422);
      expect(due.json().error.details[0].field).toBe('dueDate');
    });

    it('only the decider decides; latency is measured per side; the log exports as Markdown and supersedes cleanly', async () => {
      const lead = await ctx.as('lead', { method: 'POST', url: api(`/decisions/${decisionId}/decide`), payload: { outcome: 'Push first' } });
      expect(lead.statusCode).toBe(403);
      ctx.clock.advance(2 * 24 * HOUR);
      const ok = await ctx.as('sponsor', { method: 'POST', url: api(`/decisions/${decisionId}/decide`), payload: { outcome: 'Push carriers first; revisit in phase 2.', chosenOption: 0 } });
      expect(ok.json()).toMatchObject({ status: 'decided', chosenOption: 0 });
      const latency = (await ctx.as('stakeholder', { method: 'GET', url: api('/decisions/latency') })).json().sides;
      // the demo's history holds client decisions of its own (one late, one on time): the figures count them with this one, decided in 2 days
      type D = { deciderSide: string; status: string; createdAt: string; decidedAt: string; dueDate: string };
      const clientDecided = ((await ctx.as('stakeholder', { method: 'GET', url: api('/decisions') })).json().decisions as D[]).filter((d) => d.deciderSide === 'client' && d.decidedAt);
      const days = clientDecided.map((d) => (Date.parse(d.decidedAt) - Date.parse(d.createdAt)) / (24 * HOUR)).sort((x, y) => x - y);
      expect(days.length).toBeGreaterThan(1);
      expect(days).toContain(2);
      const mid = days.length % 2 ? days[(days.length - 1) / 2]! : (days[days.length / 2 - 1]! + days[days.length / 2]!) / 2;
      const onTime = clientDecided.filter((d) => Date.parse(d.decidedAt) <= Date.parse(`${d.dueDate}T23:59:59.999Z`)).length;
      expect(onTime).toBeLessThan(clientDecided.length); // the seed's late one
      expect(latency.find((s: { side: string }) => s.side === 'client')).toMatchObject({ decided: clientDecided.length, medianDaysToDecide: Math.round(mid * 10) / 10, onTimeShare: onTime / clientDecided.length });
      const next = await ctx.as('lead', { method: 'POST', url: api('/decisions'), payload: { title: 'Which carriers first (revisited)', options: [{ title: 'All five' }], kind: 'scope', dueDate: '2099-01-01', supersedesId: decisionId } });
      expect(next.statusCode).toBe(201);
      const old = (await ctx.as('sponsor', { method: 'GET', url: api(`/decisions/${decisionId}`) })).json();
      const n = (k: number) => String(k).padStart(3, '0');
      expect(old).toMatchObject({ status: 'superseded', supersededBy: { number: old.number + 1 } });
      const md = await ctx.as('stakeholder', { method: 'GET', url: api('/decisions/export.md') });
      expect(md.headers['content-type']).toContain('text/markdown');
      expect(md.body).toContain(`## ${n(old.number)}. Which carriers first`);
      expect(md.body).toContain(`Superseded by decision ${n(old.number + 1)}`);
      expect(md.body).toContain('We recommend the two push carriers first');
      expect(md.body).toContain('**Push carriers first** ✅ chosen');
    });
  });

  describe('escalations', () => {
    it('an overdue decision escalates; an unanswered level climbs on its own; level 2 acknowledges and resolves', async () => {
      const d = (await ctx.as('lead', { method: 'POST', url: api('/decisions'), payload: { title: 'Release window', options: [{ title: 'Friday' }, { title: 'Monday' }], kind: 'release', dueDate: ctx.clock.now().toISOString().slice(0, 10) } })).json();
      const early = await ctx.as('stakeholder', { method: 'POST', url: api('/escalations'), payload: { subjectType: 'decision', subjectId: d.id } });
      expect(early.statusCode).toBe(422);
      expect(early.json().error.message).toContain('not overdue');
      ctx.clock.advance(2 * 24 * HOUR);
      await runDueJobs(ctx.deps, JOB_HANDLERS); // the overdue notice
      const raised = await ctx.as('stakeholder', { method: 'POST', url: api('/escalations'), payload: { subjectType: 'decision', subjectId: d.id, description: 'We cannot plan the launch.' } });
      expect(raised.statusCode).toBe(201);
      const esc = raised.json();
      expect(esc).toMatchObject({ level: 1, status: 'open', title: 'Overdue decision: Release window', current: { person: 'Maya Okafor (engagement lead)', responseHours: 24 } });
      expect((await notificationsOf('lead')).some((n) => n.kind === 'escalation.raised')).toBe(true);

      // level 1 (the lead) does not answer within 24 h
      ctx.clock.advance(23 * HOUR);
      await runDueJobs(ctx.deps, JOB_HANDLERS);
      expect((await ctx.as('stakeholder', { method: 'GET', url: api(`/escalations/${esc.id}`) })).json().level).toBe(1);
      ctx.clock.advance(2 * HOUR);
      await runDueJobs(ctx.deps, JOB_HANDLERS);
      const climbed = (await ctx.as('stakeholder', { method: 'GET', url: api(`/escalations/${esc.id}`) })).json();
      expect(climbed).toMatchObject({ level: 2, current: { person: 'Jonas Berg (delivery director, Brightline)', userId: null } });
      expect(climbed.events.map((e: { kind: string }) => e.kind)).toEqual(['raised', 'climbed']);
      expect((await notificationsOf('stakeholder')).some((n) => n.kind === 'escalation.climbed')).toBe(true);

      // the lead was level 1 and may no longer act; level 2 is no member, so the sponsor acts for it
      const tooLate = await ctx.as('member', { method: 'POST', url: api(`/escalations/${esc.id}/acknowledge`), payload: {} });
      expect(tooLate.statusCode).toBe(403);
      const ack = await ctx.as('sponsor', { method: 'POST', url: api(`/escalations/${esc.id}/acknowledge`), payload: { note: 'Jonas is on it' } });
      expect(ack.json().status).toBe('acknowledged');
      ctx.clock.advance(100 * HOUR);
      await runDueJobs(ctx.deps, JOB_HANDLERS);
      expect((await ctx.as('sponsor', { method: 'GET', url: api(`/escalations/${esc.id}`) })).json().level).toBe(2); // no climb after acknowledgement
      const resolved = await ctx.as('sponsor', { method: 'POST', url: api(`/escalations/${esc.id}/resolve`), payload: { outcome: 'Release on Monday; decision recorded.' } });
      expect(resolved.json()).toMatchObject({ status: 'resolved', outcome: 'Release on Monday; decision recorded.' });
      expect(resolved.json().events.map((e: { kind: string }) => e.kind)).toEqual(['raised', 'climbed', 'acknowledged', 'resolved']);
    });

    it('refuses escalating a closed item, and needs a title for a concern', async () => {
      const issue = (await ctx.as('member', { method: 'POST', url: api('/raid'), payload: { type: 'issue', title: 'Build server down', owner: 'Tom' } })).json();
      await ctx.as('member', { method: 'PATCH', url: api(`/raid/${issue.id}`), payload: { status: 'resolved' } });
      const closed = await ctx.as('sponsor', { method: 'POST', url: api('/escalations'), payload: { subjectType: 'issue', subjectId: issue.id } });
      expect(closed.statusCode).toBe(422);
      expect(closed.json().error.details[0]).toMatchObject({ field: 'subjectId' });
      const concern = await ctx.as('sponsor', { method: 'POST', url: api('/escalations'), payload: { subjectType: 'concern' } });
      expect(concern.json().error.details[0].field).toBe('title');
    });

    it('an internal escalation stays on the provider side', async () => {
      const esc = (await ctx.as('member', { method: 'POST', url: api('/escalations'), payload: { subjectType: 'concern', title: 'Internal QZY: overtime', visibility: 'internal' } })).json();
      expect((await ctx.as('sponsor', { method: 'GET', url: api(`/escalations/${esc.id}`) })).statusCode).toBe(404);
      expect((await ctx.as('sponsor', { method: 'GET', url: api('/escalations') })).body).not.toContain('QZY');
      ctx.clock.advance(30 * HOUR);
      await runDueJobs(ctx.deps, JOB_HANDLERS);
      expect(JSON.stringify(await notificationsOf('sponsor'))).not.toContain('QZY');
    });
  });
});
