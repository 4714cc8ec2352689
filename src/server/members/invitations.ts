import { type EngagementRole, invitableRoles, sideOf } from '../../domain/authz/policy';
import { addDays } from '../../domain/time';
import { appendAudit } from '../audit/append';
import type { EngagementAccess } from '../authz/access';
import { hashPassword } from '../auth/passwords';
import { createSession } from '../auth/service';
import type { InvitationsTable } from '../db/schema';
import { newId, newToken, tokenHash } from '../ids';
import type { Actor, Deps } from '../http/context';
import { AppError, conflict, forbidden, invalid, notFound } from '../http/errors';
import { scoped, unscoped } from '../authz/scoped';

function statusOf(i: InvitationsTable, now: string) {
  if (i.accepted_at) return 'accepted' as const;
  if (i.revoked_at) return 'revoked' as const;
  if (i.expires_at <= now) return 'expired' as const;
  return 'pending' as const;
}

async function presentAll(deps: Deps, rows: InvitationsTable[]) {
  const ids = [...new Set(rows.map((r) => r.invited_by))];
  const users = ids.length
    ? await deps.db.selectFrom('users').select(['id', 'name', 'email']).where('id', 'in', ids).execute()
    : [];
  const byId = new Map(users.map((u) => [u.id, u]));
  const now = deps.clock.now().toISOString();
  return rows.map((i) => ({
    id: i.id,
    email: i.email,
    role: i.role,
    invitedBy: byId.get(i.invited_by) ?? { id: i.invited_by, name: 'Unknown', email: '' },
    createdAt: i.created_at,
    expiresAt: i.expires_at,
    status: statusOf(i, now),
  }));
}

export async function listInvitations(deps: Deps, access: EngagementAccess) {
  let q = scoped(deps.db, access, 'invitations').selectAll();
  // The sponsor manages the client side only; provider invitations are the provider's business.
  if (access.side === 'client') q = q.where('role', 'in', ['sponsor', 'stakeholder']);
  return presentAll(deps, await q.orderBy('id', 'desc').execute());
}

/** Invites a person by e-mail; mails the link, or returns it to the inviter when mail is off. */
export async function inviteMember(
  deps: Deps,
  access: EngagementAccess,
  input: { email: string; role: EngagementRole; expiresInDays: number },
) {
  if (!invitableRoles(access.role).includes(input.role)) {
    throw forbidden(`A ${access.role} cannot invite a ${input.role}`);
  }
  const existing = await scoped(deps.db, access, 'memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select('memberships.role')
    .where('users.email', '=', input.email)
    .executeTakeFirst();
  if (existing) throw conflict(`${input.email} is already a member (${existing.role})`, [{ field: 'email', message: 'is already a member' }]);
  await assertSideMatches(deps, access.engagementId, input.email, input.role, 'email');

  const token = newToken();
  const now = deps.clock.now();
  const row: InvitationsTable = {
    id: newId(),
    engagement_id: access.engagementId,
    email: input.email,
    role: input.role,
    token_hash: tokenHash(deps.config.sessionSecret, token),
    invited_by: access.actor.userId,
    created_at: now.toISOString(),
    expires_at: addDays(now, input.expiresInDays).toISOString(),
    accepted_at: null,
    accepted_by: null,
    revoked_at: null,
  };
  const engagement = await scoped(deps.db, access, 'engagements').select('name').executeTakeFirstOrThrow();
  await deps.db.transaction().execute(async (trx) => {
    await trx.insertInto('invitations').values(row).execute();
    await appendAudit(trx, deps, {
      chain: access.engagementId,
      actor: access.actor,
      action: 'invitation.created',
      object: { type: 'invitation', id: row.id },
      visibility: 'shared',
      before: null,
      after: { email: row.email, role: row.role, expiresAt: row.expires_at },
    });
  });
  const link = `${deps.config.publicUrl}/invitations/${encodeURIComponent(token)}`;
  const emailed = await deps.mailer.send({
    to: input.email,
    subject: `${access.actor.name} invites you to "${engagement.name}" on Candor`,
    text: `${access.actor.name} invited you to join the engagement "${engagement.name}" on Candor as ${input.role}.\n\nAccept within ${input.expiresInDays} days: ${link}\n`,
  });
  if (!emailed) deps.log.info({ engagementId: access.engagementId, email: input.email, link }, 'invitation link (no e-mail sent)');
  const [invitation] = await presentAll(deps, [row]);
  return { invitation: invitation!, emailed, link: emailed ? null : link };
}

/** A person of the other side's organization cannot take a role on this side. */
async function assertSideMatches(deps: Deps, engagementId: string, email: string, role: EngagementRole, field: string) {
  const user = await deps.db.selectFrom('users').select(['org_id']).where('email', '=', email).executeTakeFirst();
  if (!user?.org_id) return;
  const e = await unscoped(deps.db, 'the engagement the inviter’s access or a valid invitation token names')
    .selectFrom('engagements')
    .select(['provider_org_id', 'client_org_id'])
    .where('id', '=', engagementId)
    .executeTakeFirstOrThrow();
  const wanted = sideOf(role) === 'provider' ? e.provider_org_id : e.client_org_id;
  if (user.org_id !== wanted) {
    throw invalid(field, `belongs to an organization that is not the ${sideOf(role)} of this engagement`);
  }
}

export async function revokeInvitation(deps: Deps, access: EngagementAccess, invitationId: string) {
  await deps.db.transaction().execute(async (trx) => {
    const i = await scoped(trx, access, 'invitations')
      .selectAll()
      .where('id', '=', invitationId)
      .executeTakeFirst();
    if (!i || (access.side === 'client' && sideOf(i.role) === 'provider')) throw notFound('Invitation not found');
    if (i.accepted_at) throw conflict('This invitation was already accepted');
    if (i.revoked_at) return;
    await trx
      .updateTable('invitations')
      .set({ revoked_at: deps.clock.now().toISOString() })
      .where('id', '=', i.id)
      .execute();
    await appendAudit(trx, deps, {
      chain: access.engagementId,
      actor: access.actor,
      action: 'invitation.revoked',
      object: { type: 'invitation', id: i.id },
      visibility: 'shared',
      before: { email: i.email, role: i.role },
      after: null,
    });
  });
}

async function pendingInvitation(deps: Deps, token: string) {
  const i = await unscoped(deps.db, 'an invitation is found by its secret token: the token is the authorization')
    .selectFrom('invitations')
    .selectAll()
    .where('token_hash', '=', tokenHash(deps.config.sessionSecret, token))
    .executeTakeFirst();
  const now = deps.clock.now().toISOString();
  if (!i || statusOf(i, now) !== 'pending') {
    throw new AppError(404, 'invitation_invalid', 'This invitation link is invalid, expired, revoked or already used');
  }
  return i;
}

/** What the invitation page shows before acceptance: nothing beyond the invitation itself. */
export async function previewInvitation(deps: Deps, token: string) {
  const i = await pendingInvitation(deps, token);
  const e = await unscoped(deps.db, 'the engagement a valid invitation token names')
    .selectFrom('engagements')
    .innerJoin('organizations', 'organizations.id', 'engagements.provider_org_id')
    .select(['engagements.name', 'organizations.name as org_name'])
    .where('engagements.id', '=', i.engagement_id)
    .executeTakeFirstOrThrow();
  const inviter = await deps.db.selectFrom('users').select('name').where('id', '=', i.invited_by).executeTakeFirst();
  const account = await deps.db.selectFrom('users').select('id').where('email', '=', i.email).executeTakeFirst();
  return {
    engagementName: e.name,
    organization: { name: e.org_name, kind: 'provider' as const },
    role: i.role,
    email: i.email,
    invitedBy: inviter?.name ?? 'Someone',
    expiresAt: i.expires_at,
    accountExists: !!account,
  };
}

/**
 * Accepts an invitation. A signed-in person whose e-mail matches joins at
 * once; a new person gives a name and password and gets an account in the
 * organization of their side.
 */
export async function acceptInvitation(
  deps: Deps,
  token: string,
  actor: Actor | null,
  input: { name?: string | undefined; password?: string | undefined },
): Promise<{ engagementId: string; sessionToken: string | null }> {
  const i = await pendingInvitation(deps, token);
  const existing = await deps.db.selectFrom('users').selectAll().where('email', '=', i.email).executeTakeFirst();
  if (existing && (!actor || actor.userId !== existing.id)) {
    throw new AppError(401, 'sign_in_required', `Sign in as ${i.email} to accept this invitation`);
  }
  if (!existing && actor) {
    throw new AppError(409, 'wrong_account', `This invitation is for ${i.email}; sign out to accept it as a new account`);
  }
  if (!existing && (!input.name || !input.password)) {
    const details = [
      ...(input.name ? [] : [{ field: 'name', message: 'is required for a new account' }]),
      ...(input.password ? [] : [{ field: 'password', message: 'is required for a new account' }]),
    ];
    throw new AppError(422, 'invalid_input', 'name and password are required to create your account', details);
  }
  if (existing) await assertSideMatches(deps, i.engagement_id, i.email, i.role, 'invitation');
  const passwordHash = existing ? null : await hashPassword(input.password!);
  const now = deps.clock.now().toISOString();

  const userId = await deps.db.transaction().execute(async (trx) => {
    const claimed = await trx
      .updateTable('invitations')
      .set({ accepted_at: now })
      .where('id', '=', i.id)
      .where('accepted_at', 'is', null)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) throw conflict('This invitation was just used');
    let uid = existing?.id;
    const e = await unscoped(trx, 'the engagement a valid invitation token names')
      .selectFrom('engagements')
      .select(['provider_org_id', 'client_org_id'])
      .where('id', '=', i.engagement_id)
      .executeTakeFirstOrThrow();
    const orgId = sideOf(i.role) === 'provider' ? e.provider_org_id : e.client_org_id;
    if (!uid) {
      uid = newId();
      await trx
        .insertInto('users')
        .values({ id: uid, email: i.email, name: input.name!, password_hash: passwordHash, is_admin: 0, org_id: orgId, created_at: now, disabled_at: null })
        .execute();
    } else if (!existing?.org_id) {
      await trx.updateTable('users').set({ org_id: orgId }).where('id', '=', uid).execute();
    }
    await trx.updateTable('invitations').set({ accepted_by: uid }).where('id', '=', i.id).execute();
    await trx
      .insertInto('memberships')
      .values({ engagement_id: i.engagement_id, user_id: uid, role: i.role, created_at: now })
      .execute();
    const who = existing ?? { name: input.name!, email: i.email };
    await appendAudit(trx, deps, {
      chain: i.engagement_id,
      actor: { userId: uid, name: who.name, email: who.email, isAdmin: false, orgId, via: 'session' },
      action: 'member.joined',
      object: { type: 'user', id: uid },
      visibility: 'shared',
      before: null,
      after: { role: i.role, invitationId: i.id },
    });
    return uid;
  });
  const sessionToken = actor ? null : await createSession(deps, userId);
  return { engagementId: i.engagement_id, sessionToken };
}
