import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { enqueue, runDueJobs } from '../src/server/jobs/queue';
import { JOB_HANDLERS } from '../src/server/jobs/registry';
import { type GovernanceFixture, seedGovernance } from './governance-fixtures';
import { type Browser, type Candor, type DemoKey, openBrowser, settled, signInAs, startCandor } from './harness';
import { animationsSettled, seriousViolations } from './axe';

const chromiumPath = inject('chromium');

/**
 * The governance pages (RAID log, decisions, escalations, notifications, the
 * admin's jobs) with data in them, as the lead and as the client's sponsor:
 * zero serious or critical axe-core violations, light and dark, and at phone
 * width; dialogs and the notification dropdown included.
 */
describe.skipIf(!chromiumPath)('accessibility (axe-core) of the governance pages', () => {
  let candor: Candor;
  let light: Browser;
  let dark: Browser;
  let phone: Browser;
  let fx: GovernanceFixture;

  beforeAll(async () => {
    candor = await startCandor();
    fx = await seedGovernance(candor.url, candor.seed.engagementId);
    // A job that failed for good, for the admin's Jobs tab.
    await enqueue(candor.deps.db, candor.deps, 'report.unknown', {}, { maxAttempts: 1 });
    await runDueJobs(candor.deps, JOB_HANDLERS);
    light = await openBrowser(chromiumPath!, { bypassCSP: true, colorScheme: 'light' });
    dark = await openBrowser(chromiumPath!, { bypassCSP: true, colorScheme: 'dark' });
    phone = await openBrowser(chromiumPath!, { bypassCSP: true, colorScheme: 'dark', viewport: { width: 375, height: 812 } });
  });

  afterAll(async () => {
    await light?.close();
    await dark?.close();
    await phone?.close();
    await candor?.close();
  });

  const E = '/engagements/:id';
  const pages: [who: DemoKey, path: string][] = [
    ['lead', E],
    ['lead', `${E}/raid`],
    ['lead', `${E}/raid?type=dependency&overdue=true`],
    ['lead', `${E}/raid/:risk`],
    ['lead', `${E}/raid/:issue`],
    ['lead', `${E}/raid/:dependency`],
    ['lead', `${E}/decisions`],
    ['lead', `${E}/decisions/new`],
    ['lead', `${E}/decisions/:decided`],
    ['lead', `${E}/decisions/:open`],
    ['lead', `${E}/escalations`],
    ['lead', `${E}/escalations/:escalation`],
    ['lead', '/notifications'],
    ['sponsor', E],
    ['sponsor', `${E}/raid`],
    ['sponsor', `${E}/raid/:assumption`],
    ['sponsor', `${E}/decisions`],
    ['sponsor', `${E}/decisions/:open`],
    ['sponsor', `${E}/decisions/new`],
    ['sponsor', `${E}/escalations`],
    ['sponsor', `${E}/escalations/:escalation`],
    ['sponsor', '/notifications'],
    ['admin', '/admin?tab=jobs'],
  ];

  const resolve = (template: string) =>
    template
      .replace(':id', candor.seed.engagementId)
      .replace(':risk', fx.riskId)
      .replace(':issue', fx.issueId)
      .replace(':dependency', fx.overdueDependencyId)
      .replace(':assumption', fx.assumptionId)
      .replace(':decided', fx.decidedDecisionId)
      .replace(':open', fx.openDecisionId)
      .replace(':escalation', fx.escalationId);

  async function open(b: Browser, who: DemoKey, template: string) {
    await signInAs(b, candor.url, who);
    await b.page.goto(`${candor.url}${resolve(template)}`);
    await settled(b.page);
  }

  async function check(b: Browser, who: DemoKey, template: string) {
    await open(b, who, template);
    const found = await seriousViolations(b.page);
    expect(found, `${who} at ${resolve(template)}:\n${found.join('\n')}`).toEqual([]);
  }

  it.each(pages)('light: %s %s', async (who, path) => check(light, who, path));
  it.each(pages)('dark: %s %s', async (who, path) => check(dark, who, path));
  it.each(pages.filter(([, p]) => /raid|escalations|decisions\/:open/.test(p)))('phone 375px, dark: %s %s', async (who, path) => check(phone, who, path));

  it('the dialogs and dropdowns are accessible too', async () => {
    const page = light.page;
    const expectClean = async (where: string) => {
      // Dialogs fade in: check once no transition runs (half-transparent text reads as low contrast).
      await animationsSettled(page);
      const found = await seriousViolations(page);
      expect(found, `${where}:\n${found.join('\n')}`).toEqual([]);
    };

    await open(light, 'lead', `${E}/raid`);
    await page.getByRole('button', { name: 'Add to the log' }).click();
    await page.getByRole('dialog', { name: 'Add to the RAID log' }).waitFor();
    await expectClean('the add-to-log dialog (risk)');
    await page.getByRole('dialog').getByText('Dependency', { exact: true }).click();
    await page.getByLabel('Needed by').waitFor();
    await expectClean('the add-to-log dialog (dependency)');
    await page.keyboard.press('Escape');

    await page.getByRole('button', { name: 'Show the numbers as a table' }).click();
    await expectClean('the matrix as a table');

    await open(light, 'sponsor', `${E}/escalations`);
    await page.getByRole('button', { name: 'Raise an escalation' }).click();
    await page.getByRole('dialog', { name: 'Raise an escalation' }).waitFor();
    await expectClean('the raise-escalation dialog');
    await page.keyboard.press('Escape');

    await open(light, 'lead', `${E}/escalations/:escalation`);
    await page.getByRole('button', { name: 'Resolve' }).click();
    await page.getByRole('dialog', { name: 'Resolve the escalation' }).waitFor();
    await expectClean('the resolve dialog');
    await page.keyboard.press('Escape');

    await page.getByRole('button', { name: /^Notifications/ }).click();
    await page.getByRole('dialog', { name: 'Notifications' }).waitFor();
    await expectClean('the notifications dropdown');
  });
});
