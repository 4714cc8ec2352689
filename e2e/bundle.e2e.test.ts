import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';

/**
 * The browser tests and the benches serve dist/web as e2e/global-setup.ts built it. Vitest runs with
 * NODE_ENV=test, under which Vite bundles React's development build: bigger and slower than what users get,
 * so every browser figure measured on it is wrong. The build must be the production one.
 */
it('serves the production build of React (the one npm start serves)', () => {
  const dir = path.resolve(__dirname, '../dist/web/assets');
  const js = readdirSync(dir).filter((f) => f.endsWith('.js'));
  const text = js.map((f) => readFileSync(path.join(dir, f), 'utf8'));
  expect(text.some((t) => t.includes('Minified React error'))).toBe(true);
  expect(text.filter((t) => t.includes('Internal React error')).length).toBe(0);
});
