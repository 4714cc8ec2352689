import { Badge } from '@mantine/core';
import { type AgreementReading, readAlpha } from '../../domain/selection/agreement';
import type { RedFlagKind, SelectionSummary } from './types';

export const RED_FLAG_LABEL: Record<RedFlagKind, string> = {
  commitments_without_context: 'Commitments without context',
  hours_and_rates_only: 'Only hours and rates',
  unclear_governance: 'Unclear governance and escalation',
  no_future_conversation: 'No conversation about the future',
  yes_to_everything: 'Says yes to everything',
};
export const RED_FLAG_KINDS = Object.keys(RED_FLAG_LABEL) as RedFlagKind[];

const STATUS: Record<SelectionSummary['status'], { label: string; color: string }> = {
  draft: { label: 'Building the scorecard', color: 'gray' },
  scoring: { label: 'Scoring', color: 'indigo' },
  decided: { label: 'Decided', color: 'teal' },
};

export function SelectionStatusBadge({ status }: { status: SelectionSummary['status'] }) {
  const s = STATUS[status];
  // filled badges: the pale variants miss contrast in dark mode
  return (
    <Badge variant="filled" color={s.color === 'gray' ? 'gray.7' : `${s.color}.8`} radius="sm">
      {s.label}
    </Badge>
  );
}

export function RedFlagBadge({ kind, effect }: { kind: RedFlagKind; effect?: string }) {
  return (
    <Badge variant="filled" color="red.8" radius="sm" style={{ textTransform: 'none' }}>
      {RED_FLAG_LABEL[kind]}
      {effect ? ` · ${effect}` : ''}
    </Badge>
  );
}

/** A 0–100 weighted score as shown everywhere: one decimal. */
export const points = (n: number | null | undefined) => (n === null || n === undefined ? '–' : n.toFixed(1));
export const pct = (n: number | null | undefined) => (n === null || n === undefined ? '–' : `${Math.round(n * 100)} %`);
export const alphaText = (a: number | null | undefined) => (a === null || a === undefined ? 'not measurable' : `α = ${a.toFixed(2)}`);

export const READING_COLOR: Record<AgreementReading, string> = {
  good: 'teal.8',
  tentative: 'yellow.9',
  poor: 'red.8',
  'no-variation': 'gray.7',
  insufficient: 'gray.7',
};
export const READING_LABEL: Record<AgreementReading, string> = {
  good: 'Agree well',
  tentative: 'Agree moderately',
  poor: 'Agree poorly',
  'no-variation': 'All the same score',
  insufficient: 'Too few scores',
};

/** The reading of an alpha (Krippendorff's 0.8 / 0.667); an undefined one says why in the server's sentence. */
export function readingOf(alpha: number | null, sentence = ''): AgreementReading {
  if (alpha === null) return /same/i.test(sentence) ? 'no-variation' : 'insufficient';
  return readAlpha({ alpha, pairable: 2, units: 1, reason: 'ok' });
}

export function ReadingBadge({ reading: r }: { reading: AgreementReading }) {
  return (
    <Badge variant="filled" color={READING_COLOR[r]} radius="sm" style={{ textTransform: 'none', flexShrink: 0 }} styles={{ label: { overflow: 'visible' } }}>
      {READING_LABEL[r]}
    </Badge>
  );
}

/** The lowercase phrase of a criterion for sentences ("agree poorly on risk transparency"). */
export const criterionPhrase = (label: string) => label.charAt(0).toLowerCase() + label.slice(1);
