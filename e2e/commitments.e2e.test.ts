import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ManualClock } from '../src/server/clock';
import { runDueJobs } from '../src/server/jobs/queue';
import { JOB_HANDLERS } from '../src/server/jobs/registry';
import { animationsSettled, seriousViolations } from './axe';
import { type Browser, type Candor, type DemoKey, label, openBrowser, settled, signInAs, startCandor, E2E_NOW } from './harness';

const chromiumPath = inject('chromium');
const TITLE = 'Carrier E event mapping signed off';

/** The number the say/do panel shows for one side and one outcome. */
async function sayDoCount(page: Page, side: 'provider' | 'client', outcome: string) {
  const text = await page.getByTestId(`say-do-counts-${side}`).locator(`[data-outcome="${outcome}"] dd`).textContent();
  return Number(text);
}

/**
 * The commitments ledger end to end on a test clock: the provider's lead
 * records a promise in the UI; the client's sponsor sees it; the due date
 * passes and the due jobs mark it missed; both sides are notified, and the
 * say/do panel counts it as missed silently. The pages pass axe-core, light,
 * dark and at phone width.
 */
describe.skipIf(!chromiumPath)('commitments: a promise that is missed', () => {
  const clock = new ManualClock(E2E_NOW);
  let candor: Candor;
  let provider: Browser;
  let client: Browser;
  let id = '';
  let commitmentUrl = '';
  let missedBefore = 0;

  beforeAll(async () => {
    candor = await startCandor({ clock });
    id = candor.seed.engagementId;
    provider = await openBrowser(chromiumPath!);
    client = await openBrowser(chromiumPath!);
  });

  afterAll(async () => {
    await provider?.close();
    await client?.close();
    await candor?.close();
  });

  it('the provider lead records a commitment in the form', async () => {
    const page = provider.page;
    await signInAs(provider, candor.url, 'lead');
    await page.goto(`${candor.url}/engagements/${id}/commitments`);
    await settled(page);
    missedBefore = await sayDoCount(page, 'provider', 'missedSilently');
    await page.getByRole('link', { name: 'Record a commitment' }).click();
    await page.waitForURL(/\/commitments\/new$/);
    await settled(page);
    await page.getByLabel(label('What is promised')).fill(TITLE);
    await page.getByLabel(label('Due date')).fill(clock.now().toISOString().slice(0, 10));
    await page.getByLabel(label('Assumptions')).fill('Carrier E sends its event list by Wednesday.');
    const [created] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith(`/engagements/${id}/commitments`) && r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Record the commitment' }).click(),
    ]);
    expect(created.status()).toBe(201);
    commitmentUrl = `${candor.url}/engagements/${id}/commitments/${(await created.json()).id}`;
    await page.waitForURL(commitmentUrl);
    await settled(page);
    await page.getByRole('heading', { level: 2, name: TITLE }).waitFor();
    await page.getByText('due today', { exact: true }).first().waitFor();
    await page.getByText('Carrier E sends its event list by Wednesday.').waitFor();
    expect(await page.locator('[data-kind]').evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')))).toEqual(['created']);
  });

  it('the client sponsor sees it in the ledger', async () => {
    const page = client.page;
    await signInAs(client, candor.url, 'sponsor');
    await page.goto(`${candor.url}/engagements/${id}/commitments?side=provider&status=outstanding`);
    await settled(page);
    const row = page.getByRole('region', { name: 'Commitments table' }).getByRole('row', { name: new RegExp(TITLE) });
    await row.getByText('Open', { exact: true }).waitFor();
    await row.getByText('due today', { exact: true }).waitFor();
  });

  it('after the due date the due jobs mark it missed, and both sides are told', async () => {
    // not yet: it is due by the end of the day
    await runDueJobs(candor.deps, JOB_HANDLERS);
    const day = clock.now().toISOString().slice(0, 10);
    clock.set(new Date(new Date(`${day}T00:00:00.000Z`).getTime() + 86_400_000 + 60_000));
    await runDueJobs(candor.deps, JOB_HANDLERS);

    for (const b of [client, provider]) {
      const page = b.page;
      await page.goto(commitmentUrl);
      await settled(page);
      await page.getByText('Missed: the due date passed without a delivery').waitFor();
      await page.locator('[data-status="missed"]').first().waitFor();
      expect(await page.getByRole('button', { name: 'Renegotiate' }).count()).toBe(0);
      await page.getByRole('button', { name: /^Notifications: \d+ unread$/ }).click();
      await page.getByRole('dialog', { name: 'Notifications' }).getByText(`Commitment missed: ${TITLE}`).waitFor();
      await page.keyboard.press('Escape');
    }
  });

  it('the say/do panel counts it as missed silently, for both sides', async () => {
    for (const b of [provider, client]) {
      await b.page.goto(`${candor.url}/engagements/${id}/commitments`);
      await settled(b.page);
      expect(await sayDoCount(b.page, 'provider', 'missedSilently')).toBe(missedBefore + 1);
      const row = b.page.getByRole('region', { name: 'Commitments table' }).getByRole('row', { name: new RegExp(TITLE) });
      await row.getByText('Missed silently').waitFor();
    }
    expect(provider.console.filter((l) => l.type === 'pageerror')).toEqual([]);
    expect(client.console.filter((l) => l.type === 'pageerror')).toEqual([]);
  });

  describe('accessibility (axe-core)', () => {
    let light: Browser;
    let dark: Browser;
    let phone: Browser;
    beforeAll(async () => {
      light = await openBrowser(chromiumPath!, { bypassCSP: true, colorScheme: 'light' });
      dark = await openBrowser(chromiumPath!, { bypassCSP: true, colorScheme: 'dark' });
      phone = await openBrowser(chromiumPath!, { bypassCSP: true, colorScheme: 'dark', viewport: { width: 375, height: 812 } });
    });
    afterAll(async () => {
      await light?.close();
      await dark?.close();
      await phone?.close();
    });

    const pages: [who: DemoKey, path: string][] = [
      ['lead', '/commitments'],
      ['lead', '/commitments/new'],
      ['lead', ':commitment'],
      ['sponsor', '/commitments'],
      ['sponsor', '/commitments/new'],
      ['sponsor', ':commitment'],
    ];
    const url = (path: string) => (path === ':commitment' ? commitmentUrl : `${candor.url}/engagements/${id}${path}`);

    async function check(b: Browser, who: DemoKey, path: string) {
      await signInAs(b, candor.url, who);
      await b.page.goto(url(path));
      await settled(b.page);
      await animationsSettled(b.page);
      const found = await seriousViolations(b.page);
      expect(found, `${who} at ${path}:\n${found.join('\n')}`).toEqual([]);
    }

    it.each(pages)('light: %s %s', async (who, path) => check(light, who, path));
    it.each(pages)('dark: %s %s', async (who, path) => check(dark, who, path));
    it.each(pages)('phone 375px, dark: %s %s', async (who, path) => {
      await check(phone, who, path);
      // nothing scrolls sideways at 375 px
      const overflow = await phone.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `${who} at ${path} is wider than the screen`).toBeLessThanOrEqual(0);
    });

    it('the renegotiate and delivery dialogs are accessible', async () => {
      const page = light.page;
      await signInAs(light, candor.url, 'lead');
      // an outstanding seeded commitment: the renegotiated one from the client
      await page.goto(`${candor.url}/engagements/${id}/commitments?status=renegotiated`);
      await settled(page);
      await page.getByRole('region', { name: 'Commitments table' }).getByRole('link').first().click();
      await page.waitForURL(/\/commitments\/[^/]+$/);
      await settled(page);
      for (const [button, dialog] of [
        ['Renegotiate', 'Renegotiate the due date'],
        ['Mark kept', 'Record the delivery'],
      ] as const) {
        await page.getByRole('button', { name: button }).click();
        await page.getByRole('dialog', { name: dialog }).waitFor();
        await animationsSettled(page);
        const found = await seriousViolations(page);
        expect(found, `${dialog}:\n${found.join('\n')}`).toEqual([]);
        await page.keyboard.press('Escape');
        await page.getByRole('dialog', { name: dialog }).waitFor({ state: 'detached' });
      }
    });
  });
});
