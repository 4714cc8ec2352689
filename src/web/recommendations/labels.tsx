import { Badge } from '@mantine/core';
import type { RecommendationKind, RecommendationStatus } from './types';

export const KIND_LABEL: Record<RecommendationKind, string> = { do: 'Do', dont: 'Don’t', defer: 'Defer', alternative: 'Alternative' };
export const KIND_HINT: Record<RecommendationKind, string> = {
  do: 'Do this work',
  dont: 'This work is not needed',
  defer: 'Not now',
  alternative: 'A cheaper way to the same outcome',
};
const KIND_COLOR: Record<RecommendationKind, string> = { do: 'blue', dont: 'teal', defer: 'gray', alternative: 'grape' };
export const KINDS: RecommendationKind[] = ['do', 'dont', 'alternative', 'defer'];

export const STATUS_LABEL: Record<RecommendationStatus, string> = { proposed: 'Awaiting answer', accepted: 'Accepted', declined: 'Declined', deferred: 'Deferred' };
const STATUS_COLOR: Record<RecommendationStatus, string> = { proposed: 'blue', accepted: 'teal', declined: 'red', deferred: 'violet' };
export const STATUSES: RecommendationStatus[] = ['proposed', 'accepted', 'declined', 'deferred'];
export const EFFORT_LABEL = { none: 'None', small: 'Small', medium: 'Medium', large: 'Large' } as const;

export function KindBadge({ kind }: { kind: RecommendationKind }) {
  return (
    <Badge variant="light" color={KIND_COLOR[kind]} radius="sm" data-kind={kind} title={KIND_HINT[kind]}>
      {KIND_LABEL[kind]}
    </Badge>
  );
}

export function AnswerBadge({ status }: { status: RecommendationStatus }) {
  return (
    <Badge variant={status === 'proposed' ? 'outline' : 'light'} color={STATUS_COLOR[status]} radius="sm" data-answer={status}>
      {STATUS_LABEL[status]}
    </Badge>
  );
}

export const hours = (h: number | null) => (h === null ? '—' : `${Number.isInteger(h) ? h : h.toFixed(1)} h`);
export const money = (m: number | null, currency: string) =>
  m === null ? '—' : new Intl.NumberFormat('en-GB', { style: 'currency', currency, maximumFractionDigits: Number.isInteger(m) ? 0 : 2 }).format(m);
export const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 100)}%`);
