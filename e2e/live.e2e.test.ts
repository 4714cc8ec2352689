import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { seriousViolations } from './axe';
import { ApiClient } from './governance-fixtures';
import { type Browser, type Candor, openBrowser, settled, signInAs, startCandor } from './harness';

const chromiumPath = inject('chromium');

/**
 * Live notifications end to end: the sponsor, signed in in their own browser,
 * sees the bell's count change and the page they are on refresh when the lead
 * asks them for a decision, and the bell again when the lead publishes a status
 * update, without reloading. Then the preferences, saved
 * and kept, axe-clean at both widths.
 */
describe.skipIf(!chromiumPath)('live bell and notification preferences', () => {
  let candor: Candor;
  let sponsor: Browser;
  let E = '';

  beforeAll(async () => {
    candor = await startCandor();
    E = candor.seed.engagementId;
    sponsor = await openBrowser(chromiumPath!, { bypassCSP: true }); // axe is injected as an inline script
    await signInAs(sponsor, candor.url, 'sponsor');
  }, 180_000);
  afterAll(async () => {
    await sponsor?.close();
    await candor?.close();
  });

  it('the bell and the decision log change live when the lead asks the sponsor to decide', async () => {
    const page = sponsor.page;
    await page.goto(`${candor.url}/engagements/${E}/decisions`);
    await settled(page);
    const bell = page.getByRole('button', { name: /^Notifications/ });
    const before = (await bell.getAttribute('aria-label')) ?? '';
    const count = Number(/(\d+) unread/.exec(before)?.[1] ?? 0);
    // a marker that a reload would wipe
    await page.evaluate(() => {
      (window as unknown as { __noReload: boolean }).__noReload = true;
    });

    const lead = await ApiClient.signIn(candor.url, 'lead');
    const title = 'Go live with carrier D before the freeze?';
    const t0 = Date.now();
    await lead.post(`/engagements/${E}/decisions`, { title, options: [{ title: 'Yes' }, { title: 'No' }], kind: 'scope', dueDate: '2026-12-01' });

    await expect.poll(async () => bell.getAttribute('aria-label'), { timeout: 10_000, interval: 100 }).toBe(`Notifications: ${count + 1} unread`);
    const took = Date.now() - t0;
    // the page on screen (the decision log) shows the new decision too
    await page.getByText(title).first().waitFor({ state: 'visible', timeout: 10_000 });
    expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
    console.log(`bell changed ${took} ms after the lead's request`);
    expect(sponsor.console.filter((l) => l.type === 'pageerror')).toEqual([]);
  });

  it('the bell changes live when the lead publishes a status update', async () => {
    const page = sponsor.page;
    await page.goto(`${candor.url}/engagements/${E}`);
    await settled(page);
    const bell = page.getByRole('button', { name: /^Notifications/ });
    const count = Number(/(\d+) unread/.exec((await bell.getAttribute('aria-label')) ?? '')?.[1] ?? 0);
    const lead = await ApiClient.signIn(candor.url, 'lead');
    const draft = await lead.get<{ markdown: string; suggested: { health: string } }>(`/engagements/${E}/status-updates/draft`);
    const health = draft.suggested.health;
    const saved = await lead.post<{ id: string }>(`/engagements/${E}/status-updates`, {
      markdown: draft.markdown || 'This week: carrier C live on staging.',
      health,
      ...(health === 'on_track' ? {} : { reason: 'Carrier D is late.', nextStep: 'Agree a new date on Friday.' }),
    });
    await lead.post(`/engagements/${E}/status-updates/${saved.id}/publish`);
    await expect.poll(async () => bell.getAttribute('aria-label'), { timeout: 10_000, interval: 100 }).toBe(`Notifications: ${count + 1} unread`);
  });

  it('preferences: a choice is saved and kept; the page is axe-clean at 1280 and 375 px', async () => {
    const page = sponsor.page;
    await page.goto(`${candor.url}/profile`);
    await settled(page);
    const decisions = page.getByLabel('Decisions', { exact: true });
    await decisions.selectOption('email');
    await page.getByText('Notification preferences saved.').waitFor();
    await page.getByLabel('Digest day').selectOption('fri');
    await expect.poll(() => page.getByTestId('next-digest').textContent()).toMatch(/^Next digest: Fri, /);
    await page.reload();
    await settled(page);
    expect(await page.getByLabel('Decisions', { exact: true }).inputValue()).toBe('email');
    expect(await page.getByLabel('Digest day').inputValue()).toBe('fri');
    expect(await seriousViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 375, height: 800 });
    await settled(page);
    expect(await seriousViolations(page)).toEqual([]);
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(wide).toBeLessThanOrEqual(375);
    await page.setViewportSize({ width: 1280, height: 900 });
  });
});
