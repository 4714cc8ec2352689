import { sql } from 'kysely';
import { visibleVisibilities } from '../../domain/authz/policy';
import { containsText } from '../db/like';
import type { Actor, Deps } from '../http/context';

const snippet = (text: string, needle: string): string => {
  const i = text.toLowerCase().indexOf(needle.toLowerCase());
  if (i < 0) return text.slice(0, 160);
  const start = Math.max(0, i - 60);
  return `${start > 0 ? '…' : ''}${text.slice(start, i + needle.length + 100)}`;
};

/**
 * Searches everything the actor may read, across their engagements. The
 * membership join and the per-role visibility filter are in the SQL, so a
 * non-member or a client role never even fetches what it may not see.
 */
export async function search(deps: Deps, actor: Actor, q: string, limit: number) {
  const memberships = await deps.db
    .selectFrom('memberships as m')
    .innerJoin('engagements as e', 'e.id', 'm.engagement_id')
    .select(['m.engagement_id', 'm.role', 'e.name', 'e.summary'])
    .where('m.user_id', '=', actor.userId)
    .execute();
  if (memberships.length === 0) return [];
  const names = new Map(memberships.map((m) => [m.engagement_id, m.name]));
  const providerIds = memberships.filter((m) => visibleVisibilities(m.role).includes('internal')).map((m) => m.engagement_id);
  const allIds = memberships.map((m) => m.engagement_id);

  const hits: { type: 'engagement' | 'note' | 'outcome'; id: string; engagementId: string; engagementName: string; title: string; snippet: string }[] = [];
  for (const m of memberships) {
    if (`${m.name} ${m.summary}`.toLowerCase().includes(q.toLowerCase())) {
      hits.push({ type: 'engagement', id: m.engagement_id, engagementId: m.engagement_id, engagementName: m.name, title: m.name, snippet: snippet(m.summary, q) });
    }
  }
  const notes = await deps.db
    .selectFrom('notes')
    .select(['id', 'engagement_id', 'title', 'body'])
    .where('engagement_id', 'in', allIds)
    .where((eb) =>
      eb.or([
        eb('visibility', '=', 'shared'),
        providerIds.length ? eb.and([eb('visibility', '=', 'internal'), eb('engagement_id', 'in', providerIds)]) : sql<boolean>`1 = 0`,
      ]),
    )
    .where((eb) => eb.or([containsText(eb.ref('title'), q), containsText(eb.ref('body'), q)]))
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  for (const n of notes) {
    hits.push({ type: 'note', id: n.id, engagementId: n.engagement_id, engagementName: names.get(n.engagement_id) ?? '', title: n.title, snippet: snippet(n.body || n.title, q) });
  }
  const outcomes = await deps.db
    .selectFrom('outcomes')
    .select(['id', 'engagement_id', 'title', 'indicator'])
    .where('engagement_id', 'in', allIds)
    .where('archived', '=', 0)
    .where((eb) => eb.or([containsText(eb.ref('title'), q), containsText(eb.ref('indicator'), q)]))
    .limit(limit)
    .execute();
  for (const o of outcomes) {
    hits.push({ type: 'outcome', id: o.id, engagementId: o.engagement_id, engagementName: names.get(o.engagement_id) ?? '', title: o.title, snippet: snippet(o.indicator, q) });
  }
  return hits.slice(0, limit);
}
