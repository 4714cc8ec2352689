import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { animationsSettled, seriousViolations } from './axe';
import { type Browser, type Candor, type DemoKey, label, openBrowser, settled, signInAs, startCandor } from './harness';

const chromiumPath = inject('chromium');
const SHOTS = process.env.CANDOR_SHOTS_DIR ?? '/tmp/candor-people-shots';

/**
 * People, not names, in the browser (ADR 0016): the charter editor's RACI
 * and the RAID form pick members of the engagement; someone who is not a
 * member is named as a third party and the page says so. The overview's
 * recent activity reads as sentences with links to their objects. Pages
 * pass axe-core, light, dark and at 375 px.
 */
describe.skipIf(!chromiumPath)('people pickers and activity sentences', () => {
  let candor: Candor;
  let b: Browser;
  let id = '';

  beforeAll(async () => {
    candor = await startCandor();
    id = candor.seed.engagementId;
    b = await openBrowser(chromiumPath!);
    mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await b?.close();
    await candor?.close();
  });

  it('the charter editor picks RACI members; a third party is named and marked as not a member', async () => {
    const page = b.page;
    await signInAs(b, candor.url, 'lead');
    await page.goto(`${candor.url}/engagements/${id}/charter/edit`);
    await settled(page);
    const budget = page.getByRole('group', { name: 'Decision 2: budget' });
    const accountable = budget.getByLabel(label('Accountable'));
    await expect.poll(() => accountable.inputValue()).toBe('Ingrid Halvorsen'); // the seed's name, stored as the member
    await accountable.click();
    await page.getByRole('option', { name: 'Not a member (third party)…' }).click();
    await budget.getByLabel('Accountable: name of the third party').fill('Jonas Berg');
    // responsible: pick a second member from the list
    const responsible = budget.getByLabel(label('Responsible'));
    await responsible.click();
    await page.getByRole('option', { name: 'Tom Reyes' }).click();
    await page.keyboard.press('Escape');
    await page.screenshot({ path: path.join(SHOTS, 'charter-raci-picker.png'), fullPage: false, clip: (await budget.boundingBox()) ?? undefined });
    const [res] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith(`/engagements/${id}/charter/versions`) && r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Propose this version' }).click(),
    ]);
    expect(res.status()).toBe(201);
    const row = (await res.json()).body.collaboration.find((r: { decisionKind: string }) => r.decisionKind === 'budget');
    expect(row.accountable).toEqual({ userId: null, name: 'Jonas Berg', external: true, unresolved: false });
    expect(row.responsible.map((p: { userId: string }) => p.userId)).toEqual([candor.seed.users.lead, candor.seed.users.member]);
    await page.waitForURL(/\/charter$/);
    await settled(page);
    await page.getByText('Jonas Berg (not a member)').first().waitFor();
  });

  it('the RAID form picks the owner among members, or names a third party', async () => {
    const page = b.page;
    await page.goto(`${candor.url}/engagements/${id}/raid`);
    await settled(page);
    await page.getByRole('button', { name: 'Add to the log' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add to the RAID log' });
    await dialog.getByText('Dependency', { exact: true }).first().click();
    await dialog.getByLabel(label('Title')).fill('Signed data-processing agreement from carrier D');
    await dialog.getByLabel(label('Owner')).click();
    await page.getByRole('option', { name: 'Not a member (third party)…' }).click();
    await dialog.getByLabel('Owner: name of the third party').fill('Carrier D legal team');
    await dialog.getByText('Not a member of this engagement', { exact: false }).waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'raid-owner-picker.png') });
    const [res] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith(`/engagements/${id}/raid`) && r.request().method() === 'POST'),
      dialog.getByRole('button', { name: 'Add the dependency' }).click(),
    ]);
    expect(res.status(), await res.text()).toBe(201);
    expect((await res.json()).ownerPerson).toEqual({ userId: null, name: 'Carrier D legal team', external: true, unresolved: false });
    await page.waitForURL(/\/raid\/[^/]+$/);
    await settled(page);
    await page.getByText('Carrier D legal team (not a member)').waitFor();

    // and a member, picked from the list: stored by id
    await page.getByRole('button', { name: 'Edit' }).click();
    const edit = page.getByRole('dialog');
    await edit.getByLabel(label('Owner')).click();
    await page.getByRole('option', { name: 'Sam Patel' }).click();
    const [patched] = await Promise.all([
      page.waitForResponse((r) => /\/raid\/[^/]+$/.test(r.url()) && r.request().method() === 'PATCH'),
      edit.getByRole('button', { name: /^Save/ }).click(),
    ]);
    expect((await patched.json()).item.ownerPerson).toMatchObject({ userId: candor.seed.users.stakeholder, name: 'Sam Patel', external: false });
  });

  it('recent activity on the overview reads as sentences with links to their objects', async () => {
    const page = b.page;
    await page.goto(`${candor.url}/engagements/${id}`);
    await settled(page);
    const activity = page.getByRole('region', { name: 'Recent activity' }).or(page.locator('section', { has: page.getByRole('heading', { name: 'Recent activity' }) })).first();
    await activity.getByText(/added the dependency/).first().waitFor();
    const link = activity.getByRole('link', { name: 'Signed data-processing agreement from carrier D' }).first();
    await link.waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'overview-activity.png'), fullPage: true });
    await link.click();
    await page.waitForURL(/\/raid\/[^/]+$/);
    await settled(page);
    await page.getByRole('heading', { level: 2, name: 'Signed data-processing agreement from carrier D' }).waitFor();
  });

  describe('accessibility (axe-core) and screenshots', () => {
    const pages: [who: DemoKey, p: string, name: string][] = [
      ['lead', '/charter/edit', 'charter-edit'],
      ['lead', '', 'overview'],
      ['lead', '/activity', 'activity'],
      ['sponsor', '', 'overview'],
      ['sponsor', '/activity', 'activity'],
      ['sponsor', '/charter', 'charter'],
    ];
    for (const [scheme, width] of [
      ['light', 1280],
      ['dark', 1280],
      ['dark', 375],
    ] as const) {
      it.each(pages)(`${scheme} ${width}px: %s %s`, async (who, p, name) => {
        const x = await openBrowser(chromiumPath!, { bypassCSP: true, colorScheme: scheme, viewport: { width, height: width === 375 ? 812 : 900 } });
        try {
          await signInAs(x, candor.url, who);
          await x.page.goto(`${candor.url}/engagements/${id}${p}`);
          await settled(x.page);
          await animationsSettled(x.page);
          const found = await seriousViolations(x.page);
          expect(found, `${who} at ${p}:\n${found.join('\n')}`).toEqual([]);
          const overflow = await x.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          expect(overflow, `${who} at ${p} scrolls sideways at ${width}px`).toBeLessThanOrEqual(0);
          await x.page.screenshot({ path: path.join(SHOTS, `${name}-${who}-${scheme}-${width}.png`), fullPage: true });
        } finally {
          await x.close();
        }
      });
    }
  });
});
