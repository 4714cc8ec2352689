/**
 * One CSV use case per register (issue 16, ADR 0025). Each reads through the
 * register's own list use case — the same scoped reads, filters and
 * presentation as its page and JSON API — and only chooses the columns, so an
 * export can show no more than the page. Provider roles get a `visibility`
 * column; client roles never see internal rows, so they get none.
 */
import type { CommitmentQuery } from '../../contracts/commitments';
import type { RaidQuery } from '../../contracts/governance';
import type { RecommendationQuery } from '../../contracts/recommendations';
import type { CsvValue } from '../../domain/exports/csv';
import { listAgenda } from '../agenda/service';
import type { EngagementAccess } from '../authz/access';
import { listCommitments } from '../commitments/service';
import { itemRowsForExport } from '../delivery/items';
import { clientSeesTotalsOnly, entryRowsForExport, timeTotals } from '../delivery/time';
import { listDecisions } from '../governance/decisions';
import { listEscalations } from '../governance/escalations';
import { listRaid } from '../governance/raid';
import type { Deps } from '../http/context';
import { listRecommendations } from '../recommendations/service';
import { listStatusUpdates } from '../status/service';
import type { CsvTable } from './stream';
import type { z } from 'zod';

const hours = (minutes: number) => Math.round((minutes / 60) * 100) / 100;
/** The visibility column, for the provider side only. */
const vis = (access: EngagementAccess) => (access.canSeeInternal ? ['visibility'] : []);
const visOf = (access: EngagementAccess, v: string) => (access.canSeeInternal ? [v] : []);

export function itemsCsv(deps: Deps, access: EngagementAccess): CsvTable {
  async function* rows(): AsyncIterable<CsvValue[]> {
    for await (const i of itemRowsForExport(deps, access)) {
      yield [
        i.id,
        i.externalRef,
        i.title,
        i.status,
        i.phase?.name,
        i.outcome?.title,
        i.estimate?.low,
        i.estimate?.likely,
        i.estimate?.high,
        i.estimate?.estimatedBy?.name,
        i.assignee?.name,
        hours(i.actualMinutes),
        ...visOf(access, i.visibility),
        i.createdAt,
        i.startedAt,
        i.doneAt,
      ];
    }
  }
  return {
    register: 'items',
    columns: ['id', 'external_ref', 'title', 'status', 'phase', 'outcome', 'estimate_low_h', 'estimate_likely_h', 'estimate_high_h', 'estimated_by', 'assignee', 'actual_h', ...vis(access), 'created_at', 'started_at', 'done_at'],
    rows: rows(),
  };
}

export async function timeCsv(deps: Deps, access: EngagementAccess): Promise<CsvTable> {
  if (await clientSeesTotalsOnly(deps.db, access)) {
    // the lead shows clients totals only: the timesheet's own per-day totals
    const totals = await timeTotals(deps, access, { groupBy: 'day' });
    return { register: 'time', columns: ['date', 'hours', 'billable_hours'], rows: totals.rows.map((r) => [r.key, r.minutes / 60, r.billableMinutes / 60]) };
  }
  async function* rows(): AsyncIterable<CsvValue[]> {
    for await (const e of entryRowsForExport(deps, access)) {
      yield [e.id, e.date_worked, e.person_name, e.person_email, hours(e.minutes), e.minutes, e.item_title, e.item_ref, e.note, e.billable === 1, ...visOf(access, e.visibility), e.logged_at];
    }
  }
  return {
    register: 'time',
    columns: ['id', 'date', 'person', 'email', 'hours', 'minutes', 'work_item', 'work_item_ref', 'note', 'billable', ...vis(access), 'logged_at'],
    rows: rows(),
  };
}

export async function commitmentsCsv(deps: Deps, access: EngagementAccess, f: z.infer<typeof CommitmentQuery>): Promise<CsvTable> {
  const list = await listCommitments(deps, access, f);
  return {
    register: 'commitments',
    columns: ['id', 'side', 'title', 'details', 'assumptions', 'due_date', 'original_due_date', 'status', 'outcome', 'owner', 'phase', 'renegotiations', 'delivered_on', 'days_late', 'linked_items', ...vis(access), 'created_by', 'created_at'],
    rows: list.map((c) => [
      c.id,
      c.side,
      c.title,
      c.details,
      c.assumptions,
      c.dueDate,
      c.originalDueDate,
      c.status,
      c.outcome,
      c.owner?.name,
      c.phase?.name,
      c.renegotiations,
      c.deliveredOn,
      c.daysLate,
      c.items.map((i) => i.title).join(' | '),
      ...visOf(access, c.visibility),
      c.createdBy.name,
      c.createdAt,
    ]),
  };
}

export async function raidCsv(deps: Deps, access: EngagementAccess, f: z.infer<typeof RaidQuery>): Promise<CsvTable> {
  const list = await listRaid(deps, access, f);
  return {
    register: 'raid',
    columns: ['id', 'type', 'title', 'description', 'status', 'owner', 'probability', 'impact', 'score', 'severity', 'mitigation', 'trigger', 'needed_from', 'needed_by', 'overdue', 'flagged_at', 'occurred_at', 'resolved_at', ...vis(access), 'created_by'],
    rows: list.map((r) => [
      r.id,
      r.type,
      r.title,
      r.description,
      r.status,
      r.owner,
      r.probability,
      r.impact,
      r.score,
      r.severity,
      r.mitigation,
      r.trigger,
      r.neededFrom,
      r.neededBy,
      r.overdue,
      r.flaggedAt,
      r.occurredAt,
      r.resolvedAt,
      ...visOf(access, r.visibility),
      r.createdBy.name,
    ]),
  };
}

export async function decisionsCsv(deps: Deps, access: EngagementAccess, status: 'proposed' | 'decided' | 'superseded' | undefined): Promise<CsvTable> {
  const list = await listDecisions(deps, access, status);
  return {
    register: 'decisions',
    columns: ['number', 'id', 'title', 'kind', 'decider', 'due_date', 'overdue', 'status', 'context', 'options', 'recommendation', 'chosen_option', 'outcome', 'decided_by', 'decided_at', 'supersedes', ...vis(access), 'created_by', 'created_at'],
    rows: list.map((d) => [
      d.number,
      d.id,
      d.title,
      d.kind,
      d.decider,
      d.dueDate,
      d.overdue,
      d.status,
      d.context,
      d.options.map((o) => o.title).join(' | '),
      d.recommendation,
      d.chosenOption == null ? null : (d.options[d.chosenOption]?.title ?? null),
      d.outcome,
      d.decidedBy?.name,
      d.decidedAt,
      d.supersedes ? `D-${d.supersedes.number}` : null,
      ...visOf(access, d.visibility),
      d.createdBy.name,
      d.createdAt,
    ]),
  };
}

export async function escalationsCsv(deps: Deps, access: EngagementAccess): Promise<CsvTable> {
  const list = await listEscalations(deps, access);
  return {
    register: 'escalations',
    columns: ['id', 'title', 'description', 'subject_type', 'subject', 'level', 'current_level_person', 'deadline', 'status', 'outcome', 'raised_by', ...vis(access), 'created_at'],
    rows: list.map((e) => [
      e.id,
      e.title,
      e.description,
      e.subject.type,
      e.subject.title,
      e.level,
      e.current?.person,
      e.deadline,
      e.status,
      e.outcome,
      e.raisedBy?.name ?? 'Candor',
      ...visOf(access, e.visibility),
      e.createdAt,
    ]),
  };
}

export async function statusUpdatesCsv(deps: Deps, access: EngagementAccess): Promise<CsvTable> {
  const list = await listStatusUpdates(deps, access);
  return {
    register: 'status-updates',
    columns: ['id', 'status', 'due_date', 'health', 'suggested_health', 'overrode', 'reason', 'late_working_days', 'published_at', 'acknowledged', 'acknowledgements', ...vis(access), 'created_at'],
    // a draft is the provider's own (internal) until it is published
    rows: list.updates.map((u) => [u.id, u.status, u.dueDate, u.health, u.suggestedHealth, u.overrode, u.reason, u.lateWorkingDays, u.publishedAt, u.acknowledged, u.acknowledgements, ...visOf(access, u.status === 'draft' ? 'internal' : 'shared'), u.createdAt]),
  };
}

export async function recommendationsCsv(deps: Deps, access: EngagementAccess, f: z.infer<typeof RecommendationQuery>): Promise<CsvTable> {
  const list = await listRecommendations(deps, access, f);
  return {
    register: 'recommendations',
    columns: [
      'id',
      'kind',
      'title',
      'recommendation',
      'benefit',
      'risk_of_not_acting',
      'outcome',
      'status',
      'reason',
      'cost_hours',
      'cost_money',
      'avoided_hours',
      'avoided_money',
      'currency',
      'deferred_until',
      'responded_by',
      'responded_at',
      'version',
      ...vis(access),
      'created_by',
      'created_at',
    ],
    rows: list.recommendations.map((r) => [
      r.id,
      r.kind,
      r.title,
      r.recommendation,
      r.benefit,
      r.riskOfNotActing,
      r.outcome?.title,
      r.status,
      r.reason,
      r.costHours,
      r.costMoney,
      r.avoidedHours,
      r.avoidedMoney,
      r.currency,
      r.deferredUntil,
      r.respondedBy?.name,
      r.respondedAt,
      r.version,
      ...visOf(access, r.visibility),
      r.createdBy.name,
      r.createdAt,
    ]),
  };
}

export async function agendaCsv(deps: Deps, access: EngagementAccess): Promise<CsvTable> {
  const list = await listAgenda(deps, access);
  return {
    register: 'agenda',
    columns: ['id', 'kind', 'title', 'details', 'raised_by', 'side', 'status', 'turned_into', 'turned_into_title', ...vis(access), 'created_at', 'updated_at'],
    rows: list.entries.map((e) => [e.id, e.kind, e.title, e.details, e.raisedBy.name, e.side, e.status, e.link?.type, e.link?.title, ...visOf(access, e.visibility), e.createdAt, e.updatedAt]),
  };
}
