import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const webSrc = path.join(root, 'src/web');
const contracts = path.join(root, 'src/contracts');
const index = path.join(root, 'dist/web/index.html');

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** True when dist/web is missing or older than the web sources. */
export function webIsStale() {
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  return [webSrc, contracts, path.join(root, 'vite.config.ts')].some((p) => existsSync(p) && (statSync(p).isDirectory() ? newest(p) : statSync(p).mtimeMs) > built);
}

/** Builds the web UI with Vite when it is stale; prints what it does. */
export async function ensureWebBuilt({ quiet = false } = {}) {
  if (!existsSync(webSrc)) return false;
  if (!webIsStale()) return false;
  const started = Date.now();
  if (!quiet) console.log('Building the web UI (first start or sources changed)…');
  const { build } = await import('vite');
  await build({ configFile: path.join(root, 'vite.config.ts'), logLevel: quiet ? 'error' : 'warn' });
  if (!quiet) console.log(`Web UI built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await ensureWebBuilt();
}
