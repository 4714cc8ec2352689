import { appendAudit } from '../audit/append';
import { unscoped } from '../authz/scoped';
import { accessFor } from '../authz/access';
import type { TimeEntriesTable } from '../db/schema';
import type { Actor } from '../http/context';
import type { SeedTimeline } from '../db/seed/timeline';
import { newId } from '../ids';
import { putBudget, putRates, updateSettings } from './budget';
import { touch } from './common';
import { createItem, updateItem } from './items';
import { seedDiscoveryGate } from '../gates/seed';
import { createPhase, requestPhaseReview, updatePhase } from './phases';
import { createLock, rebuildAggregates } from './time';

/**
 * Demo delivery data for the seeded engagement, as a history on the seed
 * timeline (ADR 0016): settings, budget and the plan at the kick-off six
 * weeks ago; ~30 work items, each started and finished on its own day through
 * the use cases (so cycle times and the burn-up have real dates); the
 * discovery phase closed by its gate review; six weeks of time, logged
 * promptly or two days late, imported week by week; the discovery period
 * locked once invoiced. Deterministic (no randomness).
 */
export function seedDelivery(t: SeedTimeline, engagementId: string, lead: Actor, member: Actor, sponsor: Actor) {
  const deps = t.deps;
  const day = (n: number) => t.day(n);
  const L = accessFor(lead, engagementId, 'lead', 'phase.manage');
  const M = accessFor(member, engagementId, 'member', 'item.write');
  const plan = [
    { name: 'Discovery', goal: 'Understand how shippers ask about consignments today and agree what "answered online" means.', from: -42, to: -22, criteria: ['Call reasons analysed with the service desk', 'Tracking data sources confirmed per carrier', 'Outcome indicators baselined'] },
    { name: 'Tracking', goal: 'Shippers follow every consignment online, with carrier events within 15 minutes.', from: -21, to: 35, criteria: ['Tracking page live for all five carriers', 'Share of tracking enquiries answered online measured weekly', 'Accessibility check passed'] },
    { name: 'Booking', goal: 'Pick-up requests confirmed online within four hours.', from: 36, to: 100, criteria: ['Online booking for the three largest shipper groups', 'Median confirmation under 4 h for two weeks'] },
    { name: 'Invoicing', goal: 'Shippers see, download and query invoices without calling us.', from: 101, to: 180, criteria: ['Invoice archive online', 'Dispute form routed to accounts receivable'] },
  ];
  const phase = new Map<string, string>(); // name → id

  t.on(t.at(-42, 10), 'delivery settings, budget and rates', async () => {
    await updateSettings(deps, L, { startDate: day(-42), endDate: day(180), clientTimeView: 'entries' });
    await putBudget(deps, L, { hours: 1600, amount: 176_000, currency: 'EUR', alertThresholds: [75, 90], ratesShared: false });
    await putRates(deps, L, [
      { role: 'lead', userId: null, hourlyRate: 125, currency: 'EUR' },
      { role: 'member', userId: null, hourlyRate: 105, currency: 'EUR' },
    ]);
  });
  t.on(t.at(-42, 10, 30), 'the plan', async () => {
    for (const p of plan) {
      const created = await createPhase(deps, L, {
        name: p.name,
        goal: p.goal,
        plannedStart: day(p.from),
        plannedEnd: day(p.to),
        exitCriteria: p.criteria.map((text, i) => ({ text, met: p.from < -30 || (p.from < 0 && i === 0) })),
      });
      phase.set(p.name, created.id);
    }
    await updatePhase(deps, L, phase.get('Discovery')!, { status: 'active' });
  });

  type S = 'backlog' | 'in_progress' | 'blocked' | 'done' | 'dropped';
  type Who = 'lead' | 'member' | null;
  const items: [string, string, 'track' | 'book' | 'invoice' | null, S, [number, number, number] | null, Who, boolean?][] = [
    ['Interview six shippers about tracking questions', 'Discovery', 'track', 'done', [6, 8, 12], 'lead'],
    ['Analyse service desk call reasons (October export)', 'Discovery', 'track', 'done', [4, 6, 10], 'member'],
    ['Map carrier tracking feeds (webhooks vs polling)', 'Discovery', 'track', 'done', [8, 12, 20], 'member'],
    ['Baseline the outcome indicators with the sponsor', 'Discovery', null, 'done', [2, 3, 5], 'lead'],
    ['Estimate review: carriers without API documentation', 'Discovery', 'track', 'done', [2, 3, 6], 'lead', true],
    ['Carrier A webhook receiver', 'Tracking', 'track', 'done', [12, 16, 24], 'member'],
    ['Carrier B webhook receiver', 'Tracking', 'track', 'done', [10, 14, 22], 'member'],
    ['Polling service for carriers C, D and E', 'Tracking', 'track', 'in_progress', [20, 28, 44], 'member'],
    ['Consignment event model and storage', 'Tracking', 'track', 'done', [10, 14, 20], 'member'],
    ['Tracking page: timeline of events', 'Tracking', 'track', 'in_progress', [16, 24, 36], 'member'],
    ['Tracking page: search by consignment or reference', 'Tracking', 'track', 'backlog', [8, 12, 18], 'member'],
    ['E-mail alert when a consignment is delayed', 'Tracking', 'track', 'backlog', [10, 14, 24], null],
    ['Carrier D has no sandbox: agree test data with Fjord', 'Tracking', 'track', 'blocked', [2, 4, 8], 'lead'],
    ['Accessibility review of the tracking page', 'Tracking', 'track', 'backlog', [6, 8, 12], null],
    ['Weekly indicator report: enquiries answered online', 'Tracking', 'track', 'in_progress', [4, 6, 10], 'lead'],
    ['Load test carrier polling at peak (Monday 8:00)', 'Tracking', 'track', 'backlog', [6, 10, 16], 'member', true],
    ['Retire the 2014 tracking iframe', 'Tracking', 'track', 'dropped', [4, 6, 8], null],
    ['Pick-up request form', 'Booking', 'book', 'backlog', [16, 24, 40], null],
    ['Confirmation rules engine (slots per depot)', 'Booking', 'book', 'backlog', [24, 36, 60], null],
    ['Depot capacity feed from the TMS', 'Booking', 'book', 'backlog', [12, 20, 36], null],
    ['SMS confirmation to shipper', 'Booking', 'book', 'backlog', [6, 8, 14], null],
    ['Booking changes and cancellations', 'Booking', 'book', 'backlog', [10, 16, 28], null],
    ['Measure median confirmation time', 'Booking', 'book', 'backlog', [4, 6, 10], null],
    ['Invoice archive with PDF download', 'Invoicing', 'invoice', 'backlog', [16, 24, 36], null],
    ['Invoice line explanations (surcharges in plain words)', 'Invoicing', 'invoice', 'backlog', [8, 12, 20], null],
    ['Dispute form routed to accounts receivable', 'Invoicing', 'invoice', 'backlog', [12, 16, 28], null],
    ['Single sign-on for shipper accounts', 'Invoicing', null, 'backlog', [16, 24, 48], null],
    ['Monthly dispute count from the ERP', 'Invoicing', 'invoice', 'backlog', [4, 6, 12], null],
    ['Internal: margin check on the booking estimate', 'Booking', null, 'backlog', [2, 3, 4], 'lead', true],
    ['Security review of the carrier webhooks', 'Tracking', 'track', 'backlog', [6, 8, 12], null],
  ];
  const ids: { id: string; status: S; internal: boolean; assignee: Who }[] = [];
  // the backlog goes in once the charter is agreed, so items link to its outcomes
  t.on(t.at(-41, 11), 'work items', async () => {
    const outcomes = await unscoped(deps.db, 'the demo seed').selectFrom('outcomes').select(['id']).where('engagement_id', '=', engagementId).orderBy('position').execute();
    const outcome = { track: outcomes[0]?.id ?? null, book: outcomes[1]?.id ?? null, invoice: outcomes[2]?.id ?? null };
    for (const [i, [title, phaseName, outcomeKey, status, est, who, internal]] of items.entries()) {
      t.clock.set(t.at(-41, 11, i)); // one a minute, as someone typing them in
      const item = await createItem(deps, who === 'lead' ? L : M, {
        title,
        description: `${title}.\n\nPart of the **${phaseName}** phase.`,
        phaseId: phase.get(phaseName)!,
        outcomeId: outcomeKey ? outcome[outcomeKey] : null,
        status: 'backlog',
        estimate: est ? { low: est[0], likely: est[1], high: est[2] } : null,
        assigneeId: who === 'lead' ? lead.userId : who === 'member' ? member.userId : null,
        visibility: internal ? 'internal' : 'shared',
        externalRef: `FJ-${101 + i}`,
      });
      ids.push({ id: item.id, status, internal: !!internal, assignee: who });
    }
  });
  // Items move through their statuses on their own days, so cycle times and the burn-up have history.
  for (const [i, [, , , status, , who]] of items.entries()) {
    if (status === 'backlog') continue;
    const acc = () => (who === 'lead' ? L : M);
    const started = Math.min(-40 + i * 2, -2);
    const finished = Math.min(started + 2 + (i % 5) * 2, -1);
    if (status !== 'dropped') t.on(t.at(started, 9, 30), `start item ${i + 1}`, async () => void (await updateItem(deps, acc(), ids[i]!.id, { status: 'in_progress' })));
    if (status === 'done' || status === 'blocked' || status === 'dropped') {
      t.on(t.at(finished, status === 'done' ? 16 : 11), `${status} item ${i + 1}`, async () => void (await updateItem(deps, acc(), ids[i]!.id, { status })));
    }
  }

  // The discovery gate: review asked for, the sponsor lets the engagement proceed; tracking starts.
  // Both sides answer the gate review blind and disagree on one question; the sponsor decides (src/server/gates/seed.ts).
  let discoveryReview = '';
  t.on(t.at(-23, 10), 'discovery gate review requested', async () => {
    discoveryReview = (await requestPhaseReview(deps, L, phase.get('Discovery')!, 'All three exit criteria met; findings shared in the kick-off notes.')).gateReviewId!;
  });
  seedDiscoveryGate(t, engagementId, () => discoveryReview, { lead, member, sponsor });
  t.on(t.at(-21, 9), 'tracking starts', async () => void (await updatePhase(deps, L, phase.get('Tracking')!, { status: 'active' })));

  // Six weeks of time on weekdays: the member on build work, the lead on coordination. Most entries
  // are logged the same evening, every fifth working day two days late; they reach Candor week by
  // week, as an export from the team's timesheet tool would.
  const worked = () => ids.filter((x) => x.status !== 'backlog' || x.internal);
  const batches = new Map<number, { at: Date; rows: (() => TimeEntriesTable[])[] }>();
  let lastDiscoveryBatch = Number.NEGATIVE_INFINITY;
  for (let d = -41; d <= -1; d++) {
    const date = t.at(d, 12);
    if (date.getUTCDay() === 0 || date.getUTCDay() === 6) continue;
    const iso = t.day(d);
    const late = d % 5 === 0;
    const loggedAt = late ? t.at(d + 2, 9) : t.at(d, 17, 30);
    // the batch of the week the entries were logged in (up to that Sunday evening, or yesterday evening)
    const sunday = d + (late ? 2 : 0) + ((7 - t.at(d + (late ? 2 : 0)).getUTCDay()) % 7);
    const batchDay = Math.min(sunday, -1);
    const batch = batches.get(batchDay) ?? { at: t.at(batchDay, 20), rows: [] };
    batches.set(batchDay, batch);
    if (d <= -22) lastDiscoveryBatch = Math.max(lastDiscoveryBatch, batchDay);
    batch.rows.push(() => {
      const w = worked();
      const pick = (k: number) => w[(Math.abs(d) * 7 + k) % w.length]!;
      const rows: [Actor, (typeof ids)[0] | null, number, string, boolean][] = [
        [member, pick(0), 240 + (Math.abs(d) % 3) * 30, 'Implementation and tests', true],
        [member, pick(1), 150, 'Carrier integration work', true],
        [lead, null, 60, 'Weekly check-in preparation and status update', true],
        [lead, pick(2), 90 + (Math.abs(d) % 2) * 30, 'Review and clarifications with Fjord', d % 4 !== 0],
      ];
      return rows.map(([who, item, minutes, note, billable]) => {
        const internal = item?.internal ?? false;
        return {
          id: newId(),
          engagement_id: engagementId,
          user_id: who.userId,
          work_item_id: item?.id ?? null,
          date_worked: iso,
          minutes,
          note: internal ? `${note} (internal estimate work)` : note,
          billable: billable ? 1 : 0,
          visibility: internal ? 'internal' : 'shared',
          logged_at: loggedAt.toISOString(),
          updated_at: loggedAt.toISOString(),
          created_by: who.userId,
          external_source: null,
          external_id: null,
        } satisfies TimeEntriesTable;
      });
    });
  }
  for (const batch of batches.values()) {
    t.on(batch.at, 'a week of time', async () => {
      const entries = batch.rows.flatMap((r) => r());
      const now = t.clock.now().toISOString();
      await deps.db.transaction().execute(async (trx) => {
        for (let i = 0; i < entries.length; i += 100) await trx.insertInto('time_entries').values(entries.slice(i, i + 100)).execute();
        await rebuildAggregates(trx, engagementId);
        await touch(trx, engagementId, now);
        await appendAudit(trx, deps, {
          chain: engagementId,
          actor: lead,
          action: 'time_entries.imported',
          object: { type: 'import', id: `demo-seed-${entries[0]?.date_worked ?? now.slice(0, 10)}` },
          visibility: 'internal',
          before: null,
          after: { source: 'demo seed (timesheet export)', created: entries.length },
        });
      });
    });
  }
  // Discovery is invoiced once its time is all in.
  t.on(t.at(lastDiscoveryBatch + 1, 10), 'discovery invoiced', async () => {
    await createLock(deps, L, { periodStart: day(-42), periodEnd: day(-22), note: 'Discovery invoiced' });
  });
}
