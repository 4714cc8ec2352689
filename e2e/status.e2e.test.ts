import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { seriousViolations } from './axe';
import { type Browser, type Candor, label, openBrowser, settled, signInAs, startCandor } from './harness';

const chromiumPath = inject('chromium');
const REASON = 'Carrier C confirmed its API only for January.';
const NEXT = 'We re-plan phase 2 with Ingrid on Thursday.';

/**
 * Status updates end to end: the lead drafts the update Candor assembled,
 * sets at risk with a reason and the next step, and publishes; the sponsor,
 * signed in in a second browser, finds it through the notification bell and
 * on the updates page, and acknowledges; the lead sees who acknowledged and
 * when. The pages pass axe-core.
 */
describe.skipIf(!chromiumPath)('status updates: drafted, published at risk, acknowledged', () => {
  let candor: Candor;
  let provider: Browser;
  let client: Browser;
  let id = '';
  let updateUrl = '';
  let unreadBefore = 0;
  const unread = async (b: Browser) => {
    const name = (await b.page.getByRole('button', { name: /^Notifications: \d+ unread$|^Notifications$/ }).getAttribute('aria-label')) ?? '';
    return Number(/(\d+) unread/.exec(name)?.[1] ?? 0);
  };

  beforeAll(async () => {
    candor = await startCandor();
    id = candor.seed.engagementId;
    provider = await openBrowser(chromiumPath!, { bypassCSP: true });
    client = await openBrowser(chromiumPath!, { bypassCSP: true });
  });

  afterAll(async () => {
    await provider?.close();
    await client?.close();
    await candor?.close();
  });

  it('the lead drafts, sets at risk with a reason and next step, and publishes', async () => {
    // the sponsor is already looking at the engagement in a second browser: the bell must change live
    await signInAs(client, candor.url, 'sponsor');
    await client.page.goto(`${candor.url}/engagements/${id}/status-updates`);
    await settled(client.page);
    unreadBefore = await unread(client);
    const page = provider.page;
    await signInAs(provider, candor.url, 'lead');
    await page.goto(`${candor.url}/engagements/${id}/status-updates`);
    await settled(page);
    await page.getByRole('heading', { level: 1, name: 'Status updates' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('link', { name: 'Draft the update' }).click();
    await page.waitForURL(/\/status-updates\/new$/);
    await settled(page);
    await page.getByText('Candor suggests').waitFor();
    const text = page.getByLabel(label('Update (Markdown)'));
    await expect.poll(async () => (await text.inputValue()).length).toBeGreaterThan(20);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('radio', { name: 'At risk' }).check();
    await page.getByLabel(label('Reason')).fill(REASON);
    await page.getByLabel(label('Next step')).fill(NEXT);
    const [published] = await Promise.all([
      page.waitForResponse((r) => /\/status-updates\/[^/]+\/publish$/.test(r.url()) && r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Publish' }).click(),
    ]);
    expect(published.status()).toBe(200);
    const body = await published.json();
    expect(body).toMatchObject({ status: 'published', health: 'at_risk', reason: REASON, nextStep: NEXT });
    updateUrl = `${candor.url}/engagements/${id}/status-updates/${body.id}`;
    await page.waitForURL(updateUrl);
    await settled(page);
    await page.getByText('No client role has acknowledged it yet.').waitFor();
    await page.getByText(REASON).waitFor();
    // axe on the page itself, without the passing "Published" toast (Mantine's toast text is not the page's)
    await page.reload();
    await settled(page);
    await page.getByText(REASON).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('the sponsor finds it through the bell and on the updates page, and acknowledges', async () => {
    const page = client.page;
    // no reload, no navigation: the live stream moved the bell and refreshed the page the sponsor is on
    await expect.poll(() => unread(client), { timeout: 10_000 }).toBeGreaterThan(unreadBefore);
    await page.getByText('Not acknowledged yet').first().waitFor();
    await page.getByRole('button', { name: /^Notifications: \d+ unread$/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Notifications' });
    await dialog.getByText('Status update: at risk').first().click();
    await page.waitForURL(updateUrl);
    await settled(page);
    await page.getByText(NEXT).waitFor();
    expect(await page.getByText('Internal note (provider side only)').count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel(label('Comment')).fill('Read. Let us discuss it on Thursday.');
    const [ack] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/acknowledge') && r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Read, understood' }).click(),
    ]);
    expect(ack.status()).toBe(200);
    await page.getByText(/^Ingrid Halvorsen acknowledged, /).waitFor();
    expect(await page.getByRole('button', { name: 'Read, understood' }).count()).toBe(0);
  });

  it('the lead sees the acknowledgement', async () => {
    const page = provider.page;
    await page.goto(updateUrl);
    await settled(page);
    await page.getByText(/^Ingrid Halvorsen acknowledged, /).waitFor();
    await page.getByText('Read. Let us discuss it on Thursday.', { exact: false }).waitFor();
    await page.goto(`${candor.url}/engagements/${id}/status-updates`);
    await settled(page);
    await page.getByText('Acknowledged (1)').first().waitFor();
  });
});
