import type { SelectQueryBuilder } from 'kysely';
import { type EngagementRole, sideOf } from '../../domain/authz/policy';
import { outcomeProgress } from '../../domain/charter/outcomes';
import { appendAudit } from '../audit/append';
import { type EngagementAccess, accessFor, authorizeEngagement } from '../authz/access';
import type { DB, OutcomesTable } from '../db/schema';
import { newId } from '../ids';
import type { Actor, Deps } from '../http/context';
import { AppError, forbidden, invalid, notFound } from '../http/errors';
import { scoped, scopedDelete, unscoped } from '../authz/scoped';

/** Engagement rows with their organizations, from a base that already says which engagements (scoped, or an actor's memberships). */
function engagementRows(base: SelectQueryBuilder<DB & { e: DB['engagements'] }, 'e', {}>) {
  return base
    .innerJoin('organizations as p', 'p.id', 'e.provider_org_id')
    .innerJoin('organizations as c', 'c.id', 'e.client_org_id')
    .select([
      'e.id',
      'e.name',
      'e.summary',
      'e.status',
      'e.created_at',
      'p.id as p_id',
      'p.name as p_name',
      'c.id as c_id',
      'c.name as c_name',
    ]);
}
type EngagementRow = Awaited<ReturnType<ReturnType<typeof engagementRows>['executeTakeFirstOrThrow']>>;

function presentEngagement(r: EngagementRow, role: EngagementRole) {
  return {
    id: r.id,
    name: r.name,
    summary: r.summary,
    status: r.status,
    provider: { id: r.p_id, name: r.p_name, kind: 'provider' as const },
    client: { id: r.c_id, name: r.c_name, kind: 'client' as const },
    myRole: role,
    mySide: sideOf(role),
    createdAt: r.created_at,
  };
}

/** The engagements the actor is a member of. Admins see only their own memberships too. */
export async function listEngagements(deps: Deps, actor: Actor) {
  const rows = await engagementRows(unscoped(deps.db, 'the actor’s own memberships (joined here) decide which engagements').selectFrom('engagements as e'))
    .innerJoin('memberships as m', 'm.engagement_id', 'e.id')
    .select('m.role')
    .where('m.user_id', '=', actor.userId)
    .orderBy('e.status', 'asc')
    .orderBy('e.name', 'asc')
    .execute();
  return rows.map((r) => presentEngagement(r, accessFor(actor, r.id, r.role, 'engagement.read').role));
}

export async function getEngagement(deps: Deps, access: EngagementAccess) {
  const r = await engagementRows(scoped(deps.db, access, 'engagements as e')).executeTakeFirst();
  if (!r) throw notFound('Engagement not found');
  return presentEngagement(r, access.role);
}

export interface CreateEngagementInput {
  name: string;
  summary: string;
  clientOrgId?: string | undefined;
  clientOrgName?: string | undefined;
  providerOrgId?: string | undefined;
}

/**
 * Creates an engagement between a provider and a client organization; the
 * creator becomes its lead. Provider-organization users and admins may create.
 */
export async function createEngagement(deps: Deps, actor: Actor, input: CreateEngagementInput) {
  const now = deps.clock.now().toISOString();
  return deps.db.transaction().execute(async (trx) => {
    const actorOrg = actor.orgId
      ? await trx.selectFrom('organizations').selectAll().where('id', '=', actor.orgId).executeTakeFirst()
      : undefined;
    let providerOrgId = input.providerOrgId ?? (actorOrg?.kind === 'provider' ? actorOrg.id : undefined);
    if (!actor.isAdmin) {
      if (actorOrg?.kind !== 'provider') throw forbidden('Only people of a provider organization can start an engagement');
      if (input.providerOrgId && input.providerOrgId !== actorOrg.id) {
        throw invalid('providerOrgId', 'must be your own organization');
      }
      providerOrgId = actorOrg.id;
    }
    if (!providerOrgId) throw invalid('providerOrgId', 'is required: you belong to no provider organization');
    const provider = await trx.selectFrom('organizations').selectAll().where('id', '=', providerOrgId).executeTakeFirst();
    if (provider?.kind !== 'provider') throw invalid('providerOrgId', 'is not a provider organization');

    let clientOrgId = input.clientOrgId;
    if (clientOrgId) {
      const client = await trx.selectFrom('organizations').selectAll().where('id', '=', clientOrgId).executeTakeFirst();
      if (client?.kind !== 'client') throw invalid('clientOrgId', 'is not a client organization');
    } else if (input.clientOrgName) {
      clientOrgId = newId();
      await trx
        .insertInto('organizations')
        .values({ id: clientOrgId, name: input.clientOrgName, kind: 'client', created_at: now })
        .execute();
    } else {
      throw new AppError(422, 'invalid_input', 'clientOrgId or clientOrgName is required', [
        { field: 'clientOrgId', message: 'give an existing client organization, or clientOrgName for a new one' },
      ]);
    }

    const id = newId();
    const row = {
      id,
      name: input.name,
      summary: input.summary,
      provider_org_id: providerOrgId,
      client_org_id: clientOrgId,
      status: 'active' as const,
      created_by: actor.userId,
      created_at: now,
      updated_at: now,
    };
    await trx.insertInto('engagements').values(row).execute();
    await trx.insertInto('memberships').values({ engagement_id: id, user_id: actor.userId, role: 'lead', created_at: now }).execute();
    await appendAudit(trx, deps, {
      chain: id,
      actor,
      action: 'engagement.created',
      object: { type: 'engagement', id },
      visibility: 'shared',
      before: null,
      after: { name: row.name, summary: row.summary, providerOrgId, clientOrgId, lead: actor.userId },
    });
    const created = await engagementRows(unscoped(trx, 'the engagement this use case just created').selectFrom('engagements as e'))
      .where('e.id', '=', id)
      .executeTakeFirstOrThrow();
    return presentEngagement(created, 'lead');
  });
}

export async function updateEngagement(
  deps: Deps,
  access: EngagementAccess,
  patch: { name?: string | undefined; summary?: string | undefined; status?: 'active' | 'closed' | undefined },
) {
  await deps.db.transaction().execute(async (trx) => {
    const before = await scoped(trx, access, 'engagements').selectAll().executeTakeFirstOrThrow();
    const changes = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    if (Object.keys(changes).length === 0) return;
    await trx
      .updateTable('engagements')
      .set({ ...changes, updated_at: deps.clock.now().toISOString() })
      .where('id', '=', access.engagementId)
      .execute();
    await appendAudit(trx, deps, {
      chain: access.engagementId,
      actor: access.actor,
      action: 'engagement.updated',
      object: { type: 'engagement', id: access.engagementId },
      visibility: 'shared',
      before: Object.fromEntries(Object.keys(changes).map((k) => [k, before[k as keyof typeof before]])),
      after: changes,
    });
  });
  return getEngagement(deps, access);
}

export function presentOutcome(o: OutcomesTable) {
  return {
    id: o.id,
    title: o.title,
    indicator: o.indicator,
    unit: o.unit,
    baseline: o.baseline,
    target: o.target,
    current: o.current,
    dueDate: o.due_date,
    progress: outcomeProgress(o.baseline, o.target, o.current),
    updatedAt: o.updated_at,
  };
}

export async function listOutcomes(deps: Deps, access: EngagementAccess) {
  const rows = await scoped(deps.db, access, 'outcomes')
    .selectAll()
    .where('archived', '=', 0)
    .orderBy('position')
    .execute();
  return rows.map(presentOutcome);
}

/** Records a new measurement of an outcome's indicator. */
export async function measureOutcome(deps: Deps, access: EngagementAccess, outcomeId: string, current: number) {
  return deps.db.transaction().execute(async (trx) => {
    const o = await scoped(trx, access, 'outcomes')
      .selectAll()
      .where('id', '=', outcomeId)
      .executeTakeFirst();
    if (!o || o.archived) throw notFound('Outcome not found');
    const now = deps.clock.now().toISOString();
    await trx.updateTable('outcomes').set({ current, updated_at: now }).where('id', '=', o.id).execute();
    await appendAudit(trx, deps, {
      chain: access.engagementId,
      actor: access.actor,
      action: 'outcome.measured',
      object: { type: 'outcome', id: o.id },
      visibility: 'shared',
      before: { current: o.current },
      after: { current, title: o.title },
    });
    return presentOutcome({ ...o, current, updated_at: now });
  });
}

export async function listMembers(deps: Deps, access: EngagementAccess) {
  const rows = await scoped(deps.db, access, 'memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id', 'u.name', 'u.email', 'm.role', 'm.created_at'])
    .orderBy('m.created_at')
    .execute();
  return rows.map((r) => ({
    user: { id: r.id, name: r.name, email: r.email },
    role: r.role,
    side: sideOf(r.role),
    joinedAt: r.created_at,
  }));
}

/** Removes a member; the last lead cannot be removed. */
export async function removeMember(deps: Deps, access: EngagementAccess, userId: string) {
  await deps.db.transaction().execute(async (trx) => {
    const m = await scoped(trx, access, 'memberships')
      .selectAll()
      .where('user_id', '=', userId)
      .executeTakeFirst();
    if (!m) throw notFound('Member not found');
    if (m.role === 'lead') {
      const leads = await scoped(trx, access, 'memberships')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('role', '=', 'lead')
        .executeTakeFirstOrThrow();
      if (Number(leads.n) <= 1) throw new AppError(409, 'conflict', 'An engagement needs at least one lead');
    }
    await scopedDelete(trx, access, 'memberships').where('user_id', '=', userId).execute();
    await appendAudit(trx, deps, {
      chain: access.engagementId,
      actor: access.actor,
      action: 'member.removed',
      object: { type: 'user', id: userId },
      visibility: 'shared',
      before: { role: m.role },
      after: null,
    });
  });
}

export { authorizeEngagement };

/** Adds an existing user to an engagement directly (seed, CLI); people normally join by invitation. */
export async function addMember(deps: Deps, access: EngagementAccess, userId: string, role: EngagementRole) {
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('memberships')
      .values({ engagement_id: access.engagementId, user_id: userId, role, created_at: deps.clock.now().toISOString() })
      .execute();
    const user = await trx.selectFrom('users').select('name').where('id', '=', userId).executeTakeFirst();
    await appendAudit(trx, deps, {
      chain: access.engagementId,
      actor: access.actor,
      action: 'member.added',
      object: { type: 'user', id: userId },
      visibility: 'shared',
      before: null,
      after: { role, name: user?.name ?? '' }, // the name lets the activity say who joined
    });
  });
}
