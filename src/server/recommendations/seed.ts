import { accessFor } from '../authz/access';
import { unscoped } from '../authz/scoped';
import type { SeedTimeline } from '../db/seed/timeline';
import type { Actor } from '../http/context';
import { createRecommendation, respondToRecommendation } from './service';

type Who = 'lead' | 'member' | 'sponsor' | 'stakeholder';

/**
 * Demo recommendations on the seed timeline (ADR 0016), through the ledger's
 * own use cases: an accepted `dont` that avoided 40 hours (the honest
 * mechanic's "the brakes are fine"), a cheaper `alternative` the sponsor
 * deferred until after the peak season (its reminder is scheduled), and a
 * `do` made two days ago that waits for an answer.
 */
export function seedRecommendations(t: SeedTimeline, engagementId: string, actors: Record<Who, Actor>) {
  const deps = t.deps;
  const write = (who: 'lead' | 'member') => accessFor(actors[who], engagementId, who, 'recommendation.write');
  const sponsor = () => accessFor(actors.sponsor, engagementId, 'sponsor', 'recommendation.respond');
  const outcome = async (position: number) =>
    (await unscoped(deps.db, 'the demo seed').selectFrom('outcomes').select('id').where('engagement_id', '=', engagementId).where('position', '=', position).executeTakeFirst())?.id ?? null;
  let sso = '';
  let links = '';

  t.on(t.at(-20, 15), 'recommendation: no single sign-on yet', async () => {
    const r = await createRecommendation(deps, write('lead'), {
      kind: 'dont',
      title: 'Leave single sign-on for shipper accounts out of this engagement',
      recommendation:
        'We recommend not building single sign-on for shipper accounts, because nine in ten shippers sign in less than once a month and the sign-in link by e-mail already works for them. The 40 hours are better spent on the tracking page.',
      benefit: 'Forty hours freed for the tracking page; one less integration to keep running.',
      riskOfNotActing: 'Low: a shipper group that asks for single sign-on later can have it as a separate piece of work.',
      effort: 'none',
      costHours: 0,
      costMoney: 0,
      avoidedHours: 40,
      avoidedMoney: 4200,
      replacesCost: null,
      outcomeId: await outcome(2),
      visibility: 'shared',
    });
    sso = r.id;
  });
  t.on(t.at(-18, 10), 'the sponsor accepts: no single sign-on', async () => {
    await respondToRecommendation(deps, sponsor(), sso, { response: 'accepted', reason: 'Agreed: none of our shipper groups has asked for it.', workItems: [], droppedItemIds: [] });
  });

  t.on(t.at(-9, 14), 'recommendation: carrier tracking links instead of our own delay alerts', async () => {
    const r = await createRecommendation(deps, write('member'), {
      kind: 'alternative',
      title: 'Send the carrier’s own tracking link instead of building delay alerts',
      recommendation:
        'We recommend sending each shipper the carrier’s own tracking link with the booking confirmation instead of building our own delay alerts, because four of the five carriers already send delay notices through that link. It costs 6 hours instead of 14.',
      benefit: 'Shippers hear of delays from the first week of the Tracking phase, at less than half the cost.',
      riskOfNotActing: 'Shippers of the fifth carrier keep phoning about delays until the alert is built.',
      effort: 'small',
      costHours: 6,
      costMoney: 630,
      avoidedHours: 8,
      avoidedMoney: 840,
      replacesCost: 1470,
      outcomeId: await outcome(0),
      visibility: 'shared',
    });
    links = r.id;
  });
  t.on(t.at(-8, 11), 'the sponsor defers the tracking-link alternative', async () => {
    await respondToRecommendation(deps, sponsor(), links, { response: 'deferred', reason: 'We decide after the December peak, with the carrier contracts renewed.', until: t.day(21), workItems: [], droppedItemIds: [] });
  });

  t.on(t.at(-2, 16), 'recommendation: load test before the peak', async () => {
    await createRecommendation(deps, write('member'), {
      kind: 'do',
      title: 'Load test the carrier polling before the December peak',
      recommendation:
        'We recommend a load test of the carrier polling at Monday-morning volume before 1 December, because the polling service has only run at a tenth of peak traffic and a slow timeline at peak would bring the phone calls back.',
      benefit: 'We find the limits of the polling service on our schedule, not on the busiest morning of the year.',
      riskOfNotActing: 'Tracking falls behind at peak; shippers call the service desk again.',
      effort: 'small',
      costHours: 10,
      costMoney: 1050,
      avoidedHours: null,
      avoidedMoney: null,
      replacesCost: null,
      outcomeId: await outcome(0),
      visibility: 'shared',
    });
  });
}
