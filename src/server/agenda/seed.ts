import { accessFor } from '../authz/access';
import { unscoped } from '../authz/scoped';
import type { SeedTimeline } from '../db/seed/timeline';
import type { Actor } from '../http/context';
import { createAgendaEntry, recordAgendaReview } from './service';

type Who = 'lead' | 'member' | 'sponsor' | 'stakeholder';

/**
 * The demo's future agenda, on the seed timeline (ADR 0016), through the use
 * cases: entries both sides raised since the kick-off (one an internal
 * provider draft), the first monthly review twelve days ago (one entry kept,
 * one dropped, one turned into the SMS budget decision), and an idea raised
 * since. The next review is due a month after that one.
 */
export function seedAgenda(t: SeedTimeline, engagementId: string, actors: Record<Who, Actor>) {
  const deps = t.deps;
  const as = (who: Who, may: 'agenda.write' | 'agenda.review' = 'agenda.write') => accessFor(actors[who], engagementId, who, may);
  const ids = new Map<string, string>();
  const entries = [
    { key: 'returns', at: t.at(-39, 11), who: 'sponsor', kind: 'need', visibility: 'shared', title: 'Self-service returns for shippers', details: 'After tracking, returns are the second reason shippers call. Not in this contract, but we will need it next year.' },
    { key: 'ecmr', at: t.at(-37, 15), who: 'lead', kind: 'market_change', visibility: 'shared', title: 'Carriers move to electronic consignment notes (e-CMR)', details: 'Two of the five carriers announced e-CMR for 2027. The event store could keep the signed notes next to the tracking events.' },
    { key: 'sms', at: t.at(-35, 10), who: 'stakeholder', kind: 'need', visibility: 'shared', title: 'SMS when a pick-up is confirmed', details: 'Shippers in the pilot group asked for a text message when the depot confirms a pick-up, instead of only the e-mail.' },
    { key: 'feeds', at: t.at(-31, 14), who: 'member', kind: 'improvement', visibility: 'shared', title: 'Alert when a carrier feed goes quiet', details: 'A feed that stops sending events looks like "no news" on the tracking page. An alert after two hours of silence would tell the service desk.' },
    { key: 'retainer', at: t.at(-30, 16), who: 'lead', kind: 'idea', visibility: 'internal', title: 'Internal: propose a support retainer after launch', details: 'Draft before we raise it with Fjord: a small monthly retainer for the carrier integrations, since carriers change formats without notice.' },
  ] as const;
  for (const e of entries) {
    t.on(e.at, `agenda entry: ${e.title}`, async () => {
      ids.set(e.key, (await createAgendaEntry(deps, as(e.who), { kind: e.kind, title: e.title, details: e.details, visibility: e.visibility })).id);
    });
  }
  t.on(t.at(-12, 15), 'the first future agenda review', async () => {
    const sms = await unscoped(deps.db, 'the demo seed')
      .selectFrom('decisions')
      .select('id')
      .where('engagement_id', '=', engagementId)
      .where('title', '=', 'Budget for SMS confirmations')
      .executeTakeFirst();
    await recordAgendaReview(deps, as('lead', 'agenda.review'), {
      heldOn: t.day(-12),
      discussed: [
        'First review of the future agenda, after the steering meeting.',
        '',
        '- **Returns**: Ingrid confirms it is a 2027 topic; we keep it and look at it again once tracking is live.',
        '- **SMS confirmations**: already asked as a budget decision; linked to it.',
        '- **Quiet feeds**: Tom showed that the polling service already flags a silent carrier after 30 minutes; nothing more to do.',
        '- **e-CMR**: not discussed yet, next time.',
      ].join('\n'),
      attendees: [actors.lead.userId, actors.sponsor.userId, actors.stakeholder.userId],
      outcomes: [
        { entryId: ids.get('returns')!, decision: 'keep' },
        ...(sms ? [{ entryId: ids.get('sms')!, decision: 'decision' as const, linkId: sms.id }] : []),
        { entryId: ids.get('feeds')!, decision: 'drop' },
      ],
    });
  });
  t.on(t.at(-4, 10), 'agenda entry since the review', async () => {
    await createAgendaEntry(deps, as('stakeholder'), {
      kind: 'idea',
      title: 'Show the expected delivery window on the tracking page',
      details: 'Carriers A and B send an estimated delivery window with their events; shippers would like to see it.',
      visibility: 'shared',
    });
  });
}
