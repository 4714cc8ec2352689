import { addDays, addHours } from '../../domain/time';
import { newId, newToken, tokenHash } from '../ids';
import type { Actor, Deps } from '../http/context';
import { AppError, invalid, notFound, unauthorized } from '../http/errors';
import { appendAudit, INSTANCE_CHAIN } from '../audit/append';
import { prepared } from '../db/prepared';
import { hashPassword, verifyPassword } from './passwords';

export const SESSION_COOKIE = 'candor_session';
const SESSION_DAYS = 30;

export interface MeView {
  id: string;
  email: string;
  name: string;
  isAdmin: boolean;
  org: { id: string; name: string; kind: 'provider' | 'client' } | null;
}

/**
 * Signs in with e-mail and password; returns the session token for the cookie.
 * The token is always new (never one the browser brought: session fixation), and
 * the session the browser's previous cookie named, if any, is ended (ADR 0033).
 */
export async function signIn(
  deps: Deps,
  email: string,
  password: string,
  previousToken?: string,
): Promise<{ token: string; user: MeView }> {
  const user = await deps.db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
  const ok = await verifyPassword(user?.password_hash ?? null, password);
  if (!user || !ok || user.disabled_at) {
    throw new AppError(401, 'invalid_credentials', 'E-mail or password is not right');
  }
  await signOut(deps, previousToken);
  const token = await createSession(deps, user.id);
  return { token, user: await getMe(deps, user.id) };
}

export async function createSession(deps: Deps, userId: string): Promise<string> {
  const token = newToken();
  const now = deps.clock.now();
  await deps.db
    .insertInto('sessions')
    .values({
      id: tokenHash(deps.config.sessionSecret, token),
      user_id: userId,
      created_at: now.toISOString(),
      last_seen_at: now.toISOString(),
      expires_at: addDays(now, SESSION_DAYS).toISOString(),
    })
    .execute();
  return token;
}

export async function signOut(deps: Deps, token: string | undefined): Promise<void> {
  if (!token) return;
  await deps.db.deleteFrom('sessions').where('id', '=', tokenHash(deps.config.sessionSecret, token)).execute();
}

async function actorFromUser(userId: string, deps: Deps, via: Actor['via']): Promise<Actor | null> {
  const u = await deps.db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'is_admin', 'org_id', 'disabled_at'])
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!u || u.disabled_at) return null;
  return { userId: u.id, email: u.email, name: u.name, isAdmin: u.is_admin === 1, orgId: u.org_id, via };
}

/**
 * The session, its user and the user's organization, in one statement compiled
 * once (db/prepared.ts): every signed-in request runs it first.
 */
const sessionLookup = prepared<[string], SessionRow>(1, (db, id) =>
  db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .leftJoin('organizations', 'organizations.id', 'users.org_id')
    .select([
      'sessions.expires_at',
      'sessions.last_seen_at',
      'users.id',
      'users.email',
      'users.name',
      'users.is_admin',
      'users.org_id',
      'users.disabled_at',
      'organizations.name as org_name',
      'organizations.kind as org_kind',
    ])
    .where('sessions.id', '=', id),
);
interface SessionRow {
  expires_at: string;
  last_seen_at: string;
  id: string;
  email: string;
  name: string;
  is_admin: number;
  org_id: string | null;
  disabled_at: string | null;
  org_name: string | null;
  org_kind: 'provider' | 'client' | null;
}

/**
 * Resolves a session cookie token to an actor (one query), sliding its expiry once an hour.
 * The actor carries its organization, so "who am I" needs no second read.
 */
export async function actorFromSession(deps: Deps, token: string): Promise<Actor | null> {
  return actorFromSessionId(deps, tokenHash(deps.config.sessionSecret, token));
}

/** The same, from the session's id (the keyed hash of its token; auth/session-cookie.ts). */
export async function actorFromSessionId(deps: Deps, id: string): Promise<Actor | null> {
  const [s] = await sessionLookup(deps.db, id);
  const now = deps.clock.now();
  if (!s) return null;
  if (s.expires_at <= now.toISOString()) {
    await deps.db.deleteFrom('sessions').where('id', '=', id).execute();
    return null;
  }
  if (s.disabled_at) return null;
  if (addHours(new Date(s.last_seen_at), 1) < now) {
    await deps.db
      .updateTable('sessions')
      .set({ last_seen_at: now.toISOString(), expires_at: addDays(now, SESSION_DAYS).toISOString() })
      .where('id', '=', id)
      .execute();
  }
  const org = s.org_id && s.org_name && s.org_kind ? { id: s.org_id, name: s.org_name, kind: s.org_kind } : null;
  return { userId: s.id, email: s.email, name: s.name, isAdmin: s.is_admin === 1, orgId: s.org_id, via: 'session', org };
}

/** Resolves a Bearer API token to an actor. */
export async function actorFromApiToken(deps: Deps, token: string): Promise<Actor | null> {
  const t = await deps.db
    .selectFrom('api_tokens')
    .selectAll()
    .where('token_hash', '=', tokenHash(deps.config.sessionSecret, token))
    .executeTakeFirst();
  if (!t || t.revoked_at) return null;
  const now = deps.clock.now().toISOString();
  if (!t.last_used_at || t.last_used_at.slice(0, 13) !== now.slice(0, 13)) {
    await deps.db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', t.id).execute();
  }
  return actorFromUser(t.user_id, deps, 'token');
}

/** Who the actor is: from the session lookup when it read the organization already, else one query. */
export async function whoAmI(deps: Deps, actor: Actor): Promise<MeView> {
  if (actor.org === undefined) return getMe(deps, actor.userId);
  return { id: actor.userId, email: actor.email, name: actor.name, isAdmin: actor.isAdmin, org: actor.org };
}

export async function getMe(deps: Deps, userId: string): Promise<MeView> {
  const u = await deps.db
    .selectFrom('users')
    .leftJoin('organizations', 'organizations.id', 'users.org_id')
    .select([
      'users.id',
      'users.email',
      'users.name',
      'users.is_admin',
      'organizations.id as org_id',
      'organizations.name as org_name',
      'organizations.kind as org_kind',
    ])
    .where('users.id', '=', userId)
    .executeTakeFirst();
  if (!u) throw unauthorized();
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    isAdmin: u.is_admin === 1,
    org: u.org_id && u.org_name && u.org_kind ? { id: u.org_id, name: u.org_name, kind: u.org_kind } : null,
  };
}

/**
 * Changes the actor's password: every other session of the user ends, the current one
 * is kept, and outstanding reset links are used up. API tokens and calendar feeds are
 * kept: the person proved the current password, and those are named credentials of
 * scripts they revoke one by one (ADR 0033).
 */
export async function changePassword(deps: Deps, actor: Actor, current: string, next: string, keepToken?: string) {
  const user = await deps.db.selectFrom('users').selectAll().where('id', '=', actor.userId).executeTakeFirstOrThrow();
  if (!(await verifyPassword(user.password_hash, current))) {
    throw invalid('currentPassword', 'is not your current password');
  }
  const passwordHash = await hashPassword(next);
  await deps.db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', actor.userId).execute();
    let q = trx.deleteFrom('sessions').where('user_id', '=', actor.userId);
    if (keepToken) q = q.where('id', '!=', tokenHash(deps.config.sessionSecret, keepToken));
    await q.execute();
    await trx.updateTable('password_resets').set({ used_at: deps.clock.now().toISOString() }).where('user_id', '=', actor.userId).where('used_at', 'is', null).execute();
    await appendAudit(trx, deps, {
      chain: INSTANCE_CHAIN,
      actor,
      action: 'user.password_changed',
      object: { type: 'user', id: actor.userId },
      visibility: 'internal',
      before: null,
      after: null,
    });
  });
}

/** Creates a one-time password-reset link for a user (valid 2 hours); the user's older links stop working. */
export async function createResetLink(deps: Deps, userId: string, hours = 2): Promise<string> {
  const token = newToken();
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    await trx.updateTable('password_resets').set({ used_at: now.toISOString() }).where('user_id', '=', userId).where('used_at', 'is', null).execute();
    await trx
      .insertInto('password_resets')
      .values({
        id: newId(),
        user_id: userId,
        token_hash: tokenHash(deps.config.sessionSecret, token),
        created_at: now.toISOString(),
        expires_at: addHours(now, hours).toISOString(),
        used_at: null,
      })
      .execute();
  });
  return `${deps.config.publicUrl}/reset-password?token=${encodeURIComponent(token)}`;
}

/** Starts a reset: mails a link when the account exists. Says nothing either way. */
export async function requestPasswordReset(deps: Deps, email: string): Promise<void> {
  const user = await deps.db.selectFrom('users').select(['id', 'disabled_at']).where('email', '=', email).executeTakeFirst();
  if (!user || user.disabled_at) return;
  const link = await createResetLink(deps, user.id);
  const sent = await deps.mailer.send({
    to: email,
    subject: 'Reset your Candor password',
    text: `Someone asked to reset the password of your Candor account.\n\nSet a new password within 2 hours: ${link}\n\nIf it was not you, ignore this e-mail.`,
  });
  if (!sent) deps.log.warn({ email, link }, 'password reset link (no e-mail sent)');
}

/**
 * Completes a reset: sets the password, uses the link up, and ends everything that
 * authenticates as the user: every session, API token and calendar feed. Whoever holds
 * the mailbox may not be whoever held the account, so nothing they made survives (ADR 0033).
 */
export async function resetPassword(deps: Deps, token: string, newPassword: string): Promise<void> {
  const now = deps.clock.now().toISOString();
  const row = await deps.db
    .selectFrom('password_resets')
    .selectAll()
    .where('token_hash', '=', tokenHash(deps.config.sessionSecret, token))
    .executeTakeFirst();
  if (!row || row.used_at || row.expires_at <= now) {
    throw new AppError(400, 'invalid_token', 'This reset link is invalid or has expired; ask for a new one');
  }
  const passwordHash = await hashPassword(newPassword);
  await deps.db.transaction().execute(async (trx) => {
    const used = await trx
      .updateTable('password_resets')
      .set({ used_at: now })
      .where('id', '=', row.id)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    if (Number(used.numUpdatedRows) !== 1) throw new AppError(400, 'invalid_token', 'This reset link was already used');
    await trx.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', row.user_id).execute();
    const sessions = await trx.deleteFrom('sessions').where('user_id', '=', row.user_id).executeTakeFirst();
    const tokens = await trx.updateTable('api_tokens').set({ revoked_at: now }).where('user_id', '=', row.user_id).where('revoked_at', 'is', null).executeTakeFirst();
    const feeds = await trx.updateTable('calendar_feeds').set({ revoked_at: now }).where('user_id', '=', row.user_id).where('revoked_at', 'is', null).executeTakeFirst();
    await trx.updateTable('password_resets').set({ used_at: now }).where('user_id', '=', row.user_id).where('used_at', 'is', null).execute();
    await appendAudit(trx, deps, {
      chain: INSTANCE_CHAIN,
      actor: null,
      action: 'user.password_reset',
      object: { type: 'user', id: row.user_id },
      visibility: 'internal',
      before: null,
      after: {
        sessionsEnded: Number(sessions.numDeletedRows),
        apiTokensRevoked: Number(tokens.numUpdatedRows),
        calendarFeedsRevoked: Number(feeds.numUpdatedRows),
      },
    });
  });
}

export async function listTokens(deps: Deps, actor: Actor) {
  const rows = await deps.db
    .selectFrom('api_tokens')
    .selectAll()
    .where('user_id', '=', actor.userId)
    .orderBy('id', 'desc')
    .execute();
  return rows.map(presentToken);
}

export function presentToken(t: {
  id: string;
  name: string;
  prefix: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}) {
  return {
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    createdAt: t.created_at,
    lastUsedAt: t.last_used_at,
    revokedAt: t.revoked_at,
  };
}

/** Creates an API token; the secret is returned once and stored only as a keyed hash. */
export async function createApiToken(deps: Deps, actor: Actor, name: string) {
  const secret = `cnd_${newToken()}`;
  const row = {
    id: newId(),
    user_id: actor.userId,
    name,
    token_hash: tokenHash(deps.config.sessionSecret, secret),
    prefix: secret.slice(0, 10),
    created_at: deps.clock.now().toISOString(),
    last_used_at: null,
    revoked_at: null,
  };
  await deps.db.transaction().execute(async (trx) => {
    await trx.insertInto('api_tokens').values(row).execute();
    await appendAudit(trx, deps, {
      chain: INSTANCE_CHAIN,
      actor,
      action: 'api_token.created',
      object: { type: 'api_token', id: row.id },
      visibility: 'internal',
      before: null,
      after: { name, prefix: row.prefix },
    });
  });
  return { token: presentToken(row), secret };
}

export async function revokeApiToken(deps: Deps, actor: Actor, tokenId: string) {
  await deps.db.transaction().execute(async (trx) => {
    const t = await trx
      .selectFrom('api_tokens')
      .selectAll()
      .where('id', '=', tokenId)
      .where('user_id', '=', actor.userId)
      .executeTakeFirst();
    if (!t) throw notFound('No such token');
    if (t.revoked_at) return;
    await trx
      .updateTable('api_tokens')
      .set({ revoked_at: deps.clock.now().toISOString() })
      .where('id', '=', tokenId)
      .execute();
    await appendAudit(trx, deps, {
      chain: INSTANCE_CHAIN,
      actor,
      action: 'api_token.revoked',
      object: { type: 'api_token', id: tokenId },
      visibility: 'internal',
      before: { name: t.name, prefix: t.prefix },
      after: null,
    });
  });
}
