/**
 * `npm run bench -- transfer`: moving the large bench engagement between instances (ADR 0027).
 * Seeds the demo and the large delivery engagement (bench/delivery.ts: 10,000 work items, 250,000 time
 * entries) into SQLite, gives it an audit chain of BENCH_TRANSFER_RECORDS records, then times
 * `exportEngagement` SQLite → file, `importEngagement` file → PostgreSQL, export PostgreSQL → file and
 * import → a fresh SQLite, with the peak resident memory of each step (sampled every 50 ms) and the
 * file size. Writes bench/results/transfer.{json,md}.
 */
import { once } from 'node:events';
import { createReadStream, createWriteStream, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import pino from 'pino';
import { appendAudit } from '../src/server/audit/append';
import { verifyChain } from '../src/server/audit/service';
import { systemClock } from '../src/server/clock';
import { loadConfig } from '../src/server/config';
import { type Database, migrateToLatest, openDatabase } from '../src/server/db/database';
import { seedDemo } from '../src/server/db/seed/demo';
import type { Deps } from '../src/server/http/context';
import { createMailer } from '../src/server/mail/mailer';
import { exportEngagement } from '../src/server/transfer/export';
import { importEngagement } from '../src/server/transfer/import';
import { startPgCluster } from '../test/pg-cluster';
import { seedLargeEngagement } from './delivery';

const RECORDS = Number(process.env.BENCH_TRANSFER_RECORDS ?? 5000);
const log = pino({ level: 'silent' });

function depsFor(database: Database, dataDir: string): Deps {
  const config = loadConfig({ CANDOR_DATA_DIR: dataDir, LOG_LEVEL: 'silent', CANDOR_SESSION_SECRET: 'bench-secret-bench-secret-bench-secret-01' });
  return { db: database.db, dialect: database.dialect, clock: systemClock, config, mailer: createMailer(undefined, config.smtpFrom, log), log };
}

/** Runs fn, sampling the resident set size; returns the time and the peak above the start. */
async function measure<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number; peakRssMb: number; startRssMb: number }> {
  const start = process.memoryUsage().rss;
  let peak = start;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  const t0 = performance.now();
  try {
    const value = await fn();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { value, ms: performance.now() - t0, peakRssMb: peak / 2 ** 20, startRssMb: start / 2 ** 20 };
  } finally {
    clearInterval(timer);
  }
}

async function exportTo(database: Database, E: string, file: string) {
  const out = createWriteStream(file);
  await once(out, 'open');
  const s = await exportEngagement(database.db, database.dialect, { engagementId: E, out, now: new Date(), candorVersion: 'bench', sourceInstance: database.dialect });
  out.end();
  await once(out, 'finish');
  return s;
}

const importFrom = (deps: Deps, file: string) => importEngagement(deps, createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Number.POSITIVE_INFINITY }));

export async function benchTransfer() {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'candor-bench-transfer-'));
  const cluster = await startPgCluster();
  const dbs: Database[] = [];
  try {
    mkdirSync(path.join(tmp, 'a'));
    mkdirSync(path.join(tmp, 'c'));
    const a = openDatabase({ sqliteFile: path.join(tmp, 'a', 'candor.sqlite') });
    dbs.push(a);
    await migrateToLatest(a.db);
    const depsA = depsFor(a, path.join(tmp, 'a'));
    const seed = await seedDemo(depsA, 'bench-password-1');
    const orgs = await a.db.selectFrom('engagements').select(['provider_org_id', 'client_org_id']).where('id', '=', seed.engagementId).executeTakeFirstOrThrow();
    let t0 = performance.now();
    const E = await seedLargeEngagement(depsA, { lead: seed.users.lead, sponsor: seed.users.sponsor, providerOrg: orgs.provider_org_id, clientOrg: orgs.client_org_id });
    await a.db.transaction().execute(async (trx) => {
      for (let i = 0; i < RECORDS; i++) {
        await appendAudit(trx, depsA, { chain: E, actor: null, action: 'note.created', object: { type: 'note', id: `bench-${i}` }, visibility: i % 10 === 0 ? 'internal' : 'shared', before: null, after: { title: `Bench note ${i}`, body: 'x'.repeat(200) } });
      }
    });
    console.log(`  transfer: seeded the large engagement (+${RECORDS} audit records) into SQLite in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const b = openDatabase({ databaseUrl: cluster.url, poolSize: 4 });
    dbs.push(b);
    await migrateToLatest(b.db);
    const c = openDatabase({ sqliteFile: path.join(tmp, 'c', 'candor.sqlite') });
    dbs.push(c);
    await migrateToLatest(c.db);

    const f1 = path.join(tmp, 'from-sqlite.ndjson');
    const f2 = path.join(tmp, 'from-postgres.ndjson');
    const e1 = await measure(() => exportTo(a, E, f1));
    console.log(`  transfer: export SQLite ${(e1.ms / 1000).toFixed(1)} s, ${e1.value.rows} rows, ${(statSync(f1).size / 2 ** 20).toFixed(1)} MiB`);
    const i1 = await measure(() => importFrom(depsFor(b, tmp), f1));
    console.log(`  transfer: import PostgreSQL ${(i1.ms / 1000).toFixed(1)} s`);
    const e2 = await measure(() => exportTo(b, E, f2));
    console.log(`  transfer: export PostgreSQL ${(e2.ms / 1000).toFixed(1)} s`);
    const i2 = await measure(() => importFrom(depsFor(c, path.join(tmp, 'c')), f2));
    console.log(`  transfer: import SQLite ${(i2.ms / 1000).toFixed(1)} s`);

    const heads = await Promise.all([a, b, c].map((d) => verifyChain(d.db, E)));
    const same = heads.every((h) => h.ok && heads[0]!.ok && h.headHash === heads[0]!.headHash);
    if (!same) throw new Error(`chain heads differ after the move: ${JSON.stringify(heads)}`);
    t0 = performance.now();
    await verifyChain(b.db, E);
    const verifyMs = performance.now() - t0;

    const rows = e1.value.rows;
    const steps = [
      { step: 'export SQLite → file', ...e1, file: statSync(f1).size },
      { step: 'import file → PostgreSQL', ...i1, file: statSync(f1).size },
      { step: 'export PostgreSQL → file', ...e2, file: statSync(f2).size },
      { step: 'import file → SQLite', ...i2, file: statSync(f2).size },
    ].map(({ step, ms, peakRssMb, startRssMb, file }) => ({
      step,
      seconds: Math.round(ms) / 1000,
      rowsPerSecond: Math.round(rows / (ms / 1000)),
      peakRssMb: Math.round(peakRssMb),
      rssGrowthMb: Math.round(peakRssMb - startRssMb),
      fileMiB: Math.round((file / 2 ** 20) * 10) / 10,
    }));
    const result = {
      at: new Date().toISOString(),
      machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
      engagement: { rows, tables: e1.value.header.tables, auditRecords: e1.value.header.audit.records, headHash: e1.value.header.audit.headHash },
      steps,
      verifyPostgresMs: Math.round(verifyMs),
      sameHeadOnAllThree: same,
    };
    const dir = path.join(import.meta.dirname, 'results');
    writeFileSync(path.join(dir, 'transfer.json'), `${JSON.stringify(result, null, 2)}\n`);
    const md = [
      '# Moving an engagement between instances (bench/transfer.ts)',
      '',
      `${result.at} · ${result.machine}`,
      '',
      `The large bench engagement (bench/delivery.ts) plus ${RECORDS} audit records: ${rows.toLocaleString('en')} rows in the file, ${result.engagement.auditRecords} audit records. SQLite → PostgreSQL → SQLite; the chain verifies with the same head on all three (${result.engagement.headHash.slice(0, 16)}…). Peak RSS is the whole bench process (it holds the seeded databases' handles); growth is above the step's start.`,
      '',
      '| step | seconds | rows/s | peak RSS MiB | RSS growth MiB | file MiB |',
      '|---|---:|---:|---:|---:|---:|',
      ...steps.map((s) => `| ${s.step} | ${s.seconds} | ${s.rowsPerSecond.toLocaleString('en')} | ${s.peakRssMb} | ${s.rssGrowthMb} | ${s.fileMiB} |`),
      '',
      `Verifying the moved chain on PostgreSQL: ${result.verifyPostgresMs} ms.`,
      '',
    ].join('\n');
    writeFileSync(path.join(dir, 'transfer.md'), md);
    console.log(md);
    return result;
  } finally {
    for (const d of dbs) await d.close().catch(() => {});
    cluster.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) await benchTransfer();
