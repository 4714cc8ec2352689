import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { safeEqual } from './constant-time';
import { findSecretComparisons } from './secret-compare-check';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Everything that runs on the server or the command line: no tests, no migrations, no web UI. */
function sourceFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'migrations') walk(p);
      } else if (/\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name)) out.push(p);
    }
  };
  for (const d of ['src/server', 'src/domain', 'src/cli']) walk(path.join(root, d));
  return out;
}

describe('secrets are compared in constant time (ADR 0033)', () => {
  it('flags === and .equals on secrets and lookups by a raw secret; passes null checks, typeof, ids and keyed-hash lookups', () => {
    const src = `
      function leaky(row, given, req, sig, expected, deps, token) {
        if (row.secret === given) return 1;
        if (req.headers['x-csrf-token'] !== given) return 2;
        if (sig.equals(Buffer.from(expected)) || expected == row.signature) return 3;
        deps.db.selectFrom('api_tokens').where('token_hash', '=', token);
        deps.db.selectFrom('api_tokens').where('t.token_hash', '=', sha256Hex(token));
      }
      function fine(row, given, deps, token, t) {
        if (row.secret === null || token !== undefined || typeof token === 'string' || t.revoked_at === null) return 0;
        if (row.tokenId === given || row.token_prefix === given || t.last_used_at !== given) return 0;
        const id = tokenHash(deps.config.sessionSecret, token);
        deps.db.selectFrom('sessions').where('id', '=', id);
        deps.db.selectFrom('api_tokens').where('token_hash', '=', tokenHash(deps.config.sessionSecret, token));
        deps.db.selectFrom('calendar_feeds').where('f.token_hash', '=', id);
        return safeEqual(row.secret, given);
      }`;
    const found = findSecretComparisons('example.ts', src);
    expect(found.map((f) => `${f.line} ${f.kind}`)).toEqual(['3 equality', '4 equality', '5 equality', '5 equality', '6 raw-lookup', '7 raw-lookup']);
  });

  it('no server, domain or CLI code compares a secret with === or looks one up unhashed', () => {
    const found = sourceFiles().flatMap((f) => findSecretComparisons(path.relative(root, f), readFileSync(f, 'utf8')));
    expect(found.map((v) => `${v.file}:${v.line} ${v.kind}: ${v.text}`)).toEqual([]);
    // parsing every source file takes seconds on a loaded 2-core machine: no timing is asserted here
  }, 120_000);

  it('safeEqual: equal and unequal secrets, of equal and different lengths, strings and buffers', () => {
    expect(safeEqual('cnd_abc', 'cnd_abc')).toBe(true);
    expect(safeEqual('cnd_abc', 'cnd_abd')).toBe(false);
    expect(safeEqual('cnd_abc', 'cnd_abcd')).toBe(false);
    expect(safeEqual('', '')).toBe(true);
    expect(safeEqual(Buffer.from('whsec_1'), 'whsec_1')).toBe(true);
    expect(safeEqual(Buffer.from([0, 1]), Buffer.from([0, 2]))).toBe(false);
  });
});
