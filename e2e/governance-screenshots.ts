/**
 * Screenshots of the governance pages, to look at (not a test):
 *   npx vite build && npx tsx e2e/governance-screenshots.ts [outDir] [--docs]
 * With --docs it also writes docs/screenshots/raid-register.png and escalation.png.
 * Starts the server in-process on a test clock, plays three weeks of RAID,
 * decisions and escalations through the API, and photographs each page.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { ManualClock } from '../src/server/clock';
import { enqueue, runDueJobs } from '../src/server/jobs/queue';
import { JOB_HANDLERS } from '../src/server/jobs/registry';
import { seedGovernance } from './governance-fixtures';
import { type Browser, type DemoKey, openBrowser, settled, signInAs, startCandor, E2E_NOW } from './harness';

const args = process.argv.slice(2);
const out = path.resolve(args.find((a) => !a.startsWith('--')) ?? '/tmp/govshots');
const docs = args.includes('--docs');
mkdirSync(out, { recursive: true });
const chromium = process.env.CANDOR_CHROMIUM ?? '/usr/bin/chromium';

const clock = new ManualClock(new Date(E2E_NOW.getTime() - 20 * 86_400_000));
const candor = await startCandor({ clock });
const id = candor.seed.engagementId;
const fx = await seedGovernance(candor.url, id, { clock, runJobs: () => runDueJobs(candor.deps, JOB_HANDLERS) });
clock.set(E2E_NOW);
await runDueJobs(candor.deps, JOB_HANDLERS);
// One job that keeps failing, for the admin's Jobs tab.
await enqueue(candor.deps.db, candor.deps, 'report.weekly', { engagementId: id }, { maxAttempts: 1 });
await runDueJobs(candor.deps, JOB_HANDLERS);

const desktop = await openBrowser(chromium, { colorScheme: 'light' });
const phone = await openBrowser(chromium, { colorScheme: 'dark', viewport: { width: 375, height: 812 } });

async function shot(b: Browser, who: DemoKey, pagePath: string, name: string, fullPage = true) {
  await signInAs(b, candor.url, who);
  await b.page.goto(`${candor.url}${pagePath.replace(':id', id)}`);
  await settled(b.page);
  await b.page.waitForTimeout(300);
  const file = path.join(out, `${name}.png`);
  await b.page.screenshot({ path: file, fullPage });
  console.log(file);
  // Tall phone pages also in parts, readable one screen at a time.
  const height = await b.page.evaluate(() => document.documentElement.scrollHeight);
  const width = b.page.viewportSize()?.width ?? 1280;
  if (width < 600 && height > 1600) {
    for (let y = 0, n = 1; y < height; y += 1400, n += 1) {
      await b.page.screenshot({ path: path.join(out, `${name}.part${n}.png`), fullPage: true, clip: { x: 0, y, width, height: Math.min(1400, height - y) } });
    }
  }
}

try {
  await shot(desktop, 'lead', '/engagements/:id/raid', 'raid-lead-light');
  await shot(desktop, 'sponsor', '/engagements/:id/raid', 'raid-sponsor-light');
  await shot(desktop, 'lead', `/engagements/:id/raid/${fx.riskId}`, 'raid-risk-light');
  await shot(desktop, 'lead', `/engagements/:id/raid/${fx.issueId}`, 'raid-issue-light');
  await shot(desktop, 'lead', `/engagements/:id/raid/${fx.overdueDependencyId}`, 'raid-dependency-light');
  await shot(desktop, 'lead', '/engagements/:id/decisions', 'decisions-light');
  await shot(desktop, 'lead', `/engagements/:id/decisions/${fx.decidedDecisionId}`, 'decision-decided-light');
  await shot(desktop, 'sponsor', `/engagements/:id/decisions/${fx.openDecisionId}`, 'decision-sponsor-decide-light');
  if (fx.overdueDecisionId) await shot(desktop, 'stakeholder', `/engagements/:id/decisions/${fx.overdueDecisionId}`, 'decision-overdue-light');
  await shot(desktop, 'lead', '/engagements/:id/decisions/new', 'decision-new-light');
  await shot(desktop, 'lead', '/engagements/:id/escalations', 'escalations-light');
  await shot(desktop, 'lead', `/engagements/:id/escalations/${fx.escalationId}`, 'escalation-lead-light');
  await shot(desktop, 'stakeholder', `/engagements/:id/escalations/${fx.escalationId}`, 'escalation-stakeholder-light');
  await shot(desktop, 'lead', '/engagements/:id', 'overview-lead-light');
  await shot(desktop, 'sponsor', '/engagements/:id', 'overview-sponsor-light');
  await shot(desktop, 'sponsor', '/notifications', 'notifications-light');
  await shot(desktop, 'admin', '/admin?tab=jobs', 'admin-jobs-light', false);
  await signInAs(desktop, candor.url, 'sponsor');
  await desktop.page.goto(`${candor.url}/engagements/${id}`);
  await settled(desktop.page);
  await desktop.page.getByRole('button', { name: /^Notifications/ }).click();
  await desktop.page.getByRole('dialog', { name: 'Notifications' }).waitFor();
  await desktop.page.waitForTimeout(500);
  await desktop.page.screenshot({ path: path.join(out, 'bell-light.png') });

  if (docs) {
    const docsDir = path.resolve(import.meta.dirname, '../docs/screenshots');
    await signInAs(desktop, candor.url, 'lead');
    await desktop.page.goto(`${candor.url}/engagements/${id}/raid`);
    await settled(desktop.page);
    await desktop.page.screenshot({ path: path.join(docsDir, 'raid-register.png'), fullPage: true, clip: { x: 0, y: 0, width: 1280, height: 1750 } });
    await desktop.page.goto(`${candor.url}/engagements/${id}/escalations/${fx.escalationId}`);
    await settled(desktop.page);
    await desktop.page.screenshot({ path: path.join(docsDir, 'escalation.png'), fullPage: true });
    console.log(path.join(docsDir, 'raid-register.png'), path.join(docsDir, 'escalation.png'));
  }

  await shot(phone, 'lead', '/engagements/:id/raid', 'raid-lead-phone-dark');
  await shot(phone, 'sponsor', `/engagements/:id/raid/${fx.overdueDependencyId}`, 'raid-dependency-phone-dark');
  await shot(phone, 'lead', `/engagements/:id/escalations/${fx.escalationId}`, 'escalation-lead-phone-dark');
  await shot(phone, 'stakeholder', '/engagements/:id/escalations', 'escalations-phone-dark');
  await shot(phone, 'sponsor', `/engagements/:id/decisions/${fx.openDecisionId}`, 'decision-phone-dark');
  await shot(phone, 'lead', '/engagements/:id/decisions/new', 'decision-new-phone-dark');
  await shot(phone, 'sponsor', '/engagements/:id', 'overview-phone-dark');
} finally {
  await desktop.close();
  await phone.close();
  await candor.close();
}
