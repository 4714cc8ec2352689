import type { DecisionStatus, NeededFrom, RaidType, Severity } from './types';

export const TYPE_LABEL: Record<RaidType, string> = { risk: 'Risk', issue: 'Issue', assumption: 'Assumption', dependency: 'Dependency' };
export const TYPE_PLURAL: Record<RaidType, string> = { risk: 'Risks', issue: 'Issues', assumption: 'Assumptions', dependency: 'Dependencies' };
export const TYPE_COLOR: Record<RaidType, string> = { risk: 'orange', issue: 'red', assumption: 'grape', dependency: 'cyan' };
export const RAID_TYPES: RaidType[] = ['risk', 'issue', 'assumption', 'dependency'];

/** Statuses per type (the server's own lists, src/domain/governance/raid.ts). */
export const STATUSES: Record<RaidType, readonly string[]> = {
  risk: ['open', 'mitigating', 'occurred', 'closed'],
  issue: ['open', 'resolved'],
  assumption: ['open', 'validated', 'invalidated'],
  dependency: ['open', 'delivered', 'cancelled'],
};
export const CLOSED = new Set(['closed', 'resolved', 'validated', 'invalidated', 'delivered', 'cancelled']);

const STATUS_LABEL: Record<string, string> = {
  open: 'Open',
  mitigating: 'Mitigating',
  occurred: 'Happened',
  closed: 'Closed',
  resolved: 'Resolved',
  validated: 'Validated',
  invalidated: 'Invalidated',
  delivered: 'Delivered',
  cancelled: 'Cancelled',
};
export const statusLabel = (s: string) => STATUS_LABEL[s] ?? s;
export const statusColor = (s: string) =>
  s === 'open' ? 'blue' : s === 'mitigating' ? 'violet' : s === 'occurred' || s === 'invalidated' ? 'red' : s === 'validated' || s === 'delivered' || s === 'resolved' ? 'teal' : 'gray';

export const SEVERITIES: Severity[] = ['critical', 'high', 'medium', 'low'];
export const SEVERITY_LABEL: Record<Severity, string> = { low: 'Low', medium: 'Medium', high: 'High', critical: 'Critical' };
/** Badge colours matching the matrix picture (filled, with automatic text contrast). */
export const SEVERITY_COLOR: Record<Severity, string> = { low: 'green.8', medium: 'yellow.5', high: 'orange.5', critical: 'red.8' };
export const SEVERITY_RANGE: Record<Severity, string> = { low: '1–4', medium: '5–9', high: '10–14', critical: '15–25' };

/** The bands of a 5×5 matrix, as the server computes them. */
export function severityOf(score: number): Severity {
  if (score >= 15) return 'critical';
  if (score >= 10) return 'high';
  if (score >= 5) return 'medium';
  return 'low';
}

export const NEEDED_FROM_LABEL: Record<NeededFrom, string> = { client: 'The client', third_party: 'A third party', provider: 'The provider' };
export const SIDE_SHORT: Record<NeededFrom, string> = { client: 'Client', third_party: 'Third party', provider: 'Provider' };

export const DECISION_STATUS_LABEL: Record<DecisionStatus, string> = { proposed: 'Waiting for a decision', decided: 'Decided', superseded: 'Replaced' };
export const DECISION_STATUS_COLOR: Record<DecisionStatus, string> = { proposed: 'blue', decided: 'teal', superseded: 'gray' };

export const decisionNumber = (n: number) => `#${String(n).padStart(3, '0')}`;

export const ESCALATION_STATUS_LABEL = { open: 'Open', acknowledged: 'Acknowledged', resolved: 'Resolved', deescalated: 'De-escalated' } as const;
export const ESCALATION_STATUS_COLOR = { open: 'red', acknowledged: 'violet', resolved: 'teal', deescalated: 'gray' } as const;

/** Today's date (local) as YYYY-MM-DD, with an optional offset in days. */
export function isoDay(offsetDays = 0): string {
  const d = new Date();
  d.setDate(d.getDate() + offsetDays);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
