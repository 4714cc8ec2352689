/**
 * The evidence panel of a gate review: what the project already knows about
 * the phase, assembled from its own tables (nothing re-entered), each read
 * through `scoped()` so a client sees only shared items, risks and time.
 */
import type { EngagementAccess } from '../authz/access';
import { scoped } from '../authz/scoped';
import type { GateReviewsTable, PhasesTable } from '../db/schema';
import { getBudget } from '../delivery/budget';
import type { Deps } from '../http/context';

const DAY = 86_400_000;
const LIST = 50;
const r1 = (x: number) => Math.round(x * 10) / 10;

export async function gateEvidence(deps: Deps, access: EngagementAccess, review: GateReviewsTable, phase: PhasesTable) {
  const from = phase.planned_start;
  const to = (review.decided_at ?? deps.clock.now().toISOString()).slice(0, 10);
  const fromTs = `${from}T00:00:00.000Z`;
  const toTs = `${to}T23:59:59.999Z`;

  const [items, commitments, raid, decisions, budget, forecasts] = await Promise.all([
    scoped(deps.db, access, 'work_items').select(['id', 'title', 'status']).where('phase_id', '=', phase.id).orderBy('status').orderBy('id').execute(),
    scoped(deps.db, access, 'commitments')
      .select(['id', 'title', 'side', 'status', 'due_date', 'renegotiations'])
      .where((eb) => eb.or([eb('phase_id', '=', phase.id), eb.and([eb('phase_id', 'is', null), eb('original_due_date', '>=', from), eb('original_due_date', '<=', to)])]))
      .orderBy('due_date')
      .execute(),
    scoped(deps.db, access, 'raid_items')
      .select(['id', 'type', 'title', 'status', 'flagged_at', 'risk_id', 'unflagged', 'occurred_at'])
      .where('type', 'in', ['risk', 'issue'])
      .where((eb) => eb.or([eb.and([eb('flagged_at', '>=', fromTs), eb('flagged_at', '<=', toTs)]), eb.and([eb('occurred_at', '>=', fromTs), eb('occurred_at', '<=', toTs)])]))
      .orderBy('flagged_at')
      .execute(),
    scoped(deps.db, access, 'decisions')
      .select(['id', 'number', 'title', 'created_at', 'decided_at', 'due_date'])
      .where('status', '!=', 'proposed')
      .where('decided_at', '>=', fromTs)
      .where('decided_at', '<=', toTs)
      .orderBy('decided_at')
      .execute(),
    getBudget(deps, access),
    scoped(deps.db, access, 'forecasts')
      .select(['id', 'as_of', 'date_p50', 'date_p85', 'phase_id'])
      .where((eb) => eb.or([eb('phase_id', '=', phase.id), eb('phase_id', 'is', null)]))
      .orderBy('as_of')
      .execute(),
  ]);

  const count = (s: string) => items.filter((i) => i.status === s).length;
  const issues = raid.filter((x) => x.type === 'issue');
  const decided = decisions
    .filter((d) => d.decided_at)
    .map((d) => ({
      id: d.id,
      number: d.number,
      title: d.title,
      decidedAt: d.decided_at!,
      daysToDecide: r1((Date.parse(d.decided_at!) - Date.parse(d.created_at)) / DAY),
      onTime: Date.parse(d.decided_at!) <= Date.parse(`${d.due_date}T23:59:59.999Z`),
    }));
  const days = decided.map((d) => d.daysToDecide).sort((a, b) => a - b);
  const median = days.length === 0 ? null : days.length % 2 ? days[(days.length - 1) / 2]! : r1((days[days.length / 2 - 1]! + days[days.length / 2]!) / 2);

  // the forecast current when the phase started: the last one recorded by the end of its start day
  // (this phase's own preferred), else the first one recorded during the phase
  const startTs = `${from}T23:59:59.999Z`;
  const before = forecasts.filter((f) => f.as_of <= startTs);
  const pick =
    before.filter((f) => f.phase_id === phase.id).at(-1) ??
    before.at(-1) ??
    forecasts.find((f) => f.as_of <= toTs && f.phase_id === phase.id) ??
    forecasts.find((f) => f.as_of <= toTs);
  const reviewRequestedOn = phase.review_requested_at?.slice(0, 10) ?? null;
  const endedOn = phase.done_at?.slice(0, 10) ?? null;
  const compareOn = endedOn ?? reviewRequestedOn;

  const burn = budget?.phases.find((p) => p.phase.id === phase.id) ?? null;
  return {
    window: { from, to },
    exitCriteria: JSON.parse(phase.exit_criteria) as { text: string; met: boolean }[],
    items: { done: count('done'), dropped: count('dropped'), open: items.length - count('done') - count('dropped'), list: items.slice(0, LIST) },
    commitments: {
      kept: commitments.filter((c) => c.status === 'kept').length,
      renegotiated: commitments.filter((c) => c.renegotiations > 0).length,
      missed: commitments.filter((c) => c.status === 'missed').length,
      open: commitments.filter((c) => c.status === 'open' || c.status === 'renegotiated').length,
      list: commitments.slice(0, LIST).map((c) => ({ id: c.id, title: c.title, side: c.side, status: c.status, dueDate: c.due_date, renegotiations: c.renegotiations })),
    },
    risks: {
      flagged: raid.filter((x) => x.type === 'risk').length,
      issuesOccurred: issues.length,
      issuesFlaggedBefore: issues.filter((x) => x.risk_id !== null).length,
      list: raid.slice(0, LIST).map((x) => ({ id: x.id, type: x.type, title: x.title, status: x.status, flaggedAt: x.flagged_at, flaggedBefore: x.type === 'issue' ? x.risk_id !== null : null })),
    },
    decisions: { taken: decided.length, medianDaysToDecide: median, list: decided.slice(0, LIST) },
    budget: burn ? { scopeHours: burn.scopeHours, actualHours: burn.actualHours, percentSpent: burn.percentSpent, percentElapsed: burn.percentElapsed } : null,
    forecast: pick
      ? {
          forecastId: pick.id,
          asOf: pick.as_of,
          dateP50: pick.date_p50,
          dateP85: pick.date_p85,
          plannedEnd: phase.planned_end,
          actualEnd: endedOn,
          reviewRequestedOn,
          daysAgainstP85: pick.date_p85 && compareOn ? Math.round((Date.parse(`${compareOn}T00:00:00Z`) - Date.parse(`${pick.date_p85}T00:00:00Z`)) / DAY) : null,
        }
      : null,
  };
}
