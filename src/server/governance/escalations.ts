import type { Transaction } from 'kysely';
import { allowedActs, climbDecision, type Level, levelDeadline, mayActOnLevel } from '../../domain/governance/escalation';
import { CLOSED_STATUSES, isOverdue } from '../../domain/governance/raid';
import { isDecisionOverdue } from '../../domain/governance/decisions';
import { isoDate } from '../../domain/time';
import { appendAudit } from '../audit/append';
import { type EngagementAccess, mayRead } from '../authz/access';
import { agreedCharterBody } from '../charter/service';
import type { DB, EscalationEventsTable, EscalationsTable } from '../db/schema';
import { refOrNull, userRefs } from '../db/users';
import type { Actor, Deps } from '../http/context';
import { conflict, forbidden, invalid, notFound } from '../http/errors';
import { newId } from '../ids';
import { enqueue, type JobHandlers } from '../jobs/queue';
import { notify } from '../notify/notify';
import { scoped, unscoped } from '../authz/scoped';

const visibleEscalations = (deps: Deps, access: EngagementAccess) =>
  scoped(deps.db, access, 'escalations').selectAll();

async function presentAll(deps: Deps, access: EngagementAccess, rows: EscalationsTable[]) {
  if (rows.length === 0) return [];
  const events = await scoped(deps.db, access, 'escalation_events')
    .selectAll()
    .where('escalation_id', 'in', rows.map((r) => r.id))
    .orderBy('at')
    .orderBy('id')
    .execute();
  const users = await userRefs(deps.db, [...rows.map((r) => r.raised_by), ...events.map((e) => e.actor_id)]);
  const titles = await subjectTitles(deps, access, rows);
  return rows.map((e) => {
    const ladder = JSON.parse(e.ladder) as Level[];
    const current = ladder.find((l) => l.level === e.level) ?? null;
    const acts = allowedActs(e.status, mayActOnLevel(current ?? undefined, { userId: access.actor.userId, role: access.role }), e.raised_by === access.actor.userId);
    return {
      id: e.id,
      subject: { type: e.subject_type, id: e.subject_id, title: e.subject_id ? (titles.get(e.subject_id) ?? null) : null },
      title: e.title,
      description: e.description,
      visibility: e.visibility,
      level: e.level,
      current,
      deadline: e.status === 'open' && current ? levelDeadline(e.level_started_at, current).toISOString() : null,
      ladder,
      status: e.status,
      outcome: e.outcome,
      raisedBy: refOrNull(users, e.raised_by),
      createdAt: e.created_at,
      canAct: acts.resolve,
      canAcknowledge: acts.acknowledge,
      canResolve: acts.resolve,
      canDeescalate: acts.deescalate,
      events: events
        .filter((ev) => ev.escalation_id === e.id)
        .map((ev) => ({ at: ev.at, kind: ev.kind as 'raised', level: ev.level, actor: refOrNull(users, ev.actor_id), note: ev.note })),
    };
  });
}

/** Titles of the escalated items, only as far as the reader may see them. */
async function subjectTitles(deps: Deps, access: EngagementAccess, rows: EscalationsTable[]) {
  const ids = rows.map((r) => r.subject_id).filter((x): x is string => !!x);
  const out = new Map<string, string>();
  if (ids.length === 0) return out;
  const raid = await scoped(deps.db, access, 'raid_items').select(['id', 'title']).where('id', 'in', ids).execute();
  const decisions = await scoped(deps.db, access, 'decisions').select(['id', 'title']).where('id', 'in', ids).execute();
  for (const r of [...raid, ...decisions]) out.set(r.id, r.title);
  const updates = await scoped(deps.db, access, 'status_updates').select(['id', 'published_at']).where('id', 'in', ids).execute();
  for (const u of updates) out.set(u.id, `Status update of ${(u.published_at ?? '').slice(0, 10)}`);
  return out;
}

export async function listEscalations(deps: Deps, access: EngagementAccess) {
  return presentAll(deps, access, await visibleEscalations(deps, access).orderBy('id', 'desc').execute());
}

export async function getEscalation(deps: Deps, access: EngagementAccess, escalationId: string) {
  const e = await visibleEscalations(deps, access).where('id', '=', escalationId).executeTakeFirst();
  if (!e) throw notFound('Escalation not found');
  const [out] = await presentAll(deps, access, [e]);
  return out!;
}

async function addEvent(trx: Transaction<DB>, ev: Omit<EscalationEventsTable, 'id'>) {
  await trx.insertInto('escalation_events').values({ id: newId(), ...ev }).execute();
}

async function scheduleClimb(trx: Transaction<DB>, deps: Pick<Deps, 'clock'>, e: { id: string; level_started_at: string }, level: Level) {
  await enqueue(trx, deps, 'escalation.climb', { escalationId: e.id, level: level.level }, {
    runAt: levelDeadline(e.level_started_at, level),
    uniqueKey: `escalation:${e.id}:level:${level.level}:${e.level_started_at}`,
  });
}

export interface RaiseInput {
  subjectType: EscalationsTable['subject_type'];
  subjectId?: string | undefined;
  title?: string | undefined;
  description: string;
  visibility: 'shared' | 'internal';
}

/**
 * Raises an escalation at the first level of the agreed charter's ladder.
 * An issue must be open; a decision or dependency must be overdue; a concern
 * needs a title. Escalations of internal items are internal.
 */
export async function raiseEscalation(deps: Deps, access: EngagementAccess, input: RaiseInput) {
  if (!mayRead(access, input.visibility)) throw forbidden('Only the provider side can mark content internal');
  const charter = await agreedCharterBody(deps.db, access);
  const ladder: Level[] = (charter?.escalation ?? []).map((l, i) => ({ level: i + 1, person: l.person, userId: l.userId, responseHours: l.responseHours }));
  if (ladder.length === 0) throw invalid('subjectType', 'cannot be escalated: the agreed charter has no escalation ladder');
  const now = deps.clock.now();
  let title = input.title;
  let visibility = input.visibility;
  if (input.subjectType === 'concern') {
    if (!title) throw invalid('title', 'is required for a concern');
  } else {
    if (!input.subjectId) throw invalid('subjectId', `is required to escalate a ${input.subjectType}`);
    if (input.subjectType === 'decision') {
      const d = await scoped(deps.db, access, 'decisions')
        .selectAll()
        .where('id', '=', input.subjectId)
        .executeTakeFirst();
      if (!d) throw invalid('subjectId', 'is not a decision of this engagement');
      if (d.status !== 'proposed') throw invalid('subjectId', `is a decision already ${d.status}: it is closed`);
      if (!isDecisionOverdue({ status: d.status, dueDate: d.due_date }, now)) throw invalid('subjectId', `is not overdue yet (due ${d.due_date})`);
      title ??= `Overdue decision: ${d.title}`;
      if (d.visibility === 'internal') visibility = 'internal';
    } else {
      const r = await scoped(deps.db, access, 'raid_items')
        .selectAll()
        .where('id', '=', input.subjectId)
        .executeTakeFirst();
      if (!r || r.type !== input.subjectType) throw invalid('subjectId', `is not a ${input.subjectType} of this engagement`);
      if (CLOSED_STATUSES.has(r.status)) throw invalid('subjectId', `is ${r.status}: a closed item cannot be escalated`);
      if (r.type === 'dependency' && !isOverdue({ neededBy: r.needed_by, status: r.status }, isoDate(now))) {
        throw invalid('subjectId', `is not overdue yet (needed by ${r.needed_by})`);
      }
      title ??= `${r.type === 'issue' ? 'Issue' : 'Overdue dependency'}: ${r.title}`;
      if (r.visibility === 'internal') visibility = 'internal';
    }
  }
  const id = newId();
  const row: EscalationsTable = {
    id,
    engagement_id: access.engagementId,
    subject_type: input.subjectType,
    subject_id: input.subjectId ?? null,
    title: title!,
    description: input.description,
    visibility,
    ladder: JSON.stringify(ladder),
    level: 1,
    level_started_at: now.toISOString(),
    status: 'open',
    outcome: null,
    raised_by: access.actor.userId,
    created_at: now.toISOString(),
    updated_at: now.toISOString(),
  };
  await deps.db.transaction().execute(async (trx) => {
    await trx.insertInto('escalations').values(row).execute();
    await addEvent(trx, { escalation_id: id, at: row.created_at, kind: 'raised', level: 1, actor_id: access.actor.userId, note: input.description });
    await appendAudit(trx, deps, {
      chain: access.engagementId,
      actor: access.actor,
      action: 'escalation.raised',
      object: { type: 'escalation', id },
      visibility,
      before: null,
      after: { subjectType: row.subject_type, subjectId: row.subject_id, title: row.title, level: 1, person: ladder[0]!.person },
    });
    await notify(trx, deps, {
      engagementId: access.engagementId,
      visibility,
      userIds: [ladder[0]!.userId],
      kind: 'escalation.raised',
      title: `Escalated to you: ${row.title}`,
      body: `${access.actor.name} escalated "${row.title}". Please acknowledge within ${ladder[0]!.responseHours} hours, or it goes to ${ladder[1]?.person ?? 'nobody higher (top of the ladder)'}.`,
      link: `/engagements/${access.engagementId}/escalations/${id}`,
    });
    await scheduleClimb(trx, deps, row, ladder[0]!);
  });
  return getEscalation(deps, access, id);
}

/**
 * Raised by Candor itself, not by a person (raised_by null, shown as
 * "Candor"): a status update at risk that no client acknowledged (issue 12).
 * In the caller's transaction, at the first level of the given ladder.
 */
export async function raiseByCandor(
  trx: Transaction<DB>,
  deps: Deps,
  input: { engagementId: string; ladder: Level[]; subjectType: 'status_update'; subjectId: string; title: string; description: string; visibility: 'shared' | 'internal'; link: string },
): Promise<string | null> {
  const first = input.ladder[0];
  if (!first) return null;
  const now = deps.clock.now().toISOString();
  const id = newId();
  const row: EscalationsTable = {
    id,
    engagement_id: input.engagementId,
    subject_type: input.subjectType,
    subject_id: input.subjectId,
    title: input.title,
    description: input.description,
    visibility: input.visibility,
    ladder: JSON.stringify(input.ladder),
    level: 1,
    level_started_at: now,
    status: 'open',
    outcome: null,
    raised_by: null,
    created_at: now,
    updated_at: now,
  };
  await trx.insertInto('escalations').values(row).execute();
  await addEvent(trx, { escalation_id: id, at: now, kind: 'raised', level: 1, actor_id: null, note: input.description });
  await appendAudit(trx, deps, {
    chain: input.engagementId,
    actor: null,
    action: 'escalation.raised',
    object: { type: 'escalation', id },
    visibility: input.visibility,
    before: null,
    after: { subjectType: row.subject_type, subjectId: row.subject_id, title: row.title, level: 1, person: first.person, raisedBy: 'Candor' },
  });
  await notify(trx, deps, {
    engagementId: input.engagementId,
    visibility: input.visibility,
    userIds: [first.userId],
    kind: 'escalation.raised',
    title: `Escalated to you by Candor: ${row.title}`,
    body: `${input.description} Please acknowledge within ${first.responseHours} hours, or it goes to ${input.ladder[1]?.person ?? 'nobody higher (top of the ladder)'}.`,
    link: `/engagements/${input.engagementId}/escalations/${id}`,
  });
  await scheduleClimb(trx, deps, row, first);
  return id;
}

type Act = 'acknowledge' | 'resolve' | 'deescalate';

/** Acknowledge (stops the climb), resolve with an outcome, or de-escalate one level (closing it at level 1). */
export async function actOnEscalation(deps: Deps, access: EngagementAccess, escalationId: string, act: Act, note: string) {
  await deps.db.transaction().execute(async (trx) => {
    const e = await scoped(trx, access, 'escalations')
      .selectAll()
      .where('id', '=', escalationId)
      .executeTakeFirst();
    if (!e) throw notFound('Escalation not found');
    if (e.status === 'resolved' || e.status === 'deescalated') throw conflict(`This escalation is already ${e.status}`);
    const ladder = JSON.parse(e.ladder) as Level[];
    const current = ladder.find((l) => l.level === e.level);
    const isRaiser = e.raised_by === access.actor.userId;
    const onLevel = mayActOnLevel(current, { userId: access.actor.userId, role: access.role });
    if (act === 'deescalate' ? !(onLevel || isRaiser) : !onLevel) {
      throw forbidden(`Only ${current?.person ?? 'the current level'}${act === 'deescalate' ? ' or whoever raised it' : ''} can ${act} at level ${e.level}`);
    }
    if (act === 'acknowledge' && e.status !== 'open') throw conflict('This escalation is already acknowledged');
    const now = deps.clock.now().toISOString();
    let set: Partial<EscalationsTable>;
    let kind: string;
    if (act === 'acknowledge') {
      set = { status: 'acknowledged' };
      kind = 'acknowledged';
    } else if (act === 'resolve') {
      set = { status: 'resolved', outcome: note };
      kind = 'resolved';
    } else if (e.level > 1) {
      set = { level: e.level - 1, level_started_at: now, status: 'open' };
      kind = 'deescalated';
    } else {
      set = { status: 'deescalated', outcome: note || 'Withdrawn' };
      kind = 'deescalated';
    }
    await trx.updateTable('escalations').set({ ...set, updated_at: now }).where('id', '=', e.id).execute();
    const level = set.level ?? e.level;
    await addEvent(trx, { escalation_id: e.id, at: now, kind, level, actor_id: access.actor.userId, note });
    await appendAudit(trx, deps, {
      chain: access.engagementId,
      actor: access.actor,
      action: `escalation.${kind}`,
      object: { type: 'escalation', id: e.id },
      visibility: e.visibility,
      before: { status: e.status, level: e.level },
      after: { status: set.status ?? e.status, level, note, title: e.title },
    });
    if (set.level && set.status === 'open') {
      const back = ladder.find((l) => l.level === set.level);
      if (back) await scheduleClimb(trx, deps, { id: e.id, level_started_at: now }, back);
    }
    await notify(trx, deps, {
      engagementId: access.engagementId,
      visibility: e.visibility,
      userIds: [e.raised_by !== access.actor.userId ? e.raised_by : null, current?.userId !== access.actor.userId ? current?.userId : null],
      kind: `escalation.${kind}`,
      title: `Escalation ${kind}: ${e.title}`,
      body: `${access.actor.name} ${kind} the escalation "${e.title}"${note ? `: ${note}` : ''}.`,
      link: `/engagements/${access.engagementId}/escalations/${e.id}`,
    });
  });
  return getEscalation(deps, access, escalationId);
}

const SYSTEM: Actor | null = null;

/**
 * The scheduled check at a level's deadline: if nobody acknowledged, climb to
 * the next level and tell both that level and whoever raised it. Idempotent:
 * an escalation acknowledged or moved since is left alone.
 */
export async function climbIfUnanswered(deps: Deps, escalationId: string, checkedLevel: number): Promise<string> {
  return deps.db.transaction().execute(async (trx) => {
    let q = unscoped(trx, 'the climbing job re-reads the escalation').selectFrom('escalations').selectAll().where('id', '=', escalationId);
    if (deps.dialect === 'postgres') q = q.forUpdate();
    const e = await q.executeTakeFirst();
    if (!e) return 'gone';
    const ladder = JSON.parse(e.ladder) as Level[];
    const decision = climbDecision({ status: e.status, level: e.level }, ladder, checkedLevel);
    if (decision.kind === 'none') return decision.reason;
    // the deadline may have been reset by a de-escalation: only act when it has really passed
    const current = ladder.find((l) => l.level === e.level)!;
    if (levelDeadline(e.level_started_at, current) > deps.clock.now()) return 'not due yet';
    const now = deps.clock.now().toISOString();
    const link = `/engagements/${e.engagement_id}/escalations/${e.id}`;
    if (decision.kind === 'top') {
      const already = await unscoped(trx, 'the climbing job checks its own earlier events').selectFrom('escalation_events').select('id').where('escalation_id', '=', e.id).where('kind', '=', 'top_reached').executeTakeFirst();
      if (already) return 'top already reported';
      await addEvent(trx, { escalation_id: e.id, at: now, kind: 'top_reached', level: e.level, actor_id: null, note: `${decision.at.person} did not acknowledge within ${decision.at.responseHours} h; there is no higher level.` });
      const leads = await unscoped(trx, 'recipients (a job); notify() filters by visibility').selectFrom('memberships').select('user_id').where('engagement_id', '=', e.engagement_id).where('role', 'in', ['lead', 'sponsor']).execute();
      await notify(trx, deps, {
        engagementId: e.engagement_id,
        visibility: e.visibility,
        userIds: [e.raised_by, ...leads.map((l) => l.user_id)],
        kind: 'escalation.top_reached',
        title: `Unanswered at the top of the ladder: ${e.title}`,
        body: `Nobody acknowledged "${e.title}" at the last level (${decision.at.person}).`,
        link,
      });
      await appendAudit(trx, deps, { chain: e.engagement_id, actor: SYSTEM, action: 'escalation.top_reached', object: { type: 'escalation', id: e.id }, visibility: e.visibility, before: { level: e.level }, after: { level: e.level, title: e.title } });
      return 'top reached';
    }
    const to = decision.to;
    await trx.updateTable('escalations').set({ level: to.level, level_started_at: now, updated_at: now }).where('id', '=', e.id).execute();
    await addEvent(trx, { escalation_id: e.id, at: now, kind: 'climbed', level: to.level, actor_id: null, note: `${current.person} did not acknowledge within ${current.responseHours} h.` });
    await appendAudit(trx, deps, { chain: e.engagement_id, actor: SYSTEM, action: 'escalation.climbed', object: { type: 'escalation', id: e.id }, visibility: e.visibility, before: { level: e.level }, after: { level: to.level, person: to.person, title: e.title } });
    await notify(trx, deps, {
      engagementId: e.engagement_id,
      visibility: e.visibility,
      userIds: [to.userId, e.raised_by],
      kind: 'escalation.climbed',
      title: `Escalation climbed to level ${to.level}: ${e.title}`,
      body: `"${e.title}" was not acknowledged by ${current.person} within ${current.responseHours} h and now rests with ${to.person}. Please acknowledge within ${to.responseHours} h.`,
      link,
    });
    await scheduleClimb(trx, deps, { id: e.id, level_started_at: now }, to);
    return `climbed to ${to.level}`;
  });
}

export async function countOpenEscalations(deps: Deps, access: EngagementAccess) {
  const r = await visibleEscalations(deps, access).where('status', 'in', ['open', 'acknowledged']).execute();
  return r.length;
}

/** Overdue detection and reminders for decisions and dependencies. All re-check state when they run. */
export const governanceJobs: JobHandlers = {
  'escalation.climb': async (deps, p) => {
    await climbIfUnanswered(deps, String(p.escalationId), Number(p.level));
  },
  'decision.reminder': async (deps, p) => {
    await decisionNotice(deps, String(p.decisionId), 'reminder');
  },
  'decision.overdue': async (deps, p) => {
    await decisionNotice(deps, String(p.decisionId), 'overdue');
  },
  'dependency.overdue': async (deps, p) => {
    const r = await unscoped(deps.db, 'the overdue-dependency job re-reads its item').selectFrom('raid_items').selectAll().where('id', '=', String(p.itemId)).executeTakeFirst();
    if (!r || !isOverdue({ neededBy: r.needed_by, status: r.status }, isoDate(deps.clock.now()))) return;
    const leads = await unscoped(deps.db, 'recipients (a job); notify() filters by visibility').selectFrom('memberships').select('user_id').where('engagement_id', '=', r.engagement_id).where('role', 'in', ['lead', 'sponsor']).execute();
    await deps.db.transaction().execute((trx) =>
      notify(trx, deps, {
        engagementId: r.engagement_id,
        visibility: r.visibility,
        userIds: [r.created_by, ...leads.map((l) => l.user_id)],
        kind: 'dependency.overdue',
        title: `Overdue: ${r.title}`,
        body: `"${r.title}" was needed from the ${r.needed_from === 'third_party' ? 'third party' : r.needed_from} by ${r.needed_by} and has not been delivered.`,
        link: `/engagements/${r.engagement_id}/raid/${r.id}`,
      }),
    );
  },
};

async function decisionNotice(deps: Deps, decisionId: string, what: 'reminder' | 'overdue') {
  const d = await unscoped(deps.db, 'the decision reminder job re-reads its decision').selectFrom('decisions').selectAll().where('id', '=', decisionId).executeTakeFirst();
  if (d?.status !== 'proposed') return;
  if (what === 'overdue' && !isDecisionOverdue({ status: d.status, dueDate: d.due_date }, deps.clock.now())) return;
  await deps.db.transaction().execute((trx) =>
    notify(trx, deps, {
      engagementId: d.engagement_id,
      visibility: d.visibility,
      userIds: what === 'overdue' ? [d.decider_user_id, d.created_by] : [d.decider_user_id],
      kind: `decision.${what}`,
      title: what === 'overdue' ? `Overdue decision: ${d.title}` : `Decision due tomorrow: ${d.title}`,
      body: what === 'overdue' ? `"${d.title}" was due ${d.due_date} and is still open. Anyone on the engagement may now escalate it.` : `"${d.title}" is due ${d.due_date}.`,
      link: `/engagements/${d.engagement_id}/decisions/${d.id}`,
    }),
  );
}
