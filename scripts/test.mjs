// `npm test`: typecheck, lint, then every vitest project (unit, API on SQLite,
// API on PostgreSQL, browser). Ends with one plain line: "N passed, N failed".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules/.bin', name);
const results = [];

function step(name, cmd, args) {
  console.log(`\n▶ ${name}: ${path.basename(cmd)} ${args.join(' ')}`);
  const started = Date.now();
  const res = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: process.env });
  const ok = res.status === 0;
  console.log(`${ok ? '✔' : '✘'} ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return ok;
}

results.push({ suite: 'typecheck', passed: step('typecheck', bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']) ? 1 : 0 });
results.at(-1).failed = 1 - results.at(-1).passed;
results.push({ suite: 'lint', passed: step('lint', bin('biome'), ['check', '.']) ? 1 : 0 });
results.at(-1).failed = 1 - results.at(-1).passed;

const out = path.join(root, 'test-results');
mkdirSync(out, { recursive: true });
const report = path.join(out, 'vitest.json');
rmSync(report, { force: true });
const extra = process.argv.slice(2);
const vitestOk = step('vitest (unit, api-sqlite, api-postgres, e2e)', bin('vitest'), [
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${report}`,
  ...extra,
]);

let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync(report)) {
  const json = JSON.parse(readFileSync(report, 'utf8'));
  passed = json.numPassedTests ?? 0;
  failed = json.numFailedTests ?? 0;
  skipped = (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0);
  // A suite that failed to load has no tests but fails the run.
  const brokenFiles = (json.testResults ?? []).filter((f) => f.status === 'failed' && (f.assertionResults ?? []).length === 0).length;
  failed += brokenFiles;
} else {
  failed += 1;
}
if (!vitestOk && failed === 0) failed = 1; // e.g. a global setup that threw (PostgreSQL or Chromium missing in CI)

for (const r of results) {
  passed += r.passed;
  failed += r.failed;
}
console.log(`\nSummary: typecheck ${results[0].failed ? 'FAILED' : 'ok'}, lint ${results[1].failed ? 'FAILED' : 'ok'}, tests ${vitestOk ? 'ok' : 'FAILED'}${skipped ? ` (${skipped} skipped)` : ''}`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
