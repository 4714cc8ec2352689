import { existsSync, readdirSync, statSync } from 'node:fs';
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

/** Builds the web UI when dist/web is missing or older than its sources, and finds Chromium. */
export default async function setup(project: TestProject) {
  const index = path.join(root, 'dist/web/index.html');
  const sources = Math.max(
    newest(path.join(root, 'src/web')),
    newest(path.join(root, 'src/domain/authz')),
    statSync(path.join(root, 'vite.config.ts')).mtimeMs,
  );
  if (!existsSync(index) || statSync(index).mtimeMs < sources) {
    console.log('[e2e] building the web UI (dist/web is missing or stale)…');
    const { build } = await import('vite');
    await build({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' });
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
