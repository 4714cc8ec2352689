import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { compression, defineAlgorithm } from 'vite-plugin-compression2';
import { chunkName, chunkOf } from './src/web/build/chunks';
import { pruneUnusedMantineCss } from './src/web/build/unused-css';

const here = path.dirname(fileURLToPath(import.meta.url));
const api = 'http://127.0.0.1:3000';

// The web UI lives in src/web and builds to dist/web, which the server serves.
export default defineConfig({
  root: path.join(here, 'src/web'),
  plugins: [
    react(),
    // Mantine's stylesheets without the rules of components no chunk uses (ADR 0037), before they are compressed.
    pruneUnusedMantineCss(),
    // Precompressed copies beside each file (x.js.br, x.js.gz), written once at build time at the
    // highest levels and served by @fastify/static's preCompressed option (ADR 0014).
    compression({
      algorithms: [defineAlgorithm('brotliCompress', { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }), defineAlgorithm('gzip', { level: 9 })],
      include: /\.(js|css|html|svg|json|txt)$/,
      threshold: 1024,
      skipIfLargerOrEqual: true,
    }),
  ],
  build: {
    outDir: path.join(here, 'dist/web'),
    emptyOutDir: true,
    sourcemap: false,
    // .vite/manifest.json: which chunks each page needs (bench/lighthouse.ts reports the first route's JavaScript).
    manifest: true,
    chunkSizeWarningLimit: 600,
    rollupOptions: {
      output: {
        // React and the query client in chunks of their own; everything else with the pages that
        // import it, so charts, Markdown and date pickers load only where used (src/web/build/chunks.ts).
        manualChunks: chunkOf,
        chunkFileNames: (chunk) => `assets/${chunkName(chunk.moduleIds, chunk.name)}-[hash].js`,
      },
    },
  },
  server: {
    host: '127.0.0.1',
    proxy: {
      '/api': { target: api, changeOrigin: false },
      '/healthz': { target: api, changeOrigin: false },
    },
  },
});
