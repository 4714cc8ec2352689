/**
 * The URL an endpoint is registered with (ADR 0026). Pure. https or http (http
 * for closed networks and tests; the page says so), a host, no user name or
 * password in it (they would be sent to every proxy and logged), no fragment.
 * Where it resolves is checked when each attempt is sent, not here.
 */
export const MAX_URL_LENGTH = 2048;

export function urlProblem(raw: string): string | null {
  if (raw.length > MAX_URL_LENGTH) return `At most ${MAX_URL_LENGTH} characters`;
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return 'Not a URL: write it whole, e.g. https://example.com/hooks/candor';
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return `Only https or http URLs (not ${u.protocol.replace(':', '')})`;
  if (u.username || u.password) return 'No user name or password in the URL: put a token in its path or query, or verify the signature';
  if (!u.hostname) return 'The URL has no host';
  if (u.hash) return 'No fragment (#…) in the URL: it is never sent';
  return null;
}
