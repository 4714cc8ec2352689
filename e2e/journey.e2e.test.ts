import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Browser, type Candor, DEMO_PASSWORD, demoEmail, label, openBrowser, startCandor } from './harness';

const chromiumPath = inject('chromium');

const ENGAGEMENT = 'Warehouse analytics pilot';
const CLIENT_ORG = 'Nordlicht Freight';
const SPONSOR_EMAIL = 'greta.sponsor@nordlicht.example';
const SHARED_TITLE = 'Kick-off summary for Nordlicht';
const INTERNAL_TITLE = 'Margin worries we keep to ourselves';

/**
 * The main journey, through the real UI on the real server: a lead starts an
 * engagement, invites the client's sponsor, proposes a charter and writes
 * notes; the sponsor joins from the link, agrees the charter and sees the
 * shared note but never the internal one.
 */
describe.skipIf(!chromiumPath)('journey: from a new engagement to an agreed charter', () => {
  let candor: Candor;
  let lead: Browser;
  let sponsor: Browser;
  let engagementId = '';
  let invitationLink = '';

  beforeAll(async () => {
    candor = await startCandor();
    lead = await openBrowser(chromiumPath!);
    sponsor = await openBrowser(chromiumPath!);
  });

  afterAll(async () => {
    await lead?.close();
    await sponsor?.close();
    await candor?.close();
  });

  it('the lead signs in and starts an engagement with a new client organization', async () => {
    const page = lead.page;
    await page.goto(`${candor.url}/engagements`);
    await page.waitForURL(/\/sign-in/);
    await page.getByLabel(label('E-mail')).fill(demoEmail('lead'));
    await page.getByLabel(label('Password')).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/engagements$/);
    await page.getByRole('heading', { level: 1, name: 'Engagements' }).waitFor();

    await page.getByRole('button', { name: 'New engagement' }).click();
    const dialog = page.getByRole('dialog', { name: 'Start an engagement' });
    await dialog.getByLabel(label('Name')).fill(ENGAGEMENT);
    await dialog.getByLabel(label('Summary')).fill('Nordlicht wants to see stock levels per warehouse without asking IT.');
    await dialog.getByLabel(label('Client organization')).fill(CLIENT_ORG);
    await dialog.getByRole('button', { name: 'Start engagement' }).click();

    await page.waitForURL(/\/engagements\/[^/]+$/);
    engagementId = page.url().split('/').pop() ?? '';
    expect(engagementId).not.toBe('');
    await page.getByRole('heading', { level: 1, name: ENGAGEMENT }).waitFor();
    expect(await page.getByText(`${CLIENT_ORG} (client)`).count()).toBeGreaterThan(0);
  });

  it('the lead invites the sponsor by e-mail and, with no mail server, gets the link to pass on', async () => {
    const page = lead.page;
    await page.getByRole('navigation', { name: 'Engagement sections' }).getByRole('link', { name: 'Members' }).click();
    await page.getByRole('heading', { name: 'Invite someone' }).waitFor();
    await page.getByLabel(label('E-mail')).fill(SPONSOR_EMAIL);
    await page.getByRole('button', { name: 'Invite' }).click();
    const linkField = page.getByLabel(label('Invitation link'));
    await linkField.waitFor();
    invitationLink = await linkField.inputValue();
    expect(invitationLink).toMatch(new RegExp(`^${candor.url}/invitations/.+`));
    await page.getByRole('region', { name: 'Invitations table' }).getByText(SPONSOR_EMAIL).waitFor();
  });

  it('the lead proposes a charter with one outcome and one escalation level', async () => {
    const page = lead.page;
    await page.getByRole('navigation', { name: 'Engagement sections' }).getByRole('link', { name: 'Charter' }).click();
    await page.getByRole('link', { name: 'Draft the charter' }).first().click();
    await page.waitForURL(/\/charter\/edit$/);

    await page.getByLabel(label('Why this engagement exists')).fill('Warehouse managers answer stock questions themselves.');
    await page.getByRole('button', { name: 'Add outcome' }).click();
    const outcome = page.getByRole('group', { name: 'Outcome 1' });
    await outcome.getByLabel(label('Title')).fill('Stock questions answered without IT');
    await outcome.getByLabel(label('Indicator')).fill('Share of stock questions answered in the dashboard');
    await outcome.getByLabel(label('Unit')).fill('%');
    await outcome.getByLabel(label('Baseline')).fill('10');
    await outcome.getByLabel(label('Target')).fill('75');

    await page.getByRole('button', { name: 'Add level' }).click();
    const level = page.getByRole('group', { name: 'Level 1' });
    await level.getByLabel(label('Person or role')).fill('Engagement lead');
    await level.getByLabel(label('Response time (hours)')).fill('24');

    await page.getByLabel(label('Note to the other side')).fill('First draft from our call.');
    const [proposed] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith(`/engagements/${engagementId}/charter/versions`) && r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Propose this version' }).click(),
    ]);
    expect(proposed.status()).toBe(201);
    await page.waitForURL(/\/charter$/);
    await page.getByText('Version 1 is proposed and awaits the client side').waitFor();
  });

  it('the lead writes one shared and one internal note', async () => {
    const page = lead.page;
    const notesNav = page.getByRole('navigation', { name: 'Engagement sections' }).getByRole('link', { name: 'Notes' });
    await notesNav.click();

    await page.getByRole('link', { name: 'Write a note' }).first().click();
    await page.getByLabel(label('Title')).fill(SHARED_TITLE);
    await page.getByLabel(label('Text')).fill('## Agreed\n\n- Weekly check-in on Mondays\n- Pilot with the Hamburg warehouse');
    await page.getByRole('button', { name: 'Add note' }).click();
    await page.waitForURL(/\/notes$/);
    await page.getByRole('heading', { name: SHARED_TITLE }).waitFor();

    await page.getByRole('link', { name: 'Write a note' }).first().click();
    await page.getByLabel(label('Title')).fill(INTERNAL_TITLE);
    await page.getByLabel('Internal (provider only)').check();
    await page.getByLabel(label('Text')).fill('Fixed price is tight; do not offer extra dashboards for free.');
    await page.getByRole('button', { name: 'Add note' }).click();
    await page.waitForURL(/\/notes$/);
    const internalCard = page.getByRole('article', { name: INTERNAL_TITLE });
    await internalCard.waitFor();
    expect(await internalCard.getByText('Internal', { exact: true }).isVisible()).toBe(true);
    expect(lead.console.filter((l) => l.text.includes('Content Security Policy'))).toEqual([]);
  });

  it('the invited sponsor opens the link in a fresh browser, creates an account and lands in the engagement', async () => {
    const page = sponsor.page;
    await page.goto(invitationLink);
    await page.getByRole('heading', { level: 1, name: `Join “${ENGAGEMENT}”` }).waitFor();
    await page.getByLabel(label('Your name')).fill('Greta Lindqvist');
    await page.getByLabel(label('Password')).fill('greta-password-1');
    await page.getByLabel(label('Repeat the password')).fill('greta-password-1');
    await page.getByRole('button', { name: 'Create account and join' }).click();
    await page.waitForURL(new RegExp(`/engagements/${engagementId}$`));
    await page.getByRole('heading', { level: 1, name: ENGAGEMENT }).waitFor();
    await page.getByText('Sponsor', { exact: true }).first().waitFor();
  });

  it('the sponsor agrees the charter and sees it as agreed', async () => {
    const page = sponsor.page;
    await page.getByRole('link', { name: 'Review and accept' }).first().click();
    await page.waitForURL(/\/charter$/);
    const [accepted] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/charter/versions/') && r.url().endsWith('/accept')),
      page.getByRole('button', { name: 'Accept version 1' }).click(),
    ]);
    expect(accepted.status()).toBe(200);
    await page.getByText('Agreed by both sides').waitFor();
    await page.getByRole('heading', { name: 'Agreed charter (version 1)' }).waitFor();

    await page.getByRole('navigation', { name: 'Engagement sections' }).getByRole('link', { name: 'Overview' }).click();
    await page.getByText('Charter agreed', { exact: true }).filter({ visible: true }).first().waitFor();
    await page.getByRole('heading', { name: 'Stock questions answered without IT' }).waitFor();
  });

  it('the sponsor sees the shared note and never the internal one, neither on the page nor in the API answers', async () => {
    const page = sponsor.page;
    const noteBodies: string[] = [];
    const reading: Promise<void>[] = [];
    // bodies are read as they arrive; one discarded by a later navigation cannot be read (and is not counted)
    const onResponse = (r: { url(): string; text(): Promise<string> }) => {
      if (/\/api\/v1\/engagements\/[^/]+\/notes(\?|$)/.test(r.url())) {
        reading.push(r.text().then((b) => void noteBodies.push(b), () => undefined));
      }
    };
    page.on('response', onResponse);
    await Promise.all([
      page.waitForResponse((r) => /\/api\/v1\/engagements\/[^/]+\/notes(\?|$)/.test(r.url())),
      page.getByRole('navigation', { name: 'Engagement sections' }).getByRole('link', { name: 'Notes' }).click(),
    ]);
    await page.getByRole('heading', { name: SHARED_TITLE }).waitFor();
    await Promise.all(reading);
    page.off('response', onResponse);

    expect(noteBodies.length).toBeGreaterThan(0);
    for (const body of noteBodies) {
      expect(body).toContain(SHARED_TITLE);
      expect(body).not.toContain(INTERNAL_TITLE);
    }
    expect(await page.content()).not.toContain(INTERNAL_TITLE);
    // The client side is never offered the internal option or filter.
    expect(await page.getByLabel('Visibility').count()).toBe(0);
    await page.getByRole('link', { name: 'Write a note' }).first().click();
    await page.getByLabel(label('Title')).waitFor();
    expect(await page.getByLabel('Internal (provider only)').count()).toBe(0);
    expect(sponsor.console.filter((l) => l.type === 'pageerror')).toEqual([]);
  });
});
