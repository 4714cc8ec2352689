/**
 * The engagement report (issue 16, ADR 0024): one use case that asks each
 * page's own use case for what the reader may see (same access, so the same
 * role and visibility filtering as the pages), keeps what belongs to the
 * period (src/domain/report/sections.ts), and records the generation in the
 * engagement's audit chain. The HTML and PDF renderers draw the model.
 */
import type { Action } from '../../domain/authz/policy';
import { can } from '../../domain/authz/policy';
import { dayOf, type PeriodFacts, resolvePeriod } from '../../domain/report/period';
import {
  agendaSection,
  budgetSection,
  commitmentsSection,
  decisionsSection,
  escalationsSection,
  forecastSection,
  outcomesSection,
  phasesSection,
  raidSection,
  recommendationsSection,
  trustSection,
} from '../../domain/report/sections';
import { isoDate } from '../../domain/time';
import type { CommitmentEvent } from '../../contracts/commitments';
import type { Forecast } from '../../contracts/forecast';
import type { EngagementReport, ReportHistory, ReportPeriod, ReportQuery } from '../../contracts/report';
import type { TrustReport } from '../../contracts/trust';
import { listAgenda, listAgendaReviews } from '../agenda/service';
import { appendAudit } from '../audit/append';
import type { EngagementAccess } from '../authz/access';
import { scoped } from '../authz/scoped';
import { getCommitment, listCommitments, sayDo } from '../commitments/service';
import { getBudget, getSettings } from '../delivery/budget';
import { listPhases } from '../delivery/phases';
import { getEngagement, listOutcomes } from '../engagements/service';
import { forecastJson, listStoredForecasts } from '../forecast/service';
import { listGateReviews } from '../gates/service';
import { listDecisions } from '../governance/decisions';
import { listEscalations } from '../governance/escalations';
import { governanceChanges, listRaid } from '../governance/raid';
import type { Deps } from '../http/context';
import { AppError } from '../http/errors';
import { newId } from '../ids';
import { listRecommendations, recommendationLedger } from '../recommendations/service';
import { getTrust } from '../trust/service';

export const REPORT_ACTION = 'report.generated'; // the audit action of every generation
export type ReportFormat = 'html' | 'pdf';

/** A section the reader's role may read, or null; a 4xx of its use case (nothing of that kind yet) is also null. */
async function section<T>(access: EngagementAccess, action: Action, read: () => Promise<T>): Promise<T | null> {
  if (!can(access.role, action)) return null;
  try {
    return await read();
  } catch (err) {
    if (err instanceof AppError && err.status < 500) return null;
    throw err;
  }
}

interface GeneratedPayload {
  from?: string;
  to?: string;
  format?: string;
  role?: string;
}

/** The reports generated in the engagement, newest first (their audit records: shared, see ADR 0024). */
async function generatedReports(deps: Deps, access: EngagementAccess, limit: number) {
  const rows = await scoped(deps.db, access, 'audit_log').select(['at', 'payload']).where('action', '=', REPORT_ACTION).orderBy('seq', 'desc').limit(limit).execute();
  return rows.map((r) => {
    const p = JSON.parse(r.payload) as { actor: { label: string }; after: GeneratedPayload | null };
    return { at: r.at, actorLabel: p.actor.label, after: p.after ?? {} };
  });
}

async function periodFacts(deps: Deps, access: EngagementAccess): Promise<PeriodFacts> {
  const [last, engagement, settings] = await Promise.all([
    generatedReports(deps, access, 1),
    getEngagement(deps, access),
    section(access, 'delivery.read', () => getSettings(deps, access)),
  ]);
  return {
    today: isoDate(deps.clock.now()),
    lastReportDay: last[0] ? dayOf(last[0].at) : null,
    engagementStart: settings?.startDate ?? dayOf(engagement.createdAt),
  };
}

/** The period asked for, defaults filled in (400 naming the field when `from` is after `to`). */
export async function reportPeriod(deps: Deps, access: EngagementAccess, q: ReportQuery): Promise<ReportPeriod> {
  const r = resolvePeriod(q, await periodFacts(deps, access));
  // a query parameter's problem: 400 naming it, as the query's own validation answers
  if (!r.ok) throw new AppError(400, 'invalid_input', `${r.field}: ${r.message}`, [{ field: r.field, message: r.message }]);
  return r.period;
}

/** GET …/reports: the default period and the reports generated so far. */
export async function reportHistory(deps: Deps, access: EngagementAccess): Promise<ReportHistory> {
  const [defaultPeriod, rows] = await Promise.all([reportPeriod(deps, access, {}), generatedReports(deps, access, 50)]);
  return {
    defaultPeriod,
    generated: rows.map((r) => ({
      at: r.at,
      by: r.actorLabel.replace(/\s*<[^>]*>$/, ''),
      role: String(r.after.role ?? ''),
      format: r.after.format === 'pdf' ? 'pdf' : 'html',
      from: String(r.after.from ?? ''),
      to: String(r.after.to ?? ''),
    })),
  };
}

/**
 * The report's model for the reader and period: every section from its
 * page's own use case with the reader's access. Reads only.
 */
export async function buildEngagementReport(deps: Deps, access: EngagementAccess, period: ReportPeriod): Promise<Omit<EngagementReport, 'chain'>> {
  const p = period;
  const today = isoDate(deps.clock.now());
  const trustAt = (d: string) => (d >= today ? undefined : d);
  const [engagement, outcomes, phases, reviews, budget, forecast, stored, commitments, say, changes, raid, decisions, escalations, recs, ledger, trustNow, trustThen, agenda, agendaReviews] =
    await Promise.all([
      getEngagement(deps, access),
      section(access, 'outcome.read', () => listOutcomes(deps, access)),
      section(access, 'delivery.read', () => listPhases(deps, access)),
      section(access, 'gate.read', () => listGateReviews(deps, access)),
      section(access, 'delivery.read', () => getBudget(deps, access)),
      section(access, 'forecast.read', async () => JSON.parse(await forecastJson(deps, access, { seed: 1, trials: 10_000 })) as Forecast),
      section(access, 'forecast.read', () => listStoredForecasts(deps, access, { all: 'false', limit: 500 })),
      section(access, 'commitment.read', () => listCommitments(deps, access, {})),
      section(access, 'commitment.read', () => sayDo(deps, access)),
      section(access, 'raid.read', () => governanceChanges(deps, access, `${p.from}T00:00:00.000Z`)),
      section(access, 'raid.read', () => listRaid(deps, access, {})),
      section(access, 'decision.read', () => listDecisions(deps, access)),
      section(access, 'escalation.read', () => listEscalations(deps, access)),
      section(access, 'recommendation.read', () => listRecommendations(deps, access, {})),
      section(access, 'recommendation.read', () => recommendationLedger(deps, access)),
      section(access, 'trust.read', () => getTrust(deps, access, trustAt(p.to))),
      // the index as the period began (null before the engagement existed: a 400 of the trust page)
      p.from < today ? section(access, 'trust.read', () => getTrust(deps, access, p.from)) : Promise.resolve(null),
      section(access, 'agenda.read', () => listAgenda(deps, access)),
      section(access, 'agenda.read', () => listAgendaReviews(deps, access)),
    ]);

  // the timelines of the commitments renegotiated at least once (the commitment page's own detail)
  const events = new Map<string, CommitmentEvent[]>();
  if (commitments) {
    const renegotiated = commitments.filter((c) => c.renegotiations > 0 && dayOf(c.updatedAt) >= p.from);
    const details = await Promise.all(renegotiated.map((c) => getCommitment(deps, access, c.id)));
    for (const d of details) events.set(d.id, d.events);
  }

  return {
    engagement: { id: engagement.id, name: engagement.name, provider: engagement.provider.name, client: engagement.client.name, status: engagement.status },
    period: p,
    generatedAt: deps.clock.now().toISOString(),
    generatedBy: { id: access.actor.userId, name: access.actor.name },
    role: access.role,
    side: access.side,
    includesInternal: access.canSeeInternal,
    outcomes: outcomes ? outcomesSection(outcomes, p) : null,
    phases: phases || reviews ? phasesSection(phases?.phases ?? null, reviews?.reviews ?? null, p) : null,
    budget: budget ? budgetSection(budget) : null,
    forecast: forecast ? forecastSection(forecast, stored?.forecasts ?? [], p) : null,
    commitments: commitments && say ? commitmentsSection(commitments, events, say, p) : null,
    raid: changes && raid ? raidSection(changes.changes, raid, access.engagementId, p) : null,
    decisions: decisions ? decisionsSection(decisions, p) : null,
    escalations: escalations ? escalationsSection(escalations, p) : null,
    recommendations: recs && ledger ? recommendationsSection(recs.recommendations, recs.currency, ledger, p) : null,
    trust: trustNow ? trustSection(trustNow as TrustReport, trustThen as TrustReport | null, p) : null,
    agenda: agenda && agendaReviews ? agendaSection(agenda, agendaReviews, p) : null,
  };
}

/**
 * Generates the report: builds the model, then records "report generated by X
 * for period Y" in the engagement's chain (period, format, role; never the
 * content) and returns the model with the chain head after that record.
 *
 * The record is shared whoever generates it: it carries no content, and both
 * sides' default period starts at the last report (ADR 0024).
 */
export async function generateReport(deps: Deps, access: EngagementAccess, q: ReportQuery, format: ReportFormat): Promise<EngagementReport> {
  const period = await reportPeriod(deps, access, q);
  const model = await buildEngagementReport(deps, access, period);
  const head = await deps.db.transaction().execute((trx) =>
    appendAudit(trx, deps, {
      chain: access.engagementId,
      actor: access.actor,
      action: REPORT_ACTION,
      object: { type: 'report', id: newId() },
      visibility: 'shared',
      before: null,
      after: { from: period.from, to: period.to, basis: period.basis, format, role: access.role, side: access.side },
    }),
  );
  return { ...model, chain: head };
}
