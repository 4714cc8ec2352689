/**
 * The commitments ledger, pure: states and their transitions, how far in
 * advance a renegotiation came, who may manage which side's promises, and
 * the say/do figures (per side, and per month for a chart). No I/O.
 *
 * A commitment is due by the end of its due date (UTC). It is
 * - open: made, not yet due or delivered;
 * - renegotiated: a new due date was agreed (with a reason); still outstanding,
 *   so it later ends kept or missed like an open one;
 * - kept: delivered on or before its (current) due date;
 * - missed: the due date passed without delivery (the scheduled check marks it
 *   at the start of the next day), or it was delivered after the due date.
 */

import { addDays, isoDate } from '../time';
import type { EngagementRole, Side } from '../authz/policy';

export type CommitmentStatus = 'open' | 'renegotiated' | 'kept' | 'missed';
export const COMMITMENT_STATUSES: readonly CommitmentStatus[] = ['open', 'renegotiated', 'kept', 'missed'];

/** A renegotiation at least this many days before the due date counts as early (proactive). */
export const EARLY_RENEGOTIATION_DAYS = 1;

const DAY_MS = 86_400_000;
const dayNumber = (date: string) => Date.parse(`${date}T00:00:00.000Z`) / DAY_MS;

/** Whole days from `from` to `to` (both YYYY-MM-DD): positive when `to` is later. */
export const daysBetween = (from: string, to: string): number => Math.round(dayNumber(to) - dayNumber(from));

export const addDaysToDate = (date: string, days: number): string => isoDate(addDays(new Date(`${date}T00:00:00.000Z`), days));

export const isOutstanding = (status: CommitmentStatus): boolean => status === 'open' || status === 'renegotiated';

/** How many days before the due date a renegotiation came: 0 on the day itself, negative when after it. */
export const daysInAdvance = (dueDate: string, renegotiatedOn: string): number => daysBetween(renegotiatedOn, dueDate);

export const isEarlyRenegotiation = (days: number): boolean => days >= EARLY_RENEGOTIATION_DAYS;

/** When the automatic miss check runs: the start (00:00 UTC) of the day after the due date. */
export const missCheckAt = (dueDate: string): Date => new Date(`${addDaysToDate(dueDate, 1)}T00:00:00.000Z`);

/** Outstanding and past its due date (the scheduled check has not marked it missed yet). */
export const isPastDue = (c: { status: CommitmentStatus; dueDate: string }, today: string): boolean => isOutstanding(c.status) && c.dueDate < today;

/**
 * Who may record, edit, renegotiate and mark kept: the leads of both sides
 * (provider lead, client sponsor) hold the ledger together and may act on
 * either side's commitments; provider members on the provider's own
 * commitments. Client stakeholders read. (The policy action
 * `commitment.write` admits lead, member and sponsor; this narrows by side.)
 */
export function mayManageSide(role: EngagementRole, side: Side): boolean {
  if (role === 'lead' || role === 'sponsor') return true;
  if (role === 'member') return side === 'provider';
  return false;
}

/** A problem with input, named by field (the server turns it into a 422), or a state conflict (409). */
export type RuleError = { kind: 'invalid'; field: string; message: string } | { kind: 'conflict'; message: string };

export interface CommitmentState {
  status: CommitmentStatus;
  dueDate: string;
  createdOn: string; // YYYY-MM-DD the commitment was made
  deliveredOn: string | null;
}

/** Creating: a due date today or later; client-side commitments are always shared. */
export function checkNew(input: { side: Side; dueDate: string; visibility: 'shared' | 'internal' }, today: string): RuleError | null {
  if (input.dueDate < today) return { kind: 'invalid', field: 'dueDate', message: `is in the past (today is ${today})` };
  if (input.side === 'client' && input.visibility === 'internal') {
    return { kind: 'invalid', field: 'visibility', message: 'a client-side commitment is always shared with the client' };
  }
  return null;
}

/** Renegotiating: only while outstanding, to a later date than the current one, not in the past. */
export function checkRenegotiation(c: CommitmentState, newDueDate: string, today: string): RuleError | null {
  if (!isOutstanding(c.status)) return { kind: 'conflict', message: `This commitment is already ${c.status}: it can no longer be renegotiated` };
  if (newDueDate <= c.dueDate) return { kind: 'invalid', field: 'newDueDate', message: `must be after the current due date (${c.dueDate})` };
  if (newDueDate < today) return { kind: 'invalid', field: 'newDueDate', message: `is in the past (today is ${today})` };
  return null;
}

export type DeliveryResult =
  | { kind: 'kept' }
  /** Delivered after the due date: missed (if not already), with the late delivery recorded. */
  | { kind: 'late'; daysLate: number; alreadyMissed: boolean };

/**
 * Recording a delivery. On or before the due date an outstanding commitment
 * is kept. After it, the commitment is missed (and stays missed), and the late
 * delivery is recorded. A missed commitment cannot become kept.
 */
export function checkDelivery(c: CommitmentState, deliveredOn: string, today: string): RuleError | DeliveryResult {
  if (deliveredOn > today) return { kind: 'invalid', field: 'deliveredOn', message: `is in the future (today is ${today})` };
  if (deliveredOn < c.createdOn) return { kind: 'invalid', field: 'deliveredOn', message: `is before the commitment was made (${c.createdOn})` };
  if (c.status === 'kept') return { kind: 'conflict', message: `This commitment is already kept (delivered ${c.deliveredOn})` };
  const daysLate = daysBetween(c.dueDate, deliveredOn);
  if (c.status === 'missed') {
    if (c.deliveredOn) return { kind: 'conflict', message: `This commitment was missed and its late delivery is already recorded (${c.deliveredOn})` };
    if (daysLate <= 0) {
      return {
        kind: 'conflict',
        message: `This commitment was missed (due ${c.dueDate}) and cannot be kept any more. If it arrived late, record the date it arrived.`,
      };
    }
    return { kind: 'late', daysLate, alreadyMissed: true };
  }
  return daysLate <= 0 ? { kind: 'kept' } : { kind: 'late', daysLate, alreadyMissed: false };
}

export const isRuleError = (r: RuleError | DeliveryResult | null): r is RuleError => !!r && (r.kind === 'invalid' || r.kind === 'conflict');

// ── Say / do ────────────────────────────────────────────────────────────────

export type Outcome = 'keptOnTime' | 'keptRenegotiatedEarly' | 'keptRenegotiatedLate' | 'missedSilently' | 'missedAfterRenegotiation';
export const OUTCOMES: readonly Outcome[] = ['keptOnTime', 'keptRenegotiatedEarly', 'keptRenegotiatedLate', 'missedSilently', 'missedAfterRenegotiation'];

export interface CommitmentFact {
  side: Side;
  status: CommitmentStatus;
  renegotiations: number;
  /** Renegotiations less than EARLY_RENEGOTIATION_DAYS before the due date they moved. */
  lateRenegotiations: number;
  /** YYYY-MM-DD it ended: the delivery date when kept, the day it was marked missed. */
  resolvedOn: string | null;
}

/** How a resolved commitment counts; null while outstanding. */
export function outcomeOf(c: Pick<CommitmentFact, 'status' | 'renegotiations' | 'lateRenegotiations'>): Outcome | null {
  if (c.status === 'kept') {
    if (c.renegotiations === 0) return 'keptOnTime';
    return c.lateRenegotiations > 0 ? 'keptRenegotiatedLate' : 'keptRenegotiatedEarly';
  }
  if (c.status === 'missed') return c.renegotiations === 0 ? 'missedSilently' : 'missedAfterRenegotiation';
  return null;
}

export type OutcomeCounts = Record<Outcome, number>;
const zero = (): OutcomeCounts => ({ keptOnTime: 0, keptRenegotiatedEarly: 0, keptRenegotiatedLate: 0, missedSilently: 0, missedAfterRenegotiation: 0 });

export interface SideFigures extends OutcomeCounts {
  side: Side;
  open: number;
  renegotiatedOpen: number;
  resolved: number;
  /**
   * Say/do: the share of resolved commitments kept as promised or after an
   * early renegotiation (the other side was told in time). Null when none resolved.
   */
  sayDo: number | null;
  series: ({ month: string } & OutcomeCounts)[];
}

/** Every month (YYYY-MM) from `first` to `last`, inclusive. */
export function monthsBetween(first: string, last: string): string[] {
  const out: string[] = [];
  let [y, m] = first.split('-').map(Number) as [number, number];
  const [ly, lm] = last.split('-').map(Number) as [number, number];
  while (y < ly || (y === ly && m <= lm)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return out;
}

/**
 * Say/do figures per side and a monthly series by the month each commitment
 * was resolved, from the first resolution month to this month (with no gaps,
 * at most `maxMonths` recent months). The caller passes only the commitments
 * the reader may see.
 */
export function sayDoFigures(facts: CommitmentFact[], today: string, maxMonths = 24): SideFigures[] {
  const thisMonth = today.slice(0, 7);
  const resolvedMonths = facts.map((f) => f.resolvedOn?.slice(0, 7)).filter((m): m is string => !!m && m <= thisMonth);
  const first = [...resolvedMonths].sort()[0] ?? thisMonth;
  const months = monthsBetween(first, thisMonth).slice(-maxMonths);
  return (['provider', 'client'] as const).map((side) => {
    const mine = facts.filter((f) => f.side === side);
    const totals = zero();
    const byMonth = new Map(months.map((m) => [m, zero()]));
    for (const f of mine) {
      const o = outcomeOf(f);
      if (!o) continue;
      totals[o] += 1;
      const bucket = f.resolvedOn ? byMonth.get(f.resolvedOn.slice(0, 7)) : undefined;
      if (bucket) bucket[o] += 1;
    }
    const resolved = OUTCOMES.reduce((n, o) => n + totals[o], 0);
    return {
      side,
      ...totals,
      open: mine.filter((f) => f.status === 'open').length,
      renegotiatedOpen: mine.filter((f) => f.status === 'renegotiated').length,
      resolved,
      sayDo: resolved ? (totals.keptOnTime + totals.keptRenegotiatedEarly) / resolved : null,
      series: months.map((month) => ({ month, ...byMonth.get(month)! })),
    };
  });
}
