/**
 * The report's sections from the pages' own answers (issue 16, ADR 0024).
 * Pure: the server hands in what each page's use case returned for the
 * reader (already filtered by role and visibility); these functions only pick
 * what belongs to the period and shape it. Nothing here can widen what the
 * reader sees, because nothing here reads.
 */
import type { z } from 'zod';
import type { AgendaList, AgendaReview } from '../../contracts/agenda';
import type { Commitment, CommitmentEvent, SayDo } from '../../contracts/commitments';
import type { Budget, Phase } from '../../contracts/delivery';
import type { Outcome } from '../../contracts/engagements';
import type { Forecast, StoredForecast } from '../../contracts/forecast';
import type { GateReviewSummary } from '../../contracts/gates';
import type { Decision, Escalation, GovernanceChanges, RaidItem } from '../../contracts/governance';
import type { Recommendation, RecommendationLedger } from '../../contracts/recommendations';
import type {
  EngagementReport,
  ReportAgenda,
  ReportBudget,
  ReportCommitment,
  ReportCommitments,
  ReportDecision,
  ReportEscalation,
  ReportForecast,
  ReportGateReview,
  ReportPeriod,
  ReportRaid,
  ReportRecommendation,
  ReportRecommendations,
  ReportTrust,
} from '../../contracts/report';
import type { TrustReport } from '../../contracts/trust';
import { actorOf, sentenceFor, sentenceText } from '../audit/sentence';
import { CLOSED_STATUSES } from '../governance/raid';
import { dayOf, inPeriod } from './period';

type P = Pick<ReportPeriod, 'from' | 'to'>;
type I<T extends z.ZodType> = z.infer<T>;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function outcomesSection(outcomes: I<typeof Outcome>[], p: P): EngagementReport['outcomes'] {
  if (outcomes.length === 0) return null;
  return outcomes.map(({ updatedAt, ...o }) => ({ ...o, measuredInPeriod: inPeriod(updatedAt, p) }));
}

/** Every phase as it stands; the gate reviews opened or decided in the period, or still undecided. */
export function phasesSection(phases: I<typeof Phase>[] | null, reviews: I<typeof GateReviewSummary>[] | null, p: P): EngagementReport['phases'] {
  const ps = phases ?? [];
  const rs: I<typeof ReportGateReview>[] = (reviews ?? [])
    .filter((r) => inPeriod(r.openedAt, p) || inPeriod(r.decision?.decidedAt, p) || (r.status !== 'decided' && dayOf(r.openedAt) <= p.to))
    .sort((a, b) => a.openedAt.localeCompare(b.openedAt))
    .map((r) => ({
      id: r.id,
      phase: r.phase.name,
      status: r.status,
      openedAt: r.openedAt,
      decision: r.decision?.decision ?? null,
      decidedAt: r.decision?.decidedAt ?? null,
      rationale: r.decision?.rationale ?? null,
      conditions: (r.decision?.conditions ?? []).map((c) => ({ what: c.what, side: c.side, dueDate: c.dueDate, status: c.status })),
      waitingFor: r.waitingFor,
    }));
  if (ps.length === 0 && rs.length === 0) return null;
  return {
    phases: ps.map((x) => ({
      id: x.id,
      name: x.name,
      status: x.status,
      plannedStart: x.plannedStart,
      plannedEnd: x.plannedEnd,
      percentElapsed: x.percentElapsed,
      exitCriteriaMet: x.exitCriteria.filter((c) => c.met).length,
      exitCriteria: x.exitCriteria.length,
    })),
    gateReviews: rs,
  };
}

export function budgetSection(b: I<typeof Budget>): I<typeof ReportBudget> {
  return {
    currency: b.budget.currency,
    budgetHours: b.budget.hours ?? null,
    budgetAmount: b.budget.amount ?? null,
    spentHours: b.burn.spentHours,
    spentAmount: b.burn.spentAmount,
    percentSpent: b.burn.percentSpentHours ?? b.burn.percentSpentAmount,
    percentElapsed: b.burn.percentElapsed,
    alerts: b.alerts.map((a) => ({ message: a.message, crossedOn: a.crossedOn })),
    phases: b.phases.map((x) => ({ phase: x.phase.name, scopeHours: x.scopeHours, actualHours: x.actualHours, percentSpent: x.percentSpent, percentElapsed: x.percentElapsed })),
  };
}

/** The live forecast's fan, and the stored engagement forecasts of the period: how the dates moved. */
export function forecastSection(f: I<typeof Forecast>, stored: I<typeof StoredForecast>[], p: P): I<typeof ReportForecast> {
  const moved = stored
    .filter((s) => s.scope.kind === 'engagement' && inPeriod(s.asOf, p))
    .sort((a, b) => a.asOf.localeCompare(b.asOf))
    .map((s) => ({ asOf: s.asOf, trigger: s.trigger, p50: s.dates?.p50 ?? null, p85: s.dates?.p85 ?? null, p95: s.dates?.p95 ?? null }));
  const c = f.completion;
  return {
    asOf: f.asOf,
    audience: f.audience,
    plannedEnd: f.plan.plannedEnd ?? f.scope.plannedEnd,
    completion: c.kind === 'forecast' ? { p50: c.p50, p85: c.p85, p95: c.p95 } : null,
    reason: c.kind === 'forecast' ? null : c.reason,
    summary: f.explanation.summary,
    fan: f.fan,
    moved,
  };
}

const commitmentRow = (c: I<typeof Commitment>, on: string, note: string): I<typeof ReportCommitment> => ({
  id: c.id,
  internal: c.visibility === 'internal',
  title: c.title,
  side: c.side,
  dueDate: c.dueDate,
  originalDueDate: c.originalDueDate,
  status: c.status,
  on,
  note,
});

/**
 * Commitments kept, renegotiated and missed in the period. `events` holds the
 * timelines (from the commitment detail) of the commitments renegotiated at
 * least once.
 */
export function commitmentsSection(list: I<typeof Commitment>[], events: Map<string, I<typeof CommitmentEvent>[]>, say: I<typeof SayDo>, p: P): I<typeof ReportCommitments> {
  const kept = list
    .filter((c) => c.status === 'kept' && inPeriod(c.keptAt, p))
    .map((c) => commitmentRow(c, dayOf(c.keptAt!), c.daysLate ? `delivered ${plural(c.daysLate, 'day')} late` : c.renegotiations ? `kept after ${plural(c.renegotiations, 'renegotiation')}` : 'kept as promised'));
  const missed = list
    .filter((c) => c.status === 'missed' && inPeriod(c.missedAt, p))
    .map((c) => commitmentRow(c, dayOf(c.missedAt!), c.missedAutomatically ? 'nothing delivered by the due date' : 'marked missed'));
  const renegotiated: I<typeof ReportCommitment>[] = [];
  for (const c of list) {
    for (const e of events.get(c.id) ?? []) {
      if (e.kind !== 'renegotiated' || !inPeriod(e.at, p)) continue;
      const adv = e.daysInAdvance ?? 0;
      const when = adv > 0 ? `${plural(adv, 'day')} before it was due` : adv === 0 ? 'on the day it was due' : `${plural(-adv, 'day')} after it was due`;
      renegotiated.push(commitmentRow(c, dayOf(e.at), `from ${e.from ?? '?'} to ${e.to ?? '?'}, ${when}${e.reason ? `: ${e.reason}` : ''}`));
    }
  }
  const byOn = (a: I<typeof ReportCommitment>, b: I<typeof ReportCommitment>) => a.on.localeCompare(b.on) || a.title.localeCompare(b.title);
  return {
    kept: kept.sort(byOn),
    renegotiated: renegotiated.sort(byOn),
    missed: missed.sort(byOn),
    sayDo: say.sides.map((s) => ({ side: s.side, resolved: s.resolved, sayDo: s.sayDo })),
  };
}

const RAID_TYPES = new Set(['risk', 'issue', 'assumption', 'dependency']);

/**
 * The period's changes to the RAID log (the governance page's "what changed"), as audit sentences, and what is
 * still open. Only changes of items the reader can open now (in `items`, the register as the reader's role sees
 * it): a shared record of an item made internal later names it, and a client role must not read that name here
 * (as the trust index leaves such objects out, ADR 0022).
 */
export function raidSection(changes: I<typeof GovernanceChanges>['changes'], items: I<typeof RaidItem>[], engagementId: string, p: P): I<typeof ReportRaid> {
  const visible = new Set(items.map((r) => r.id));
  const internal = new Set(items.filter((r) => r.visibility === 'internal').map((r) => r.id));
  return {
    changes: changes
      .filter((c) => RAID_TYPES.has(c.object.type) && visible.has(c.object.id) && inPeriod(c.at, p))
      .sort((a, b) => a.seq - b.seq)
      .map((c) => ({
        at: c.at,
        actor: actorOf(c),
        text: sentenceText(sentenceFor({ action: c.action, object: c.object, before: null, after: c.after ?? null, actor: c.actor }, engagementId)),
        type: c.object.type,
        internal: internal.has(c.object.id),
      })),
    open: items
      .filter((r) => !CLOSED_STATUSES.has(r.status) && dayOf(r.createdAt) <= p.to)
      .sort((a, b) => (b.score ?? 0) - (a.score ?? 0) || a.title.localeCompare(b.title))
      .map((r) => ({ id: r.id, type: r.type, title: r.title, status: r.status, severity: r.severity, owner: r.owner, internal: r.visibility === 'internal' })),
  };
}

const decisionRow = (d: I<typeof Decision>): I<typeof ReportDecision> => ({
  id: d.id,
  internal: d.visibility === 'internal',
  number: d.number,
  title: d.title,
  decider: d.decider,
  dueDate: d.dueDate,
  overdue: d.overdue,
  outcome: d.outcome,
  decidedAt: d.decidedAt,
});

export function decisionsSection(list: I<typeof Decision>[], p: P): EngagementReport['decisions'] {
  return {
    taken: list.filter((d) => d.decidedAt && inPeriod(d.decidedAt, p)).sort((a, b) => a.number - b.number).map(decisionRow),
    waiting: list.filter((d) => d.status === 'proposed' && dayOf(d.createdAt) <= p.to).sort((a, b) => a.dueDate.localeCompare(b.dueDate)).map(decisionRow),
  };
}

/** Escalations raised or acted on in the period, or still open at its end. */
export function escalationsSection(list: I<typeof Escalation>[], p: P): I<typeof ReportEscalation>[] {
  return list
    .filter((e) => dayOf(e.createdAt) <= p.to && (inPeriod(e.createdAt, p) || e.events.some((x) => inPeriod(x.at, p)) || e.status === 'open' || e.status === 'acknowledged'))
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
    .map((e) => ({
      id: e.id,
      internal: e.visibility === 'internal',
      title: e.title,
      status: e.status,
      level: e.level,
      raisedAt: e.createdAt,
      outcome: e.outcome,
      events: e.events.filter((x) => inPeriod(x.at, p)).map((x) => ({ at: x.at, kind: x.kind, level: x.level, note: x.note })),
    }));
}

const recRow = (r: I<typeof Recommendation>): I<typeof ReportRecommendation> => ({
  id: r.id,
  internal: r.visibility === 'internal',
  kind: r.kind,
  title: r.title,
  status: r.status,
  respondedAt: r.respondedAt,
  avoidedHours: r.avoidedHours,
  avoidedMoney: r.avoidedMoney,
  reason: r.reason,
});

export function recommendationsSection(list: I<typeof Recommendation>[], currency: string, ledger: I<typeof RecommendationLedger>, p: P): I<typeof ReportRecommendations> {
  return {
    currency,
    answered: list.filter((r) => inPeriod(r.respondedAt, p)).sort((a, b) => (a.respondedAt ?? '').localeCompare(b.respondedAt ?? '')).map(recRow),
    waiting: list.filter((r) => (r.status === 'proposed' || r.status === 'deferred') && dayOf(r.createdAt) <= p.to).map(recRow),
    avoided: { hours: ledger.avoided.hours, money: ledger.avoided.money, recommendations: ledger.avoided.recommendations },
    acceptanceRate: ledger.acceptanceRate,
  };
}

/** The trust index at the end of the period, with each component's score at its start and the evidence that moved it most. */
export function trustSection(now: TrustReport, then: TrustReport | null, p: P): I<typeof ReportTrust> {
  const components = (['provider', 'client'] as const).flatMap((side) =>
    now[side].components.map((c) => ({
      side,
      key: c.key,
      score: c.score,
      from: then?.[side].components.find((x) => x.key === c.key)?.score ?? null,
      explanation: c.explanation,
      reasons: [...c.evidence]
        .sort((a, b) => Math.abs(b.effect) - Math.abs(a.effect))
        .slice(0, 3)
        .map((e) => ({ title: e.title, effect: e.effect, explanation: e.explanation })),
    })),
  );
  return {
    asOf: now.asOf,
    provider: now.provider.score,
    client: now.client.score,
    providerFrom: then?.provider.score ?? null,
    clientFrom: then?.client.score ?? null,
    components,
    trend: now.trend.filter((t) => t.date >= p.from && t.date <= p.to),
  };
}

/** The future agenda still ahead (open and kept entries), and the reviews held in the period. */
export function agendaSection(a: I<typeof AgendaList>, reviews: I<typeof AgendaReview>[], p: P): I<typeof ReportAgenda> {
  return {
    nextReviewDue: a.nextReviewDue,
    overdue: a.overdue,
    entries: a.entries
      .filter((e) => e.status === 'open' || e.status === 'kept' || (e.status === 'turned_into' && inPeriod(e.updatedAt, p)))
      .map((e) => ({ id: e.id, kind: e.kind, title: e.title, side: e.side, status: e.status, raisedBy: e.raisedBy.name, link: e.link ? `${e.link.type}: ${e.link.title}` : null, internal: e.visibility === 'internal' })),
    reviewsInPeriod: reviews
      .filter((r) => inPeriod(r.heldOn, p))
      .sort((x, y) => x.heldOn.localeCompare(y.heldOn))
      .map((r) => ({ heldOn: r.heldOn, outcomes: r.outcomes.map((o) => ({ entry: o.entryTitle, decision: o.decision })) })),
  };
}
