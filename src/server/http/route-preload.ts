/**
 * The chunks a route needs beyond the app's entry, read from the Vite build manifest
 * (dist/web/.vite/manifest.json), as `<link>` tags for the page the server sends (ADR 0036).
 *
 * Vite's own preloading names a lazy chunk's imports only once the entry has run, by appending
 * a `<link>` per file from JavaScript: on a slow phone the route's chunks start late, and the
 * appends alone were a third of the entry's first task. Named in the HTML, the browser's preload
 * scanner fetches them alongside the entry, and Vite's helper finds them there and appends nothing.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  name?: string;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}
export type Manifest = Record<string, ManifestChunk>;

export function readManifest(dist: string): Manifest {
  return JSON.parse(readFileSync(path.join(dist, '.vite/manifest.json'), 'utf8')) as Manifest;
}

/** Every chunk key reachable from `keys` through static imports. */
export function closure(manifest: Manifest, keys: string[]): Set<string> {
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
 * leaves out `src`, so it is found by its name among the dynamic entries. Undefined when the build has no such chunk.
 */
export function findChunkKey(manifest: Manifest, module: string): string | undefined {
  if (manifest[module]) return module;
  const name = path.basename(module).replace(/\.[jt]sx?$/, '');
  const byName = Object.entries(manifest).filter(([k, c]) => k.startsWith('_') && c.isDynamicEntry && c.name === name && !c.src);
  return byName.length === 1 ? byName[0]![0] : undefined;
}

export function entryKey(manifest: Manifest): string {
  const entry = Object.entries(manifest).find(([, c]) => c.isEntry)?.[0];
  if (!entry) throw new Error('the manifest has no entry');
  return entry;
}

/** The JavaScript and CSS files (under the build's root) that `modules` need and the entry does not already load. */
export function routeFiles(manifest: Manifest, modules: string[]): { js: string[]; css: string[] } {
  const base = closure(manifest, [entryKey(manifest)]);
  const keys = [...closure(manifest, modules.map((m) => findChunkKey(manifest, m)).filter((k): k is string => !!k))].filter((k) => !base.has(k));
  const baseCss = new Set([...base].flatMap((k) => manifest[k]!.css ?? []));
  return {
    js: keys.map((k) => manifest[k]!.file),
    css: [...new Set(keys.flatMap((k) => manifest[k]!.css ?? []))].filter((f) => !baseCss.has(f)),
  };
}

const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/**
 * `<link>` tags for `files`, as Vite writes its own (crossorigin, root-relative), at low priority: the page's
 * render-blocking stylesheet and the entry come first, the route's chunks use the bandwidth they leave. Its
 * stylesheets are left to Vite's helper (a stylesheet in the head would block the first paint of the skeleton).
 */
export function preloadTags(files: { js: string[]; css: string[] }): string {
  return files.js.map((f) => `<link rel="modulepreload" crossorigin fetchpriority="low" href="/${escapeAttr(f)}">`).join('\n    ');
}

/**
 * `pathname` → the `<link>` tags of its route's chunks, from the manifest under `dist` (reread when it
 * changes, so a rebuilt UI names its own files). '' for a path of no known page, or when there is no manifest.
 */
export function createRouteLinks(dist: string, modulesOf: (pathname: string) => string[]): (pathname: string) => string {
  const file = path.join(dist, '.vite/manifest.json');
  let stamp = '';
  let manifest: Manifest | null = null;
  const tags = new Map<string, string>();
  return (pathname) => {
    let now = '';
    try {
      const st = statSync(file);
      now = `${st.mtimeMs}:${st.size}`;
    } catch {
      return '';
    }
    if (now !== stamp) {
      try {
        manifest = readManifest(dist);
      } catch {
        manifest = null;
      }
      tags.clear();
      stamp = now;
    }
    const modules = modulesOf(pathname);
    if (!manifest || modules.length === 0) return '';
    const key = modules.join('\n');
    let t = tags.get(key);
    if (t === undefined) {
      try {
        t = preloadTags(routeFiles(manifest, modules));
      } catch {
        // a manifest without an entry is not one this build wrote: the page goes out without route links
        t = '';
      }
      tags.set(key, t);
    }
    return t;
  };
}
