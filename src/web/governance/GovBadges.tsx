import { Badge } from '@mantine/core';
import {
  DECISION_STATUS_COLOR,
  DECISION_STATUS_LABEL,
  ESCALATION_STATUS_COLOR,
  ESCALATION_STATUS_LABEL,
  SEVERITY_COLOR,
  SEVERITY_LABEL,
  statusColor,
  statusLabel,
  TYPE_COLOR,
  TYPE_LABEL,
} from './labels';
import type { DecisionStatus, Escalation, RaidType, Severity } from './types';

/** Badges keep their width inside rows and table cells (Mantine's clip their text otherwise). */
const NO_SHRINK = { flexShrink: 0 } as const;

export function TypeBadge({ type }: { type: RaidType }) {
  return (
    <Badge variant="light" color={TYPE_COLOR[type]} radius="sm" style={NO_SHRINK}>
      {TYPE_LABEL[type]}
    </Badge>
  );
}

export function StatusBadge({ status }: { status: string }) {
  return (
    <Badge variant="light" color={statusColor(status)} radius="sm" style={NO_SHRINK}>
      {statusLabel(status)}
    </Badge>
  );
}

export function SeverityBadge({ severity, score }: { severity: Severity; score?: number | null }) {
  return (
    <Badge variant="filled" color={SEVERITY_COLOR[severity]} radius="sm" autoContrast style={NO_SHRINK}>
      {SEVERITY_LABEL[severity]}
      {score != null ? ` · ${score}` : ''}
    </Badge>
  );
}

export function OverdueBadge({ label = 'Overdue' }: { label?: string }) {
  return (
    <Badge variant="filled" color="red" radius="sm" style={NO_SHRINK}>
      {label}
    </Badge>
  );
}

export function DecisionStatusBadge({ status }: { status: DecisionStatus }) {
  return (
    <Badge variant="light" color={DECISION_STATUS_COLOR[status]} radius="sm" style={NO_SHRINK}>
      {DECISION_STATUS_LABEL[status]}
    </Badge>
  );
}

export function EscalationStatusBadge({ status }: { status: Escalation['status'] }) {
  return (
    <Badge variant={status === 'open' ? 'filled' : 'light'} color={ESCALATION_STATUS_COLOR[status]} radius="sm" style={NO_SHRINK}>
      {ESCALATION_STATUS_LABEL[status]}
    </Badge>
  );
}
