import { Badge } from '@mantine/core';
import { IconEyeOff, IconLockOpen } from '@tabler/icons-react';
import type { GateDecision, GateReviewSummary } from './types';

/** Short names of the fixed questions, for tables and charts; the engagement's own show their key. */
export const QUESTION_LABEL: Record<string, string> = {
  business_understanding: 'Business understanding',
  collaboration_clarity: 'Clarity of collaboration',
  risk_openness: 'Openness about risks',
  outcomes_focus: 'Focus on outcomes',
  proactive_communication: 'Proactive communication',
  beyond_scope: 'Beyond the scope',
};
export const questionLabel = (key: string) => QUESTION_LABEL[key] ?? key.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());

export const DECISION_LABEL: Record<GateDecision, string> = {
  proceed: 'Proceed',
  proceed_with_conditions: 'Proceed with conditions',
  pause: 'Pause',
  stop: 'Stop',
};
export const DECISION_COLOR: Record<GateDecision, string> = { proceed: 'teal', proceed_with_conditions: 'lime', pause: 'yellow', stop: 'red' };

const STATUS: Record<GateReviewSummary['status'], { label: string; color: string }> = {
  open: { label: 'Answering (blind)', color: 'indigo' },
  revealed: { label: 'Revealed: waiting for the decision', color: 'violet' },
  paused: { label: 'Paused', color: 'yellow' },
  decided: { label: 'Decided', color: 'teal' },
};

export function ReviewStatusBadge({ r }: { r: Pick<GateReviewSummary, 'status' | 'decision'> }) {
  if (r.status === 'decided' && r.decision) {
    return (
      <Badge {...badgeLook(DECISION_COLOR[r.decision.decision])} radius="sm">
        {DECISION_LABEL[r.decision.decision]}
      </Badge>
    );
  }
  const s = STATUS[r.status];
  return (
    <Badge {...badgeLook(s.color)} radius="sm" leftSection={r.status === 'open' ? <IconEyeOff size={12} aria-hidden /> : r.status === 'revealed' ? <IconLockOpen size={12} aria-hidden /> : undefined}>
      {s.label}
    </Badge>
  );
}

/** Light yellow and lime badges miss the 4.5:1 contrast: those are drawn filled, with dark text. */
const PALE = new Set(['yellow', 'lime']);
export const badgeLook = (color: string, variant: 'light' | 'filled' = 'light') =>
  PALE.has(color) ? ({ color, variant: 'filled', c: 'dark' } as const) : ({ color, variant } as const);

/** The colour of a gap between the sides: the bigger, the louder. */
export const gapColor = (gap: number | null) => (gap === null ? 'gray' : Math.abs(gap) >= 2 ? 'red' : Math.abs(gap) === 1 ? 'yellow' : 'teal');
export const signed = (n: number) => (n > 0 ? `+${n}` : String(n));
