import type { PhaseStatus, WorkItemStatus } from './types';

const num = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1).replace(/\.0$/, ''));

/** An estimate range as "4–6–10 h". */
export function formatEstimate(e: { low: number; likely: number; high: number } | null | undefined): string {
  if (!e) return 'Not estimated';
  return `${num(e.low)}–${num(e.likely)}–${num(e.high)} h`;
}

/** Minutes as "3 h 05" / "45 min". */
export function formatMinutes(min: number): string {
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  const m = min % 60;
  return m ? `${h} h ${String(m).padStart(2, '0')}` : `${h} h`;
}

export const formatHours = (h: number | null | undefined) => (h == null ? '—' : `${num(Math.round(h * 10) / 10)} h`);
export const formatPercent = (p: number | null | undefined) => (p == null ? '—' : `${Math.round(p)}%`);
export function formatMoney(amount: number | null | undefined, currency: string): string {
  if (amount == null) return '—';
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency, maximumFractionDigits: 0 }).format(amount);
  } catch {
    return `${Math.round(amount)} ${currency}`;
  }
}

/**
 * Parses what someone types in a time cell: "90" (minutes), "1:30" (h:mm), "1.5h" or "1,5 h" (hours).
 * Returns minutes, 0 for an empty cell, or null when it cannot be read.
 */
export function parseDuration(text: string): number | null {
  const t = text.trim().toLowerCase();
  if (t === '') return 0;
  let m = /^(\d{1,2}):(\d{1,2})$/.exec(t);
  if (m) {
    const mins = Number(m[2]);
    return mins < 60 ? Number(m[1]) * 60 + mins : null;
  }
  m = /^(\d+(?:[.,]\d+)?)\s*h$/.exec(t);
  if (m) return Math.round(Number(m[1]!.replace(',', '.')) * 60);
  m = /^(\d+)\s*(?:m|min)?$/.exec(t);
  if (m) return Number(m[1]);
  return null;
}

/** Minutes as h:mm for a timesheet cell ('' for none). */
export const toHmm = (min: number) => (min ? `${Math.floor(min / 60)}:${String(min % 60).padStart(2, '0')}` : '');

export const ITEM_STATUS: Record<WorkItemStatus, { label: string; color: string }> = {
  backlog: { label: 'Backlog', color: 'gray' },
  in_progress: { label: 'In progress', color: 'blue' },
  blocked: { label: 'Blocked', color: 'red' },
  done: { label: 'Done', color: 'teal' },
  dropped: { label: 'Dropped', color: 'dark' },
};
export const ITEM_STATUSES = Object.keys(ITEM_STATUS) as WorkItemStatus[];

export const PHASE_STATUS: Record<PhaseStatus, { label: string; color: string }> = {
  planned: { label: 'Planned', color: 'gray' },
  active: { label: 'Active', color: 'blue' },
  in_review: { label: 'In review', color: 'yellow' },
  done: { label: 'Done', color: 'teal' },
  stopped: { label: 'Stopped', color: 'red' },
};

/** Local ISO date (YYYY-MM-DD). */
export function isoDate(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
