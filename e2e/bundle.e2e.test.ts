import { existsSync, readdirSync, readFileSync } from 'node:fs';
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

/**
 * The build prunes Mantine's stylesheets to the components its chunks use (src/web/build/unused-css.ts, ADR 0037):
 * every Mantine class the built JavaScript names and Mantine's own stylesheets style keeps its rules, and the
 * classes of components nothing uses are gone.
 */
it("keeps the styles of every Mantine class the build's JavaScript names, and only those", () => {
  const dir = path.resolve(__dirname, '../dist/web/assets');
  const read = (ext: string) => readdirSync(dir).filter((f) => f.endsWith(ext)).map((f) => readFileSync(path.join(dir, f), 'utf8'));
  const classes = (text: string, re: RegExp) => new Set([...text.matchAll(re)].map((m) => m[1]!));
  const named = classes(read('.js').join('\n'), /\b(m_[0-9a-f]{6,8})\b/g);
  const built = classes(read('.css').join('\n'), /\.(m_[0-9a-f]{6,8})(?![0-9a-zA-Z_-])/g);
  const mantineDir = path.resolve(__dirname, '../node_modules/@mantine');
  const full = classes(
    readdirSync(mantineDir)
      .map((pkg) => path.join(mantineDir, pkg, 'styles.css'))
      .filter((f) => existsSync(f))
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n'),
    /\.(m_[0-9a-f]{6,8})(?![0-9a-zA-Z_-])/g,
  );
  const styledAndNamed = [...named].filter((c) => full.has(c));
  expect(styledAndNamed.length).toBeGreaterThan(100);
  expect(styledAndNamed.filter((c) => !built.has(c))).toEqual([]);
  // nothing the JavaScript does not name is left, and Mantine styles much more than Candor uses
  expect([...built].filter((c) => !named.has(c))).toEqual([]);
  expect(full.size - built.size).toBeGreaterThan(50);
});
