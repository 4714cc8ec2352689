import { afterEach, describe, expect, inject, it } from 'vitest';
import { RunningClock } from '../src/server/clock';
import { type Browser, type Candor, E2E_NOW, openBrowser, settled, signInAs, startCandor } from './harness';

const chromiumPath = inject('chromium');
const DAY = 86_400_000;

/**
 * No browser test may depend on the day it runs (on 2026-12-01 two did: the
 * timesheet's first row became a seeded Monday entry). This runs the flow that
 * broke on the harness's day and on other days — a month ahead (a Saturday), a
 * Monday morning and a Sunday night — with the server's and the browser's
 * clocks set together, and checks the browser sees the server's week and the
 * flow holds on each.
 */
const DAYS: [string, Date][] = [
  ['the harness day', E2E_NOW],
  ['a month ahead', new Date(E2E_NOW.getTime() + 31 * DAY)],
  ['a Monday morning', new Date('2027-02-01T07:15:00.000Z')],
  ['a Sunday night', new Date('2027-03-07T21:40:00.000Z')],
];

describe.skipIf(!chromiumPath)('browser tests hold on any date', () => {
  let candor: Candor | undefined;
  let b: Browser | undefined;
  afterEach(async () => {
    await b?.close();
    await candor?.close();
    b = undefined;
    candor = undefined;
  });

  for (const [name, day] of DAYS) {
    it(`on ${name} (${day.toISOString().slice(0, 10)}): the browser's week is the server's, and logged time lands on its row`, async () => {
      candor = await startCandor({ clock: new RunningClock(day) });
      // the browser starts at the server's current time (the server's clock has run while it seeded), not at a fixed instant
      b = await openBrowser(chromiumPath!, { bypassCSP: true, now: candor.clock.now() });
      const page = b.page;
      const id = candor.seed.engagementId;
      await signInAs(b, candor.url, 'lead');
      const title = `Clock check ${name}`;
      const created = await page.request.post(`${candor.url}/api/v1/engagements/${id}/items`, { data: { title } });
      expect(created.status()).toBe(201);

      // The browser and the server agree on the date.
      const browserNow = await page.evaluate(() => Date.now());
      expect(Math.abs(browserNow - candor.clock.now().getTime())).toBeLessThan(60_000);

      await page.goto(`${candor.url}/engagements/${id}/time`);
      await settled(page);
      const locale = await page.evaluate(() => navigator.language);
      const serverDay = candor.clock.now();
      const local = new Date(serverDay.getFullYear(), serverDay.getMonth(), serverDay.getDate());
      const monday = new Date(local.getTime() - ((local.getDay() + 6) % 7) * DAY);
      const label = monday.toLocaleDateString(locale, { weekday: 'short', day: 'numeric', month: 'short' });
      await page.getByText(`Week of ${label}`).waitFor();

      const total = async () => {
        const m = /^(\d+):(\d\d)$/.exec((await page.getByTestId('week-total').textContent()) ?? '');
        return m ? Number(m[1]) * 60 + Number(m[2]) : 0;
      };
      const before = await total();
      await page.getByRole('combobox', { name: 'Add a row' }).fill('Clock check');
      await page.getByRole('option', { name: title }).click();
      const cell = page.locator(`input[data-cell$=":0"][aria-label^="${title},"]`);
      await cell.fill('0:45');
      await cell.press('Enter');
      await page.getByText(/Saved 45 min/).first().waitFor();
      await expect.poll(total).toBe(before + 45);
    });
  }
});
