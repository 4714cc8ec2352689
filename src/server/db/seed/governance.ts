import { addDays, isoDate } from '../../../domain/time';
import { accessFor } from '../../authz/access';
import { decide, requestDecision } from '../../governance/decisions';
import { createRaid, riskOccurred, updateRaid } from '../../governance/raid';
import type { Actor, Deps } from '../../http/context';

/** Believable governance for the demo: risks (one occurred), an assumption, client dependencies, decisions. */
export async function seedGovernance(deps: Deps, engagementId: string, actors: { lead: Actor; member: Actor; stakeholder: Actor }) {
  const lead = accessFor(actors.lead, engagementId, 'lead', 'raid.write');
  const member = accessFor(actors.member, engagementId, 'member', 'raid.write');
  const stakeholder = accessFor(actors.stakeholder, engagementId, 'stakeholder', 'raid.write');
  const today = deps.clock.now();

  const docs = await createRaid(deps, member, {
    type: 'risk',
    title: 'One carrier has no API documentation',
    description: 'Nordfrakt only offers a PDF from 2019. Integration may take twice the estimate.',
    owner: 'Tom Reyes',
    probability: 4,
    impact: 3,
    mitigation: 'Ask Nordfrakt for a sandbox and a technical contact this week; keep them last in the order.',
    trigger: 'No sandbox by 20 November',
    visibility: 'shared',
  });
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
  const testData = await createRaid(deps, member, {
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
  await riskOccurred(deps, member, testData.id, 'Two carriers sent test data without returns. We test returns against recorded production events instead.');
  await createRaid(deps, stakeholder, {
    type: 'issue',
    title: 'Staging VPN drops every night',
    description: 'The staging environment is unreachable between 01:00 and 02:00 during backups.',
    owner: 'Sam Patel',
    visibility: 'shared',
  });
  await createRaid(deps, lead, {
    type: 'assumption',
    title: 'Carriers keep their event formats stable during the project',
    description: 'Our estimates assume no carrier changes its tracking event format before March.',
    owner: 'Maya Okafor',
    visibility: 'shared',
  });
  await createRaid(deps, lead, {
    type: 'dependency',
    title: 'Root access for Tom on the staging server',
    description: 'Needed to install the tracking poller. Fjord IT grants it.',
    owner: 'Sam Patel',
    neededFrom: 'client',
    neededBy: isoDate(addDays(today, 2)),
    visibility: 'shared',
  });
  await createRaid(deps, lead, {
    type: 'dependency',
    title: 'Sandbox account from Nordfrakt',
    description: 'Without it the third carrier cannot be tested.',
    owner: 'Tom Reyes',
    neededFrom: 'third_party',
    neededBy: isoDate(addDays(today, 9)),
    visibility: 'shared',
  });
  await updateRaid(deps, member, docs.id, { status: 'mitigating' });

  const hosting = await requestDecision(deps, accessFor(actors.lead, engagementId, 'lead', 'decision.request'), {
    title: 'Where the new portal runs',
    context: 'Fjord runs everything on two virtual machines today. The portal needs to survive a carrier outage and the Monday peak.',
    options: [
      { title: 'Stay on the two VMs', description: 'Add a third VM and a load balancer.', cost: 'about 400 € a month', time: 'no delay', risk: 'manual failover' },
      { title: 'Managed containers', description: 'Run on the cloud provider Fjord already uses.', cost: 'about 650 € a month', time: '+1 week setup', risk: 'new skills for Fjord IT' },
    ],
    recommendation: 'We recommend staying on VMs for now, because Fjord IT knows them and the load fits; revisit after the first peak season.',
    kind: 'technical',
    dueDate: isoDate(addDays(today, 3)),
    visibility: 'shared',
  });
  await decide(deps, accessFor(actors.lead, engagementId, 'lead', 'decision.decide'), hosting.id, 'Stay on VMs with a third node; revisit in May.', 0);
  await requestDecision(deps, accessFor(actors.lead, engagementId, 'lead', 'decision.request'), {
    title: 'Which carriers to integrate first',
    context: 'Five carriers. Two push events by webhook, three need polling. Nordfrakt has no API documentation.',
    options: [
      { title: 'The two push carriers first', description: 'They carry 60% of consignments.', cost: '3 days', time: 'on plan', risk: 'low' },
      { title: 'All five at once', description: 'One release with full coverage.', cost: '8 days', time: '+1 week', risk: 'Nordfrakt may block the release' },
    ],
    recommendation: 'We recommend the two push carriers first, because they cover most enquiries and carry the least risk.',
    kind: 'scope',
    dueDate: isoDate(addDays(today, 5)),
    visibility: 'shared',
  });
}
