/**
 * The server under soak, forked by scripts/soak.ts: the same wiring as src/server/main.ts (configuration from the
 * environment, migrations, stale-import sweep, digests, live-event pruning, the app, the job runner), on 127.0.0.1 and a
 * free port, without the demo seed (the soak seeded the database before) and with the sign-in limit raised for 50
 * clients on one address. It reports its own memory, event-loop delay and handles over the IPC channel only: nothing
 * of this is reachable over HTTP.
 */
import { readdirSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { constants, monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { buildApp } from '../../src/server/app';
import { loadConfig } from '../../src/server/config';
import { pgPoolOf } from '../../src/server/db/database';
import { sweepStaleImports } from '../../src/server/delivery/imports';
import { createDeps } from '../../src/server/deps';
import { startJobRunner } from '../../src/server/jobs/queue';
import { JOB_HANDLERS } from '../../src/server/jobs/registry';
import { schedulePrune } from '../../src/server/live/retention';
import { scheduleAllDigests } from '../../src/server/notify/digest';
import { countBy, type FromServer, type ToServer } from './protocol';

const send = (m: FromServer) => process.send?.(m);
if (!process.send) {
  console.error('scripts/soak/server.ts is forked by scripts/soak.ts (it talks over IPC)');
  process.exit(2);
}

const started = performance.now();
const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();
let majorGcs = 0;
let heapAfterMajorGc: number | null = null;
const gcObserver = new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    if (((e as { detail?: { kind?: number } }).detail)?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) {
      majorGcs++;
      heapAfterMajorGc = process.memoryUsage().heapUsed;
    }
  }
});
gcObserver.observe({ entryTypes: ['gc'] });

const resources = () => countBy(process.getActiveResourcesInfo());

/** Open descriptors on the SQLite file itself (its -wal and -shm not counted): one per better-sqlite3 connection. */
function sqliteHandles(file: string): number {
  const target = path.resolve(file);
  let n = 0;
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      if (readlinkSync(`/proc/self/fd/${fd}`) === target) n++;
    } catch {
      // closed between the listing and the read
    }
  }
  return n;
}

async function main() {
  const config = loadConfig();
  const { deps, database } = await createDeps(config);
  await sweepStaleImports(deps);
  await scheduleAllDigests(deps);
  await schedulePrune(deps);
  const app = await buildApp(deps, { serveWeb: false, signInPerMinute: 100_000 });
  await app.listen({ port: config.port, host: config.host });
  const jobs = startJobRunner(deps, JOB_HANDLERS);
  const address = app.server.address();
  send({ type: 'ready', port: typeof address === 'object' && address ? address.port : config.port, pid: process.pid });

  process.on('message', async (m: ToServer) => {
    if (m.type === 'sample') {
      const mem = process.memoryUsage();
      send({
        type: 'sample',
        at: performance.now() - started,
        rss: mem.rss,
        heapUsed: mem.heapUsed,
        heapTotal: mem.heapTotal,
        external: mem.external,
        arrayBuffers: mem.arrayBuffers,
        heapAfterMajorGc,
        majorGcs,
        loopDelayP50: loop.percentile(50) / 1e6,
        loopDelayP99: loop.percentile(99) / 1e6,
        loopDelayMax: loop.max / 1e6,
      });
      loop.reset();
      heapAfterMajorGc = null;
      majorGcs = 0;
    } else if (m.type === 'final') {
      const pool = pgPoolOf(deps.db);
      send({
        type: 'final',
        resources: resources(),
        ...(database.sqlitePath ? { sqliteFileHandles: sqliteHandles(database.sqlitePath) } : {}),
        ...(pool ? { pgPool: { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount } } : {}),
      });
    } else if (m.type === 'stop') {
      // main.ts's graceful shutdown; then the process must end by itself once the IPC channel is gone (no leaked handle)
      const t = performance.now();
      await app.close();
      await jobs.stop();
      await database.close();
      loop.disable();
      gcObserver.disconnect();
      // closed handles leave the list on a later turn of the loop: wait (≤ 2 s) until only the IPC channel is left
      const until = performance.now() + 2000;
      while (performance.now() < until && Object.keys(resources()).some((k) => k !== 'PipeWrap')) await new Promise((r) => setTimeout(r, 50));
      send({ type: 'closed', resources: resources(), closeMs: performance.now() - t });
      process.disconnect();
    }
  });
}

main().catch((err) => {
  send({ type: 'fatal', message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  process.exit(1);
});
