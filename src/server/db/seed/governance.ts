import { accessFor } from '../../authz/access';
import { decide, requestDecision } from '../../governance/decisions';
import { createRaid, riskOccurred, updateRaid } from '../../governance/raid';
import type { Actor } from '../../http/context';
import type { SeedTimeline } from './timeline';

/**
 * Believable governance for the demo, as a history on the seed timeline
 * (ADR 0016): risks flagged weeks before one of them occurred, an issue nobody
 * saw coming, an assumption, client and third-party dependencies due soon,
 * and decisions taken on time by the provider, late and on time by the
 * client, and one still open.
 */
export function seedGovernance(t: SeedTimeline, engagementId: string, actors: { lead: Actor; member: Actor; sponsor: Actor; stakeholder: Actor }) {
  const deps = t.deps;
  const lead = accessFor(actors.lead, engagementId, 'lead', 'raid.write');
  const member = accessFor(actors.member, engagementId, 'member', 'raid.write');
  const stakeholder = accessFor(actors.stakeholder, engagementId, 'stakeholder', 'raid.write');
  const requester = accessFor(actors.lead, engagementId, 'lead', 'decision.request');
  const leadDecides = accessFor(actors.lead, engagementId, 'lead', 'decision.decide');
  const sponsorDecides = accessFor(actors.sponsor, engagementId, 'sponsor', 'decision.decide');
  const ids = new Map<string, string>();

  t.on(t.at(-40, 15), 'assumption: stable carrier formats', async () => {
    await createRaid(deps, lead, {
      type: 'assumption',
      title: 'Carriers keep their event formats stable during the project',
      description: 'Our estimates assume no carrier changes its tracking event format before March.',
      owner: 'Maya Okafor',
      visibility: 'shared',
    });
  });
  t.on(t.at(-38, 11), 'risk: carrier test data', async () => {
    const r = await createRaid(deps, member, {
      type: 'risk',
      title: 'Carrier test data may be incomplete',
      description: 'Test consignments might not cover returns and split shipments.',
      owner: 'Tom Reyes',
      probability: 3,
      impact: 3,
      mitigation: 'List the consignment types we need and ask each carrier.',
      trigger: '',
      visibility: 'shared',
    });
    ids.set('testData', r.id);
  });
  t.on(t.at(-32, 10), 'risk: no API documentation', async () => {
    const r = await createRaid(deps, member, {
      type: 'risk',
      title: 'One carrier has no API documentation',
      description: 'Nordfrakt only offers a PDF from 2019. Integration may take twice the estimate.',
      owner: 'Tom Reyes',
      probability: 4,
      impact: 3,
      mitigation: 'Ask Nordfrakt for a sandbox and a technical contact this week; keep them last in the order.',
      trigger: 'No sandbox three weeks from now',
      visibility: 'shared',
    });
    ids.set('docs', r.id);
  });
  t.on(t.at(-30, 10), 'mitigating the documentation risk', async () => void (await updateRaid(deps, member, ids.get('docs')!, { status: 'mitigating' })));
  t.on(t.at(-28, 10), 'risk: pricing content late', async () => {
    await createRaid(deps, lead, {
      type: 'risk',
      title: 'Pricing page content arrives late',
      description: 'Copy and prices come from Fjord marketing, who are busy with the annual report.',
      owner: 'Sam Patel',
      probability: 3,
      impact: 2,
      mitigation: 'Agree a content freeze date in the next steering meeting.',
      trigger: 'No draft copy two weeks before the release',
      visibility: 'shared',
    });
  });
  t.on(t.at(-26, 10), 'internal risk: Tom rolls off', async () => {
    await createRaid(deps, lead, {
      type: 'risk',
      title: 'Internal: Tom rolls off in March',
      description: 'If the invoicing phase slips past February we need to hand over to a second developer.',
      owner: 'Maya Okafor',
      probability: 3,
      impact: 4,
      mitigation: 'Pair Lena on the invoicing work from January.',
      trigger: 'Invoicing phase not started by 15 January',
      visibility: 'internal',
    });
  });
  // flagged three weeks before it happened
  t.on(t.at(-17, 10), 'the test-data risk occurs', async () => {
    await riskOccurred(deps, member, ids.get('testData')!, 'Two carriers sent test data without returns. We test returns against recorded production events instead.');
  });
  // nobody flagged this one
  t.on(t.at(-12, 8, 40), 'issue: staging VPN', async () => {
    await createRaid(deps, stakeholder, {
      type: 'issue',
      title: 'Staging VPN drops every night',
      description: 'The staging environment is unreachable between 01:00 and 02:00 during backups.',
      owner: 'Sam Patel',
      visibility: 'shared',
    });
  });
  t.on(t.at(-5, 10), 'dependency: root access', async () => {
    await createRaid(deps, lead, {
      type: 'dependency',
      title: 'Root access for Tom on the staging server',
      description: 'Needed to install the tracking poller. Fjord IT grants it.',
      owner: 'Sam Patel',
      neededFrom: 'client',
      neededBy: t.day(2),
      visibility: 'shared',
    });
  });
  t.on(t.at(-3, 10), 'dependency: Nordfrakt sandbox', async () => {
    await createRaid(deps, lead, {
      type: 'dependency',
      title: 'Sandbox account from Nordfrakt',
      description: 'Without it the third carrier cannot be tested.',
      owner: { name: 'Nordfrakt integration desk', external: true },
      neededFrom: 'third_party',
      neededBy: t.day(9),
      visibility: 'shared',
    });
  });

  // Decisions: the provider on time, the client once late and once on time, one open.
  t.on(t.at(-36, 10), 'decision requested: hosting', async () => {
    const d = await requestDecision(deps, requester, {
      title: 'Where the new portal runs',
      context: 'Fjord runs everything on two virtual machines today. The portal needs to survive a carrier outage and the Monday peak.',
      options: [
        { title: 'Stay on the two VMs', description: 'Add a third VM and a load balancer.', cost: 'about 400 € a month', time: 'no delay', risk: 'manual failover' },
        { title: 'Managed containers', description: 'Run on the cloud provider Fjord already uses.', cost: 'about 650 € a month', time: '+1 week setup', risk: 'new skills for Fjord IT' },
      ],
      recommendation: 'We recommend staying on VMs for now, because Fjord IT knows them and the load fits; revisit after the first peak season.',
      kind: 'technical',
      dueDate: t.day(-33),
      visibility: 'shared',
    });
    ids.set('hosting', d.id);
  });
  t.on(t.at(-34, 16), 'decided: hosting (on time)', async () => {
    await decide(deps, leadDecides, ids.get('hosting')!, 'With a third node; we revisit after the first peak season, in May.', 0);
  });
  t.on(t.at(-27, 10), 'decision requested: pilot shippers', async () => {
    const d = await requestDecision(deps, requester, {
      title: 'Which shippers pilot the tracking page',
      context: 'A pilot group sees the tracking page two weeks before everyone else and tells us what is missing.',
      options: [
        { title: 'The ten largest shippers', description: 'Most consignments, most feedback.', cost: 'none', time: 'on plan', risk: 'a bad first impression with key accounts' },
        { title: 'Twenty small shippers who call often', description: 'The people the portal is for.', cost: 'none', time: 'on plan', risk: 'less volume to test with' },
      ],
      recommendation: 'We recommend the small shippers who call often, because they are the calls the portal should replace.',
      kind: 'scope',
      dueDate: t.day(-22),
      visibility: 'shared',
    });
    ids.set('pilot', d.id);
  });
  t.on(t.at(-15, 10), 'decision requested: SMS budget', async () => {
    const d = await requestDecision(deps, requester, {
      title: 'Budget for SMS confirmations',
      context: 'SMS confirmations of pick-ups cost per message. Shippers asked for them in the interviews.',
      options: [
        { title: 'SMS for every confirmation', description: 'Sent when the depot confirms.', cost: 'about 300 € a month', time: 'no delay', risk: 'cost grows with volume' },
        { title: 'E-mail only for now', description: 'The confirmation e-mail as today.', cost: 'none', time: 'no delay', risk: 'shippers keep calling to check' },
      ],
      recommendation: 'We recommend SMS for every confirmation, because it removes the check-up call the outcome is about.',
      kind: 'budget',
      dueDate: t.day(-10),
      visibility: 'shared',
    });
    ids.set('sms', d.id);
  });
  t.on(t.at(-18, 15), 'decided: pilot shippers (late)', async () => {
    await decide(deps, sponsorDecides, ids.get('pilot')!, 'The largest shippers join two weeks later.', 1);
  });
  t.on(t.at(-11, 14), 'decided: SMS budget (on time)', async () => {
    await decide(deps, sponsorDecides, ids.get('sms')!, 'Capped at 400 € a month; we look again if volume doubles.', 0);
  });
  t.on(t.at(-2, 10), 'decision requested: carriers (open)', async () => {
    await requestDecision(deps, requester, {
      title: 'Which carriers to integrate first',
      context: 'Five carriers. Two push events by webhook, three need polling. Nordfrakt has no API documentation.',
      options: [
        { title: 'The two push carriers first', description: 'They carry 60% of consignments.', cost: '3 days', time: 'on plan', risk: 'low' },
        { title: 'All five at once', description: 'One release with full coverage.', cost: '8 days', time: '+1 week', risk: 'Nordfrakt may block the release' },
      ],
      recommendation: 'We recommend the two push carriers first, because they cover most enquiries and carry the least risk.',
      kind: 'scope',
      dueDate: t.day(5),
      visibility: 'shared',
    });
  });
}
