import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { EngagementParams, ErrorBody, Ok } from '../../contracts/common';
import {
  Budget,
  Chart,
  ChartParams,
  CreatePhaseBody,
  CreateTimeEntryBody,
  CreateTimeLockBody,
  CreateWorkItemBody,
  DeliveryOverview,
  DeliverySettings,
  GithubImportBody,
  Import,
  ImportList,
  ImportParams,
  ImportUploadQuery,
  Phase,
  PhaseList,
  PhaseParams,
  ProgressQuery,
  PutBudgetBody,
  PutRatesBody,
  RateList,
  RequestReviewBody,
  RunImportBody,
  TimeEntry,
  TimeEntryPage,
  TimeEntryParams,
  TimeEntryQuery,
  TimeLock,
  TimeLockList,
  TimeLockParams,
  TimeTotals,
  TotalsQuery,
  UpdateDeliverySettingsBody,
  UpdateImportBody,
  UpdatePhaseBody,
  UpdateTimeEntryBody,
  UpdateWorkItemBody,
  WorkItem,
  WorkItemPage,
  WorkItemParams,
  WorkItemQuery,
} from '../../contracts/delivery';
import { SESSION_COOKIE } from '../auth/service';
import type { Deps } from '../http/context';
import { AppError, unauthorized } from '../http/errors';
import { authorize, responses } from '../http/plumbing';
import { authorizeDelivery } from './common';
import { budgetJson, getSettings, overviewJson, listRates, putBudget, putRates, updateSettings } from './budget';
import { getImport, IMPORT_LIMIT_BYTES, importFromGithub, listImports, runImport, settleImports, updateImport, uploadImport } from './imports';
import { createItem, getItem, listItems, updateItem } from './items';
import { createPhase, deletePhase, getPhase, listPhases, requestPhaseReview, updatePhase } from './phases';
import { chartCsv, chartJson, getChart } from './progress';
import {
  createEntry,
  createLock,
  deleteEntry,
  deleteLock,
  listEntries,
  listLocks,
  timeTotals,
  updateEntry,
} from './time';

const tags = (t: string) => [t];
// Cached reads are sent as JSON text already shaped by their response schema (see cachedJson).
/** Sends JSON text (a string with a JSON content type is sent as is; the cast only satisfies the route's declared type). */
const sendJsonText = (reply: FastifyReply, json: string) => reply.type('application/json; charset=utf-8').send(json as never);
const CsvText = z.string().describe('text/csv; charset=utf-8, with a header row');

/**
 * What an import upload may say it is (ADR 0033): text and JSON, and the types browsers give a .csv file
 * (Excel on Windows says application/vnd.ms-excel) or none at all. Anything else (HTML, images, multipart
 * forms, archives) is refused with 415 before the body is read.
 */
export const IMPORT_CONTENT_TYPES = new Set([
  'text/csv',
  'text/plain',
  'text/tab-separated-values',
  'text/comma-separated-values',
  'application/csv',
  'application/x-csv',
  'application/vnd.ms-excel',
  'application/json',
  'application/octet-stream',
]);

export function assertImportContentType(header: string | undefined): void {
  const type = (header ?? 'application/octet-stream').split(';')[0]!.trim().toLowerCase();
  if (!IMPORT_CONTENT_TYPES.has(type)) {
    throw new AppError(415, 'unsupported_media_type', 'An import is a CSV or JSON file: send it as text/csv, application/json or application/octet-stream', [
      { field: 'content-type', message: `must be one of ${[...IMPORT_CONTENT_TYPES].join(', ')}` },
    ]);
  }
}

export const deliveryRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  app.addHook('onClose', async () => {
    await settleImports();
  });
  const csv = (reply: { header: (k: string, v: string) => unknown }, name: string) => {
    reply.header('content-type', 'text/csv; charset=utf-8');
    reply.header('content-disposition', `attachment; filename="${name}"`);
  };

  // ── overview and settings ────────────────────────────────────────────────
  app.get(
    '/engagements/:id/delivery',
    { schema: { tags: tags('delivery'), summary: 'Delivery overview: budget burn, alerts, phases with progress, item counts, time totals', params: EngagementParams, response: responses({ 200: DeliveryOverview }) } },
    async (req, reply) => sendJsonText(reply, await overviewJson(deps, await authorizeDelivery(deps, req, req.params.id, 'delivery.read'))),
  );
  app.get(
    '/engagements/:id/delivery/settings',
    { schema: { tags: tags('delivery'), summary: 'Engagement dates, budget, client time view and whether rates are shared', params: EngagementParams, response: responses({ 200: DeliverySettings }) } },
    async (req) => getSettings(deps, await authorizeDelivery(deps, req, req.params.id, 'delivery.read')),
  );
  app.patch(
    '/engagements/:id/delivery/settings',
    { schema: { tags: tags('delivery'), summary: 'Set the engagement dates (time outside them is refused) and whether clients see time entries or totals only (lead)', params: EngagementParams, body: UpdateDeliverySettingsBody, response: responses({ 200: DeliverySettings }) } },
    async (req) => updateSettings(deps, await authorize(deps, req, req.params.id, 'delivery.configure'), req.body),
  );

  // ── phases ───────────────────────────────────────────────────────────────
  app.get(
    '/engagements/:id/phases',
    { schema: { tags: tags('phases'), summary: 'Phases in order, with status and % of their planned period elapsed', params: EngagementParams, response: responses({ 200: PhaseList }) } },
    async (req) => listPhases(deps, await authorize(deps, req, req.params.id, 'delivery.read')),
  );
  app.post(
    '/engagements/:id/phases',
    { schema: { tags: tags('phases'), summary: 'Add a phase with its goal, planned dates and exit criteria (lead)', params: EngagementParams, body: CreatePhaseBody, response: responses({ 201: Phase }) } },
    async (req, reply) => reply.status(201).send(await createPhase(deps, await authorize(deps, req, req.params.id, 'phase.manage'), req.body)),
  );
  app.get(
    '/engagements/:id/phases/:phaseId',
    { schema: { tags: tags('phases'), summary: 'One phase', params: PhaseParams, response: responses({ 200: Phase }) } },
    async (req) => getPhase(deps, await authorize(deps, req, req.params.id, 'delivery.read'), req.params.phaseId),
  );
  app.patch(
    '/engagements/:id/phases/:phaseId',
    { schema: { tags: tags('phases'), summary: 'Edit a phase; status only planned ⇄ active (a phase ends through its gate review) (lead)', params: PhaseParams, body: UpdatePhaseBody, response: responses({ 200: Phase }) } },
    async (req) => updatePhase(deps, await authorize(deps, req, req.params.id, 'phase.manage'), req.params.phaseId, req.body),
  );
  app.delete(
    '/engagements/:id/phases/:phaseId',
    { schema: { tags: tags('phases'), summary: 'Delete a planned phase without work items (lead)', params: PhaseParams, response: responses({ 200: Ok }) } },
    async (req) => {
      await deletePhase(deps, await authorize(deps, req, req.params.id, 'phase.manage'), req.params.phaseId);
      return { ok: true as const };
    },
  );
  app.post(
    '/engagements/:id/phases/:phaseId/review',
    { schema: { tags: tags('phases'), summary: 'Ask for the gate review: active → in_review, and the gate review opens (its id is gateReviewId on the phase); the review decides whether the phase is done (lead)', params: PhaseParams, body: RequestReviewBody, response: responses({ 200: Phase }) } },
    async (req) => requestPhaseReview(deps, await authorize(deps, req, req.params.id, 'phase.manage'), req.params.phaseId, req.body.note, req.body.questions),
  );

  // ── work items ───────────────────────────────────────────────────────────
  app.get(
    '/engagements/:id/items',
    { schema: { tags: tags('items'), summary: 'Work items I may see: filter, sort, cursor pages', params: EngagementParams, querystring: WorkItemQuery, response: responses({ 200: WorkItemPage }) } },
    async (req) => listItems(deps, await authorize(deps, req, req.params.id, 'delivery.read'), req.query),
  );
  app.post(
    '/engagements/:id/items',
    { schema: { tags: tags('items'), summary: 'Add a work item with an estimate range (you are recorded as the estimator) (provider)', params: EngagementParams, body: CreateWorkItemBody, response: responses({ 201: WorkItem }) } },
    async (req, reply) => reply.status(201).send(await createItem(deps, await authorize(deps, req, req.params.id, 'item.write'), req.body)),
  );
  // CSV of the items: src/server/csv (…/items/export.csv, and this older …/items/export)
  app.get(
    '/engagements/:id/items/:itemId',
    { schema: { tags: tags('items'), summary: 'One work item with its description and actual effort', params: WorkItemParams, response: responses({ 200: WorkItem }) } },
    async (req) => getItem(deps, await authorize(deps, req, req.params.id, 'delivery.read'), req.params.itemId),
  );
  app.patch(
    '/engagements/:id/items/:itemId',
    { schema: { tags: tags('items'), summary: 'Edit a work item: status, phase, outcome, estimate, assignee, visibility (provider)', params: WorkItemParams, body: UpdateWorkItemBody, response: responses({ 200: WorkItem }) } },
    async (req) => updateItem(deps, await authorize(deps, req, req.params.id, 'item.write'), req.params.itemId, req.body),
  );

  // ── time ─────────────────────────────────────────────────────────────────
  app.get(
    '/engagements/:id/time-entries',
    { schema: { tags: tags('time'), summary: 'Time entries I may see, newest day first (clients: shared entries, or none when the lead shows totals only)', params: EngagementParams, querystring: TimeEntryQuery, response: responses({ 200: TimeEntryPage }) } },
    async (req) => listEntries(deps, await authorize(deps, req, req.params.id, 'delivery.read'), req.query),
  );
  app.post(
    '/engagements/:id/time-entries',
    { schema: { tags: tags('time'), summary: 'Log time (yours; the lead may log for a provider member); refused in locked periods and beyond 24 h a day', params: EngagementParams, body: CreateTimeEntryBody, response: responses({ 201: TimeEntry }) } },
    async (req, reply) => reply.status(201).send(await createEntry(deps, await authorize(deps, req, req.params.id, 'time.log'), req.body)),
  );
  app.get(
    '/engagements/:id/time-entries/totals',
    { schema: { tags: tags('time'), summary: 'Time totals per day, week, month or person', params: EngagementParams, querystring: TotalsQuery, response: responses({ 200: TimeTotals }) } },
    async (req) => timeTotals(deps, await authorizeDelivery(deps, req, req.params.id, 'delivery.read'), req.query),
  );
  // CSV of the time entries: src/server/csv (…/time-entries/export.csv, and this older …/time-entries/export)
  app.patch(
    '/engagements/:id/time-entries/:entryId',
    { schema: { tags: tags('time'), summary: 'Change a time entry (its person or the lead); refused in locked periods', params: TimeEntryParams, body: UpdateTimeEntryBody, response: responses({ 200: TimeEntry }) } },
    async (req) => updateEntry(deps, await authorize(deps, req, req.params.id, 'time.log'), req.params.entryId, req.body),
  );
  app.delete(
    '/engagements/:id/time-entries/:entryId',
    { schema: { tags: tags('time'), summary: 'Delete a time entry (its person or the lead); refused in locked periods', params: TimeEntryParams, response: responses({ 200: Ok }) } },
    async (req) => {
      await deleteEntry(deps, await authorize(deps, req, req.params.id, 'time.log'), req.params.entryId);
      return { ok: true as const };
    },
  );
  app.get(
    '/engagements/:id/time-locks',
    { schema: { tags: tags('time'), summary: 'Locked periods: time dated inside them cannot change', params: EngagementParams, response: responses({ 200: TimeLockList }) } },
    async (req) => listLocks(deps, await authorize(deps, req, req.params.id, 'delivery.read')),
  );
  app.post(
    '/engagements/:id/time-locks',
    { schema: { tags: tags('time'), summary: 'Lock a period (e.g. an invoiced month) (lead)', params: EngagementParams, body: CreateTimeLockBody, response: responses({ 201: TimeLock }) } },
    async (req, reply) => reply.status(201).send(await createLock(deps, await authorize(deps, req, req.params.id, 'delivery.configure'), req.body)),
  );
  app.delete(
    '/engagements/:id/time-locks/:lockId',
    { schema: { tags: tags('time'), summary: 'Unlock a period (lead)', params: TimeLockParams, response: responses({ 200: Ok }) } },
    async (req) => {
      await deleteLock(deps, await authorize(deps, req, req.params.id, 'delivery.configure'), req.params.lockId);
      return { ok: true as const };
    },
  );

  // ── budget and rates ─────────────────────────────────────────────────────
  app.get(
    '/engagements/:id/budget',
    { schema: { tags: tags('budget'), summary: 'Budget, burn (spent, remaining, % elapsed vs % spent), threshold alerts, per-phase burn; rates when visible', params: EngagementParams, response: responses({ 200: Budget }) } },
    async (req, reply) => sendJsonText(reply, await budgetJson(deps, await authorizeDelivery(deps, req, req.params.id, 'delivery.read'))),
  );
  app.put(
    '/engagements/:id/budget',
    { schema: { tags: tags('budget'), summary: 'Set the budget in hours and/or money, alert thresholds and whether rates are shared with the client (lead)', params: EngagementParams, body: PutBudgetBody, response: responses({ 200: DeliverySettings }) } },
    async (req) => putBudget(deps, await authorize(deps, req, req.params.id, 'delivery.configure'), req.body),
  );
  app.get(
    '/engagements/:id/rates',
    { schema: { tags: tags('budget'), summary: 'Hourly rates per provider role or person (provider; client roles only when the lead shares them)', params: EngagementParams, response: responses({ 200: RateList }) } },
    async (req) => listRates(deps, await authorizeDelivery(deps, req, req.params.id, 'delivery.read')),
  );
  app.put(
    '/engagements/:id/rates',
    { schema: { tags: tags('budget'), summary: 'Replace the rates (one per role or person, in the budget currency) (lead)', params: EngagementParams, body: PutRatesBody, response: responses({ 200: RateList }) } },
    async (req) => putRates(deps, await authorize(deps, req, req.params.id, 'delivery.configure'), req.body.rates),
  );

  // ── progress charts ──────────────────────────────────────────────────────
  app.get(
    '/engagements/:id/progress/:chart',
    { schema: { tags: tags('progress'), summary: 'Chart data with its table: burnup (per phase), budget (burn vs plan), outcomes (effort by outcome), cycle-time', params: ChartParams, querystring: ProgressQuery, response: responses({ 200: Chart }) } },
    async (req, reply) =>
      sendJsonText(reply, await chartJson(deps, await authorizeDelivery(deps, req, req.params.id, 'delivery.read'), req.params.chart, req.query.phaseId)),
  );
  app.get(
    '/engagements/:id/progress/:chart/csv',
    { schema: { tags: tags('progress'), summary: 'The table behind a chart as CSV', params: ChartParams, querystring: ProgressQuery, produces: ['text/csv'], response: responses({ 200: CsvText }) } },
    async (req, reply) => {
      const chart = await getChart(deps, await authorizeDelivery(deps, req, req.params.id, 'delivery.read'), req.params.chart, req.query.phaseId);
      csv(reply, `candor-${req.params.chart}.csv`);
      return reply.send(chartCsv(chart));
    },
  );

  // ── imports ──────────────────────────────────────────────────────────────
  await app.register(async (plugin) => {
    const upload = plugin.withTypeProvider<ZodTypeProvider>();
    // The file is the body (text/csv, application/json, …), read as bytes: we check the encoding ourselves.
    upload.removeAllContentTypeParsers();
    upload.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: IMPORT_LIMIT_BYTES }, (_req, body, done) => done(null, body));
    upload.post(
      '/engagements/:id/imports',
      {
        bodyLimit: IMPORT_LIMIT_BYTES,
        // Refuse callers without any credentials, and bodies of a type no import reads, before reading up to 20 MB of body
        // (full authentication follows; the bytes themselves are decoded and parsed as the source's CSV or JSON).
        onRequest: async (req) => {
          if (!req.headers.authorization && !req.headers.cookie?.includes(`${SESSION_COOKIE}=`)) throw unauthorized();
          assertImportContentType(req.headers['content-type']);
        },
        schema: {
          tags: tags('imports'),
          summary: 'Upload a file to import (the raw file as the body, up to 20 MB): Jira CSV or GitHub issues JSON (items), Harvest or Toggl CSV (time). Returns the suggested column mapping and a preview (lead)',
          consumes: ['text/csv', 'application/json', 'application/octet-stream', 'text/plain'],
          params: EngagementParams,
          querystring: ImportUploadQuery,
          response: responses({ 201: Import }),
        },
      },
      async (req, reply) => {
        const access = await authorize(deps, req, req.params.id, 'import.run');
        return reply.status(201).send(await uploadImport(deps, access, req.query, req.body as Buffer));
      },
    );
  });
  app.post(
    '/engagements/:id/imports/github',
    {
      schema: {
        tags: tags('imports'),
        summary:
          'Fetch the issues of a GitHub repository with a personal access token (used once, never stored) and store them as a GitHub issues import: the same preview, mapping, dry run and run as an uploaded file follow (lead)',
        params: EngagementParams,
        body: GithubImportBody,
        response: responses({ 201: Import, 502: ErrorBody }),
      },
    },
    async (req, reply) => reply.status(201).send(await importFromGithub(deps, await authorize(deps, req, req.params.id, 'import.run'), req.body)),
  );
  app.get(
    '/engagements/:id/imports',
    { schema: { tags: tags('imports'), summary: 'Recent imports with their status and last result (lead)', params: EngagementParams, response: responses({ 200: ImportList }) } },
    async (req) => listImports(deps, await authorize(deps, req, req.params.id, 'import.run')),
  );
  app.get(
    '/engagements/:id/imports/:importId',
    { schema: { tags: tags('imports'), summary: 'One import: mapping, preview, progress (poll while running) and per-row results (lead)', params: ImportParams, response: responses({ 200: Import }) } },
    async (req) => getImport(deps, await authorize(deps, req, req.params.id, 'import.run'), req.params.importId),
  );
  app.patch(
    '/engagements/:id/imports/:importId',
    { schema: { tags: tags('imports'), summary: 'Change the column mapping and options (lead)', params: ImportParams, body: UpdateImportBody, response: responses({ 200: Import }) } },
    async (req) => updateImport(deps, await authorize(deps, req, req.params.id, 'import.run'), req.params.importId, req.body),
  );
  app.post(
    '/engagements/:id/imports/:importId/run',
    { schema: { tags: tags('imports'), summary: 'Dry run (default) or import: atomic unless skipBadRows, idempotent by external id; 202 and progress polling for large files (lead)', params: ImportParams, body: RunImportBody, response: responses({ 200: Import, 202: Import }) } },
    async (req, reply) => {
      const out = await runImport(deps, await authorize(deps, req, req.params.id, 'import.run'), req.params.importId, req.body);
      return reply.status(out.background ? 202 : 200).send(out.import);
    },
  );
};
