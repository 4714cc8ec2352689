import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { buildApp } from '../src/server/app';
import { type Clock, RunningClock } from '../src/server/clock';
import { loadConfig } from '../src/server/config';
import { type SeedResult, seedDemoIfEmpty } from '../src/server/db/seed/demo';
import { createDeps } from '../src/server/deps';
import type { Deps } from '../src/server/http/context';

export const DEMO_PASSWORD = 'demo-password-1';

/**
 * The day every browser test happens on, whatever today's date is: the
 * server's clock and the browser's both start here. `CANDOR_E2E_NOW` moves it
 * (e.g. a month ahead, to check that no test depends on the day it runs).
 * A Wednesday mid-morning, so a week has days behind and ahead of "today".
 */
export const E2E_NOW = new Date(process.env.CANDOR_E2E_NOW ?? '2026-11-18T09:30:00.000Z');
if (Number.isNaN(E2E_NOW.getTime())) throw new Error(`CANDOR_E2E_NOW is not a date: ${process.env.CANDOR_E2E_NOW}`);

export type DemoKey = 'admin' | 'lead' | 'member' | 'sponsor' | 'stakeholder';
export const demoEmail = (key: DemoKey) => `${key}@demo.candor.dev`;

/** A free TCP port on 127.0.0.1 (so the public URL, and invitation links, are right from the start). */
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

export interface Candor {
  url: string;
  seed: SeedResult;
  /** The server's dependencies: a test with a ManualClock runs due jobs with them (nothing runs jobs in the harness otherwise). */
  deps: Deps;
  /** The server's clock: E2E_NOW running at real speed unless the test passed its own. */
  clock: Clock;
  close(): Promise<void>;
}

/**
 * The real server, in-process, on a fresh SQLite data folder seeded with the
 * demo engagement, on a controlled clock: E2E_NOW running at real speed, or
 * the test's own (a ManualClock it moves). Never on today's date.
 */
export async function startCandor(opts: { clock?: Clock } = {}): Promise<Candor> {
  const clock = opts.clock ?? new RunningClock(E2E_NOW);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'candor-e2e-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const config = loadConfig({
    CANDOR_DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    CANDOR_PUBLIC_URL: url,
    CANDOR_DEMO_PASSWORD: DEMO_PASSWORD,
    LOG_LEVEL: 'warn',
  });
  const { deps, database } = await createDeps(config, { clock });
  const seed = await seedDemoIfEmpty(deps, DEMO_PASSWORD);
  if (!seed) throw new Error('the fresh data folder was not empty');
  // Generous sign-in limit: the tests sign in many times from one address.
  const app = await buildApp(deps, { signInPerMinute: 1000 });
  await app.listen({ port, host: '127.0.0.1' });
  return {
    url,
    seed,
    deps,
    clock,
    async close() {
      await app.close();
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** Console lines the page printed (errors, warnings, info). */
  console: { type: string; text: string }[];
  close(): Promise<void>;
}

/**
 * A fresh Chromium profile (its own cookies and storage) whose clock starts
 * at `now` (default E2E_NOW, the server's default) and runs at real speed.
 */
export async function openBrowser(
  executablePath: string,
  opts: { bypassCSP?: boolean; viewport?: { width: number; height: number }; colorScheme?: 'light' | 'dark'; now?: Date } = {},
): Promise<Browser> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'candor-chromium-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath,
    headless: true,
    bypassCSP: opts.bypassCSP ?? false,
    viewport: opts.viewport ?? { width: 1280, height: 900 },
    colorScheme: opts.colorScheme ?? 'light',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  context.setDefaultTimeout(30_000); // generous: a loaded CI machine can take seconds to render a page; the test timeout (90 s) bounds it
  await context.clock.install({ time: opts.now ?? E2E_NOW });
  const page = context.pages()[0] ?? (await context.newPage());
  const lines: Browser['console'] = [];
  page.on('console', (m) => lines.push({ type: m.type(), text: m.text() }));
  page.on('pageerror', (e) => lines.push({ type: 'pageerror', text: e.message }));
  return {
    context,
    page,
    console: lines,
    async close() {
      await context.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Moves the browser's clock to the server's (after a test moved its ManualClock). */
export async function syncClock(b: Browser, clock: Clock) {
  await b.context.clock.setSystemTime(clock.now());
}

/** Signs in through the API (the cookie lands in the browser context). */
export async function signInAs(b: Browser, baseUrl: string, key: DemoKey) {
  await b.context.clearCookies();
  const res = await b.page.request.post(`${baseUrl}/api/v1/session`, { data: { email: demoEmail(key), password: DEMO_PASSWORD } });
  if (!res.ok()) throw new Error(`sign-in as ${key} failed: ${res.status()} ${await res.text()}`);
}

/** Waits until the page shows its content: network quiet, no skeletons, a top-level heading. */
export async function settled(page: Page) {
  await page.waitForLoadState('networkidle');
  // Hidden subtrees (inactive tabs are kept in a hidden React <Activity>) may stay "busy"; only visible ones count.
  await page.waitForFunction(() => ![...document.querySelectorAll('[aria-busy="true"]')].some((e) => e.checkVisibility()));
  await page.locator('h1').first().waitFor({ state: 'visible' });
}

/** Matches a form label exactly, with or without Mantine's required-field asterisk. */
export const label = (name: string) => new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\s*\\*)?$`);
