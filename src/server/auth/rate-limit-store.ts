import { createHash } from 'node:crypto';
import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import { sql } from 'kysely';
import type { Deps } from '../http/context';

/**
 * The sign-in limiter's counts, in the database (table `rate_limits`, migration 0021), so that the limit
 * holds across every Candor process on it (ADR 0029): with N processes behind a load balancer an in-memory
 * count would let a guesser try N times as often. One row per limited key: its attempts in the current
 * window and when the window ends (epoch ms, from the server's clock). A hit is one atomic statement,
 * INSERT … ON CONFLICT DO UPDATE … RETURNING, on SQLite and PostgreSQL alike: the row lock (PostgreSQL) or
 * the single writer (SQLite) orders concurrent hits, so no two processes read the same count.
 */

/** Stored instead of the key itself, so the table holds no e-mail or address. */
const hashKey = (key: string): string => createHash('sha256').update(key).digest('hex');

export interface Hit {
  /** attempts in the window, this one included */
  current: number;
  /** milliseconds until the window ends */
  ttl: number;
}

/** Counts one attempt of `key` in its window of `windowMs`, starting a new window when the last one ended. */
export async function hitRateLimit(deps: Pick<Deps, 'db' | 'clock'>, key: string, windowMs: number): Promise<Hit> {
  const now = deps.clock.now().getTime();
  const ends = now + windowMs;
  const row = await deps.db
    .insertInto('rate_limits')
    .values({ key: hashKey(key), hits: 1, window_ends_at: ends })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        // both refer to the row as it was: an ended window restarts at 1, a running one counts on
        hits: sql<number>`case when rate_limits.window_ends_at <= ${now} then 1 else rate_limits.hits + 1 end`,
        window_ends_at: sql<number>`case when rate_limits.window_ends_at <= ${now} then ${ends} else rate_limits.window_ends_at end`,
      }),
    )
    .returning(['hits', 'window_ends_at'])
    .executeTakeFirstOrThrow();
  return { current: Number(row.hits), ttl: Math.max(0, Number(row.window_ends_at) - now) };
}

/** Deletes the rows whose window has ended (they count for nothing: the next hit would restart them). */
export async function pruneRateLimits(deps: Pick<Deps, 'db' | 'clock'>): Promise<number> {
  const res = await deps.db.deleteFrom('rate_limits').where('window_ends_at', '<=', deps.clock.now().getTime()).executeTakeFirst();
  return Number(res.numDeletedRows);
}

/** Clean-up runs on write, at most once per this interval per process. */
const PRUNE_EVERY_MS = 60_000;

/**
 * A store for @fastify/rate-limit backed by `hitRateLimit`. The plugin makes one per route (`child`), keyed
 * by method and URL, as its in-memory store does. A database error fails the request (500): a limiter that
 * let attempts through when it cannot count would be no limit.
 */
export function databaseRateLimitStore(deps: Pick<Deps, 'db' | 'clock' | 'log'>): FastifyRateLimitStoreCtor {
  let lastPrune = 0;
  class DatabaseRateLimitStore implements FastifyRateLimitStore {
    private readonly prefix: string;
    constructor(options?: unknown) {
      const route = (options as { routeInfo?: { method?: unknown; url?: unknown } } | undefined)?.routeInfo;
      this.prefix = route?.url ? `${String(route.method)} ${String(route.url)}|` : '';
    }
    incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void, timeWindow = 60_000): void {
      hitRateLimit(deps, this.prefix + key, timeWindow).then(
        (hit) => {
          callback(null, hit);
          const now = deps.clock.now().getTime();
          if (Math.abs(now - lastPrune) >= PRUNE_EVERY_MS) {
            lastPrune = now;
            pruneRateLimits(deps).catch((err) => deps.log.warn({ err }, 'could not delete ended sign-in limit windows'));
          }
        },
        (err: Error) => callback(err),
      );
    }
    child(routeOptions: unknown): FastifyRateLimitStore {
      return new DatabaseRateLimitStore(routeOptions);
    }
  }
  return DatabaseRateLimitStore as unknown as FastifyRateLimitStoreCtor;
}
