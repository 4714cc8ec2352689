import { Stack, Text } from '@mantine/core';
import { Countdown } from './Countdown';
import classes from './EscalationLadder.module.css';
import type { Escalation } from './types';

function stateOf(e: Escalation, level: number): 'passed' | 'current' | 'next' {
  if (level === e.level) return 'current';
  const climbedPast = e.events.some((ev) => ev.kind === 'climbed' && ev.level > level);
  return level < e.level || climbedPast ? 'passed' : 'next';
}

const CURRENT_NOTE: Record<Escalation['status'], string> = {
  open: 'Waiting for acknowledgement',
  acknowledged: 'Acknowledged here',
  resolved: 'Resolved here',
  deescalated: 'Withdrawn here',
};

/** The charter's ladder as steps: who, how fast they must respond, where the escalation is now. */
export function EscalationLadder({ e }: { e: Escalation }) {
  return (
    <ol className={classes.ladder} style={{ '--levels': Math.min(Math.max(e.ladder.length, 1), 4) } as React.CSSProperties} aria-label="Escalation ladder">
      {e.ladder.map((l) => {
        const state = stateOf(e, l.level);
        return (
          <li key={l.level} className={classes.step} aria-current={state === 'current' ? 'step' : undefined} data-state={state} data-level={l.level}>
            <span className={classes.number} aria-hidden>
              {l.level}
            </span>
            <Stack gap={2} style={{ minWidth: 0 }}>
              <Text size="sm" fw={650}>
                <span className="visually-hidden">Level {l.level}: </span>
                {l.person}
              </Text>
              <Text size="xs" c="dimmed">
                Responds within {l.responseHours} h
              </Text>
              {state === 'current' && (
                <>
                  <Text size="xs" fw={700} c="var(--mantine-color-anchor)">
                    Now here · {CURRENT_NOTE[e.status]}
                  </Text>
                  {e.status === 'open' && e.deadline && <Countdown deadline={e.deadline} />}
                </>
              )}
              {state === 'passed' && (
                <Text size="xs" c="dimmed">
                  Did not acknowledge in time
                </Text>
              )}
            </Stack>
          </li>
        );
      })}
    </ol>
  );
}
