import { Text, Timeline } from '@mantine/core';
import { IconAlertTriangle, IconCalendarDue, IconCircleCheck, IconPencil, IconPlus, IconTruckDelivery } from '@tabler/icons-react';
import { formatDate, Time } from '../components/Time';
import { advanceText, EARLY_DAYS } from './labels';
import type { CommitmentEvent } from './types';

const ICON = { created: IconPlus, edited: IconPencil, renegotiated: IconCalendarDue, kept: IconCircleCheck, missed: IconAlertTriangle, delivered_late: IconTruckDelivery } as const;
const COLOR = { created: 'blue', edited: 'gray', renegotiated: 'violet', kept: 'teal', missed: 'red', delivered_late: 'orange' } as const;
const FIELD: Record<string, string> = { title: 'what is promised', details: 'details', assumptions: 'assumptions', ownerId: 'owner', phaseId: 'phase', itemIds: 'work items', visibility: 'visibility' };

function title(ev: CommitmentEvent): string {
  const who = ev.actor?.name ?? 'Candor';
  switch (ev.kind) {
    case 'created':
      return `Promised by ${ev.to ? formatDate(ev.to) : '…'}, recorded by ${who}`;
    case 'edited':
      return `Edited by ${who}: ${(ev.changes ?? []).map((c) => FIELD[c] ?? c).join(', ')}`;
    case 'renegotiated':
      return `Renegotiated by ${who}: ${ev.from ? formatDate(ev.from) : ''} → ${ev.to ? formatDate(ev.to) : ''}`;
    case 'kept':
      return `Kept: delivered ${ev.deliveredOn ? formatDate(ev.deliveredOn) : ''}, recorded by ${who}`;
    case 'missed':
      return ev.automatic ? 'Missed: the due date passed without a delivery' : `Missed: delivered ${ev.deliveredOn ? formatDate(ev.deliveredOn) : ''}, ${ev.daysLate} day${ev.daysLate === 1 ? '' : 's'} late (recorded by ${who})`;
    case 'delivered_late':
      return `Delivered late: ${ev.deliveredOn ? formatDate(ev.deliveredOn) : ''}, ${ev.daysLate} day${ev.daysLate === 1 ? '' : 's'} after the due date (recorded by ${who})`;
  }
}

/** What happened to the commitment, oldest first: who did it, when, and why. */
export function CommitmentTimeline({ events }: { events: CommitmentEvent[] }) {
  return (
    <Timeline active={events.length - 1} bulletSize={26} lineWidth={2} role="list" aria-label="Timeline">
      {events.map((ev) => {
        const Icon = ICON[ev.kind];
        return (
          <Timeline.Item key={ev.id} role="listitem" color={COLOR[ev.kind]} bullet={<Icon size={14} aria-hidden />} title={title(ev)} data-kind={ev.kind}>
            {ev.kind === 'renegotiated' && ev.daysInAdvance !== null && (
              <Text size="sm" fw={500} c={ev.daysInAdvance >= EARLY_DAYS ? undefined : 'var(--mantine-color-error)'}>
                {advanceText(ev.daysInAdvance)}
                {ev.daysInAdvance >= EARLY_DAYS ? ' (early)' : ' (late)'}
              </Text>
            )}
            {ev.reason && (
              <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                Reason: {ev.reason}
              </Text>
            )}
            {ev.note && (
              <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                {ev.note}
              </Text>
            )}
            <Text size="xs" c="dimmed" mt={2}>
              <Time iso={ev.at} mode="datetime" />
            </Text>
          </Timeline.Item>
        );
      })}
    </Timeline>
  );
}
