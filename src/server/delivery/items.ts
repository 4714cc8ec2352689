import { type AliasableExpression, type Expression, type ExpressionBuilder, sql, type Transaction } from 'kysely';
import { changeVisibility } from '../../domain/authz/policy';
import type { EstimateRange } from '../../domain/delivery/estimates';
import { appendAudit } from '../audit/append';
import { type EngagementAccess, mayRead } from '../authz/access';
import { containsText } from '../db/like';
import type { DB, Visibility, WorkItemStatus, WorkItemsTable } from '../db/schema';
import type { Deps } from '../http/context';
import { conflict, forbidden, notFound } from '../http/errors';
import { newId } from '../ids';
import { type Db, decodeCursor, encodeCursor, providerMembers, rejected, touch } from './common';
import { assertPlanningOpen } from '../gates/service';
import { scoped } from '../authz/scoped';

/** Every work-item read starts here: scoped to the engagement and to what the role may see. */
export function visibleItems(db: Db, access: EngagementAccess, visibility?: 'shared' | 'internal') {
  return scoped(db, access, 'work_items as w', { visibility })
    .leftJoin('phases as p', 'p.id', 'w.phase_id')
    .leftJoin('outcomes as o', 'o.id', 'w.outcome_id')
    .leftJoin('users as a', 'a.id', 'w.assignee_id')
    .leftJoin('users as e', 'e.id', 'w.estimated_by');
}

const SUMMARY_COLUMNS = [
  'w.id',
  'w.title',
  'w.status',
  'w.phase_id',
  'p.name as phase_name',
  'w.outcome_id',
  'o.title as outcome_title',
  'w.estimate_low',
  'w.estimate_likely',
  'w.estimate_high',
  'w.estimated_by',
  'e.name as estimator_name',
  'e.email as estimator_email',
  'w.estimated_at',
  'w.assignee_id',
  'a.name as assignee_name',
  'a.email as assignee_email',
  'w.visibility',
  'w.external_ref',
  'w.actual_minutes_shared',
  'w.actual_minutes_internal',
  'w.started_at',
  'w.done_at',
  'w.created_at',
  'w.updated_at',
] as const;

type SummaryRow = {
  id: string;
  title: string;
  status: WorkItemStatus;
  phase_id: string | null;
  phase_name: string | null;
  outcome_id: string | null;
  outcome_title: string | null;
  estimate_low: number | null;
  estimate_likely: number | null;
  estimate_high: number | null;
  estimated_by: string | null;
  estimator_name: string | null;
  estimator_email: string | null;
  estimated_at: string | null;
  assignee_id: string | null;
  assignee_name: string | null;
  assignee_email: string | null;
  visibility: Visibility;
  external_ref: string | null;
  actual_minutes_shared: number;
  actual_minutes_internal: number;
  started_at: string | null;
  done_at: string | null;
  created_at: string;
  updated_at: string;
};

/** Actual minutes as the caller may see them: clients see the sum of shared entries only. */
export const actualMinutes = (access: EngagementAccess, r: { actual_minutes_shared: number; actual_minutes_internal: number }) =>
  r.actual_minutes_shared + (access.canSeeInternal ? r.actual_minutes_internal : 0);

export function presentSummary(access: EngagementAccess, r: SummaryRow) {
  return {
    id: r.id,
    title: r.title,
    status: r.status,
    phase: r.phase_id ? { id: r.phase_id, name: r.phase_name ?? '' } : null,
    outcome: r.outcome_id ? { id: r.outcome_id, title: r.outcome_title ?? '' } : null,
    estimate:
      r.estimate_likely == null
        ? null
        : {
            low: r.estimate_low!,
            likely: r.estimate_likely,
            high: r.estimate_high!,
            estimatedBy: r.estimated_by ? { id: r.estimated_by, name: r.estimator_name ?? 'Former member', email: r.estimator_email ?? '' } : null,
            estimatedAt: r.estimated_at,
          },
    assignee: r.assignee_id ? { id: r.assignee_id, name: r.assignee_name ?? 'Former member', email: r.assignee_email ?? '' } : null,
    visibility: r.visibility,
    externalRef: r.external_ref,
    actualMinutes: actualMinutes(access, r),
    startedAt: r.started_at,
    doneAt: r.done_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export interface ItemFilter {
  status?: WorkItemStatus[] | undefined;
  phaseId?: string | undefined;
  outcomeId?: string | undefined;
  assigneeId?: string | undefined;
  visibility?: Visibility | undefined;
  q?: string | undefined;
  sort: string;
  cursor?: string | undefined;
  limit: number;
}

type ItemEB = ExpressionBuilder<DB & { w: WorkItemsTable }, 'w'>;

/** The sort expression per sort key; ties break on id so cursors are exact. */
function sortExpr(access: EngagementAccess, key: string): (eb: ItemEB) => AliasableExpression<unknown> {
  switch (key) {
    case 'updated':
      return (eb) => eb.ref('w.updated_at');
    case 'title':
      return (eb) => eb.ref('w.title');
    case 'status':
      return (eb) => eb.ref('w.status');
    case 'likely':
      return () => sql`coalesce(w.estimate_likely, -1)`;
    case 'actual':
      return () => (access.canSeeInternal ? sql`(w.actual_minutes_shared + w.actual_minutes_internal)` : sql`w.actual_minutes_shared`);
    default:
      return (eb) => eb.ref('w.id');
  }
}

export async function listItems(deps: Deps, access: EngagementAccess, f: ItemFilter) {
  const desc = f.sort.startsWith('-');
  const key = f.sort.replace(/^-/, '');
  const expr = sortExpr(access, key);
  // biome-ignore lint/suspicious/noExplicitAny: the filtered builder keeps its joins; typed loosely to share it between the page and the count
  const filtered = (q: any) => {
    let out = q;
    if (f.status?.length) out = out.where('w.status', 'in', f.status);
    if (f.phaseId) out = out.where('w.phase_id', '=', f.phaseId);
    if (f.outcomeId) out = out.where('w.outcome_id', '=', f.outcomeId);
    if (f.assigneeId) out = out.where('w.assignee_id', '=', f.assigneeId);
    if (f.q) {
      const needle = f.q;
      out = out.where((eb: ItemEB) => eb.or([containsText(eb.ref('w.title'), needle), containsText(sql<string>`coalesce(w.external_ref, '')`, needle)]));
    }
    return out;
  };
  let page = filtered(visibleItems(deps.db, access, f.visibility).select([...SUMMARY_COLUMNS]).select((eb: ItemEB) => expr(eb).as('sort_value')));
  if (f.cursor) {
    const [value, id] = decodeCursor(f.cursor);
    const op = desc ? '<' : '>';
    page = page.where((eb: ItemEB) =>
      key === 'created'
        ? eb('w.id', op, String(value))
        : eb.or([eb(expr(eb) as Expression<string>, op, value as string), eb.and([eb(expr(eb) as Expression<string>, '=', value as string), eb('w.id', op, String(id))])]),
    );
  }
  const [rows, count] = await Promise.all([
    page
      .orderBy((eb: ItemEB) => expr(eb), desc ? 'desc' : 'asc')
      .orderBy('w.id', desc ? 'desc' : 'asc')
      .limit(f.limit + 1)
      .execute() as Promise<(SummaryRow & { sort_value: unknown })[]>,
    // the count needs no joins (every filter is on the item itself)
    filtered(
      scoped(deps.db, access, 'work_items as w', { visibility: f.visibility }).select((eb) => eb.fn.countAll<number>().as('n')),
    ).executeTakeFirst() as Promise<{ n: number | string }>,
  ]);
  const pageRows = rows.slice(0, f.limit);
  const last = pageRows.at(-1);
  return {
    items: pageRows.map((r) => presentSummary(access, r)),
    nextCursor: rows.length > f.limit && last ? encodeCursor([last.sort_value, last.id]) : null,
    total: Number(count?.n ?? 0),
  };
}

export async function getItem(deps: Deps, access: EngagementAccess, itemId: string) {
  const r = await visibleItems(deps.db, access)
    .select([...SUMMARY_COLUMNS, 'w.description', 'w.external_source'])
    .where('w.id', '=', itemId)
    .executeTakeFirst();
  if (!r) throw notFound('Work item not found');
  return { ...presentSummary(access, r), description: r.description, externalSource: r.external_source, canEdit: access.side === 'provider' };
}

export interface ItemInput {
  title: string;
  description: string;
  phaseId: string | null;
  outcomeId: string | null;
  status: WorkItemStatus;
  estimate: EstimateRange | null;
  assigneeId: string | null;
  visibility: Visibility;
  externalRef: string | null;
}

/** Checks the references of an item (phase, outcome, assignee) belong to this engagement; 422 naming the field. */
export async function checkItemRefs(trx: Db, access: EngagementAccess, input: Partial<ItemInput>, newPhase: boolean) {
  if (input.phaseId) {
    const p = await scoped(trx, access, 'phases').select(['id', 'status']).where('id', '=', input.phaseId).executeTakeFirst();
    if (!p) throw rejected('phaseId', 'unknown phase: not a phase of this engagement');
    if (newPhase && p.status === 'done') throw rejected('phaseId', 'this phase is done (closed by its gate review); choose an open phase');
  }
  if (input.outcomeId) {
    const o = await scoped(trx, access, 'outcomes').select(['id', 'archived']).where('id', '=', input.outcomeId).executeTakeFirst();
    if (!o) throw rejected('outcomeId', 'unknown outcome: not an outcome of this engagement’s charter');
    if (o.archived) throw rejected('outcomeId', 'this outcome is no longer in the agreed charter');
  }
  if (input.assigneeId) {
    const members = await providerMembers(trx, access);
    if (!members.some((m) => m.id === input.assigneeId)) throw rejected('assigneeId', 'must be a provider member of this engagement');
  }
}

/** Timestamps that follow the status: first start of work, done, dropped. */
export function statusStamps(before: Pick<WorkItemsTable, 'started_at' | 'done_at' | 'dropped_at'> | null, status: WorkItemStatus, now: string) {
  return {
    started_at: before?.started_at ?? (status === 'in_progress' || status === 'blocked' || status === 'done' ? now : null),
    done_at: status === 'done' ? (before?.done_at ?? now) : null,
    dropped_at: status === 'dropped' ? (before?.dropped_at ?? now) : null,
  };
}

const snapshot = (w: WorkItemsTable) => ({
  title: w.title,
  description: w.description,
  phaseId: w.phase_id,
  outcomeId: w.outcome_id,
  status: w.status,
  estimate: w.estimate_likely == null ? null : { low: w.estimate_low, likely: w.estimate_likely, high: w.estimate_high, estimatedBy: w.estimated_by },
  assigneeId: w.assignee_id,
  visibility: w.visibility,
  externalRef: w.external_ref,
});

export async function createItem(deps: Deps, access: EngagementAccess, input: ItemInput) {
  const id = await deps.db.transaction().execute((trx) => insertItem(trx, deps, access, input));
  return getItem(deps, access, id);
}

/** Creates a work item inside the caller's transaction (e.g. an accepted recommendation's work); returns its id. */
export async function insertItem(trx: Transaction<DB>, deps: Deps, access: EngagementAccess, input: ItemInput): Promise<string> {
  await assertPlanningOpen(trx, access);
  if (!mayRead(access, input.visibility)) throw forbidden('Only the provider side can mark content internal');
  const now = deps.clock.now().toISOString();
  const id = newId();
  {
    await checkItemRefs(trx, access, input, true);
    const row: WorkItemsTable = {
      id,
      engagement_id: access.engagementId,
      phase_id: input.phaseId,
      outcome_id: input.outcomeId,
      title: input.title,
      description: input.description,
      status: input.status,
      estimate_low: input.estimate?.low ?? null,
      estimate_likely: input.estimate?.likely ?? null,
      estimate_high: input.estimate?.high ?? null,
      estimated_by: input.estimate ? access.actor.userId : null,
      estimated_at: input.estimate ? now : null,
      assignee_id: input.assigneeId,
      visibility: input.visibility,
      external_ref: input.externalRef,
      external_source: null,
      external_id: null,
      actual_minutes_shared: 0,
      actual_minutes_internal: 0,
      ...statusStamps(null, input.status, now),
      created_by: access.actor.userId,
      created_at: now,
      updated_at: now,
    };
    await trx.insertInto('work_items').values(row).execute();
    await touch(trx, access.engagementId, now);
    await appendAudit(trx, deps, {
      chain: access.engagementId,
      actor: access.actor,
      action: 'work_item.created',
      object: { type: 'work_item', id },
      visibility: input.visibility,
      before: null,
      after: snapshot(row),
    });
  }
  return id;
}

export async function updateItem(deps: Deps, access: EngagementAccess, itemId: string, patch: Partial<ItemInput>) {
  await deps.db.transaction().execute((trx) => changeItem(trx, deps, access, itemId, patch));
  return getItem(deps, access, itemId);
}

/** Edits a work item inside the caller's transaction (e.g. dropped by an accepted recommendation). */
export async function changeItem(trx: Transaction<DB>, deps: Deps, access: EngagementAccess, itemId: string, patch: Partial<ItemInput>): Promise<void> {
  const now = deps.clock.now().toISOString();
  {
    const w = await scoped(trx, access, 'work_items')
      .selectAll()
      .where('id', '=', itemId)
      .executeTakeFirst();
    if (!w) throw notFound('Work item not found');
    if (patch.visibility && !mayRead(access, patch.visibility)) throw forbidden('Only the provider side can mark content internal');
    await checkItemRefs(trx, access, { ...patch, phaseId: patch.phaseId !== w.phase_id ? patch.phaseId : undefined }, true);
    if (patch.visibility === 'internal' && w.visibility === 'shared' && w.actual_minutes_shared > 0) {
      throw conflict('This item has shared time entries; make them internal first, or keep the item shared', [
        { field: 'visibility', message: 'the item has shared time entries' },
      ]);
    }
    const status = patch.status ?? w.status;
    const estimateChanged = patch.estimate !== undefined;
    const next: WorkItemsTable = {
      ...w,
      title: patch.title ?? w.title,
      description: patch.description ?? w.description,
      phase_id: patch.phaseId === undefined ? w.phase_id : patch.phaseId,
      outcome_id: patch.outcomeId === undefined ? w.outcome_id : patch.outcomeId,
      status,
      estimate_low: estimateChanged ? (patch.estimate?.low ?? null) : w.estimate_low,
      estimate_likely: estimateChanged ? (patch.estimate?.likely ?? null) : w.estimate_likely,
      estimate_high: estimateChanged ? (patch.estimate?.high ?? null) : w.estimate_high,
      estimated_by: estimateChanged ? (patch.estimate ? access.actor.userId : null) : w.estimated_by,
      estimated_at: estimateChanged ? (patch.estimate ? now : null) : w.estimated_at,
      assignee_id: patch.assigneeId === undefined ? w.assignee_id : patch.assigneeId,
      visibility: patch.visibility ?? w.visibility,
      external_ref: patch.externalRef === undefined ? w.external_ref : patch.externalRef,
      ...statusStamps(w, status, now),
      updated_at: now,
    };
    const { id: _id, engagement_id: _e, ...set } = next;
    await trx.updateTable('work_items').set(set).where('id', '=', w.id).execute();
    await touch(trx, access.engagementId, now);
    await appendAudit(trx, deps, {
      chain: access.engagementId,
      actor: access.actor,
      action: 'work_item.updated',
      object: { type: 'work_item', id: w.id },
      visibility: changeVisibility(w, next),
      before: snapshot(w),
      after: snapshot(next),
    });
  }
}

/** Every visible item, for the CSV export (in pages, so 10,000 items never sit in one array of rows twice). */
export async function* itemRowsForExport(deps: Deps, access: EngagementAccess) {
  let cursor: string | null = null;
  for (;;) {
    let q = visibleItems(deps.db, access).select([...SUMMARY_COLUMNS]);
    if (cursor) q = q.where('w.id', '>', cursor);
    const rows = await q.orderBy('w.id').limit(2000).execute();
    for (const r of rows) yield presentSummary(access, r);
    if (rows.length < 2000) return;
    cursor = rows.at(-1)!.id;
  }
}
