import { type Kysely, sql, type Transaction } from 'kysely';
import type { FastifyRequest } from 'fastify';
import type { Action } from '../../domain/authz/policy';
import { accessFor, type EngagementAccess } from '../authz/access';
import { scoped, unscoped } from '../authz/scoped';
import type { DB, DeliverySettingsTable } from '../db/schema';
import type { Deps } from '../http/context';
import { scheduleSnapshot } from '../forecast/snapshots';
import { AppError, notFound } from '../http/errors';
import { requireActor } from '../http/plumbing';

export type Db = Kysely<DB> | Transaction<DB>;

export const DEFAULT_SETTINGS = (engagementId: string, now: string): DeliverySettingsTable => ({
  engagement_id: engagementId,
  start_date: null,
  end_date: null,
  budget_hours: null,
  budget_amount: null,
  currency: 'EUR',
  alert_thresholds: '[75,90]',
  client_time_view: 'entries',
  rates_shared: 0,
  version: 0,
  updated_at: now,
});

/** The engagement's delivery settings (defaults when never set). One indexed read; its `version` keys the caches. */
export async function loadSettings(db: Db, access: EngagementAccess): Promise<DeliverySettingsTable> {
  const row = await scoped(db, access, 'delivery_settings').selectAll().executeTakeFirst();
  return row ?? DEFAULT_SETTINGS(access.engagementId, new Date(0).toISOString());
}

const prefetched = new WeakMap<EngagementAccess, DeliverySettingsTable>();

/**
 * The engagement gate for delivery routes, reading the delivery settings in
 * the same round trip. Membership decides exactly as in `authorizeEngagement`
 * (404 for a non-member, then the policy table through `accessFor`); the
 * settings row read with it is this request's (see `settingsOf`), so the hot
 * cached reads cost two indexed queries per request (session, membership with
 * settings) instead of three. Nothing is kept beyond the request.
 */
export async function authorizeDelivery(deps: Deps, req: FastifyRequest, engagementId: string, action: Action): Promise<EngagementAccess> {
  const actor = requireActor(req);
  const row = await unscoped(deps.db, 'the delivery gate itself: the membership decides, as in authorizeEngagement')
    .selectFrom('memberships as m')
    .leftJoin('delivery_settings as s', 's.engagement_id', 'm.engagement_id')
    .select([
      'm.role',
      's.engagement_id as s_engagement_id',
      's.start_date',
      's.end_date',
      's.budget_hours',
      's.budget_amount',
      's.currency',
      's.alert_thresholds',
      's.client_time_view',
      's.rates_shared',
      's.version',
      's.updated_at',
    ])
    .where('m.engagement_id', '=', engagementId)
    .where('m.user_id', '=', actor.userId)
    .executeTakeFirst();
  if (!row) throw notFound('Engagement not found');
  const access = accessFor(actor, engagementId, row.role, action);
  const { role: _role, s_engagement_id, ...s } = row;
  prefetched.set(access, s_engagement_id == null ? DEFAULT_SETTINGS(engagementId, new Date(0).toISOString()) : ({ ...s, engagement_id: s_engagement_id } as DeliverySettingsTable));
  return access;
}

/** The settings for a read: those `authorizeDelivery` read with the membership in this request, else one indexed read. Not for use inside a write's transaction. */
export async function settingsOf(deps: Deps, access: EngagementAccess): Promise<DeliverySettingsTable> {
  return prefetched.get(access) ?? loadSettings(deps.db, access);
}

/**
 * Marks a delivery write: bumps the engagement's delivery version inside the
 * write's transaction (creating the settings row on first use), so every
 * process's read caches see the change. On PostgreSQL the row lock also
 * serializes concurrent delivery writes of one engagement, like the audit head.
 */
export async function touch(trx: Transaction<DB>, engagementId: string, now: string): Promise<void> {
  await bumpVersion(trx, engagementId, now);
  // Active engagements get a stored forecast each week (one job per engagement and week).
  await scheduleSnapshot(trx, new Date(now), engagementId);
}

/**
 * Bumps the delivery version only: for writes that change what the delivery reads' caches hold without being
 * delivery work (a stored forecast enters the forecast's track record), so they schedule no snapshot.
 */
export async function bumpVersion(trx: Transaction<DB>, engagementId: string, now: string): Promise<void> {
  await trx
    .insertInto('delivery_settings')
    .values({ ...DEFAULT_SETTINGS(engagementId, now), version: 1 })
    .onConflict((oc) => oc.column('engagement_id').doUpdateSet({ version: sql`delivery_settings.version + 1`, updated_at: now }))
    .execute();
}

export const presentSettings = (s: DeliverySettingsTable) => ({
  startDate: s.start_date,
  endDate: s.end_date,
  clientTimeView: s.client_time_view,
  ratesShared: s.rates_shared === 1,
  budget: {
    hours: s.budget_hours,
    amount: s.budget_amount,
    currency: s.currency,
    alertThresholds: JSON.parse(s.alert_thresholds) as number[],
  },
});

/**
 * A small per-database cache of computed reads, keyed by engagement, delivery
 * version, what the caller may see and the day. A write anywhere (any
 * process) bumps the version, so a stale entry is never served.
 */
const caches = new WeakMap<object, Map<string, unknown>>();
const MAX_ENTRIES = 256;

export async function cached<T>(deps: Deps, key: string, compute: () => Promise<T>): Promise<T> {
  let cache = caches.get(deps.db);
  if (!cache) {
    cache = new Map();
    caches.set(deps.db, cache);
  }
  if (cache.has(key)) {
    const v = cache.get(key) as T;
    cache.delete(key);
    cache.set(key, v);
    return v;
  }
  const v = await compute();
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
  cache.set(key, v);
  return v;
}

/**
 * A cached read kept as its serialized JSON: the value is shaped by the
 * route's response schema once (stripping undeclared fields, as the
 * serializer would) and later hits skip serialization entirely.
 */
export async function cachedJson(deps: Deps, key: string, schema: { parse: (v: unknown) => unknown }, compute: () => Promise<unknown>): Promise<string> {
  return cached(deps, `${key}|json`, async () => JSON.stringify(schema.parse(await compute())));
}

export const cacheKey = (access: EngagementAccess, settings: DeliverySettingsTable, what: string, today: string) =>
  `${access.engagementId}|${settings.version}|${access.visibilities.join(',')}|${what}|${today}`;

export const todayOf = (deps: Deps): string => deps.clock.now().toISOString().slice(0, 10);

export type UserMap = Map<string, { id: string; name: string; email: string }>;

export async function userMap(db: Db, ids: (string | null | undefined)[]): Promise<UserMap> {
  const wanted = [...new Set(ids.filter((x): x is string => !!x))];
  if (wanted.length === 0) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'name', 'email']).where('id', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.id, r]));
}

export const refOf = (users: UserMap, id: string | null) => (id ? (users.get(id) ?? { id, name: 'Former member', email: '' }) : null);

/** Provider-side members (lead, member) of the engagement: who may log time, be assigned, have a rate. */
export async function providerMembers(db: Db, access: EngagementAccess) {
  return scoped(db, access, 'memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id', 'u.name', 'u.email', 'm.role'])
    .where('m.role', 'in', ['lead', 'member'])
    .execute();
}

/** 422 naming the field (the request was well-formed, but refers to something that is not there or not allowed). */
export const rejected = (field: string, message: string) => new AppError(422, 'invalid_input', `${field}: ${message}`, [{ field, message }]);

/** Opaque cursors: base64url JSON of the sort value and the id. */
export const encodeCursor = (v: unknown[]): string => Buffer.from(JSON.stringify(v)).toString('base64url');
export function decodeCursor(c: string): unknown[] {
  try {
    const v = JSON.parse(Buffer.from(c, 'base64url').toString('utf8'));
    if (Array.isArray(v)) return v;
  } catch {
    // fall through
  }
  throw new AppError(400, 'invalid_input', 'cursor: is not a cursor from a previous page', [{ field: 'cursor', message: 'is not a cursor from a previous page' }]);
}
