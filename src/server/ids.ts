import { createHash, createHmac, randomBytes } from 'node:crypto';
import { v7 } from 'uuid';

/** Sortable text ids (UUIDv7): they order by creation time on both databases. */
export const newId = (): string => v7();

/** A secret token for links, sessions and API tokens: 256 random bits. */
export const newToken = (): string => randomBytes(32).toString('base64url');

export const sha256Hex = (s: string): string => createHash('sha256').update(s).digest('hex');

/** Tokens are stored as keyed hashes, so a copy of the database cannot be replayed. */
export const tokenHash = (secret: string, token: string): string =>
  createHmac('sha256', secret).update(token).digest('hex');
