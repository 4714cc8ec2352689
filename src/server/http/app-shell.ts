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
 * The page is read, hashed and compressed once, and again only when the file
 * changes (a rebuilt UI is served without a restart): an answer is a lookup.
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

/** Serves `file` (the built index.html) with `baseCsp` plus the hashes of its inline scripts. */
export function createAppShell(file: string, baseCsp: string): AppShell {
  let page: Page | null = null;

  const load = (): Page => {
    const st = statSync(file);
    const stamp = `${st.mtimeMs}:${st.size}`;
    if (page?.stamp === stamp) return page;
    const plain = readFileSync(file);
    const html = plain.toString('utf8');
    page = {
      stamp,
      etag: `"${createHash('sha256').update(plain).digest('base64url').slice(0, 27)}"`,
      csp: cspWithScriptHashes(baseCsp, inlineScriptHashes(html)),
      plain,
      br: zlib.brotliCompressSync(plain, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }),
      gzip: zlib.gzipSync(plain, { level: 9 }),
    };
    return page;
  };

  return {
    send(req, reply) {
      const p = load();
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
