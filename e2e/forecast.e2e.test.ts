import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ManualClock } from '../src/server/clock';
import { seriousViolations } from './axe';
import { type Browser, type Candor, openBrowser, settled, signInAs, startCandor, E2E_NOW } from './harness';

const chromiumPath = inject('chromium');
/** With CANDOR_DOCS_SCREENSHOTS=1 the test also photographs the page into docs/screenshots. */
const docsShots = process.env.CANDOR_DOCS_SCREENSHOTS === '1';
const docsDir = path.resolve(import.meta.dirname, '../docs/screenshots');
const NOTE = 'Before the steering meeting (e2e)';

const bodyText = async (page: Page) => (await page.locator('main').textContent()) ?? '';

/** The page shows no broken figure anywhere. */
async function expectNoBrokenValues(page: Page) {
  const text = await bodyText(page);
  expect(text).not.toMatch(/Invalid Date|NaN|Infinity|undefined/i);
}

async function openForecast(page: Page, url: string, query = '') {
  await page.goto(`${url}/forecast${query}`);
  await settled(page);
  await page.getByTestId('effort-p85').waitFor();
}

/**
 * The forecast page end to end: the provider lead sees the three headline
 * figures and the fan chart, switches to a phase, changes the seed, records a
 * forecast and finds it in the record; the client's sponsor sees figures too;
 * axe-core finds nothing serious in light, dark and at phone width.
 */
describe.skipIf(!chromiumPath)('forecast page', () => {
  let candor: Candor;
  let b: Browser;
  let base = '';
  let phase = { id: '', name: '' };
  let other = { id: '', name: '' };

  beforeAll(async () => {
    candor = await startCandor();
    base = `${candor.url}/engagements/${candor.seed.engagementId}`;
    b = await openBrowser(chromiumPath!, { bypassCSP: true });
    await signInAs(b, candor.url, 'lead');
    const res = await b.page.request.get(`${candor.url}/api/v1/engagements/${candor.seed.engagementId}/phases`);
    const phases = ((await res.json()) as { phases: { id: string; name: string; status: string }[] }).phases;
    phase = phases.find((p) => p.status === 'active') ?? phases[0]!;
    other = phases.find((p) => p.status === 'planned' && p.id !== phase.id) ?? phases[1]!;
  });

  afterAll(async () => {
    await b?.close();
    await candor?.close();
  });

  it('the lead reaches it from the engagement navigation and sees the three headline figures and the fan chart', async () => {
    const page = b.page;
    await page.goto(`${base}/progress`);
    await settled(page);
    await page.getByRole('navigation', { name: 'Engagement sections' }).getByRole('link', { name: 'Forecast' }).click();
    await settled(page);
    await page.getByRole('heading', { name: 'Forecast', level: 2 }).waitFor();
    expect(await page.getByRole('link', { name: 'Forecast' }).getAttribute('aria-current')).toBe('page');

    for (const k of ['p50', 'p85', 'p95']) {
      expect(await page.getByTestId(`effort-${k}`).textContent()).toMatch(/^[\d,]+ h$/);
      expect(await page.getByTestId(`dates-${k}`).textContent()).toMatch(/^\d{1,2} [A-Z][a-z]{2} \d{4}$/);
      expect(await page.getByTestId(`budget-${k}`).textContent()).toMatch(/\d/);
    }
    // P50 ≤ P85 ≤ P95
    const effort = await Promise.all(['p50', 'p85', 'p95'].map(async (k) => Number((await page.getByTestId(`effort-${k}`).textContent())!.replace(/[^\d]/g, ''))));
    expect(effort[0]).toBeLessThanOrEqual(effort[1]!);
    expect(effort[1]).toBeLessThanOrEqual(effort[2]!);
    expect(await page.getByTestId('budget-chance').textContent()).toMatch(/chance to finish within it: (under 5%|over 95%|\d+%)/);

    const chart = page.getByRole('img', { name: /fan chart of the remaining hours/ });
    await chart.waitFor();
    expect(await chart.locator('svg.recharts-surface').count()).toBe(1);
    // three bands, the P50 and plan lines, and the completion markers
    expect(await chart.locator('.recharts-area').count()).toBe(3);
    expect(await chart.locator('.recharts-line').count()).toBe(2);
    expect(await chart.locator('.recharts-reference-line').count()).toBeGreaterThanOrEqual(3);
    expect(await chart.getByText(/^P85 \d{1,2} [A-Z][a-z]{2}$/).count()).toBe(1);

    await page.getByText('Show data as table').click();
    const table = page.getByRole('region', { name: /: data$/ });
    await table.locator('tbody tr').first().waitFor(); // the rows render once the disclosure is open
    expect(await table.locator('tbody tr').count()).toBeGreaterThan(2);

    await page.getByRole('heading', { name: 'Why this range' }).waitFor();
    expect(await page.getByText(/^Not estimated: \d+ items?$/).count()).toBe(1);
    expect(await page.getByText(/shared multiplier \(the whole project/).count()).toBe(1);
    // Issue 18: how much the team's own record counts against the published prior, and where the dates' capacity comes from, in words.
    const changed = page.getByTestId('what-changed');
    expect(await changed.getByRole('img', { name: /^\d+% your team's history, \d+% the published prior$/ }).count()).toBe(1);
    expect(await changed.textContent()).toMatch(/Dates draw each week’s capacity from the last \d+ weeks? of logged hours/);
    expect(await page.getByTestId('seed-line').textContent()).toBe('seed 1 · 10,000 trials');
    await expectNoBrokenValues(page);
  });

  it('the same seed gives the same numbers; another seed is a URL away', async () => {
    const page = b.page;
    await openForecast(page, base);
    const before = await page.getByTestId('effort-p85').textContent();
    await page.reload();
    await settled(page);
    expect(await page.getByTestId('effort-p85').textContent()).toBe(before);

    await page.getByRole('button', { name: 'Seed' }).click();
    const input = page.getByRole('textbox', { name: 'Seed' });
    await input.fill('7');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => page.getByTestId('seed-line').textContent()).toBe('seed 7 · 10,000 trials');
    expect(page.url()).toContain('seed=7');
    await settled(page);
    await expectNoBrokenValues(page);
  });

  it('switches to a phase, records a forecast with a note and sees it in the record', async () => {
    const page = b.page;
    await openForecast(page, base);
    await page.getByRole('combobox', { name: 'Scope' }).click();
    await page.getByRole('option', { name: phase.name }).click();
    await expect.poll(() => page.url()).toContain(`phase=${phase.id}`);
    await settled(page);
    await page.getByRole('heading', { name: `Remaining work: ${phase.name}` }).waitFor();
    await page.getByTestId('budget-phase').waitFor();
    expect(await page.getByTestId('effort-p85').textContent()).toMatch(/^[\d,]+ h$/);
    await expectNoBrokenValues(page);

    expect(await page.getByTestId('calibration-line').textContent()).toMatch(/No forecasts recorded yet/);
    await page.getByRole('button', { name: 'Record this forecast' }).click();
    const dialog = page.getByRole('dialog', { name: 'Record this forecast' });
    await dialog.getByLabel('Note (optional)').fill(NOTE);
    await dialog.getByRole('button', { name: 'Record', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    const record = page.getByTestId('forecast-record-table');
    await record.getByText(NOTE).waitFor();
    const row = record.locator('tbody tr').filter({ hasText: NOTE });
    expect(await row.textContent()).toMatch(/Pending/);
    expect(await row.textContent()).toMatch(/Maya Okafor|seed 1/);
    expect(await page.getByTestId('calibration-line').textContent()).toBe('1 forecast recorded, none judged yet');

    // The whole engagement's record does not hold the phase's forecast, "every scope" does.
    await openForecast(page, base);
    expect(await page.getByTestId('forecast-record-table').count()).toBe(0);
    await page.getByLabel('Every scope (the engagement and each phase)').check();
    await page.getByTestId('forecast-record-table').getByText(NOTE).waitFor();
    expect(await page.getByTestId('forecast-record-table').getByText(phase.name).count()).toBe(1);
  });

  it('a recorded forecast is judged once its work is finished: actual hours and ✓/✗ at each level, and the calibration line', async () => {
    const page = b.page;
    const api = `${candor.url}/api/v1/engagements/${candor.seed.engagementId}`;
    const rec = await page.request.post(`${api}/forecasts`, { data: { phaseId: other.id, note: 'To be judged (e2e)' } });
    expect(rec.status()).toBe(201);
    const open = await page.request.get(`${api}/items`, { params: { phaseId: other.id, status: 'backlog,in_progress,blocked', limit: 100 } });
    for (const item of ((await open.json()) as { items: { id: string }[] }).items) {
      expect((await page.request.patch(`${api}/items/${item.id}`, { data: { status: 'done' } })).status()).toBe(200);
    }
    await openForecast(page, base, `?phase=${other.id}`);
    expect(await page.getByTestId('calibration-line').textContent()).toBe('Of 1 past P85 forecast, 1 held');
    const row = page.getByTestId('forecast-record-table').locator('tbody tr').filter({ hasText: 'To be judged (e2e)' });
    expect(await row.textContent()).toMatch(/Actual \d+ h, done \d{1,2} [A-Z][a-z]{2} \d{4}/);
    expect(await row.getByRole('img', { name: 'Effort P85 held' }).count()).toBe(1);
    expect(await row.getByRole('img', { name: /^Date P95 (held|missed)$/ }).count()).toBe(1);
    await expectNoBrokenValues(page);
  });

  it('the lead plans capacity with the member picker; the dates say the plan replaces history, and the client sees no plan', async () => {
    await signInAs(b, candor.url, 'lead');
    const page = b.page;
    await openForecast(page, base);
    await page.getByRole('button', { name: 'Edit the capacity plan' }).click();
    await page.getByRole('button', { name: 'Add a period' }).click();
    const period = page.getByRole('group', { name: 'Period 1' });
    await period.getByLabel('Who works').click();
    await page.getByRole('option', { name: 'Tom Reyes' }).click();
    await page.keyboard.press('Escape');
    await period.getByLabel('Note').fill('Tom alone over the holidays');
    await page.getByRole('button', { name: 'Save the plan' }).click();
    const list = page.getByTestId('capacity-periods');
    await list.waitFor();
    expect(await list.textContent()).toMatch(/1 person from \d{4}-\d{2}-\d{2}: Tom Reyes, 40 h a week each \(40 h a week\) — Tom alone over the holidays/);
    // the live forecast is recomputed with the plan and says so, in words
    const changed = page.getByTestId('what-changed');
    await changed.getByText(/The capacity plan “1 person from \d{4}-\d{2}-\d{2}” replaces that history for [\d.]+ weeks? of the forecast \(40 h a week\)/).waitFor();
    await expectNoBrokenValues(page);

    await signInAs(b, candor.url, 'sponsor');
    await openForecast(page, base);
    expect(await page.getByRole('heading', { name: 'Capacity plan' }).count()).toBe(0);
    await page.getByTestId('what-changed').getByText(/The capacity plan “1 person from/).waitFor();
    expect(await page.getByTestId('what-changed').textContent()).not.toContain('Tom Reyes');

    // clear it again, so the other tests see the forecast without a plan
    await signInAs(b, candor.url, 'lead');
    const res = await page.request.put(`${candor.url}/api/v1/engagements/${candor.seed.engagementId}/capacity-plan`, { data: { periods: [] } });
    expect(res.status()).toBe(200);
  });

  it('the client sponsor sees the figures of the shared work', async () => {
    await signInAs(b, candor.url, 'sponsor');
    const page = b.page;
    await openForecast(page, base);
    await page.getByText('Shared work only').waitFor();
    for (const k of ['p50', 'p85', 'p95']) expect(await page.getByTestId(`effort-${k}`).textContent()).toMatch(/^[\d,]+ h$/);
    expect(await page.getByRole('img', { name: /fan chart of the remaining hours/ }).locator('svg').count()).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Record this forecast' }).waitFor();
    await expectNoBrokenValues(page);
  });

  it('has no serious or critical axe violations for the lead and the sponsor, in light and dark', async () => {
    const problems: string[] = [];
    const dark = await openBrowser(chromiumPath!, { bypassCSP: true, colorScheme: 'dark' });
    try {
      for (const [browser, scheme] of [
        [b, 'light'],
        [dark, 'dark'],
      ] as const) {
        for (const who of ['lead', 'sponsor'] as const) {
          await signInAs(browser, candor.url, who);
          for (const q of ['', `?phase=${phase.id}`]) {
            await openForecast(browser.page, base, q);
            // With the data table and the record's every-scope table open
            await browser.page.getByText('Show data as table').click();
            await browser.page.getByLabel('Every scope (the engagement and each phase)').check();
            await settled(browser.page);
            for (const v of await seriousViolations(browser.page)) problems.push(`${who} ${scheme} ${q || 'engagement'}: ${v}`);
          }
        }
      }
    } finally {
      await dark.close();
    }
    expect(problems).toEqual([]);
  });

  it('works at phone width (375 px): nothing wider than the screen, axe clean in light and dark', async () => {
    const problems: string[] = [];
    for (const scheme of ['light', 'dark'] as const) {
      const phone = await openBrowser(chromiumPath!, { bypassCSP: true, colorScheme: scheme, viewport: { width: 375, height: 812 } });
      try {
        await signInAs(phone, candor.url, 'lead');
        await openForecast(phone.page, base);
        await phone.page.getByLabel('Every scope (the engagement and each phase)').check();
        await settled(phone.page);
        // The page itself never scrolls sideways: the chart and the tables scroll inside their own regions.
        expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
        const cards = await Promise.all(['effort', 'dates', 'budget'].map((t) => phone.page.getByTestId(t).boundingBox()));
        expect(cards[0]!.y).toBeLessThan(cards[1]!.y);
        expect(cards[1]!.y).toBeLessThan(cards[2]!.y);
        for (const v of await seriousViolations(phone.page)) problems.push(`phone ${scheme}: ${v}`);
      } finally {
        await phone.close();
      }
    }
    expect(problems).toEqual([]);
  });

  it.runIf(docsShots)('photographs the page for the docs (desktop light, desktop dark, phone)', async () => {
    mkdirSync(docsDir, { recursive: true });
    await signInAs(b, candor.url, 'lead');
    const res = await b.page.request.post(`${candor.url}/api/v1/engagements/${candor.seed.engagementId}/forecasts`, { data: { note: 'Baseline for the steering committee' } });
    expect(res.status()).toBe(201);
    const dark = await openBrowser(chromiumPath!, { bypassCSP: true, colorScheme: 'dark' });
    const phone = await openBrowser(chromiumPath!, { bypassCSP: true, viewport: { width: 375, height: 812 } });
    try {
      for (const [browser, name] of [
        [b, 'forecast-desktop'],
        [dark, 'forecast-dark'],
        [phone, 'forecast-phone'],
      ] as const) {
        await signInAs(browser, candor.url, 'lead');
        await openForecast(browser.page, base);
        await browser.page.getByLabel('Every scope (the engagement and each phase)').check();
        await settled(browser.page);
        // From the top, so the sticky header is drawn where it belongs.
        await browser.page.evaluate(() => window.scrollTo(0, 0));
        await browser.page.waitForTimeout(300);
        await browser.page.screenshot({ path: path.join(docsDir, `${name}.png`), fullPage: true });
      }
    } finally {
      await dark.close();
      await phone.close();
    }
  });
});

/** Ten weeks on without any time logged: the dates give way to a plain "no forecast" message, never an invalid date. */
describe.skipIf(!chromiumPath)('forecast page without a recent pace', () => {
  let candor: Candor;
  let b: Browser;
  const clock = new ManualClock(E2E_NOW);

  beforeAll(async () => {
    candor = await startCandor({ clock });
    clock.advance(10 * 7 * 86_400_000);
    b = await openBrowser(chromiumPath!, { bypassCSP: true });
  });

  afterAll(async () => {
    await b?.close();
    await candor?.close();
  });

  it('shows "no forecast: nobody has logged time in N weeks" as a warning', async () => {
    await signInAs(b, candor.url, 'lead');
    const page = b.page;
    await openForecast(page, `${candor.url}/engagements/${candor.seed.engagementId}`);
    const warning = page.getByTestId('no-forecast');
    expect(await warning.textContent()).toMatch(/No forecast: nobody has logged time in \d+ weeks/);
    expect(await page.getByTestId('dates').count()).toBe(0);
    expect(await page.getByTestId('effort-p85').textContent()).toMatch(/^[\d,]+ h$/);
    await expectNoBrokenValues(page);
    expect(await seriousViolations(page)).toEqual([]);
  });
});
