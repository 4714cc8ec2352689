/**
 * Main-thread long tasks of the progress page in headless Chromium.
 *
 * Generates the demo seed plus the large delivery engagement (bench/delivery.ts:
 * 20 phases, 10,000 work items, 250,000 time entries, 40 people) into a fresh
 * SQLite database, serves Candor (API and the built web UI) on 127.0.0.1 on a
 * free port, and opens the progress page in Chromium (playwright-core, the
 * Debian binary the browser tests use) with a PerformanceObserver for
 * 'longtask' installed before any page script runs. Per run it records the
 * longest task and the total blocking time (the sum of each task's time over
 * 50 ms) from navigation until the four charts have rendered and 1.5 s passed.
 *
 * Two scenarios per engagement (the small demo one and the large one), as the
 * provider lead:
 * - `load`: a full page load of the progress URL (bundle evaluation, app shell and page);
 * - `nav`: an in-app navigation from the engagement overview to Progress (the page alone).
 *
 * Run alone: `npx tsx bench/browser-progress.ts` (writes bench/results/browser-progress.{json,md});
 * `npm run bench` runs it too (BENCH_BROWSER=0 skips it). Knobs: BENCH_BROWSER_RUNS (default 5),
 * CANDOR_CHROMIUM, and the delivery seed's BENCH_ITEMS, BENCH_ENTRIES, BENCH_PEOPLE, BENCH_PHASES.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { buildApp } from '../src/server/app';
import { loadConfig } from '../src/server/config';
import { seedDemo } from '../src/server/db/seed/demo';
import { createDeps } from '../src/server/deps';
import { rowsTable, seedLargeEngagement } from './delivery';

const RUNS = Number(process.env.BENCH_BROWSER_RUNS ?? 5);
const CHROMIUM = process.env.CANDOR_CHROMIUM ?? '/usr/bin/chromium';
const PASSWORD = 'bench-password-1';
const here = path.dirname(fileURLToPath(import.meta.url));

export interface Row {
  name: string;
  value: number;
  unit: string;
  baseline: number;
  ratio: number;
}

interface Sample {
  /** Wall-clock (PerformanceObserver 'longtask'). */
  longest: number;
  tbt: number;
  count: number;
  /** Main-thread CPU time of the same tasks (trace RunTask tdur): robust to other processes on a busy machine. */
  cpuLongest: number;
  cpuTbt: number;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Installed before any page script: collects every long task of the document into window.__longtasks. */
const OBSERVER = `(() => {
  window.__longtasks = [];
  try {
    new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longtasks.push({ start: e.startTime, duration: e.duration }); })
      .observe({ type: 'longtask', buffered: true });
  } catch {}
})();`;

/** The page shows its four charts (or their empty states) and nothing is loading. */
async function chartsRendered(page: Page) {
  await page.waitForFunction(
    () => {
      const h1 = [...document.querySelectorAll('h1,h2')].some((h) => h.textContent?.trim() === 'Progress');
      const busy = [...document.querySelectorAll('[aria-busy="true"]')].some((e) => e.checkVisibility());
      const cards = document.querySelectorAll('section[aria-labelledby^="chart-"]');
      const drawn = [...cards].filter((c) => c.querySelector('svg.recharts-surface, .recharts-wrapper svg') || /No data yet/.test(c.textContent ?? '')).length;
      return h1 && !busy && cards.length >= 4 && drawn >= 4;
    },
    undefined,
    { timeout: 60_000, polling: 50 },
  );
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}

/** Traces the renderer while `action` runs: every top-level task's wall and thread time on the page's main thread. */
async function traced(page: Page, action: () => Promise<void>): Promise<{ wall: number; cpu: number }[]> {
  const cdp = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (e) => {
    for (const ev of e.value as unknown as TraceEvent[]) if (ev.name === 'RunTask' || ev.name === 'thread_name') events.push(ev);
  });
  await cdp.send('Tracing.start', { transferMode: 'ReportEvents', traceConfig: { includedCategories: ['toplevel', 'disabled-by-default-devtools.timeline', '__metadata'] } });
  try {
    await action();
  } finally {
    const done = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
    await cdp.send('Tracing.end');
    await done;
    await cdp.detach();
  }
  // the renderer main thread(s); with one tab, the busiest one is the page's
  const mains = new Set(events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const byThread = new Map<string, { wall: number; cpu: number }[]>();
  for (const e of events) {
    const key = `${e.pid}:${e.tid}`;
    if (e.name !== 'RunTask' || e.ph !== 'X' || !mains.has(key)) continue;
    byThread.set(key, [...(byThread.get(key) ?? []), { wall: (e.dur ?? 0) / 1000, cpu: (e.tdur ?? e.dur ?? 0) / 1000 }]);
  }
  const sum = (ts: { cpu: number }[]) => ts.reduce((s, t) => s + t.cpu, 0);
  return [...byThread.values()].sort((a, b) => sum(b) - sum(a))[0] ?? [];
}

async function collect(page: Page, since: number, runTasks: { wall: number; cpu: number }[]): Promise<Sample> {
  const tasks = (await page.evaluate(() => (window as unknown as { __longtasks: { start: number; duration: number }[] }).__longtasks)).filter((t) => t.start >= since);
  const cpu = runTasks.map((t) => t.cpu);
  if (process.env.BENCH_BROWSER_DEBUG) {
    console.log(
      `    long tasks (wall): ${tasks.map((t) => `${Math.round(t.duration)}@${Math.round(t.start)}`).join(' ')}; main-thread tasks over 50 ms CPU: ${cpu
        .filter((c) => c > 50)
        .map(Math.round)
        .join(' ')}`,
    );
  }
  return {
    longest: tasks.reduce((m, t) => Math.max(m, t.duration), 0),
    tbt: tasks.reduce((s, t) => s + Math.max(0, t.duration - 50), 0),
    count: tasks.length,
    cpuLongest: cpu.reduce((m, c) => Math.max(m, c), 0),
    cpuTbt: cpu.reduce((s, c) => s + Math.max(0, c - 50), 0),
  };
}

/** Until the four charts are drawn, then 1.5 s more (late renders, effects). */
async function measure(page: Page, base: string, engagementId: string, scenario: 'load' | 'nav'): Promise<Sample> {
  if (scenario === 'load') {
    await page.goto('about:blank');
    const tasks = await traced(page, async () => {
      await page.goto(`${base}/engagements/${engagementId}/progress`);
      await chartsRendered(page);
      await page.waitForTimeout(1500);
    });
    return collect(page, 0, tasks);
  }
  await page.goto(`${base}/engagements/${engagementId}`);
  await page.waitForLoadState('networkidle');
  await page.locator('h1').first().waitFor({ state: 'visible' });
  await page.waitForTimeout(1000);
  const since = await page.evaluate(() => performance.now());
  const tasks = await traced(page, async () => {
    await page.getByRole('link', { name: 'Progress', exact: true }).first().click();
    await chartsRendered(page);
    await page.waitForTimeout(1500);
  });
  return collect(page, since, tasks);
}

/** Seeds, serves and measures; returns the rows (also for bench/run.ts). */
export async function benchBrowserProgress(): Promise<Row[]> {
  if (!existsSync(CHROMIUM)) {
    console.log(`  (browser progress bench not run: no Chromium at ${CHROMIUM}; set CANDOR_CHROMIUM)`);
    return [];
  }
  // @ts-expect-error: a plain .mjs script without types
  const { ensureWebBuilt } = (await import('../scripts/web-build.mjs')) as { ensureWebBuilt: (o?: { quiet?: boolean }) => Promise<boolean> };
  await ensureWebBuilt({ quiet: true });
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'candor-bench-browser-'));
  const profile = mkdtempSync(path.join(os.tmpdir(), 'candor-bench-chromium-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const config = loadConfig({ CANDOR_DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', CANDOR_PUBLIC_URL: base, LOG_LEVEL: 'silent', CANDOR_SESSION_SECRET: 'b'.repeat(40) });
  const { deps, database } = await createDeps(config);
  const rows: Row[] = [];
  try {
    const seed = await seedDemo(deps, PASSWORD);
    const orgs = await deps.db.selectFrom('engagements').select(['provider_org_id', 'client_org_id']).where('id', '=', seed.engagementId).executeTakeFirstOrThrow();
    const t0 = performance.now();
    const large = await seedLargeEngagement(deps, { lead: seed.users.lead, sponsor: seed.users.sponsor, providerOrg: orgs.provider_org_id, clientOrg: orgs.client_org_id });
    console.log(`  browser: seeded the large engagement into SQLite in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const app = await buildApp(deps, { signInPerMinute: 10_000 });
    await app.listen({ port, host: '127.0.0.1' });
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1280, height: 900 },
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      context.setDefaultTimeout(60_000);
      await context.addInitScript(OBSERVER);
      const page = context.pages()[0] ?? (await context.newPage());
      const res = await page.request.post(`${base}/api/v1/session`, { data: { email: 'lead@demo.candor.dev', password: PASSWORD } });
      if (!res.ok()) throw new Error(`sign-in failed: ${res.status()}`);
      for (const [label, id] of [
        ['demo', seed.engagementId],
        ['large', large],
      ] as const) {
        for (const scenario of ['load', 'nav'] as const) {
          await measure(page, base, id, scenario); // warm-up: HTTP cache, server caches, JIT
          const samples: Sample[] = [];
          for (let i = 0; i < RUNS; i++) samples.push(await measure(page, base, id, scenario));
          const of = (k: keyof Sample) => samples.map((s) => s[k]);
          const runs = (k: keyof Sample) => of(k).map((x) => x.toFixed(0)).join(', ');
          console.log(
            `  browser: progress ${label} ${scenario}: longest task median ${median(of('longest')).toFixed(0)} ms wall (runs ${runs('longest')}), ${median(of('cpuLongest')).toFixed(0)} ms CPU (runs ${runs('cpuLongest')}); total blocking median ${median(of('tbt')).toFixed(0)} ms wall, ${median(of('cpuTbt')).toFixed(0)} ms CPU`,
          );
          const name = `browser.progress.${label}.${scenario}`;
          // baseline: the 200 ms budget for any one task
          const row = (what: string, v: number) => rows.push({ name: `${name}.${what}`, value: Math.round(v), unit: 'ms', baseline: 200, ratio: Math.round((v / 200) * 1000) / 1000 });
          row('longest-task.median', median(of('longest')));
          row('longest-task.max', Math.max(...of('longest')));
          row('longest-task.cpu.median', median(of('cpuLongest')));
          row('total-blocking.median', median(of('tbt')));
          row('total-blocking.cpu.median', median(of('cpuTbt')));
        }
      }
    } finally {
      await context.close();
      await app.close();
    }
  } finally {
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(profile, { recursive: true, force: true });
  }
  return rows;
}

export const BROWSER_NOTE = `Browser (\`browser.progress.*\`, bench/browser-progress.ts): the progress page in headless Chromium (1280×900) as the provider lead, on the demo engagement and on the large delivery engagement (SQLite); \`load\` = full page load of the progress URL, \`nav\` = in-app navigation from the overview; longest main-thread long task (PerformanceObserver 'longtask', wall clock) and total blocking time (sum over tasks of the time above 50 ms) from navigation until the four charts are drawn plus 1.5 s; \`.cpu\` = the same from a trace of the renderer's main thread counting each task's thread (CPU) time, which other processes on a busy machine do not inflate; median (and max) of ${RUNS} runs after one warm-up; baseline = the 200 ms budget. Run alone, it writes bench/results/browser-progress.md (which also keeps the figures from before the charts took turns).`;

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const rows = await benchBrowserProgress();
  const dir = path.join(here, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'browser-progress.json'), `${JSON.stringify(rows, null, 2)}\n`);
  const md = [
    '# Candor benchmark — progress page in Chromium',
    '',
    `Run ${new Date().toISOString()} on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}.`,
    '',
    BROWSER_NOTE,
    '',
    ...rowsTable(rows),
    '',
  ].join('\n');
  writeFileSync(path.join(dir, 'browser-progress.md'), md);
  console.log(md);
}
