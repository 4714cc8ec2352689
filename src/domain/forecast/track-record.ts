/**
 * An engagement's own track record as a correction of its live forecast
 * (issue 18, ADR 0100 "Recalibration"): the stored forecasts of the same
 * audience whose work is finished are judged (scope.ts judgeForecast), and
 * their misses correct the new forecast's P50/P85/P95 of effort and of the
 * completion dates, exactly as the back-test does with the projects that
 * finished before a checkpoint (recalibration.ts).
 *
 * - Forecasts are judged against what they said before any correction (the
 *   raw figures kept in each stored forecast), so corrections never feed on
 *   themselves.
 * - A scope (the engagement or one phase) is one "project": its forecasts are
 *   strongly correlated, so a correction needs judged forecasts of at least
 *   three scopes. Until then the explanation says how far the record is.
 * - P05 is left as the engine drew it (moving the low end up by the record
 *   made the interval score worse in the back-test), and so is the dates' P50
 *   (the back-test's dates held their P50 as drawn; corrected, it overshot).
 * - Forecasts of other scopes still waiting for their work (pending) count as
 *   censored: their remaining effort is at least what was logged since, their
 *   completion later than the last finish of their items so far (a bound that
 *   stops growing when a scope is left with items open, where "today" would
 *   push the tails further every day). Otherwise a record would consist only of
 *   the scopes quick enough to have finished. They count at the effort's P50 and
 *   at the dates' P85/P95, as in the back-test (recalibration.ts, Kaplan–Meier).
 * - Only what is known now is used: nothing of the future.
 */

import type { Judgement, Percentiles } from './scope';
import { DEFAULT_MIN_GROUPS, type JudgedForecast, type QuantileCorrection, quantileCorrection } from './recalibration';

const DAY_MS = 86_400_000;

/** A stored forecast as the correction needs it: its raw figures and how it was judged. */
export interface StoredTrackEntry {
  /** The scope it forecast: 'engagement' or the phase id. */
  scope: string;
  /** When it was made (ISO instant). */
  asOf: string;
  /** Remaining effort and dates as the engine gave them, before any correction. */
  raw: { effort: Percentiles; dates: { p50: string; p85: string; p95: string } | null };
  judgement: Judgement;
}

export interface TrackRecordInput {
  /** Judged forecasts, and with `censored` those still pending. */
  effort: JudgedForecast[];
  dates: JudgedForecast[];
}

/** Whole days from the forecast's day to the end of `date` (≥ 1 for a date on or after it). */
function daysUntilEndOf(asOf: string, date: string): number {
  return (Date.parse(`${date}T00:00:00Z`) - Date.parse(`${asOf.slice(0, 10)}T00:00:00Z`)) / DAY_MS + 1;
}

/**
 * The stored forecasts as the recalibration's input: effort in hours, dates as days from the forecast's day.
 * Judged ones with their outcome; pending ones as censored at what is known of them so far: the hours logged
 * since, and the days up to the last finish of their items.
 */
export function trackRecordOf(stored: readonly StoredTrackEntry[]): TrackRecordInput {
  const effort: JudgedForecast[] = [];
  const dates: JudgedForecast[] = [];
  for (const s of stored) {
    const j = s.judgement;
    const e = s.raw.effort;
    const d = s.raw.dates;
    // P05 is not stored; the correction leaves it alone, so the P50 stands in for it
    const effortQ = { p05: e.p50, p50: e.p50, p85: e.p85, p95: e.p95 };
    const dateQ = d ? { p05: daysUntilEndOf(s.asOf, d.p50), p50: daysUntilEndOf(s.asOf, d.p50), p85: daysUntilEndOf(s.asOf, d.p85), p95: daysUntilEndOf(s.asOf, d.p95) } : null;
    if (j.state === 'judged') {
      effort.push({ ...effortQ, actual: j.actualHours, group: s.scope });
      if (dateQ) dates.push({ ...dateQ, actual: daysUntilEndOf(s.asOf, j.completedOn), group: s.scope });
    } else if (j.state === 'pending') {
      if (j.spentSinceHours > 0) effort.push({ ...effortQ, actual: j.spentSinceHours, group: s.scope, censored: true });
      const since = j.lastFinishedOn && j.lastFinishedOn > s.asOf.slice(0, 10) ? j.lastFinishedOn : null;
      if (dateQ && since) dates.push({ ...dateQ, actual: daysUntilEndOf(s.asOf, since), group: s.scope, censored: true });
    }
  }
  return { effort, dates };
}

export interface TrackCorrection {
  applied: boolean;
  /** Judged forecasts and the scopes they came from. */
  judged: number;
  scopes: number;
  /** Factor applied to P50 / P85 / P95 (1 = unchanged). */
  effort: Percentiles;
  dates: Percentiles | null;
  /** Share of the past raw forecasts whose outcome was ≤ each level. */
  pastHitRate: Percentiles;
  reason: string;
}

const upper = (c: QuantileCorrection): Percentiles => ({ p50: c.factors.p50, p85: c.factors.p85, p95: c.factors.p95 });

/**
 * Partial pooling towards no correction: with judged forecasts of g scopes the log-factors are taken
 * g / (g + 3) of the way, so three scopes move the figures half way and a record of three small phases
 * cannot swing them wildly (recalibration.ts; ADR 0100).
 */
export const TRACK_RECORD_POOL = 3;

/**
 * The correction the record gives, effort and dates each needing judged forecasts of `minScopes` scopes.
 * `scope`: the scope being forecast, whose own pending forecasts are left out (they are the same work).
 */
export function trackCorrection(record: TrackRecordInput, minScopes = DEFAULT_MIN_GROUPS, pool = TRACK_RECORD_POOL, scope?: string): TrackCorrection {
  const others = (list: JudgedForecast[]) => (scope === undefined ? list : list.filter((j) => !(j.censored && j.group === scope)));
  const effort = others(record.effort);
  const dates = others(record.dates);
  const e = quantileCorrection(effort, minScopes, pool, { censoredAt: ['p50'] });
  const d = quantileCorrection(dates, minScopes, pool);
  const pastHitRate = { p50: e.pastHitRate.p50, p85: e.pastHitRate.p85, p95: e.pastHitRate.p95 };
  if (!e.applied) {
    return {
      applied: false,
      judged: e.judged,
      scopes: e.groups,
      effort: { p50: 1, p85: 1, p95: 1 },
      dates: null,
      pastHitRate,
      reason:
        e.judged === 0
          ? 'No stored forecast of this engagement has been judged yet, so its own track record does not correct the figures.'
          : `${e.judged} stored forecast(s) of ${e.groups} scope(s) have been judged; a correction needs judged forecasts of ${minScopes} scopes (the engagement or its phases), so none applies yet.`,
    };
  }
  return {
    applied: true,
    judged: e.judged,
    scopes: e.groups,
    effort: upper(e),
    // the dates' P50 as drawn (ADR 0100, issue 18)
    dates: d.applied ? { ...upper(d), p50: 1 } : null,
    pastHitRate,
    reason: `${e.judged} judged forecast(s) of ${e.groups} scopes in this engagement${stillOpen([...effort, ...dates])}`,
  };
}

/** How many scopes' pending forecasts the correction counted, in words (empty when none). */
function stillOpen(counted: readonly JudgedForecast[]): string {
  const open = new Set(counted.filter((j) => j.censored).map((j) => j.group)).size;
  return open > 0 ? `, and forecasts of ${open} scope(s) still open, counted as at least as late as their last finish` : '';
}

/** Multiplies P50/P85/P95 by their factors and keeps them in order. */
export function correctPercentiles(p: Percentiles, f: Percentiles): Percentiles {
  const p50 = p.p50 * f.p50;
  const p85 = Math.max(p50, p.p85 * f.p85);
  return { p50, p85, p95: Math.max(p85, p.p95 * f.p95) };
}

/**
 * The factor at any level p, for the fan and the budget's chance: 1 up to 5%,
 * linear in p between the corrected levels, the P95 factor beyond.
 */
export function factorAt(p: number, f: Percentiles): number {
  const knots: [number, number][] = [
    [0.05, 1],
    [0.5, f.p50],
    [0.85, f.p85],
    [0.95, f.p95],
  ];
  if (p <= knots[0]![0]) return 1;
  for (let i = 1; i < knots.length; i++) {
    const [p1, f1] = knots[i]!;
    const [p0, f0] = knots[i - 1]!;
    if (p <= p1) return f0 + ((p - p0) / (p1 - p0)) * (f1 - f0);
  }
  return f.p95;
}

/** Corrects a quantile list (ascending p) and keeps it non-decreasing. */
export function correctQuantiles(q: readonly { p: number; value: number }[], f: Percentiles): { p: number; value: number }[] {
  let floor = 0;
  return q.map(({ p, value }) => {
    const v = Math.max(floor, value * factorAt(p, f));
    floor = v;
    return { p, value: v };
  });
}

/** Corrects dates as durations from the forecast's day (to the end of each date), kept in order. */
export function correctDates(asOf: string, dates: { p50: string; p85: string; p95: string }, f: Percentiles): { p50: string; p85: string; p95: string } {
  const day0 = Date.parse(`${asOf.slice(0, 10)}T00:00:00Z`);
  const at = (days: number) => new Date(day0 + (Math.max(1, Math.round(days)) - 1) * DAY_MS).toISOString().slice(0, 10);
  const d = correctPercentiles({ p50: daysUntilEndOf(asOf, dates.p50), p85: daysUntilEndOf(asOf, dates.p85), p95: daysUntilEndOf(asOf, dates.p95) }, f);
  return { p50: at(d.p50), p85: at(d.p85), p95: at(d.p95) };
}

const pct = (x: number) => `${Math.round(x * 100)}%`;
const hours = (x: number) => `${Math.round(x).toLocaleString('en-US')} h`;
const arrow = (a: string, b: string) => (a === b ? `${a} (unchanged)` : `${a} → ${b}`);

/** The correction in words, for the forecast's notes: what the record says, and each figure before and after. */
export function trackCorrectionNote(
  c: TrackCorrection,
  effort: { raw: Percentiles; corrected: Percentiles },
  dates: { raw: { p50: string; p85: string; p95: string }; corrected: { p50: string; p85: string; p95: string } } | null,
): string {
  if (!c.applied) return c.reason;
  const held = `of them P50 held ${pct(c.pastHitRate.p50)}, P85 ${pct(c.pastHitRate.p85)} and P95 ${pct(c.pastHitRate.p95)} of the time`;
  const levels = ['p50', 'p85', 'p95'] as const;
  const e = levels.map((l) => `${l.toUpperCase()} ${arrow(hours(effort.raw[l]), hours(effort.corrected[l]))}`).join(', ');
  const d = dates
    ? `; dates ${levels.map((l) => `${l.toUpperCase()} ${arrow(dates.raw[l], dates.corrected[l])}`).join(', ')}`
    : c.dates
      ? ''
      : '; the dates are not corrected: too few judged forecasts had dates';
  return `Corrected by this engagement's own track record: ${c.reason}; ${held}. Effort ${e}${d}.`;
}
