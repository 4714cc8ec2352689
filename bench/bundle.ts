/**
 * What JavaScript and CSS a route needs before it can draw, read from the Vite
 * build manifest (dist/web/.vite/manifest.json): the entry's static imports
 * plus, for each lazily loaded module the route renders (layout, page), that
 * module's chunk and its static imports. Sizes are the files on disk
 * (uncompressed) and their precompressed .br copies when present.
 *
 * Run alone: `npx tsx bench/bundle.ts [dist/web]` prints the table for the main routes.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { routeModules } from '../src/web/app/route-modules';
import { closure, entryKey, findChunkKey, type Manifest, readManifest as readBuildManifest } from '../src/server/http/route-preload';

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
const SAMPLE_ID = '00000000-0000-0000-0000-000000000000';
export const ROUTE_MODULES: Record<string, string[]> = {
  engagements: routeModules('/engagements'),
  overview: routeModules(`/engagements/${SAMPLE_ID}`),
  progress: routeModules(`/engagements/${SAMPLE_ID}/progress`),
  forecast: routeModules(`/engagements/${SAMPLE_ID}/forecast`),
  items: routeModules(`/engagements/${SAMPLE_ID}/items`),
};

export function readManifest(dist = DEFAULT_DIST): Manifest {
  return readBuildManifest(dist);
}

/** The manifest key of a lazily loaded module (http/route-preload.ts `findChunkKey`); throws when the build has none. */
export function chunkKeyOf(manifest: Manifest, module: string): string {
  const key = findChunkKey(manifest, module);
  if (!key) throw new Error(`${module} is not a chunk of the build`);
  return key;
}

export function routeBundle(route: string, modules: string[], dist = DEFAULT_DIST, manifest = readManifest(dist)): RouteBundle {
  const keys = closure(manifest, [entryKey(manifest), ...modules.map((m) => chunkKeyOf(manifest, m))]);
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
