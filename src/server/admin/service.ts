import { appendAudit, INSTANCE_CHAIN } from '../audit/append';
import { unscoped } from '../authz/scoped';
import { createResetLink } from '../auth/service';
import { newId } from '../ids';
import type { Actor, Deps } from '../http/context';
import { conflict, forbidden, invalid, notFound } from '../http/errors';

/** Instance administration: organizations and users. Never engagement content. */
export function requireAdmin(actor: Actor): void {
  if (!actor.isAdmin) throw forbidden('Only an instance admin can do this');
}

export async function listOrganizations(deps: Deps) {
  const rows = await deps.db
    .selectFrom('organizations as o')
    .leftJoin('users as u', 'u.org_id', 'o.id')
    .select(['o.id', 'o.name', 'o.kind', 'o.created_at', (eb) => eb.fn.count<number>('u.id').as('users')])
    .groupBy(['o.id', 'o.name', 'o.kind', 'o.created_at'])
    .orderBy('o.name')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, kind: r.kind, createdAt: r.created_at, users: Number(r.users) }));
}

export async function createOrganization(deps: Deps, actor: Actor, input: { name: string; kind: 'provider' | 'client' }) {
  const row = { id: newId(), name: input.name, kind: input.kind, created_at: deps.clock.now().toISOString() };
  await deps.db.transaction().execute(async (trx) => {
    const dup = await trx.selectFrom('organizations').select('id').where('name', '=', input.name).executeTakeFirst();
    if (dup) throw conflict(`An organization named "${input.name}" exists`, [{ field: 'name', message: 'is taken' }]);
    await trx.insertInto('organizations').values(row).execute();
    await appendAudit(trx, deps, {
      chain: INSTANCE_CHAIN,
      actor,
      action: 'organization.created',
      object: { type: 'organization', id: row.id },
      visibility: 'internal',
      before: null,
      after: input,
    });
  });
  return { id: row.id, name: row.name, kind: row.kind, createdAt: row.created_at, users: 0 };
}

export async function renameOrganization(deps: Deps, actor: Actor, orgId: string, name: string) {
  await deps.db.transaction().execute(async (trx) => {
    const o = await trx.selectFrom('organizations').selectAll().where('id', '=', orgId).executeTakeFirst();
    if (!o) throw notFound('Organization not found');
    await trx.updateTable('organizations').set({ name }).where('id', '=', orgId).execute();
    await appendAudit(trx, deps, {
      chain: INSTANCE_CHAIN,
      actor,
      action: 'organization.renamed',
      object: { type: 'organization', id: orgId },
      visibility: 'internal',
      before: { name: o.name },
      after: { name },
    });
  });
  const all = await listOrganizations(deps);
  return all.find((o) => o.id === orgId)!;
}

async function userView(deps: Deps, userId?: string) {
  let q = deps.db
    .selectFrom('users as u')
    .leftJoin('organizations as o', 'o.id', 'u.org_id')
    .select([
      'u.id',
      'u.email',
      'u.name',
      'u.is_admin',
      'u.created_at',
      'u.disabled_at',
      'o.id as org_id',
      'o.name as org_name',
      'o.kind as org_kind',
      (eb) =>
        unscoped(eb, 'the admin counts each user’s memberships')
          .selectFrom('memberships as m')
          .select(eb.fn.countAll<number>().as('n'))
          .whereRef('m.user_id', '=', 'u.id')
          .as('engagements'),
    ]);
  if (userId) q = q.where('u.id', '=', userId);
  const rows = await q.orderBy('u.email').execute();
  return rows.map((r) => ({
    id: r.id,
    email: r.email,
    name: r.name,
    isAdmin: r.is_admin === 1,
    org: r.org_id && r.org_name && r.org_kind ? { id: r.org_id, name: r.org_name, kind: r.org_kind } : null,
    createdAt: r.created_at,
    disabled: r.disabled_at !== null,
    engagements: Number(r.engagements ?? 0),
  }));
}

export const listUsers = (deps: Deps) => userView(deps);

/** Creates an account without a password and sends (or shows) a set-password link. */
export async function createUser(
  deps: Deps,
  actor: Actor,
  input: { email: string; name: string; orgId: string | null; isAdmin: boolean },
) {
  const id = newId();
  await deps.db.transaction().execute(async (trx) => {
    const dup = await trx.selectFrom('users').select('id').where('email', '=', input.email).executeTakeFirst();
    if (dup) throw conflict(`${input.email} already has an account`, [{ field: 'email', message: 'is taken' }]);
    if (input.orgId) {
      const o = await trx.selectFrom('organizations').select('id').where('id', '=', input.orgId).executeTakeFirst();
      if (!o) throw invalid('orgId', 'is not an organization');
    }
    await trx
      .insertInto('users')
      .values({
        id,
        email: input.email,
        name: input.name,
        password_hash: null,
        is_admin: input.isAdmin ? 1 : 0,
        org_id: input.orgId,
        created_at: deps.clock.now().toISOString(),
        disabled_at: null,
      })
      .execute();
    await appendAudit(trx, deps, {
      chain: INSTANCE_CHAIN,
      actor,
      action: 'user.created',
      object: { type: 'user', id },
      visibility: 'internal',
      before: null,
      after: input,
    });
  });
  const link = await createResetLink(deps, id, 72);
  const emailed = await deps.mailer.send({
    to: input.email,
    subject: 'Your Candor account',
    text: `${actor.name} created a Candor account for you.\n\nSet your password within 3 days: ${link}\n`,
  });
  const [user] = await userView(deps, id);
  return { user: user!, emailed, link: emailed ? null : link };
}

export async function updateUser(
  deps: Deps,
  actor: Actor,
  userId: string,
  patch: { name?: string | undefined; orgId?: string | null | undefined; isAdmin?: boolean | undefined; disabled?: boolean | undefined },
) {
  if (userId === actor.userId && (patch.isAdmin === false || patch.disabled === true)) {
    throw conflict('You cannot remove your own admin rights or disable yourself');
  }
  await deps.db.transaction().execute(async (trx) => {
    const u = await trx.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
    if (!u) throw notFound('User not found');
    if (patch.orgId) {
      const o = await trx.selectFrom('organizations').select('id').where('id', '=', patch.orgId).executeTakeFirst();
      if (!o) throw invalid('orgId', 'is not an organization');
    }
    const set = {
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.orgId !== undefined ? { org_id: patch.orgId } : {}),
      ...(patch.isAdmin !== undefined ? { is_admin: patch.isAdmin ? 1 : 0 } : {}),
      ...(patch.disabled !== undefined ? { disabled_at: patch.disabled ? deps.clock.now().toISOString() : null } : {}),
    };
    if (Object.keys(set).length === 0) return;
    await trx.updateTable('users').set(set).where('id', '=', userId).execute();
    if (patch.disabled) await trx.deleteFrom('sessions').where('user_id', '=', userId).execute();
    await appendAudit(trx, deps, {
      chain: INSTANCE_CHAIN,
      actor,
      action: 'user.updated',
      object: { type: 'user', id: userId },
      visibility: 'internal',
      before: { name: u.name, orgId: u.org_id, isAdmin: u.is_admin === 1, disabled: u.disabled_at !== null },
      after: patch,
    });
  });
  const [user] = await userView(deps, userId);
  return user!;
}

/** Makes a password-reset link for a user (mailed, or shown to the admin). */
export async function adminResetLink(deps: Deps, userId: string) {
  const u = await deps.db.selectFrom('users').select(['id', 'email']).where('id', '=', userId).executeTakeFirst();
  if (!u) throw notFound('User not found');
  const link = await createResetLink(deps, u.id, 24);
  const emailed = await deps.mailer.send({
    to: u.email,
    subject: 'Set a new Candor password',
    text: `An administrator started a password reset for your Candor account.\n\nSet a new password within 24 hours: ${link}\n`,
  });
  return { emailed, link: emailed ? null : link };
}
