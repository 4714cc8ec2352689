import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { EngagementParams } from '../../contracts/common';
import {
  ChangesQuery,
  CreateDecisionBody,
  CreateRaidBody,
  DecideBody,
  Decision,
  DecisionLatency,
  DecisionList,
  DecisionParams,
  Escalation,
  EscalationList,
  EscalationNote,
  EscalationParams,
  GovernanceChanges,
  GovernanceSummary,
  OccurBody,
  RaidItem,
  RaidList,
  RaidParams,
  RaidQuery,
  RaidUpdateResult,
  RaiseEscalationBody,
  ResolveBody,
  UpdateRaidBody,
} from '../../contracts/governance';
import type { Deps } from '../http/context';
import { authorize, responses } from '../http/plumbing';
import { decide, decisionLatencyFor, decisionsMarkdown, getDecision, listDecisions, openDecisionsSummary, requestDecision } from './decisions';
import { actOnEscalation, countOpenEscalations, getEscalation, listEscalations, raiseEscalation } from './escalations';
import { createRaid, getRaid, governanceChanges, listRaid, raidSummary, riskOccurred, updateRaid } from './raid';

export const governanceRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  const E = '/engagements/:id';

  app.get(`${E}/raid`, { schema: { tags: ['governance'], summary: 'The RAID register, filtered', params: EngagementParams, querystring: RaidQuery, response: responses({ 200: RaidList }) } }, async (req) => ({
    items: await listRaid(deps, await authorize(deps, req, req.params.id, 'raid.read'), req.query),
  }));
  app.post(`${E}/raid`, { schema: { tags: ['governance'], summary: 'Flag a risk, raise an issue, state an assumption or a dependency', params: EngagementParams, body: CreateRaidBody, response: responses({ 201: RaidItem }) } }, async (req, reply) =>
    reply.status(201).send(await createRaid(deps, await authorize(deps, req, req.params.id, 'raid.write'), req.body)),
  );
  app.get(`${E}/raid/:itemId`, { schema: { tags: ['governance'], summary: 'One RAID item', params: RaidParams, response: responses({ 200: RaidItem }) } }, async (req) =>
    getRaid(deps, await authorize(deps, req, req.params.id, 'raid.read'), req.params.itemId),
  );
  app.patch(`${E}/raid/:itemId`, { schema: { tags: ['governance'], summary: 'Update a RAID item (status per type)', params: RaidParams, body: UpdateRaidBody, response: responses({ 200: RaidUpdateResult }) } }, async (req) =>
    updateRaid(deps, await authorize(deps, req, req.params.id, 'raid.write'), req.params.itemId, req.body),
  );
  app.post(`${E}/raid/:itemId/occur`, { schema: { tags: ['governance'], summary: 'A risk happened: record the issue it became', params: RaidParams, body: OccurBody, response: responses({ 201: RaidItem }) } }, async (req, reply) =>
    reply.status(201).send(await riskOccurred(deps, await authorize(deps, req, req.params.id, 'raid.write'), req.params.itemId, req.body.description)),
  );
  app.get(`${E}/governance/summary`, { schema: { tags: ['governance'], summary: 'Risk matrix, early warning, overdue dependencies per side, open decisions and escalations', params: EngagementParams, response: responses({ 200: GovernanceSummary }) } }, async (req) => {
    const access = await authorize(deps, req, req.params.id, 'raid.read');
    const [raid, openDecisions, openEscalations] = await Promise.all([raidSummary(deps, access), openDecisionsSummary(deps, access), countOpenEscalations(deps, access)]);
    return { ...raid, openDecisions, openEscalations };
  });
  app.get(`${E}/governance/changes`, { schema: { tags: ['governance'], summary: 'What changed in risks, issues, decisions and escalations since a moment', params: EngagementParams, querystring: ChangesQuery, response: responses({ 200: GovernanceChanges }) } }, async (req) =>
    governanceChanges(deps, await authorize(deps, req, req.params.id, 'raid.read'), req.query.since),
  );

  app.get(`${E}/decisions`, { schema: { tags: ['governance'], summary: 'The decision log, newest first', params: EngagementParams, querystring: z.strictObject({ status: z.enum(['proposed', 'decided', 'superseded']).optional() }), response: responses({ 200: DecisionList }) } }, async (req) => ({
    decisions: await listDecisions(deps, await authorize(deps, req, req.params.id, 'decision.read'), req.query.status),
  }));
  app.post(`${E}/decisions`, { schema: { tags: ['governance'], summary: 'Request a decision (the charter names who decides)', params: EngagementParams, body: CreateDecisionBody, response: responses({ 201: Decision }) } }, async (req, reply) =>
    reply.status(201).send(await requestDecision(deps, await authorize(deps, req, req.params.id, 'decision.request'), req.body)),
  );
  app.get(`${E}/decisions/export.md`, { schema: { tags: ['governance'], summary: 'The decision log as Markdown', params: EngagementParams, produces: ['text/markdown'], response: responses({ 200: z.string().describe('text/markdown') }) } }, async (req, reply) => {
    const md = await decisionsMarkdown(deps, await authorize(deps, req, req.params.id, 'decision.read'));
    return reply.header('content-type', 'text/markdown; charset=utf-8').header('content-disposition', 'attachment; filename="decision-log.md"').send(md);
  });
  app.get(`${E}/decisions/latency`, { schema: { tags: ['governance'], summary: 'How long each side takes to decide, against due dates', params: EngagementParams, response: responses({ 200: DecisionLatency }) } }, async (req) => ({
    sides: await decisionLatencyFor(deps, await authorize(deps, req, req.params.id, 'decision.read')),
  }));
  app.get(`${E}/decisions/:decisionId`, { schema: { tags: ['governance'], summary: 'One decision record', params: DecisionParams, response: responses({ 200: Decision }) } }, async (req) =>
    getDecision(deps, await authorize(deps, req, req.params.id, 'decision.read'), req.params.decisionId),
  );
  app.post(`${E}/decisions/:decisionId/decide`, { schema: { tags: ['governance'], summary: 'Record the outcome (the decider)', params: DecisionParams, body: DecideBody, response: responses({ 200: Decision }) } }, async (req) =>
    decide(deps, await authorize(deps, req, req.params.id, 'decision.decide'), req.params.decisionId, req.body.outcome, req.body.chosenOption),
  );

  app.get(`${E}/escalations`, { schema: { tags: ['governance'], summary: 'Escalations with their timelines', params: EngagementParams, response: responses({ 200: EscalationList }) } }, async (req) => ({
    escalations: await listEscalations(deps, await authorize(deps, req, req.params.id, 'escalation.read')),
  }));
  app.post(`${E}/escalations`, { schema: { tags: ['governance'], summary: 'Escalate an issue, an overdue decision or dependency, or a concern', params: EngagementParams, body: RaiseEscalationBody, response: responses({ 201: Escalation }) } }, async (req, reply) =>
    reply.status(201).send(await raiseEscalation(deps, await authorize(deps, req, req.params.id, 'escalation.raise'), req.body)),
  );
  app.get(`${E}/escalations/:escalationId`, { schema: { tags: ['governance'], summary: 'One escalation and its timeline', params: EscalationParams, response: responses({ 200: Escalation }) } }, async (req) =>
    getEscalation(deps, await authorize(deps, req, req.params.id, 'escalation.read'), req.params.escalationId),
  );
  app.post(`${E}/escalations/:escalationId/acknowledge`, { schema: { tags: ['governance'], summary: 'Acknowledge at the current level (stops the climb)', params: EscalationParams, body: EscalationNote, response: responses({ 200: Escalation }) } }, async (req) =>
    actOnEscalation(deps, await authorize(deps, req, req.params.id, 'escalation.act'), req.params.escalationId, 'acknowledge', req.body.note),
  );
  app.post(`${E}/escalations/:escalationId/resolve`, { schema: { tags: ['governance'], summary: 'Resolve with an outcome', params: EscalationParams, body: ResolveBody, response: responses({ 200: Escalation }) } }, async (req) =>
    actOnEscalation(deps, await authorize(deps, req, req.params.id, 'escalation.act'), req.params.escalationId, 'resolve', req.body.outcome),
  );
  app.post(`${E}/escalations/:escalationId/deescalate`, { schema: { tags: ['governance'], summary: 'Step down one level (closes it at level 1)', params: EscalationParams, body: EscalationNote, response: responses({ 200: Escalation }) } }, async (req) =>
    actOnEscalation(deps, await authorize(deps, req, req.params.id, 'escalation.act'), req.params.escalationId, 'deescalate', req.body.note),
  );
};
