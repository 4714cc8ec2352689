/**
 * What JavaScript and CSS a route needs before it can draw, read from the Vite
 * build manifest (dist/web/.vite/manifest.json): the entry's static imports
 * plus, for each lazily loaded module the route renders (layout, page), that
 * module's chunk and its static imports. Sizes are the files on disk
 * (uncompressed) and their precompressed .br copies when present.
 *
 * Run alone: `npx tsx bench/bundle.ts [dist/web]` prints the table for the main routes.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  name?: string;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}
type Manifest = Record<string, ManifestChunk>;

export interface RouteBundle {
  route: string;
  files: string[];
  jsBytes: number;
  jsBrotliBytes: number;
  cssBytes: number;
}

const here = path.dirname(fileURLToPath(import.meta.url));
export const DEFAULT_DIST = path.resolve(here, '../dist/web');

/** The lazily loaded modules (paths under src/web) each measured route renders, besides the entry. */
export const ROUTE_MODULES: Record<string, string[]> = {
  engagements: ['engagements/EngagementsPage.tsx'],
  overview: ['engagements/EngagementLayout.tsx', 'engagements/OverviewPage.tsx'],
  progress: ['engagements/EngagementLayout.tsx', 'delivery/ProgressPage.tsx'],
  forecast: ['engagements/EngagementLayout.tsx', 'forecast/ForecastPage.tsx'],
  items: ['engagements/EngagementLayout.tsx', 'delivery/ItemsPage.tsx'],
};

export function readManifest(dist = DEFAULT_DIST): Manifest {
  return JSON.parse(readFileSync(path.join(dist, '.vite/manifest.json'), 'utf8')) as Manifest;
}

/** Every chunk key reachable from `keys` through static imports. */
function closure(manifest: Manifest, keys: string[]): Set<string> {
  const seen = new Set<string>();
  const visit = (k: string) => {
    if (seen.has(k) || !manifest[k]) return;
    seen.add(k);
    for (const i of manifest[k].imports ?? []) visit(i);
  };
  for (const k of keys) visit(k);
  return seen;
}

/**
 * The manifest key of a lazily loaded module. Usually the module's path; when Rollup also puts modules that
 * another lazy chunk imports into a page's chunk, Vite keys that chunk by its file ("_OverviewPage-….js") and
 * leaves out `src`, so it is found by its name among the dynamic entries.
 */
export function chunkKeyOf(manifest: Manifest, module: string): string {
  if (manifest[module]) return module;
  const name = path.basename(module).replace(/\.[jt]sx?$/, '');
  const byName = Object.entries(manifest).filter(([k, c]) => k.startsWith('_') && c.isDynamicEntry && c.name === name && !c.src);
  if (byName.length === 1) return byName[0]![0];
  throw new Error(`${module} is not a chunk of the build`);
}

export function routeBundle(route: string, modules: string[], dist = DEFAULT_DIST, manifest = readManifest(dist)): RouteBundle {
  const entry = Object.entries(manifest).find(([, c]) => c.isEntry)?.[0];
  if (!entry) throw new Error('the manifest has no entry');
  const keys = closure(manifest, [entry, ...modules.map((m) => chunkKeyOf(manifest, m))]);
  const files = [...keys].map((k) => manifest[k]!.file);
  const css = new Set([...keys].flatMap((k) => manifest[k]!.css ?? []));
  const size = (f: string) => (existsSync(path.join(dist, f)) ? statSync(path.join(dist, f)).size : 0);
  return {
    route,
    files,
    jsBytes: files.reduce((s, f) => s + size(f), 0),
    jsBrotliBytes: files.reduce((s, f) => s + (size(`${f}.br`) || size(f)), 0),
    cssBytes: [...css].reduce((s, f) => s + size(f), 0),
  };
}

export function routeBundles(dist = DEFAULT_DIST): RouteBundle[] {
  const manifest = readManifest(dist);
  return Object.entries(ROUTE_MODULES).map(([route, modules]) => routeBundle(route, modules, dist, manifest));
}

const kib = (b: number) => (b / 1024).toFixed(1);

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dist = path.resolve(process.argv[2] ?? DEFAULT_DIST);
  console.log('| route | initial JS (KiB) | as brotli (KiB) | CSS (KiB) | chunks |');
  console.log('|---|---:|---:|---:|---|');
  for (const b of routeBundles(dist)) {
    console.log(`| ${b.route} | ${kib(b.jsBytes)} | ${kib(b.jsBrotliBytes)} | ${kib(b.cssBytes)} | ${b.files.map((f) => path.basename(f)).join(' ')} |`);
  }
}
