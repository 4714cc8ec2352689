// How the web UI and API answers travel (ADR 0014): precompressed assets with
// Vary, hashed assets immutable for a year, index.html and API JSON never
// cached that way, API JSON compressed above the threshold only.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/server/app';
import { ManualClock } from '../src/server/clock';
import { loadConfig } from '../src/server/config';
import { API_COMPRESS_THRESHOLD } from '../src/server/http/delivery';
import { createMailer } from '../src/server/mail/mailer';
import { freshDatabase, pgMissing } from './context';

const ALL = 'gzip, deflate, br';
const JS = `export const greeting = ${JSON.stringify('hello from a hashed chunk '.repeat(200))};\n`;
const INLINE = "\n      document.documentElement.setAttribute('data-mantine-color-scheme', 'light');\n    ";
const HTML = `<!doctype html><html lang="en"><head><title>Candor</title><script>${INLINE}</script><script type="module" src="/assets/index-Dq3x9KfL.js"></script></head><body><div id="root"></div>${'<!-- padding -->'.repeat(100)}</body></html>\n`;
const sha256 = (s: string) => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`;
const scriptSrc = (res: { headers: Record<string, unknown> }) =>
  String(res.headers['content-security-policy'] ?? '')
    .split(';')
    .map((d) => d.trim().split(/\s+/))
    .find((d) => d[0] === 'script-src')
    ?.slice(1);

/** A build folder as Vite writes it: hashed assets with .br/.gz beside them, index.html, an unhashed public file. */
function writeBuild(root: string) {
  mkdirSync(path.join(root, 'assets'), { recursive: true });
  const write = (rel: string, body: string, compressed: boolean) => {
    writeFileSync(path.join(root, rel), body);
    if (!compressed) return;
    writeFileSync(path.join(root, `${rel}.br`), zlib.brotliCompressSync(body));
    writeFileSync(path.join(root, `${rel}.gz`), zlib.gzipSync(body));
  };
  write('index.html', HTML, true);
  write('assets/index-Dq3x9KfL.js', JS, true);
  write('favicon.svg', '<svg xmlns="http://www.w3.org/2000/svg"/>', false);
  // the manifest of such a build: the entry with one static import, the engagement layout, and the overview
  // page keyed by file (as Vite does when the page shares modules with another lazy chunk)
  mkdirSync(path.join(root, '.vite'));
  writeFileSync(path.join(root, '.vite/manifest.json'), JSON.stringify(MANIFEST));
}

const MANIFEST = {
  'main.tsx': { file: 'assets/index-Dq3x9KfL.js', src: 'main.tsx', isEntry: true, imports: ['_react-Aa.js'], css: ['assets/index-Cc.css'], dynamicImports: ['engagements/EngagementLayout.tsx', '_OverviewPage-Ov.js'] },
  '_react-Aa.js': { file: 'assets/react-Aa.js', name: 'react' },
  'engagements/EngagementLayout.tsx': { file: 'assets/EngagementLayout-La.js', src: 'engagements/EngagementLayout.tsx', isDynamicEntry: true, imports: ['main.tsx', '_Crumbs-Cr.js'] },
  '_Crumbs-Cr.js': { file: 'assets/Crumbs-Cr.js', name: 'Crumbs', css: ['assets/Crumbs-Cr.css', 'assets/index-Cc.css'] },
  '_OverviewPage-Ov.js': { file: 'assets/OverviewPage-Ov.js', name: 'OverviewPage', isDynamicEntry: true, imports: ['main.tsx', '_react-Aa.js', '_Crumbs-Cr.js', '_Grid-Gr.js'] },
  '_Grid-Gr.js': { file: 'assets/Grid-Gr.js', name: 'Grid' },
};

describe.skipIf(pgMissing)('web delivery: compression and caching headers', () => {
  let app: FastifyInstance;
  let cleanup: () => Promise<void>;
  let webDir = '';

  beforeAll(async () => {
    const { database, drop } = await freshDatabase();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'candor-web-'));
    webDir = path.join(dir, 'web');
    writeBuild(webDir);
    const log = pino({ level: 'silent' });
    const config = loadConfig({ CANDOR_DATA_DIR: dir, LOG_LEVEL: 'silent', CANDOR_SESSION_SECRET: 'w'.repeat(40) });
    const deps = { db: database.db, dialect: database.dialect, clock: new ManualClock(new Date('2026-11-02T09:00:00.000Z')), config, mailer: createMailer(undefined, '', log), log };
    app = await buildApp(deps, { webRoot: path.join(dir, 'web') });
    cleanup = async () => {
      await app.close();
      await drop();
      rmSync(dir, { recursive: true, force: true });
    };
  });
  afterAll(async () => cleanup?.());

  const get = (url: string, acceptEncoding?: string) => app.inject({ method: 'GET', url, headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} });

  it('sends a hashed asset as its brotli copy when accepted, immutable for a year, with Vary', async () => {
    const res = await get('/assets/index-Dq3x9KfL.js', ALL);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(String(res.headers.vary)).toMatch(/accept-encoding/i);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(String(res.headers['content-type'])).toMatch(/javascript/);
    expect(res.rawPayload.length).toBeLessThan(JS.length / 4);
    expect(zlib.brotliDecompressSync(res.rawPayload).toString()).toBe(JS);
  });

  it('sends the gzip copy to a browser that accepts only gzip, and the plain file to one that accepts neither', async () => {
    const gz = await get('/assets/index-Dq3x9KfL.js', 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gz.rawPayload).toString()).toBe(JS);
    const plain = await get('/assets/index-Dq3x9KfL.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(JS);
    expect(String(plain.headers.vary)).toMatch(/accept-encoding/i);
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('serves index.html (for / and for app paths) compressed but revalidated on every use, never immutable', async () => {
    // (a path whose route has chunks in the manifest also gets their links: next test)
    for (const url of ['/', '/profile']) {
      const res = await get(url, ALL);
      expect(res.statusCode).toBe(200);
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(String(res.headers['content-type'])).toMatch(/text\/html/);
      expect(res.headers['content-encoding']).toBe('br');
      expect(String(res.headers.vary)).toMatch(/accept-encoding/i);
      expect(res.headers.etag).toBeTruthy();
      expect(zlib.brotliDecompressSync(res.rawPayload).toString()).toBe(HTML);
    }
  });

  it("allows exactly the page's inline scripts by hash, on the page only; answers 304 to a current copy; a rebuilt page gets its own hashes without a restart", async () => {
    const page = await get('/engagements', ALL);
    expect(scriptSrc(page)).toEqual(["'self'", sha256(INLINE)]);
    // a script that is not the page's own does not match (the hash is of the exact text)
    expect(scriptSrc(page)).not.toContain(sha256(`${INLINE} `));
    const api = await get('/api/v1/openapi.json', ALL);
    expect(scriptSrc(api)).toEqual(["'self'"]);
    const again = await app.inject({ method: 'GET', url: '/', headers: { 'accept-encoding': ALL, 'if-none-match': String(page.headers.etag) } });
    expect(again.statusCode).toBe(304);
    expect(again.rawPayload.length).toBe(0);
    const plain = await get('/');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(HTML);

    const rebuilt = HTML.replace("'light'", "'dark'");
    writeFileSync(path.join(webDir, "index.html"), `${rebuilt}  `);
    try {
      const fresh = await get('/', ALL);
      expect(fresh.headers.etag).not.toBe(page.headers.etag);
      expect(scriptSrc(fresh)).toEqual(["'self'", sha256(INLINE.replace("'light'", "'dark'"))]);
      expect(zlib.brotliDecompressSync(fresh.rawPayload).toString()).toBe(`${rebuilt}  `);
    } finally {
      writeFileSync(path.join(webDir, 'index.html'), HTML);
    }
  });

  it("names a page's own chunks in its head (not the entry's), one compressed copy and ETag per route, none for a path of no page", async () => {
    const id = '01a23c72-eb01-72a8-a3db-f7afab9cd94b';
    const overview = await get(`/engagements/${id}`, ALL);
    expect(overview.statusCode).toBe(200);
    const html = zlib.brotliDecompressSync(overview.rawPayload).toString();
    const links = [...html.matchAll(/<link [^>]*>/g)].map((m) => m[0]);
    expect(links).toEqual(
      ['EngagementLayout-La', 'Crumbs-Cr', 'OverviewPage-Ov', 'Grid-Gr'].map((f) => `<link rel="modulepreload" crossorigin fetchpriority="low" href="/assets/${f}.js">`),
    );
    // in the head, and otherwise the page as built
    expect(html.indexOf('<link')).toBeLessThan(html.indexOf('</head>'));
    expect(html.replace(/\s*<link [^>]*>/g, '').replace(/\s+<\/head>/, '</head>')).toBe(HTML);
    expect(scriptSrc(overview)).toEqual(["'self'", sha256(INLINE)]);
    // the page of another engagement is the same variant; a section of no page and a path of no page get none
    const other = await get('/engagements/01a23c72-eb01-72a8-a3db-f7afab9cd94c/', ALL);
    expect(other.headers.etag).toBe(overview.headers.etag);
    const root = await get('/', ALL);
    expect(root.headers.etag).not.toBe(overview.headers.etag);
    for (const url of [`/engagements/${id}/no-such-section`, '/no/such/page']) {
      const res = await get(url);
      expect(res.body).toBe(HTML);
    }
    // revalidation per variant: the overview's ETag is current for the overview, not for /
    const again = await app.inject({ method: 'GET', url: `/engagements/${id}`, headers: { 'accept-encoding': ALL, 'if-none-match': String(overview.headers.etag) } });
    expect(again.statusCode).toBe(304);
    const notRoot = await app.inject({ method: 'GET', url: '/', headers: { 'accept-encoding': ALL, 'if-none-match': String(overview.headers.etag) } });
    expect(notRoot.statusCode).toBe(200);
    // a manifest this build did not write (no entry) costs the links, never the page
    const manifestFile = path.join(webDir, '.vite/manifest.json');
    writeFileSync(manifestFile, JSON.stringify({ 'x.js': { file: 'assets/x.js' } }));
    try {
      const plain = await get(`/engagements/${id}/progress`);
      expect(plain.statusCode).toBe(200);
      expect(plain.body).toBe(HTML);
    } finally {
      writeFileSync(manifestFile, JSON.stringify(MANIFEST));
    }
  });

  it('revalidates unhashed public files and keeps the 404 for a missing asset', async () => {
    const icon = await get('/favicon.svg', ALL);
    expect(icon.statusCode).toBe(200);
    expect(icon.headers['cache-control']).toBe('no-cache');
    expect(icon.headers['content-encoding']).toBeUndefined();
    const missing = await get('/assets/index-00000000.js', ALL);
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['cache-control'] ?? '').not.toMatch(/immutable/);
    expect(missing.json()).toEqual({ error: { code: 'not_found', message: 'Not found', details: [] } });
  });

  it('compresses API JSON above the threshold, never caches it, and leaves small answers plain', async () => {
    const big = await get('/api/v1/openapi.json', ALL);
    expect(big.statusCode).toBe(200);
    expect(big.headers['content-encoding']).toBe('br');
    expect(String(big.headers.vary)).toMatch(/accept-encoding/i);
    expect(big.headers['cache-control']).toBe('no-store');
    const spec = JSON.parse(zlib.brotliDecompressSync(big.rawPayload).toString()) as { openapi: string };
    expect(spec.openapi).toBe('3.1.0');

    // a small answer (here: nobody is signed in) goes out as it is, with the error shape
    const small = await get('/api/v1/session', ALL);
    expect(small.statusCode).toBe(401);
    expect(small.rawPayload.length).toBeLessThan(API_COMPRESS_THRESHOLD);
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(small.headers['cache-control']).toBe('no-store');
    expect(small.json().error.code).toBeTruthy();

    const gz = await get('/api/v1/openapi.json', 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    const plain = await get('/api/v1/openapi.json');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.json().openapi).toBe('3.1.0');
  });
});
