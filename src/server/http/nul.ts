import type { FastifyRequest } from 'fastify';
import { AppError } from './errors';

/**
 * U+0000 in any input is refused before validation (issue 17, ADR 0032): PostgreSQL cannot store it in
 * text (a 500 there, found by the fuzzer with a path id of "%00"), SQLite and C libraries cut strings at
 * it, and no Candor field has a use for it. One check for every route's path, query and body, so no
 * schema can forget it.
 */

/** The path of the first string or key holding U+0000 ('' for the value itself), or null. Iterative: bodies may nest deeply. */
export function nulField(value: unknown): string | null {
  const stack: [unknown, string][] = [[value, '']];
  while (stack.length) {
    const [v, at] = stack.pop()!;
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return at;
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        const here = at ? `${at}.${k}` : k;
        if (k.includes('\u0000')) return here;
        stack.push([x, here]);
      }
    }
  }
  return null;
}

/** A preValidation hook: 400 naming the field when params, query or body hold U+0000. */
export async function refuseNul(req: FastifyRequest): Promise<void> {
  for (const [where, v] of [
    ['params', req.params],
    ['querystring', req.query],
    ['body', req.body],
  ] as const) {
    const field = nulField(v);
    if (field === null) continue;
    const name = field || where;
    throw new AppError(400, 'invalid_input', `Invalid ${where}: ${name}: must not contain the NUL character`, [
      { field: name, message: 'must not contain the NUL character (U+0000)' },
    ]);
  }
}
