import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * The security headers helmet would set, computed once at start.
 *
 * @fastify/helmet builds a new helmet middleware (parsing the whole
 * Content-Security-Policy again) on every request; that was 6.5% of the CPU of
 * the smallest signed-in route (ADR 0034). Candor's headers depend on nothing
 * in the request (no CSP nonces), so helmet itself runs once here against a
 * recording response, and each request only copies the result.
 */
export function securityHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  let failure: unknown;
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, (err?: unknown) => {
    failure = err;
  });
  if (failure) throw failure;
  return headers;
}
