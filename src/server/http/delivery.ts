/**
 * How the web UI and the API's JSON travel (ADR 0014).
 *
 * - The UI's files are served from the build folder with @fastify/static and
 *   its `preCompressed` option: the build writes `x.br` and `x.gz` beside each
 *   file (vite.config.ts), and the copy the browser accepts is sent as is, so no
 *   CPU is spent per request. Every answer says `Vary: Accept-Encoding`.
 * - Content-hashed files under /assets/ are cached for a year as `immutable`;
 *   index.html and the other unhashed files are revalidated on every use
 *   (`no-cache` with an ETag), so a new build is picked up at once.
 * - API answers are compressed by @fastify/compress above a size threshold
 *   (small JSON costs more CPU to compress than it saves on the wire), at the
 *   fastest levels, and are never stored by caches (`no-store`: they are
 *   private to the person asking).
 */
import path from 'node:path';
import zlib from 'node:zlib';
import compress from '@fastify/compress';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { routeModules } from '../../web/app/route-modules';
import { createAppShell } from './app-shell';
import { createRouteLinks } from './route-preload';

/** Hashed build output: named by content, so it never changes under its name. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** index.html and unhashed public files: use only after revalidating (ETag). */
export const REVALIDATE = 'no-cache';
/** API JSON: private to the caller, never stored. */
export const API_CACHE = 'no-store';
/**
 * API answers below this many bytes are sent uncompressed (the bench measures
 * the overview's throughput with and without compression: bench/run.ts).
 */
export const API_COMPRESS_THRESHOLD = 4096;

/** Compression and cache policy of the API; call inside the /api/v1 scope before its routes. */
export async function registerApiDelivery(api: FastifyInstance, threshold = API_COMPRESS_THRESHOLD): Promise<void> {
  await api.register(compress, {
    global: true,
    threshold,
    encodings: ['br', 'gzip'],
    // the fastest levels: ~20 µs for 10 kB of JSON against ~150 µs at brotli 4, for ~20% more bytes
    brotliOptions: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 1 } },
    zlibOptions: { level: 1 },
    // request bodies stay plain JSON: no inflating of uploads (size limits apply to what arrives)
    globalDecompression: false,
  });
  api.addHook('onSend', async (_req, reply, payload) => {
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', API_CACHE);
    return payload;
  });
}

/**
 * Serves the built UI from `root`: assets precompressed and cached by name, index.html for every app
 * path (http/app-shell.ts: with `csp` plus the hashes of its inline scripts, and the links of the path's
 * route chunks, http/route-preload.ts).
 */
export async function registerWeb(app: FastifyInstance, root: string, csp: string): Promise<void> {
  const shell = createAppShell(path.join(root, 'index.html'), csp, createRouteLinks(root, routeModules));
  const assets = path.join(root, 'assets') + path.sep;
  await app.register(fastifyStatic, {
    root,
    // wildcard: files are looked up per request, so a rebuilt UI is served without a restart
    wildcard: true,
    index: false,
    preCompressed: true,
    cacheControl: false,
    setHeaders: (res, file) => {
      res.setHeader('vary', 'Accept-Encoding');
      res.setHeader('cache-control', file.startsWith(assets) ? IMMUTABLE : REVALIDATE);
    },
  });
  app.get('/', { schema: { hide: true } }, (req, reply) => shell.send(req, reply));
  app.get('/index.html', { schema: { hide: true } }, (req, reply) => shell.send(req, reply));
  app.setNotFoundHandler((req, reply) => {
    // a path of the app (not an API call, not a missing asset) gets the app, which routes it
    if (req.method === 'GET' && !req.url.startsWith('/api/') && !req.url.startsWith('/assets/')) {
      return shell.send(req, reply);
    }
    return reply.status(404).send({ error: { code: 'not_found', message: 'Not found', details: [] } });
  });
}
