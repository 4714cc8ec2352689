import type { Kysely, Transaction } from 'kysely';
import type { CreateRecommendationBody, RespondBody, UpdateRecommendationBody } from '../../contracts/recommendations';
import { can, changeVisibility } from '../../domain/authz/policy';
import { checkAnswer, checkFigures, type Figures, frozenChange, isAgainstRevenue, ledgerFigures, type RuleError } from '../../domain/recommendations/rules';
import { isoDate } from '../../domain/time';
import { appendAudit } from '../audit/append';
import type { EngagementAccess } from '../authz/access';
import { scoped, unscoped } from '../authz/scoped';
import type { DB, RecommendationsTable, RecommendationVersionsTable } from '../db/schema';
import { refOf, refOrNull, userRefs } from '../db/users';
import { loadSettings, touch } from '../delivery/common';
import { changeItem, insertItem } from '../delivery/items';
import { insertPhase } from '../delivery/phases';
import type { Deps } from '../http/context';
import { conflict, forbidden, invalid, notFound } from '../http/errors';
import { newId } from '../ids';
import { enqueue } from '../jobs/queue';
import { notify } from '../notify/notify';

type Db = Kysely<DB> | Transaction<DB>;

const link = (engagementId: string, id: string) => `/engagements/${engagementId}/recommendations/${id}`;

// ── Reads ───────────────────────────────────────────────────────────────────

/** The recommendations the reader may see (clients: never an internal draft): every read starts here. */
const visible = (db: Db, access: EngagementAccess) => scoped(db, access, 'recommendations').selectAll();

async function currencyOf(db: Db, access: EngagementAccess) {
  return (await loadSettings(db, access)).currency;
}

const figuresOf = (r: RecommendationsTable): Figures => ({
  kind: r.kind,
  effort: r.effort,
  costHours: r.cost_hours,
  costMoney: r.cost_money,
  avoidedHours: r.avoided_hours,
  avoidedMoney: r.avoided_money,
  replacesCost: r.replaces_cost,
});

/** The whole recommendation as one version records it (what the client answered on, once frozen). */
const snapshotOf = (r: RecommendationsTable) => ({
  ...figuresOf(r),
  title: r.title,
  recommendation: r.recommendation,
  benefit: r.benefit,
  riskOfNotActing: r.risk_of_not_acting,
  outcomeId: r.outcome_id,
  visibility: r.visibility,
  status: r.status,
  reason: r.response_reason,
  deferredUntil: r.deferred_until,
});

async function presentAll(deps: Deps, access: EngagementAccess, rows: RecommendationsTable[], currency: string) {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const outcomeIds = [...new Set(rows.map((r) => r.outcome_id).filter((x): x is string => !!x))];
  const phaseIds = [...new Set(rows.map((r) => r.phase_id).filter((x): x is string => !!x))];
  const [users, items, outcomes, phases] = await Promise.all([
    userRefs(deps.db, rows.flatMap((r) => [r.created_by, r.responded_by])),
    scoped(deps.db, access, 'recommendation_items as ri')
      .innerJoin('work_items as w', 'w.id', 'ri.work_item_id')
      .select(['ri.recommendation_id', 'ri.relation', 'w.id', 'w.title', 'w.status'])
      .where('ri.recommendation_id', 'in', ids)
      .orderBy('w.title')
      .execute(),
    outcomeIds.length ? scoped(deps.db, access, 'outcomes').select(['id', 'title']).where('id', 'in', outcomeIds).execute() : [],
    phaseIds.length ? scoped(deps.db, access, 'phases').select(['id', 'name']).where('id', 'in', phaseIds).execute() : [],
  ]);
  const mayWrite = can(access.role, 'recommendation.write');
  const mayRespond = can(access.role, 'recommendation.respond');
  return rows.map((r) => {
    const o = outcomes.find((x) => x.id === r.outcome_id);
    const p = phases.find((x) => x.id === r.phase_id);
    return {
      id: r.id,
      title: r.title,
      recommendation: r.recommendation,
      benefit: r.benefit,
      riskOfNotActing: r.risk_of_not_acting,
      ...figuresOf(r),
      effort: r.effort,
      outcome: o ? { id: o.id, title: o.title } : null,
      currency,
      visibility: r.visibility,
      status: r.status,
      reason: r.response_reason,
      deferredUntil: r.deferred_until,
      respondedAt: r.responded_at,
      respondedBy: refOrNull(users, r.responded_by),
      frozen: r.responded_at !== null,
      againstRevenue: r.against_revenue === 1,
      phase: p ? { id: p.id, name: p.name } : null,
      items: items.filter((i) => i.recommendation_id === r.id).map((i) => ({ id: i.id, title: i.title, status: i.status, relation: i.relation })),
      version: r.version,
      canEdit: mayWrite,
      canRespond: mayRespond && r.visibility === 'shared' && (r.status === 'proposed' || r.status === 'deferred'),
      createdBy: refOf(users, r.created_by),
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    };
  });
}

const ORDER: Record<string, number> = { proposed: 0, deferred: 1, accepted: 2, declined: 3 };

export async function listRecommendations(deps: Deps, access: EngagementAccess, f: { kind?: string | undefined; status?: string | undefined }) {
  let q = visible(deps.db, access);
  if (f.kind) q = q.where('kind', '=', f.kind as RecommendationsTable['kind']);
  if (f.status) q = q.where('status', '=', f.status as RecommendationsTable['status']);
  const [rows, currency] = await Promise.all([q.execute(), currencyOf(deps.db, access)]);
  rows.sort((a, b) => (ORDER[a.status] ?? 9) - (ORDER[b.status] ?? 9) || b.id.localeCompare(a.id));
  return { recommendations: await presentAll(deps, access, rows, currency), currency };
}

async function loadVisible(db: Db, access: EngagementAccess, id: string, forUpdate = false) {
  let q = visible(db, access).where('id', '=', id);
  if (forUpdate) q = q.forUpdate();
  const r = await q.executeTakeFirst();
  if (!r) throw notFound('Recommendation not found');
  return r;
}

export async function getRecommendation(deps: Deps, access: EngagementAccess, id: string) {
  const r = await loadVisible(deps.db, access, id);
  const [currency, versions] = await Promise.all([
    currencyOf(deps.db, access),
    scoped(deps.db, access, 'recommendation_versions').selectAll().where('recommendation_id', '=', r.id).orderBy('version').execute(),
  ]);
  const [presented] = await presentAll(deps, access, [r], currency);
  // A draft stays the provider's: a client sees the versions from the one that shared it on.
  const shown = versions.map((v) => ({ v, snap: JSON.parse(v.snapshot) as Record<string, unknown> })).filter((x) => access.canSeeInternal || x.snap.visibility === 'shared');
  const users = await userRefs(
    deps.db,
    shown.map((x) => x.v.actor_id),
  );
  return {
    ...presented!,
    versions: shown.map(({ v, snap }) => ({ version: v.version, change: v.change, at: v.at, actor: refOrNull(users, v.actor_id), changes: JSON.parse(v.changes) as string[], snapshot: snap })),
  };
}

/** The ledger's figures from the recommendations the reader may see (clients: shared ones only). */
export async function recommendationLedger(deps: Deps, access: EngagementAccess) {
  const [rows, currency] = await Promise.all([
    scoped(deps.db, access, 'recommendations').select(['kind', 'status', 'against_revenue', 'avoided_hours', 'avoided_money', 'responded_at']).execute(),
    currencyOf(deps.db, access),
  ]);
  const f = ledgerFigures(
    rows.map((r) => ({ kind: r.kind, status: r.status, againstRevenue: r.against_revenue === 1, avoidedHours: r.avoided_hours, avoidedMoney: r.avoided_money, respondedAt: r.responded_at })),
  );
  return { ...f, avoided: { ...f.avoided, currency } };
}

// ── Writes ──────────────────────────────────────────────────────────────────

function raise(e: RuleError): never {
  throw e.kind === 'invalid' ? invalid(e.field, e.message) : conflict(e.message, [{ field: e.field, message: e.message }]);
}

async function checkOutcome(db: Db, access: EngagementAccess, outcomeId: string | null | undefined) {
  if (!outcomeId) return;
  const o = await scoped(db, access, 'outcomes').select(['id', 'archived']).where('id', '=', outcomeId).executeTakeFirst();
  if (!o) throw invalid('outcomeId', 'is not an outcome of this engagement’s charter');
  if (o.archived) throw invalid('outcomeId', 'this outcome is no longer in the agreed charter');
}

async function addVersion(trx: Transaction<DB>, r: RecommendationsTable, change: RecommendationVersionsTable['change'], actorId: string | null, changes: string[]) {
  await trx
    .insertInto('recommendation_versions')
    .values({ id: newId(), recommendation_id: r.id, version: r.version, change, at: r.updated_at, actor_id: actorId, snapshot: JSON.stringify(snapshotOf(r)), changes: JSON.stringify(changes) })
    .execute();
}

/** The people of a side's lead roles (the lead, the sponsor); notify() drops client roles for internal news. */
async function leadsOf(db: Db, engagementId: string, roles: ('lead' | 'sponsor')[]) {
  const rows = await unscoped(db, 'recipients of news (also from the reminder job); audienceFor() filters them by visibility')
    .selectFrom('memberships')
    .select('user_id')
    .where('engagement_id', '=', engagementId)
    .where('role', 'in', roles)
    .execute();
  return rows.map((r) => r.user_id);
}

const KIND_WORDS: Record<string, string> = { do: 'do this work', dont: 'this work is not needed', defer: 'not now', alternative: 'a cheaper way to the same outcome' };

export type RecommendationInput = CreateRecommendationBody;

/**
 * Records a recommendation inside the caller's transaction (the future agenda's
 * review turns an entry into one this way); returns its id. The caller has
 * authorized `recommendation.write`.
 */
export async function insertRecommendation(trx: Transaction<DB>, deps: Deps, access: EngagementAccess, input: RecommendationInput): Promise<string> {
  if (!can(access.role, 'recommendation.write')) throw forbidden('Only the provider side records recommendations');
  if (input.visibility === 'internal' && !access.canSeeInternal) throw forbidden('Only the provider side can mark content internal');
  const problem = checkFigures({ ...input });
  if (problem) raise(problem);
  await checkOutcome(trx, access, input.outcomeId);
  const at = deps.clock.now().toISOString();
  const row: RecommendationsTable = {
    id: newId(),
    engagement_id: access.engagementId,
    kind: input.kind,
    title: input.title,
    recommendation: input.recommendation,
    benefit: input.benefit,
    risk_of_not_acting: input.riskOfNotActing,
    effort: input.effort,
    cost_hours: input.costHours,
    cost_money: input.costMoney,
    avoided_hours: input.avoidedHours,
    avoided_money: input.avoidedMoney,
    replaces_cost: input.replacesCost,
    outcome_id: input.outcomeId,
    visibility: input.visibility,
    status: 'proposed',
    response_reason: '',
    deferred_until: null,
    responded_at: null,
    responded_by: null,
    reminded_at: null,
    against_revenue: isAgainstRevenue(input) ? 1 : 0,
    phase_id: null,
    version: 1,
    created_by: access.actor.userId,
    created_at: at,
    updated_at: at,
  };
  await trx.insertInto('recommendations').values(row).execute();
  await addVersion(trx, row, 'created', access.actor.userId, []);
  await appendAudit(trx, deps, {
    chain: access.engagementId,
    actor: access.actor,
    action: 'recommendation.created',
    object: { type: 'recommendation', id: row.id },
    visibility: row.visibility,
    before: null,
    after: { ...snapshotOf(row), version: 1 },
  });
  if (row.visibility === 'shared') await tellSponsors(trx, deps, access, row, 'recommendation.created');
  return row.id;
}

async function tellSponsors(trx: Transaction<DB>, deps: Deps, access: EngagementAccess, r: RecommendationsTable, kind: string) {
  await notify(trx, deps, {
    engagementId: access.engagementId,
    visibility: 'shared',
    userIds: (await leadsOf(trx, access.engagementId, ['sponsor'])).filter((u) => u !== access.actor.userId),
    kind,
    title: `A recommendation for your answer: ${r.title}`,
    body: `${access.actor.name} recommends (${KIND_WORDS[r.kind]}): "${r.title}". It waits for your answer: accept, decline (with the reason) or defer.`,
    link: link(access.engagementId, r.id),
  });
}

export async function createRecommendation(deps: Deps, access: EngagementAccess, input: RecommendationInput) {
  const id = await deps.db.transaction().execute((trx) => insertRecommendation(trx, deps, access, input));
  return getRecommendation(deps, access, id);
}

const COLUMNS = {
  kind: 'kind',
  title: 'title',
  recommendation: 'recommendation',
  benefit: 'benefit',
  riskOfNotActing: 'risk_of_not_acting',
  effort: 'effort',
  costHours: 'cost_hours',
  costMoney: 'cost_money',
  avoidedHours: 'avoided_hours',
  avoidedMoney: 'avoided_money',
  replacesCost: 'replaces_cost',
  outcomeId: 'outcome_id',
  visibility: 'visibility',
} as const satisfies Record<keyof UpdateRecommendationBody, keyof RecommendationsTable>;

/**
 * Edits a recommendation: each change is a new version. Once the client has
 * answered, the figures are frozen (409 naming the field); the text may still
 * be corrected. internal → shared is sharing it with the client.
 */
export async function updateRecommendation(deps: Deps, access: EngagementAccess, id: string, patch: UpdateRecommendationBody) {
  await deps.db.transaction().execute(async (trx) => {
    const r = await loadVisible(trx, access, id, deps.dialect === 'postgres');
    if (r.responded_at) {
      const f = frozenChange(figuresOf(r), patch);
      if (f) throw conflict(`${f}: the client answered on these figures (${r.responded_at.slice(0, 10)}); they are frozen. Record a new recommendation instead`, [{ field: f, message: 'frozen since the client answered' }]);
    }
    if (r.visibility === 'shared' && patch.visibility === 'internal') throw invalid('visibility', 'a shared recommendation cannot be hidden from the client again');
    const next: RecommendationsTable = { ...r };
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    for (const [field, col] of Object.entries(COLUMNS) as [keyof UpdateRecommendationBody, keyof RecommendationsTable][]) {
      const v = patch[field];
      if (v === undefined || v === r[col]) continue;
      (next as unknown as Record<string, unknown>)[col] = v;
      before[field] = r[col];
      after[field] = v;
    }
    const changes = Object.keys(after);
    if (changes.length === 0) return;
    if (patch.outcomeId !== undefined) await checkOutcome(trx, access, patch.outcomeId);
    const problem = checkFigures(figuresOf(next));
    if (problem) raise(problem);
    next.against_revenue = isAgainstRevenue(figuresOf(next)) ? 1 : 0;
    next.version = r.version + 1;
    next.updated_at = deps.clock.now().toISOString();
    const { id: _id, engagement_id: _e, ...set } = next;
    await trx.updateTable('recommendations').set(set).where('id', '=', r.id).execute();
    const shared = r.visibility === 'internal' && next.visibility === 'shared';
    await addVersion(trx, next, shared ? 'shared' : 'edited', access.actor.userId, changes);
    await appendAudit(trx, deps, {
      chain: access.engagementId,
      actor: access.actor,
      action: shared ? 'recommendation.shared' : 'recommendation.updated',
      object: { type: 'recommendation', id: r.id },
      visibility: changeVisibility(r, next),
      before: { title: r.title, version: r.version, ...before },
      after: { ...after, version: next.version },
    });
    if (shared && next.status === 'proposed') await tellSponsors(trx, deps, access, next, 'recommendation.shared');
  });
  return getRecommendation(deps, access, id);
}

const ANSWER_WORDS = { accepted: 'accepted', declined: 'declined', deferred: 'deferred' } as const;
const REMIND_JOB = 'recommendation.deferred_due';

/**
 * The client's answer (the sponsor decides for the client). Freezes the
 * figures. An accepted `do` may become work items or a phase; an accepted
 * `dont` / `alternative` may drop the work items it makes unnecessary; a
 * deferral schedules a reminder for its date. All in one transaction.
 */
export async function respondToRecommendation(deps: Deps, access: EngagementAccess, id: string, body: RespondBody) {
  await deps.db.transaction().execute(async (trx) => {
    const r = await loadVisible(trx, access, id, deps.dialect === 'postgres');
    const now = deps.clock.now();
    const today = isoDate(now);
    const problem = checkAnswer(r.status, body, today);
    if (problem) raise(problem);
    const accepted = body.response === 'accepted';
    if ((body.workItems.length || body.phase) && !(accepted && r.kind === 'do')) {
      throw invalid(body.workItems.length ? 'workItems' : 'phase', 'only an accepted "do" recommendation becomes work items or a phase');
    }
    if (body.droppedItemIds.length && !(accepted && (r.kind === 'dont' || r.kind === 'alternative'))) {
      throw invalid('droppedItemIds', 'only an accepted "dont" or "alternative" recommendation drops work items');
    }
    const at = now.toISOString();
    const next: RecommendationsTable = {
      ...r,
      status: body.response,
      response_reason: body.reason,
      deferred_until: body.response === 'deferred' ? body.until! : null,
      responded_at: at,
      responded_by: access.actor.userId,
      reminded_at: null,
      version: r.version + 1,
      updated_at: at,
    };
    const created: string[] = [];
    const dropped: string[] = [];
    if (body.phase) {
      if (body.phase.plannedEnd < body.phase.plannedStart) throw invalid('phase.plannedEnd', `must not be before phase.plannedStart (${body.phase.plannedStart})`);
      next.phase_id = await insertPhase(trx, deps, access, { name: body.phase.name, goal: body.phase.goal || r.title, plannedStart: body.phase.plannedStart, plannedEnd: body.phase.plannedEnd, exitCriteria: [] });
    }
    for (const w of body.workItems) {
      created.push(
        await insertItem(trx, deps, access, {
          title: w.title,
          description: w.description || `From the recommendation "${r.title}".`,
          phaseId: next.phase_id,
          outcomeId: r.outcome_id,
          status: 'backlog',
          estimate: null,
          assigneeId: null,
          visibility: 'shared',
          externalRef: null,
        }),
      );
    }
    const wanted = [...new Set(body.droppedItemIds)];
    if (wanted.length) {
      const found = await scoped(trx, access, 'work_items').select(['id', 'status']).where('id', 'in', wanted).execute();
      const unknown = wanted.filter((w) => !found.some((f) => f.id === w));
      if (unknown.length) throw invalid('droppedItemIds', `not work items of this engagement: ${unknown.join(', ')}`);
      const done = found.filter((f) => f.status === 'done');
      if (done.length) throw invalid('droppedItemIds', `already done, so not avoided: ${done.map((d) => d.id).join(', ')}`);
      for (const w of found) {
        if (w.status !== 'dropped') await changeItem(trx, deps, access, w.id, { status: 'dropped' });
        dropped.push(w.id);
      }
    }
    if (created.length || dropped.length) {
      await trx
        .insertInto('recommendation_items')
        .values([...created.map((w) => ({ recommendation_id: r.id, work_item_id: w, relation: 'created' as const })), ...dropped.map((w) => ({ recommendation_id: r.id, work_item_id: w, relation: 'dropped' as const }))])
        .execute();
      await touch(trx, access.engagementId, at);
    }
    const { id: _id, engagement_id: _e, ...set } = next;
    await trx.updateTable('recommendations').set(set).where('id', '=', r.id).execute();
    await addVersion(trx, next, 'answered', access.actor.userId, ['status', ...(body.reason ? ['reason'] : []), ...(next.deferred_until ? ['deferredUntil'] : [])]);
    await appendAudit(trx, deps, {
      chain: access.engagementId,
      actor: access.actor,
      action: `recommendation.${body.response}`,
      object: { type: 'recommendation', id: r.id },
      visibility: r.visibility,
      before: { status: r.status, version: r.version },
      after: {
        title: r.title,
        kind: r.kind,
        status: body.response,
        reason: body.reason,
        until: next.deferred_until,
        version: next.version,
        figures: figuresOf(r), // frozen from here on
        createdItemIds: created,
        droppedItemIds: dropped,
        phaseId: next.phase_id,
      },
    });
    if (next.deferred_until) {
      await enqueue(trx, deps, REMIND_JOB, { recommendationId: r.id, until: next.deferred_until }, { runAt: new Date(`${next.deferred_until}T00:00:00.000Z`), uniqueKey: `recommendation:${r.id}:deferred:${next.deferred_until}` });
    }
    await notify(trx, deps, {
      engagementId: access.engagementId,
      visibility: r.visibility,
      userIds: [r.created_by, ...(await leadsOf(trx, access.engagementId, ['lead']))].filter((u) => u !== access.actor.userId),
      kind: `recommendation.${body.response}`,
      title: `Recommendation ${ANSWER_WORDS[body.response]}: ${r.title}`,
      body: `${access.actor.name} ${ANSWER_WORDS[body.response]} "${r.title}"${next.deferred_until ? ` until ${next.deferred_until}` : ''}.${body.reason ? ` Reason: ${body.reason}` : ''}`,
      link: link(access.engagementId, r.id),
    });
  });
  return getRecommendation(deps, access, id);
}

// ── The deferral reminder ───────────────────────────────────────────────────

/**
 * On the deferral's date: tells the lead and the sponsor the recommendation is
 * due for another look. One conditional UPDATE decides, so a repeated, late or
 * concurrent run, or one for a deferral since answered anew, does nothing.
 */
export async function remindDeferred(deps: Deps, recommendationId: string, until: string): Promise<'reminded' | 'nothing to do'> {
  return deps.db.transaction().execute(async (trx) => {
    const at = deps.clock.now().toISOString();
    const res = await trx
      .updateTable('recommendations')
      .set({ reminded_at: at })
      .where('id', '=', recommendationId)
      .where('status', '=', 'deferred')
      .where('deferred_until', '=', until)
      .where('reminded_at', 'is', null)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) return 'nothing to do';
    const r = await unscoped(trx, 'the reminder job re-reads the recommendation it marked').selectFrom('recommendations').selectAll().where('id', '=', recommendationId).executeTakeFirstOrThrow();
    await notify(trx, deps, {
      engagementId: r.engagement_id,
      visibility: r.visibility,
      userIds: await leadsOf(trx, r.engagement_id, ['lead', 'sponsor']),
      kind: REMIND_JOB,
      title: `Due for another look: ${r.title}`,
      body: `The deferred recommendation "${r.title}" is due for another look: it was deferred until ${until}.`,
      link: link(r.engagement_id, r.id),
    });
    return 'reminded';
  });
}

export const recommendationJobs = {
  [REMIND_JOB]: async (deps: Deps, p: Record<string, unknown>) => {
    await remindDeferred(deps, String(p.recommendationId), String(p.until));
  },
};
