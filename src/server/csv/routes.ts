import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CommitmentQuery } from '../../contracts/commitments';
import { EngagementParams } from '../../contracts/common';
import { RaidQuery } from '../../contracts/governance';
import { RecommendationQuery } from '../../contracts/recommendations';
import type { Deps } from '../http/context';
import { authorize, responses } from '../http/plumbing';
import { agendaCsv, commitmentsCsv, decisionsCsv, escalationsCsv, itemsCsv, raidCsv, recommendationsCsv, statusUpdatesCsv, timeCsv } from './service';
import { sendCsv, wantsBom } from './stream';

/**
 * CSV everywhere (issue 16, ADR 0025): `GET /engagements/{id}/<register>/export.csv`
 * for every register, beside `decisions/export.md`. Each takes the register
 * list's own filters plus `bom=1`, and reads through the list's use case.
 */
const Bom = z.enum(['0', '1', 'true', 'false']).optional().describe('1: start the file with a UTF-8 byte-order mark, so Excel reads it as UTF-8');
const BomQuery = z.strictObject({ bom: Bom });
const CsvText = z.string().describe('text/csv; charset=utf-8, a header row, CRLF line ends; text that a spreadsheet would run as a formula starts with an apostrophe');

export const csvRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  const E = '/engagements/:id';
  const schema = (tag: string, summary: string, querystring: z.ZodType = BomQuery, extra: object = {}) => ({
    schema: { tags: [tag], summary, params: EngagementParams, querystring, produces: ['text/csv'], response: responses({ 200: CsvText }), ...extra },
  });

  const items = (tag: string, extra: object) =>
    schema(tag, 'CSV of the work items I may see', z.looseObject({ bom: Bom }), extra);
  // the older paths of the two first exports stay as aliases (they ignored any other query parameter, and still do)
  app.get(`${E}/items/export.csv`, schema('items', 'CSV of the work items I may see'), async (req, reply) =>
    sendCsv(reply, req.params.id, itemsCsv(deps, await authorize(deps, req, req.params.id, 'delivery.read')), { bom: wantsBom(req.query as { bom?: string }) }),
  );
  app.get(`${E}/items/export`, items('items', { deprecated: true, description: 'Older path of items/export.csv' }), async (req, reply) =>
    sendCsv(reply, req.params.id, itemsCsv(deps, await authorize(deps, req, req.params.id, 'delivery.read')), { bom: wantsBom(req.query as { bom?: string }) }),
  );
  const timeSummary = 'CSV of the time entries I may see (per-day totals for clients when the lead shows totals only)';
  app.get(`${E}/time-entries/export.csv`, schema('time', timeSummary), async (req, reply) =>
    sendCsv(reply, req.params.id, await timeCsv(deps, await authorize(deps, req, req.params.id, 'delivery.read')), { bom: wantsBom(req.query as { bom?: string }) }),
  );
  app.get(`${E}/time-entries/export`, schema('time', timeSummary, z.looseObject({ bom: Bom }), { deprecated: true, description: 'Older path of time-entries/export.csv' }), async (req, reply) =>
    sendCsv(reply, req.params.id, await timeCsv(deps, await authorize(deps, req, req.params.id, 'delivery.read')), { bom: wantsBom(req.query as { bom?: string }) }),
  );

  app.get(`${E}/commitments/export.csv`, schema('commitments', 'CSV of the commitments ledger as I may see it (the list’s filters: side, status)', CommitmentQuery.extend({ bom: Bom })), async (req, reply) => {
    const { bom, ...f } = req.query as z.infer<typeof CommitmentQuery> & { bom?: string };
    return sendCsv(reply, req.params.id, await commitmentsCsv(deps, await authorize(deps, req, req.params.id, 'commitment.read'), f), { bom: wantsBom({ bom }) });
  });
  app.get(`${E}/raid/export.csv`, schema('governance', 'CSV of the RAID register as I may see it (the list’s filters)', RaidQuery.extend({ bom: Bom })), async (req, reply) => {
    const { bom, ...f } = req.query as z.infer<typeof RaidQuery> & { bom?: string };
    return sendCsv(reply, req.params.id, await raidCsv(deps, await authorize(deps, req, req.params.id, 'raid.read'), f), { bom: wantsBom({ bom }) });
  });
  const DecisionQuery = z.strictObject({ status: z.enum(['proposed', 'decided', 'superseded']).optional(), bom: Bom });
  app.get(`${E}/decisions/export.csv`, schema('governance', 'CSV of the decision log as I may see it', DecisionQuery), async (req, reply) => {
    const q = req.query as z.infer<typeof DecisionQuery>;
    return sendCsv(reply, req.params.id, await decisionsCsv(deps, await authorize(deps, req, req.params.id, 'decision.read'), q.status), { bom: wantsBom(q) });
  });
  app.get(`${E}/escalations/export.csv`, schema('governance', 'CSV of the escalations as I may see them'), async (req, reply) =>
    sendCsv(reply, req.params.id, await escalationsCsv(deps, await authorize(deps, req, req.params.id, 'escalation.read')), { bom: wantsBom(req.query as { bom?: string }) }),
  );
  app.get(`${E}/status-updates/export.csv`, schema('status updates', 'CSV of the status updates (drafts for the provider only)'), async (req, reply) =>
    sendCsv(reply, req.params.id, await statusUpdatesCsv(deps, await authorize(deps, req, req.params.id, 'status.read')), { bom: wantsBom(req.query as { bom?: string }) }),
  );
  app.get(`${E}/recommendations/export.csv`, schema('recommendations', 'CSV of the recommendations as I may see them (the list’s filters: kind, status)', RecommendationQuery.extend({ bom: Bom })), async (req, reply) => {
    const { bom, ...f } = req.query as z.infer<typeof RecommendationQuery> & { bom?: string };
    return sendCsv(reply, req.params.id, await recommendationsCsv(deps, await authorize(deps, req, req.params.id, 'recommendation.read'), f), { bom: wantsBom({ bom }) });
  });
  app.get(`${E}/agenda/export.csv`, schema('agenda', 'CSV of the future agenda’s entries as I may see them'), async (req, reply) =>
    sendCsv(reply, req.params.id, await agendaCsv(deps, await authorize(deps, req, req.params.id, 'agenda.read')), { bom: wantsBom(req.query as { bom?: string }) }),
  );
};
