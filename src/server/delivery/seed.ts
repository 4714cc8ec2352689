import { addDays, isoDate } from '../../domain/time';
import { appendAudit } from '../audit/append';
import { accessFor } from '../authz/access';
import type { TimeEntriesTable } from '../db/schema';
import type { Actor, Deps } from '../http/context';
import { newId } from '../ids';
import { putBudget, putRates, updateSettings } from './budget';
import { touch } from './common';
import { createItem, updateItem } from './items';
import { applyGateDecision, createPhase, requestPhaseReview, updatePhase } from './phases';
import { createLock, rebuildAggregates } from './time';

/**
 * Demo delivery data for the seeded engagement, relative to "now": a closed
 * discovery phase, an active build phase, two planned ones, ~30 work items
 * linked to the charter's outcomes, six weeks of time and a budget.
 * Deterministic (no randomness) and fast: time entries go in one bulk insert.
 */
export async function seedDelivery(deps: Deps, engagementId: string, lead: Actor, member: Actor, sponsorId: string) {
  const now = deps.clock.now();
  const day = (n: number) => isoDate(addDays(now, n));
  const L = accessFor(lead, engagementId, 'lead', 'phase.manage');
  const M = accessFor(member, engagementId, 'member', 'item.write');
  await updateSettings(deps, L, { startDate: day(-42), endDate: day(180), clientTimeView: 'entries' });
  await putBudget(deps, L, { hours: 1600, amount: 176_000, currency: 'EUR', alertThresholds: [75, 90], ratesShared: false });
  await putRates(deps, L, [
    { role: 'lead', userId: null, hourlyRate: 125, currency: 'EUR' },
    { role: 'member', userId: null, hourlyRate: 105, currency: 'EUR' },
  ]);

  const phases: Awaited<ReturnType<typeof createPhase>>[] = [];
  const plan = [
    { name: 'Discovery', goal: 'Understand how shippers ask about consignments today and agree what "answered online" means.', from: -42, to: -22, criteria: ['Call reasons analysed with the service desk', 'Tracking data sources confirmed per carrier', 'Outcome indicators baselined'] },
    { name: 'Tracking', goal: 'Shippers follow every consignment online, with carrier events within 15 minutes.', from: -21, to: 35, criteria: ['Tracking page live for all five carriers', 'Share of tracking enquiries answered online measured weekly', 'Accessibility check passed'] },
    { name: 'Booking', goal: 'Pick-up requests confirmed online within four hours.', from: 36, to: 100, criteria: ['Online booking for the three largest shipper groups', 'Median confirmation under 4 h for two weeks'] },
    { name: 'Invoicing', goal: 'Shippers see, download and query invoices without calling us.', from: 101, to: 180, criteria: ['Invoice archive online', 'Dispute form routed to accounts receivable'] },
  ];
  for (const p of plan) {
    phases.push(
      await createPhase(deps, L, {
        name: p.name,
        goal: p.goal,
        plannedStart: day(p.from),
        plannedEnd: day(p.to),
        exitCriteria: p.criteria.map((text, i) => ({ text, met: p.from < -30 || (p.from < 0 && i === 0) })),
      }),
    );
  }
  const [discovery, tracking, booking, invoicing] = phases as [(typeof phases)[0], (typeof phases)[0], (typeof phases)[0], (typeof phases)[0]];
  const outcomes = await deps.db.selectFrom('outcomes').select(['id', 'title']).where('engagement_id', '=', engagementId).orderBy('position').execute();
  const [track, book, invoice] = outcomes.map((o) => o.id);
  type S = 'backlog' | 'in_progress' | 'blocked' | 'done' | 'dropped';
  const items: [string, string, string | undefined, S, [number, number, number] | null, 'lead' | 'member' | null, boolean?][] = [
    ['Interview six shippers about tracking questions', discovery.id, track, 'done', [6, 8, 12], 'lead'],
    ['Analyse service desk call reasons (October export)', discovery.id, track, 'done', [4, 6, 10], 'member'],
    ['Map carrier tracking feeds (webhooks vs polling)', discovery.id, track, 'done', [8, 12, 20], 'member'],
    ['Baseline the outcome indicators with the sponsor', discovery.id, undefined, 'done', [2, 3, 5], 'lead'],
    ['Estimate review: carriers without API documentation', discovery.id, track, 'done', [2, 3, 6], 'lead', true],
    ['Carrier A webhook receiver', tracking.id, track, 'done', [12, 16, 24], 'member'],
    ['Carrier B webhook receiver', tracking.id, track, 'done', [10, 14, 22], 'member'],
    ['Polling service for carriers C, D and E', tracking.id, track, 'in_progress', [20, 28, 44], 'member'],
    ['Consignment event model and storage', tracking.id, track, 'done', [10, 14, 20], 'member'],
    ['Tracking page: timeline of events', tracking.id, track, 'in_progress', [16, 24, 36], 'member'],
    ['Tracking page: search by consignment or reference', tracking.id, track, 'backlog', [8, 12, 18], 'member'],
    ['E-mail alert when a consignment is delayed', tracking.id, track, 'backlog', [10, 14, 24], null],
    ['Carrier D has no sandbox: agree test data with Fjord', tracking.id, track, 'blocked', [2, 4, 8], 'lead'],
    ['Accessibility review of the tracking page', tracking.id, track, 'backlog', [6, 8, 12], null],
    ['Weekly indicator report: enquiries answered online', tracking.id, track, 'in_progress', [4, 6, 10], 'lead'],
    ['Load test carrier polling at peak (Monday 8:00)', tracking.id, track, 'backlog', [6, 10, 16], 'member', true],
    ['Retire the 2014 tracking iframe', tracking.id, track, 'dropped', [4, 6, 8], null],
    ['Pick-up request form', booking.id, book, 'backlog', [16, 24, 40], null],
    ['Confirmation rules engine (slots per depot)', booking.id, book, 'backlog', [24, 36, 60], null],
    ['Depot capacity feed from the TMS', booking.id, book, 'backlog', [12, 20, 36], null],
    ['SMS confirmation to shipper', booking.id, book, 'backlog', [6, 8, 14], null],
    ['Booking changes and cancellations', booking.id, book, 'backlog', [10, 16, 28], null],
    ['Measure median confirmation time', booking.id, book, 'backlog', [4, 6, 10], null],
    ['Invoice archive with PDF download', invoicing.id, invoice, 'backlog', [16, 24, 36], null],
    ['Invoice line explanations (surcharges in plain words)', invoicing.id, invoice, 'backlog', [8, 12, 20], null],
    ['Dispute form routed to accounts receivable', invoicing.id, invoice, 'backlog', [12, 16, 28], null],
    ['Single sign-on for shipper accounts', invoicing.id, undefined, 'backlog', [16, 24, 48], null],
    ['Monthly dispute count from the ERP', invoicing.id, invoice, 'backlog', [4, 6, 12], null],
    ['Internal: margin check on the booking estimate', booking.id, undefined, 'backlog', [2, 3, 4], 'lead', true],
    ['Security review of the carrier webhooks', tracking.id, track, 'backlog', [6, 8, 12], null],
  ];
  const ids: { id: string; phase: string; status: S; internal: boolean; assignee: 'lead' | 'member' | null }[] = [];
  for (const [i, [title, phaseId, outcomeId, status, est, who, internal]] of items.entries()) {
    const item = await createItem(deps, who === 'lead' ? L : M, {
      title,
      description: `${title}.\n\nPart of the **${plan.find((p) => phases.find((x) => x.id === phaseId)?.name === p.name)?.name}** phase.`,
      phaseId,
      outcomeId: outcomeId ?? null,
      status: 'backlog',
      estimate: est ? { low: est[0], likely: est[1], high: est[2] } : null,
      assigneeId: who === 'lead' ? lead.userId : who === 'member' ? member.userId : null,
      visibility: internal ? 'internal' : 'shared',
      externalRef: `FJ-${101 + i}`,
    });
    ids.push({ id: item.id, phase: phaseId, status, internal: !!internal, assignee: who });
  }
  // Move items through their statuses so cycle times and the burn-up have history.
  for (const [i, it] of ids.entries()) {
    if (it.status === 'backlog') continue;
    const acc = it.assignee === 'lead' ? L : M;
    if (it.status === 'done' || it.status === 'in_progress' || it.status === 'blocked') await updateItem(deps, acc, it.id, { status: 'in_progress' });
    if (it.status !== 'in_progress') await updateItem(deps, acc, it.id, { status: it.status });
    // spread start and finish dates over the past weeks
    const started = addDays(now, -40 + i * 2);
    const done = addDays(started, 2 + (i % 5) * 2);
    await deps.db
      .updateTable('work_items')
      .set({
        created_at: addDays(started, -3).toISOString(),
        started_at: it.status === 'dropped' ? null : started.toISOString(),
        done_at: it.status === 'done' ? new Date(Math.min(done.getTime(), now.getTime())).toISOString() : null,
        dropped_at: it.status === 'dropped' ? done.toISOString() : null,
      })
      .where('id', '=', it.id)
      .execute();
  }

  await updatePhase(deps, L, discovery.id, { status: 'active' });
  await requestPhaseReview(deps, L, discovery.id, 'All three exit criteria met; findings shared in the kick-off notes.');
  await deps.db.transaction().execute((trx) =>
    applyGateDecision(trx, deps, { engagementId, phaseId: discovery.id, actor: { ...lead, userId: sponsorId, name: 'Ingrid Halvorsen', email: 'sponsor@demo.candor.dev' }, reviewId: 'seed-gate-discovery', decision: 'proceed' }),
  );
  await updatePhase(deps, L, tracking.id, { status: 'active' });

  // Six weeks of time on weekdays: the member on build work, the lead on coordination.
  const entries: TimeEntriesTable[] = [];
  const worked = ids.filter((x) => x.status !== 'backlog' || x.internal);
  for (let d = -41; d <= -1; d++) {
    const date = addDays(now, d);
    if (date.getUTCDay() === 0 || date.getUTCDay() === 6) continue;
    const iso = isoDate(date);
    const pick = (k: number) => worked[(Math.abs(d) * 7 + k) % worked.length]!;
    const rows: [Actor, (typeof ids)[0] | null, number, string, boolean][] = [
      [member, pick(0), 240 + (Math.abs(d) % 3) * 30, 'Implementation and tests', true],
      [member, pick(1), 150, 'Carrier integration work', true],
      [lead, null, 60, 'Weekly check-in preparation and status update', true],
      [lead, pick(2), 90 + (Math.abs(d) % 2) * 30, 'Review and clarifications with Fjord', d % 4 !== 0],
    ];
    for (const [who, item, minutes, note, billable] of rows) {
      const internal = item?.internal ?? false;
      entries.push({
        id: newId(),
        engagement_id: engagementId,
        user_id: who.userId,
        work_item_id: item?.id ?? null,
        date_worked: iso,
        minutes,
        note: internal ? `${note} (internal estimate work)` : note,
        billable: billable ? 1 : 0,
        visibility: internal ? 'internal' : 'shared',
        logged_at: addDays(date, d % 5 === 0 ? 2 : 0).toISOString(),
        updated_at: addDays(date, d % 5 === 0 ? 2 : 0).toISOString(),
        created_by: who.userId,
        external_source: null,
        external_id: null,
      });
    }
  }
  await deps.db.transaction().execute(async (trx) => {
    for (let i = 0; i < entries.length; i += 100) await trx.insertInto('time_entries').values(entries.slice(i, i + 100)).execute();
    await rebuildAggregates(trx, engagementId);
    await touch(trx, engagementId, now.toISOString());
    await appendAudit(trx, deps, {
      chain: engagementId,
      actor: lead,
      action: 'time_entries.imported',
      object: { type: 'import', id: 'demo-seed' },
      visibility: 'internal',
      before: null,
      after: { source: 'demo seed', created: entries.length },
    });
  });
  await createLock(deps, L, { periodStart: day(-42), periodEnd: day(-22), note: 'Discovery invoiced' });
}
