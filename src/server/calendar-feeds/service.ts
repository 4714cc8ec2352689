/**
 * iCalendar feeds (issue 16, ADR 0025). A person makes secret feed URLs and
 * revokes them; the feed is read without a session, by the token alone, and
 * carries the dates of every engagement the person is a member of — each read
 * through the pages' own use cases with an access built for the person's role
 * there, so a client's feed has exactly what the client's pages have.
 */
import { type ChangeCounts, type EngagementDates, engagementEvents, type FeedEvent, renderCalendar } from '../../domain/feeds/calendar';
import { listAgenda, listAgendaReviews } from '../agenda/service';
import { appendAudit, INSTANCE_CHAIN } from '../audit/append';
import { accessFor, type EngagementAccess } from '../authz/access';
import { scoped } from '../authz/scoped';
import { listCommitments } from '../commitments/service';
import { listPhases } from '../delivery/phases';
import { listEngagements } from '../engagements/service';
import { listGateReviews } from '../gates/service';
import { listDecisions } from '../governance/decisions';
import { listRaid } from '../governance/raid';
import type { Actor, Deps } from '../http/context';
import { notFound } from '../http/errors';
import { newId, newToken, tokenHash } from '../ids';
import { listStatusUpdates } from '../status/service';

const NOT_FOUND = 'No such calendar feed';

export const feedUrl = (deps: Deps, token: string) => `${deps.config.publicUrl}/api/v1/calendar/${token}.ics`;

function presentFeed(r: { id: string; name: string; created_at: string; last_used_at: string | null; revoked_at: string | null }) {
  return { id: r.id, name: r.name, createdAt: r.created_at, lastUsedAt: r.last_used_at, revokedAt: r.revoked_at };
}

/** A new secret feed URL for the actor (shown once: only its keyed hash is kept). */
export async function createCalendarFeed(deps: Deps, actor: Actor, name: string) {
  const token = newToken(); // 32 random bytes, base64url
  const row = { id: newId(), user_id: actor.userId, name, token_hash: tokenHash(deps.config.sessionSecret, token), created_at: deps.clock.now().toISOString(), last_used_at: null, revoked_at: null };
  await deps.db.transaction().execute(async (trx) => {
    await trx.insertInto('calendar_feeds').values(row).execute();
    await appendAudit(trx, deps, { chain: INSTANCE_CHAIN, actor, action: 'calendar_feed.created', object: { type: 'calendar_feed', id: row.id }, visibility: 'internal', before: null, after: { name } });
  });
  return { id: row.id, url: feedUrl(deps, token), feed: presentFeed(row) };
}

/** The actor's own feeds, newest first, without their secrets. */
export async function listCalendarFeeds(deps: Deps, actor: Actor) {
  const rows = await deps.db.selectFrom('calendar_feeds').selectAll().where('user_id', '=', actor.userId).orderBy('id', 'desc').execute();
  return rows.map(presentFeed);
}

/** Revokes one of the actor's feeds; another person's feed is 404 (its existence is not told). Revoking twice is harmless. */
export async function revokeCalendarFeed(deps: Deps, actor: Actor, feedId: string) {
  await deps.db.transaction().execute(async (trx) => {
    const f = await trx.selectFrom('calendar_feeds').selectAll().where('id', '=', feedId).where('user_id', '=', actor.userId).executeTakeFirst();
    if (!f) throw notFound(NOT_FOUND);
    if (f.revoked_at) return;
    await trx.updateTable('calendar_feeds').set({ revoked_at: deps.clock.now().toISOString() }).where('id', '=', f.id).execute();
    await appendAudit(trx, deps, { chain: INSTANCE_CHAIN, actor, action: 'calendar_feed.revoked', object: { type: 'calendar_feed', id: f.id }, visibility: 'internal', before: { name: f.name }, after: null });
  });
}

/** The person behind a live feed token, or 404 (unknown, revoked, or the person disabled). */
async function feedOwner(deps: Deps, token: string): Promise<{ actor: Actor; feedId: string }> {
  const f = await deps.db
    .selectFrom('calendar_feeds as f')
    .innerJoin('users as u', 'u.id', 'f.user_id')
    .select(['f.id', 'f.revoked_at', 'f.last_used_at', 'u.id as user_id', 'u.email', 'u.name', 'u.is_admin', 'u.org_id', 'u.disabled_at'])
    .where('f.token_hash', '=', tokenHash(deps.config.sessionSecret, token))
    .executeTakeFirst();
  if (!f || f.revoked_at || f.disabled_at) throw notFound(NOT_FOUND);
  return { feedId: f.id, actor: { userId: f.user_id, email: f.email, name: f.name, isAdmin: f.is_admin === 1, orgId: f.org_id, via: 'token' } };
}

/** Objects whose history gives a feed event its SEQUENCE. */
const SEQUENCED = ['phase', 'gate_review', 'commitment', 'decision', 'dependency', 'agenda_review'];

/** How many audit records the reader may see for each dated object of the engagement. */
async function changeCounts(deps: Deps, access: EngagementAccess): Promise<ChangeCounts> {
  const rows = await scoped(deps.db, access, 'audit_log')
    .select((eb) => ['object_id', eb.fn.countAll().as('n')])
    .where('object_type', 'in', SEQUENCED)
    .groupBy('object_id')
    .execute();
  return new Map(rows.map((r) => [r.object_id, Number(r.n)]));
}

/** One engagement's dated facts as the reader's pages show them. */
async function engagementDates(deps: Deps, actor: Actor, e: { id: string; name: string; myRole: Parameters<typeof accessFor>[2] }): Promise<EngagementDates> {
  const as = (action: Parameters<typeof accessFor>[3]) => accessFor(actor, e.id, e.myRole, action);
  const [phases, gates, commitments, decisions, dependencies, status, agenda, reviews] = await Promise.all([
    listPhases(deps, as('delivery.read')),
    listGateReviews(deps, as('gate.read')),
    listCommitments(deps, as('commitment.read'), {}),
    listDecisions(deps, as('decision.read')),
    listRaid(deps, as('raid.read'), { type: 'dependency' }),
    listStatusUpdates(deps, as('status.read')),
    listAgenda(deps, as('agenda.read')),
    listAgendaReviews(deps, as('agenda.read')),
  ]);
  const dueDates = [...status.updates.map((u) => u.dueDate), ...status.schedule.lateDueDates, status.schedule.nextDueDate].filter((d): d is string => !!d);
  return {
    engagement: { id: e.id, name: e.name },
    phases: phases.phases.map((p) => ({ id: p.id, name: p.name, plannedStart: p.plannedStart, plannedEnd: p.plannedEnd, status: p.status })),
    gateReviews: gates.reviews.map((g) => ({ id: g.id, phaseName: g.phase.name, answersDueOn: g.answersDueOn, status: g.status, revisitOn: g.decision?.revisitOn ?? null })),
    commitments: commitments.map((c) => ({ id: c.id, title: c.title, side: c.side, dueDate: c.dueDate, status: c.status })),
    decisions: decisions.map((d) => ({ id: d.id, number: d.number, title: d.title, dueDate: d.dueDate, status: d.status, decider: d.decider })),
    dependencies: dependencies.map((r) => ({ id: r.id, title: r.title, neededBy: r.neededBy, neededFrom: r.neededFrom, status: r.status })),
    statusUpdates: { dueDates, cadence: status.schedule.cadence },
    agenda: { nextReviewDue: agenda.nextReviewDue, every: agenda.every, reviews: reviews.map((r) => ({ id: r.id, heldOn: r.heldOn })) },
  };
}

/** The events of every engagement the actor is a member of, as the actor may see them. */
export async function feedEvents(deps: Deps, actor: Actor): Promise<FeedEvent[]> {
  const host = new URL(deps.config.publicUrl).host;
  const engagements = await listEngagements(deps, actor);
  const perEngagement = await Promise.all(
    engagements.map(async (e) => {
      const [dates, counts] = await Promise.all([engagementDates(deps, actor, e), changeCounts(deps, accessFor(actor, e.id, e.myRole, 'audit.read'))]);
      return engagementEvents(dates, counts, { host, webUrl: deps.config.publicUrl });
    }),
  );
  return perEngagement.flat().sort((a, b) => (a.date === b.date ? a.uid.localeCompare(b.uid) : a.date.localeCompare(b.date)));
}

/** The feed behind a secret token, as RFC 5545 text; 404 for an unknown or revoked token. */
export async function calendarFeed(deps: Deps, token: string): Promise<string> {
  const { actor, feedId } = await feedOwner(deps, token);
  const now = deps.clock.now();
  const text = renderCalendar(await feedEvents(deps, actor), { name: `Candor: ${actor.name}`, now });
  await deps.db.updateTable('calendar_feeds').set({ last_used_at: now.toISOString() }).where('id', '=', feedId).execute();
  return text;
}
