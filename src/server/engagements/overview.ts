import { EngagementOverview } from '../../contracts/engagements';
import { futureSignal } from '../agenda/service';
import { INSTANCE_CHAIN } from '../audit/append';
import { recentActivity } from '../audit/service';
import type { FastifyRequest } from 'fastify';
import type { EngagementRole } from '../../domain/authz/policy';
import { accessFor, type EngagementAccess } from '../authz/access';
import { unscoped } from '../authz/scoped';
import { charterSummary } from '../charter/service';
import { prepared } from '../db/prepared';
import { openDecisionsSummary } from '../governance/decisions';
import type { Deps } from '../http/context';
import { notFound } from '../http/errors';
import { requireActor } from '../http/plumbing';
import { countNotes } from '../notes/service';
import { trustHeadline } from '../trust/service';
import { getEngagement, listMembers, listOutcomes } from './service';

/**
 * The engagement overview: the first page everyone opens (ADR 0034).
 *
 * Everything on it is engagement content, and every write of engagement
 * content appends to the engagement's audit chain in its own transaction
 * (ADR 0003); the names and organizations of people are written with a record
 * on the instance chain. So the two chain heads are the overview's version:
 * the answer, as the reader's role, visibility and person may see it, is kept
 * as the JSON text the response schema shaped, keyed by both heads and the
 * quarter-hour. A write in any process moves a head, so a stale answer is
 * never served; the quarter-hour carries what only the calendar changes
 * ("overdue", "days since", the trust index's day). Every time zone's midnight
 * falls on a quarter-hour.
 */
export async function engagementOverview(deps: Deps, req: FastifyRequest, engagementId: string): Promise<string> {
  const actor = requireActor(req);
  // the gate and the version in one round trip: the membership decides exactly as in authorizeEngagement
  const [row] = await gateWithHeads(deps.db, engagementId, actor.userId, INSTANCE_CHAIN);
  if (!row) throw notFound('Engagement not found');
  const access = accessFor(actor, engagementId, row.role, 'engagement.read');
  const quarter = Math.floor(deps.clock.now().getTime() / QUARTER_HOUR);
  const key = [engagementId, row.engagement_seq ?? 0, row.instance_seq ?? 0, actor.userId, access.role, access.visibilities.join(','), quarter].join('|');
  const cache = cacheOf(deps);
  const hit = cache.get(key);
  if (hit !== undefined) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const json = JSON.stringify(EngagementOverview.parse(await computeOverview(deps, access)));
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
  cache.set(key, json);
  return json;
}

/** The overview computed from the pages' own reads. */
export async function computeOverview(deps: Deps, access: EngagementAccess) {
  const [engagement, outcomes, charter, members, activity, counts, pendingDecisions, future, trust] = await Promise.all([
    getEngagement(deps, access),
    listOutcomes(deps, access),
    charterSummary(deps, access),
    listMembers(deps, access),
    recentActivity(deps, access, 10),
    countNotes(deps, access),
    openDecisionsSummary(deps, access),
    futureSignal(deps, access),
    trustHeadline(deps, access),
  ]);
  return { engagement, outcomes, charter, members, recentActivity: activity, counts, pendingDecisions, future, trust };
}

const QUARTER_HOUR = 15 * 60_000;
const MAX_ENTRIES = 512;
const caches = new WeakMap<object, Map<string, string>>();
function cacheOf(deps: Deps): Map<string, string> {
  let c = caches.get(deps.db);
  if (!c) {
    c = new Map();
    caches.set(deps.db, c);
  }
  return c;
}

const gateWithHeads = prepared<[string, string, string], { role: EngagementRole; engagement_seq: number | null; instance_seq: number | null }>(
  3,
  (db, engagementId, userId, instance) =>
    unscoped(db, 'the overview gate: the membership decides (as in authorizeEngagement), read with the heads of its two chains')
      .selectFrom('memberships as m')
      .select((eb) => [
        'm.role',
        eb.selectFrom('audit_heads as e').select('e.seq').whereRef('e.chain_id', '=', 'm.engagement_id').as('engagement_seq'),
        eb.selectFrom('audit_heads as i').select('i.seq').where('i.chain_id', '=', instance).as('instance_seq'),
      ])
      .where('m.engagement_id', '=', engagementId)
      .where('m.user_id', '=', userId),
);
