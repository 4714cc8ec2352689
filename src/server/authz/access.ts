import type { Kysely } from 'kysely';
import {
  type Action,
  can,
  type EngagementRole,
  type Side,
  sideOf,
  type Visibility,
  visibleVisibilities,
} from '../../domain/authz/policy';
import { prepared } from '../db/prepared';
import type { DB } from '../db/schema';
import type { Actor } from '../http/context';
import { forbidden, notFound } from '../http/errors';

declare const accessBrand: unique symbol;

/**
 * Proof that an actor may act inside one engagement, with the visibilities
 * they may read. Only `authorizeEngagement` makes one, and every repository
 * function that reads or writes engagement content takes one: a read path
 * that skipped the policy layer does not typecheck.
 */
export interface EngagementAccess {
  readonly [accessBrand]: true;
  readonly engagementId: string;
  readonly actor: Actor;
  readonly role: EngagementRole;
  readonly side: Side;
  readonly visibilities: readonly Visibility[];
  readonly canSeeInternal: boolean;
}

const NOT_FOUND = 'Engagement not found';

/**
 * The one gate into an engagement. Non-members (the instance admin included)
 * get 404, never 403, so existence is not confirmed. Members lacking the
 * action get 403 with the reason.
 */
export async function authorizeEngagement(
  db: Kysely<DB>,
  actor: Actor,
  engagementId: string,
  action: Action,
): Promise<EngagementAccess> {
  const [m] = await membershipOf(db, engagementId, actor.userId);
  if (!m) throw notFound(NOT_FOUND);
  return accessFor(actor, engagementId, m.role, action);
}

/** The membership lookup every engagement request makes, compiled once (db/prepared.ts). */
const membershipOf = prepared<[string, string], { role: EngagementRole }>(2, (db, engagementId, userId) =>
  db.selectFrom('memberships').select('role').where('engagement_id', '=', engagementId).where('user_id', '=', userId),
);

/** Builds the access object for a known membership (used for lists of engagements). */
export function accessFor(actor: Actor, engagementId: string, role: EngagementRole, action: Action): EngagementAccess {
  if (!can(role, action)) throw forbidden(`Your role (${role}) may not do this: ${action}`);
  const visibilities = visibleVisibilities(role);
  return {
    engagementId,
    actor,
    role,
    side: sideOf(role),
    visibilities,
    canSeeInternal: visibilities.includes('internal'),
  } as unknown as EngagementAccess;
}

/** Whether the access may read an object of this visibility (detail reads). */
export function mayRead(access: EngagementAccess, visibility: Visibility): boolean {
  return access.visibilities.includes(visibility);
}

/**
 * Who may receive news of an object: the members whose role may read its
 * visibility. E-mail, live notifications, digests and webhooks ask here.
 */
export async function audienceFor(
  db: Kysely<DB>,
  engagementId: string,
  visibility: Visibility,
): Promise<{ userId: string; email: string; name: string; role: EngagementRole }[]> {
  const rows = await db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['users.id as userId', 'users.email', 'users.name', 'memberships.role'])
    .where('memberships.engagement_id', '=', engagementId)
    .where('users.disabled_at', 'is', null)
    .execute();
  return rows.filter((r) => visibleVisibilities(r.role).includes(visibility));
}
