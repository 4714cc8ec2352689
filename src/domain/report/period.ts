/**
 * The report's period (issue 16, ADR 0024): whole UTC days, inclusive. Pure.
 */
import type { ReportPeriod } from '../../contracts/report';

export interface PeriodFacts {
  /** Today on the server's clock (UTC). */
  today: string;
  /** The UTC day the last report of the engagement was generated, if any. */
  lastReportDay: string | null;
  /** The engagement's start: its planned start date, else the day it was created. */
  engagementStart: string;
}

export type PeriodResult = { ok: true; period: ReportPeriod } | { ok: false; field: 'from' | 'to'; message: string };

/** The period asked for, with the defaults filled in; `from` after `to` is refused naming `from`. */
export function resolvePeriod(q: { from?: string | undefined; to?: string | undefined }, f: PeriodFacts): PeriodResult {
  const to = q.to ?? f.today;
  let from: string;
  let basis: ReportPeriod['basis'];
  if (q.from) {
    from = q.from;
    basis = 'requested';
  } else if (f.lastReportDay) {
    from = f.lastReportDay;
    basis = 'last-report';
  } else {
    from = f.engagementStart;
    basis = 'engagement-start';
  }
  // a default `from` never lands after an explicit `to`: the period then starts and ends on `to`
  if (!q.from && from > to) from = to;
  if (from > to) return { ok: false, field: 'from', message: `must not be after to (${to})` };
  return { ok: true, period: { from, to, basis } };
}

/** The UTC day of a timestamp or date. */
export const dayOf = (iso: string): string => iso.slice(0, 10);

/** Whether a timestamp or date falls in the period (whole days, inclusive). */
export const inPeriod = (iso: string | null | undefined, p: Pick<ReportPeriod, 'from' | 'to'>): boolean => {
  if (!iso) return false;
  const d = dayOf(iso);
  return d >= p.from && d <= p.to;
};

/** The first instant of the period and the first instant after it, as ISO timestamps. */
export const periodBounds = (p: Pick<ReportPeriod, 'from' | 'to'>) => {
  const start = `${p.from}T00:00:00.000Z`;
  const end = new Date(Date.parse(`${p.to}T00:00:00.000Z`) + 86_400_000).toISOString();
  return { start, end };
};
