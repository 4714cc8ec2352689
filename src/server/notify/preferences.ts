import type { Kysely, Transaction } from 'kysely';
import type { z } from 'zod';
import type { NotificationPreferences, UpdateNotificationPreferences } from '../../contracts/live';
import {
  CHANNELS,
  type Channel,
  channelFor,
  DEFAULT_CHANNEL,
  DEFAULT_DIGEST_DAY,
  nextDigestAt,
  PREFERENCE_KIND_KEYS,
  PREFERENCE_KINDS,
  type PreferenceKind,
  WEEKDAYS,
  type Weekday,
} from '../../domain/notify/preferences';
import { appendAudit, INSTANCE_CHAIN } from '../audit/append';
import type { DB } from '../db/schema';
import type { Actor, Deps } from '../http/context';
import { enqueue } from '../jobs/queue';

export interface StoredPreferences {
  kinds: Record<PreferenceKind, Channel>;
  digestEnabled: boolean;
  digestDay: Weekday;
  lastPeriod: string | null;
}

const parseKinds = (json: string | undefined): Partial<Record<string, string>> => {
  try {
    const v = JSON.parse(json ?? '{}');
    return typeof v === 'object' && v ? v : {};
  } catch {
    return {};
  }
};

/** A person's preferences, defaults filled (every kind: both; digest on, Mondays). */
export async function preferencesOf(db: Kysely<DB> | Transaction<DB>, userId: string): Promise<StoredPreferences> {
  const row = await db.selectFrom('notification_preferences').selectAll().where('user_id', '=', userId).executeTakeFirst();
  const stored = parseKinds(row?.kinds);
  const kinds = Object.fromEntries(
    PREFERENCE_KIND_KEYS.map((k) => [k, (CHANNELS as readonly string[]).includes(stored[k] ?? '') ? (stored[k] as Channel) : DEFAULT_CHANNEL]),
  ) as Record<PreferenceKind, Channel>;
  return {
    kinds,
    digestEnabled: row ? row.digest_enabled === 1 : true,
    digestDay: row && (WEEKDAYS as readonly string[]).includes(row.digest_day) ? (row.digest_day as Weekday) : DEFAULT_DIGEST_DAY,
    lastPeriod: row?.digest_last_period ?? null,
  };
}

/** The channel a notification of `kind` goes out on for this person. */
export async function channelOf(db: Kysely<DB> | Transaction<DB>, userId: string, kind: string): Promise<Channel> {
  const row = await db.selectFrom('notification_preferences').select('kinds').where('user_id', '=', userId).executeTakeFirst();
  return channelFor(parseKinds(row?.kinds), kind);
}

export function presentPreferences(deps: Pick<Deps, 'clock'>, p: StoredPreferences): z.infer<typeof NotificationPreferences> {
  return {
    kinds: p.kinds,
    digest: { enabled: p.digestEnabled, day: p.digestDay },
    labels: Object.fromEntries(PREFERENCE_KIND_KEYS.map((k) => [k, PREFERENCE_KINDS[k].label])),
    nextDigestAt: p.digestEnabled ? nextDigestAt(deps.clock.now(), p.digestDay).toISOString() : null,
  };
}

/** The digest job for a person's next digest day; the unique key makes it one job per person and week, however often it is asked for. */
export async function scheduleDigest(trx: Kysely<DB> | Transaction<DB>, deps: Pick<Deps, 'clock'>, userId: string, day: Weekday, after = deps.clock.now()) {
  const at = nextDigestAt(after, day);
  await enqueue(trx, deps, 'notify.digest', { userId, at: at.toISOString() }, { runAt: at, uniqueKey: `digest:${userId}:${at.toISOString()}` });
}

/** Changes my preferences (a partial update), in one transaction with its audit record; schedules the digest for the day chosen. */
export async function updatePreferences(deps: Deps, actor: Actor, patch: z.infer<typeof UpdateNotificationPreferences>) {
  return deps.db.transaction().execute(async (trx) => {
    const before = await preferencesOf(trx, actor.userId);
    const after: StoredPreferences = {
      ...before,
      kinds: { ...before.kinds, ...Object.fromEntries(Object.entries(patch.kinds ?? {}).filter(([, v]) => v !== undefined)) },
      digestEnabled: patch.digest?.enabled ?? before.digestEnabled,
      digestDay: patch.digest?.day ?? before.digestDay,
    };
    const now = deps.clock.now().toISOString();
    const values = { kinds: JSON.stringify(after.kinds), digest_enabled: after.digestEnabled ? 1 : 0, digest_day: after.digestDay, updated_at: now };
    await trx
      .insertInto('notification_preferences')
      .values({ user_id: actor.userId, digest_last_period: null, ...values })
      .onConflict((oc) => oc.column('user_id').doUpdateSet(values))
      .execute();
    await appendAudit(trx, deps, {
      chain: INSTANCE_CHAIN,
      actor,
      action: 'notification_preferences.updated',
      object: { type: 'user', id: actor.userId },
      visibility: 'shared',
      before: { kinds: before.kinds, digest: { enabled: before.digestEnabled, day: before.digestDay } },
      after: { kinds: after.kinds, digest: { enabled: after.digestEnabled, day: after.digestDay } },
    });
    if (after.digestEnabled) await scheduleDigest(trx, deps, actor.userId, after.digestDay);
    return after;
  });
}
