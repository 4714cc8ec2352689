import { Badge } from '@mantine/core';
import { ITEM_STATUS, PHASE_STATUS } from './format';
import type { PhaseStatus, WorkItemStatus } from './types';

export function ItemStatusBadge({ status }: { status: WorkItemStatus }) {
  const s = ITEM_STATUS[status];
  return (
    <Badge variant="light" color={s.color} radius="sm" style={{ flexShrink: 0, overflow: 'visible' }}>
      {s.label}
    </Badge>
  );
}

export function PhaseStatusBadge({ status }: { status: PhaseStatus }) {
  const s = PHASE_STATUS[status];
  return (
    <Badge variant={status === 'in_review' ? 'filled' : 'light'} color={s.color} radius="sm" c={status === 'in_review' ? 'dark' : undefined}>
      {s.label}
    </Badge>
  );
}
