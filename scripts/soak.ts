/**
 * `npm run soak`: mixed reads and writes from concurrent clients against the large bench engagement, for minutes, on
 * SQLite and on PostgreSQL; errors, per-route latency, the server's memory and event-loop delay every 10 s with fitted
 * slopes, and its handles and database connections at the end. Results: bench/results/soak.{json,md,svg}.
 *
 *   SOAK_SECONDS  how long the load runs per database (default 600)
 *   SOAK_CLIENTS  concurrent clients (default 50)
 *   SOAK_DB       sqlite | postgres | both (default both)
 *   SOAK_SAMPLE_SECONDS  sampling interval (default 10)
 *   SOAK_NOTES    notes seeded on the demo engagement (default 5000, as the bench); BENCH_ITEMS / BENCH_ENTRIES size
 *                 the delivery engagement (bench/delivery.ts)
 *
 * The server runs in a child process (scripts/soak/server.ts), so the load generator does not share its event loop and
 * its memory is its own; it reports over IPC only. Loopback only; PostgreSQL is a throwaway cluster (test/pg-cluster.ts).
 * `SOAK_SECONDS=30 npm run soak` is the short run to develop with.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { startPgCluster } from '../test/pg-cluster';
import { newRouteStats, ROLES, runClient, signIn, type Targets } from './soak/load';
import type { FromServer, ServerFinal, ToServer } from './soak/protocol';
import { machine, memoryTrend, type Sample, type SoakRun, rewriteResults, slopesOf, summarizeRoutes, writeResults } from './soak/report';
import { seedSoak } from './soak/seed';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 600);
const CLIENTS = Number(process.env.SOAK_CLIENTS ?? 50);
const WHICH = (process.env.SOAK_DB ?? 'both') as 'sqlite' | 'postgres' | 'both';
const SAMPLE_MS = Number(process.env.SOAK_SAMPLE_SECONDS ?? 10) * 1000;
const NOTES = Number(process.env.SOAK_NOTES ?? 5000);
const PASSWORD = 'soak-password-1';
const here = path.dirname(fileURLToPath(import.meta.url));
const RESULTS = path.join(here, '..', 'bench', 'results');

if (!['sqlite', 'postgres', 'both'].includes(WHICH) || !(SECONDS > 0) || !(CLIENTS > 0) || !(SAMPLE_MS > 0)) {
  console.error('SOAK_DB must be sqlite, postgres or both; SOAK_SECONDS, SOAK_CLIENTS and SOAK_SAMPLE_SECONDS positive numbers');
  process.exit(2);
}

/** Waits for the first message of `type` from the server, or fails after `ms`. */
function next<T extends FromServer['type']>(child: ChildProcess, type: T, ms: number): Promise<Extract<FromServer, { type: T }>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.off('message', on);
      reject(new Error(`the server did not answer '${type}' within ${ms} ms`));
    }, ms);
    const on = (m: FromServer) => {
      if (m.type === 'fatal') {
        clearTimeout(timer);
        child.off('message', on);
        reject(new Error(`the server failed: ${m.message}`));
      } else if (m.type === type) {
        clearTimeout(timer);
        child.off('message', on);
        resolve(m as Extract<FromServer, { type: T }>);
      }
    };
    child.on('message', on);
  });
}

const ask = async <T extends 'sample' | 'final'>(child: ChildProcess, type: T) => {
  const answer = next(child, type, 30_000);
  child.send({ type } satisfies ToServer);
  return answer;
};

const sameCounts = (a: Record<string, number>, b: Record<string, number>) => JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());

/**
 * Node's fetch keeps its connections in undici's global agent (under this symbol, undici's own); closing it ends the
 * clients' keep-alive sockets, and a new agent of the same class takes its place for the next database's run.
 */
async function closeClientConnections() {
  const key = Symbol.for('undici.globalDispatcher.1');
  const g = globalThis as unknown as Record<symbol, { close(): Promise<void>; constructor: new () => unknown } | undefined>;
  const agent = g[key];
  if (!agent) return;
  await agent.close();
  g[key] = new agent.constructor() as typeof agent;
}

async function pgClientBackends(url: string): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query<{ n: number }>("select count(*)::int as n from pg_stat_activity where datname = current_database() and backend_type = 'client backend' and pid <> pg_backend_pid()");
    return r.rows[0]!.n;
  } finally {
    await c.end();
  }
}

async function get<T>(base: string, cookie: string, p: string): Promise<T> {
  const res = await fetch(base + p, { headers: { cookie } });
  if (!res.ok) throw new Error(`GET ${p} → ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

function serverLog(file: string): SoakRun['serverLog'] {
  const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  const levels = lines.map((l) => {
    try {
      return { level: (JSON.parse(l) as { level?: number }).level ?? 0, line: l };
    } catch {
      return { level: 50, line: l }; // not pino's: printed by something else, counted as an error to look at
    }
  });
  const errors = levels.filter((l) => l.level >= 50);
  return { errorLines: errors.length, warnLines: levels.filter((l) => l.level === 40).length, firstErrors: errors.slice(0, 5).map((e) => e.line.slice(0, 400)) };
}

async function soak(kind: 'sqlite' | 'postgres'): Promise<SoakRun> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), `candor-soak-${kind}-`));
  const cluster = kind === 'postgres' ? await startPgCluster() : null;
  let child: ChildProcess | null = null;
  try {
    console.log(`${kind}: seeding…`);
    const seeded = await seedSoak(cluster ? { databaseUrl: cluster.url } : { dataDir: tmp }, PASSWORD, NOTES);
    console.log(`${kind}: seeded in ${seeded.seconds.toFixed(1)} s`);
    const logFile = path.join(tmp, 'server.log');
    const log = openSync(logFile, 'a');
    const env: NodeJS.ProcessEnv = { ...process.env, CANDOR_DATA_DIR: tmp, PORT: '0', HOST: '127.0.0.1', CANDOR_DEMO: '0', LOG_LEVEL: 'warn', CANDOR_SESSION_SECRET: 'soak-session-secret-'.repeat(3), NODE_ENV: 'production' };
    delete env.DATABASE_URL;
    if (cluster) env.DATABASE_URL = cluster.url;
    child = fork(path.join(here, 'soak', 'server.ts'), [], { execArgv: ['--import', 'tsx'], env, stdio: ['ignore', log, log, 'ipc'] });
    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
    const ready = await next(child, 'ready', 120_000);
    const base = `http://127.0.0.1:${ready.port}`;
    const E = seeded.engagementId;
    const D = seeded.deliveryId;

    // the ids the mix refers to, as the pages would find them
    const sponsor = await signIn(base, 'sponsor', PASSWORD);
    const lead = await signIn(base, 'lead', PASSWORD);
    const gates = await get<{ reviews: { id: string }[] }>(base, sponsor.cookie, `/api/v1/engagements/${E}/gate-reviews`);
    const gateReview = gates.reviews[0]?.id;
    const raid = await get<{ items: { id: string; visibility: string }[] }>(base, sponsor.cookie, `/api/v1/engagements/${E}/raid`);
    // time is logged on items in progress (any item when a small seed has none)
    type Items = { items: { id: string; visibility: 'shared' | 'internal' }[] };
    let work = await get<Items>(base, lead.cookie, `/api/v1/engagements/${D}/items?limit=50&status=in_progress`);
    if (work.items.length === 0) work = await get<Items>(base, lead.cookie, `/api/v1/engagements/${D}/items?limit=50`);
    if (!gateReview || raid.items.length === 0 || work.items.length === 0) throw new Error('the seed has no gate review, shared RAID item or work item in progress');
    const targets: Targets = { base, E, D, gateReview, raidItems: raid.items.map((r) => r.id), workItems: work.items };

    const clients = [];
    for (let i = 0; i < CLIENTS; i++) clients.push(await signIn(base, ROLES[i % ROLES.length]!, PASSWORD));
    const atStart = (await ask(child, 'final')).resources;
    const pgStart = cluster ? await pgClientBackends(cluster.url) : undefined;

    const stats = newRouteStats();
    const completed = () => [...stats.values()].reduce((s, r) => s + r.count, 0);
    const samples: Sample[] = [];
    let lastCount = 0;
    let lastAt = performance.now();
    const sample = async () => {
      const m = await ask(child!, 'sample');
      const now = performance.now();
      const done = completed();
      const { type: _type, ...mem } = m;
      samples.push({ ...mem, requestsPerSecond: samples.length === 0 ? 0 : ((done - lastCount) * 1000) / (now - lastAt), loadAverage1m: os.loadavg()[0]! });
      lastCount = done;
      lastAt = now;
    };
    const startedAt = new Date();
    const loadStart = os.loadavg();
    const t0 = performance.now();
    const runAt = (s: Sample) => s.at;
    await sample();
    const firstAt = runAt(samples[0]!);
    let sampling = Promise.resolve();
    const timer = setInterval(() => {
      sampling = sampling.then(sample).catch((err) => console.error(`${kind}: sample failed: ${err instanceof Error ? err.message : err}`));
    }, SAMPLE_MS);
    const progress = setInterval(() => {
      const errors = [...stats.values()].reduce((s, r) => s + r.errors, 0);
      const last = samples.at(-1);
      console.log(`${kind}: ${((performance.now() - t0) / 1000).toFixed(0)} s, ${completed()} requests, ${errors} errors, rss ${last ? (last.rss / 2 ** 20).toFixed(0) : '?'} MB, heap ${last ? (last.heapUsed / 2 ** 20).toFixed(0) : '?'} MB, load ${os.loadavg()[0]!.toFixed(2)}`);
    }, 60_000);
    const deadline = t0 + SECONDS * 1000;
    await Promise.all(clients.map((c, i) => runClient(i, c, targets, stats, deadline)));
    const seconds = (performance.now() - t0) / 1000;
    clearInterval(timer);
    clearInterval(progress);
    await sampling;
    if (performance.now() - lastAt > SAMPLE_MS / 2) await sample();
    const loadEnd = os.loadavg();
    const endedAt = new Date();
    const underLoad = (await ask(child, 'final')).resources;

    // the end: clients gone, then the counts settle: at least 12 s (pg's pool closes a connection idle for 10 s), at most 30 s
    await closeClientConnections();
    let final: ServerFinal = await ask(child, 'final');
    const settleFrom = performance.now() + 12_000;
    const settleBy = performance.now() + 30_000;
    let stable = 0;
    while (performance.now() < settleBy && (stable < 3 || performance.now() < settleFrom)) {
      await new Promise((r) => setTimeout(r, 1000));
      const f = await ask(child, 'final');
      stable = sameCounts(f.resources, final.resources) ? stable + 1 : 0;
      final = f;
    }
    const pgEnd = cluster ? await pgClientBackends(cluster.url) : undefined;

    // graceful shutdown, then the process must end by itself
    const closed = next(child, 'closed', 20_000);
    child.send({ type: 'stop' } satisfies ToServer);
    const afterClose = await closed.catch(() => null);
    const exitedBySelf = await Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 10_000))]);
    if (!exitedBySelf) child.kill('SIGKILL');
    child = null;

    // relative to the first sample: the server's clock started at its own start-up
    const rel = samples.map((s) => ({ ...s, at: s.at - firstAt }));
    const warmupSeconds = Math.min(60, Math.round(SECONDS * 0.1));
    const afterWarm = rel.filter((s) => s.at >= warmupSeconds * 1000);
    const lastHalf = rel.filter((s) => s.at >= (seconds * 1000) / 2);
    const slopes = { afterWarmup: slopesOf(afterWarm), lastHalf: slopesOf(lastHalf) };
    const routes = summarizeRoutes(stats);
    const requests = routes.reduce((s, r) => s + r.count, 0);
    // what bench/delivery.ts seeded (its own knobs)
    const counts = { items: Number(process.env.BENCH_ITEMS ?? 10_000), timeEntries: Number(process.env.BENCH_ENTRIES ?? 250_000) };
    return {
      database: kind,
      startedAt: startedAt.toISOString(),
      endedAt: endedAt.toISOString(),
      plannedSeconds: SECONDS,
      seconds,
      clients: CLIENTS,
      machine: machine(),
      loadAverage: { start: loadStart, end: loadEnd },
      seed: { notes: seeded.notes, seconds: seeded.seconds, ...counts },
      totals: {
        requests,
        errors: routes.reduce((s, r) => s + r.errors, 0),
        requestsPerSecond: requests / seconds,
        reads: routes.filter((r) => r.kind === 'read').reduce((s, r) => s + r.count, 0),
        writes: routes.filter((r) => r.kind === 'write').reduce((s, r) => s + r.count, 0),
      },
      routes,
      samples: rel,
      warmupSeconds,
      slopes,
      memoryTrend: memoryTrend(slopes.afterWarmup, slopes.lastHalf),
      handles: { atStart, underLoad, atEnd: final.resources, afterClose: afterClose?.resources ?? null, closeMs: afterClose?.closeMs ?? null, exitedBySelf },
      connections: { ...(final.sqliteFileHandles === undefined ? {} : { sqliteFileHandles: final.sqliteFileHandles }), ...(final.pgPool ? { pgPool: final.pgPool } : {}), ...(cluster ? { pgStatActivityStart: pgStart, pgStatActivityEnd: pgEnd } : {}) },
      serverLog: serverLog(logFile),
    };
  } finally {
    if (child) child.kill('SIGKILL');
    cluster?.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}

// `npm run soak -- report`: only soak.md and soak.svg again from soak.json (slopes recomputed from the samples)
if (process.argv.includes('report')) {
  rewriteResults(RESULTS);
  process.exit(0);
}

const kinds = WHICH === 'both' ? (['sqlite', 'postgres'] as const) : ([WHICH] as const);
console.log(`Candor soak: ${CLIENTS} clients × ${SECONDS} s on ${kinds.join(' and ')}`);
const runs: SoakRun[] = [];
for (const kind of kinds) {
  const run = await soak(kind);
  runs.push(run);
  writeResults(RESULTS, runs);
  console.log(`${kind}: ${run.totals.requests} requests, ${run.totals.errors} errors, ${run.totals.requestsPerSecond.toFixed(1)} req/s; memory trend ${run.memoryTrend ? 'GROWING' : 'none'}; handles at end ${JSON.stringify(run.handles.atEnd)}`);
}
console.log(`Results: ${path.relative(process.cwd(), path.join(RESULTS, 'soak.md'))}`);
const failed = runs.some((r) => r.totals.errors > 0 || r.memoryTrend || !r.handles.exitedBySelf);
process.exitCode = failed ? 1 : 0;
