import type { Kysely, Transaction } from 'kysely';
import type { CreateCommitmentBody, UpdateCommitmentBody } from '../../contracts/commitments';
import { can, changeVisibility, type Side } from '../../domain/authz/policy';
import {
  addDaysToDate,
  checkDelivery,
  checkNew,
  checkRenegotiation,
  daysBetween,
  daysInAdvance,
  EARLY_RENEGOTIATION_DAYS,
  isEarlyRenegotiation,
  isOutstanding,
  isPastDue,
  isRuleError,
  mayManageSide,
  missCheckAt,
  outcomeOf,
  type RuleError,
  sayDoFigures,
} from '../../domain/commitments/rules';
import { isoDate } from '../../domain/time';
import { appendAudit } from '../audit/append';
import type { EngagementAccess } from '../authz/access';
import type { CommitmentEventKind, CommitmentEventsTable, CommitmentsTable, DB } from '../db/schema';
import { refOf, refOrNull, userRefs } from '../db/users';
import type { Deps } from '../http/context';
import { conflict, forbidden, invalid, notFound } from '../http/errors';
import { newId } from '../ids';
import { enqueue } from '../jobs/queue';
import { notify } from '../notify/notify';
import { scoped, unscoped } from '../authz/scoped';

type Db = Kysely<DB> | Transaction<DB>;

// ── Reads ───────────────────────────────────────────────────────────────────

/** The commitments the reader may see: the one scoped query every read path starts from. */
const visibleCommitments = (db: Db, access: EngagementAccess) =>
  scoped(db, access, 'commitments').selectAll();

const link = (engagementId: string, id: string) => `/engagements/${engagementId}/commitments/${id}`;

async function presentAll(deps: Deps, access: EngagementAccess, rows: CommitmentsTable[]) {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [users, items, phases] = await Promise.all([
    userRefs(deps.db, rows.flatMap((r) => [r.created_by, r.owner_user_id])),
    // linked items only as far as the reader may see them (scoped through both the commitment and the item)
    scoped(deps.db, access, 'commitment_items as ci')
      .innerJoin('work_items as w', 'w.id', 'ci.work_item_id')
      .select(['ci.commitment_id', 'w.id', 'w.title', 'w.status', 'w.visibility'])
      .where('ci.commitment_id', 'in', ids)
      .orderBy('w.title')
      .execute(),
    phaseNames(deps.db, access, rows.map((r) => r.phase_id)),
  ]);
  const today = isoDate(deps.clock.now());
  return rows.map((c) => {
    const outstanding = isOutstanding(c.status);
    return {
      id: c.id,
      side: c.side,
      title: c.title,
      details: c.details,
      assumptions: c.assumptions,
      dueDate: c.due_date,
      originalDueDate: c.original_due_date,
      status: c.status,
      outstanding,
      pastDue: isPastDue({ status: c.status, dueDate: c.due_date }, today),
      daysToDue: outstanding ? daysBetween(today, c.due_date) : null,
      owner: refOrNull(users, c.owner_user_id),
      phase: c.phase_id && phases.has(c.phase_id) ? { id: c.phase_id, name: phases.get(c.phase_id)! } : null,
      items: items.filter((i) => i.commitment_id === c.id).map((i) => ({ id: i.id, title: i.title, status: i.status, visibility: i.visibility })),
      visibility: c.visibility,
      renegotiations: c.renegotiations,
      deliveredOn: c.delivered_on,
      daysLate: c.delivered_on && c.delivered_on > c.due_date ? daysBetween(c.due_date, c.delivered_on) : null,
      keptAt: c.kept_at,
      missedAt: c.missed_at,
      missedAutomatically: c.missed_automatically === 1,
      outcome: outcomeOf({ status: c.status, renegotiations: c.renegotiations, lateRenegotiations: c.late_renegotiations }),
      canManage: can(access.role, 'commitment.write') && mayManageSide(access.role, c.side),
      createdBy: refOf(users, c.created_by),
      createdAt: c.created_at,
      updatedAt: c.updated_at,
    };
  });
}

async function phaseNames(db: Db, access: EngagementAccess, ids: (string | null)[]) {
  const wanted = [...new Set(ids.filter((x): x is string => !!x))];
  if (wanted.length === 0) return new Map<string, string>();
  const rows = await scoped(db, access, 'phases').select(['id', 'name']).where('id', 'in', wanted).execute();
  return new Map(rows.map((p) => [p.id, p.name]));
}

/** Outstanding first, soonest due first; then resolved ones, most recently resolved first. */
function ledgerOrder(a: CommitmentsTable, b: CommitmentsTable) {
  const oa = isOutstanding(a.status);
  const ob = isOutstanding(b.status);
  if (oa !== ob) return oa ? -1 : 1;
  if (oa) return a.due_date.localeCompare(b.due_date) || a.id.localeCompare(b.id);
  return (b.resolved_on ?? '').localeCompare(a.resolved_on ?? '') || b.id.localeCompare(a.id);
}

export interface CommitmentFilter {
  side?: Side | undefined;
  status?: 'open' | 'renegotiated' | 'kept' | 'missed' | 'outstanding' | undefined;
}

export async function listCommitments(deps: Deps, access: EngagementAccess, f: CommitmentFilter) {
  let q = visibleCommitments(deps.db, access);
  if (f.side) q = q.where('side', '=', f.side);
  if (f.status === 'outstanding') q = q.where('status', 'in', ['open', 'renegotiated']);
  else if (f.status) q = q.where('status', '=', f.status);
  const rows = (await q.execute()).sort(ledgerOrder);
  return presentAll(deps, access, rows);
}

async function loadVisible(db: Db, access: EngagementAccess, commitmentId: string, forUpdate = false) {
  let q = visibleCommitments(db, access).where('id', '=', commitmentId);
  if (forUpdate) q = q.forUpdate();
  const c = await q.executeTakeFirst();
  if (!c) throw notFound('Commitment not found');
  return c;
}

export async function getCommitment(deps: Deps, access: EngagementAccess, commitmentId: string) {
  const c = await loadVisible(deps.db, access, commitmentId);
  const [[presented], events] = await Promise.all([
    presentAll(deps, access, [c]),
    scoped(deps.db, access, 'commitment_events').selectAll().where('commitment_id', '=', c.id).orderBy('at').orderBy('id').execute(),
  ]);
  const users = await userRefs(
    deps.db,
    events.map((e) => e.actor_id),
  );
  return { ...presented!, events: events.map((e) => presentEvent(e, users)) };
}

interface EventData {
  from?: string;
  to?: string;
  reason?: string;
  daysInAdvance?: number;
  automatic?: boolean;
  deliveredOn?: string;
  daysLate?: number;
  changes?: string[];
}

function presentEvent(e: CommitmentEventsTable, users: Awaited<ReturnType<typeof userRefs>>) {
  const d = JSON.parse(e.data) as EventData;
  return {
    id: e.id,
    kind: e.kind,
    at: e.at,
    actor: refOrNull(users, e.actor_id),
    note: e.note,
    from: d.from ?? null,
    to: d.to ?? null,
    reason: d.reason ?? null,
    daysInAdvance: d.daysInAdvance ?? null,
    automatic: d.automatic ?? null,
    deliveredOn: d.deliveredOn ?? null,
    daysLate: d.daysLate ?? null,
    changes: d.changes ?? null,
  };
}

/** Say/do per side and per month, from the commitments the reader may see (clients: shared ones only). */
export async function sayDo(deps: Deps, access: EngagementAccess) {
  const rows = await scoped(deps.db, access, 'commitments')
    .select(['side', 'status', 'renegotiations', 'late_renegotiations', 'resolved_on'])
    .execute();
  const sides = sayDoFigures(
    rows.map((r) => ({ side: r.side, status: r.status, renegotiations: r.renegotiations, lateRenegotiations: r.late_renegotiations, resolvedOn: r.resolved_on })),
    isoDate(deps.clock.now()),
  );
  return { earlyThresholdDays: EARLY_RENEGOTIATION_DAYS, sides };
}

// ── Writes ──────────────────────────────────────────────────────────────────

function raise(e: RuleError): never {
  throw e.kind === 'invalid' ? invalid(e.field, e.message) : conflict(e.message);
}

function requireSide(access: EngagementAccess, side: Side) {
  if (!mayManageSide(access.role, side)) {
    throw forbidden(`Your role (${access.role}) may not manage ${side}-side commitments: the provider lead and the client sponsor manage both sides, provider members the provider's`);
  }
}

const MISS_JOB = 'commitment.miss';
const missKey = (id: string, dueDate: string) => `commitment:${id}:miss:${dueDate}`;

/** The automatic miss check, due at the start of the day after the due date; in the caller's transaction. */
export async function scheduleMissCheck(trx: Transaction<DB>, deps: Deps, id: string, dueDate: string) {
  await enqueue(trx, deps, MISS_JOB, { commitmentId: id, dueDate }, { runAt: missCheckAt(dueDate), uniqueKey: missKey(id, dueDate) });
}

/** A check that no longer applies (new date, delivered) is cancelled; the handler would find nothing to do anyway. */
async function cancelMissCheck(trx: Transaction<DB>, deps: Deps, id: string, dueDate: string) {
  await trx
    .updateTable('jobs')
    .set({ status: 'cancelled', updated_at: deps.clock.now().toISOString() })
    .where('unique_key', '=', missKey(id, dueDate))
    .where('status', '=', 'pending')
    .execute();
}

async function addEvent(trx: Transaction<DB>, e: { commitmentId: string; kind: CommitmentEventKind; at: string; actorId: string | null; data: EventData; note?: string }) {
  await trx
    .insertInto('commitment_events')
    .values({ id: newId(), commitment_id: e.commitmentId, kind: e.kind, at: e.at, actor_id: e.actorId, data: JSON.stringify(e.data), note: e.note ?? '' })
    .execute();
}

/** The owner must be a member of the promising side. */
async function checkOwner(db: Db, access: EngagementAccess, side: Side, ownerId: string | null | undefined) {
  if (!ownerId) return;
  const m = await scoped(db, access, 'memberships').select('role').where('user_id', '=', ownerId).executeTakeFirst();
  const roles = side === 'provider' ? ['lead', 'member'] : ['sponsor', 'stakeholder'];
  if (!m || !roles.includes(m.role)) throw invalid('ownerId', `is not a member of the ${side} side of this engagement`);
}

async function checkPhase(db: Db, access: EngagementAccess, phaseId: string | null | undefined) {
  if (!phaseId) return;
  const p = await scoped(db, access, 'phases').select('id').where('id', '=', phaseId).executeTakeFirst();
  if (!p) throw invalid('phaseId', 'is not a phase of this engagement');
}

/**
 * Linked work items must be items of this engagement the actor can see. A
 * shared commitment links shared items only: the client would not see an
 * internal one, and its audit record must not name it.
 */
async function checkItems(db: Db, access: EngagementAccess, itemIds: string[], visibility: 'shared' | 'internal') {
  const wanted = [...new Set(itemIds)];
  if (wanted.length === 0) return wanted;
  const rows = await scoped(db, access, 'work_items')
    .select(['id', 'visibility'])
    .where('id', 'in', wanted)
    .execute();
  const found = new Map(rows.map((r) => [r.id, r.visibility]));
  const unknown = wanted.filter((id) => !found.has(id));
  if (unknown.length) throw invalid('itemIds', `not work items of this engagement: ${unknown.join(', ')}`);
  if (visibility === 'shared' && wanted.some((id) => found.get(id) === 'internal')) {
    throw invalid('itemIds', 'a shared commitment cannot link internal work items (the client would not see them)');
  }
  return wanted;
}

/** Who hears about a commitment: its owner and creator and the leads of both sides (the audience filter drops client roles for internal ones). */
async function interested(db: Db, c: CommitmentsTable, except: string | null) {
  const leads = await unscoped(db, 'recipients of news (also from the miss job); audienceFor() filters them by visibility')
    .selectFrom('memberships')
    .select('user_id').where('engagement_id', '=', c.engagement_id).where('role', 'in', ['lead', 'sponsor']).execute();
  return [c.owner_user_id, c.created_by, ...leads.map((l) => l.user_id)].filter((u) => u && u !== except);
}

const sideName = (side: Side) => (side === 'provider' ? 'the provider' : 'the client');

export async function createCommitment(deps: Deps, access: EngagementAccess, input: CreateCommitmentBody) {
  let id = '';
  await deps.db.transaction().execute(async (trx) => {
    id = await insertCommitment(trx, deps, access, input);
  });
  return getCommitment(deps, access, id);
}

/**
 * A new commitment in the ledger, inside the caller's transaction: the rules, the row, its
 * linked items, its first event, its audit record, its miss check and its notification.
 * Other use cases (failure-report follow-ups, gate conditions) record commitments through it.
 * Returns the new commitment's id.
 */
export async function insertCommitment(trx: Transaction<DB>, deps: Deps, access: EngagementAccess, input: CreateCommitmentBody) {
  requireSide(access, input.side);
  const now = deps.clock.now();
  const today = isoDate(now);
  const problem = checkNew(input, today);
  if (problem) raise(problem);
  if (input.visibility === 'internal' && !access.canSeeInternal) throw forbidden('Only the provider side can mark content internal');
  const id = newId();
  await checkOwner(trx, access, input.side, input.ownerId);
  await checkPhase(trx, access, input.phaseId);
  const itemIds = await checkItems(trx, access, input.itemIds, input.visibility);
  const at = now.toISOString();
  const row: CommitmentsTable = {
    id,
    engagement_id: access.engagementId,
    side: input.side,
    title: input.title,
    details: input.details,
    assumptions: input.assumptions,
    due_date: input.dueDate,
    original_due_date: input.dueDate,
    status: 'open',
    owner_user_id: input.ownerId ?? null,
    phase_id: input.phaseId ?? null,
    visibility: input.visibility,
    renegotiations: 0,
    late_renegotiations: 0,
    delivered_on: null,
    kept_at: null,
    missed_at: null,
    missed_automatically: 0,
    resolved_on: null,
    created_by: access.actor.userId,
    created_at: at,
    updated_at: at,
  };
  await trx.insertInto('commitments').values(row).execute();
  if (itemIds.length) await trx.insertInto('commitment_items').values(itemIds.map((w) => ({ commitment_id: id, work_item_id: w }))).execute();
  await addEvent(trx, { commitmentId: id, kind: 'created', at, actorId: access.actor.userId, data: { to: input.dueDate } });
  await appendAudit(trx, deps, {
    chain: access.engagementId,
    actor: access.actor,
    action: 'commitment.created',
    object: { type: 'commitment', id },
    visibility: input.visibility,
    before: null,
    after: { side: input.side, title: input.title, details: input.details, assumptions: input.assumptions, dueDate: input.dueDate, ownerId: row.owner_user_id, phaseId: row.phase_id, itemIds, visibility: input.visibility },
  });
  await scheduleMissCheck(trx, deps, id, input.dueDate);
  await notify(trx, deps, {
    engagementId: access.engagementId,
    visibility: input.visibility,
    userIds: await interested(trx, row, access.actor.userId),
    kind: 'commitment.created',
    title: `New commitment by ${sideName(input.side)}: ${input.title}`,
    body: `${access.actor.name} recorded a commitment by ${sideName(input.side)}: "${input.title}", due ${input.dueDate}.`,
    link: link(access.engagementId, id),
  });
  return id;
}

export async function updateCommitment(deps: Deps, access: EngagementAccess, commitmentId: string, patch: UpdateCommitmentBody) {
  await deps.db.transaction().execute(async (trx) => {
    const c = await loadVisible(trx, access, commitmentId, deps.dialect === 'postgres');
    requireSide(access, c.side);
    if (!isOutstanding(c.status)) throw conflict(`This commitment is already ${c.status}: its record can no longer be edited`);
    const visibility = patch.visibility ?? c.visibility;
    if (c.visibility === 'shared' && visibility === 'internal') throw invalid('visibility', 'a shared commitment cannot be hidden from the client again');
    const set: Partial<CommitmentsTable> = {};
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    const change = <K extends keyof CommitmentsTable>(field: string, col: K, value: CommitmentsTable[K] | undefined) => {
      if (value === undefined || value === c[col]) return;
      set[col] = value as CommitmentsTable[K];
      before[field] = c[col];
      after[field] = value;
    };
    change('title', 'title', patch.title);
    change('details', 'details', patch.details);
    change('assumptions', 'assumptions', patch.assumptions);
    if (patch.ownerId !== undefined) await checkOwner(trx, access, c.side, patch.ownerId);
    change('ownerId', 'owner_user_id', patch.ownerId);
    if (patch.phaseId !== undefined) await checkPhase(trx, access, patch.phaseId);
    change('phaseId', 'phase_id', patch.phaseId);
    change('visibility', 'visibility', patch.visibility);
    // links: replace the set (as far as the actor can see it) when given; re-check when the commitment becomes shared
    // only the links the actor can see: an item made internal after it was linked stays linked, unseen and untouched by a client
    const current = (
      await scoped(trx, access, 'commitment_items as ci').select('ci.work_item_id').where('ci.commitment_id', '=', c.id).execute()
    ).map((r) => r.work_item_id);
    let nextItems = current;
    if (patch.itemIds !== undefined) nextItems = await checkItems(trx, access, patch.itemIds, visibility);
    else if (visibility !== c.visibility) await checkItems(trx, access, current, visibility);
    const itemsChanged = patch.itemIds !== undefined && (nextItems.length !== current.length || nextItems.some((i) => !current.includes(i)));
    if (itemsChanged) {
      before.itemIds = current;
      after.itemIds = nextItems;
      if (current.length) await trx.deleteFrom('commitment_items').where('commitment_id', '=', c.id).where('work_item_id', 'in', current).execute();
      if (nextItems.length) await trx.insertInto('commitment_items').values(nextItems.map((w) => ({ commitment_id: c.id, work_item_id: w }))).execute();
    }
    const changes = Object.keys(after);
    if (changes.length === 0) return;
    const at = deps.clock.now().toISOString();
    await trx.updateTable('commitments').set({ ...set, updated_at: at }).where('id', '=', c.id).execute();
    await addEvent(trx, { commitmentId: c.id, kind: 'edited', at, actorId: access.actor.userId, data: { changes } });
    await appendAudit(trx, deps, {
      chain: access.engagementId,
      actor: access.actor,
      action: 'commitment.updated',
      object: { type: 'commitment', id: c.id },
      visibility: changeVisibility(c, { visibility }),
      before: { title: c.title, ...before }, // the title names the commitment in the activity
      after,
    });
  });
  return getCommitment(deps, access, commitmentId);
}

/** A new due date, with the reason and how many days before the old one it was agreed. */
export async function renegotiateCommitment(deps: Deps, access: EngagementAccess, commitmentId: string, input: { newDueDate: string; reason: string }) {
  await deps.db.transaction().execute(async (trx) => {
    const c = await loadVisible(trx, access, commitmentId, deps.dialect === 'postgres');
    requireSide(access, c.side);
    const now = deps.clock.now();
    const today = isoDate(now);
    const problem = checkRenegotiation({ status: c.status, dueDate: c.due_date, createdOn: c.created_at.slice(0, 10), deliveredOn: c.delivered_on }, input.newDueDate, today);
    if (problem) raise(problem);
    const advance = daysInAdvance(c.due_date, today);
    const at = now.toISOString();
    await trx
      .updateTable('commitments')
      .set({
        status: 'renegotiated',
        due_date: input.newDueDate,
        renegotiations: c.renegotiations + 1,
        late_renegotiations: c.late_renegotiations + (isEarlyRenegotiation(advance) ? 0 : 1),
        updated_at: at,
      })
      .where('id', '=', c.id)
      .execute();
    const data = { from: c.due_date, to: input.newDueDate, reason: input.reason, daysInAdvance: advance };
    await addEvent(trx, { commitmentId: c.id, kind: 'renegotiated', at, actorId: access.actor.userId, data });
    await appendAudit(trx, deps, {
      chain: access.engagementId,
      actor: access.actor,
      action: 'commitment.renegotiated',
      object: { type: 'commitment', id: c.id },
      visibility: c.visibility,
      before: { status: c.status, dueDate: c.due_date },
      after: { status: 'renegotiated', dueDate: input.newDueDate, reason: input.reason, daysInAdvance: advance, title: c.title },
    });
    await cancelMissCheck(trx, deps, c.id, c.due_date);
    await scheduleMissCheck(trx, deps, c.id, input.newDueDate);
    const when = advance > 0 ? `${advance} day${advance === 1 ? '' : 's'} before it was due` : advance === 0 ? 'on the day it was due' : `${-advance} day${advance === -1 ? '' : 's'} after it was due`;
    await notify(trx, deps, {
      engagementId: access.engagementId,
      visibility: c.visibility,
      userIds: await interested(trx, c, access.actor.userId),
      kind: 'commitment.renegotiated',
      title: `New date for a commitment: ${c.title}`,
      body: `${access.actor.name} moved "${c.title}" from ${c.due_date} to ${input.newDueDate} (${when}). Reason: ${input.reason}`,
      link: link(access.engagementId, c.id),
    });
  });
  return getCommitment(deps, access, commitmentId);
}

/**
 * Records a delivery. On or before the due date: kept. After it: missed,
 * delivered late (or, for one already missed, the late delivery is added).
 */
export async function keepCommitment(deps: Deps, access: EngagementAccess, commitmentId: string, input: { deliveredOn?: string | undefined; note: string }) {
  await deps.db.transaction().execute(async (trx) => {
    const c = await loadVisible(trx, access, commitmentId, deps.dialect === 'postgres');
    requireSide(access, c.side);
    const now = deps.clock.now();
    const today = isoDate(now);
    const deliveredOn = input.deliveredOn ?? today;
    const result = checkDelivery({ status: c.status, dueDate: c.due_date, createdOn: c.created_at.slice(0, 10), deliveredOn: c.delivered_on }, deliveredOn, today);
    if (isRuleError(result)) raise(result);
    const at = now.toISOString();
    let action: string;
    let set: Partial<CommitmentsTable>;
    if (result.kind === 'kept') {
      action = 'commitment.kept';
      set = { status: 'kept', delivered_on: deliveredOn, kept_at: at, resolved_on: deliveredOn };
      await addEvent(trx, { commitmentId: c.id, kind: 'kept', at, actorId: access.actor.userId, data: { deliveredOn }, note: input.note });
    } else if (!result.alreadyMissed) {
      action = 'commitment.missed';
      set = { status: 'missed', delivered_on: deliveredOn, missed_at: at, missed_automatically: 0, resolved_on: addDaysToDate(c.due_date, 1) };
      await addEvent(trx, { commitmentId: c.id, kind: 'missed', at, actorId: access.actor.userId, data: { automatic: false, deliveredOn, daysLate: result.daysLate }, note: input.note });
    } else {
      action = 'commitment.delivered_late';
      set = { delivered_on: deliveredOn };
      await addEvent(trx, { commitmentId: c.id, kind: 'delivered_late', at, actorId: access.actor.userId, data: { deliveredOn, daysLate: result.daysLate }, note: input.note });
    }
    await trx.updateTable('commitments').set({ ...set, updated_at: at }).where('id', '=', c.id).execute();
    await appendAudit(trx, deps, {
      chain: access.engagementId,
      actor: access.actor,
      action,
      object: { type: 'commitment', id: c.id },
      visibility: c.visibility,
      before: { status: c.status, deliveredOn: c.delivered_on },
      after: { status: set.status ?? c.status, deliveredOn, dueDate: c.due_date, note: input.note, title: c.title },
    });
    await cancelMissCheck(trx, deps, c.id, c.due_date);
    const late = result.kind === 'late' ? `, ${result.daysLate} day${result.daysLate === 1 ? '' : 's'} after it was due (${c.due_date})` : '';
    await notify(trx, deps, {
      engagementId: access.engagementId,
      visibility: c.visibility,
      userIds: await interested(trx, c, access.actor.userId),
      kind: action,
      title: result.kind === 'kept' ? `Commitment kept: ${c.title}` : `Delivered late: ${c.title}`,
      body: `${access.actor.name} recorded "${c.title}" as delivered on ${deliveredOn}${late}.${input.note ? ` ${input.note}` : ''}`,
      link: link(access.engagementId, c.id),
    });
  });
  return getCommitment(deps, access, commitmentId);
}

// ── The automatic miss ──────────────────────────────────────────────────────

/**
 * The scheduled check: marks an outstanding commitment missed once its due
 * date has passed, and tells both sides. One conditional UPDATE decides: only
 * a commitment still outstanding with the same due date changes, so a late,
 * repeated or concurrent run (two processes) finds nothing to do; the event,
 * the audit record and the notifications commit with it or not at all.
 */
export async function markMissedIfDue(deps: Deps, commitmentId: string, dueDate: string): Promise<'missed' | 'nothing to do'> {
  return deps.db.transaction().execute(async (trx) => {
    const now = deps.clock.now();
    const at = now.toISOString();
    const res = await trx
      .updateTable('commitments')
      .set({ status: 'missed', missed_at: at, missed_automatically: 1, resolved_on: addDaysToDate(dueDate, 1), updated_at: at })
      .where('id', '=', commitmentId)
      .where('status', 'in', ['open', 'renegotiated'])
      .where('due_date', '=', dueDate)
      .where('due_date', '<', isoDate(now))
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) return 'nothing to do';
    const c = await unscoped(trx, 'the miss job re-reads the commitment it changed').selectFrom('commitments').selectAll().where('id', '=', commitmentId).executeTakeFirstOrThrow();
    await addEvent(trx, { commitmentId: c.id, kind: 'missed', at, actorId: null, data: { automatic: true } });
    await appendAudit(trx, deps, {
      chain: c.engagement_id,
      actor: null,
      action: 'commitment.missed',
      object: { type: 'commitment', id: c.id },
      visibility: c.visibility,
      before: { status: c.renegotiations ? 'renegotiated' : 'open', dueDate },
      after: { status: 'missed', automatic: true, title: c.title },
    });
    await notify(trx, deps, {
      engagementId: c.engagement_id,
      visibility: c.visibility,
      userIds: await interested(trx, c, null),
      kind: 'commitment.missed',
      title: `Commitment missed: ${c.title}`,
      body: `"${c.title}" by ${sideName(c.side)} was due ${dueDate} and was not recorded as delivered${c.renegotiations ? '' : ', nor renegotiated beforehand'}.`,
      link: link(c.engagement_id, c.id),
    });
    return 'missed';
  });
}

export const commitmentJobs = {
  [MISS_JOB]: async (deps: Deps, p: Record<string, unknown>) => {
    await markMissedIfDue(deps, String(p.commitmentId), String(p.dueDate));
  },
};
