/**
 * Screenshots of the coached editor with flags, to look at (not a test):
 *   npx vite build && npx tsx e2e/coach-screenshots.ts [outDir]
 * The decision request form as the lead and as the sponsor, light and dark, 1280 and 375 px.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { type DemoKey, label, openBrowser, settled, signInAs, startCandor } from './harness';

const out = path.resolve(process.argv[2] ?? '/tmp/coach-shots');
mkdirSync(out, { recursive: true });
const chromium = process.env.CANDOR_CHROMIUM ?? '/usr/bin/chromium';
const TEXT = 'Would it be possible to get root access for John? We will hopefully finish the import soon. Mistakes were made in the CI/CD pipeline.';

const candor = await startCandor();
try {
  for (const [who, scheme, width] of [
    ['lead', 'light', 1280],
    ['lead', 'dark', 1280],
    ['sponsor', 'light', 375],
    ['sponsor', 'dark', 375],
  ] as [DemoKey, 'light' | 'dark', number][]) {
    const b = await openBrowser(chromium, { colorScheme: scheme, viewport: { width, height: 900 } });
    try {
      await signInAs(b, candor.url, who);
      await b.page.goto(`${candor.url}/engagements/${candor.seed.engagementId}/decisions/new`);
      await settled(b.page);
      const field = b.page.getByLabel(label('Context'));
      await field.fill(TEXT);
      await b.page.getByRole('list', { name: 'Coach suggestions for Context' }).getByRole('listitem').nth(3).waitFor();
      const file = path.join(out, `coach-${who}-${scheme}-${width}.png`);
      await field.scrollIntoViewIfNeeded();
      await b.page.screenshot({ path: file, fullPage: false, clip: undefined });
      console.log(file);
    } finally {
      await b.close();
    }
  }
} finally {
  await candor.close();
}
