import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CHROMIUM = process.env.CANDOR_CHROMIUM ?? '/usr/bin/chromium';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Path of the Chromium binary, or null when it is missing (browser tests then skip). */
    chromium: string | null;
  }
}

/** Newest modification time of any file under `dir` (recursively). */
function newest(dir: string): number {
  let max = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    max = Math.max(max, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return max;
}

/**
 * Runs `fn` holding a lock directory beside dist/, so two test runs in one checkout (or a run and a
 * `flock`-less build) never write dist/web at once. A lock left by a killed run is taken over after 10 minutes.
 */
async function withBuildLock(fn: () => Promise<void>): Promise<void> {
  const lock = path.join(root, 'dist/.web-build.lock');
  mkdirSync(path.dirname(lock), { recursive: true });
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      const since = statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now();
      if (Date.now() - since > 600_000) rmSync(lock, { recursive: true, force: true });
      else await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    await fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** Builds the web UI when dist/web is missing or older than its sources, and finds Chromium. */
export default async function setup(project: TestProject) {
  const index = path.join(root, 'dist/web/index.html');
  const sources = Math.max(
    newest(path.join(root, 'src/web')),
    newest(path.join(root, 'src/domain/authz')),
    statSync(path.join(root, 'vite.config.ts')).mtimeMs,
  );
  if (!existsSync(index) || statSync(index).mtimeMs < sources) {
    await withBuildLock(async () => {
      // another run may have built it while this one waited for the lock
      if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
      console.log('[e2e] building the web UI (dist/web is missing or stale)…');
      const { build } = await import('vite');
      // Vitest sets NODE_ENV=test, and Vite keeps a NODE_ENV it finds: the bundle would carry React's development
      // build (larger, slower), unlike what `npm start` serves. Build what users get.
      const nodeEnv = process.env.NODE_ENV;
      process.env.NODE_ENV = 'production';
      try {
        await build({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn', mode: 'production' });
      } finally {
        process.env.NODE_ENV = nodeEnv;
      }
    });
  }

  if (existsSync(CHROMIUM)) {
    project.provide('chromium', CHROMIUM);
    return;
  }
  if (process.env.CI) {
    throw new Error(`[e2e] Chromium not found at ${CHROMIUM}; CI must provide it (apt-get install -y chromium, or set CANDOR_CHROMIUM).`);
  }
  console.warn(
    `\n${'!'.repeat(78)}\n!! [e2e] Chromium not found at ${CHROMIUM}: ALL BROWSER TESTS ARE SKIPPED.\n!! Install it (apt-get install -y chromium) or set CANDOR_CHROMIUM to its path.\n${'!'.repeat(78)}\n`,
  );
  project.provide('chromium', null);
}
