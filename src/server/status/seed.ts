import { addDays, localDate, weekdayOf } from '../../domain/calendar/working-days';
import { accessFor } from '../authz/access';
import type { SeedTimeline } from '../db/seed/timeline';
import { decide, requestDecision } from '../governance/decisions';
import type { Actor } from '../http/context';
import { unscoped } from '../authz/scoped';
import { acknowledgeStatusUpdate, createStatusUpdate, getDraft, publishStatusUpdate } from './service';

type Who = 'lead' | 'member' | 'sponsor' | 'stakeholder';

/**
 * Four weekly status updates on the charter's cadence (Fridays, Oslo), as a
 * history on the seed timeline (ADR 0016), through the use cases: one on
 * time, one published two working days late, one at risk that the sponsor
 * acknowledged, and the last one published on track although the data
 * suggested otherwise (an overdue client decision, decided that afternoon), which it records.
 */
export function seedStatusUpdates(t: SeedTimeline, engagementId: string, actors: Record<Who, Actor>) {
  const deps = t.deps;
  const lead = () => accessFor(actors.lead, engagementId, 'lead', 'status.write');
  const sponsor = () => accessFor(actors.sponsor, engagementId, 'sponsor', 'status.acknowledge');
  // the four Fridays before today (Oslo dates; the demo's "today" is the day it is seeded)
  const today = localDate(t.now, 'Europe/Oslo');
  let friday = addDays(today, -1);
  while (weekdayOf(friday) !== 'fri') friday = addDays(friday, -1);
  const fridays = [3, 2, 1, 0].map((w) => addDays(friday, -7 * w));
  const offset = (date: string) => Math.round((Date.parse(`${date}T12:00:00Z`) - Date.parse(`${t.today}T12:00:00Z`)) / 86_400_000);
  const publish = async (health: 'on_track' | 'at_risk' | 'off_track', reason: string, nextStep: string, intro: string, internalNote = '') => {
    const draft = await getDraft(deps, lead());
    const u = await createStatusUpdate(deps, lead(), { markdown: `${intro}\n\n${draft.markdown}`, health, reason, nextStep, internalNote });
    return publishStatusUpdate(deps, lead(), u.id);
  };

  const [w1, w2, w3, w4] = fridays.map(offset) as [number, number, number, number];
  // only what has happened by now (the demo's history ends today)
  const on = (at: Date, label: string, run: () => Promise<void>) => {
    if (at.getTime() <= t.now.getTime()) t.on(at, label, run);
  };
  on(t.at(w1, 14), 'status update: on time, on track', async () => {
    await publish('on_track', '', '', 'A calm week: carriers A and B send events to staging.');
  });
  // due on the Friday, published the Tuesday after: two working days late
  on(t.at(w2 + 4, 11), 'status update: two working days late', async () => {
    await publish('on_track', '', '', 'Sorry for the late update: the carrier workshop ran over on Friday.');
  });
  on(t.at(w3, 13), 'status update: at risk', async () => {
    await publish(
      'at_risk',
      'Carrier C has no documented API; our estimate for its integration assumed one.',
      'Workshop with carrier C’s IT on Tuesday; we bring a polling fallback with a revised estimate.',
      'Good progress on tracking, but one integration is uncertain.',
      'If carrier C slips, ask Tom to move the polling service forward.',
    );
  });
  on(t.at(w3 + 3, 9, 30), 'the sponsor acknowledges the at-risk update', async () => {
    const last = await unscoped(deps.db, 'the demo seed').selectFrom('status_updates').select('id').where('engagement_id', '=', engagementId).where('health', '=', 'at_risk').orderBy('published_at', 'desc').executeTakeFirst();
    if (last) await acknowledgeStatusUpdate(deps, sponsor(), last.id, { acknowledge: true, comment: 'Read, understood. Please bring the revised estimate to the steering meeting.' });
  });
  // a client decision that turns overdue before the last update: the data suggests at risk
  let decisionId = '';
  on(t.at(w4 - 6, 10), 'a decision for the client, due in three days', async () => {
    const d = await requestDecision(deps, accessFor(actors.lead, engagementId, 'lead', 'decision.request'), {
      title: 'Carrier C: accept polling instead of webhooks',
      context: 'Carrier C has no webhook API. Polling every 15 minutes is enough for the tracking target.',
      options: [
        { title: 'Accept polling', description: 'We start now; events arrive up to 15 minutes late.', cost: '', time: '' },
        { title: 'Wait for carrier C’s webhooks', description: 'Not before March.', cost: '', time: '' },
      ],
      recommendation: 'Accept polling: it meets the 80 % target and keeps phase 2 on plan.',
      kind: 'scope',
      dueDate: addDays(fridays[3]!, -3),
      visibility: 'shared',
    } as Parameters<typeof requestDecision>[2]);
    decisionId = d.id;
  });
  on(t.at(w4, 14), 'status update: the lead overrides the suggested health', async () => {
    await publish('on_track', '', '', 'Tracking is on plan. The carrier C decision is with Ingrid; we expect it on Monday.');
  });
  // decided the same Friday afternoon, after the update (always in the past, whatever weekday the demo is seeded on)
  on(t.at(w4, 16), 'the sponsor decides on carrier C', async () => {
    if (decisionId) await decide(deps, accessFor(actors.sponsor, engagementId, 'sponsor', 'decision.decide'), decisionId, 'Polling accepted for carrier C.', 0);
  });
}
