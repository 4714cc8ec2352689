/**
 * Forecasts of an engagement and its phases (issue 5): gathers what the
 * reader may see, runs the pure model (domain/forecast/scope.ts), stores
 * forecasts and judges the stored ones against what happened.
 *
 * Audience: a provider member's forecast uses every item and time entry
 * ('all'); a client's uses only shared ones ('shared'), so no figure is ever
 * computed from internal work for a client.
 */

import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { Forecast as ForecastSchema, type ForecastQuery, type RecordForecastBody, type StoredForecastQuery } from '../../contracts/forecast';
import { ForecastInputError } from '../../domain/forecast/errors';
import {
  calibrationRecord,
  forecastScope,
  type ItemNow,
  type Judgement,
  judgeForecast,
  type ScopeForecast,
  type ScopeItem,
  type StoredForecastFacts,
} from '../../domain/forecast/scope';
import { type StoredTrackEntry, type TrackRecordInput, trackRecordOf } from '../../domain/forecast/track-record';
import type { HistoryPair } from '../../domain/forecast/types';
import { appendAudit } from '../audit/append';
import { accessFor, type EngagementAccess } from '../authz/access';
import type { Transaction } from 'kysely';
import type { DB, ForecastsTable } from '../db/schema';
import { bumpVersion, cachedJson, cacheKey, settingsOf, todayOf, userMap } from '../delivery/common';
import { actualMinutes } from '../delivery/items';
import type { Actor, Deps } from '../http/context';
import { AppError, notFound } from '../http/errors';
import { newId } from '../ids';
import type { JobHandlers } from '../jobs/queue';
import { capacityPlanForForecast } from './capacity-plan';
import { scoped, unscoped } from '../authz/scoped';

type Forecast = z.infer<typeof ForecastSchema>;
type Audience = 'all' | 'shared';
const audienceOf = (access: EngagementAccess): Audience => (access.canSeeInternal ? 'all' : 'shared');
const CAPACITY_WEEKS = 4;
/** Weeks of logged time the completion dates sample capacity from (domain/forecast/capacity.ts). */
const HISTORY_WEEKS = 26;
const DAY_MS = 86_400_000;

interface ActualsRow {
  actual_minutes_shared: number;
  actual_minutes_internal: number;
}

const OPEN_STATUSES = ['backlog', 'in_progress', 'blocked'] as const;

/** Every item of the engagement the reader may see, with what judging needs (no text: this is 10,000 rows on a large engagement). */
async function visibleItemStates(deps: Deps, access: EngagementAccess) {
  return scoped(deps.db, access, 'work_items')
    .select(['id', 'status', 'actual_minutes_shared', 'actual_minutes_internal', 'done_at', 'dropped_at'])
    .execute();
}

/** The reader's unfinished items of the scope, with what the forecast needs. */
async function openItems(deps: Deps, access: EngagementAccess, phaseId: string | undefined) {
  let q = scoped(deps.db, access, 'work_items')
    .select(['id', 'title', 'phase_id', 'estimate_low', 'estimate_likely', 'estimate_high', 'estimated_by', 'actual_minutes_shared', 'actual_minutes_internal'])
    .where('status', 'in', [...OPEN_STATUSES]);
  if (phaseId) q = q.where('phase_id', '=', phaseId);
  return q.orderBy('id').execute();
}

/**
 * The reader's finished items: the history of estimates against actuals. In id order: the engine keeps the
 * input order of items finished at the same instant, so without it PostgreSQL's physical order (which
 * updates change) gave another forecast for the same seed (SQLite read them in id order already).
 */
async function finishedItems(deps: Deps, access: EngagementAccess) {
  return scoped(deps.db, access, 'work_items')
    .select(['estimate_likely', 'estimated_by', 'actual_minutes_shared', 'actual_minutes_internal', 'done_at'])
    .where('status', '=', 'done')
    .orderBy('id')
    .execute();
}

const spentHoursOf = (access: EngagementAccess, r: ActualsRow) => actualMinutes(access, r) / 60;

async function loadPhase(deps: Deps, access: EngagementAccess, phaseId: string) {
  const phase = await scoped(deps.db, access, 'phases')
    .select(['id', 'name', 'planned_end'])
    .where('id', '=', phaseId)
    .executeTakeFirst();
  if (!phase) throw notFound('Phase not found');
  return phase;
}

/**
 * What a forecast of the engagement reads, as the reader may see it: every open item (a phase's are a filter
 * of them, in the same id order), the history, the day rollups, the capacity plan and the judged track
 * record. The same for every seed and trial count, so it is kept per (engagement, delivery version,
 * visibilities, day) like the delivery reads (every input changes only with a delivery write: items, time,
 * the plan; a stored forecast is judged once its items are finished, a write, and storing one bumps the
 * version too, as it enters the record as pending), in a small LRU of its
 * own: an entry holds thousands of rows.
 */
async function engagementInputs(deps: Deps, access: EngagementAccess, key: string) {
  return inputCache(deps, `${key}|engagement`, async () => {
    const [open, finished, days, capacityPlan, trackRecord] = await Promise.all([
      openItems(deps, access, undefined),
      finishedItems(deps, access),
      scoped(deps.db, access, 'time_day_rollups')
        .select(['date_worked', 'billable', 'minutes', 'amount', 'unrated_minutes'])
        // the primary key's order, as SQLite read them; the sums below add in this order
        .orderBy('date_worked')
        .orderBy('visibility')
        .orderBy('billable')
        .execute(),
      capacityPlanForForecast(deps, access),
      trackRecordFor(deps, access),
    ]);
    return { open, finished, days, capacityPlan, trackRecord };
  });
}

/** A phase's own reads (its row, what its items took, its days of time in the capacity window), kept like engagementInputs. */
async function phaseInputs(deps: Deps, access: EngagementAccess, key: string, phaseId: string, windowStart: string) {
  return inputCache(deps, `${key}|phase:${phaseId}`, async () => {
    const [phase, actuals, days] = await Promise.all([
      loadPhase(deps, access, phaseId),
      scoped(deps.db, access, 'work_items')
        .select((eb) => [eb.fn.sum<number>('actual_minutes_shared').as('actual_minutes_shared'), eb.fn.sum<number>('actual_minutes_internal').as('actual_minutes_internal')])
        .where('phase_id', '=', phaseId)
        .executeTakeFirst(),
      scoped(deps.db, access, 'time_entries as te')
        .innerJoin('work_items as wi', 'wi.id', 'te.work_item_id')
        .select(['te.date_worked'])
        .select((eb) => eb.fn.sum<number>('te.minutes').as('minutes'))
        .where('te.date_worked', '>=', windowStart)
        .where('wi.phase_id', '=', phaseId)
        .groupBy('te.date_worked')
        .orderBy('te.date_worked')
        .execute(),
    ]);
    return { phase, actuals, days };
  });
}

const INPUT_ENTRIES = 16;
const inputCaches = new WeakMap<Deps['db'], Map<string, Promise<unknown>>>();

/** A small LRU of forecast inputs per database; a failed read (e.g. a phase not found) is not kept. */
function inputCache<T>(deps: Deps, key: string, read: () => Promise<T>): Promise<T> {
  let cache = inputCaches.get(deps.db);
  if (!cache) {
    cache = new Map();
    inputCaches.set(deps.db, cache);
  }
  const hit = cache.get(key) as Promise<T> | undefined;
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const pending = read();
  cache.set(key, pending);
  if (cache.size > INPUT_ENTRIES) cache.delete(cache.keys().next().value as string);
  pending.catch(() => {
    if (cache.get(key) === pending) cache.delete(key);
  });
  return pending;
}

/** The forecast of a scope as the reader may see it. */
async function computeForecast(deps: Deps, access: EngagementAccess, q: { phaseId?: string | undefined; seed: number; trials: number }): Promise<Forecast> {
  const asOf = deps.clock.now().toISOString();
  const windowStart = new Date(Date.parse(`${asOf.slice(0, 10)}T00:00:00Z`) - Math.max(CAPACITY_WEEKS, HISTORY_WEEKS) * 7 * DAY_MS).toISOString().slice(0, 10);
  const settings = await settingsOf(deps, access);
  const key = cacheKey(access, settings, 'forecast-inputs', asOf.slice(0, 10));
  const [all, own] = await Promise.all([engagementInputs(deps, access, key), q.phaseId ? phaseInputs(deps, access, key, q.phaseId, windowStart) : Promise.resolve(null)]);
  const { finished, days, capacityPlan, trackRecord } = all;
  const phase = own?.phase ?? null;
  const phaseActuals = own?.actuals;
  const phaseDays = own?.days ?? [];
  const open = q.phaseId ? all.open.filter((r) => r.phase_id === q.phaseId) : all.open;

  const history: HistoryPair[] = [];
  const leftOut = { noEstimate: 0, noTime: 0 };
  for (const r of finished) {
    const spent = spentHoursOf(access, r);
    if (!(Number(r.estimate_likely) > 0)) leftOut.noEstimate++;
    else if (!(spent > 0)) leftOut.noTime++;
    else history.push({ estimate: Number(r.estimate_likely), actual: spent, completedAt: r.done_at ?? asOf, estimatorId: r.estimated_by });
  }
  const remaining: ScopeItem[] = open.map((r) => ({
    id: r.id,
    title: r.title,
    estimate: r.estimate_likely === null ? null : { low: Number(r.estimate_low ?? r.estimate_likely), likely: Number(r.estimate_likely), high: Number(r.estimate_high ?? r.estimate_likely) },
    estimatorId: r.estimated_by,
    spentHours: spentHoursOf(access, r),
  }));
  const phaseSpent = phaseActuals ? spentHoursOf(access, { actual_minutes_shared: Number(phaseActuals.actual_minutes_shared ?? 0), actual_minutes_internal: Number(phaseActuals.actual_minutes_internal ?? 0) }) : 0;

  let allMinutes = 0;
  let billableMinutes = 0;
  let ratedMinutes = 0;
  let amount = 0;
  const perDay = new Map<string, number>();
  for (const d of days) {
    const m = Number(d.minutes);
    allMinutes += m;
    perDay.set(d.date_worked, (perDay.get(d.date_worked) ?? 0) + m / 60);
    if (Number(d.billable) !== 1) continue;
    billableMinutes += m;
    ratedMinutes += m - Number(d.unrated_minutes);
    amount += Number(d.amount);
  }
  const engagementTime = [...perDay].map(([date, hours]) => ({ at: `${date}T00:00:00Z`, hours }));
  const scopeTime = q.phaseId ? phaseDays.map((d) => ({ at: `${d.date_worked}T00:00:00Z`, hours: Number(d.minutes) / 60 })) : engagementTime;

  let result: ScopeForecast;
  try {
    result = forecastScope({
      asOf,
      scope: phase ? { kind: 'phase', phaseId: phase.id, name: phase.name, plannedEnd: phase.planned_end } : { kind: 'engagement', plannedEnd: settings.end_date },
      remaining,
      history,
      historyLeftOut: leftOut,
      scopeTime,
      engagementTime,
      scopeSpentHours: phase ? phaseSpent : allMinutes / 60,
      money: phase
        ? null
        : {
            currency: settings.currency,
            billableHours: billableMinutes / 60,
            amount,
            ratePerBillableHour: ratedMinutes > 0 ? amount / (ratedMinutes / 60) : null,
            billableShare: allMinutes > 0 ? billableMinutes / allMinutes : 1,
            budgetHours: settings.budget_hours,
            budgetAmount: settings.budget_amount,
          },
      seed: q.seed,
      trials: q.trials,
      capacityWindowWeeks: CAPACITY_WEEKS,
      capacityPlan,
      trackRecord,
    });
  } catch (e) {
    if (e instanceof ForecastInputError) {
      const item = e.itemId ? open.find((r) => r.id === e.itemId) : undefined;
      const message = item ? `Work item "${item.title}": ${e.message.replace(/^item "[^"]*": /, '')}` : e.message;
      throw new AppError(422, 'forecast_input', `No forecast: ${message}`, item ? [{ field: `items.${item.id}`, message }] : undefined);
    }
    throw e;
  }
  const names = await userMap(
    deps.db,
    result.explanation.fallbacks.filter((f) => f.level === 'estimator').map((f) => f.subject),
  );
  const explanation = {
    ...result.explanation,
    fallbacks: result.explanation.fallbacks.map((f) => {
      const person = f.level === 'estimator' ? names.get(f.subject) : undefined;
      return person ? { ...f, subject: person.name } : f;
    }),
  };
  return {
    ...result,
    explanation,
    audience: audienceOf(access),
    scope: { kind: phase ? 'phase' : 'engagement', phase: phase ? { id: phase.id, name: phase.name } : null, plannedEnd: phase ? phase.planned_end : settings.end_date },
  };
}

/** The live forecast as JSON text (the hot read). */
export async function forecastJson(deps: Deps, access: EngagementAccess, q: z.infer<typeof ForecastQuery>): Promise<string> {
  const settings = await settingsOf(deps, access);
  return cachedJson(deps, cacheKey(access, settings, `forecast:${q.phaseId ?? ''}:${q.seed}:${q.trials}`, todayOf(deps)), ForecastSchema, () => computeForecast(deps, access, q));
}

// ── stored forecasts ────────────────────────────────────────────────────────

const inputsHash = (f: Forecast, itemIds: string[]) =>
  createHash('sha256')
    .update(JSON.stringify([f.scope, f.seed, f.trials, f.effort, f.completion, f.budget?.amount ?? null, itemIds]))
    .digest('hex');

interface Prepared {
  access: EngagementAccess;
  phaseId: string | undefined;
  forecast: Forecast;
  itemIds: string[];
  hash: string;
}

/** Computes what a stored forecast holds (outside any transaction: it is the slow part). */
async function prepareOne(deps: Deps, access: EngagementAccess, phaseId: string | undefined, seed: number): Promise<Prepared> {
  const forecast = await computeForecast(deps, access, { phaseId, seed, trials: 10_000 });
  const itemIds = (await openItems(deps, access, phaseId)).map((r) => r.id);
  return { access, phaseId, forecast, itemIds, hash: inputsHash(forecast, itemIds) };
}

/** Inserts a prepared forecast with its audit record; a weekly snapshot equal to the last one is skipped (null). */
async function insertOne(trx: Transaction<DB>, deps: Deps, p: Prepared, trigger: 'manual' | 'weekly', note: string, recordedBy: Actor | null): Promise<string | null> {
  const { access, phaseId, forecast: f, itemIds, hash } = p;
  const audience = audienceOf(access);
  if (trigger === 'weekly') {
    // A weekly snapshot of an unchanged forecast adds nothing to judge.
    const last = await unscoped(trx, 'recording a view: its last stored copy of the same audience (both views are recorded by the provider)')
      .selectFrom('forecasts')
      .select('inputs_hash')
      .where('engagement_id', '=', access.engagementId)
      .where('audience', '=', audience)
      .where((eb) => (phaseId ? eb('phase_id', '=', phaseId) : eb('phase_id', 'is', null)))
      .orderBy('as_of', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (last?.inputs_hash === hash) return null;
  }
  const id = newId();
  const now = deps.clock.now().toISOString();
  const dates = f.completion.kind === 'forecast' ? f.completion : null;
  await trx
    .insertInto('forecasts')
    .values({
      id,
      engagement_id: access.engagementId,
      phase_id: phaseId ?? null,
      audience,
      trigger,
      as_of: f.asOf,
      seed: f.seed,
      trials: f.trials,
      item_ids: JSON.stringify(itemIds),
      spent_on_open_hours: f.spentOnOpenHours,
      effort_p50: f.effort.p50,
      effort_p85: f.effort.p85,
      effort_p95: f.effort.p95,
      date_p50: dates?.p50 ?? null,
      date_p85: dates?.p85 ?? null,
      date_p95: dates?.p95 ?? null,
      amount_p50: f.budget?.amount?.p50 ?? null,
      amount_p85: f.budget?.amount?.p85 ?? null,
      amount_p95: f.budget?.amount?.p95 ?? null,
      inputs_hash: hash,
      result: JSON.stringify(f),
      note,
      created_by: recordedBy?.userId ?? null,
      created_at: now,
    })
    .execute();
  // The stored forecast is now part of the track record the live forecast reads: every process's caches move on.
  await bumpVersion(trx, access.engagementId, now);
  await appendAudit(trx, deps, {
    chain: access.engagementId,
    actor: recordedBy,
    action: 'forecast.recorded',
    object: { type: 'forecast', id },
    visibility: audience === 'all' ? 'internal' : 'shared',
    before: null,
    after: { scope: f.scope, audience, trigger, seed: f.seed, effort: f.effort, dates, note },
  });
  return id;
}

const SYSTEM: Actor = { userId: 'system', email: '', name: 'Candor', isAdmin: false, orgId: null, via: 'session' };

/**
 * Records the forecast now. A provider member records both views (theirs and
 * the client's), so the client's calibration record covers forecasts the
 * provider made; a client records the shared view only.
 */
export async function recordForecast(deps: Deps, access: EngagementAccess, body: z.infer<typeof RecordForecastBody>) {
  if (body.phaseId) await loadPhase(deps, access, body.phaseId);
  const mine = await prepareOne(deps, access, body.phaseId, body.seed);
  const clients = access.canSeeInternal ? await prepareOne(deps, accessFor(access.actor, access.engagementId, 'sponsor', 'forecast.read'), body.phaseId, body.seed) : null;
  // Both views in one transaction: either both are stored or neither. The note is the recorder's: the
  // client's copy of a provider's forecast carries the figures only (a provider note may be internal).
  const id = await deps.db.transaction().execute(async (trx) => {
    const own = await insertOne(trx, deps, mine, 'manual', body.note, access.actor);
    if (clients) await insertOne(trx, deps, clients, 'manual', '', access.actor);
    return own;
  });
  return getStoredForecast(deps, access, id as string);
}

/**
 * The engagement's stored forecasts of the reader's audience whose work is finished, judged against what
 * they said before any correction, and those still pending as censored at what is known of them so far
 * (track-record.ts): the live forecast's correction by its own record.
 * A client's record is made of the shared view only, as its calibration record is.
 */
async function trackRecordFor(deps: Deps, access: EngagementAccess): Promise<TrackRecordInput> {
  const rows = await scoped(deps.db, access, 'forecasts')
    .select(['id', 'phase_id', 'as_of', 'item_ids', 'spent_on_open_hours', 'effort_p50', 'effort_p85', 'effort_p95', 'date_p50', 'date_p85', 'date_p95'])
    .orderBy('id')
    .execute(); // scoped() gives the reader's own audience: 'all' for the provider, 'shared' for a client
  if (rows.length === 0) return { effort: [], dates: [] };
  const ctx = await judgeContext(deps, access);
  const judged = rows.flatMap((r) => {
    const judgement = judgeForecast(factsOf(r), ctx.items);
    // pending ones enter as censored (track-record.ts): what is known of them so far
    return judgement.state === 'judged' || judgement.state === 'pending' ? [{ r, judgement }] : [];
  });
  // what each judged forecast said before its own correction (older forecasts had none: their columns are raw)
  const raws = new Map<string, StoredTrackEntry['raw']>();
  for (let i = 0; i < judged.length; i += 500) {
    const chunk = judged.slice(i, i + 500).map((j) => j.r.id);
    const results = await scoped(deps.db, access, 'forecasts').select(['id', 'result']).where('id', 'in', chunk).execute();
    for (const x of results) {
      const raw = (JSON.parse(x.result) as Forecast).explanation.trackRecord?.raw;
      if (raw) raws.set(x.id, raw);
    }
  }
  return trackRecordOf(
    judged.map(({ r, judgement }) => {
      const f = factsOf(r);
      return { scope: r.phase_id ?? 'engagement', asOf: r.as_of, raw: raws.get(r.id) ?? { effort: f.effort, dates: f.dates }, judgement };
    }),
  );
}

interface JudgeContext {
  items: Map<string, ItemNow>;
}

async function judgeContext(deps: Deps, access: EngagementAccess): Promise<JudgeContext> {
  const rows = await visibleItemStates(deps, access);
  return {
    items: new Map(rows.map((r) => [r.id, { finishedAt: r.status === 'done' ? r.done_at : r.status === 'dropped' ? r.dropped_at : null, spentHours: spentHoursOf(access, r) }])),
  };
}

type FactsRow = Pick<
  ForecastsTable,
  'id' | 'as_of' | 'item_ids' | 'spent_on_open_hours' | 'effort_p50' | 'effort_p85' | 'effort_p95' | 'date_p50' | 'date_p85' | 'date_p95'
>;

const factsOf = (r: FactsRow): StoredForecastFacts => ({
  id: r.id,
  asOf: r.as_of,
  itemIds: JSON.parse(r.item_ids) as string[],
  spentOnOpenHours: Number(r.spent_on_open_hours),
  effort: { p50: Number(r.effort_p50), p85: Number(r.effort_p85), p95: Number(r.effort_p95) },
  dates: r.date_p50 && r.date_p85 && r.date_p95 ? { p50: r.date_p50, p85: r.date_p85, p95: r.date_p95 } : null,
});

function presentStored(r: ForecastsTable, judgement: Judgement, users: Map<string, { id: string; name: string }>, phaseNames: Map<string, string>) {
  const f = factsOf(r);
  const recorder = r.created_by ? (users.get(r.created_by) ?? { id: r.created_by, name: 'Former member' }) : null;
  return {
    id: r.id,
    scope: {
      kind: r.phase_id ? ('phase' as const) : ('engagement' as const),
      phase: r.phase_id ? { id: r.phase_id, name: phaseNames.get(r.phase_id) ?? 'Deleted phase' } : null,
      plannedEnd: (JSON.parse(r.result) as Forecast).scope.plannedEnd,
    },
    audience: r.audience,
    asOf: r.as_of,
    trigger: r.trigger,
    recordedBy: recorder ? { id: recorder.id, name: recorder.name } : null,
    note: r.note,
    seed: Number(r.seed),
    items: f.itemIds.length,
    effort: f.effort,
    dates: f.dates,
    amount: r.amount_p50 === null ? null : { p50: Number(r.amount_p50), p85: Number(r.amount_p85), p95: Number(r.amount_p95) },
    judgement,
  };
}

async function storedRows(deps: Deps, access: EngagementAccess, q: { phaseId?: string | undefined; all: boolean; limit: number }) {
  let query = scoped(deps.db, access, 'forecasts').selectAll();
  if (!q.all) query = query.where((eb) => (q.phaseId ? eb('phase_id', '=', q.phaseId) : eb('phase_id', 'is', null)));
  return query.orderBy('as_of', 'desc').orderBy('id', 'desc').limit(q.limit).execute();
}

async function presentMany(deps: Deps, access: EngagementAccess, rows: ForecastsTable[]) {
  const [ctx, users, phases] = await Promise.all([
    judgeContext(deps, access),
    userMap(deps.db, rows.map((r) => r.created_by)),
    scoped(deps.db, access, 'phases').select(['id', 'name']).execute(),
  ]);
  const phaseNames = new Map(phases.map((p) => [p.id, p.name]));
  return rows.map((r) => presentStored(r, judgeForecast(factsOf(r), ctx.items), users, phaseNames));
}

export async function listStoredForecasts(deps: Deps, access: EngagementAccess, q: z.infer<typeof StoredForecastQuery>) {
  const rows = await storedRows(deps, access, { phaseId: q.phaseId, all: q.all === 'true', limit: q.limit });
  return { forecasts: await presentMany(deps, access, rows) };
}

export async function getStoredForecast(deps: Deps, access: EngagementAccess, forecastId: string) {
  const row = await scoped(deps.db, access, 'forecasts')
    .selectAll()
    .where('id', '=', forecastId)
    .executeTakeFirst();
  if (!row) throw notFound('Forecast not found');
  const [presented] = await presentMany(deps, access, [row]);
  return { ...presented!, forecast: JSON.parse(row.result) as Forecast };
}

/** "Of N past P85 forecasts, M held": every stored forecast of this audience whose work is finished. */
export async function getCalibration(deps: Deps, access: EngagementAccess, q: { phaseId?: string | undefined; all: boolean }) {
  const rows = await storedRows(deps, access, { ...q, limit: 10_000 });
  const ctx = await judgeContext(deps, access);
  return calibrationRecord(rows.map((r) => judgeForecast(factsOf(r), ctx.items)));
}

// ── weekly snapshots ────────────────────────────────────────────────────────

/** Stores the engagement's and each unfinished phase's forecast, for both audiences, when it changed since the last one. */
export async function snapshotEngagement(deps: Deps, engagementId: string): Promise<number> {
  const exists = await unscoped(deps.db, 'the weekly snapshot job').selectFrom('engagements').select('id').where('id', '=', engagementId).executeTakeFirst();
  if (!exists) return 0;
  const phases = await unscoped(deps.db, 'the weekly snapshot job: which phases have open work')
    .selectFrom('work_items')
    .select('phase_id')
    .distinct()
    .where('engagement_id', '=', engagementId)
    .where('status', 'in', [...OPEN_STATUSES])
    .where('phase_id', 'is not', null)
    .execute();
  let stored = 0;
  for (const role of ['lead', 'sponsor'] as const) {
    const access = accessFor(SYSTEM, engagementId, role, 'forecast.read');
    for (const phaseId of [undefined, ...phases.map((p) => p.phase_id as string)]) {
      try {
        const prepared = await prepareOne(deps, access, phaseId, 1);
        if (await deps.db.transaction().execute((trx) => insertOne(trx, deps, prepared, 'weekly', '', null))) stored++;
      } catch (e) {
        // A scope that cannot be forecast (e.g. an inverted estimate range) is skipped, not retried forever.
        if (!(e instanceof AppError)) throw e;
        deps.log.warn({ engagementId, phaseId, err: e.message }, 'forecast snapshot skipped');
      }
    }
  }
  return stored;
}

export const forecastJobs: JobHandlers = {
  'forecast.snapshot': async (deps, payload) => {
    await snapshotEngagement(deps, String(payload.engagementId));
  },
};
