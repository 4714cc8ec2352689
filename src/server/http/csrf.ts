/**
 * Cross-site request forgery (ADR 0004, ADR 0033).
 *
 * SameSite=Lax on the session cookie is the first guard; older browsers lack
 * it, so every state-changing API request is also checked against the
 * browser's own word about where it comes from, before its body is read:
 * `Sec-Fetch-Site` where the browser sends it ('same-origin', or 'none' for a
 * user's own navigation, pass), else `Origin` against our own origin. An
 * unparsable Origin (or the opaque "null") is refused.
 *
 * The check does not depend on the session being valid: a forged sign-in,
 * reset or invitation acceptance (no cookie yet: login CSRF) is refused too.
 * Requests carrying a Bearer API token pass: a browser cannot attach an
 * Authorization header across origins without a CORS preflight, which Candor
 * never grants, and the token is no ambient credential.
 * Scripts and curl send neither header and pass.
 */
import type { FastifyRequest } from 'fastify';
import { AppError } from './errors';

export const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isCrossOrigin(headers: Record<string, string | string[] | undefined>, publicUrl: string): boolean {
  const site = headers['sec-fetch-site'];
  if (typeof site === 'string' && site !== '') return site !== 'same-origin' && site !== 'none';
  const origin = headers.origin;
  if (typeof origin !== 'string' || origin === '') return false;
  if (origin === publicUrl) return false;
  try {
    return new URL(origin).host !== headers.host;
  } catch {
    return true;
  }
}

/** An onRequest hook for the API scope: refuses a cross-site write before anything else runs. */
export function refuseCrossSiteWrites(publicUrl: string) {
  return async (req: FastifyRequest): Promise<void> => {
    if (SAFE_METHODS.has(req.method)) return;
    if (req.headers.authorization?.startsWith('Bearer ')) return;
    if (isCrossOrigin(req.headers, publicUrl)) throw new AppError(403, 'cross_origin', 'Cross-origin request refused');
  };
}
