import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Browser, type Candor, openBrowser, settled, signInAs, startCandor } from './harness';

const chromiumPath = inject('chromium');

/**
 * Recording an outcome's value from the overview. The dialog is its own chunk (ADR 0035): the overview
 * draws without it, and it loads when the lead points at or opens "Record value".
 */
describe.skipIf(!chromiumPath)('outcomes on the overview: record a value', () => {
  let candor: Candor;
  let b: Browser;

  beforeAll(async () => {
    candor = await startCandor();
    b = await openBrowser(chromiumPath!);
  });
  afterAll(async () => {
    await b?.close();
    await candor?.close();
  });

  it('the lead records a value: the dialog loads on demand, saves, says so and the card shows it', async () => {
    await signInAs(b, candor.url, 'lead');
    const scripts: string[] = [];
    b.page.on('request', (r) => {
      if (r.resourceType() === 'script') scripts.push(r.url());
    });
    await b.page.goto(`${candor.url}/engagements/${candor.seed.engagementId}`);
    await settled(b.page);
    const button = b.page.getByRole('button', { name: /^Record value for / }).first();
    await button.waitFor();
    expect(scripts.some((u) => /\/MeasureDialog-[\w-]+\.js$/.test(u))).toBe(false);
    await button.click();
    const input = b.page.getByRole('dialog').getByRole('textbox', { name: /Current value/ });
    await input.waitFor();
    expect(scripts.some((u) => /\/MeasureDialog-[\w-]+\.js$/.test(u))).toBe(true);
    await expect.poll(() => input.evaluate((el) => el === document.activeElement)).toBe(true);
    await input.fill('47');
    await b.page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    await b.page.getByText(/^Recorded 47%/).waitFor();
    expect(await b.page.getByRole('dialog').count()).toBe(0);
    await b.page.getByText('Now 47%').first().waitFor();
  });
});
