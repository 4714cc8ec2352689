import type { Kysely, Transaction } from 'kysely';
import type { CreateAgendaEntryBody, RecordAgendaReviewBody, UpdateAgendaEntryBody } from '../../contracts/agenda';
import { CharterBody as CharterBodySchema } from '../../contracts/charter';
import {
  checkOutcomes,
  daysSince,
  type EntryStatus,
  isReviewOverdue,
  lastTalkedAboutFuture,
  type LinkType,
  linkTypeOf,
  nextReviewDue,
  type ReviewEvery,
  statusAfter,
} from '../../domain/agenda/schedule';
import { can, changeVisibility, type EngagementRole, sideOf } from '../../domain/authz/policy';
import { addDays, isoDate } from '../../domain/time';
import { appendAudit } from '../audit/append';
import type { EngagementAccess } from '../authz/access';
import { scoped, unscoped } from '../authz/scoped';
import { agreedCharterBody } from '../charter/service';
import type { AgendaEntriesTable, AgendaOutcomesTable, AgendaReviewsTable, DB } from '../db/schema';
import { refOf, userRefs } from '../db/users';
import type { Deps } from '../http/context';
import { insertPhase } from '../delivery/phases';
import { AppError, forbidden, invalid, notFound } from '../http/errors';
import { newId } from '../ids';
import { enqueue, type JobHandlers } from '../jobs/queue';
import { notify } from '../notify/notify';
import { engagementMembers } from '../people/service';

type Db = Kysely<DB> | Transaction<DB>;

const pageLink = (engagementId: string) => `/engagements/${engagementId}/agenda`;

// ── The schedule ────────────────────────────────────────────────────────────

/**
 * The facts the review schedule is computed from, as a member reads them.
 * Only shared entries anchor the schedule and count as "talking about the
 * future": internal drafts are the provider's own, and both sides see the
 * same due date.
 */
async function scheduleOf(db: Db, access: EngagementAccess) {
  const [charter, last, settings, shared] = await Promise.all([
    agreedCharterBody(db as Kysely<DB>, access),
    scoped(db, access, 'agenda_reviews').selectAll().orderBy('held_on', 'desc').orderBy('id', 'desc').executeTakeFirst(),
    scoped(db, access, 'delivery_settings').select('start_date').executeTakeFirst(),
    scoped(db, access, 'agenda_entries', { visibility: 'shared' })
      .select((eb) => [eb.fn.min('created_at').as('first'), eb.fn.max('created_at').as('newest')])
      .executeTakeFirst(),
  ]);
  const every: ReviewEvery = charter?.cadence.futureReviewEvery ?? 'monthly';
  return computeSchedule(every, last ?? null, settings?.start_date ?? null, (shared?.first as string | null) ?? null, (shared?.newest as string | null) ?? null);
}

function computeSchedule(every: ReviewEvery, last: AgendaReviewsTable | null, startDate: string | null, firstEntryAt: string | null, newestEntryAt: string | null) {
  const due = nextReviewDue({ every, lastReviewOn: last?.held_on ?? null, startDate, firstEntryOn: firstEntryAt ? firstEntryAt.slice(0, 10) : null });
  return { every, last, due, talked: lastTalkedAboutFuture(last?.held_on ?? null, newestEntryAt) };
}

/** The same schedule for the reminder job, which reads as no member (shared entries only, as above). */
async function scheduleForJob(db: Kysely<DB>, engagementId: string) {
  const why = 'the agenda review reminder job re-reads the schedule';
  const [charter, last, settings, shared] = await Promise.all([
    unscoped(db, why).selectFrom('charter_versions').select('body').where('engagement_id', '=', engagementId).where('status', '=', 'agreed').executeTakeFirst(),
    unscoped(db, why).selectFrom('agenda_reviews').selectAll().where('engagement_id', '=', engagementId).orderBy('held_on', 'desc').orderBy('id', 'desc').executeTakeFirst(),
    unscoped(db, why).selectFrom('delivery_settings').select('start_date').where('engagement_id', '=', engagementId).executeTakeFirst(),
    unscoped(db, why)
      .selectFrom('agenda_entries')
      .select((eb) => [eb.fn.min('created_at').as('first'), eb.fn.max('created_at').as('newest')])
      .where('engagement_id', '=', engagementId)
      .where('visibility', '=', 'shared')
      .executeTakeFirst(),
  ]);
  const every: ReviewEvery = charter ? CharterBodySchema.parse(JSON.parse(charter.body)).cadence.futureReviewEvery : 'monthly';
  return computeSchedule(every, last ?? null, settings?.start_date ?? null, (shared?.first as string | null) ?? null, (shared?.newest as string | null) ?? null);
}

const REMINDER = 'agenda.review_due';
const reminderAt = (due: string) => new Date(`${due}T07:00:00.000Z`);

/** The reminder for a due date, in the caller's transaction; one per engagement and due date (and stage). */
async function scheduleReminder(trx: Db, deps: Deps, engagementId: string, due: string | null, stage: 'due' | 'overdue' = 'due') {
  if (!due) return;
  const runAt = stage === 'due' ? reminderAt(due) : addDays(reminderAt(due), 1);
  await enqueue(trx, deps, REMINDER, { engagementId, dueDate: due, stage }, { runAt, uniqueKey: `agenda:${engagementId}:${stage}:${due}` });
}

/**
 * Reminds both sides when a review is due, and the lead and the sponsor again
 * the day after when it was missed. Re-reads the schedule: a review held since
 * (or a changed cadence) moves the due date, and a stale reminder schedules
 * the right one instead of notifying.
 */
export const agendaJobs: JobHandlers = {
  [REMINDER]: async (deps, payload) => {
    const engagementId = String(payload.engagementId);
    const stage = payload.stage === 'overdue' ? 'overdue' : 'due';
    const engagement = await unscoped(deps.db, 'the agenda reminder job checks the engagement is still active')
      .selectFrom('engagements')
      .select('status')
      .where('id', '=', engagementId)
      .executeTakeFirst();
    if (engagement?.status !== 'active') return;
    const s = await scheduleForJob(deps.db, engagementId);
    if (!s.due) return;
    if (s.due !== payload.dueDate) {
      await scheduleReminder(deps.db, deps, engagementId, s.due);
      return;
    }
    const today = isoDate(deps.clock.now());
    if (today < s.due || (stage === 'overdue' && !isReviewOverdue(s.due, today))) return;
    const members = await unscoped(deps.db, 'recipients of the agenda reminder; notify() filters them by visibility')
      .selectFrom('memberships')
      .select(['user_id', 'role'])
      .where('engagement_id', '=', engagementId)
      .execute();
    await deps.db.transaction().execute(async (trx) => {
      if (stage === 'due') {
        await notify(trx, deps, {
          engagementId,
          visibility: 'shared',
          userIds: members.map((m) => m.user_id),
          kind: 'agenda.review_due',
          title: `Future agenda review due ${s.due}`,
          body: `The charter asks for a ${s.every} review of the future agenda: ideas, needs, market changes and improvements beyond the current scope. ${s.last ? `The last one was held on ${s.last.held_on}.` : 'None has been held yet.'}`,
          link: pageLink(engagementId),
        });
        await scheduleReminder(trx, deps, engagementId, s.due, 'overdue');
      } else {
        await notify(trx, deps, {
          engagementId,
          visibility: 'shared',
          userIds: members.filter((m) => m.role === 'lead' || m.role === 'sponsor').map((m) => m.user_id),
          kind: 'agenda.review_overdue',
          title: `Future agenda review overdue (due ${s.due})`,
          body: 'The review of the future agenda was due and has not been recorded. Hold it, and record what was discussed and a decision per entry.',
          link: pageLink(engagementId),
        });
      }
    });
  },
};

// ── Reads ───────────────────────────────────────────────────────────────────

const visibleEntries = (db: Db, access: EngagementAccess) => scoped(db, access, 'agenda_entries').selectAll();

/** Titles of linked objects, as far as the reader may see them (each through its own scoped read). */
async function linkTitles(db: Db, access: EngagementAccess, links: { type: LinkType | null; id: string | null }[]) {
  const ids = (t: LinkType) => [...new Set(links.filter((l) => l.type === t && l.id).map((l) => l.id!))];
  const out = new Map<string, string>();
  const phases = ids('phase');
  const decisions = ids('decision');
  const recs = ids('recommendation');
  const [p, d, r] = await Promise.all([
    phases.length ? scoped(db, access, 'phases').select(['id', 'name']).where('id', 'in', phases).execute() : [],
    decisions.length ? scoped(db, access, 'decisions').select(['id', 'number', 'title']).where('id', 'in', decisions).execute() : [],
    recs.length ? scoped(db, access, 'recommendations').select(['id', 'title']).where('id', 'in', recs).execute() : [],
  ]);
  for (const x of p) out.set(`phase:${x.id}`, x.name);
  for (const x of d) out.set(`decision:${x.id}`, `#${x.number} ${x.title}`);
  for (const x of r) out.set(`recommendation:${x.id}`, x.title);
  return (type: LinkType | null, id: string | null) => {
    if (!type || !id) return null;
    const title = out.get(`${type}:${id}`);
    return title === undefined ? null : { type, id, title };
  };
}

const mayEdit = (access: EngagementAccess, e: AgendaEntriesTable) => e.raised_by === access.actor.userId || access.role === 'lead';

async function presentEntries(deps: Deps, access: EngagementAccess, rows: AgendaEntriesTable[]) {
  const [users, link] = await Promise.all([userRefs(deps.db, rows.map((r) => r.raised_by)), linkTitles(deps.db, access, rows.map((r) => ({ type: r.link_type, id: r.link_id })))]);
  return rows.map((e) => ({
    id: e.id,
    kind: e.kind,
    title: e.title,
    details: e.details,
    raisedBy: refOf(users, e.raised_by),
    side: e.side,
    visibility: e.visibility,
    status: e.status,
    link: link(e.link_type, e.link_id),
    lastReviewId: e.last_review_id,
    canEdit: mayEdit(access, e),
    createdAt: e.created_at,
    updatedAt: e.updated_at,
  }));
}

async function presentReviews(deps: Deps, access: EngagementAccess, reviews: AgendaReviewsTable[]) {
  if (reviews.length === 0) return [];
  const outcomes = await scoped(deps.db, access, 'agenda_outcomes as o')
    .innerJoin('agenda_entries as e', 'e.id', 'o.entry_id')
    .select(['o.review_id', 'o.entry_id', 'o.decision', 'o.link_id', 'e.title'])
    .where(
      'o.review_id',
      'in',
      reviews.map((r) => r.id),
    )
    .orderBy('o.id')
    .execute();
  const attendees = reviews.map((r) => JSON.parse(r.attendees) as string[]);
  const [users, link] = await Promise.all([
    userRefs(deps.db, [...reviews.map((r) => r.recorded_by), ...attendees.flat()]),
    linkTitles(deps.db, access, outcomes.map((o) => ({ type: linkTypeOf(o.decision), id: o.link_id }))),
  ]);
  return reviews.map((r, i) => ({
    id: r.id,
    heldOn: r.held_on,
    discussed: r.discussed,
    attendees: attendees[i]!.map((id) => refOf(users, id)),
    outcomes: outcomes
      .filter((o) => o.review_id === r.id)
      .map((o) => ({ entryId: o.entry_id, entryTitle: o.title, decision: o.decision, link: link(linkTypeOf(o.decision), o.link_id) })),
    recordedBy: refOf(users, r.recorded_by),
    createdAt: r.created_at,
  }));
}

const KIND_ORDER = { idea: 0, need: 1, market_change: 2, improvement: 3 } as const;
const STATUS_ORDER = { open: 0, kept: 1, turned_into: 2, dropped: 3 } as const;

/** The agenda: entries by status (on the agenda first) and kind, newest first; and the review schedule. */
export async function listAgenda(deps: Deps, access: EngagementAccess) {
  const [rows, s] = await Promise.all([visibleEntries(deps.db, access).execute(), scheduleOf(deps.db, access)]);
  rows.sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || b.id.localeCompare(a.id));
  const [entries, [lastReview]] = await Promise.all([presentEntries(deps, access, rows), presentReviews(deps, access, s.last ? [s.last] : [])]);
  return {
    entries,
    every: s.every,
    lastReview: lastReview ?? null,
    nextReviewDue: s.due,
    overdue: isReviewOverdue(s.due, isoDate(deps.clock.now())),
    lastTalkedAboutFuture: s.talked,
    daysSince: s.talked ? daysSince(s.talked, deps.clock.now()) : null,
    today: isoDate(deps.clock.now()),
  };
}

/** The overview's signal: when the partnership last talked about the future, and the next review. */
export async function futureSignal(deps: Deps, access: EngagementAccess) {
  const s = await scheduleOf(deps.db, access);
  const now = deps.clock.now();
  return { lastTalkedAboutFuture: s.talked, daysSince: s.talked ? daysSince(s.talked, now) : null, nextReviewDue: s.due, overdue: isReviewOverdue(s.due, isoDate(now)) };
}

export async function getAgendaEntry(deps: Deps, access: EngagementAccess, entryId: string) {
  const e = await visibleEntries(deps.db, access).where('id', '=', entryId).executeTakeFirst();
  if (!e) throw notFound('Agenda entry not found');
  const [out] = await presentEntries(deps, access, [e]);
  return out!;
}

export async function listAgendaReviews(deps: Deps, access: EngagementAccess) {
  const rows = await scoped(deps.db, access, 'agenda_reviews').selectAll().orderBy('held_on', 'desc').orderBy('id', 'desc').execute();
  return presentReviews(deps, access, rows);
}

// ── Writes ──────────────────────────────────────────────────────────────────

/** Who hears of a new entry: the leads of both sides (the audience filter drops client roles for internal ones). */
async function leads(db: Db, access: EngagementAccess) {
  const rows = await scoped(db, access, 'memberships').select('user_id').where('role', 'in', ['lead', 'sponsor']).execute();
  return rows.map((r) => r.user_id).filter((u) => u !== access.actor.userId);
}

const KIND_WORD = { idea: 'an idea', need: 'a need', market_change: 'a market change', improvement: 'an improvement opportunity' } as const;

export async function createAgendaEntry(deps: Deps, access: EngagementAccess, input: CreateAgendaEntryBody) {
  if (input.visibility === 'internal' && !access.canSeeInternal) throw forbidden('Only the provider side can mark content internal');
  const id = newId();
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    const row: AgendaEntriesTable = {
      id,
      engagement_id: access.engagementId,
      kind: input.kind,
      title: input.title,
      details: input.details,
      raised_by: access.actor.userId,
      side: sideOf(access.role as EngagementRole),
      visibility: input.visibility,
      status: 'open',
      link_type: null,
      link_id: null,
      last_review_id: null,
      created_at: now,
      updated_at: now,
    };
    await trx.insertInto('agenda_entries').values(row).execute();
    await appendAudit(trx, deps, {
      chain: access.engagementId,
      actor: access.actor,
      action: 'agenda_entry.raised',
      object: { type: 'agenda_entry', id },
      visibility: input.visibility,
      before: null,
      after: { kind: input.kind, title: input.title, details: input.details, side: row.side, visibility: input.visibility },
    });
    await notify(trx, deps, {
      engagementId: access.engagementId,
      visibility: input.visibility,
      userIds: await leads(trx, access),
      kind: 'agenda.entry_raised',
      title: `On the future agenda: ${input.title}`,
      body: `${access.actor.name} put ${KIND_WORD[input.kind]} on the future agenda: "${input.title}".`,
      link: pageLink(access.engagementId),
    });
    // The first shared entry may be what anchors the schedule: make sure its reminder exists.
    if (input.visibility === 'shared') await scheduleReminder(trx, deps, access.engagementId, (await scheduleOf(trx, access)).due);
  });
  return getAgendaEntry(deps, access, id);
}

export async function updateAgendaEntry(deps: Deps, access: EngagementAccess, entryId: string, patch: UpdateAgendaEntryBody) {
  await deps.db.transaction().execute(async (trx) => {
    const e = await visibleEntries(trx, access).where('id', '=', entryId).executeTakeFirst();
    if (!e) throw notFound('Agenda entry not found');
    if (!mayEdit(access, e)) throw forbidden('Only the author of this entry or the lead may edit it');
    if (patch.visibility === 'internal' && e.visibility === 'shared') throw invalid('visibility', 'a shared entry stays shared: the client has seen it');
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    const set: Partial<AgendaEntriesTable> = {};
    const fields = [
      ['kind', 'kind'],
      ['title', 'title'],
      ['details', 'details'],
      ['visibility', 'visibility'],
    ] as const;
    for (const [key, column] of fields) {
      const v = patch[key];
      if (v === undefined || v === e[column]) continue;
      before[key] = e[column];
      after[key] = v;
      (set as Record<string, unknown>)[column] = v;
    }
    if (Object.keys(set).length === 0) return;
    const now = deps.clock.now().toISOString();
    await trx
      .updateTable('agenda_entries')
      .set({ ...set, updated_at: now })
      .where('id', '=', e.id)
      .execute();
    await appendAudit(trx, deps, {
      chain: access.engagementId,
      actor: access.actor,
      action: 'agenda_entry.updated',
      object: { type: 'agenda_entry', id: e.id },
      visibility: changeVisibility(e, { visibility: (set.visibility ?? e.visibility) as AgendaEntriesTable['visibility'] }),
      before: { ...before, title: e.title },
      after,
    });
  });
  return getAgendaEntry(deps, access, entryId);
}

/** The object a review outcome links to: an existing one of this engagement the reviewer may see; a shared entry links shared objects only. */
async function checkLink(trx: Db, access: EngagementAccess, type: LinkType, id: string, entry: AgendaEntriesTable, field: string) {
  const what = { phase: 'a phase', recommendation: 'a recommendation', decision: 'a decision record' }[type];
  let visibility: 'shared' | 'internal' | undefined;
  if (type === 'phase') {
    visibility = (await scoped(trx, access, 'phases').select('id').where('id', '=', id).executeTakeFirst()) ? 'shared' : undefined;
  } else if (type === 'decision') {
    visibility = (await scoped(trx, access, 'decisions').select('visibility').where('id', '=', id).executeTakeFirst())?.visibility;
  } else {
    visibility = (await scoped(trx, access, 'recommendations').select('visibility').where('id', '=', id).executeTakeFirst())?.visibility;
  }
  if (!visibility) throw invalid(field, `is not ${what} of this engagement`);
  if (entry.visibility === 'shared' && visibility === 'internal') throw invalid(field, `a shared entry cannot be turned into an internal ${type} (the client would not see it)`);
}

/**
 * Records a review of the future agenda: what was discussed, who attended,
 * and a decision per entry. Each entry must be one the reviewer may see and
 * still on the agenda; phase, recommendation and decision outcomes link an
 * existing object of this engagement. Schedules the next reminder.
 */
export async function recordAgendaReview(deps: Deps, access: EngagementAccess, input: RecordAgendaReviewBody) {
  const now = deps.clock.now();
  if (input.heldOn > isoDate(now)) throw invalid('heldOn', 'is in the future: record a review once it has been held');
  const id = newId();
  await deps.db.transaction().execute(async (trx) => {
    const members = await engagementMembers(trx as Kysely<DB>, access);
    const attendees = [...new Set(input.attendees)];
    const stranger = attendees.find((a) => !members.some((m) => m.id === a));
    if (stranger) throw invalid(`attendees.${input.attendees.indexOf(stranger)}`, 'is not a member of this engagement');

    const wanted = [...new Set(input.outcomes.map((o) => o.entryId))];
    const entries = wanted.length ? await visibleEntries(trx, access).where('id', 'in', wanted).execute() : [];
    const byId = new Map(entries.map((e) => [e.id, e]));
    const problem = checkOutcomes(input.outcomes, new Map<string, EntryStatus>(entries.map((e) => [e.id, e.status])));
    if (problem) throw invalid(problem.field, problem.message);
    for (const [i, o] of input.outcomes.entries()) {
      const type = linkTypeOf(o.decision);
      if (!type) continue;
      if (o.newPhase) {
        if (type !== 'phase') throw invalid(`outcomes.${i}.newPhase`, 'is only for turning an entry into a phase');
        if (o.linkId) throw invalid(`outcomes.${i}.newPhase`, 'give either linkId or newPhase, not both');
        if (!can(access.role, 'phase.manage')) throw invalid(`outcomes.${i}.newPhase`, 'only the lead plans phases: link an existing phase instead');
        if (o.newPhase.plannedEnd < o.newPhase.plannedStart) throw invalid(`outcomes.${i}.newPhase.plannedEnd`, 'must be on or after plannedStart');
        // phases are shared with the client: an internal draft's words may not become one by default
        const entry = byId.get(o.entryId)!;
        if (entry.visibility === 'internal' && (!o.newPhase.name || o.newPhase.goal === undefined)) {
          throw invalid(`outcomes.${i}.newPhase.${o.newPhase.name ? 'goal' : 'name'}`, "this entry is internal and phases are shared: give the phase its own name and goal for the client to read");
        }
        continue;
      }
      if (!o.linkId) throw invalid(`outcomes.${i}.linkId`, `is required for "${o.decision}": the id of the ${type} this entry became${type === 'phase' ? ' (or newPhase to plan one)' : ''}`);
      await checkLink(trx, access, type, o.linkId, byId.get(o.entryId)!, `outcomes.${i}.linkId`);
    }
    // New phases planned from entries, in this transaction (their own audit records come from insertPhase).
    const created = new Map<string, string>();
    for (const [i, o] of input.outcomes.entries()) {
      if (!o.newPhase) continue;
      const e = byId.get(o.entryId)!;
      try {
        created.set(e.id, await insertPhase(trx, deps, access, { name: o.newPhase.name ?? e.title, goal: o.newPhase.goal ?? e.details, plannedStart: o.newPhase.plannedStart, plannedEnd: o.newPhase.plannedEnd, exitCriteria: [] }));
      } catch (err) {
        // the phase's own field problems, named inside this outcome
        if (err instanceof AppError && err.details?.length) throw invalid(`outcomes.${i}.newPhase.${err.details[0]!.field}`, err.details[0]!.message);
        throw err;
      }
    }

    const at = now.toISOString();
    const review: AgendaReviewsTable = {
      id,
      engagement_id: access.engagementId,
      held_on: input.heldOn,
      discussed: input.discussed,
      attendees: JSON.stringify(attendees),
      recorded_by: access.actor.userId,
      created_at: at,
    };
    await trx.insertInto('agenda_reviews').values(review).execute();
    const shared: { entryId: string; title: string; decision: string; linkId: string | null }[] = [];
    for (const o of input.outcomes) {
      const e = byId.get(o.entryId)!;
      const type = linkTypeOf(o.decision);
      const outcome: AgendaOutcomesTable = { id: newId(), review_id: id, entry_id: e.id, decision: o.decision, link_id: type ? (created.get(e.id) ?? o.linkId!) : null };
      await trx.insertInto('agenda_outcomes').values(outcome).execute();
      const status = statusAfter(o.decision);
      await trx
        .updateTable('agenda_entries')
        .set({ status, link_type: type, link_id: outcome.link_id, last_review_id: id, updated_at: at })
        .where('id', '=', e.id)
        .execute();
      await appendAudit(trx, deps, {
        chain: access.engagementId,
        actor: access.actor,
        action: 'agenda_entry.decided',
        object: { type: 'agenda_entry', id: e.id },
        visibility: e.visibility,
        before: { status: e.status },
        after: { status, decision: o.decision, link: type ? { type, id: outcome.link_id } : null, reviewId: id, heldOn: input.heldOn, title: e.title },
      });
      if (e.visibility === 'shared') shared.push({ entryId: e.id, title: e.title, decision: o.decision, linkId: outcome.link_id });
    }
    // The review itself is shared: its record names only the shared entries (internal ones have their own internal records).
    await appendAudit(trx, deps, {
      chain: access.engagementId,
      actor: access.actor,
      action: 'agenda_review.recorded',
      object: { type: 'agenda_review', id },
      visibility: 'shared',
      before: null,
      after: { heldOn: input.heldOn, discussed: input.discussed, attendees, decisions: shared.length, outcomes: shared },
    });
    await scheduleReminder(trx, deps, access.engagementId, (await scheduleOf(trx, access)).due);
  });
  const [out] = await presentReviews(deps, access, [await scoped(deps.db, access, 'agenda_reviews').selectAll().where('id', '=', id).executeTakeFirstOrThrow()]);
  return out!;
}

