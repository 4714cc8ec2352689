import type { Kysely, Transaction } from 'kysely';
import { unscoped } from '../authz/scoped';
import { canSee, ROLES } from '../../domain/authz/policy';
import { audienceFor } from '../authz/access';
import type { DB, Visibility } from '../db/schema';
import type { Deps } from '../http/context';
import { newId } from '../ids';
import { enqueue, type JobHandlers } from '../jobs/queue';
import { deliveryFor } from '../../domain/notify/preferences';
import { recordEvent } from '../live/events';
import { channelOf } from './preferences';

export interface Notice {
  engagementId: string;
  visibility: Visibility;
  userIds: (string | null | undefined)[];
  kind: string;
  title: string;
  body: string;
  /** Path inside the web app, e.g. /engagements/ID/escalations/EID */
  link: string;
}

/**
 * Notifies people of an engagement event: in-app now, by e-mail through a job
 * after commit. Recipients are filtered through `audienceFor`, so internal
 * news never reaches a client role, and non-members get nothing.
 */
export async function notify(trx: Transaction<DB> | Kysely<DB>, deps: Pick<Deps, 'clock'>, n: Notice): Promise<string[]> {
  const wanted = new Set(n.userIds.filter((x): x is string => !!x));
  if (wanted.size === 0) return [];
  const audience = await audienceFor(trx, n.engagementId, n.visibility);
  const recipients = audience.filter((a) => wanted.has(a.userId));
  const now = deps.clock.now().toISOString();
  for (const r of recipients) {
    const id = newId();
    // the recipient's choice for this kind: the bell, e-mail, both, or the weekly digest only (ADR 0021)
    const delivery = deliveryFor(await channelOf(trx, r.userId, n.kind));
    await trx
      .insertInto('notifications')
      .values({ id, user_id: r.userId, engagement_id: n.engagementId, visibility: n.visibility, kind: n.kind, title: n.title, body: n.body, link: n.link, created_at: now, read_at: null, in_app: delivery.inApp ? 1 : 0 })
      .execute();
    if (delivery.inApp) {
      await recordEvent(trx, { engagementId: n.engagementId, userId: r.userId, type: 'notification', object: { type: 'notification', id }, action: n.kind, visibility: n.visibility, at: now });
    }
    if (delivery.email) await enqueue(trx, deps, 'notify.email', { notificationId: id }, { uniqueKey: `email:${id}` });
  }
  return recipients.map((r) => r.userId);
}

const INTERNAL_READERS = ROLES.filter((r) => canSee(r, 'internal'));

/** My notifications, re-checked against my current membership and role. */
export async function listMyNotifications(deps: Deps, userId: string, opts: { unreadOnly: boolean; limit: number }) {
  let q = unscoped(deps.db, 'a person’s own notifications, re-checked against their membership and role')
    .selectFrom('notifications as n')
    .innerJoin('memberships as m', (j) => j.onRef('m.engagement_id', '=', 'n.engagement_id').onRef('m.user_id', '=', 'n.user_id'))
    .innerJoin('engagements as e', 'e.id', 'n.engagement_id')
    .select(['n.id', 'n.kind', 'n.title', 'n.body', 'n.link', 'n.created_at', 'n.read_at', 'n.engagement_id', 'e.name as engagement_name'])
    .where('n.user_id', '=', userId)
    .where('n.in_app', '=', 1)
    .where((eb) => eb.or([eb('n.visibility', '=', 'shared'), eb('m.role', 'in', INTERNAL_READERS)]));
  if (opts.unreadOnly) q = q.where('n.read_at', 'is', null);
  const rows = await q.orderBy('n.id', 'desc').limit(opts.limit).execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    title: r.title,
    body: r.body,
    link: r.link,
    engagementId: r.engagement_id ?? '',
    engagementName: r.engagement_name,
    createdAt: r.created_at,
    read: r.read_at !== null,
  }));
}

/** How many notifications I have not read, in total and per engagement: one grouped COUNT, the same visibility rule as the list. */
export async function countMyUnread(deps: Deps, userId: string) {
  const rows = await unscoped(deps.db, 'a person’s own unread count, with the same rule as the list')
    .selectFrom('notifications as n')
    .innerJoin('memberships as m', (j) => j.onRef('m.engagement_id', '=', 'n.engagement_id').onRef('m.user_id', '=', 'n.user_id'))
    .select(['n.engagement_id', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('n.user_id', '=', userId)
    .where('n.in_app', '=', 1)
    .where('n.read_at', 'is', null)
    .where((eb) => eb.or([eb('n.visibility', '=', 'shared'), eb('m.role', 'in', INTERNAL_READERS)]))
    .groupBy('n.engagement_id')
    .execute();
  const byEngagement: Record<string, number> = {};
  for (const r of rows) if (r.engagement_id) byEngagement[r.engagement_id] = Number(r.n);
  return { unread: Object.values(byEngagement).reduce((a, b) => a + b, 0), byEngagement };
}

export async function markRead(deps: Deps, userId: string, id: string | 'all'): Promise<void> {
  let q = deps.db.updateTable('notifications').set({ read_at: deps.clock.now().toISOString() }).where('user_id', '=', userId).where('read_at', 'is', null);
  if (id !== 'all') q = q.where('id', '=', id);
  await q.execute();
}

/** The e-mail half of a notification, sent by the job runner after the change committed. */
export const notifyJobs: JobHandlers = {
  'notify.email': async (deps, payload) => {
    const n = await unscoped(deps.db, 'the e-mail job re-reads its notification and the recipient’s current role')
      .selectFrom('notifications as n')
      .innerJoin('users as u', 'u.id', 'n.user_id')
      .innerJoin('memberships as m', (j) => j.onRef('m.engagement_id', '=', 'n.engagement_id').onRef('m.user_id', '=', 'n.user_id'))
      .select(['n.title', 'n.body', 'n.link', 'n.visibility', 'u.email', 'u.disabled_at', 'm.role'])
      .where('n.id', '=', String(payload.notificationId))
      .executeTakeFirst();
    // membership or role may have changed since: check again at send time
    if (!n || n.disabled_at || !canSee(n.role, n.visibility)) return;
    if (!deps.mailer.enabled) return;
    const sent = await deps.mailer.send({ to: n.email, subject: n.title, text: `${n.body}\n\n${deps.config.publicUrl}${n.link}\n` });
    if (!sent) throw new Error('SMTP delivery failed');
  },
};
