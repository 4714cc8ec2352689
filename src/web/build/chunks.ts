/**
 * How the web UI's code is split into chunks (vite.config.ts; ADR 0014).
 *
 * Only what every page needs is grouped by name (`manualChunks`): React with
 * the router, TanStack Query, and the icons (tiny, and used everywhere). Everything else, Mantine included, is left
 * to Rollup, which puts each module in a chunk shared by exactly the pages that
 * import it: the shell gets the Mantine components the shell uses, and charts
 * (@mantine/charts, recharts, d3), Markdown (react-markdown and its
 * unified/micromark family) and date pickers (@mantine/dates) load only with
 * the pages that use them. Grouping Mantine or charts by name would pull their
 * shared dependencies (clsx, dayjs, @mantine/core itself) into one chunk that
 * every page then loads. A new package (e.g. @mantine/spotlight) or page needs
 * no entry here.
 *
 * `chunkName` only names the chunks Rollup made, after the library that
 * dominates them, so the build output and the bench read well.
 */

/** The package a module id belongs to (`@scope/name` or `name`), or null for the app's own code. */
export function packageOf(id: string): string | null {
  const at = id.lastIndexOf('/node_modules/');
  if (at < 0) return null;
  const parts = id.slice(at + '/node_modules/'.length).split('/');
  const first = parts[0] ?? '';
  return first.startsWith('@') ? `${first}/${parts[1] ?? ''}` : first;
}

/** Needed by every page, changes rarely: React, React DOM and the router. */
const REACT = /^(react|react-dom|scheduler|react-router|cookie|set-cookie-parser)$/;

/** The named chunk a module must go to, or undefined to let Rollup place it with its importers. */
export function chunkOf(id: string): string | undefined {
  const pkg = packageOf(id);
  if (!pkg) return undefined;
  if (REACT.test(pkg)) return 'react';
  if (pkg.startsWith('@tanstack/')) return 'query';
  // each icon is a few hundred bytes: one chunk for all of them, not dozens of requests
  if (pkg === '@tabler/icons-react') return 'icons';
  return undefined;
}

const NAMED: [RegExp, string][] = [
  [/^(recharts|@mantine\/charts|victory-vendor|d3-.+)$/, 'charts'],
  [/^(react-markdown|micromark.*|mdast-.+|remark-.+|hast-util-.+)$/, 'markdown'],
  [/^@mantine\/dates$/, 'dates'],
];

/** A readable name for a chunk Rollup made: the family of most of its modules when it is charts, Markdown or dates. */
export function chunkName(moduleIds: readonly string[], fallback: string): string {
  const counts = new Map<string, number>();
  for (const id of moduleIds) {
    const pkg = packageOf(id);
    const name = pkg ? NAMED.find(([re]) => re.test(pkg))?.[1] : undefined;
    if (name) counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  const [best] = [...counts].sort((a, b) => b[1] - a[1]);
  return best && best[1] * 2 >= moduleIds.length ? best[0] : fallback;
}
