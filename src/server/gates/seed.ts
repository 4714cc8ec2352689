import { accessFor } from '../authz/access';
import type { SeedTimeline } from '../db/seed/timeline';
import type { Actor } from '../http/context';
import { decideGate, saveAnswers } from './service';

type Score = [question: string, score: number, comment: string];

/**
 * The Discovery gate of the demo (ADR 0015, ADR 0016): the review opened by
 * the lead's request (delivery seed), answered blind by both sides, who
 * disagree on one question — the provider thinks it flagged problems early,
 * the client had to chase — then the sponsor proceeds.
 */
export function seedDiscoveryGate(t: SeedTimeline, engagementId: string, reviewId: () => string, people: { lead: Actor; member: Actor; sponsor: Actor }) {
  const deps = t.deps;
  const lead = accessFor(people.lead, engagementId, 'lead', 'gate.answer');
  const member = accessFor(people.member, engagementId, 'member', 'gate.answer');
  const sponsor = accessFor(people.sponsor, engagementId, 'sponsor', 'gate.answer');
  const provider: Score[] = [
    ['business_understanding', 4, 'Six shipper interviews and the call-reason analysis gave us the picture; invoicing is still thin.'],
    ['collaboration_clarity', 4, 'RACI agreed at kick-off; the weekly check-in works.'],
    ['risk_openness', 4, 'We raised the undocumented carrier API as a risk in week 2.'],
    ['outcomes_focus', 5, 'Every item is tied to the self-service tracking outcome.'],
    ['proactive_communication', 5, 'We flagged the carrier risk before anyone asked.'],
    ['beyond_scope', 3, 'We have not yet talked about what comes after the portal.'],
  ];
  const client: Score[] = [
    ['business_understanding', 4, 'They understood why shippers call us.'],
    ['collaboration_clarity', 4, ''],
    ['risk_openness', 4, 'The carrier risk was explained well.'],
    ['outcomes_focus', 4, 'Good focus on what shippers can do themselves.'],
    ['proactive_communication', 2, 'We had to chase the interview summary twice, and learnt about the slipped carrier mapping in a meeting, not before it.'],
    ['beyond_scope', 3, ''],
  ];
  const answers = (rows: Score[]) => rows.map(([question, score, comment]) => ({ question, score, comment }));
  t.on(t.at(-23, 14), 'the member drafts the provider answers', async () => {
    await saveAnswers(deps, member, reviewId(), { answers: answers(provider.slice(0, 3)), submit: false });
  });
  t.on(t.at(-23, 16), "the lead submits the provider's answers", async () => {
    await saveAnswers(deps, lead, reviewId(), { answers: answers(provider), submit: true });
  });
  t.on(t.at(-22, 9), "the sponsor submits the client's answers: both revealed", async () => {
    await saveAnswers(deps, sponsor, reviewId(), { answers: answers(client), submit: true });
  });
  t.on(t.at(-22, 11), 'the sponsor proceeds at the discovery gate', async () => {
    await decideGate(deps, accessFor(people.sponsor, engagementId, 'sponsor', 'gate.decide'), reviewId(), {
      decision: 'proceed',
      rationale: 'Exit criteria met and the tracking approach is sound. We want problems flagged before meetings, not in them: see the proactive-communication gap.',
      conditions: [],
    });
  });
}
