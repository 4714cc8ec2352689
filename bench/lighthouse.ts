/**
 * Lighthouse 12 on the engagement pages, signed in as the client sponsor.
 *
 * Seeds the demo engagement and the large delivery engagement (bench/delivery.ts:
 * 20 phases, 10,000 work items, 250,000 time entries, 40 people) into a fresh
 * SQLite database, serves Candor (API and the built web UI, as `npm start` does)
 * on 127.0.0.1 on a free port, and runs Lighthouse (performance, accessibility,
 * best practices) on the overview, progress, forecast and items pages with the
 * desktop preset and the default mobile preset (simulated throttling), in
 * Debian's Chromium launched by chrome-launcher. The sponsor's session cookie
 * is sent with every request (Lighthouse `extraHeaders`).
 *
 * Per page and preset it records the median of BENCH_LH_RUNS runs (default 3):
 * the performance, accessibility and best-practices scores, FCP, LCP, TBT,
 * CLS, the bytes transferred, and the page's JavaScript (uncompressed and as
 * transferred). The baseline is the issue's table (desktop, demo engagement,
 * before this work). Also the first route's JavaScript per page from the build
 * manifest (bench/bundle.ts).
 *
 * Run alone: `npm run bench:lighthouse` (or `npm run bench -- lighthouse`); writes
 * bench/results/lighthouse.{json,md}. `npm run bench` runs it too (BENCH_LIGHTHOUSE=0 skips it).
 * Knobs: BENCH_LH_RUNS, BENCH_LH_PAGES (e.g. "overview,items"), BENCH_LH_PRESETS ("desktop,mobile"), BENCH_LH_ENGAGEMENTS ("demo,large"),
 * CHROME_PATH (default /usr/bin/chromium), BENCH_LH_SAVE (a folder for every run's full report), and the delivery seed's BENCH_ITEMS, BENCH_ENTRIES, …
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import { buildApp } from '../src/server/app';
import { loadConfig } from '../src/server/config';
import { seedDemo } from '../src/server/db/seed/demo';
import { createDeps } from '../src/server/deps';
import { routeBundles } from './bundle';
import { seedLargeEngagement } from './delivery';

const RUNS = Number(process.env.BENCH_LH_RUNS ?? 3);
const CHROME = process.env.CHROME_PATH ?? process.env.CANDOR_CHROMIUM ?? '/usr/bin/chromium';
const PASSWORD = 'bench-password-1';
const here = path.dirname(fileURLToPath(import.meta.url));

const PAGES = { overview: '', progress: '/progress', forecast: '/forecast', items: '/items' } as const;
type PageName = keyof typeof PAGES;
type Preset = 'desktop' | 'mobile';
const pages = (process.env.BENCH_LH_PAGES?.split(',') ?? Object.keys(PAGES)) as PageName[];
const presets = (process.env.BENCH_LH_PRESETS?.split(',') ?? ['desktop', 'mobile']) as Preset[];
const engagements = process.env.BENCH_LH_ENGAGEMENTS?.split(',') ?? ['demo', 'large'];

/** The issue's table (2026-12-01, before this work): Lighthouse 12, desktop preset, demo engagement, as the sponsor. */
export const ISSUE_BASELINE: Record<string, { performance: number; fcp: number; lcp: number; tbt: number; kib: number }> = {
  overview: { performance: 62, fcp: 2000, lcp: 2600, tbt: 300, kib: 1650 },
  progress: { performance: 70, fcp: 1900, lcp: 2200, tbt: 250, kib: 1623 },
  forecast: { performance: 69, fcp: 1900, lcp: 2300, tbt: 240, kib: 1645 },
};

/** The aims of the issue. */
export const AIM = { desktop: 95, mobile: 85 } as const;

export interface LighthouseResult {
  engagement: 'demo' | 'large';
  page: PageName;
  preset: Preset;
  runs: number;
  performance: number;
  accessibility: number;
  bestPractices: number;
  fcpMs: number;
  lcpMs: number;
  tbtMs: number;
  cls: number;
  transferKiB: number;
  scriptKiB: number;
  scriptTransferKiB: number;
  requests: number;
  /** Scores of every run, to show the spread. */
  performanceRuns: number[];
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

interface NetworkRequest {
  url: string;
  resourceType?: string;
  resourceSize?: number;
  transferSize?: number;
}

interface Lhr {
  categories: Record<string, { score: number | null }>;
  audits: Record<string, { numericValue?: number; details?: { items?: unknown[] } }>;
  runtimeError?: { code: string; message: string };
}

interface OneRun {
  performance: number;
  accessibility: number;
  bestPractices: number;
  fcp: number;
  lcp: number;
  tbt: number;
  cls: number;
  transfer: number;
  script: number;
  scriptTransfer: number;
  requests: number;
}

async function runOnce(url: string, port: number, preset: Preset, cookie: string): Promise<OneRun> {
  const flags = {
    port,
    output: 'json' as const,
    logLevel: 'error' as const,
    onlyCategories: ['performance', 'accessibility', 'best-practices'],
    extraHeaders: { Cookie: cookie },
  };
  const result = await lighthouse(url, flags, preset === 'desktop' ? desktopConfig : undefined);
  if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
  const lhr = result.lhr as unknown as Lhr;
  if (process.env.BENCH_LH_SAVE) {
    mkdirSync(process.env.BENCH_LH_SAVE, { recursive: true });
    writeFileSync(path.join(process.env.BENCH_LH_SAVE, `${new URL(url).pathname.split('/').slice(3).join('-') || 'overview'}-${preset}-${Date.now()}.json`), JSON.stringify(result.lhr));
  }
  if (lhr.runtimeError) throw new Error(`Lighthouse: ${lhr.runtimeError.code}: ${lhr.runtimeError.message}`);
  const score = (c: string) => Math.round((lhr.categories[c]?.score ?? 0) * 100);
  const num = (a: string) => lhr.audits[a]?.numericValue ?? Number.NaN;
  const reqs = (lhr.audits['network-requests']?.details?.items ?? []) as NetworkRequest[];
  const scripts = reqs.filter((r) => r.resourceType === 'Script');
  return {
    performance: score('performance'),
    accessibility: score('accessibility'),
    bestPractices: score('best-practices'),
    fcp: num('first-contentful-paint'),
    lcp: num('largest-contentful-paint'),
    tbt: num('total-blocking-time'),
    cls: num('cumulative-layout-shift'),
    transfer: num('total-byte-weight'),
    script: scripts.reduce((s, r) => s + (r.resourceSize ?? 0), 0),
    scriptTransfer: scripts.reduce((s, r) => s + (r.transferSize ?? 0), 0),
    requests: reqs.length,
  };
}

/** Seeds, serves and measures; returns one result per engagement, page and preset. */
export async function benchLighthouse(): Promise<LighthouseResult[]> {
  if (!existsSync(CHROME)) {
    console.log(`  (lighthouse bench not run: no Chromium at ${CHROME}; set CHROME_PATH)`);
    return [];
  }
  // @ts-expect-error: a plain .mjs script without types
  const { ensureWebBuilt } = (await import('../scripts/web-build.mjs')) as { ensureWebBuilt: (o?: { quiet?: boolean }) => Promise<boolean> };
  await ensureWebBuilt({ quiet: true });
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'candor-bench-lh-'));
  const profile = mkdtempSync(path.join(os.tmpdir(), 'candor-bench-lh-chromium-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const config = loadConfig({ CANDOR_DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', CANDOR_PUBLIC_URL: base, LOG_LEVEL: 'silent', CANDOR_SESSION_SECRET: 'b'.repeat(40) });
  const { deps, database } = await createDeps(config);
  const results: LighthouseResult[] = [];
  try {
    const seed = await seedDemo(deps, PASSWORD);
    const orgs = await deps.db.selectFrom('engagements').select(['provider_org_id', 'client_org_id']).where('id', '=', seed.engagementId).executeTakeFirstOrThrow();
    const t0 = performance.now();
    const large = engagements.includes('large')
      ? await seedLargeEngagement(deps, { lead: seed.users.lead, sponsor: seed.users.sponsor, providerOrg: orgs.provider_org_id, clientOrg: orgs.client_org_id })
      : null;
    if (large) console.log(`  lighthouse: seeded the large engagement into SQLite in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const app = await buildApp(deps, { signInPerMinute: 10_000 });
    await app.listen({ port, host: '127.0.0.1' });
    const chrome = await chromeLauncher.launch({
      chromePath: CHROME,
      userDataDir: profile,
      chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      logLevel: 'silent',
    });
    try {
      const signIn = await fetch(`${base}/api/v1/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'sponsor@demo.candor.dev', password: PASSWORD }),
      });
      if (!signIn.ok) throw new Error(`sign-in failed: ${signIn.status}`);
      const cookie = signIn.headers.getSetCookie()[0]!.split(';')[0]!;
      const targets = [
        ['demo', seed.engagementId],
        ['large', large],
      ] as const;
      for (const [label, id] of targets) {
        if (!id || !engagements.includes(label)) continue;
        for (const page of pages) {
          const url = `${base}/engagements/${id}${PAGES[page]}`;
          for (const preset of presets) {
            const runs: OneRun[] = [];
            for (let i = 0; i < RUNS; i++) {
              // Lighthouse now and then fails to record a trace (NO_NAVSTART, NO_FCP on a loaded machine): try again, twice
              for (let attempt = 1; ; attempt++) {
                try {
                  runs.push(await runOnce(url, chrome.port, preset, cookie));
                  break;
                } catch (err) {
                  console.log(`  lighthouse: ${label} ${page} ${preset}: attempt ${attempt} failed: ${err instanceof Error ? err.message : err}`);
                  if (attempt === 3) break;
                }
              }
            }
            if (runs.length === 0) continue;
            const m = (k: keyof OneRun) => median(runs.map((r) => r[k]));
            const r: LighthouseResult = {
              engagement: label,
              page,
              preset,
              runs: runs.length,
              performance: m('performance'),
              accessibility: m('accessibility'),
              bestPractices: m('bestPractices'),
              fcpMs: Math.round(m('fcp')),
              lcpMs: Math.round(m('lcp')),
              tbtMs: Math.round(m('tbt')),
              cls: Math.round(m('cls') * 1000) / 1000,
              transferKiB: Math.round(m('transfer') / 1024),
              scriptKiB: Math.round(m('script') / 1024),
              scriptTransferKiB: Math.round(m('scriptTransfer') / 1024),
              requests: m('requests'),
              performanceRuns: runs.map((x) => x.performance),
            };
            results.push(r);
            console.log(
              `  lighthouse: ${label} ${page} ${preset}: performance ${r.performance} (runs ${r.performanceRuns.join(', ')}), a11y ${r.accessibility}, best practices ${r.bestPractices}, FCP ${r.fcpMs} ms, LCP ${r.lcpMs} ms, TBT ${r.tbtMs} ms, CLS ${r.cls}, ${r.transferKiB} KiB transferred, JS ${r.scriptKiB} KiB (${r.scriptTransferKiB} KiB on the wire)`,
            );
          }
        }
      }
    } finally {
      chrome.kill();
      await app.close();
    }
  } finally {
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(profile, { recursive: true, force: true });
  }
  return results;
}

export interface Row {
  name: string;
  value: number;
  unit: string;
  baseline: number;
  ratio: number;
}

/** Rows for bench/run.ts: each performance score against its aim, LCP and bytes against the issue's figures where it has them. */
export function lighthouseRows(results: LighthouseResult[]): Row[] {
  const ratio = (v: number, b: number) => Math.round((v / b) * 1000) / 1000;
  return results.flatMap((r) => {
    const name = `lighthouse.${r.engagement}.${r.page}.${r.preset}`;
    const before = r.engagement === 'demo' && r.preset === 'desktop' ? ISSUE_BASELINE[r.page] : undefined;
    const rows: Row[] = [{ name: `${name}.performance-vs-aim`, value: r.performance, unit: 'score', baseline: AIM[r.preset], ratio: ratio(r.performance, AIM[r.preset]) }];
    if (before) {
      rows.push({ name: `${name}.lcp-vs-issue`, value: r.lcpMs, unit: 'ms', baseline: before.lcp, ratio: ratio(r.lcpMs, before.lcp) });
      rows.push({ name: `${name}.transfer-vs-issue`, value: r.transferKiB, unit: 'KiB', baseline: before.kib, ratio: ratio(r.transferKiB, before.kib) });
    }
    return rows;
  });
}

export const LIGHTHOUSE_NOTE = `Lighthouse (\`lighthouse.*\`, bench/lighthouse.ts): Lighthouse 12 in Debian's Chromium (headless, chrome-launcher) on the overview, progress, forecast and items pages as the client sponsor (session cookie sent with every request), on the demo engagement and the large delivery engagement (SQLite, served with the built UI on 127.0.0.1); desktop preset and the default mobile preset (simulated throttling); median of ${RUNS} runs; \`performance-vs-aim\` divides the score by the issue's aim (95 desktop, 85 mobile); \`*-vs-issue\` rows compare with the issue's table (desktop, demo engagement, before the work). Details in bench/results/lighthouse.md.`;

export function lighthouseMarkdown(results: LighthouseResult[]): string {
  const kib = (b: number) => (b / 1024).toFixed(0);
  let bundles: string[] = [];
  try {
    bundles = [
      "## The first route's JavaScript (from the build manifest, bench/bundle.ts)",
      '',
      'Entry chunk and its static imports plus the lazily loaded layout and page with theirs: what a page needs before it can draw (uncompressed, and as the brotli copies the server sends).',
      '',
      '| route | JS (KiB) | JS as brotli (KiB) | CSS (KiB) | chunks |',
      '|---|---:|---:|---:|---:|',
      ...routeBundles().map((b) => `| ${b.route} | ${kib(b.jsBytes)} | ${kib(b.jsBrotliBytes)} | ${kib(b.cssBytes)} | ${b.files.length} |`),
      '',
    ];
  } catch (err) {
    bundles = [`(no build manifest: ${err instanceof Error ? err.message : err})`, ''];
  }
  const cell = (r: LighthouseResult) =>
    `| ${r.engagement} | ${r.page} | ${r.preset} | ${r.performance} (${r.performanceRuns.join(', ')}) | ${r.accessibility} | ${r.bestPractices} | ${(r.fcpMs / 1000).toFixed(2)} s | ${(r.lcpMs / 1000).toFixed(2)} s | ${r.tbtMs} ms | ${r.cls} | ${r.transferKiB} KiB | ${r.scriptKiB} KiB / ${r.scriptTransferKiB} KiB | ${r.requests} |`;
  return [
    '# Candor benchmark — Lighthouse',
    '',
    `Run ${new Date().toISOString()} on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}; load average at the end ${os.loadavg().map((x) => x.toFixed(1)).join(' / ')} (1/5/15 min; other work on the machine inflates TBT and LCP).`,
    '',
    LIGHTHOUSE_NOTE,
    '',
    `Aim: performance ≥ ${AIM.desktop} (desktop) and ≥ ${AIM.mobile} (mobile) on every page; accessibility and best practices 100.`,
    '',
    '## Baseline: the issue (2026-12-01, before this work; desktop, demo engagement)',
    '',
    '| page | performance | FCP | LCP | TBT | bytes |',
    '|---|---:|---:|---:|---:|---:|',
    ...Object.entries(ISSUE_BASELINE).map(([p, b]) => `| ${p} | ${b.performance} | ${(b.fcp / 1000).toFixed(1)} s | ${(b.lcp / 1000).toFixed(1)} s | ${b.tbt} ms | ${b.kib.toLocaleString('en')} KiB |`),
    '',
    '## This run (medians; the performance score of each run in brackets)',
    '',
    '| engagement | page | preset | performance | accessibility | best practices | FCP | LCP | TBT | CLS | transferred | JS (uncompressed / on the wire) | requests |',
    '|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...results.map(cell),
    '',
    ...bundles,
  ].join('\n');
}

/** Writes bench/results/lighthouse.{json,md}. */
export function writeLighthouseResults(results: LighthouseResult[], { quiet = false } = {}): void {
  if (results.length === 0) return;
  const dir = path.join(here, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'lighthouse.json'), `${JSON.stringify(results, null, 2)}\n`);
  const md = lighthouseMarkdown(results);
  writeFileSync(path.join(dir, 'lighthouse.md'), md);
  if (!quiet) console.log(md);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  writeLighthouseResults(await benchLighthouse());
}
