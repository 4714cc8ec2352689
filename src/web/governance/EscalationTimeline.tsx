import { Text, Timeline } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconCheck, IconCircleCheck, IconFlag, IconAlertTriangle } from '@tabler/icons-react';
import { Time } from '../components/Time';
import type { Escalation, EscalationEvent } from './types';

const ICON = {
  raised: IconFlag,
  climbed: IconArrowUp,
  top_reached: IconAlertTriangle,
  acknowledged: IconCheck,
  resolved: IconCircleCheck,
  deescalated: IconArrowDown,
} as const;

const COLOR = { raised: 'red', climbed: 'orange', top_reached: 'red', acknowledged: 'indigo', resolved: 'teal', deescalated: 'gray' } as const;

export function eventTitle(ev: EscalationEvent, e: Escalation): string {
  const who = ev.actor?.name ?? 'Candor';
  const person = e.ladder.find((l) => l.level === ev.level)?.person ?? `level ${ev.level}`;
  switch (ev.kind) {
    case 'raised':
      return `Raised by ${who}, to level ${ev.level}: ${person}`;
    case 'climbed':
      return `Climbed to level ${ev.level}: ${person}`;
    case 'top_reached':
      return `Unanswered at the top of the ladder: ${person}`;
    case 'acknowledged':
      return `Acknowledged by ${who} at level ${ev.level}`;
    case 'resolved':
      return `Resolved by ${who}`;
    case 'deescalated':
      return e.status === 'deescalated' && ev === e.events[e.events.length - 1] ? `Withdrawn by ${who}` : `De-escalated by ${who} to level ${ev.level}`;
  }
}

/** Everything that happened to the escalation, oldest first, with who did it and their notes. */
export function EscalationTimeline({ e }: { e: Escalation }) {
  return (
    <Timeline active={e.events.length - 1} bulletSize={26} lineWidth={2} role="list" aria-label="Timeline">
      {e.events.map((ev, i) => {
        const Icon = ICON[ev.kind];
        return (
          <Timeline.Item
            // biome-ignore lint/suspicious/noArrayIndexKey: events are append-only
            key={i}
            role="listitem"
            color={COLOR[ev.kind]}
            bullet={<Icon size={14} aria-hidden />}
            title={eventTitle(ev, e)}
            data-kind={ev.kind}
          >
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
