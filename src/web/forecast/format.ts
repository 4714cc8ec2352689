import dayjs from 'dayjs';

/** Hours as "235 h" (whole hours: a forecast's tenths would be false precision). */
export function hours(h: number | null | undefined): string {
  if (h == null || !Number.isFinite(h)) return '—';
  return `${Math.round(h).toLocaleString()} h`;
}

/** A calendar date (YYYY-MM-DD) as "29 Dec 2026"; never "Invalid Date". */
export function day(iso: string | null | undefined, withYear = true): string {
  if (!iso) return '—';
  const d = dayjs(iso);
  return d.isValid() ? d.format(withYear ? 'D MMM YYYY' : 'D MMM') : '—';
}

/** A chance 0..1 as a percentage; the simulation's ends read "under 5%" and "over 95%". */
export function chance(p: number | null | undefined): string {
  if (p == null || !Number.isFinite(p)) return '—';
  if (p <= 0.05) return 'under 5%';
  if (p >= 0.95) return 'over 95%';
  return `${Math.round(p * 100)}%`;
}

export const pct = (share: number) => `${Math.round(share * 100)}%`;

/** Midnight UTC of a YYYY-MM-DD date, as the chart's x value. */
export const dayMs = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
export const msDay = (ms: number, fmt = 'D MMM') => dayjs(new Date(ms).toISOString().slice(0, 10)).format(fmt);

/** The server's lower-case clause as a sentence start ("no forecast: …" → "No forecast: …"). */
export const capitalized = (s: string) => (s ? `${s[0]!.toUpperCase()}${s.slice(1)}` : s);
