/**
 * The engagement report for a steering meeting (issue 16, ADR 0024): one
 * model, built by `buildEngagementReport` from the pages' own use cases with
 * the reader's role, and drawn twice: as a print-friendly HTML page and as a
 * PDF.
 *
 * Fixed paths:
 * - `GET /api/v1/engagements/{id}/report?from=YYYY-MM-DD&to=YYYY-MM-DD` (HTML)
 * - `GET /api/v1/engagements/{id}/report.pdf?from=…&to=…` (PDF)
 *
 * The period is inclusive, in whole UTC days. Default: from the day of the
 * last report generated in the engagement (else the engagement's start) to
 * today. Every generation appends `report.generated` to the engagement's audit
 * chain (the period, the format and the reader's role; never the content); the
 * report prints the chain's head after that record, so a reader can check it
 * later against `candor audit verify`.
 *
 * A section is null when the reader's role may not read its page, or when the
 * engagement has nothing of that kind yet.
 */
import { z } from 'zod';
import { Id, IsoDate, IsoDateTime, Role, Side } from './common';
import { Outcome } from './engagements';
import { FanPoint } from './forecast';

export const ReportQuery = z.strictObject({
  from: IsoDate.optional().describe('First day of the period (UTC). Default: the day of the last report generated here, else the engagement’s start'),
  to: IsoDate.optional().describe('Last day of the period (UTC), inclusive. Default: today on the server’s clock'),
});
export type ReportQuery = z.infer<typeof ReportQuery>;

export const ReportPeriod = z.object({
  from: IsoDate,
  to: IsoDate,
  basis: z.enum(['requested', 'last-report', 'engagement-start']).describe('Where `from` came from'),
});
export type ReportPeriod = z.infer<typeof ReportPeriod>;

const Named = z.object({ id: Id, name: z.string() });

/** An outcome as the charter page gives it, minus its timestamp, plus whether it was measured in the period. */
export const ReportOutcome = Outcome.omit({ updatedAt: true }).extend({ measuredInPeriod: z.boolean() });

export const ReportPhase = z.object({
  id: Id,
  name: z.string(),
  status: z.string(),
  plannedStart: IsoDate,
  plannedEnd: IsoDate,
  percentElapsed: z.number().nullable(),
  exitCriteriaMet: z.number().int(),
  exitCriteria: z.number().int(),
});

export const ReportGateReview = z.object({
  id: Id,
  phase: z.string(),
  status: z.string(),
  openedAt: IsoDateTime,
  decision: z.string().nullable(),
  decidedAt: IsoDateTime.nullable(),
  rationale: z.string().nullable(),
  conditions: z.array(z.object({ what: z.string(), side: Side, dueDate: IsoDate, status: z.string() })),
  waitingFor: z.array(z.string()),
});

export const ReportBudget = z.object({
  currency: z.string(),
  budgetHours: z.number().nullable(),
  budgetAmount: z.number().nullable(),
  spentHours: z.number(),
  spentAmount: z.number().nullable(),
  percentSpent: z.number().nullable().describe('Of the hours budget (else of the money budget)'),
  percentElapsed: z.number().nullable(),
  alerts: z.array(z.object({ message: z.string(), crossedOn: IsoDate })),
  phases: z.array(z.object({ phase: z.string(), scopeHours: z.number(), actualHours: z.number(), percentSpent: z.number().nullable(), percentElapsed: z.number().nullable() })),
});

export const ReportForecastPoint = z.object({
  asOf: IsoDateTime,
  trigger: z.enum(['manual', 'weekly']),
  p50: IsoDate.nullable(),
  p85: IsoDate.nullable(),
  p95: IsoDate.nullable(),
});

export const ReportForecast = z.object({
  asOf: IsoDateTime,
  audience: z.enum(['all', 'shared']),
  plannedEnd: IsoDate.nullable(),
  completion: z.object({ p50: IsoDate, p85: IsoDate, p95: IsoDate }).nullable(),
  reason: z.string().nullable().describe('Why there is no completion forecast'),
  summary: z.string(),
  fan: z.array(FanPoint),
  moved: z.array(ReportForecastPoint).describe('The stored engagement forecasts of the period, oldest first: how the dates moved'),
});

export const ReportCommitment = z.object({
  internal: z.boolean().describe('Internal to the provider (only in a provider role’s report)'),
  id: Id,
  title: z.string(),
  side: Side,
  dueDate: IsoDate,
  originalDueDate: IsoDate,
  status: z.string(),
  on: IsoDate.describe('When it was kept, missed or renegotiated'),
  note: z.string().describe('e.g. how far in advance it was renegotiated, or how late it was delivered'),
});

export const ReportCommitments = z.object({
  kept: z.array(ReportCommitment),
  renegotiated: z.array(ReportCommitment),
  missed: z.array(ReportCommitment),
  sayDo: z.array(z.object({ side: Side, resolved: z.number().int(), sayDo: z.number().nullable() })),
});

export const ReportChange = z.object({
  at: IsoDateTime,
  actor: z.string(),
  text: z.string().describe('The audit sentence, e.g. “flagged the risk “…” (probability 3, impact 4)”'),
  type: z.string(),
  internal: z.boolean(),
});

export const ReportRaid = z.object({
  changes: z.array(ReportChange),
  open: z.array(z.object({ id: Id, type: z.string(), title: z.string(), status: z.string(), severity: z.string().nullable(), owner: z.string(), internal: z.boolean() })),
});

export const ReportDecision = z.object({
  internal: z.boolean().describe('Internal to the provider (only in a provider role’s report)'),
  id: Id,
  number: z.number().int(),
  title: z.string(),
  decider: z.string(),
  dueDate: IsoDate,
  overdue: z.boolean(),
  outcome: z.string().nullable(),
  decidedAt: IsoDateTime.nullable(),
});

export const ReportEscalation = z.object({
  internal: z.boolean().describe('Internal to the provider (only in a provider role’s report)'),
  id: Id,
  title: z.string(),
  status: z.string(),
  level: z.number().int(),
  raisedAt: IsoDateTime,
  outcome: z.string().nullable(),
  events: z.array(z.object({ at: IsoDateTime, kind: z.string(), level: z.number().int(), note: z.string() })),
});

export const ReportRecommendation = z.object({
  internal: z.boolean().describe('Internal to the provider (only in a provider role’s report)'),
  id: Id,
  kind: z.string(),
  title: z.string(),
  status: z.string(),
  respondedAt: IsoDateTime.nullable(),
  avoidedHours: z.number().nullable(),
  avoidedMoney: z.number().nullable(),
  reason: z.string(),
});

export const ReportRecommendations = z.object({
  currency: z.string(),
  answered: z.array(ReportRecommendation).describe('Answered in the period'),
  waiting: z.array(ReportRecommendation).describe('Proposed or deferred, waiting for an answer'),
  avoided: z.object({ hours: z.number(), money: z.number(), recommendations: z.number().int() }).describe('Work avoided so far (the ledger)'),
  acceptanceRate: z.number().nullable(),
});

export const ReportTrustComponent = z.object({
  side: Side,
  key: z.string(),
  score: z.number().nullable(),
  from: z.number().nullable().describe('The score at the start of the period'),
  explanation: z.string(),
  reasons: z.array(z.object({ title: z.string(), effect: z.number(), explanation: z.string() })).describe('The evidence that moved it most'),
});

export const ReportTrust = z.object({
  asOf: IsoDate,
  provider: z.number().nullable(),
  client: z.number().nullable(),
  providerFrom: z.number().nullable(),
  clientFrom: z.number().nullable(),
  components: z.array(ReportTrustComponent),
  trend: z.array(z.object({ date: IsoDate, provider: z.number().nullable(), client: z.number().nullable() })),
});

export const ReportAgenda = z.object({
  nextReviewDue: IsoDate.nullable(),
  overdue: z.boolean(),
  entries: z.array(z.object({ id: Id, kind: z.string(), title: z.string(), side: Side, status: z.string(), raisedBy: z.string(), link: z.string().nullable(), internal: z.boolean() })),
  reviewsInPeriod: z.array(z.object({ heldOn: IsoDate, outcomes: z.array(z.object({ entry: z.string(), decision: z.string() })) })),
});

export const EngagementReport = z.object({
  engagement: z.object({ id: Id, name: z.string(), provider: z.string(), client: z.string(), status: z.string() }),
  period: ReportPeriod,
  generatedAt: IsoDateTime,
  generatedBy: Named,
  role: Role,
  side: Side,
  includesInternal: z.boolean().describe('Whether the reader’s role reads internal content (provider roles)'),
  chain: z.object({ seq: z.number().int(), hash: z.string() }).describe('The audit chain head right after this report’s own record'),
  outcomes: z.array(ReportOutcome).nullable(),
  phases: z.object({ phases: z.array(ReportPhase), gateReviews: z.array(ReportGateReview) }).nullable(),
  budget: ReportBudget.nullable(),
  forecast: ReportForecast.nullable(),
  commitments: ReportCommitments.nullable(),
  raid: ReportRaid.nullable(),
  decisions: z.object({ taken: z.array(ReportDecision), waiting: z.array(ReportDecision) }).nullable(),
  escalations: z.array(ReportEscalation).nullable(),
  recommendations: ReportRecommendations.nullable(),
  trust: ReportTrust.nullable(),
  agenda: ReportAgenda.nullable(),
});
export type EngagementReport = z.infer<typeof EngagementReport>;

/** What the report page shows before anything is generated: the default period and the reports generated so far. */
export const ReportHistory = z.object({
  defaultPeriod: ReportPeriod,
  generated: z.array(
    z.object({
      at: IsoDateTime,
      by: z.string(),
      role: z.string(),
      format: z.enum(['html', 'pdf']),
      from: IsoDate,
      to: IsoDate,
    }),
  ),
});
export type ReportHistory = z.infer<typeof ReportHistory>;
