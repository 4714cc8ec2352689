import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { seriousViolations } from './axe';
import { type Browser, type Candor, label, openBrowser, settled, signInAs, startCandor } from './harness';

const chromiumPath = inject('chromium');
const TITLE = 'Track returns on the same page as deliveries';

/**
 * The future agenda end to end: the client's stakeholder adds a need in the
 * form; the provider's lead sees who raised it; the sponsor records a review
 * keeping it and dropping another; both pages pass axe-core at 1280 and 375 px.
 */
describe.skipIf(!chromiumPath)('future agenda: raise an entry, review it', () => {
  let candor: Candor;
  let b: Browser;
  let id = '';
  const agenda = async () => {
    await b.page.goto(`${candor.url}/engagements/${id}/agenda`);
    await settled(b.page);
  };

  beforeAll(async () => {
    candor = await startCandor();
    id = candor.seed.engagementId;
    b = await openBrowser(chromiumPath!, { bypassCSP: true });
  });
  afterAll(async () => {
    await b?.close();
    await candor?.close();
  });

  it('a stakeholder adds a need; it shows who raised it and from which side', async () => {
    await signInAs(b, candor.url, 'stakeholder');
    await agenda();
    await b.page.getByRole('button', { name: 'Add to the agenda' }).click();
    const dialog = b.page.getByRole('dialog');
    await dialog.getByLabel(label('Kind')).click();
    await b.page.getByRole('option', { name: 'Need' }).click();
    await dialog.getByLabel(label('Title')).fill(TITLE);
    await dialog.getByLabel(label('Details')).fill('Shippers ask where their returns are as often as their deliveries.');
    await dialog.getByRole('button', { name: 'Add to the agenda' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const row = b.page.getByRole('row').filter({ hasText: TITLE });
    await row.getByText('Sam Patel').waitFor();
    await row.getByText('client', { exact: false }).first().waitFor();
    // the stakeholder may not record a review
    expect(await b.page.getByRole('button', { name: 'Record a review' }).count()).toBe(0);
  });

  it('the lead sees it and its internal draft; the sponsor records a review with a decision per entry', async () => {
    await signInAs(b, candor.url, 'lead');
    await agenda();
    expect(await b.page.getByRole('row').filter({ hasText: TITLE }).count()).toBe(1);
    await b.page.getByText('Internal: propose a support retainer after launch').waitFor();
    await signInAs(b, candor.url, 'sponsor');
    await agenda();
    expect(await b.page.getByText('Internal: propose a support retainer after launch').count()).toBe(0);
    await b.page.getByRole('button', { name: 'Record a review' }).click();
    const dialog = b.page.getByRole('dialog');
    await dialog.getByLabel(label('What was discussed')).fill('Returns tracking: keep for the next phase plan. Delivery windows: not now.');
    const card = (title: string) => dialog.locator('[data-review-entry]').filter({ hasText: title });
    await card(TITLE).getByLabel('Decision').click();
    await b.page.getByRole('option', { name: 'Keep on the agenda' }).click();
    await card('Show the expected delivery window on the tracking page').getByLabel('Decision').click();
    await b.page.getByRole('option', { name: 'Drop' }).click();
    await dialog.getByRole('button', { name: 'Record the review' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await b.page.getByRole('row').filter({ hasText: TITLE }).getByText('Kept').waitFor();
    const decided = b.page.locator('section[aria-labelledby="agenda-decided"]');
    await decided.getByText('Show the expected delivery window on the tracking page').waitFor();
    await b.page.locator('[data-review]').first().getByText('Returns tracking: keep for the next phase plan.', { exact: false }).waitFor();
  });

  it('is axe-clean and fits at 1280 and 375 px', async () => {
    for (const width of [1280, 375]) {
      await b.page.setViewportSize({ width, height: 900 });
      await agenda();
      expect(await seriousViolations(b.page), `axe at ${width}`).toEqual([]);
      expect(await b.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), `sideways at ${width}`).toBeLessThanOrEqual(0);
    }
  });
});
