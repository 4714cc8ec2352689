/**
 * `npm run bench -- hot`: only the hot read paths of issue 17 (ADR 0034), on SQLite and PostgreSQL:
 * the bare route, GET /session (the signed-in floor) and the engagement overview on the large bench
 * engagement, each under the same load, three rounds interleaved, median of each. The full `npm run bench`
 * reports the same rows in latest.md; this writes bench/results/hot-paths.{json,md}.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import { buildApp } from '../src/server/app';
import { openBenchInstance, seedBenchNotes } from './seed-notes';
import { throughput } from './throughput';
import { rowsTable } from './delivery';

const PASSWORD = 'bench-password-1';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = 3;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (x: number) => Math.round(x * 1000) / 1000;

export async function benchHotPaths() {
  const rows: { name: string; value: number; unit: string; baseline: number; ratio: number }[] = [];
  const add = (name: string, value: number, baseline: number) => rows.push({ name, value: round(value), unit: 'req/s', baseline: round(baseline), ratio: round(value / baseline) });
  const bareApp = Fastify();
  bareApp.get('/bare', async () => ({ status: 'ok' }));
  await bareApp.listen({ port: 0, host: '127.0.0.1' });
  const bareUrl = `http://127.0.0.1:${(bareApp.server.address() as { port: number }).port}/bare`;
  const loads: string[] = [];
  for (const kind of ['sqlite', 'postgres'] as const) {
    const instance = await openBenchInstance(kind, PASSWORD, 'hot');
    const { deps, seed } = instance;
    try {
      await seedBenchNotes(deps, seed);
      const app = await buildApp(deps, { serveWeb: false, signInPerMinute: 10_000 });
      await app.listen({ port: 0, host: '127.0.0.1' });
      const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
      const signIn = await fetch(`${base}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'sponsor@demo.candor.dev', password: PASSWORD }) });
      const headers = { cookie: signIn.headers.getSetCookie()[0]!.split(';')[0]! };
      const got = { bare: [] as number[], session: [] as number[], overview: [] as number[] };
      loads.push(`${kind} start ${os.loadavg()[0]!.toFixed(1)}`);
      for (let r = 0; r < ROUNDS; r++) {
        got.bare.push(await throughput(bareUrl, {}, 32, SECONDS));
        got.session.push(await throughput(`${base}/api/v1/session`, headers, 32, SECONDS));
        got.overview.push(await throughput(`${base}/api/v1/engagements/${seed.engagementId}/overview`, headers, 32, SECONDS));
      }
      loads.push(`${kind} end ${os.loadavg()[0]!.toFixed(1)}`);
      const [bare, session, overview] = [median(got.bare), median(got.session), median(got.overview)];
      add(`${kind}.session.throughput`, session, bare);
      add(`${kind}.overview.throughput`, overview, bare);
      add(`${kind}.overview.throughput.vs-session-route`, overview, session);
      console.log(`  ${kind}: bare ${got.bare.map(Math.round).join('/')}, session ${got.session.map(Math.round).join('/')}, overview ${got.overview.map(Math.round).join('/')} req/s`);
      await app.close();
    } finally {
      await instance.close();
    }
  }
  await bareApp.close();
  const dir = path.join(path.dirname(new URL(import.meta.url).pathname), 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'hot-paths.json'), `${JSON.stringify(rows, null, 2)}\n`);
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`;
  writeFileSync(
    path.join(dir, 'hot-paths.md'),
    [
      '# Hot read paths (issue 17, ADR 0034)',
      '',
      `Run ${new Date().toISOString()} on ${machine}; load average (1 min): ${loads.join(', ')}.`,
      '',
      `The demo engagement plus 5,000 notes (20% internal), read as the client sponsor. autocannon in its own process, 32 connections × ${SECONDS} s, ${ROUNDS} rounds interleaved (bare, session, overview), median of each. Baseline: the bare Fastify route for session.throughput and overview.throughput, the session route for overview.throughput.vs-session-route. Aims: session ≥ 0.25 of the bare route (SQLite); overview ≥ 0.5 of the session route (both).`,
      '',
      'Before (committed bench/results/latest.md of 2026-12-02 06:36, same machine kind): SQLite overview 140 req/s = 0.024 of the bare route; the issue measured the session route at 0.129 of the bare route and the overview at about 0.14 of the session route.',
      '',
      ...rowsTable(rows),
      '',
    ].join('\n'),
  );
  return rows;
}
