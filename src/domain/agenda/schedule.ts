/**
 * The future agenda's review schedule and outcome rules (issue 11, ADR 0018). Pure: no I/O.
 *
 * The charter's cadence says how often both sides review the agenda
 * (`futureReviewEvery`: monthly or quarterly). The next review is due one
 * period after the last review was held; before the first review, one period
 * after the engagement's start (or, when no start date is set, after the
 * first entry was raised). A review is overdue from the day after its due date.
 */
export type ReviewEvery = 'monthly' | 'quarterly';
export type EntryStatus = 'open' | 'kept' | 'dropped' | 'turned_into';
export type OutcomeDecision = 'keep' | 'drop' | 'phase' | 'recommendation' | 'decision';
export type LinkType = 'phase' | 'recommendation' | 'decision';

const MONTHS: Record<ReviewEvery, number> = { monthly: 1, quarterly: 3 };

/** `date` (YYYY-MM-DD) plus `n` calendar months, clamped to the month's last day (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(date: string, n: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + n;
  const year = Math.floor(index / 12);
  const month = index - year * 12; // 0-based
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

export interface ScheduleFacts {
  every: ReviewEvery;
  /** held_on of the most recent review, if any */
  lastReviewOn: string | null;
  /** the engagement's start date, if set */
  startDate: string | null;
  /** the date the first entry was raised, if any */
  firstEntryOn: string | null;
}

/** The date the next review is due, or null when there is nothing to anchor it on yet. */
export function nextReviewDue(f: ScheduleFacts): string | null {
  const anchor = f.lastReviewOn ?? f.startDate ?? f.firstEntryOn;
  return anchor ? addMonths(anchor, MONTHS[f.every]) : null;
}

/** Overdue from the day after the due date (the review may be held on the day itself). */
export const isReviewOverdue = (due: string | null, today: string): boolean => due !== null && today > due;

/** Whole days from `then` (an ISO timestamp or date) to `now`, never negative. */
export function daysSince(then: string, now: Date): number {
  const t = Date.parse(then.length === 10 ? `${then}T00:00:00Z` : then);
  const start = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const thenDay = Date.UTC(new Date(t).getUTCFullYear(), new Date(t).getUTCMonth(), new Date(t).getUTCDate());
  return Math.max(0, Math.round((start - thenDay) / 86_400_000));
}

/** The latest moment the partnership talked about the future: the last review held, or the newest entry raised. */
export function lastTalkedAboutFuture(lastReviewOn: string | null, newestEntryAt: string | null): string | null {
  const review = lastReviewOn ? `${lastReviewOn}T00:00:00.000Z` : null;
  if (!review) return newestEntryAt;
  if (!newestEntryAt) return review;
  return newestEntryAt > review ? newestEntryAt : review;
}

/** An entry is on the agenda (reviewable) until a review drops it or turns it into something. */
export const isOnAgenda = (status: EntryStatus): boolean => status === 'open' || status === 'kept';

/** The status an entry takes after a review's decision. */
export function statusAfter(decision: OutcomeDecision): EntryStatus {
  if (decision === 'keep') return 'kept';
  if (decision === 'drop') return 'dropped';
  return 'turned_into';
}

/** The kind of object a decision links to, or null for keep/drop. */
export const linkTypeOf = (decision: OutcomeDecision): LinkType | null => (decision === 'keep' || decision === 'drop' ? null : decision);

export interface OutcomeProblem {
  index: number;
  field: string;
  message: string;
}

/**
 * Checks a review's outcomes against the entries the reviewer may see: each
 * entry once, known, still on the agenda; keep and drop carry no link.
 * `entries` maps an entry id to its status. Returns the first problem.
 */
export function checkOutcomes(outcomes: readonly { entryId: string; decision: OutcomeDecision; linkId?: string | undefined }[], entries: ReadonlyMap<string, EntryStatus>): OutcomeProblem | null {
  const seen = new Set<string>();
  for (const [index, o] of outcomes.entries()) {
    const field = `outcomes.${index}.entryId`;
    const status = entries.get(o.entryId);
    if (status === undefined) return { index, field, message: 'is not an entry of this engagement’s agenda' };
    if (seen.has(o.entryId)) return { index, field, message: 'appears twice in this review' };
    seen.add(o.entryId);
    if (!isOnAgenda(status)) return { index, field, message: `is no longer on the agenda (${status === 'dropped' ? 'dropped' : 'turned into something else'} by an earlier review)` };
    if (linkTypeOf(o.decision) === null && o.linkId) return { index, field: `outcomes.${index}.linkId`, message: `must be empty for "${o.decision}"` };
  }
  return null;
}
