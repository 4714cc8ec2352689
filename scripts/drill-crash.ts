/**
 * `npm run drill:crash`: the full crash drill (issue 17, ADR 0030) on SQLite and on PostgreSQL
 * (a throwaway cluster), at least 20 kills each; writes bench/results/crash-drill.{md,json}.
 *
 *   npm run drill:crash -- [--kills 20] [--seed 17] [--db sqlite|postgres|both] [--out bench/results]
 *
 * Exits 1 when any acknowledged write was lost, any write half-applied, or any check failed.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { startPgCluster } from '../test/pg-cluster';
import { type DrillReport, runCrashDrill } from './drill/crash';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

const kills = Number(arg('kills', '20'));
const seed = Number(arg('seed', '17'));
const which = arg('db', 'both');
const outDir = path.resolve(ROOT, arg('out', 'bench/results'));
if (!Number.isInteger(kills) || kills < 1) throw new Error('--kills must be a whole number ≥ 1');
if (!['sqlite', 'postgres', 'both'].includes(which)) throw new Error('--db must be sqlite, postgres or both');

const log = (line: string) => console.log(line);
const reports: DrillReport[] = [];
const started = new Date();

if (which !== 'postgres') {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'candor-crash-sqlite-'));
  try {
    reports.push(await runCrashDrill({ database: 'sqlite', dataDir, kills, seed, log }));
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
if (which !== 'sqlite') {
  const cluster = await startPgCluster();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'candor-crash-pg-'));
  try {
    const admin = new pg.Client({ connectionString: cluster.url });
    await admin.connect();
    await admin.query('CREATE DATABASE crash_drill');
    await admin.end();
    const databaseUrl = cluster.url.replace(/\/postgres$/, '/crash_drill');
    reports.push(await runCrashDrill({ database: 'postgres', dataDir, databaseUrl, kills, seed, log }));
  } finally {
    cluster.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const machine = `${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}, Node ${process.version}`;
const json = {
  drill: 'crash',
  ranAt: started.toISOString(),
  machine,
  command: `npm run drill:crash -- --kills ${kills} --seed ${seed} --db ${which}`,
  databases: reports.map(({ context: _c, ...r }) => r),
};
mkdirSync(outDir, { recursive: true });
writeFileSync(path.join(outDir, 'crash-drill.json'), `${JSON.stringify(json, null, 2)}\n`);

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const rows = reports.map((r) => {
  const f = r.figures;
  return `| ${r.database} | ${r.kills} | ${f.attempted} | ${f.acknowledged} | **${f.lost}** | **${f.halfApplied}** | ${f.appliedUnacknowledged} / ${f.notApplied} | ${f.refused} | ${f.integrity ?? 'n/a (PostgreSQL)'} | ${f.chainsVerified} of ${f.chainsVerified + f.chainsBroken} | ${r.ackPerSecond} | ${r.restartMs.median} / ${r.restartMs.max} ms | ${s(r.durationMs)} | ${r.ok ? 'pass' : 'FAIL'} |`;
});
const md = [
  '# Crash drill',
  '',
  `Run ${started.toISOString()} on ${machine}.`,
  `Command: \`${json.command}\`. ADR 0030 says what this proves and what it does not.`,
  '',
  `Each database: the real server (\`node --import tsx src/server/main.ts\`, demo seed, clock from ${'2026-11-18T09:00Z'}) under ${reports[0]?.clients ?? 6} concurrent writers`,
  '(lead, provider member, client sponsor; two each) sending notes, work items, item edits, time entries, commitments and RAID items,',
  '`kill -9` after 0.3–2 s of load (seeded), restart on the same data, then the checks (scripts/drill/check.ts) on the database directly.',
  '',
  '| database | kills | writes sent | acknowledged | lost | half-applied | cut by a kill: applied / absent | refused (4xx/5xx) | integrity_check | chains verified | acknowledged/s | restart median / max | duration | result |',
  '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ...rows,
  '',
  '"Lost" counts acknowledged writes missing after a restart; "half-applied" counts objects without their audit record (or their live event,',
  "a commitment's first event and miss check, a dependency's check, the time rollups and items' actual minutes) and audit records without their object.",
  'A write cut by the kill (sent, no answer read) must be either whole or absent: both happen, and both are correct.',
  '',
  ...reports.flatMap((r) => (r.problems.length ? [`## Problems on ${r.database}`, '', ...r.problems.slice(0, 50).map((p) => `- ${p}`), ''] : [])),
].join('\n');
writeFileSync(path.join(outDir, 'crash-drill.md'), `${md}\n`);
console.log(`\n${md}\nwritten: ${path.relative(ROOT, path.join(outDir, 'crash-drill.md'))}, crash-drill.json`);
process.exit(reports.every((r) => r.ok) ? 0 : 1);
