import { Badge, Group, Text } from '@mantine/core';
import { formatDate } from '../components/Time';
import type { AgendaDecision, AgendaEntry, AgendaKind, AgendaStatus, FutureSignal } from './types';

export const KIND_LABEL: Record<AgendaKind, string> = { idea: 'Idea', need: 'Need', market_change: 'Market change', improvement: 'Improvement' };
const KIND_COLOR: Record<AgendaKind, string> = { idea: 'grape', need: 'blue', market_change: 'orange', improvement: 'teal' };

export const STATUS_LABEL: Record<AgendaStatus, string> = { open: 'Not reviewed yet', kept: 'Kept', dropped: 'Dropped', turned_into: 'Turned into' };
const STATUS_COLOR: Record<AgendaStatus, string> = { open: 'gray', kept: 'blue', dropped: 'dark', turned_into: 'green' };

export const DECISION_LABEL: Record<AgendaDecision, string> = {
  keep: 'Keep on the agenda',
  drop: 'Drop',
  phase: 'Turn into a phase',
  recommendation: 'Turn into a recommendation',
  decision: 'Turn into a decision record',
};

export const LINK_NOUN = { phase: 'phase', recommendation: 'recommendation', decision: 'decision' } as const;

export function KindBadge({ kind }: { kind: AgendaKind }) {
  return (
    <Badge variant="light" color={KIND_COLOR[kind]} radius="sm">
      {KIND_LABEL[kind]}
    </Badge>
  );
}

export function EntryStatusBadge({ status }: { status: AgendaStatus }) {
  return (
    <Badge variant={status === 'open' ? 'outline' : 'light'} color={STATUS_COLOR[status]} radius="sm">
      {STATUS_LABEL[status]}
    </Badge>
  );
}

/** The page of a linked object. */
export function linkPath(engagementId: string, link: NonNullable<AgendaEntry['link']>) {
  const base = `/engagements/${engagementId}`;
  if (link.type === 'phase') return `${base}/phases`;
  if (link.type === 'decision') return `${base}/decisions/${link.id}`;
  return `${base}/recommendations/${link.id}`;
}

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/** "last talked about the future 12 days ago" */
export function talkedText(f: Pick<FutureSignal, 'daysSince' | 'lastTalkedAboutFuture'>) {
  if (f.daysSince === null) return 'not yet talked about the future';
  if (f.daysSince === 0) return 'last talked about the future today';
  return `last talked about the future ${plural(f.daysSince, 'day')} ago`;
}

/** The next review: its date, and overdue or not. */
export function NextReview({ due, overdue, today }: { due: string | null; overdue: boolean; today: string }) {
  if (!due) return <Text size="sm">No review due yet: the first is due a period after the engagement starts.</Text>;
  const days = Math.round((Date.parse(`${due}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
  return (
    <Group gap="xs" wrap="wrap">
      <Text size="sm">
        Next review due <strong>{formatDate(due)}</strong>
        {overdue ? '' : days === 0 ? ' (today)' : ` (in ${plural(days, 'day')})`}
      </Text>
      {overdue && (
        <Badge color="red" variant="filled" radius="sm">
          Overdue by {plural(-days, 'day')}
        </Badge>
      )}
    </Group>
  );
}
