/**
 * The app's HTML page (index.html), served for every path of the app (ADR 0035).
 *
 * The page carries two small inline scripts (the light/dark choice before the
 * first paint, and the first page's API reads while the app loads) and a static
 * skeleton of the app's frame, so a phone draws something at once instead of
 * waiting for the app's JavaScript. Inline scripts run only when the
 * Content-Security-Policy names them: this module hashes each inline script of
 * the page it serves and adds the hashes to `script-src` of that answer only
 * (API answers keep the plain `script-src 'self'`).
 *
 * For a path of a known page it also names that route's chunks in the page's head
 * (`linksFor`, http/route-preload.ts), so they load alongside the entry (ADR 0036).
 *
 * Each variant of the page (one per set of route links) is hashed and compressed
 * once, and again only when the file changes (a rebuilt UI is served without a
 * restart): an answer is a lookup.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import zlib from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';

interface Page {
  /** mtime and size of the file it was read from */
  stamp: string;
  etag: string;
  csp: string;
  plain: Buffer;
  br: Buffer;
  gzip: Buffer;
}

/** The SHA-256 sources (`'sha256-…'`) of every inline script in `html` (scripts with a `src` are not inline). */
export function inlineScriptHashes(html: string): string[] {
  const hashes: string[] = [];
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    if (/\bsrc\s*=/i.test(m[1] ?? '')) continue;
    const body = m[2] ?? '';
    if (body.trim() === '') continue;
    hashes.push(`'sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}'`);
  }
  return hashes;
}

/** `csp` with `hashes` added to its script-src directive (one is added when it has none). */
export function cspWithScriptHashes(csp: string, hashes: string[]): string {
  if (hashes.length === 0) return csp;
  const directives = csp.split(';').map((d) => d.trim()).filter(Boolean);
  const i = directives.findIndex((d) => d.split(/\s+/)[0]?.toLowerCase() === 'script-src');
  if (i < 0) directives.push(`script-src 'self' ${hashes.join(' ')}`);
  else directives[i] = `${directives[i]} ${hashes.join(' ')}`;
  return directives.join(';');
}

/** Picks the encoding to send from Accept-Encoding: brotli, then gzip, else none (q=0 refuses one). */
function pickEncoding(accept: string | undefined): 'br' | 'gzip' | null {
  if (!accept) return null;
  const offered = new Map<string, number>();
  for (const part of accept.toLowerCase().split(',')) {
    const [name = '', ...params] = part.trim().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    offered.set(name.trim(), q ? Number(q.slice(2)) : 1);
  }
  const ok = (e: string) => (offered.get(e) ?? offered.get('*') ?? 0) > 0;
  if (ok('br')) return 'br';
  if (ok('gzip')) return 'gzip';
  return null;
}

export interface AppShell {
  /** Answers with the app's page (200, or 304 when the browser's copy is current). */
  send(req: FastifyRequest, reply: FastifyReply): FastifyReply;
}

/** `html` with `tags` added at the end of its head (nothing when there are none). */
export function withHeadTags(html: string, tags: string): string {
  if (!tags) return html;
  const at = html.search(/<\/head>/i);
  return at < 0 ? html : `${html.slice(0, at)}  ${tags}\n  ${html.slice(at)}`;
}

/**
 * Serves `file` (the built index.html) with `baseCsp` plus the hashes of its inline scripts; `linksFor` gives
 * the `<link>` tags a path's route needs ('' for none), from the build of the same moment.
 */
export function createAppShell(file: string, baseCsp: string, linksFor: (pathname: string) => string = () => ''): AppShell {
  let stamp = '';
  let html = '';
  let csp = '';
  const pages = new Map<string, Page>();

  const load = (pathname: string): Page => {
    const st = statSync(file);
    const now = `${st.mtimeMs}:${st.size}`;
    if (now !== stamp) {
      html = readFileSync(file, 'utf8');
      csp = cspWithScriptHashes(baseCsp, inlineScriptHashes(html));
      pages.clear();
      stamp = now;
    }
    const tags = linksFor(pathname);
    const known = pages.get(tags);
    if (known) return known;
    const plain = Buffer.from(withHeadTags(html, tags), 'utf8');
    const page: Page = {
      stamp,
      etag: `"${createHash('sha256').update(plain).digest('base64url').slice(0, 27)}"`,
      csp,
      plain,
      br: zlib.brotliCompressSync(plain, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }),
      gzip: zlib.gzipSync(plain, { level: 9 }),
    };
    pages.set(tags, page);
    return page;
  };

  return {
    send(req, reply) {
      const p = load(req.url.split('?')[0] ?? '/');
      reply
        .header('content-type', 'text/html; charset=utf-8')
        .header('cache-control', 'no-cache')
        .header('vary', 'Accept-Encoding')
        .header('etag', p.etag)
        .header('content-security-policy', p.csp);
      const match = req.headers['if-none-match'];
      if (match?.split(',').some((t) => t.trim().replace(/^W\//, '') === p.etag)) return reply.status(304).send();
      const encoding = pickEncoding(req.headers['accept-encoding']);
      if (encoding) reply.header('content-encoding', encoding);
      return reply.send(encoding === 'br' ? p.br : encoding === 'gzip' ? p.gzip : p.plain);
    },
  };
}
