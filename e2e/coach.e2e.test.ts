import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { animationsSettled, seriousViolations } from './axe';
import { type Browser, type Candor, label, openBrowser, settled, signInAs, startCandor } from './harness';

const chromiumPath = inject('chromium');

/**
 * The coach in the decision request form: a vague sentence typed into the
 * context gets an underline and a flag in the list (announced through a live
 * region the field names in aria-describedby); "Apply rewrite" replaces the
 * passage; a dismissal sends only the rule and the reason. axe-clean with
 * flags showing, light and dark.
 */
describe.skipIf(!chromiumPath)('the communication coach in a form', () => {
  let candor: Candor;
  let b: Browser;
  let id = '';

  beforeAll(async () => {
    candor = await startCandor();
    id = candor.seed.engagementId;
    b = await openBrowser(chromiumPath!);
  });
  afterAll(async () => {
    await b?.close();
    await candor?.close();
  });

  it('flags a vague sentence as it is typed and applies the rewrite', async () => {
    const page = b.page;
    await signInAs(b, candor.url, 'lead');
    await page.goto(`${candor.url}/engagements/${id}/decisions/new`);
    await settled(page);
    const context = page.getByLabel(label('Context'));
    await context.pressSequentially('We will send the revised estimate soon.', { delay: 5 });
    const list = page.getByRole('list', { name: 'Coach suggestions for Context' });
    const item = list.getByRole('listitem').filter({ hasText: 'Vague time' });
    await item.waitFor();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'from the coach' }).first().textContent()).toBe('1 suggestion from the coach.');
    // the field points screen readers at the list; the underline is decoration only
    const describedBy = (await context.getAttribute('aria-describedby')) ?? '';
    expect(await page.locator(`[id="${describedBy.split(' ').at(-1)}"]`).getByRole('list').count()).toBe(1);
    expect(await page.locator('[data-coach-backdrop] mark[data-category="vague-time"]').textContent()).toBe('soon');
    expect(await page.locator('[data-coach-backdrop]').first().getAttribute('aria-hidden')).toBe('true');

    await item.getByRole('button', { name: /Apply rewrite: “soon”/ }).click();
    await expect.poll(() => context.inputValue()).toBe('We will send the revised estimate by [date].');
    await list.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'coach' }).first().textContent()).toBe('No suggestions from the coach.');
  });

  it('dismisses a flag with a reason, sending only the rule and the reason', async () => {
    const page = b.page;
    const recommendation = page.getByLabel(label('Our recommendation'));
    await recommendation.fill('Mistakes were made in the import.');
    const item = page.getByRole('list', { name: 'Coach suggestions for Our recommendation' }).getByRole('listitem').filter({ hasText: 'Hidden ownership' });
    await item.waitFor();
    await item.getByRole('button', { name: /^Dismiss/ }).click();
    await page.getByLabel('Why does it not fit? (optional)').fill('It is a quote from the client');
    const [sent] = await Promise.all([
      page.waitForRequest((r) => r.url().endsWith('/api/v1/coach/dismissals') && r.method() === 'POST'),
      page.getByRole('dialog').getByRole('button', { name: 'Dismiss' }).click(),
    ]);
    expect(sent.postDataJSON()).toEqual({ category: 'hidden-ownership', rule: 'agentless-passive', reason: 'It is a quote from the client' });
    await item.waitFor({ state: 'detached' });
    expect(await recommendation.inputValue()).toBe('Mistakes were made in the import.');
  });

  it('coaches the status update: a vague sentence typed into the update gets its rewrite applied', async () => {
    const page = b.page;
    await signInAs(b, candor.url, 'lead');
    await page.goto(`${candor.url}/engagements/${id}/status-updates/new`);
    await settled(page);
    const update = page.getByLabel(label('Update (Markdown)'));
    await update.waitFor();
    await update.press('ControlOrMeta+End');
    await update.pressSequentially('\n\nWe will share the carrier test results soon.', { delay: 5 });
    const item = page.getByRole('list', { name: 'Coach suggestions for Update (Markdown)' }).getByRole('listitem').filter({ hasText: 'Vague time' }).filter({ hasText: 'soon' });
    await item.waitFor();
    await item.getByRole('button', { name: /Apply rewrite: “soon”/ }).click();
    await expect.poll(async () => (await update.inputValue()).trimEnd().endsWith('We will share the carrier test results by [date].')).toBe(true);
  });

  it('the glossary: the lead keeps it, the sponsor reads it and sees a term’s explanation where it appears', async () => {
    const page = b.page;
    await signInAs(b, candor.url, 'lead');
    await page.goto(`${candor.url}/engagements/${id}/glossary`);
    await settled(page);
    await page.getByLabel(label('Term')).fill('Go-live');
    await page.getByLabel(label('Plain explanation')).fill('The day the new portal is switched on for all shippers.');
    await page.getByRole('button', { name: 'Add the term' }).click();
    await page.locator('[data-term="Go-live"]').waitFor();
    // the coach no longer flags a glossary term as jargon
    await page.goto(`${candor.url}/engagements/${id}/decisions/new`);
    await settled(page);
    await page.getByLabel(label('Context')).fill('The p95 of the tracking page and the webhook retries are fine.');
    const jargon = page.getByRole('list', { name: 'Coach suggestions for Context' }).getByRole('listitem').filter({ hasText: 'Unexplained jargon' });
    await jargon.first().waitFor();
    expect(await jargon.allTextContents()).toEqual([expect.stringContaining('p95')]);

    await signInAs(b, candor.url, 'sponsor');
    await page.goto(`${candor.url}/engagements/${id}/glossary`);
    await settled(page);
    expect(await page.getByRole('button', { name: 'Add the term' }).count()).toBe(0);
    expect(await page.locator('[data-term]').count()).toBe(4);
    await page.goto(`${candor.url}/engagements/${id}/notes`);
    await settled(page);
    const term = page.locator('[data-glossary-term]').filter({ hasText: /^webhook$/ });
    await term.first().waitFor();
    const describedBy = await term.first().getAttribute('aria-describedby');
    expect(await page.locator(`[id="${describedBy}"]`).textContent()).toContain('the moment something happens');
    await term.first().focus();
    await page.getByRole('tooltip').filter({ hasText: 'the moment something happens' }).waitFor();
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`is axe-clean with flags showing (${scheme})`, async () => {
      const v = await openBrowser(chromiumPath!, { colorScheme: scheme, bypassCSP: true });
      try {
        await signInAs(v, candor.url, 'lead');
        await v.page.goto(`${candor.url}/engagements/${id}/decisions/new`);
        await settled(v.page);
        await v.page.getByLabel(label('Context')).fill('Would it be possible to get root access for John? We will hopefully finish soon.');
        await v.page.getByRole('list', { name: 'Coach suggestions for Context' }).getByRole('listitem').nth(2).waitFor();
        await animationsSettled(v.page);
        expect(await seriousViolations(v.page)).toEqual([]);
      } finally {
        await v.close();
      }
    });
  }
});
