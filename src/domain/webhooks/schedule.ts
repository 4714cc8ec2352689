/**
 * When a webhook attempt runs again (issue 16, ADR 0026). Pure.
 *
 * Attempt 1 runs at once; after a failure of attempt n the next runs after
 * `RETRY_DELAYS_MS[n]` with ±10 % jitter, or later when the receiver asked for it
 * with `Retry-After` (capped at a day). After the last attempt the message has failed.
 */
const S = 1000;
const M = 60 * S;
const H = 60 * M;

/** The delay before each attempt: immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h. */
export const RETRY_DELAYS_MS = [0, 5 * S, 5 * M, 30 * M, 2 * H, 5 * H, 10 * H, 10 * H] as const;
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length;
/** An endpoint failing this long without one success is disabled. */
export const DISABLE_AFTER_MS = 5 * 24 * H;
export const MAX_RETRY_AFTER_MS = 24 * H;
const JITTER = 0.1;

/**
 * The delay before attempt `next` (2 … MAX_ATTEMPTS), or null when there is none.
 * `random` in [0, 1) gives the jitter; `retryAfterMs` is what the receiver asked for.
 */
export function delayBefore(next: number, random: number, retryAfterMs: number | null = null): number | null {
  if (next < 2 || next > MAX_ATTEMPTS) return null;
  const base = RETRY_DELAYS_MS[next - 1]!;
  const jittered = Math.round(base * (1 + JITTER * (2 * random - 1)));
  if (retryAfterMs === null) return jittered;
  return Math.max(jittered, Math.min(retryAfterMs, MAX_RETRY_AFTER_MS));
}

/** `Retry-After` in milliseconds from now: delta-seconds or an HTTP date (RFC 9110 §10.2.3); null when absent or unreadable. */
export function parseRetryAfter(value: string | undefined | null, now: Date): number | null {
  if (!value) return null;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * S;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now.getTime());
}

export type Outcome = { kind: 'success' } | { kind: 'gone' } | { kind: 'failure'; retryAfterMs: number | null };

/** What a response (or its absence: a timeout, a refused connection, a refused address) means. */
export function outcomeOf(status: number | null, retryAfterMs: number | null): Outcome {
  if (status !== null && status >= 200 && status < 300) return { kind: 'success' };
  if (status === 410) return { kind: 'gone' };
  return { kind: 'failure', retryAfterMs };
}

/** Whether an endpoint failing since `failingSince` is to be disabled now. */
export const failedTooLong = (failingSince: string | null, now: Date): boolean =>
  failingSince !== null && now.getTime() - Date.parse(failingSince) >= DISABLE_AFTER_MS;
