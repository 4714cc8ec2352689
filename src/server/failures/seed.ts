import { accessFor } from '../authz/access';
import { createComment } from '../comments/service';
import type { SeedTimeline } from '../db/seed/timeline';
import type { Actor } from '../http/context';
import { acknowledgeFailureReport, createFailureReport, publishFailureReport } from './service';

type Who = 'lead' | 'member' | 'sponsor' | 'stakeholder';

/**
 * One demo failure report (issue 12) on the seed timeline (ADR 0016): drafted
 * internally by the provider, published with a follow-up commitment into the
 * ledger, acknowledged by the sponsor, and commented on by the stakeholder. The
 * provider noticed it first, so it counts as self-reported.
 */
export function seedFailureReports(t: SeedTimeline, engagementId: string, actors: Record<Who, Actor>) {
  const deps = t.deps;
  let id = '';
  t.on(t.at(-7, 11, 0), 'failure report drafted', async () => {
    const r = await createFailureReport(deps, accessFor(actors.member, engagementId, 'member', 'failure.write'), {
      title: 'Tracking events showed an hour late after the clock change',
      whatHappened: 'After the change to winter time, the staging tracking page showed every carrier event one hour later than it happened. We noticed it in our own morning check, before any pilot shipper did.',
      clientImpact: 'Your team demoed the page to two pilot shippers that morning with wrong times. No data was lost; the times were corrected within the day.',
      timeline: [
        { at: `${t.day(-8)} 07:40`, what: 'Morning check: events one hour late on staging' },
        { at: `${t.day(-8)} 09:15`, what: 'Cause found: event times stored in local time, not UTC' },
        { at: `${t.day(-8)} 13:30`, what: 'Fix deployed; stored events corrected' },
      ],
      cause: 'The event model stored carrier times as local time without an offset, and no test ran across a clock change.',
      changes: 'Event times are stored in UTC with the carrier’s offset kept alongside; the test suite now runs the tracking page across both clock changes of the year.',
      followUps: [{ title: 'Add a clock-change check to the release checklist', dueDate: t.day(10), ownerId: actors.member.userId }],
      source: null,
      visibility: 'internal',
    });
    id = r.id;
  });
  t.on(t.at(-6, 9, 30), 'failure report published', async () => {
    await publishFailureReport(deps, accessFor(actors.lead, engagementId, 'lead', 'failure.write'), id);
  });
  t.on(t.at(-6, 15, 0), 'failure report acknowledged', async () => {
    await acknowledgeFailureReport(deps, accessFor(actors.sponsor, engagementId, 'sponsor', 'failure.acknowledge'), id);
  });
  t.on(t.at(-5, 10, 0), 'comment on the failure report', async () => {
    await createComment(deps, accessFor(actors.stakeholder, engagementId, 'stakeholder', 'comment.write'), { subjectType: 'failure_report', subjectId: id }, {
      body: 'Thanks for telling us before the shippers did. We will mention the fix in the next pilot call.',
      internal: false,
      mentions: [],
    });
  });
}
