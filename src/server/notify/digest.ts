import { type AuditRecordView, actorOf, type NameOf, sentenceFor, sentenceText } from '../../domain/audit/sentence';
import { canSee } from '../../domain/authz/policy';
import { composeDigest, type DigestSection } from '../../domain/notify/digest';
import { weekdayOf } from '../../domain/notify/preferences';
import { accessFor } from '../authz/access';
import { scoped, unscoped } from '../authz/scoped';
import type { Deps } from '../http/context';
import type { JobHandlers } from '../jobs/queue';
import { preferencesOf, scheduleDigest } from './preferences';

const WEEK_MS = 7 * 24 * 3600_000;

/**
 * One person's week, engagement by engagement, from the audit log: only
 * records their current role there may see (`scoped` restricts the chain to
 * their visibilities; `canSee` checks each record again), as activity sentences.
 */
export async function digestSections(deps: Deps, userId: string, from: Date, to: Date): Promise<{ name: string; email: string; sections: DigestSection[] } | null> {
  const user = await unscoped(deps.db, 'the digest job reads its recipient').selectFrom('users').select(['id', 'name', 'email', 'is_admin', 'org_id', 'disabled_at']).where('id', '=', userId).executeTakeFirst();
  if (!user || user.disabled_at) return null;
  const memberships = await unscoped(deps.db, 'the digest job: the engagements its recipient is a member of')
    .selectFrom('memberships as m')
    .innerJoin('engagements as e', 'e.id', 'm.engagement_id')
    .select(['m.engagement_id', 'm.role', 'e.name'])
    .where('m.user_id', '=', userId)
    .orderBy('e.name')
    .execute();
  const actor = { userId: user.id, email: user.email, name: user.name, isAdmin: user.is_admin === 1, orgId: user.org_id, via: 'session' as const };
  const sections: DigestSection[] = [];
  for (const m of memberships) {
    const access = accessFor(actor, m.engagement_id, m.role, 'audit.read');
    const rows = await scoped(deps.db, access, 'audit_log')
      .select(['seq', 'at', 'payload', 'visibility'])
      .where('at', '>=', from.toISOString())
      .where('at', '<', to.toISOString())
      .orderBy('seq')
      .execute();
    const names = new Map(
      (await scoped(deps.db, access, 'memberships as mm').innerJoin('users as u', 'u.id', 'mm.user_id').select(['u.id', 'u.name']).execute()).map((u) => [u.id, u.name]),
    );
    const nameOf: NameOf = (id) => names.get(id);
    const lines = rows
      .filter((r) => canSee(m.role, r.visibility))
      .map((r) => {
        const p = JSON.parse(r.payload) as AuditRecordView & { actor: { id: string | null; label: string } };
        const s = sentenceFor(p, m.engagement_id, nameOf);
        return { at: r.at, text: `${actorOf(p)} ${sentenceText(s)}`, link: s.link };
      });
    sections.push({ engagementName: m.name, link: `/engagements/${m.engagement_id}`, lines });
  }
  return { name: user.name, email: user.email, sections };
}

/** The weekly digest: sent once per person and week (the job's unique key, and the week remembered), then the next one scheduled. */
export const digestJobs: JobHandlers = {
  'notify.digest': async (deps, payload) => {
    const userId = String(payload.userId);
    const at = new Date(String(payload.at));
    if (Number.isNaN(at.getTime())) return;
    const prefs = await preferencesOf(deps.db, userId);
    // turned off, or moved to another day since this was scheduled (that day has its own job)
    if (!prefs.digestEnabled || weekdayOf(at) !== prefs.digestDay) return;
    const period = at.toISOString();
    if (prefs.lastPeriod !== null && prefs.lastPeriod >= period) return;
    const week = await digestSections(deps, userId, new Date(at.getTime() - WEEK_MS), at);
    if (!week) return;
    const digest = composeDigest({ name: week.name, from: new Date(at.getTime() - WEEK_MS), to: at, publicUrl: deps.config.publicUrl, sections: week.sections });
    if (digest && deps.mailer.enabled) {
      const sent = await deps.mailer.send({ to: week.email, subject: digest.subject, text: digest.text });
      if (!sent) throw new Error('SMTP delivery failed');
    }
    await deps.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('notification_preferences')
        .values({ user_id: userId, kinds: '{}', digest_enabled: 1, digest_day: prefs.digestDay, digest_last_period: period, updated_at: deps.clock.now().toISOString() })
        .onConflict((oc) => oc.column('user_id').doUpdateSet({ digest_last_period: period }))
        .execute();
      await scheduleDigest(trx, deps, userId, prefs.digestDay, at);
    });
  },
};

/**
 * Starts every active person's digest (at startup; idempotent across
 * processes through the jobs' unique keys): the next one of their chosen day.
 */
export async function scheduleAllDigests(deps: Deps): Promise<number> {
  const users = await unscoped(deps.db, 'starting every person’s weekly digest')
    .selectFrom('users')
    .leftJoin('notification_preferences as p', 'p.user_id', 'users.id')
    .select(['users.id', 'p.digest_enabled', 'p.digest_day'])
    .where('users.disabled_at', 'is', null)
    .execute();
  let n = 0;
  for (const u of users) {
    if (u.digest_enabled === 0) continue;
    const prefs = await preferencesOf(deps.db, u.id);
    await scheduleDigest(deps.db, deps, u.id, prefs.digestDay);
    n++;
  }
  return n;
}
