import { sql, type Transaction } from 'kysely';
import { changeVisibility } from '../../domain/authz/policy';
import { appendAudit } from '../audit/append';
import { type EngagementAccess, mayRead } from '../authz/access';
import type { DB, TimeEntriesTable, Visibility } from '../db/schema';
import type { Deps } from '../http/context';
import { AppError, forbidden, notFound } from '../http/errors';
import { newId } from '../ids';
import { cached, cacheKey, type Db, decodeCursor, encodeCursor, loadSettings, providerMembers, rejected, settingsOf, touch, userMap } from './common';
import { scoped, unscoped } from '../authz/scoped';

// ── pre-aggregates, maintained inside each write's transaction ──────────────

/** The hourly rate in force for a person: their own, else their role's; null without one. */
export async function rateFor(trx: Db, engagementId: string, userId: string): Promise<number | null> {
  const [rates, m] = await Promise.all([
    unscoped(trx, 'pricing a rollup: rates are maintained for every visibility').selectFrom('rates').select(['user_id', 'role', 'hourly_rate']).where('engagement_id', '=', engagementId).execute(),
    unscoped(trx, 'pricing a rollup: the person’s role').selectFrom('memberships').select('role').where('engagement_id', '=', engagementId).where('user_id', '=', userId).executeTakeFirst(),
  ]);
  const own = rates.find((r) => r.user_id === userId);
  const byRole = m ? rates.find((r) => r.user_id == null && r.role === m.role) : undefined;
  return (own ?? byRole)?.hourly_rate ?? null;
}

/**
 * Adds (or with negative numbers removes) minutes to the per-person and the
 * per-day rollups, the latter priced at the person's rate in force.
 */
export async function addToRollup(
  trx: Transaction<DB>,
  e: { engagement_id: string; date_worked: string; user_id: string; visibility: Visibility; billable: number },
  minutes: number,
  entries: number,
) {
  await trx
    .insertInto('time_rollups')
    .values({ engagement_id: e.engagement_id, date_worked: e.date_worked, user_id: e.user_id, visibility: e.visibility, billable: e.billable, minutes, entries })
    .onConflict((oc) =>
      oc.columns(['engagement_id', 'date_worked', 'user_id', 'visibility', 'billable']).doUpdateSet({
        minutes: sql`time_rollups.minutes + ${minutes}`,
        entries: sql`time_rollups.entries + ${entries}`,
      }),
    )
    .execute();
  const rate = await rateFor(trx, e.engagement_id, e.user_id);
  const amount = rate == null ? 0 : (minutes / 60) * rate;
  const unrated = rate == null ? minutes : 0;
  await trx
    .insertInto('time_day_rollups')
    .values({ engagement_id: e.engagement_id, date_worked: e.date_worked, visibility: e.visibility, billable: e.billable, minutes, entries, amount, unrated_minutes: unrated })
    .onConflict((oc) =>
      oc.columns(['engagement_id', 'date_worked', 'visibility', 'billable']).doUpdateSet({
        minutes: sql`time_day_rollups.minutes + ${minutes}`,
        entries: sql`time_day_rollups.entries + ${entries}`,
        amount: sql`time_day_rollups.amount + cast(${amount} as double precision)`,
        unrated_minutes: sql`time_day_rollups.unrated_minutes + ${unrated}`,
      }),
    )
    .execute();
}

/** Recomputes the per-day rollups (and their cost) from the per-person ones: after imports and when rates change. */
export async function rebuildDayRollups(trx: Db, engagementId: string) {
  await unscoped(trx, 'rollup maintenance covers every visibility').deleteFrom('time_day_rollups').where('engagement_id', '=', engagementId).execute();
  await sql`
    insert into time_day_rollups (engagement_id, date_worked, visibility, billable, minutes, entries, amount, unrated_minutes)
    select r.engagement_id, r.date_worked, r.visibility, r.billable, sum(r.minutes), sum(r.entries),
      sum(r.minutes * coalesce(ur.hourly_rate, rr.hourly_rate, 0)) / 60.0,
      sum(case when coalesce(ur.hourly_rate, rr.hourly_rate) is null then r.minutes else 0 end)
    from time_rollups r
    left join rates ur on ur.engagement_id = r.engagement_id and ur.user_id = r.user_id
    left join memberships m on m.engagement_id = r.engagement_id and m.user_id = r.user_id
    left join rates rr on rr.engagement_id = r.engagement_id and rr.user_id is null and rr.role = m.role
    where r.engagement_id = ${engagementId}
    group by r.engagement_id, r.date_worked, r.visibility, r.billable`.execute(trx);
}

/** Adds minutes to a work item's actual effort, in the column of the entry's visibility. */
export async function addToItem(trx: Transaction<DB>, itemId: string | null, visibility: Visibility, minutes: number) {
  if (!itemId || minutes === 0) return;
  const col = visibility === 'internal' ? 'actual_minutes_internal' : 'actual_minutes_shared';
  await trx
    .updateTable('work_items')
    .set({ [col]: sql`${sql.ref(col)} + ${minutes}` })
    .where('id', '=', itemId)
    .execute();
}

/** Recomputes rollups and item actuals from the entries (used after bulk imports and by the bench seed). */
export async function rebuildAggregates(trx: Db, engagementId: string) {
  await unscoped(trx, 'rollup maintenance covers every visibility').deleteFrom('time_rollups').where('engagement_id', '=', engagementId).execute();
  await sql`
    insert into time_rollups (engagement_id, date_worked, user_id, visibility, billable, minutes, entries)
    select engagement_id, date_worked, user_id, visibility, billable, sum(minutes), count(*)
    from time_entries where engagement_id = ${engagementId}
    group by engagement_id, date_worked, user_id, visibility, billable`.execute(trx);
  await rebuildDayRollups(trx, engagementId);
  await sql`
    update work_items set
      actual_minutes_shared = coalesce((select sum(t.minutes) from time_entries t where t.work_item_id = work_items.id and t.visibility = 'shared'), 0),
      actual_minutes_internal = coalesce((select sum(t.minutes) from time_entries t where t.work_item_id = work_items.id and t.visibility = 'internal'), 0)
    where engagement_id = ${engagementId}`.execute(trx);
}

// ── rules ───────────────────────────────────────────────────────────────────

export async function locksOf(db: Db, access: EngagementAccess) {
  return scoped(db, access, 'time_locks').selectAll().orderBy('period_start').execute();
}

async function refuseIfLocked(trx: Db, access: EngagementAccess, date: string, field = 'dateWorked') {
  const lock = await scoped(trx, access, 'time_locks')
    .selectAll()
    .where('period_start', '<=', date)
    .where('period_end', '>=', date)
    .executeTakeFirst();
  if (lock) {
    const message = `${date} is in a locked period (${lock.period_start} to ${lock.period_end}); the lead must unlock it before time there can change`;
    throw new AppError(409, 'period_locked', `${field}: ${message}`, [{ field, message }]);
  }
}

async function checkDate(trx: Db, access: EngagementAccess, date: string) {
  const s = await loadSettings(trx, access);
  if (s.start_date && date < s.start_date) throw rejected('dateWorked', `${date} is before the engagement starts (${s.start_date})`);
  if (s.end_date && date > s.end_date) throw rejected('dateWorked', `${date} is after the engagement ends (${s.end_date})`);
}

async function checkDayTotal(trx: Db, access: EngagementAccess, userId: string, date: string, minutes: number, excludeId: string | null) {
  // Only the provider side logs time, and it reads every visibility: the day's total is whole.
  let q = scoped(trx, access, 'time_entries')
    .select((eb) => eb.fn.sum<number>('minutes').as('m'))
    .where('user_id', '=', userId)
    .where('date_worked', '=', date);
  if (excludeId) q = q.where('id', '!=', excludeId);
  const row = await q.executeTakeFirst();
  const total = Number(row?.m ?? 0) + minutes;
  if (total > 1440) throw rejected('minutes', `would bring ${date} to ${(total / 60).toFixed(2)} h for this person: more than 24 hours in one day`);
}

async function checkItem(trx: Db, access: EngagementAccess, itemId: string | null, visibility: Visibility) {
  if (!itemId) return;
  const w = await scoped(trx, access, 'work_items')
    .select(['id', 'visibility'])
    .where('id', '=', itemId)
    .executeTakeFirst();
  if (!w) throw rejected('workItemId', 'unknown work item: not an item of this engagement');
  if (w.visibility === 'internal' && visibility === 'shared') throw rejected('visibility', 'time on an internal work item must be internal too');
}

// ── reads ───────────────────────────────────────────────────────────────────

function visibleEntries(db: Db, access: EngagementAccess, visibility?: Visibility) {
  return scoped(db, access, 'time_entries as t', { visibility })
    .innerJoin('users as u', 'u.id', 't.user_id')
    .leftJoin('work_items as w', 'w.id', 't.work_item_id')
    .selectAll('t')
    .select(['u.name as person_name', 'u.email as person_email', 'w.title as item_title', 'w.external_ref as item_ref']);
}
type EntryRow = TimeEntriesTable & { person_name: string; person_email: string; item_title: string | null; item_ref: string | null };

const canEditEntry = (access: EngagementAccess, e: { user_id: string }) => access.role === 'lead' || (access.role === 'member' && e.user_id === access.actor.userId);

function presentEntry(access: EngagementAccess, e: EntryRow, locks: { period_start: string; period_end: string }[]) {
  const locked = locks.some((l) => l.period_start <= e.date_worked && e.date_worked <= l.period_end);
  return {
    id: e.id,
    person: { id: e.user_id, name: e.person_name, email: e.person_email },
    dateWorked: e.date_worked,
    minutes: e.minutes,
    workItem: e.work_item_id ? { id: e.work_item_id, title: e.item_title ?? '', externalRef: e.item_ref } : null,
    note: e.note,
    billable: e.billable === 1,
    visibility: e.visibility,
    loggedAt: e.logged_at,
    updatedAt: e.updated_at,
    locked,
    canEdit: !locked && canEditEntry(access, e),
  };
}

/** Whether the caller sees entries, or (a client role, when the lead chose so) totals only. */
export async function clientSeesTotalsOnly(db: Db, access: EngagementAccess) {
  if (access.side === 'provider') return false;
  return (await loadSettings(db, access)).client_time_view === 'totals';
}

export interface EntryFilter {
  from?: string | undefined;
  to?: string | undefined;
  userId?: string | undefined;
  workItemId?: string | undefined;
  billable?: 'true' | 'false' | undefined;
  visibility?: Visibility | undefined;
  cursor?: string | undefined;
  limit: number;
}

export async function listEntries(deps: Deps, access: EngagementAccess, f: EntryFilter) {
  if (await clientSeesTotalsOnly(deps.db, access)) return { mode: 'totals' as const, entries: [], nextCursor: null };
  let q = visibleEntries(deps.db, access, f.visibility);
  if (f.from) q = q.where('t.date_worked', '>=', f.from);
  if (f.to) q = q.where('t.date_worked', '<=', f.to);
  if (f.userId) q = q.where('t.user_id', '=', f.userId);
  if (f.workItemId) q = q.where('t.work_item_id', '=', f.workItemId);
  if (f.billable) q = q.where('t.billable', '=', f.billable === 'true' ? 1 : 0);
  if (f.cursor) {
    const [date, id] = decodeCursor(f.cursor).map(String);
    q = q.where((eb) => eb.or([eb('t.date_worked', '<', date!), eb.and([eb('t.date_worked', '=', date!), eb('t.id', '<', id!)])]));
  }
  const [rows, locks] = await Promise.all([q.orderBy('t.date_worked', 'desc').orderBy('t.id', 'desc').limit(f.limit + 1).execute(), locksOf(deps.db, access)]);
  const page = rows.slice(0, f.limit);
  const last = page.at(-1);
  return {
    mode: 'entries' as const,
    entries: page.map((e) => presentEntry(access, e, locks)),
    nextCursor: rows.length > f.limit && last ? encodeCursor([last.date_worked, last.id]) : null,
  };
}

async function getEntry(deps: Deps, access: EngagementAccess, entryId: string) {
  const e = await visibleEntries(deps.db, access).where('t.id', '=', entryId).executeTakeFirst();
  if (!e) throw notFound('Time entry not found');
  return presentEntry(access, e, await locksOf(deps.db, access));
}

const mondayOf = (date: string) => {
  const d = new Date(`${date}T00:00:00Z`);
  const dow = (d.getUTCDay() + 6) % 7;
  return new Date(d.getTime() - dow * 86_400_000).toISOString().slice(0, 10);
};

/** Totals from the per-day rollups (what clients in "totals only" mode see instead of entries); cached per delivery version. */
export async function timeTotals(deps: Deps, access: EngagementAccess, q: { groupBy: 'day' | 'week' | 'month' | 'person'; from?: string | undefined; to?: string | undefined }) {
  const settings = await settingsOf(deps, access);
  return cached(deps, cacheKey(access, settings, `totals:${q.groupBy}:${q.from ?? ''}:${q.to ?? ''}`, ''), () => computeTotals(deps, access, q));
}

async function computeTotals(deps: Deps, access: EngagementAccess, q: { groupBy: 'day' | 'week' | 'month' | 'person'; from?: string | undefined; to?: string | undefined }) {
  const byPerson = q.groupBy === 'person';
  let rq = // both rollups have the columns read here (user_id only when byPerson); typed as the per-person one
  scoped(deps.db, access, (byPerson ? 'time_rollups' : 'time_day_rollups') as 'time_rollups')
    .select([byPerson ? 'user_id as k' : 'date_worked as k', (eb) => eb.fn.sum<number>('minutes').as('m'), (eb) => eb.fn.sum<number>('entries').as('n')])
    .select((eb) => eb.fn.sum<number>(eb.case().when('billable', '=', 1).then(eb.ref('minutes')).else(0).end()).as('b'));
  if (q.from) rq = rq.where('date_worked', '>=', q.from);
  if (q.to) rq = rq.where('date_worked', '<=', q.to);
  const rows = await rq.groupBy(byPerson ? 'user_id' : 'date_worked').execute();
  const keyOf = (k: string) => (q.groupBy === 'week' ? mondayOf(k) : q.groupBy === 'month' ? k.slice(0, 7) : k);
  const groups = new Map<string, { minutes: number; billableMinutes: number; entries: number }>();
  for (const r of rows) {
    const k = keyOf(r.k);
    const g = groups.get(k) ?? { minutes: 0, billableMinutes: 0, entries: 0 };
    g.minutes += Number(r.m);
    g.billableMinutes += Number(r.b);
    g.entries += Number(r.n);
    groups.set(k, g);
  }
  const users = byPerson ? await userMap(deps.db, [...groups.keys()]) : new Map();
  const label = (k: string) => (byPerson ? (users.get(k)?.name ?? 'Former member') : q.groupBy === 'week' ? `Week of ${k}` : k);
  const out = [...groups.entries()].map(([key, g]) => ({ key, label: label(key), ...g })).sort((a, b) => (a.key < b.key ? -1 : 1));
  if (byPerson) out.sort((a, b) => b.minutes - a.minutes);
  return {
    groupBy: q.groupBy,
    rows: out.filter((r) => r.entries > 0),
    totalMinutes: out.reduce((s, r) => s + r.minutes, 0),
    billableMinutes: out.reduce((s, r) => s + r.billableMinutes, 0),
  };
}

// ── writes ──────────────────────────────────────────────────────────────────

export interface EntryInput {
  userId?: string | undefined;
  dateWorked: string;
  minutes: number;
  workItemId: string | null;
  note: string;
  billable: boolean;
  visibility: Visibility;
}

const snapshot = (e: Pick<TimeEntriesTable, 'user_id' | 'date_worked' | 'minutes' | 'work_item_id' | 'note' | 'billable' | 'visibility'>) => ({
  userId: e.user_id,
  dateWorked: e.date_worked,
  minutes: e.minutes,
  workItemId: e.work_item_id,
  note: e.note,
  billable: e.billable === 1,
  visibility: e.visibility,
});

export async function createEntry(deps: Deps, access: EngagementAccess, input: EntryInput) {
  if (!mayRead(access, input.visibility)) throw forbidden('Only the provider side can mark content internal');
  const userId = input.userId ?? access.actor.userId;
  if (userId !== access.actor.userId && access.role !== 'lead') throw forbidden('Only the lead logs time for someone else');
  const now = deps.clock.now().toISOString();
  const id = newId();
  await deps.db.transaction().execute(async (trx) => {
    if (userId !== access.actor.userId || access.side !== 'provider') {
      const members = await providerMembers(trx, access);
      if (!members.some((m) => m.id === userId)) throw rejected('userId', 'must be a provider member of this engagement');
    }
    await checkDate(trx, access, input.dateWorked);
    await refuseIfLocked(trx, access, input.dateWorked);
    await checkItem(trx, access, input.workItemId, input.visibility);
    await checkDayTotal(trx, access, userId, input.dateWorked, input.minutes, null);
    const row: TimeEntriesTable = {
      id,
      engagement_id: access.engagementId,
      user_id: userId,
      work_item_id: input.workItemId,
      date_worked: input.dateWorked,
      minutes: input.minutes,
      note: input.note,
      billable: input.billable ? 1 : 0,
      visibility: input.visibility,
      logged_at: now,
      updated_at: now,
      created_by: access.actor.userId,
      external_source: null,
      external_id: null,
    };
    await trx.insertInto('time_entries').values(row).execute();
    await addToRollup(trx, row, row.minutes, 1);
    await addToItem(trx, row.work_item_id, row.visibility, row.minutes);
    await touch(trx, access.engagementId, now);
    await appendAudit(trx, deps, {
      chain: access.engagementId,
      actor: access.actor,
      action: 'time_entry.created',
      object: { type: 'time_entry', id },
      visibility: input.visibility,
      before: null,
      after: snapshot(row),
    });
  });
  return getEntry(deps, access, id);
}

async function editableEntry(trx: Transaction<DB>, access: EngagementAccess, entryId: string) {
  const e = await scoped(trx, access, 'time_entries')
    .selectAll()
    .where('id', '=', entryId)
    .executeTakeFirst();
  if (!e) throw notFound('Time entry not found');
  if (!canEditEntry(access, e)) throw forbidden('Only the person who logged it, or the lead, can change a time entry');
  await refuseIfLocked(trx, access, e.date_worked);
  return e;
}

export async function updateEntry(deps: Deps, access: EngagementAccess, entryId: string, patch: Partial<EntryInput>) {
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    const e = await editableEntry(trx, access, entryId);
    if (patch.visibility && !mayRead(access, patch.visibility)) throw forbidden('Only the provider side can mark content internal');
    const next: TimeEntriesTable = {
      ...e,
      date_worked: patch.dateWorked ?? e.date_worked,
      minutes: patch.minutes ?? e.minutes,
      work_item_id: patch.workItemId === undefined ? e.work_item_id : patch.workItemId,
      note: patch.note ?? e.note,
      billable: patch.billable === undefined ? e.billable : patch.billable ? 1 : 0,
      visibility: patch.visibility ?? e.visibility,
      updated_at: now,
    };
    if (next.date_worked !== e.date_worked) {
      await checkDate(trx, access, next.date_worked);
      await refuseIfLocked(trx, access, next.date_worked);
    }
    await checkItem(trx, access, next.work_item_id, next.visibility);
    await checkDayTotal(trx, access, e.user_id, next.date_worked, next.minutes, e.id);
    const { id: _id, engagement_id: _e, ...set } = next;
    await trx.updateTable('time_entries').set(set).where('id', '=', e.id).execute();
    await addToRollup(trx, e, -e.minutes, -1);
    await addToRollup(trx, next, next.minutes, 1);
    await addToItem(trx, e.work_item_id, e.visibility, -e.minutes);
    await addToItem(trx, next.work_item_id, next.visibility, next.minutes);
    await touch(trx, access.engagementId, now);
    await appendAudit(trx, deps, {
      chain: access.engagementId,
      actor: access.actor,
      action: 'time_entry.updated',
      object: { type: 'time_entry', id: e.id },
      visibility: changeVisibility(e, next),
      before: snapshot(e),
      after: snapshot(next),
    });
  });
  return getEntry(deps, access, entryId);
}

export async function deleteEntry(deps: Deps, access: EngagementAccess, entryId: string) {
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    const e = await editableEntry(trx, access, entryId);
    await trx.deleteFrom('time_entries').where('id', '=', e.id).execute();
    await addToRollup(trx, e, -e.minutes, -1);
    await addToItem(trx, e.work_item_id, e.visibility, -e.minutes);
    await touch(trx, access.engagementId, now);
    await appendAudit(trx, deps, {
      chain: access.engagementId,
      actor: access.actor,
      action: 'time_entry.deleted',
      object: { type: 'time_entry', id: e.id },
      visibility: e.visibility,
      before: snapshot(e),
      after: null,
    });
  });
}

// ── period locks ────────────────────────────────────────────────────────────

export async function listLocks(deps: Deps, access: EngagementAccess) {
  const rows = await locksOf(deps.db, access);
  const users = await userMap(deps.db, rows.map((r) => r.locked_by));
  return {
    locks: rows.map((l) => ({
      id: l.id,
      periodStart: l.period_start,
      periodEnd: l.period_end,
      note: l.note,
      lockedBy: users.get(l.locked_by) ?? { id: l.locked_by, name: 'Former member', email: '' },
      lockedAt: l.locked_at,
    })),
  };
}

export async function createLock(deps: Deps, access: EngagementAccess, input: { periodStart: string; periodEnd: string; note: string }) {
  const now = deps.clock.now().toISOString();
  const id = newId();
  await deps.db.transaction().execute(async (trx) => {
    const overlap = await scoped(trx, access, 'time_locks')
      .select(['period_start', 'period_end'])
      .where('period_start', '<=', input.periodEnd)
      .where('period_end', '>=', input.periodStart)
      .executeTakeFirst();
    if (overlap) throw rejected('periodStart', `overlaps the locked period ${overlap.period_start} to ${overlap.period_end}`);
    await trx
      .insertInto('time_locks')
      .values({ id, engagement_id: access.engagementId, period_start: input.periodStart, period_end: input.periodEnd, note: input.note, locked_by: access.actor.userId, locked_at: now })
      .execute();
    await touch(trx, access.engagementId, now);
    await appendAudit(trx, deps, {
      chain: access.engagementId,
      actor: access.actor,
      action: 'time_period.locked',
      object: { type: 'time_lock', id },
      visibility: 'shared',
      before: null,
      after: input,
    });
  });
  return (await listLocks(deps, access)).locks.find((l) => l.id === id)!;
}

export async function deleteLock(deps: Deps, access: EngagementAccess, lockId: string) {
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    const l = await scoped(trx, access, 'time_locks').selectAll().where('id', '=', lockId).executeTakeFirst();
    if (!l) throw notFound('Lock not found');
    await trx.deleteFrom('time_locks').where('id', '=', l.id).execute();
    await touch(trx, access.engagementId, now);
    await appendAudit(trx, deps, {
      chain: access.engagementId,
      actor: access.actor,
      action: 'time_period.unlocked',
      object: { type: 'time_lock', id: l.id },
      visibility: 'shared',
      before: { periodStart: l.period_start, periodEnd: l.period_end, note: l.note },
      after: null,
    });
  });
}

/** Entries for the CSV export, in pages; clients in "totals only" mode get per-day totals instead. */
export async function* entryRowsForExport(deps: Deps, access: EngagementAccess) {
  let cursor: [string, string] | null = null;
  for (;;) {
    let q = visibleEntries(deps.db, access);
    if (cursor) {
      const [d, id] = cursor;
      q = q.where((eb) => eb.or([eb('t.date_worked', '>', d), eb.and([eb('t.date_worked', '=', d), eb('t.id', '>', id)])]));
    }
    const rows = await q.orderBy('t.date_worked').orderBy('t.id').limit(5000).execute();
    for (const r of rows) yield r;
    if (rows.length < 5000) return;
    const last = rows.at(-1)!;
    cursor = [last.date_worked, last.id];
  }
}
