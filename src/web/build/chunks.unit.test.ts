import { describe, expect, it } from 'vitest';
import { chunkName, chunkOf, packageOf } from './chunks';

const nm = (p: string) => `/work/main/node_modules/${p}`;

describe('web chunking', () => {
  it('finds the package of a module id, scoped or not, also nested', () => {
    expect(packageOf(nm('@mantine/core/esm/components/Button/Button.mjs'))).toBe('@mantine/core');
    expect(packageOf(nm('recharts/es6/chart/LineChart.js'))).toBe('recharts');
    expect(packageOf(nm('a/node_modules/d3-scale/src/linear.js'))).toBe('d3-scale');
    expect(packageOf('/work/main/src/web/app/App.tsx')).toBeNull();
  });

  it('names only the chunks every page needs', () => {
    expect(chunkOf(nm('react-dom/cjs/react-dom-client.production.js'))).toBe('react');
    expect(chunkOf(nm('react-router/dist/production/index.mjs'))).toBe('react');
    expect(chunkOf(nm('@tanstack/react-query/build/modern/index.js'))).toBe('query');
    expect(chunkOf(nm('@tabler/icons-react/dist/esm/icons/IconLock.mjs'))).toBe('icons');
  });

  it('leaves Mantine, charts, Markdown, dates, new packages and the app to Rollup, so they load with the pages using them', () => {
    for (const id of [
      nm('@mantine/core/esm/components/Button/Button.mjs'),
      nm('@mantine/charts/esm/LineChart/LineChart.mjs'),
      nm('@mantine/dates/esm/components/DatePicker/DatePicker.mjs'),
      nm('@mantine/spotlight/esm/Spotlight.mjs'),
      nm('recharts/es6/chart/LineChart.js'),
      nm('react-markdown/lib/index.js'),
      nm('clsx/dist/clsx.mjs'),
      '/work/main/src/web/delivery/ProgressPage.tsx',
    ]) {
      expect(chunkOf(id)).toBeUndefined();
    }
  });

  it('names a chunk Rollup made after the family most of its modules belong to', () => {
    const charts = [nm('recharts/es6/a.js'), nm('d3-scale/src/b.js'), nm('@mantine/charts/esm/c.mjs'), '/work/main/src/web/delivery/Chart.tsx'];
    expect(chunkName(charts, 'generateCategoricalChart')).toBe('charts');
    expect(chunkName([nm('react-markdown/lib/index.js'), nm('micromark/lib/x.js')], 'MarkdownView')).toBe('markdown');
    expect(chunkName([nm('@mantine/core/esm/x.mjs'), '/work/main/src/web/a.tsx', nm('recharts/es6/a.js')], 'Card')).toBe('Card');
  });
});
