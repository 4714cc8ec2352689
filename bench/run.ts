/**
 * `npm run bench`: seeds a large engagement on SQLite and on a throwaway
 * PostgreSQL, serves Candor on 127.0.0.1, and measures the main reads and
 * writes next to baselines measured in the same run (a bare Fastify route for
 * HTTP; the raw SQL for a list). Bounded in count and time; loopback only.
 * Then the progress page in Chromium (bench/browser-progress.ts; BENCH_BROWSER=0 skips it),
 * and Lighthouse on the engagement pages (bench/lighthouse.ts; BENCH_LIGHTHOUSE=0 skips it;
 * `npm run bench -- lighthouse` runs only that). The communication coach: bench/coach.ts (`npm run bench -- coach` runs only that).
 * Writes bench/results/latest.json and latest.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import { sql } from 'kysely';
import { buildApp } from '../src/server/app';
import { trustCache } from '../src/server/trust/service';
import { BROWSER_NOTE, benchBrowserProgress } from './browser-progress';
import { benchLighthouse, LIGHTHOUSE_NOTE, lighthouseRows, writeLighthouseResults } from './lighthouse';
import { benchDelivery, rowsTable } from './delivery';
import { throughput as measureThroughput } from './throughput';

const NOTES = Number(process.env.BENCH_NOTES ?? 5000);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 300);
const LOAD_SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = 32;
const PASSWORD = 'bench-password-1';

export interface Row {
  name: string;
  value: number;
  unit: string;
  baseline: number;
  ratio: number;
}
const rows: Row[] = [];
const add = (name: string, value: number, unit: string, baseline: number) =>
  rows.push({ name, value: round(value), unit, baseline: round(baseline), ratio: round(value / baseline) });
const round = (x: number) => Math.round(x * 1000) / 1000;

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

async function timeRequests(url: string, headers: Record<string, string>, n: number, init?: RequestInit): Promise<number[]> {
  for (let i = 0; i < 20; i++) await (await fetch(url, { headers, ...init })).arrayBuffer(); // warm-up
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const res = await fetch(url, { headers, ...init });
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`${url} → ${res.status}`);
    out.push(performance.now() - t);
  }
  return out;
}

const throughput = (url: string, headers: Record<string, string>) => measureThroughput(url, headers, CONNECTIONS, LOAD_SECONDS);

import { openBenchInstance, seedBenchNotes } from './seed-notes';

export { seedBenchNotes };

async function benchDialect(kind: 'sqlite' | 'postgres', baselineUrl: string) {
  const instance = await openBenchInstance(kind, PASSWORD);
  const { deps, database, seed } = instance;
  try {
    const E = seed.engagementId;
    const t0 = performance.now();
    await seedBenchNotes(deps, seed);
    const seedMs = performance.now() - t0;
    console.log(`  ${kind}: seeded ${NOTES} notes (+${NOTES} audit records) in ${(seedMs / 1000).toFixed(1)} s`);

    const app = await buildApp(deps, { serveWeb: false, signInPerMinute: 10_000 });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const port = (app.server.address() as { port: number }).port;
    const base = `http://127.0.0.1:${port}`;
    const signIn = await fetch(`${base}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'sponsor@demo.candor.dev', password: PASSWORD }) });
    const cookie = signIn.headers.getSetCookie()[0]!.split(';')[0]!;
    const headers = { cookie };

    const gateReview = (await database.db.selectFrom('gate_reviews').select('id').where('engagement_id', '=', E).executeTakeFirstOrThrow()).id;
    const bare = await timeRequests(baselineUrl, {}, SAMPLES);
    const bareP50 = percentile(bare, 50);
    const bareP95 = percentile(bare, 95);
    const reads: [string, string][] = [
      ['overview', `/api/v1/engagements/${E}/overview`],
      ['trust', `/api/v1/engagements/${E}/trust`],
      ['notes.list', `/api/v1/engagements/${E}/notes?limit=50`],
      ['notes.search', `/api/v1/engagements/${E}/notes?q=invoice&limit=50`],
      ['audit.page', `/api/v1/engagements/${E}/audit?limit=50`],
      ['charter', `/api/v1/engagements/${E}/charter`],
      ['search', '/api/v1/search?q=pricing'],
      // the partnership reads of issues 11 and 12, as the sponsor sees them
      ['gate-reviews.list', `/api/v1/engagements/${E}/gate-reviews`],
      ['gate-review.detail', `/api/v1/engagements/${E}/gate-reviews/${gateReview}`],
      ['recommendations.ledger', `/api/v1/engagements/${E}/recommendations/ledger`],
      ['agenda', `/api/v1/engagements/${E}/agenda`],
      ['status-updates.list', `/api/v1/engagements/${E}/status-updates`],
      ['failure-reports.list', `/api/v1/engagements/${E}/failure-reports`],
    ];
    for (const [name, url] of reads) {
      const xs = await timeRequests(base + url, headers, SAMPLES);
      add(`${kind}.${name}.p50`, percentile(xs, 50), 'ms', bareP50);
      add(`${kind}.${name}.p95`, percentile(xs, 95), 'ms', bareP95);
    }
    // a write: create a shared note (a transaction with its audit append)
    const writes: number[] = [];
    const overviewAfterWrite: number[] = [];
    for (let i = 0; i < Math.min(SAMPLES, 200); i++) {
      const t = performance.now();
      const res = await fetch(`${base}/api/v1/engagements/${E}/notes`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ title: `bench write ${i}` }) });
      await res.arrayBuffer();
      if (res.status !== 201) throw new Error(`note create → ${res.status}`);
      writes.push(performance.now() - t);
      // the overview right after a write: the trust headline folds the one new record (the chain head moved)
      const t2 = performance.now();
      await (await fetch(`${base}/api/v1/engagements/${E}/overview`, { headers })).arrayBuffer();
      overviewAfterWrite.push(performance.now() - t2);
    }
    add(`${kind}.overview.after-write.p50`, percentile(overviewAfterWrite, 50), 'ms', bareP50);
    add(`${kind}.overview.after-write.p95`, percentile(overviewAfterWrite, 95), 'ms', bareP95);
    add(`${kind}.note.create.p50`, percentile(writes, 50), 'ms', bareP50);
    add(`${kind}.note.create.p95`, percentile(writes, 95), 'ms', bareP95);

    // the full export and verification of a large chain
    const exportMs = (await timeRequests(`${base}/api/v1/engagements/${E}/audit/export`, headers, 5)).sort((a, b) => a - b)[2]!;
    const rawMs = await (async () => {
      const t = performance.now();
      await sql`select * from audit_log where chain_id = ${E} order by seq`.execute(database.db);
      return performance.now() - t;
    })();
    add(`${kind}.audit.export.median`, exportMs, 'ms', rawMs);

    // the notes list against the raw SQL it runs
    const rawList: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      const t = performance.now();
      await sql`select n.*, u.name, u.email from notes n join users u on u.id = n.author_id where n.engagement_id = ${E} and n.visibility in ('shared') order by n.id desc limit 51`.execute(database.db);
      rawList.push(performance.now() - t);
    }
    const list = rows.find((r) => r.name === `${kind}.notes.list.p50`)!;
    add(`${kind}.notes.list.vs-raw-sql.p50`, list.value, 'ms', percentile(rawList, 50));

    const bareRps = await throughput(baselineUrl, {});
    // the signed-in floor: the smallest signed-in route (session, user and organization in one compiled statement)
    const sessionRps = await throughput(`${base}/api/v1/session`, headers);
    add(`${kind}.session.throughput`, sessionRps, 'req/s', bareRps);
    const overviewRps = await throughput(`${base}/api/v1/engagements/${E}/overview`, headers);
    add(`${kind}.overview.throughput`, overviewRps, 'req/s', bareRps);
    add(`${kind}.overview.throughput.vs-session-route`, overviewRps, 'req/s', sessionRps);
    // the overview with its trust headline from a cold cache (a fresh process: the whole chain folded once), against the
    // raw read of the chain; later reads are served from the cache (overview.p50 above, overview.after-write)
    const cold: number[] = [];
    for (let i = 0; i < 3; i++) {
      trustCache(database.db).live.clear();
      const t = performance.now();
      await (await fetch(`${base}/api/v1/engagements/${E}/overview`, { headers })).arrayBuffer();
      cold.push(performance.now() - t);
    }
    add(`${kind}.overview.trust-cold.median`, percentile(cold, 50), 'ms', rawMs);
    // what compression costs (ADR 0014): the same reads as a browser asks for them (accept-encoding), next to the plain
    // answers; both answers are above the 4 KiB threshold, so they are compressed (brotli 1)
    const BROWSER_ENCODINGS = { 'accept-encoding': 'gzip, deflate, br' };
    add(`${kind}.overview.throughput.accept-encoding`, await throughput(`${base}/api/v1/engagements/${E}/overview`, { ...headers, ...BROWSER_ENCODINGS }), 'req/s', overviewRps);
    const notesUrl = `${base}/api/v1/engagements/${E}/notes?limit=50`;
    const notesRps = await throughput(notesUrl, headers);
    add(`${kind}.notes.list.throughput`, notesRps, 'req/s', bareRps);
    add(`${kind}.notes.list.throughput.compressed`, await throughput(notesUrl, { ...headers, ...BROWSER_ENCODINGS }), 'req/s', notesRps);
    if (process.env.BENCH_DELIVERY !== '0') {
      const orgs = await database.db.selectFrom('engagements').select(['provider_org_id', 'client_org_id']).where('id', '=', E).executeTakeFirstOrThrow();
      rows.push(...(await benchDelivery({ kind, deps, base, baselineUrl, password: PASSWORD, demo: { lead: seed.users.lead, sponsor: seed.users.sponsor, providerOrg: orgs.provider_org_id, clientOrg: orgs.client_org_id } })));
    }
    await app.close();
  } finally {
    await instance.close();
  }
}

async function main() {
  // `npm run bench -- lighthouse`: only the Lighthouse stage (bench/results/lighthouse.{json,md})
  if (process.argv.includes('lighthouse')) {
    writeLighthouseResults(await benchLighthouse());
    return;
  }
  // `npm run bench -- coach`: only the communication coach (bench/results/coach.{json,md})
  if (process.argv.includes('coach')) {
    await (await import('./coach')).benchCoach();
    return;
  }
  // `npm run bench -- transfer`: only moving the large engagement between instances (bench/results/transfer.{json,md})
  if (process.argv.includes('transfer')) {
    await (await import('./transfer')).benchTransfer();
    return;
  }
  // `npm run bench -- hot`: only the session route and the overview against the bare route (bench/results/hot-paths.{json,md})
  if (process.argv.includes('hot')) {
    await (await import('./hot-paths')).benchHotPaths();
    return;
  }
  // `npm run bench -- forecast`: only the forecast engine and endpoint (bench/results/forecast-endpoint.{json,md})
  if (process.argv.includes('forecast')) {
    await (await import('./forecast-endpoint')).benchForecastStage();
    return;
  }
  // `npm run bench -- trust`: only the trust index (bench/results/trust.{json,md}, trust-profiles.svg)
  if (process.argv.includes('trust')) {
    await (await import('./trust')).benchTrust();
    return;
  }
  const started = Date.now();
  const bareApp = Fastify();
  bareApp.get('/bare', async () => ({ status: 'ok' }));
  await bareApp.listen({ port: 0, host: '127.0.0.1' });
  const bareUrl = `http://127.0.0.1:${(bareApp.server.address() as { port: number }).port}/bare`;
  console.log(`Candor bench: ${NOTES} notes, ${SAMPLES} samples per read, ${CONNECTIONS} connections × ${LOAD_SECONDS} s load`);
  for (const kind of ['sqlite', 'postgres'] as const) await benchDialect(kind, bareUrl);
  await bareApp.close();

  try {
    rows.push(...(await (await import('./coach')).benchCoach()));
  } catch (err) {
    console.log(`  (coach bench not run: ${err instanceof Error ? err.message : err})`);
  }

  try {
    rows.push(...(await (await import('./trust')).benchTrust()));
  } catch (err) {
    console.log(`  (trust bench not run: ${err instanceof Error ? err.message : err})`);
  }

  try {
    const forecast = await import('./forecast.bench');
    const extra = (await forecast.benchForecast?.()) as Row[] | undefined;
    if (Array.isArray(extra)) rows.push(...extra);
  } catch (err) {
    console.log(`  (forecast bench not run: ${err instanceof Error ? err.message : err})`);
  }

  if (process.env.BENCH_BROWSER !== '0') {
    try {
      rows.push(...(await benchBrowserProgress()));
    } catch (err) {
      console.log(`  (browser progress bench failed: ${err instanceof Error ? err.message : err})`);
    }
  }

  if (process.env.BENCH_LIGHTHOUSE !== '0') {
    try {
      const results = await benchLighthouse();
      writeLighthouseResults(results, { quiet: true });
      rows.push(...lighthouseRows(results));
    } catch (err) {
      console.log(`  (lighthouse bench failed: ${err instanceof Error ? err.message : err})`);
    }
  }

  const dir = path.join(path.dirname(new URL(import.meta.url).pathname), 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'latest.json'), `${JSON.stringify(rows, null, 2)}\n`);
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;
  const md = [
    '# Candor benchmark — latest run',
    '',
    `Run ${new Date().toISOString()} on ${machine}, in ${((Date.now() - started) / 1000).toFixed(0)} s.`,
    '',
    `Engagement: the demo seed plus ${NOTES} notes (20% internal), each with its audit record; reads as the client sponsor (visibility filtering on).`,
    'Latency: sequential requests over HTTP on 127.0.0.1; baseline = a bare Fastify route measured the same way in the same run.',
    `Throughput: autocannon in a separate process (bench/load.mjs), ${CONNECTIONS} connections for ${LOAD_SECONDS} s; baseline = the bare route under the same load; session.throughput = GET /session, the smallest signed-in route (the floor every page pays), and overview.throughput.vs-session-route divides the overview by it (issue 17 aims: ≥ 0.25 of the bare route on SQLite, ≥ 0.5 of the session route on both; ADR 0034).`,
    'Trust headline (issue 14): the engagement overview carries both sides\' trust headline and trend from the per-engagement cache (src/server/trust/service.ts). `overview.*` above include it; `trust.p50/p95` = GET /trust (full report from the cache); `overview.after-write` = the overview right after a note was written (the cache folds the new record); `overview.trust-cold.median` = the overview with an empty trust cache (a fresh process folding the whole chain, here the seed plus BENCH_NOTES notes), next to the raw `select * from audit_log` of the chain.',
    'Delivery (`*.delivery.*`): a second engagement bulk-seeded with 20 phases, 10,000 work items (10% internal), 250,000 time entries over two years and 40 people (see bench/delivery.ts; BENCH_ITEMS, BENCH_ENTRIES, BENCH_PEOPLE, BENCH_PHASES); reads as the client sponsor unless named `provider`; `overview.after-write` is the first overview read after a time entry was logged (aggregates recomputed), next to the raw aggregate SQL.',
    'Forecast (`*.forecast.*`, bench/forecast-endpoint.ts): GET /forecast on the large delivery engagement (10,000 trials); `cold` = a seed not asked before, so the whole forecast is computed (items, history, time, Monte Carlo, fan, explanation), `warm` = the same request again (per-version cache); `vs-300ms-aim` rows divide the cold p95 by the issue\'s 300 ms aim.',
    BROWSER_NOTE,
    LIGHTHOUSE_NOTE,
    '',
    ...rowsTable(rows),
    '',
  ].join('\n');
  writeFileSync(path.join(dir, 'latest.md'), md);
  console.log(md);
}

// only when run (`tsx bench/run.ts`), not when imported for its seeding (scripts/soak.ts)
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
