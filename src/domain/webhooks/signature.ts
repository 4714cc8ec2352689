import { createHmac } from 'node:crypto';

/**
 * Standard Webhooks signing (https://www.standardwebhooks.com, ADR 0026). A
 * secret is `whsec_` + base64 of 24–64 random bytes; the key is those bytes.
 * The signature is `v1,` + base64 HMAC-SHA256 over `{id}.{timestamp}.{body}`;
 * while a rotated secret is still valid, both signatures are sent,
 * space-separated, the current one first. Pure (no I/O).
 */
export const SECRET_PREFIX = 'whsec_';
export const SECRET_BYTES = 32;

export const formatSecret = (bytes: Uint8Array): string => `${SECRET_PREFIX}${Buffer.from(bytes).toString('base64')}`;

export function secretKey(secret: string): Buffer {
  if (!secret.startsWith(SECRET_PREFIX)) throw new Error('not a webhook secret');
  return Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64');
}

export function sign(secret: string, id: string, timestamp: number, body: string): string {
  return `v1,${createHmac('sha256', secretKey(secret)).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

/** The `webhook-signature` header for the valid secrets (current first). */
export const signatureHeader = (secrets: readonly string[], id: string, timestamp: number, body: string): string =>
  secrets.map((s) => sign(s, id, timestamp, body)).join(' ');
