import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { CsvError, parse } from 'csv-parse';
import { sql } from 'kysely';
import { decodeUpload, type Delimiter, delimiterName, detectDelimiter, FileProblem, type TextEncodingName } from '../../domain/delivery/csv';
import type { FieldProblem } from '../../domain/delivery/estimates';
import {
  derivedTimeId,
  fieldsOf,
  flattenGithubIssue,
  GITHUB_COLUMNS,
  type ImportSource,
  type ItemCandidate,
  type Mapping,
  mapItemRow,
  mappingProblems,
  mapTimeRow,
  overfullDays,
  refKeys,
  SOURCES,
  suggestMapping,
  type TimeCandidate,
  type WorkItemStatus,
} from '../../domain/delivery/imports';
import { appendAudit } from '../audit/append';
import { type EngagementAccess, mayRead } from '../authz/access';
import type { DeliveryImportsTable, Visibility, WorkItemsTable } from '../db/schema';
import type { Deps } from '../http/context';
import { AppError, conflict, forbidden, notFound } from '../http/errors';
import { newId } from '../ids';
import { enqueue, type JobHandlers } from '../jobs/queue';
import { loadSettings, providerMembers, touch, userMap } from './common';
import { fetchGithubIssues, type GithubQuery } from './github';
import { statusStamps } from './items';
import { rebuildAggregates } from './time';
import { scoped, unscoped } from '../authz/scoped';

/** Uploads above this are refused with 413 (decision 0010). */
export const IMPORT_LIMIT_BYTES = 20 * 1024 * 1024;
/** Files with more rows than this run in the background; poll GET …/imports/{importId} for progress. */
export const SYNC_ROWS = 2000;
const CHUNK = 500;
const MAX_REPORTED = 500;

export interface ImportOptions {
  visibility: Visibility;
  estimateUnit?: 'hours' | 'seconds' | 'days' | undefined;
  hoursPerDay: number;
  statusMap: Record<string, WorkItemStatus>;
  defaultPhaseId: string | null;
  defaultBillable: boolean;
}
const DEFAULT_OPTIONS: ImportOptions = { visibility: 'shared', hoursPerDay: 8, statusMap: {}, defaultPhaseId: null, defaultBillable: true };

interface Format {
  encoding: TextEncodingName;
  delimiter: Delimiter | null;
  headers: string[];
  totalRows: number;
}

interface Result {
  dryRun: boolean;
  skipBadRows: boolean;
  rows: number;
  created: number;
  updated: number;
  skipped: number;
  failed: number;
  written: boolean;
  errors: { row: number; field: string; message: string }[];
  warnings: { row: number; field: string; message: string }[];
  message: string;
}

type Rec = { row: number; cells: string[]; get: (column: string | null | undefined) => string } | { row: number; skip: string };

const fileError = (p: FileProblem) => new AppError(422, 'invalid_file', p.message, [{ field: p.field, message: p.message }]);

/** Rows of an upload, yielding to the event loop as it goes (csv-parse fed in 64 KiB chunks). */
async function* records(source: ImportSource, text: string, format: Pick<Format, 'delimiter'>): AsyncGenerator<{ header: string[] } | Rec> {
  if (SOURCES[source].format === 'json') {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (err) {
      throw new FileProblem('file', `The file is not valid JSON: ${(err as Error).message}. Upload the response of GET /repos/{owner}/{repo}/issues.`);
    }
    const list = Array.isArray(data) ? data : data && typeof data === 'object' && Array.isArray((data as { items?: unknown }).items) ? (data as { items: unknown[] }).items : null;
    if (!list) throw new FileProblem('file', 'Expected a JSON array of GitHub issues (or a search result with "items")');
    yield { header: [...GITHUB_COLUMNS] };
    for (const [i, x] of list.entries()) {
      const flat = flattenGithubIssue(x);
      if (flat === 'pull_request') yield { row: i + 1, skip: 'a pull request, not an issue' };
      else if (!flat) yield { row: i + 1, skip: 'not an issue object' };
      else yield { row: i + 1, cells: GITHUB_COLUMNS.map((c) => flat[c] ?? ''), get: (c) => (c ? (flat[c] ?? '') : '') };
      if (i % CHUNK === CHUNK - 1) await yieldToLoop();
    }
    return;
  }
  const parser = parse({ delimiter: format.delimiter ?? ',', relax_column_count: true, skip_empty_lines: true, info: true });
  const feeding = (async () => {
    for (let i = 0; i < text.length; i += 65536) {
      if (!parser.write(text.slice(i, i + 65536))) await once(parser, 'drain');
      else await yieldToLoop();
    }
    parser.end();
  })().catch(() => undefined);
  let header: string[] | null = null;
  let index = new Map<string, number>();
  let n = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (!header) {
        header = record.map((h) => h.trim());
        index = new Map();
        header.forEach((h, i) => {
          if (!index.has(h)) index.set(h, i);
        });
        yield { header };
        continue;
      }
      n++;
      const cells = record;
      const row = n + 1;
      if (cells.length !== header.length && !(cells.length === 1 && cells[0] === '')) {
        yield { row, skip: `has ${cells.length} cells but the header has ${header.length} (line ${info.lines}): check the delimiter and quotes` };
        continue;
      }
      yield { row, cells, get: (c) => (c == null ? '' : (cells[index.get(c) ?? -1] ?? '')) };
    }
  } catch (err) {
    if (err instanceof CsvError) {
      const line = (err as unknown as { lines?: number }).lines;
      throw new FileProblem('file', `The CSV cannot be read${line ? ` at line ${line}` : ''}: ${err.message.replace(/^Invalid Record Length: /, '')}`);
    }
    throw err;
  } finally {
    await feeding;
  }
}

function presentImport(r: DeliveryImportsTable, users: Map<string, { id: string; name: string; email: string }>, preview: Record<string, string>[] = []) {
  const format = JSON.parse(r.format) as Format;
  const mapping = JSON.parse(r.mapping) as Mapping;
  return {
    id: r.id,
    source: r.source,
    kind: SOURCES[r.source].kind,
    fileName: r.file_name,
    status: r.status,
    progress: { phase: r.phase, processed: r.processed, total: r.total },
    format: { ...format, delimiter: format.delimiter ? delimiterName(format.delimiter) : null },
    fields: [...fieldsOf(r.source)],
    mapping,
    mappingProblems: mappingProblems(r.source, mapping, format.headers),
    options: JSON.parse(r.options) as Record<string, unknown>,
    preview,
    result: r.result ? (JSON.parse(r.result) as Result) : null,
    createdBy: users.get(r.created_by) ?? { id: r.created_by, name: 'Former member', email: '' },
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

async function importRow(deps: Deps, access: EngagementAccess, importId: string) {
  const r = await scoped(deps.db, access, 'delivery_imports').selectAll().where('id', '=', importId).executeTakeFirst();
  if (!r) throw notFound('Import not found');
  return r;
}

async function previewOf(r: DeliveryImportsTable): Promise<Record<string, string>[]> {
  const mapping = JSON.parse(r.mapping) as Mapping;
  const out: Record<string, string>[] = [];
  try {
    for await (const rec of records(r.source, r.content, JSON.parse(r.format))) {
      if ('header' in rec || 'skip' in rec) continue;
      out.push(Object.fromEntries(Object.entries(mapping).map(([f, col]) => [f, rec.get(col)])));
      if (out.length >= 10) break;
    }
  } catch {
    // the upload was checked; a preview never fails the read
  }
  return out;
}

export async function getImport(deps: Deps, access: EngagementAccess, importId: string) {
  const r = await importRow(deps, access, importId);
  return presentImport(r, await userMap(deps.db, [r.created_by]), await previewOf(r));
}

export async function listImports(deps: Deps, access: EngagementAccess) {
  const rows = await scoped(deps.db, access, 'delivery_imports')
    .select(['id', 'engagement_id', 'source', 'file_name', 'file_sha256', 'format', 'mapping', 'options', 'status', 'phase', 'processed', 'total', 'result', 'created_by', 'created_at', 'updated_at'])
    .select(sql<string>`''`.as('content'))
    .orderBy('id', 'desc')
    .limit(100)
    .execute();
  const users = await userMap(deps.db, rows.map((r) => r.created_by));
  return { imports: rows.map((r) => presentImport(r, users)) };
}

const DELIMS: Record<string, Delimiter> = { comma: ',', semicolon: ';', tab: '\t', pipe: '|' };

/** Stores an upload after checking it can be read; returns it with the suggested mapping and a preview. */
export async function uploadImport(
  deps: Deps,
  access: EngagementAccess,
  q: { source: ImportSource; fileName: string; encoding?: TextEncodingName | undefined; delimiter?: string | undefined },
  body: Buffer,
) {
  if (!Buffer.isBuffer(body) || body.length === 0) throw fileError(new FileProblem('file', 'The request body is empty: send the file itself as the body'));
  return storeImport(deps, access, q, body);
}

/**
 * Fetches the issues of a GitHub repository with the lead's token and stores
 * them exactly as an uploaded "List repository issues" JSON file would be: the
 * same preview, mapping, dry run and run follow. The token is used for the
 * fetch only; nothing of it is stored or logged.
 */
export async function importFromGithub(deps: Deps, access: EngagementAccess, q: GithubQuery) {
  const state = q.state ?? 'all';
  const got = await fetchGithubIssues({ ...q, state }, { apiBase: deps.config.githubApiUrl, log: deps.log });
  const slug = `${got.owner}/${got.name}`;
  const filter = `state ${state}${q.labels?.trim() ? `, labels ${q.labels.trim()}` : ''}`;
  if (got.issues.length === 0) {
    const message = `${slug} has no issues matching ${filter}${got.pullRequests ? ` (only ${got.pullRequests} pull requests, which are not imported)` : ''}.`;
    throw new AppError(422, 'invalid_input', message, [{ field: 'repository', message }]);
  }
  const body = Buffer.from(JSON.stringify(got.issues), 'utf8');
  if (body.length > IMPORT_LIMIT_BYTES) {
    const message = `The issues of ${slug} (${filter}) come to ${Math.ceil(body.length / 1024 / 1024)} MB, above the ${IMPORT_LIMIT_BYTES / 1024 / 1024} MB import limit: narrow the state or labels and import in parts.`;
    throw new AppError(422, 'too_large', message, [{ field: 'repository', message }]);
  }
  const host = new URL(deps.config.githubApiUrl).host.replace(/^api\./, '');
  return storeImport(deps, access, { source: 'github', fileName: `${host}/${slug} issues (${filter})`.slice(0, 200) }, body);
}

async function storeImport(
  deps: Deps,
  access: EngagementAccess,
  q: { source: ImportSource; fileName: string; encoding?: TextEncodingName | undefined; delimiter?: string | undefined },
  body: Buffer,
) {
  let format: Format;
  let text: string;
  try {
    const decoded = decodeUpload(body, q.encoding);
    text = decoded.text;
    const delimiter = SOURCES[q.source].format === 'csv' ? (q.delimiter ? DELIMS[q.delimiter]! : detectDelimiter(text)) : null;
    let headers: string[] = [];
    let totalRows = 0;
    for await (const rec of records(q.source, text, { delimiter })) {
      if ('header' in rec) headers = rec.header;
      else totalRows++;
    }
    if (delimiter && headers.length < 2) {
      throw new FileProblem(
        'delimiter',
        `The header has a single column when split on ${delimiterName(delimiter)}s. The file may use another delimiter (upload again with delimiter=comma, semicolon, tab or pipe), or not be a ${SOURCES[q.source].label} export.`,
      );
    }
    if (totalRows === 0) throw new FileProblem('file', 'The file has a header but no rows');
    format = { encoding: decoded.encoding, delimiter, headers, totalRows };
  } catch (err) {
    if (err instanceof FileProblem) throw fileError(err);
    throw err;
  }
  const mapping = suggestMapping(q.source, format.headers);
  const options: ImportOptions = { ...DEFAULT_OPTIONS, ...(SOURCES[q.source].estimateUnit ? { estimateUnit: SOURCES[q.source].estimateUnit } : {}) };
  const now = deps.clock.now().toISOString();
  const id = newId();
  await deps.db
    .insertInto('delivery_imports')
    .values({
      id,
      engagement_id: access.engagementId,
      source: q.source,
      file_name: q.fileName,
      file_sha256: createHash('sha256').update(body).digest('hex'),
      content: text,
      format: JSON.stringify(format),
      mapping: JSON.stringify(mapping),
      options: JSON.stringify(options),
      status: 'uploaded',
      phase: 'uploaded',
      processed: 0,
      total: format.totalRows,
      result: null,
      created_by: access.actor.userId,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return getImport(deps, access, id);
}

export async function updateImport(deps: Deps, access: EngagementAccess, importId: string, patch: { mapping?: Mapping | undefined; options?: Partial<ImportOptions> | undefined }) {
  let r = await importRow(deps, access, importId);
  if (r.status === 'running' && (await sweepStaleImports(deps, r.id)) > 0) r = await importRow(deps, access, importId);
  if (r.status === 'running') throw conflict('This import is running; wait for it to finish');
  const format = JSON.parse(r.format) as Format;
  const mapping = { ...(JSON.parse(r.mapping) as Mapping), ...(patch.mapping ?? {}) };
  const problems = mappingProblems(r.source, mapping, format.headers).filter((p) => patch.mapping && p.field.slice(8) in patch.mapping);
  if (problems.length) throw new AppError(422, 'invalid_input', problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems);
  const options = { ...(JSON.parse(r.options) as ImportOptions), ...(patch.options ?? {}) };
  if (options.visibility === 'internal' && !mayRead(access, 'internal')) throw forbidden('Only the provider side can mark content internal');
  if (options.defaultPhaseId) {
    const p = await scoped(deps.db, access, 'phases').select('id').where('id', '=', options.defaultPhaseId).executeTakeFirst();
    if (!p) throw new AppError(422, 'invalid_input', 'options.defaultPhaseId: unknown phase', [{ field: 'options.defaultPhaseId', message: 'unknown phase' }]);
  }
  options.statusMap = Object.fromEntries(Object.entries(options.statusMap ?? {}).map(([k, v]) => [k.trim().toLowerCase(), v]));
  await deps.db
    .updateTable('delivery_imports')
    .set({ mapping: JSON.stringify(mapping), options: JSON.stringify(options), updated_at: deps.clock.now().toISOString() })
    .where('id', '=', r.id)
    .execute();
  return getImport(deps, access, importId);
}

/** Imports running in this process, so shutdown can wait for them. */
const running = new Set<Promise<unknown>>();
export const settleImports = () => Promise.allSettled([...running]);

/**
 * A running import shows it is alive: its progress writes and, between them, a
 * heartbeat every IMPORT_HEARTBEAT_MS move `updated_at`. One that has shown no
 * sign of life for IMPORT_STALE_MS ran in a process that ended (crash, kill,
 * deploy): the watchdog job scheduled when it started, or the sweep at
 * startup, marks it failed so that it can be run again.
 */
export const IMPORT_HEARTBEAT_MS = 30_000;
export const IMPORT_STALE_MS = 10 * 60_000;
export const IMPORT_WATCHDOG_JOB = 'delivery.import.watchdog';

const staleMessage = (lastSeen: string) =>
  `This import stopped without finishing: the server process running it ended or stopped responding (last sign of life ${lastSeen}). Its writes are all or nothing, so either everything or nothing of it was written; running it again is safe: rows update what an earlier run created, never duplicate it.`;

/** Marks running imports without a sign of life for IMPORT_STALE_MS as failed (all of them, or the one named); returns how many. */
export async function sweepStaleImports(deps: Deps, importId?: string): Promise<number> {
  const cutoff = new Date(deps.clock.now().getTime() - IMPORT_STALE_MS).toISOString();
  let q = unscoped(deps.db, 'the stale-import sweep (a job and startup) looks at every engagement')
    .selectFrom('delivery_imports')
    .select(['id', 'processed', 'updated_at', 'result']).where('status', '=', 'running').where('updated_at', '<', cutoff);
  if (importId) q = q.where('id', '=', importId);
  let swept = 0;
  for (const r of await q.execute()) {
    const previous = r.result ? (JSON.parse(r.result) as Partial<Result>) : {};
    const result: Result = { dryRun: previous.dryRun ?? false, skipBadRows: previous.skipBadRows ?? false, rows: r.processed, created: 0, updated: 0, skipped: 0, failed: 0, written: false, errors: [], warnings: [], message: staleMessage(r.updated_at) };
    // only if it is still the same stale run (a heartbeat or a finish in between wins)
    const res = await deps.db
      .updateTable('delivery_imports')
      .set({ status: 'failed', phase: 'failed', result: JSON.stringify(result), updated_at: deps.clock.now().toISOString() })
      .where('id', '=', r.id)
      .where('status', '=', 'running')
      .where('updated_at', '=', r.updated_at)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) > 0) {
      swept++;
      deps.log.warn({ importId: r.id, lastSeen: r.updated_at }, 'marked a stale running import as failed');
    }
  }
  return swept;
}

export const importJobs: JobHandlers = {
  /** Checks a running import once its time without a sign of life could be up; looks again later while it is alive. */
  [IMPORT_WATCHDOG_JOB]: async (deps, p) => {
    const importId = String(p.importId);
    const r = await unscoped(deps.db, 'the import watchdog job re-reads its import').selectFrom('delivery_imports').select(['status', 'updated_at']).where('id', '=', importId).executeTakeFirst();
    if (r?.status !== 'running') return;
    if ((await sweepStaleImports(deps, importId)) > 0) return;
    const next = Math.max(Date.parse(r.updated_at) + IMPORT_STALE_MS + 1000, deps.clock.now().getTime() + IMPORT_HEARTBEAT_MS);
    await enqueue(deps.db, deps, IMPORT_WATCHDOG_JOB, { importId }, { runAt: new Date(next) });
  },
};

/** Moves `updated_at` of a running import every IMPORT_HEARTBEAT_MS until stopped. */
function heartbeat(deps: Deps, importId: string): () => void {
  const timer = setInterval(() => {
    deps.db
      .updateTable('delivery_imports')
      .set({ updated_at: deps.clock.now().toISOString() })
      .where('id', '=', importId)
      .where('status', '=', 'running')
      .execute()
      .catch((err) => deps.log.warn({ err, importId }, 'import heartbeat failed'));
  }, IMPORT_HEARTBEAT_MS);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * Checks every row (dry run) or imports the file. Atomic: nothing is written
 * when any row fails, unless skipBadRows. Idempotent: rows update the item or
 * entry with the same external id. Large files continue in the background.
 */
export async function runImport(deps: Deps, access: EngagementAccess, importId: string, opts: { dryRun: boolean; skipBadRows: boolean }) {
  let r = await importRow(deps, access, importId);
  // a run whose process ended may be run again at once, without waiting for the watchdog
  if (r.status === 'running' && (await sweepStaleImports(deps, r.id)) > 0) r = await importRow(deps, access, importId);
  const format = JSON.parse(r.format) as Format;
  const mapping = JSON.parse(r.mapping) as Mapping;
  const problems = mappingProblems(r.source, mapping, format.headers);
  if (problems.length) throw new AppError(422, 'invalid_input', `The mapping is incomplete: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`, problems);
  const now = deps.clock.now().toISOString();
  const claimedRows = await deps.db.transaction().execute(async (trx) => {
    const claimed = await trx
      .updateTable('delivery_imports')
      .set({ status: 'running', phase: 'checking', processed: 0, updated_at: now })
      .where('id', '=', r.id)
      .where('status', '!=', 'running')
      .executeTakeFirst();
    // should this process end mid-run, the watchdog (any process) marks the import failed
    if (Number(claimed.numUpdatedRows) > 0) await enqueue(trx, deps, IMPORT_WATCHDOG_JOB, { importId: r.id }, { runAt: new Date(Date.parse(now) + IMPORT_STALE_MS + 1000) });
    return Number(claimed.numUpdatedRows);
  });
  if (claimedRows === 0) throw conflict('This import is already running');
  const stopHeartbeat = heartbeat(deps, r.id);
  const work = execute(deps, access, r, format, mapping, opts).catch(async (err) => {
    const message = err instanceof AppError || err instanceof FileProblem ? err.message : 'The import failed on our side; it has been logged';
    if (!(err instanceof AppError || err instanceof FileProblem)) deps.log.error({ err }, 'import failed');
    const result: Result = { ...opts, rows: 0, created: 0, updated: 0, skipped: 0, failed: 0, written: false, errors: [], warnings: [], message };
    await deps.db
      .updateTable('delivery_imports')
      .set({ status: 'failed', phase: 'failed', result: JSON.stringify(result), updated_at: deps.clock.now().toISOString() })
      .where('id', '=', r.id)
      .execute();
  }).finally(stopHeartbeat);
  if (format.totalRows > SYNC_ROWS) {
    running.add(work);
    void work.finally(() => running.delete(work));
    return { background: true, import: await getImport(deps, access, importId) };
  }
  await work;
  return { background: false, import: await getImport(deps, access, importId) };
}

type Prepared<T> = { row: number; value: T; existing: string | null; warnings: FieldProblem[] };

async function execute(deps: Deps, access: EngagementAccess, r: DeliveryImportsTable, format: Format, mapping: Mapping, opts: { dryRun: boolean; skipBadRows: boolean }) {
  const options = { ...DEFAULT_OPTIONS, ...(JSON.parse(r.options) as Partial<ImportOptions>) };
  const E = access.engagementId;
  const errors: Result['errors'] = [];
  const warnings: Result['warnings'] = [];
  const failedRows = new Set<number>();
  let skipped = 0;
  let rows = 0;
  const progress = async (processed: number, phase = 'checking') => {
    await deps.db.updateTable('delivery_imports').set({ processed, phase, updated_at: deps.clock.now().toISOString() }).where('id', '=', r.id).execute();
  };
  const fail = (row: number, problems: FieldProblem[]) => {
    failedRows.add(row);
    for (const p of problems) if (errors.length < MAX_REPORTED) errors.push({ row, field: p.field, message: p.message });
  };
  const warn = (row: number, problems: FieldProblem[]) => {
    for (const p of problems) if (warnings.length < MAX_REPORTED) warnings.push({ row, field: p.field, message: p.message });
  };
  const members = await providerMembers(deps.db, access);
  const people = new Map<string, string>();
  for (const m of members) {
    people.set(m.email.toLowerCase(), m.id);
    people.set(m.name.toLowerCase(), m.id);
  }
  const kind = SOURCES[r.source].kind;
  const items: Prepared<ItemCandidate>[] = [];
  const times: Prepared<TimeCandidate>[] = [];
  const seenIds = new Map<string, number>();

  if (kind === 'items') {
    const [phases, outcomes, existing] = await Promise.all([
      scoped(deps.db, access, 'phases').select(['id', 'name']).execute(),
      scoped(deps.db, access, 'outcomes').select(['id', 'title']).where('archived', '=', 0).execute(),
      scoped(deps.db, access, 'work_items').select(['id', 'external_id']).where('external_source', '=', r.source).execute(),
    ]);
    // GitHub users appear by login: a member whose e-mail local part matches is a good guess.
    for (const m of members) people.set(m.email.split('@')[0]!.toLowerCase(), people.get(m.email.split('@')[0]!.toLowerCase()) ?? m.id);
    const look = { phases: new Map(phases.map((p) => [p.name.toLowerCase(), p.id])), outcomes: new Map(outcomes.map((o) => [o.title.toLowerCase(), o.id])), people };
    const byExternal = new Map(existing.map((w) => [w.external_id!, w.id]));
    const itemOpts = { estimateUnit: options.estimateUnit ?? 'hours', hoursPerDay: options.hoursPerDay, statusMap: options.statusMap, defaultPhaseId: options.defaultPhaseId };
    for await (const rec of records(r.source, r.content, format)) {
      if ('header' in rec) continue;
      rows++;
      if ('skip' in rec) {
        if (rec.skip.startsWith('has ')) fail(rec.row, [{ field: 'row', message: rec.skip }]);
        else skipped++;
        continue;
      }
      const get = (f: string) => (f === 'state_reason' && r.source === 'github' ? rec.get('state_reason') : rec.get(mapping[f]));
      const res = mapItemRow(get, itemOpts, look);
      if (!res.ok) fail(rec.row, res.errors);
      else {
        const dup = seenIds.get(res.value.externalId);
        if (dup) fail(rec.row, [{ field: 'externalId', message: `"${res.value.externalId}" appears again (first on row ${dup})` }]);
        else {
          seenIds.set(res.value.externalId, rec.row);
          items.push({ row: rec.row, value: res.value, existing: byExternal.get(res.value.externalId) ?? null, warnings: res.warnings });
          warn(rec.row, res.warnings);
        }
      }
      if (rows % CHUNK === 0) await progress(rows);
    }
  } else {
    const settings = await loadSettings(deps.db, access);
    const [itemRows, locks, existing] = await Promise.all([
      scoped(deps.db, access, 'work_items').select(['id', 'external_ref', 'external_id', 'visibility']).execute(),
      scoped(deps.db, access, 'time_locks').select(['period_start', 'period_end']).execute(),
      scoped(deps.db, access, 'time_entries').select(['id', 'external_id', 'minutes', 'user_id', 'date_worked']).where('external_source', '=', r.source).execute(),
    ]);
    const itemMap = new Map<string, { id: string; visibility: 'shared' | 'internal' }>();
    for (const w of itemRows) for (const k of [...refKeys(w.external_ref ?? ''), ...refKeys(w.external_id ?? '')]) itemMap.set(k, { id: w.id, visibility: w.visibility });
    const look = { people, items: itemMap, start: settings.start_date, end: settings.end_date, locks: locks.map((l) => ({ start: l.period_start, end: l.period_end })) };
    const byExternal = new Map(existing.map((t) => [t.external_id!, t]));
    const occurrences = new Map<string, number>();
    for await (const rec of records(r.source, r.content, format)) {
      if ('header' in rec) continue;
      rows++;
      if ('skip' in rec) {
        fail(rec.row, [{ field: 'row', message: rec.skip }]);
        continue;
      }
      const res = mapTimeRow((f) => rec.get(mapping[f]), options.defaultBillable, look);
      if (!res.ok) fail(rec.row, res.errors);
      else {
        const mapped = rec.get(mapping.externalId).trim();
        let externalId = mapped;
        if (!externalId) {
          const sig = JSON.stringify(rec.cells);
          const n = (occurrences.get(sig) ?? 0) + 1;
          occurrences.set(sig, n);
          externalId = derivedTimeId(r.source, rec.cells, n);
        }
        const dup = seenIds.get(externalId);
        const item = res.value.workItemId ? [...itemMap.values()].find((i) => i.id === res.value.workItemId) : undefined;
        if (dup) fail(rec.row, [{ field: 'externalId', message: `"${externalId}" appears again (first on row ${dup})` }]);
        else if (item?.visibility === 'internal' && options.visibility === 'shared' && mapping.workItem) {
          fail(rec.row, [{ field: 'workItem', message: 'links an internal work item: import with visibility internal, or drop the link' }]);
        } else {
          if (item?.visibility === 'internal' && options.visibility === 'shared') {
            // a key found in the note: shared time never points at internal work, so leave it unlinked
            res.value.workItemId = null;
            res.warnings.push({ field: 'note', message: 'mentions an internal work item; the entry is imported unlinked' });
          }
          seenIds.set(externalId, rec.row);
          times.push({ row: rec.row, value: { ...res.value, externalId }, existing: byExternal.get(externalId)?.id ?? null, warnings: res.warnings });
          warn(rec.row, res.warnings);
        }
      }
      if (rows % CHUNK === 0) await progress(rows);
    }
    // No more than 24 h per person and day, counting what is already logged.
    if (times.length) {
      const dates = times.map((t) => t.value.date).sort();
      const logged = await scoped(deps.db, access, 'time_rollups')
        .select(['user_id', 'date_worked', (eb) => eb.fn.sum<number>('minutes').as('m')])
        .where('date_worked', '>=', dates[0]!)
        .where('date_worked', '<=', dates.at(-1)!)
        .groupBy(['user_id', 'date_worked'])
        .execute();
      const loggedMap = new Map(logged.map((l) => [`${l.user_id}|${l.date_worked}`, Number(l.m)]));
      const prior = new Map(existing.map((t) => [t.id, t]));
      const over = overfullDays(
        times.map((t, index) => {
          const old = t.existing ? prior.get(t.existing) : undefined;
          // an update replaces its old minutes only when it stays on the same person and day
          const same = old && old.user_id === t.value.userId && old.date_worked === t.value.date;
          return { index, userId: t.value.userId, date: t.value.date, minutes: t.value.minutes, replacesMinutes: same ? old.minutes : 0 };
        }),
        (u, d) => loggedMap.get(`${u}|${d}`) ?? 0,
      );
      for (const [index, problem] of over) fail(times[index]!.row, [problem]);
    }
  }
  const good = kind === 'items' ? items.filter((i) => !failedRows.has(i.row)) : times.filter((t) => !failedRows.has(t.row));
  const created = good.filter((g) => !g.existing).length;
  const updated = good.length - created;
  const failed = failedRows.size;
  errors.sort((a, b) => a.row - b.row);
  const base = { dryRun: opts.dryRun, skipBadRows: opts.skipBadRows, rows, skipped, failed, errors, warnings };
  const finish = async (status: DeliveryImportsTable['status'], result: Result) => {
    await deps.db
      .updateTable('delivery_imports')
      .set({ status, phase: status, processed: rows, result: JSON.stringify(result), updated_at: deps.clock.now().toISOString() })
      .where('id', '=', r.id)
      .execute();
  };
  if (opts.dryRun) {
    const message =
      failed === 0
        ? `Dry run: all ${rows - skipped} rows are fine: ${created} would be created, ${updated} updated${skipped ? `, ${skipped} skipped` : ''}. Nothing was written.`
        : `Dry run: ${failed} of ${rows} rows have errors; ${created} would be created and ${updated} updated ${opts.skipBadRows ? 'if you skip the bad rows' : 'once they are fixed (or if you skip the bad rows)'}. Nothing was written.`;
    return finish('checked', { ...base, created, updated, written: false, message });
  }
  if (failed > 0 && !opts.skipBadRows) {
    return finish('failed', { ...base, created: 0, updated: 0, written: false, message: `Nothing was written: ${failed} of ${rows} rows have errors. Fix them, or run again with skipBadRows.` });
  }
  await progress(rows, 'writing');
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    if (kind === 'items') {
      const fresh: WorkItemsTable[] = [];
      for (const g of good as Prepared<ItemCandidate>[]) {
        const v = g.value;
        const est = v.estimate;
        if (g.existing) {
          const before = await scoped(trx, access, 'work_items').select(['started_at', 'done_at', 'dropped_at']).where('id', '=', g.existing).executeTakeFirstOrThrow();
          const stamps = statusStamps(before, v.status, v.doneAt ?? now);
          await trx
            .updateTable('work_items')
            .set({
              title: v.title,
              description: v.description,
              status: v.status,
              ...(est ? { estimate_low: est.low, estimate_likely: est.likely, estimate_high: est.high, estimated_by: access.actor.userId, estimated_at: now } : {}),
              ...(v.phaseId ? { phase_id: v.phaseId } : {}),
              ...(v.outcomeId ? { outcome_id: v.outcomeId } : {}),
              ...(v.assigneeId ? { assignee_id: v.assigneeId } : {}),
              external_ref: v.externalRef,
              started_at: v.startedAt ?? stamps.started_at,
              done_at: v.status === 'done' ? (v.doneAt ?? stamps.done_at) : null,
              dropped_at: v.status === 'dropped' ? (v.doneAt ?? stamps.dropped_at) : null,
              updated_at: now,
            })
            .where('id', '=', g.existing)
            .execute();
        } else {
          const createdAt = v.createdAt ?? now;
          const stamps = statusStamps(null, v.status, v.doneAt ?? createdAt);
          fresh.push({
            id: newId(),
            engagement_id: E,
            phase_id: v.phaseId,
            outcome_id: v.outcomeId,
            title: v.title,
            description: v.description,
            status: v.status,
            estimate_low: est?.low ?? null,
            estimate_likely: est?.likely ?? null,
            estimate_high: est?.high ?? null,
            estimated_by: est ? access.actor.userId : null,
            estimated_at: est ? now : null,
            assignee_id: v.assigneeId,
            visibility: options.visibility,
            external_ref: v.externalRef,
            external_source: r.source,
            external_id: v.externalId,
            actual_minutes_shared: 0,
            actual_minutes_internal: 0,
            started_at: v.startedAt ?? (v.status === 'done' || v.status === 'dropped' ? null : stamps.started_at),
            done_at: v.status === 'done' ? (v.doneAt ?? now) : null,
            dropped_at: v.status === 'dropped' ? (v.doneAt ?? now) : null,
            created_by: access.actor.userId,
            created_at: createdAt,
            updated_at: now,
          });
        }
      }
      for (let i = 0; i < fresh.length; i += 200) await trx.insertInto('work_items').values(fresh.slice(i, i + 200)).execute();
    } else {
      const fresh = [];
      for (const g of good as Prepared<TimeCandidate>[]) {
        const v = g.value;
        const cols = { user_id: v.userId, work_item_id: v.workItemId, date_worked: v.date, minutes: v.minutes, note: v.note, billable: v.billable ? 1 : 0 };
        if (g.existing) await trx.updateTable('time_entries').set({ ...cols, updated_at: now }).where('id', '=', g.existing).execute();
        else {
          fresh.push({ id: newId(), engagement_id: E, ...cols, visibility: options.visibility, logged_at: now, updated_at: now, created_by: access.actor.userId, external_source: r.source, external_id: v.externalId });
        }
      }
      for (let i = 0; i < fresh.length; i += 200) await trx.insertInto('time_entries').values(fresh.slice(i, i + 200)).execute();
      await rebuildAggregates(trx, E);
    }
    await touch(trx, E, now);
    await appendAudit(trx, deps, {
      chain: E,
      actor: access.actor,
      action: kind === 'items' ? 'work_items.imported' : 'time_entries.imported',
      object: { type: 'import', id: r.id },
      visibility: options.visibility,
      before: null,
      after: { source: r.source, fileName: r.file_name, sha256: r.file_sha256, rows, created, updated, skippedBadRows: failed, visibility: options.visibility },
    });
  });
  const message = `Imported: ${created} created, ${updated} updated${failed ? `, ${failed} bad rows skipped` : ''}${skipped ? `, ${skipped} rows not applicable` : ''}.`;
  return finish('imported', { ...base, created, updated, written: true, message });
}
