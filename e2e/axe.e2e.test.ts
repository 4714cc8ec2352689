import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Browser, type Candor, type DemoKey, openBrowser, settled, signInAs, startCandor } from './harness';
import { seriousViolations } from './axe';

const chromiumPath = inject('chromium');

/**
 * Zero serious or critical axe-core violations on every page, for the demo
 * data: as the lead, as the client's sponsor, and as the admin; light and dark.
 * (axe is injected as a script, so these contexts bypass the CSP, which forbids inline scripts.)
 */
describe.skipIf(!chromiumPath)('accessibility (axe-core): no serious or critical violations', () => {
  let candor: Candor;
  let light: Browser;
  let dark: Browser;
  let phone: Browser;
  let id = '';
  let invitationPath = '';

  beforeAll(async () => {
    candor = await startCandor();
    id = candor.seed.engagementId;
    light = await openBrowser(chromiumPath!, { bypassCSP: true, colorScheme: 'light' });
    dark = await openBrowser(chromiumPath!, { bypassCSP: true, colorScheme: 'dark' });
    phone = await openBrowser(chromiumPath!, { bypassCSP: true, viewport: { width: 375, height: 812 } });
    // An open invitation, for the invitation page.
    await signInAs(light, candor.url, 'lead');
    const res = await light.page.request.post(`${candor.url}/api/v1/engagements/${id}/invitations`, {
      data: { email: 'new.stakeholder@fjord.example', role: 'stakeholder' },
      headers: { origin: candor.url },
    });
    expect(res.status()).toBe(201);
    invitationPath = new URL(((await res.json()) as { link: string }).link).pathname;
  });

  afterAll(async () => {
    await light?.close();
    await dark?.close();
    await phone?.close();
    await candor?.close();
  });

  // Paths with :id (the demo engagement) and :invitation (an open invitation link).
  const pages: [who: DemoKey | null, path: string][] = [
    [null, '/sign-in'],
    [null, '/forgot-password'],
    [null, '/reset-password?token=not-a-real-token-0000'],
    [null, ':invitation'],
    ['lead', '/engagements'],
    ['lead', '/engagements/:id'],
    ['lead', '/engagements/:id/charter'],
    ['lead', '/engagements/:id/charter/edit'],
    ['lead', '/engagements/:id/notes'],
    ['lead', '/engagements/:id/notes/new'],
    ['lead', '/engagements/:id/members'],
    ['lead', '/engagements/:id/activity'],
    ['lead', '/engagements/:id/glossary'],
    ['lead', '/engagements/:id/trust'],
    ['lead', '/engagements/:id/webhooks'],
    ['lead', '/engagements/:id/report'],
    ['lead', '/api/v1/engagements/:id/report?from=2026-10-01'],
    ['lead', '/search?q=carrier'],
    ['lead', '/profile'],
    ['sponsor', '/engagements/:id'],
    ['sponsor', '/engagements/:id/charter'],
    ['sponsor', '/engagements/:id/notes'],
    ['sponsor', '/engagements/:id/members'],
    ['sponsor', '/engagements/:id/activity'],
    ['sponsor', '/engagements/:id/glossary'],
    ['sponsor', '/engagements/:id/trust'],
    ['sponsor', '/engagements/:id/webhooks'],
    ['sponsor', '/engagements/:id/report'],
    ['sponsor', '/api/v1/engagements/:id/report?from=2026-10-01'],
    ['admin', '/admin'],
    ['admin', '/admin?tab=organizations'],
    ['admin', '/admin?tab=log'],
  ];

  async function check(b: Browser, who: DemoKey | null, template: string) {
    const path = template.replace(':id', id).replace(':invitation', invitationPath);
    if (who) await signInAs(b, candor.url, who);
    else await b.context.clearCookies();
    await b.page.goto(`${candor.url}${path}`);
    await settled(b.page);
    const found = await seriousViolations(b.page);
    expect(found, `${who ?? 'anonymous'} at ${path}:\n${found.join('\n')}`).toEqual([]);
  }

  it.each(pages)('light: %s %s', async (who, path) => check(light, who, path));
  it.each(pages)('dark: %s %s', async (who, path) => check(dark, who, path));
  it.each(pages.filter(([, p]) => /engagements\/|\/admin$|sign-in/.test(p)))('phone 375px: %s %s', async (who, path) =>
    check(phone, who, path),
  );

  it('the audit verification result is accessible too', async () => {
    await signInAs(light, candor.url, 'sponsor');
    await light.page.goto(`${candor.url}/engagements/${id}/activity`);
    await settled(light.page);
    await light.page.getByRole('button', { name: 'Verify the chain' }).click();
    await light.page.getByText('Intact: nothing was changed or removed').waitFor();
    expect(await seriousViolations(light.page)).toEqual([]);
  });

  it('reports long main-thread tasks on the overview (informational, not asserted)', async () => {
    await signInAs(light, candor.url, 'lead');
    const before = light.console.length;
    await light.page.goto(`${candor.url}/engagements/${id}`);
    await settled(light.page);
    const tasks = light.console.slice(before).filter((l) => l.text.startsWith('[candor:longtask]'));
    const total = tasks.reduce((sum, t) => sum + Number(/(\d+)ms/.exec(t.text)?.[1] ?? 0), 0);
    console.log(`[e2e] overview long tasks: ${tasks.length} (${total} ms in total)${tasks.length ? `: ${tasks.map((t) => t.text.replace('[candor:longtask] ', '')).join(', ')}` : ''}`);
  });
});
