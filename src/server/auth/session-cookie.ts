import type { FastifyRequest } from 'fastify';
import { tokenHash } from '../ids';
import type { Deps } from '../http/context';
import { SESSION_COOKIE } from './service';

/**
 * Reads the session cookie into the session's id (the keyed hash of its token).
 *
 * Both steps are pure functions of the cookie: checking its signature (an
 * HMAC) and hashing its token (another). Every signed-in request paid both,
 * about 6% of the smallest route's CPU (ADR 0034), so the result is kept for
 * the most recent cookies. Nothing about the session is kept: whether it is
 * still valid is read from the database on every request.
 */
export function sessionCookieReader(deps: Deps, max = 10_000) {
  const memo = new Map<string, string | null>();
  return (req: FastifyRequest): string | null => {
    const raw = req.cookies[SESSION_COOKIE];
    if (!raw) return null;
    const known = memo.get(raw);
    if (known !== undefined) return known;
    const unsigned = req.unsignCookie(raw);
    const id = unsigned.valid && unsigned.value ? tokenHash(deps.config.sessionSecret, unsigned.value) : null;
    // a forged or stale cookie is not remembered, so junk cannot fill the table
    if (id !== null) {
      if (memo.size >= max) memo.delete(memo.keys().next().value as string);
      memo.set(raw, id);
    }
    return id;
  };
}
