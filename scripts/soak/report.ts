/** The soak's results: per database a summary (routes, memory samples and their fitted lines, handles, connections), written to bench/results/soak.{json,md,svg}. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RouteStats } from './load';
import type { MemorySample, ServerFinal } from './protocol';
import { fitLine, percentileSorted, round } from './stats';

const MB = 1024 * 1024;

export interface Sample extends MemorySample {
  /** requests completed since the previous sample, per second */
  requestsPerSecond: number;
  loadAverage1m: number;
}

export interface Slope {
  /** MB per minute, and its standard error */
  mbPerMinute: number | null;
  stdErr: number | null;
  points: number;
}

export interface Slopes {
  rss: Slope;
  heapUsed: Slope;
  heapAfterMajorGc: Slope;
  external: Slope;
  /** V8's reserved heap: RSS follows it when a higher request rate lets the heap grow further between major GCs */
  heapTotal?: Slope;
  /** RSS beyond V8's heap (native memory: SQLite, sockets, buffers, malloc) */
  rssBeyondHeap?: Slope;
}

export interface SoakRun {
  database: 'sqlite' | 'postgres';
  /** what a reader must know about this run (added by hand to soak.json, shown under the heading) */
  note?: string;
  startedAt: string;
  endedAt: string;
  plannedSeconds: number;
  seconds: number;
  clients: number;
  machine: string;
  loadAverage: { start: number[]; end: number[] };
  seed: { notes: number; seconds: number; items: number; timeEntries: number };
  totals: { requests: number; errors: number; requestsPerSecond: number; reads: number; writes: number };
  routes: { name: string; kind: 'read' | 'write'; count: number; errors: number; p50: number; p99: number; max: number; errorSamples: string[] }[];
  samples: Sample[];
  warmupSeconds: number;
  slopes: { afterWarmup: Slopes; lastHalf: Slopes };
  /** a growth trend: the post-warm-up slope of the heap after major GCs (or of heapUsed), and its last-half slope, both above zero beyond their 95 % intervals */
  memoryTrend: boolean;
  handles: {
    atStart: Record<string, number>;
    underLoad: Record<string, number>;
    /** after the clients closed their connections and the counts stopped changing */
    atEnd: Record<string, number>;
    afterClose: Record<string, number> | null;
    closeMs: number | null;
    /** the server process ended by itself after closing (nothing left holding it open) */
    exitedBySelf: boolean;
  };
  connections: { sqliteFileHandles?: number; pgPool?: ServerFinal['pgPool']; pgStatActivityStart?: number; pgStatActivityEnd?: number };
  serverLog: { errorLines: number; warnLines: number; firstErrors: string[] };
}

export function summarizeRoutes(stats: Map<string, RouteStats>): SoakRun['routes'] {
  return [...stats.values()]
    .filter((s) => s.count > 0)
    .map((s) => {
      const sorted = s.latencies.sorted();
      return { name: s.name, kind: s.kind, count: s.count, errors: s.errors, p50: round(percentileSorted(sorted, 50), 1), p99: round(percentileSorted(sorted, 99), 1), max: round(sorted[sorted.length - 1] ?? Number.NaN, 1), errorSamples: s.samples };
    });
}

function slope(samples: Sample[], pick: (s: Sample) => number | null): Slope {
  const points = samples.flatMap((s) => {
    const y = pick(s);
    return y === null ? [] : [{ x: s.at / 60_000, y: y / MB }];
  });
  const line = fitLine(points);
  return { mbPerMinute: line ? round(line.slope, 3) : null, stdErr: line && Number.isFinite(line.slopeStdErr) ? round(line.slopeStdErr, 3) : null, points: points.length };
}

export function slopesOf(samples: Sample[]): Slopes {
  return {
    rss: slope(samples, (s) => s.rss),
    heapUsed: slope(samples, (s) => s.heapUsed),
    heapAfterMajorGc: slope(samples, (s) => s.heapAfterMajorGc),
    external: slope(samples, (s) => s.external),
    heapTotal: slope(samples, (s) => s.heapTotal),
    rssBeyondHeap: slope(samples, (s) => s.rss - s.heapTotal),
  };
}

const rising = (s: Slope) => s.mbPerMinute !== null && s.stdErr !== null && s.mbPerMinute - 1.96 * s.stdErr > 0;

/** Growth: rising after the warm-up and still rising over the last half (heap after major GCs when there are ≥ 4 of them, else heapUsed). */
export function memoryTrend(after: Slopes, last: Slopes): boolean {
  const pick = (s: Slopes) => (s.heapAfterMajorGc.points >= 4 ? s.heapAfterMajorGc : s.heapUsed);
  return rising(pick(after)) && rising(pick(last));
}

export const machine = () => `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;

const fmt = (x: number | null | undefined, d = 1) => (x === null || x === undefined || Number.isNaN(x) ? '–' : x.toFixed(d));
const fmtSlope = (s: Slope) => (s.mbPerMinute === null ? '–' : `${s.mbPerMinute >= 0 ? '+' : ''}${s.mbPerMinute.toFixed(3)} ± ${fmt(s.stdErr, 3)} (${s.points})`);
const counts = (r: Record<string, number> | null) => (r ? Object.entries(r).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k} ${v}`).join(', ') || 'none' : '–');

/** A small line chart per database: RSS, heapUsed, heap after major GC and external, MB over minutes. */
export function chart(runs: SoakRun[]): string {
  const W = 520;
  const H = 300;
  const pad = { l: 56, r: 16, t: 36, b: 40 };
  const series: [string, string, (s: Sample) => number | null][] = [
    ['RSS', '#1f77b4', (s) => s.rss],
    ['heapUsed', '#ff7f0e', (s) => s.heapUsed],
    ['heap after major GC', '#2ca02c', (s) => s.heapAfterMajorGc],
    ['external', '#9467bd', (s) => s.external],
  ];
  const panel = (run: SoakRun, x0: number) => {
    const xs = run.samples.map((s) => s.at / 60_000);
    const xmax = Math.max(1, ...xs);
    const ymax = Math.max(1, ...run.samples.map((s) => s.rss / MB)) * 1.1;
    const px = (x: number) => x0 + pad.l + (x / xmax) * (W - pad.l - pad.r);
    const py = (y: number) => pad.t + (1 - y / ymax) * (H - pad.t - pad.b);
    const grid = [0, 0.25, 0.5, 0.75, 1]
      .map((f) => `<line x1="${px(0)}" x2="${px(xmax)}" y1="${py(f * ymax)}" y2="${py(f * ymax)}" stroke="#ddd"/><text x="${px(0) - 6}" y="${py(f * ymax) + 4}" font-size="11" text-anchor="end">${Math.round(f * ymax)}</text>`)
      .join('');
    const xticks = Array.from({ length: Math.floor(xmax) + 1 }, (_, m) => m)
      .filter((m) => xmax <= 12 || m % 2 === 0)
      .map((m) => `<text x="${px(m)}" y="${H - pad.b + 16}" font-size="11" text-anchor="middle">${m}</text>`)
      .join('');
    const warm = `<line x1="${px(run.warmupSeconds / 60)}" x2="${px(run.warmupSeconds / 60)}" y1="${pad.t}" y2="${H - pad.b}" stroke="#999" stroke-dasharray="4 3"/>`;
    const lines = series
      .map(([, color, pick]) => {
        const pts = run.samples.flatMap((s) => {
          const y = pick(s);
          return y === null ? [] : [`${px(s.at / 60_000).toFixed(1)},${py(y / MB).toFixed(1)}`];
        });
        return `<polyline fill="none" stroke="${color}" stroke-width="1.6" points="${pts.join(' ')}"/>${pts.map((p) => `<circle cx="${p.split(',')[0]}" cy="${p.split(',')[1]}" r="1.6" fill="${color}"/>`).join('')}`;
      })
      .join('');
    return `<text x="${x0 + W / 2}" y="20" font-size="13" text-anchor="middle">${run.database}: ${run.clients} clients, ${Math.round(run.seconds)} s (MB over minutes; dashed: end of warm-up)</text>${grid}${xticks}${warm}${lines}<text x="${x0 + W / 2}" y="${H - 6}" font-size="11" text-anchor="middle">minutes</text>`;
  };
  const legend = series.map(([name, color], i) => `<rect x="${20 + i * 170}" y="${H + 4}" width="12" height="12" fill="${color}"/><text x="${38 + i * 170}" y="${H + 14}" font-size="12">${name}</text>`).join('');
  const width = W * Math.max(1, runs.length);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${H + 24}" viewBox="0 0 ${width} ${H + 24}" font-family="sans-serif"><rect width="100%" height="100%" fill="#fff"/>${runs.map((r, i) => panel(r, i * W)).join('')}${legend}</svg>`;
}

export function markdown(runs: SoakRun[]): string {
  const out = [
    '# Candor soak',
    '',
    '`npm run soak` (scripts/soak.ts): the app served by a forked Node process (scripts/soak/server.ts, the wiring of src/server/main.ts) on 127.0.0.1, loaded by concurrent clients in the parent process, each signed in as one of the demo roles (lead, member, sponsor, stakeholder in turn) and running its own loop without think time: a weighted mix of the pages\' reads (about 80 %) and writes (scripts/soak/load.ts).',
    'Data: the demo engagement plus the bench\'s notes (bench/run.ts `seedBenchNotes`), and the large delivery engagement (bench/delivery.ts `seedLargeEngagement`: 20 phases, 10,000 work items, 250,000 time entries); the demo\'s member and stakeholder were added to it.',
    'Latency: from sending to the last byte of the body, per route, exact (all samples sorted). Errors: any non-2xx answer or network error.',
    'Memory and event-loop delay are the server process\'s own, sampled over IPC every 10 s; "heap after major GC" is heapUsed right after the last mark-compact GC in the interval (the retained heap, without forcing a GC). Slopes: least-squares lines in MB per minute ± their standard error (points), after the warm-up and over the last half. A growth trend = both slopes of the retained heap above zero beyond their 95 % intervals.',
    'Handles: `process.getActiveResourcesInfo()` in the server at the start, under load, at the end (clients disconnected, counts settled) and after its graceful shutdown; the server must then end by itself. Connections: SQLite: descriptors open on the database file (one per better-sqlite3 connection); PostgreSQL: the app\'s pool and `pg_stat_activity` client backends on the database.',
    'The machine is shared with other work while the soak runs (2 cores): latencies are noisy; the load average is recorded.',
    '',
  ];
  for (const r of runs) {
    out.push(
      `## ${r.database}`,
      '',
      ...(r.note ? [r.note, ''] : []),
      `Run ${r.startedAt} → ${r.endedAt} on ${r.machine}: ${r.clients} clients for ${r.seconds.toFixed(0)} s (planned ${r.plannedSeconds} s). Load average (1, 5, 15 min) at start ${r.loadAverage.start.map((x) => x.toFixed(2)).join(', ')}, at end ${r.loadAverage.end.map((x) => x.toFixed(2)).join(', ')}.`,
      `Seeded in ${r.seed.seconds.toFixed(0)} s: ${r.seed.notes} notes, ${r.seed.items} work items, ${r.seed.timeEntries} time entries.`,
      '',
      `**Requests ${r.totals.requests}** (${r.totals.reads} reads, ${r.totals.writes} writes), **${r.totals.requestsPerSecond.toFixed(1)} req/s**, **errors ${r.totals.errors}**. Server log: ${r.serverLog.errorLines} error lines, ${r.serverLog.warnLines} warnings.`,
      `**Memory trend: ${r.memoryTrend ? 'GROWING' : 'none'}** (retained heap after warm-up ${fmtSlope(r.slopes.afterWarmup.heapAfterMajorGc)} MB/min, last half ${fmtSlope(r.slopes.lastHalf.heapAfterMajorGc)} MB/min).`,
      '',
      '| route | kind | count | errors | p50 ms | p99 ms | max ms |',
      '|---|---|---:|---:|---:|---:|---:|',
      ...r.routes.map((x) => `| ${x.name} | ${x.kind} | ${x.count} | ${x.errors} | ${fmt(x.p50)} | ${fmt(x.p99)} | ${fmt(x.max)} |`),
      '',
    );
    const errs = r.routes.filter((x) => x.errorSamples.length > 0);
    if (errs.length) out.push('Errors (first of each route):', '', ...errs.map((x) => `- ${x.name}: ${x.errorSamples[0]!.replaceAll('\n', ' ')}`), '');
    if (r.serverLog.firstErrors.length) out.push('Server log errors (first):', '', ...r.serverLog.firstErrors.map((e) => `- ${e}`), '');
    out.push(
      `Slopes (MB/min ± standard error (points); warm-up ${r.warmupSeconds} s):`,
      '',
      '| series | after warm-up | last half |',
      '|---|---:|---:|',
      ...(['rss', 'heapTotal', 'rssBeyondHeap', 'heapUsed', 'heapAfterMajorGc', 'external'] as const).map((k) => {
        const a = r.slopes.afterWarmup[k];
        const l = r.slopes.lastHalf[k];
        return a && l ? `| ${k} | ${fmtSlope(a)} | ${fmtSlope(l)} |` : `| ${k} | – | – |`;
      }),
      '',
      '| t (s) | req/s | RSS MB | heapUsed MB | heap after major GC MB | major GCs | external MB | loop delay p99 ms | load 1m |',
      '|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
      ...r.samples.map(
        (s) =>
          `| ${(s.at / 1000).toFixed(0)} | ${s.requestsPerSecond.toFixed(1)} | ${(s.rss / MB).toFixed(1)} | ${(s.heapUsed / MB).toFixed(1)} | ${s.heapAfterMajorGc === null ? '–' : (s.heapAfterMajorGc / MB).toFixed(1)} | ${s.majorGcs} | ${(s.external / MB).toFixed(1)} | ${s.loopDelayP99.toFixed(1)} | ${s.loadAverage1m.toFixed(2)} |`,
      ),
      '',
      `Handles at start: ${counts(r.handles.atStart)}.`,
      `Handles under load: ${counts(r.handles.underLoad)}.`,
      `Handles at the end (clients gone): ${counts(r.handles.atEnd)}.`,
      `After graceful shutdown (${fmt(r.handles.closeMs, 0)} ms): ${counts(r.handles.afterClose)}; the process ${r.handles.exitedBySelf ? 'ended by itself' : 'did NOT end by itself (killed)'}.`,
      r.database === 'sqlite'
        ? `Database connections at the end: ${r.connections.sqliteFileHandles ?? '–'} descriptor(s) on the SQLite file.`
        : `Database connections: pool total ${r.connections.pgPool?.total ?? '–'} (idle ${r.connections.pgPool?.idle ?? '–'}, waiting ${r.connections.pgPool?.waiting ?? '–'}) at the end; pg_stat_activity client backends ${r.connections.pgStatActivityStart ?? '–'} at start, ${r.connections.pgStatActivityEnd ?? '–'} at the end.`,
      '',
    );
  }
  out.push('Memory over time: soak.svg.', '');
  return out.join('\n');
}

/** Recomputes each run's slopes and trend from its samples (`npm run soak -- report`: soak.md and soak.svg again from soak.json). */
export function rederive(run: SoakRun): SoakRun {
  const after = run.samples.filter((s) => s.at >= run.warmupSeconds * 1000);
  const last = run.samples.filter((s) => s.at >= (run.seconds * 1000) / 2);
  const slopes = { afterWarmup: slopesOf(after), lastHalf: slopesOf(last) };
  return { ...run, slopes, memoryTrend: memoryTrend(slopes.afterWarmup, slopes.lastHalf) };
}

export function rewriteResults(dir: string): SoakRun[] {
  const runs = (JSON.parse(readFileSync(path.join(dir, 'soak.json'), 'utf8')) as { runs: SoakRun[] }).runs.map(rederive);
  return writeResults(dir, runs);
}

/** Writes soak.json, soak.md and soak.svg; a run of one database replaces that database's entry and keeps the other's. */
export function writeResults(dir: string, runs: SoakRun[]): SoakRun[] {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'soak.json');
  const previous: SoakRun[] = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { runs: SoakRun[] }).runs : [];
  const merged = (['sqlite', 'postgres'] as const).flatMap((db) => runs.filter((r) => r.database === db).concat(runs.some((r) => r.database === db) ? [] : previous.filter((r) => r.database === db)));
  writeFileSync(file, `${JSON.stringify({ runs: merged }, null, 2)}\n`);
  writeFileSync(path.join(dir, 'soak.md'), markdown(merged));
  writeFileSync(path.join(dir, 'soak.svg'), chart(merged));
  return merged;
}
