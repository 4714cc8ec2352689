/**
 * Screenshots of the navigation, to look at (not a test):
 *   npx vite build && npx tsx e2e/navigation-screenshots.ts [outDir] [--docs]
 * With --docs it writes docs/screenshots/navigation-*.png: the sections at
 * 1280 px, the phone drawer at 375 px, the command palette with search
 * results, and a decision page with its breadcrumbs, light and dark.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Browser, openBrowser, settled, signInAs, startCandor } from './harness';

const args = process.argv.slice(2);
const out = path.resolve(args.find((a) => !a.startsWith('--')) ?? '/tmp/navshots');
const docs = args.includes('--docs');
mkdirSync(out, { recursive: true });
const chromium = process.env.CANDOR_CHROMIUM ?? '/usr/bin/chromium';

const candor = await startCandor();
const id = candor.seed.engagementId;
const shots: string[] = [];

async function shoot(b: Browser, name: string, fullPage = false) {
  const file = path.join(docs ? path.resolve('docs/screenshots') : out, `navigation-${name}.png`);
  await b.page.screenshot({ path: file, fullPage });
  shots.push(file);
}

try {
  for (const scheme of ['light', 'dark'] as const) {
    const desk = await openBrowser(chromium, { colorScheme: scheme });
    const phone = await openBrowser(chromium, { colorScheme: scheme, viewport: { width: 375, height: 812 } });
    try {
      await signInAs(desk, candor.url, 'lead');
      await desk.page.goto(`${candor.url}/engagements/${id}/decisions`);
      await settled(desk.page);
      await shoot(desk, `sections-${scheme}`);

      // a decision page: breadcrumbs Governance › Decisions › D-n title
      const href = await desk.page.getByRole('link', { name: 'Which carriers to integrate first' }).getAttribute('href');
      await desk.page.goto(`${candor.url}${href}`);
      await desk.page.getByRole('navigation', { name: 'Breadcrumb' }).waitFor();
      await settled(desk.page);
      await shoot(desk, `breadcrumbs-${scheme}`);

      // the palette, searching
      await desk.page.keyboard.press('Control+K');
      const input = desk.page.getByRole('textbox', { name: 'Jump to a page, search, or create' });
      await input.fill('carrier');
      await desk.page.getByText(/Search results for/).waitFor({ timeout: 10_000 }).catch(() => console.log('no search results shown'));
      await shoot(desk, `palette-${scheme}`);
      await desk.page.keyboard.press('Escape');

      await signInAs(phone, candor.url, 'sponsor');
      await phone.page.goto(`${candor.url}/engagements/${id}`);
      await settled(phone.page);
      await phone.page.getByRole('button', { name: 'Open navigation' }).click();
      await phone.page.getByRole('navigation', { name: 'Engagement sections' }).waitFor();
      // the drawer slides in: shoot once it has arrived, not mid-slide
      await phone.page.waitForFunction(() => {
        const nav = document.getElementById('app-navigation');
        return !!nav && nav.getBoundingClientRect().left >= 0 && !document.getAnimations().some((a) => a.playState === 'running');
      });
      await shoot(phone, `drawer-375-${scheme}`);
    } finally {
      await desk.close();
      await phone.close();
    }
  }
} finally {
  await candor.close();
}
console.log(shots.join('\n'));
