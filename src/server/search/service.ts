import type { Expression, SqlBool } from 'kysely';
import type { SearchHit } from '../../contracts/search';
import { scopedAcross } from '../authz/scoped';
import { containsText } from '../db/like';
import type { Actor, Deps } from '../http/context';
import type { z } from 'zod';

type Hit = z.infer<typeof SearchHit>;

const snippet = (text: string, needle: string): string => {
  const i = text.toLowerCase().indexOf(needle.toLowerCase());
  if (i < 0) return text.slice(0, 160);
  const start = Math.max(0, i - 60);
  return `${start > 0 ? '…' : ''}${text.slice(start, i + needle.length + 100)}`;
};

// biome-ignore lint/suspicious/noExplicitAny: each kind's builder has its own table; the text condition is the same shape
type AnyEB = any;
const anyContains = (eb: AnyEB, columns: string[], q: string): Expression<SqlBool> => eb.or(columns.map((c) => containsText(eb.ref(c), q)));

/**
 * Searches everything the actor may read, across their engagements:
 * engagements, notes, outcomes, work items, RAID entries, decisions and
 * commitments. Every kind goes through `scopedAcross`, which joins the
 * actor's memberships and applies each membership's visibilities in the SQL,
 * so a non-member or a client role never even fetches what it may not see.
 */
export async function search(deps: Deps, actor: Actor, q: string, limit: number): Promise<Hit[]> {
  const db = deps.db;
  const eng = scopedAcross(db, actor, 'engagements').select(['engagements.id', 'engagements.name', 'engagements.summary']).execute();
  const engagements = await eng;
  if (engagements.length === 0) return [];
  const names = new Map(engagements.map((e) => [e.id, e.name]));
  const hit = (type: Hit['type'], id: string, engagementId: string, title: string, text: string): Hit => ({
    type,
    id,
    engagementId,
    engagementName: names.get(engagementId) ?? '',
    title,
    snippet: snippet(text || title, q),
  });

  const [notes, outcomes, items, raid, decisions, commitments, recommendations] = await Promise.all([
    scopedAcross(db, actor, 'notes')
      .select(['notes.id', 'notes.engagement_id', 'notes.title', 'notes.body'])
      .where((eb) => anyContains(eb, ['notes.title', 'notes.body'], q))
      .orderBy('notes.id', 'desc')
      .limit(limit)
      .execute(),
    scopedAcross(db, actor, 'outcomes')
      .select(['outcomes.id', 'outcomes.engagement_id', 'outcomes.title', 'outcomes.indicator'])
      .where('outcomes.archived', '=', 0)
      .where((eb) => anyContains(eb, ['outcomes.title', 'outcomes.indicator'], q))
      .limit(limit)
      .execute(),
    scopedAcross(db, actor, 'work_items')
      .select(['work_items.id', 'work_items.engagement_id', 'work_items.title', 'work_items.description', 'work_items.external_ref'])
      .where((eb) => anyContains(eb, ['work_items.title', 'work_items.description'], q))
      .orderBy('work_items.id', 'desc')
      .limit(limit)
      .execute(),
    scopedAcross(db, actor, 'raid_items')
      .select(['raid_items.id', 'raid_items.engagement_id', 'raid_items.type', 'raid_items.title', 'raid_items.description'])
      .where((eb) => anyContains(eb, ['raid_items.title', 'raid_items.description'], q))
      .orderBy('raid_items.id', 'desc')
      .limit(limit)
      .execute(),
    scopedAcross(db, actor, 'decisions')
      .select(['decisions.id', 'decisions.engagement_id', 'decisions.number', 'decisions.title', 'decisions.context'])
      .where((eb) => anyContains(eb, ['decisions.title', 'decisions.context'], q))
      .orderBy('decisions.id', 'desc')
      .limit(limit)
      .execute(),
    scopedAcross(db, actor, 'commitments')
      .select(['commitments.id', 'commitments.engagement_id', 'commitments.title', 'commitments.assumptions'])
      .where((eb) => anyContains(eb, ['commitments.title', 'commitments.assumptions'], q))
      .orderBy('commitments.id', 'desc')
      .limit(limit)
      .execute(),
    scopedAcross(db, actor, 'recommendations')
      .select(['recommendations.id', 'recommendations.engagement_id', 'recommendations.title', 'recommendations.recommendation'])
      .where((eb) => anyContains(eb, ['recommendations.title', 'recommendations.recommendation'], q))
      .orderBy('recommendations.id', 'desc')
      .limit(limit)
      .execute(),
  ]);

  const hits: Hit[] = [];
  for (const e of engagements) {
    if (`${e.name} ${e.summary}`.toLowerCase().includes(q.toLowerCase())) hits.push(hit('engagement', e.id, e.id, e.name, e.summary));
  }
  for (const n of notes) hits.push(hit('note', n.id, n.engagement_id, n.title, n.body));
  for (const o of outcomes) hits.push(hit('outcome', o.id, o.engagement_id, o.title, o.indicator));
  for (const w of items) hits.push(hit('item', w.id, w.engagement_id, w.external_ref ? `${w.external_ref} ${w.title}` : w.title, w.description));
  for (const r of raid) hits.push(hit('raid', r.id, r.engagement_id, `${r.type[0]!.toUpperCase()}${r.type.slice(1)}: ${r.title}`, r.description));
  for (const d of decisions) hits.push(hit('decision', d.id, d.engagement_id, `D-${d.number} ${d.title}`, d.context));
  for (const c of commitments) hits.push(hit('commitment', c.id, c.engagement_id, c.title, c.assumptions));
  for (const r of recommendations) hits.push(hit('recommendation', r.id, r.engagement_id, r.title, r.recommendation));
  return hits.slice(0, limit);
}
