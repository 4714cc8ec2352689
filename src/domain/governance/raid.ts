/**
 * RAID rules, pure: risk scoring, how early problems were flagged, overdue
 * dependencies per side.
 */
export type Severity = 'low' | 'medium' | 'high' | 'critical';

export const riskScore = (probability: number, impact: number): number => probability * impact;

/** Bands of a 5×5 matrix: 1–4 low, 5–9 medium, 10–14 high, 15–25 critical. */
export function severity(score: number): Severity {
  if (score >= 15) return 'critical';
  if (score >= 10) return 'high';
  if (score >= 5) return 'medium';
  return 'low';
}

export const RISK_STATUSES = ['open', 'mitigating', 'occurred', 'closed'] as const;
export const ISSUE_STATUSES = ['open', 'resolved'] as const;
export const ASSUMPTION_STATUSES = ['open', 'validated', 'invalidated'] as const;
export const DEPENDENCY_STATUSES = ['open', 'delivered', 'cancelled'] as const;

/** Statuses after which an item is closed (no escalation, not overdue). */
export const CLOSED_STATUSES = new Set(['closed', 'resolved', 'validated', 'invalidated', 'delivered', 'cancelled']);

const DAY = 86_400_000;

export interface IssueFact {
  unflagged: boolean;
  flaggedAt: string; // of the risk, when there was one
  occurredAt: string;
}

/**
 * How early problems were made visible: the share of issues that had been
 * flagged as risks before they happened, and the lead time from flag to
 * occurrence (median, in days).
 */
export function earlyWarning(issues: IssueFact[]) {
  const flagged = issues.filter((i) => !i.unflagged);
  const leads = flagged
    .map((i) => (Date.parse(i.occurredAt) - Date.parse(i.flaggedAt)) / DAY)
    .filter((d) => Number.isFinite(d))
    .sort((a, b) => a - b);
  const median = leads.length === 0 ? null : leads.length % 2 ? leads[(leads.length - 1) / 2]! : (leads[leads.length / 2 - 1]! + leads[leads.length / 2]!) / 2;
  return {
    issues: issues.length,
    flaggedBeforeHand: flagged.length,
    share: issues.length === 0 ? null : flagged.length / issues.length,
    medianLeadDays: median === null ? null : Math.round(median * 10) / 10,
  };
}

export interface DependencyFact {
  neededFrom: 'client' | 'third_party' | 'provider';
  neededBy: string; // YYYY-MM-DD
  status: string;
}

/** A dependency is overdue when still open after the day it was needed by. */
export const isOverdue = (d: { neededBy: string | null; status: string }, today: string): boolean =>
  !!d.neededBy && d.status === 'open' && d.neededBy < today;

export function overdueBySide(deps: DependencyFact[], today: string) {
  const out = { client: 0, third_party: 0, provider: 0 };
  for (const d of deps) if (isOverdue(d, today)) out[d.neededFrom] += 1;
  return out;
}
