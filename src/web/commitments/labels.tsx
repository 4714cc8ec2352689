import { Badge, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { Side } from '../app/types';
import { formatDate } from '../components/Time';
import type { Commitment, CommitmentOutcome, CommitmentStatus } from './types';

export const STATUS_LABEL: Record<CommitmentStatus, string> = { open: 'Open', renegotiated: 'Renegotiated', kept: 'Kept', missed: 'Missed' };
const STATUS_COLOR: Record<CommitmentStatus, string> = { open: 'blue', renegotiated: 'violet', kept: 'teal', missed: 'red' };

export const SIDE_LABEL: Record<Side, string> = { provider: 'Provider', client: 'Client' };

export const OUTCOME_LABEL: Record<CommitmentOutcome, string> = {
  keptOnTime: 'Kept as promised',
  keptRenegotiatedEarly: 'Kept, renegotiated early',
  keptRenegotiatedLate: 'Kept, renegotiated late',
  missedAfterRenegotiation: 'Missed after renegotiating',
  missedSilently: 'Missed silently',
};
/** Colours of the say/do chart and its legend: good to bad. */
export const OUTCOME_COLOR: Record<CommitmentOutcome, string> = {
  keptOnTime: 'teal.7',
  keptRenegotiatedEarly: 'cyan.5',
  keptRenegotiatedLate: 'yellow.5',
  missedAfterRenegotiation: 'orange.6',
  missedSilently: 'red.8',
};
export const OUTCOMES: CommitmentOutcome[] = ['keptOnTime', 'keptRenegotiatedEarly', 'keptRenegotiatedLate', 'missedAfterRenegotiation', 'missedSilently'];

export function CommitmentStatusBadge({ status }: { status: CommitmentStatus }) {
  return (
    <Badge variant={status === 'missed' ? 'filled' : 'light'} color={STATUS_COLOR[status]} radius="sm" data-status={status}>
      {STATUS_LABEL[status]}
    </Badge>
  );
}

export function PastDueBadge() {
  return (
    <Badge variant="outline" color="red" radius="sm" leftSection={<IconAlertTriangle size={12} aria-hidden />}>
      Past due
    </Badge>
  );
}

const days = (n: number) => `${n} day${n === 1 ? '' : 's'}`;

/** "due in 3 days", "due today", "2 days past due" (from the server's day, so a test clock holds). */
export function relativeDue(c: Pick<Commitment, 'daysToDue'>): string {
  if (c.daysToDue === null) return '';
  if (c.daysToDue === 0) return 'due today';
  if (c.daysToDue === 1) return 'due tomorrow';
  return c.daysToDue > 0 ? `in ${days(c.daysToDue)}` : `${days(-c.daysToDue)} past due`;
}

/** The due date with where it stands: relative while outstanding, how it ended otherwise. */
export function DueText({ c }: { c: Commitment }) {
  const rel = relativeDue(c);
  return (
    <Text span size="sm">
      <time dateTime={c.dueDate}>{formatDate(c.dueDate)}</time>
      {rel && (
        <Text span size="xs" display="block" c={c.pastDue || (c.daysToDue !== null && c.daysToDue <= 2) ? 'var(--mantine-color-error)' : 'dimmed'} fw={c.pastDue ? 600 : undefined}>
          {rel}
        </Text>
      )}
      {c.dueDate !== c.originalDueDate && (
        <Text span size="xs" c="dimmed" display="block">
          first promised for {formatDate(c.originalDueDate)}
        </Text>
      )}
    </Text>
  );
}

export const advanceText = (n: number) => (n > 0 ? `${days(n)} before it was due` : n === 0 ? 'on the day it was due' : `${days(-n)} after it was due`);

export { EARLY_RENEGOTIATION_DAYS as EARLY_DAYS } from '../../domain/commitments/rules';
