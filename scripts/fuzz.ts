/**
 * `npm run fuzz`: the OpenAPI fuzzer (test/fuzz.api.test.ts, ADR 0032) with a longer budget, on SQLite and
 * PostgreSQL, writing bench/results/fuzz.{json,md}.
 *
 *   npm run fuzz                         random seed, 50 runs per operation
 *   npm run fuzz -- --seed 42 --runs 200 a given seed and budget
 *   npm run fuzz -- --op 'POST /api/v1/engagements/{id}/notes'   one operation (replaying a finding)
 *
 * Exits non-zero when anything was found; the findings (with their fast-check seed and path) are in both files.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FuzzStats } from '../test/fuzz/engine';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const seed = Number(arg('seed') ?? process.env.CANDOR_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const runs = Number(arg('runs') ?? process.env.CANDOR_FUZZ_RUNS ?? 50);
const op = arg('op') ?? process.env.CANDOR_FUZZ_OP;
const out = mkdtempSync(path.join(os.tmpdir(), 'candor-fuzz-'));

console.log(`fuzz: seed ${seed}, ${runs} runs per operation${op ? `, only ${op}` : ''}, SQLite and PostgreSQL`);
const started = Date.now();
const run = spawnSync('npx', ['vitest', 'run', '--project', 'api-sqlite', '--project', 'api-postgres', 'test/fuzz.api.test.ts'], {
  cwd: root,
  stdio: 'inherit',
  env: {
    ...process.env,
    CANDOR_FUZZ_SEED: String(seed),
    CANDOR_FUZZ_RUNS: String(runs),
    CANDOR_FUZZ_OUT: out,
    CANDOR_FUZZ_TIMEOUT_MS: String(6 * 60 * 60 * 1000),
    ...(op ? { CANDOR_FUZZ_OP: op } : {}),
  },
});
const wall = Date.now() - started;

interface DbResult extends Pick<FuzzStats, 'seed' | 'requests' | 'byClass' | 'byStatus' | 'byOp' | 'byTag' | 'refusedWritesChecked'> {
  db: string;
  runsPerOp: number;
  findings: { op: string; seed: number; path?: string; request: string; problems: string[] }[];
  durationMs: number;
  health: number;
  chains: { chain: string; ok: boolean; reason?: string }[];
}
const results: DbResult[] = ['sqlite', 'postgres']
  .map((db) => path.join(out, `fuzz-${db}.json`))
  .filter((f) => existsSync(f))
  .map((f) => JSON.parse(readFileSync(f, 'utf8')));
rmSync(out, { recursive: true, force: true });

const resultsDir = path.join(root, 'bench/results');
mkdirSync(resultsDir, { recursive: true });
const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}, ${os.platform()}`;
const summary = {
  generatedAt: new Date().toISOString(),
  machine,
  seed,
  runsPerOp: runs,
  wallMs: wall,
  exitCode: run.status,
  databases: results.map((r) => ({
    db: r.db,
    requests: r.requests,
    operations: Object.keys(r.byOp).length,
    durationMs: r.durationMs,
    byClass: r.byClass,
    byStatus: r.byStatus,
    refusedWritesChecked: r.refusedWritesChecked,
    health: r.health,
    chainsVerified: r.chains.length,
    chainsBroken: r.chains.filter((c) => !c.ok),
    findings: r.findings,
    byTag: r.byTag,
    byOp: r.byOp,
  })),
};
writeFileSync(path.join(resultsDir, 'fuzz.json'), `${JSON.stringify(summary, null, 2)}\n`);

const md: string[] = [
  '# OpenAPI fuzzer',
  '',
  `Run ${summary.generatedAt} on ${machine}: \`npm run fuzz -- --seed ${seed} --runs ${runs}\` (ADR 0032). Wall time ${(wall / 1000).toFixed(0)} s (both databases, one after the other).`,
  '',
  '| database | requests | operations | duration | 2xx | 4xx | 5xx | refused requests checked for writes | health | chains verified | findings |',
  '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...summary.databases.map(
    (d) =>
      `| ${d.db} | ${d.requests} | ${d.operations} | ${(d.durationMs / 1000).toFixed(0)} s | ${d.byClass['2xx'] ?? 0} | ${d.byClass['4xx'] ?? 0} | ${d.byClass['5xx'] ?? 0} | ${d.refusedWritesChecked} | ${d.health} | ${d.chainsVerified - d.chainsBroken.length}/${d.chainsVerified} | ${d.findings.length} |`,
  ),
  '',
  '## Status codes',
  '',
  ...summary.databases.map((d) => `- ${d.db}: ${Object.entries(d.byStatus).sort().map(([s, n]) => `${s} × ${n}`).join(', ')}`),
  '',
  '## What was sent (requests per kind, first database)',
  '',
  ...Object.entries(summary.databases[0]?.byTag ?? {})
    .sort((a, b) => b[1] - a[1])
    .map(([t, n]) => `- ${t}: ${n}`),
  '',
  '## Findings',
  '',
  ...(summary.databases.every((d) => d.findings.length === 0)
    ? ['None.']
    : summary.databases.flatMap((d) => d.findings.map((f) => `- ${d.db} ${f.op}: ${f.problems[0]} (fast-check seed ${f.seed}, path ${f.path}); request: \`${f.request.slice(0, 300)}\``))),
  '',
  '## Requests per operation (first database: total, 2xx / 4xx)',
  '',
  '| operation | requests | 2xx | 4xx |',
  '|---|---:|---:|---:|',
  ...Object.entries(summary.databases[0]?.byOp ?? {}).map(([k, v]) => `| \`${k}\` | ${v.requests} | ${v.byClass['2xx'] ?? 0} | ${v.byClass['4xx'] ?? 0} |`),
  '',
];
writeFileSync(path.join(resultsDir, 'fuzz.md'), md.join('\n'));
console.log(`fuzz: ${summary.databases.map((d) => `${d.db} ${d.requests} requests, ${d.findings.length} findings`).join('; ')} → bench/results/fuzz.{json,md}`);
process.exit(run.status ?? 1);
