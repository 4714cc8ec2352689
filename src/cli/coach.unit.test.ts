// `candor coach`, run as a child process the way a person or a script runs it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/candor.mjs', import.meta.url));
const dir = mkdtempSync(path.join(tmpdir(), 'candor-coach-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (args: string[], input?: string) => {
  const r = spawnSync(process.execPath, [BIN, 'coach', ...args], { input, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

describe('candor coach', { timeout: 60_000 }, () => {
  it('prints line:col category message per flag and exits 1', () => {
    const file = path.join(dir, 'update.txt');
    writeFileSync(file, 'Weekly update\n\nThe search is done. We will send the report soon.\nMistakes were made.\n');
    const r = run([file]);
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^3:45 vague-time .+ “soon” → “by \[date\]”$/);
    expect(lines[1]).toMatch(/^4:1 hidden-ownership .+ “Mistakes were made” → “We made mistakes”$/);
  });

  it('reads standard input with -, prints JSON with --json, and exits 0 on clean text', () => {
    const flagged = run(['-', '--json'], 'Hopefully it is ready by Friday.');
    expect(flagged.code).toBe(1);
    const { flags } = JSON.parse(flagged.stdout);
    expect(flags[0]).toMatchObject({ category: 'hedged-commitment', excerpt: 'Hopefully it', line: 1, col: 1 });
    const clean = run(['-'], 'Thank you for the quick approval of the design.');
    expect(clean.code).toBe(0);
    expect(clean.stdout).toBe('');
  });

  it('knows the glossary and the audience, and says what is wrong with its arguments', () => {
    expect(run(['-', '--glossary', 'p95'], 'The p95 is back under 300 ms since Tuesday.').code).toBe(0);
    expect(run(['-', '--audience', 'team'], 'The p95 is back under 300 ms since Tuesday.').code).toBe(0);
    expect(run(['-'], 'The p95 is back under 300 ms since Tuesday.').code).toBe(1);
    const missing = run([path.join(dir, 'nope.txt')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read');
    expect(run(['-', '--include', 'vague-time'], 'x').code).toBe(2);
  });
});
