/**
 * Status-update health (issue 12): the health Candor suggests from the data,
 * with its reasons, and how the lead's choice compares. Pure.
 *
 * Rules (each a reason in words the client can read):
 * - the forecast's P50 completion after the planned end → off track;
 *   else its P85 completion after the planned end → at risk;
 * - budget burn ahead of elapsed time by more than 25 points → off track,
 *   by more than 10 points → at risk;
 * - a commitment missed in the period → at risk;
 * - a client decision past its due date → at risk;
 * - two or more at-risk signals together → off track.
 */

export type Health = 'on_track' | 'at_risk' | 'off_track';
export const HEALTHS: readonly Health[] = ['on_track', 'at_risk', 'off_track'];
const RANK: Record<Health, number> = { on_track: 0, at_risk: 1, off_track: 2 };

export const healthLabel = (h: Health): string => (h === 'on_track' ? 'on track' : h === 'at_risk' ? 'at risk' : 'off track');

export const BURN_AT_RISK_POINTS = 10;
export const BURN_OFF_TRACK_POINTS = 25;

export interface HealthSignals {
  plannedEnd: string | null;
  forecastP50: string | null;
  forecastP85: string | null;
  /** Percent of the budget spent (hours, or money when there is no hours budget). */
  percentSpent: number | null;
  percentElapsed: number | null;
  missedCommitments: readonly { title: string; dueDate: string }[];
  overdueClientDecisions: readonly { title: string; dueDate: string }[];
}

export interface HealthReason {
  health: Exclude<Health, 'on_track'>;
  text: string;
}

export interface Suggestion {
  health: Health;
  reasons: string[];
}

const fmt = (n: number) => (Math.round(n * 10) / 10).toString();

export function healthReasons(s: HealthSignals): HealthReason[] {
  const out: HealthReason[] = [];
  if (s.plannedEnd && s.forecastP50 && s.forecastP50 > s.plannedEnd) {
    out.push({ health: 'off_track', text: `the forecast's P50 completion (${s.forecastP50}) is after the planned end (${s.plannedEnd})` });
  } else if (s.plannedEnd && s.forecastP85 && s.forecastP85 > s.plannedEnd) {
    out.push({ health: 'at_risk', text: `the forecast's P85 completion (${s.forecastP85}) is after the planned end (${s.plannedEnd})` });
  }
  if (s.percentSpent != null && s.percentElapsed != null) {
    const ahead = s.percentSpent - s.percentElapsed;
    if (ahead > BURN_AT_RISK_POINTS) {
      out.push({
        health: ahead > BURN_OFF_TRACK_POINTS ? 'off_track' : 'at_risk',
        text: `budget burn (${fmt(s.percentSpent)} % spent) is ${fmt(ahead)} points ahead of elapsed time (${fmt(s.percentElapsed)} %)`,
      });
    }
  }
  for (const c of s.missedCommitments) out.push({ health: 'at_risk', text: `the commitment "${c.title}" (due ${c.dueDate}) was missed` });
  for (const d of s.overdueClientDecisions) out.push({ health: 'at_risk', text: `the client decision "${d.title}" is overdue (due ${d.dueDate})` });
  return out;
}

/** The suggested health: the worst reason, and off track when two or more signals say at risk. */
export function suggestHealth(s: HealthSignals): Suggestion {
  const reasons = healthReasons(s);
  let health: Health = 'on_track';
  for (const r of reasons) if (RANK[r.health] > RANK[health]) health = r.health;
  if (health === 'at_risk' && reasons.length >= 2) health = 'off_track';
  return { health, reasons: reasons.map((r) => r.text) };
}

export const isBetter = (a: Health, b: Health): boolean => RANK[a] < RANK[b];

/**
 * When the lead chose a better health than the data suggested, the sentence
 * the update records, visibly to both sides; null otherwise.
 */
export function overrideSentence(chosen: Health, suggested: Suggestion): string | null {
  if (!isBetter(chosen, suggested.health)) return null;
  const why = suggested.reasons.length ? `: ${suggested.reasons.join('; ')}` : '';
  return `The data suggested ${healthLabel(suggested.health)}${why}.`;
}

export interface HealthInput {
  health: Health;
  reason: string;
  nextStep: string;
}

/** What a health other than on track needs: a reason and a next step, each its own field. */
export function healthProblem(h: HealthInput): { field: 'reason' | 'nextStep'; message: string } | null {
  if (h.health === 'on_track') return null;
  if (!h.reason.trim()) return { field: 'reason', message: `is required when the health is ${healthLabel(h.health)}` };
  if (!h.nextStep.trim()) return { field: 'nextStep', message: `is required when the health is ${healthLabel(h.health)}` };
  return null;
}
