import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ManualClock } from '../src/server/clock';
import { runDueJobs } from '../src/server/jobs/queue';
import { JOB_HANDLERS } from '../src/server/jobs/registry';
import { ApiClient } from './governance-fixtures';
import { type Browser, type Candor, label, openBrowser, settled, signInAs, startCandor, E2E_NOW } from './harness';

const chromiumPath = inject('chromium');
const HOUR = 3_600_000;
const DECISION = 'Which carriers to integrate first';
const LEVEL_1 = 'Tom Reyes (team member)';
const LEVEL_2 = 'Maya Okafor (engagement lead)';

interface CharterState {
  agreed: { body: Record<string, unknown> } | null;
}

/** The escalation page as the test reads it: the level marked current and the timeline's event kinds in order. */
async function ladderState(page: Page) {
  const current = ((await page.getByRole('list', { name: 'Escalation ladder' }).locator('li[aria-current="step"]').textContent()) ?? '').replace(/\s+/g, ' ');
  const kinds = await page.locator('[data-kind]').evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')));
  return { current, kinds };
}

/**
 * Escalations climb on their own, end to end on a test clock: a client
 * stakeholder escalates an overdue decision in the UI; level 1 (a team member)
 * does not answer; once its response time has passed and the due jobs ran,
 * the escalation rests with level 2 (the lead), who acknowledges and resolves
 * it in the UI. Both sides see the same timeline.
 */
describe.skipIf(!chromiumPath)('governance: an escalation that climbs the ladder', () => {
  const clock = new ManualClock(E2E_NOW);
  let candor: Candor;
  let client: Browser;
  let provider: Browser;
  let id = '';
  let decisionId = '';
  let escalationUrl = '';

  beforeAll(async () => {
    candor = await startCandor({ clock });
    id = candor.seed.engagementId;
    client = await openBrowser(chromiumPath!);
    provider = await openBrowser(chromiumPath!);

    // A charter version whose ladder is: 1 = Tom (who will not answer, 4 h), 2 = Maya (who will, 8 h).
    const lead = await ApiClient.signIn(candor.url, 'lead');
    const sponsor = await ApiClient.signIn(candor.url, 'sponsor');
    const charter = await lead.get<CharterState>(`/engagements/${id}/charter`);
    const body = {
      ...charter.agreed!.body,
      escalation: [
        { person: LEVEL_1, userId: candor.seed.users.member, responseHours: 4 },
        { person: LEVEL_2, userId: candor.seed.users.lead, responseHours: 8 },
      ],
    };
    const proposed = await lead.post<{ id: string }>(`/engagements/${id}/charter/versions`, { body, note: 'Shorter ladder for the pilot.' });
    await sponsor.post(`/engagements/${id}/charter/versions/${proposed.id}/accept`);

    // A decision for the client's sponsor, due today; two days later it is overdue.
    const decision = await lead.post<{ id: string }>(`/engagements/${id}/decisions`, {
      title: DECISION,
      context: 'Two carriers per sprint.',
      options: [{ title: 'The two webhook carriers' }, { title: 'The two largest carriers' }],
      recommendation: 'We recommend the two largest carriers.',
      kind: 'scope',
      dueDate: clock.now().toISOString().slice(0, 10),
    });
    decisionId = decision.id;
    clock.advance(48 * HOUR);
    await runDueJobs(candor.deps, JOB_HANDLERS);
  });

  afterAll(async () => {
    await client?.close();
    await provider?.close();
    await candor?.close();
  });

  it('a client stakeholder escalates the overdue decision from its page', async () => {
    const page = client.page;
    await signInAs(client, candor.url, 'stakeholder');
    await page.goto(`${candor.url}/engagements/${id}/decisions/${decisionId}`);
    await settled(page);
    await page.getByRole('heading', { level: 2, name: new RegExp(DECISION) }).waitFor();
    await page.getByText('Overdue: anyone may escalate it').waitFor();

    await page.getByRole('button', { name: 'Escalate' }).click();
    const dialog = page.getByRole('dialog', { name: `Escalate: ${DECISION}` });
    await dialog.getByText(`It goes to ${LEVEL_1} first`).waitFor();
    await dialog.getByLabel(label('What is wrong, and what do you need?')).fill('Our launch plan waits for this. Please decide this week.');
    const [raised] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith(`/engagements/${id}/escalations`) && r.request().method() === 'POST'),
      dialog.getByRole('button', { name: 'Escalate' }).click(),
    ]);
    expect(raised.status()).toBe(201);
    await page.waitForURL(/\/escalations\/[^/]+$/);
    escalationUrl = page.url();
    await settled(page);

    await page.getByRole('heading', { level: 2, name: `Overdue decision: ${DECISION}` }).waitFor();
    const state = await ladderState(page);
    expect(state.current).toContain(LEVEL_1);
    expect(state.kinds).toEqual(['raised']);
    await page.getByText('Raised by Sam Patel, to level 1').waitFor();
    // The raiser may withdraw it, but not acknowledge for level 1.
    expect(await page.getByRole('button', { name: 'Acknowledge' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'De-escalate' }).count()).toBe(1);
  });

  it('level 1 is asked to acknowledge, and does not; level 2 cannot act yet', async () => {
    const page = provider.page;
    await signInAs(provider, candor.url, 'member');
    await page.goto(escalationUrl);
    await settled(page);
    await page.getByRole('button', { name: 'Acknowledge' }).waitFor();
    await page.getByTestId('deadline').waitFor();

    // Tom's notification tells him so.
    await page.getByRole('button', { name: /^Notifications: \d+ unread$/ }).click();
    await page.getByRole('dialog', { name: 'Notifications' }).getByText(`Escalated to you: Overdue decision: ${DECISION}`).waitFor();
    await page.keyboard.press('Escape');

    await signInAs(provider, candor.url, 'lead');
    await page.reload();
    await settled(page);
    expect((await ladderState(page)).current).toContain(LEVEL_1);
    expect(await page.getByRole('button', { name: 'Acknowledge' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Resolve' }).count()).toBe(0);
  });

  it('after level 1’s response time the due jobs climb it to level 2, and the page shows it', async () => {
    // Not yet: three hours in, the climb job is not due.
    clock.advance(3 * HOUR);
    await runDueJobs(candor.deps, JOB_HANDLERS);
    await client.page.reload();
    await settled(client.page);
    expect((await ladderState(client.page)).current).toContain(LEVEL_1);

    clock.advance(1 * HOUR + 60_000);
    expect(await runDueJobs(candor.deps, JOB_HANDLERS)).toBeGreaterThan(0);
    await client.page.reload();
    await settled(client.page);
    const state = await ladderState(client.page);
    expect(state.current).toContain(LEVEL_2);
    expect(state.kinds).toEqual(['raised', 'climbed']);
    await client.page.getByText(`Climbed to level 2: ${LEVEL_2}`).waitFor();
    await client.page.getByText(`${LEVEL_1} did not acknowledge within 4 h.`).waitFor();
    await client.page.getByRole('heading', { name: 'Ladder: level 2 of 2' }).waitFor();
  });

  it('level 2 signs in, acknowledges and resolves it with an outcome', async () => {
    const page = provider.page;
    await page.reload();
    await settled(page);
    expect((await ladderState(page)).current).toContain(LEVEL_2);

    await page.getByRole('button', { name: 'Acknowledge' }).click();
    let dialog = page.getByRole('dialog', { name: 'Acknowledge the escalation' });
    await dialog.getByLabel(label('Note')).fill('I will sit down with Ingrid tomorrow morning.');
    await dialog.getByRole('button', { name: 'Acknowledge' }).click();
    await page.getByText('Acknowledged by Maya Okafor at level 2').waitFor();
    await dialog.waitFor({ state: 'detached' });

    await page.getByRole('button', { name: 'Resolve' }).click();
    dialog = page.getByRole('dialog', { name: 'Resolve the escalation' });
    // The outcome is required: the dialog says so instead of sending nothing.
    await dialog.getByRole('button', { name: 'Resolve' }).click();
    await dialog.getByText('Write the outcome').waitFor();
    await dialog.getByLabel(label('Outcome')).fill('Ingrid decided: the two largest carriers first. Decision recorded.');
    await dialog.getByRole('button', { name: 'Resolve' }).click();
    await page.getByText('Resolved by Maya Okafor').waitFor();

    const state = await ladderState(page);
    expect(state.kinds).toEqual(['raised', 'climbed', 'acknowledged', 'resolved']);
    expect(await page.getByRole('button', { name: 'Acknowledge' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Resolve' }).count()).toBe(0);
  });

  it('the client sees the same timeline and the outcome', async () => {
    const page = client.page;
    await page.reload();
    await settled(page);
    const state = await ladderState(page);
    expect(state.kinds).toEqual(['raised', 'climbed', 'acknowledged', 'resolved']);
    await page.getByText('Ingrid decided: the two largest carriers first. Decision recorded.').first().waitFor();
    await page.getByText('I will sit down with Ingrid tomorrow morning.').waitFor();
    await page.getByText('Resolved', { exact: true }).first().waitFor();

    await page.getByRole('link', { name: 'Escalations', exact: true }).first().click();
    await page.waitForURL(/\/escalations$/);
    await settled(page);
    const row = page.getByRole('region', { name: 'Escalations table' }).getByRole('row', { name: new RegExp(DECISION) });
    await row.getByText('Resolved').waitFor();
    expect(client.console.filter((l) => l.type === 'pageerror')).toEqual([]);
    expect(provider.console.filter((l) => l.type === 'pageerror')).toEqual([]);
  });
});

/**
 * The RAID log and the decision log through the UI, on the demo engagement:
 * flag a risk with a live score, filter by the matrix, invalidate an
 * assumption and follow its prompt, record that a risk happened, request a
 * decision with options (a server error lands next to its field), and let the
 * client's sponsor decide it after a confirmation.
 */
describe.skipIf(!chromiumPath)('governance: RAID and decisions through the UI', () => {
  let candor: Candor;
  let b: Browser;
  let id = '';
  const RISK = 'Carrier changes its event format mid-project';

  beforeAll(async () => {
    candor = await startCandor();
    id = candor.seed.engagementId;
    b = await openBrowser(chromiumPath!);
  });

  afterAll(async () => {
    await b?.close();
    await candor?.close();
  });

  it('the lead flags a risk with a live score, and the matrix filters the register to it', async () => {
    const page = b.page;
    await signInAs(b, candor.url, 'lead');
    await page.goto(`${candor.url}/engagements/${id}/raid`);
    await settled(page);
    await page.getByRole('button', { name: 'Add to the log' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add to the RAID log' });
    await dialog.getByLabel(label('Title')).fill(RISK);
    await dialog.getByLabel(label('Owner')).fill('Tom');
    await page.getByRole('option', { name: 'Tom Reyes' }).click(); // a member picker: the owner is stored by user id
    await dialog.getByRole('radiogroup', { name: /^Probability/ }).getByText('5', { exact: true }).click();
    await dialog.getByRole('radiogroup', { name: /^Impact/ }).getByText('4', { exact: true }).click();
    await dialog.getByText('Critical · 20').waitFor();
    await dialog.getByLabel(label('Mitigation')).fill('Subscribe to the carrier’s change notices.');
    await dialog.getByRole('button', { name: 'Flag the risk' }).click();
    await page.waitForURL(/\/raid\/[^/]+$/);
    await page.getByRole('heading', { level: 2, name: RISK }).waitFor();
    await page.getByText('5 × 4').waitFor();

    await page.getByRole('link', { name: 'RAID log' }).first().click();
    await settled(page);
    await page.getByRole('button', { name: /^Probability 5, impact 4: 1 open risk/ }).click();
    await page.waitForURL(/p=5&i=4|i=4.*p=5/);
    const register = page.getByRole('region', { name: 'RAID register table' });
    await register.getByRole('link', { name: RISK }).waitFor();
    await expect.poll(() => register.getByRole('row').count()).toBe(2); // header + the one risk
  });

  it('an invalidated assumption prompts a risk or a decision', async () => {
    const page = b.page;
    await page.goto(`${candor.url}/engagements/${id}/raid?type=assumption`);
    await settled(page);
    await page.getByRole('region', { name: 'RAID register table' }).getByRole('link').first().click();
    // The URL changes before the item page's code has loaded: wait for the item page itself, not just a settled page.
    await page.waitForURL(/\/raid\/[^/?]+$/);
    await page.getByRole('button', { name: 'Change status' }).waitFor();
    await settled(page);
    await page.getByLabel('Status').first().click();
    await page.getByRole('option', { name: 'Invalidated' }).click();
    await page.getByRole('button', { name: 'Change status' }).click();
    const prompt = page.getByRole('status').filter({ hasText: 'What next?' });
    await prompt.getByText('raise a risk for what it puts in danger').waitFor();
    await prompt.getByRole('button', { name: 'Raise a risk' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add to the RAID log' });
    expect(await dialog.getByLabel(label('Title')).inputValue()).toMatch(/^Because “.+” does not hold: $/);
    await page.keyboard.press('Escape');
    await prompt.getByRole('link', { name: 'Request a decision' }).waitFor();
  });

  it('a risk that happens becomes an issue linked to it', async () => {
    const page = b.page;
    await page.goto(`${candor.url}/engagements/${id}/raid?type=risk&q=${encodeURIComponent('event format mid-project')}`);
    await settled(page);
    await page.getByRole('region', { name: 'RAID register table' }).getByRole('link', { name: RISK }).click();
    await settled(page);
    await page.getByRole('button', { name: 'It happened' }).click();
    const dialog = page.getByRole('dialog', { name: 'The risk happened?' });
    await dialog.getByLabel('What happened').fill('The carrier switched to v3 events on Monday.');
    await dialog.getByRole('button', { name: 'Record as an issue' }).click();
    await page.waitForURL(/\/raid\/[^/]+$/);
    await page.getByText('The carrier switched to v3 events on Monday.').waitFor();
    await page.getByRole('link', { name: 'flagged as a risk' }).click();
    await page.getByText('Happened', { exact: true }).first().waitFor();
    await page.getByRole('link', { name: 'the issue it turned into' }).waitFor();
  });

  it('the lead requests a decision with options; the server’s complaint shows next to its field', async () => {
    const page = b.page;
    await page.goto(`${candor.url}/engagements/${id}/decisions/new`);
    await settled(page);
    await page.getByLabel(label('What needs deciding')).fill('x'.repeat(201));
    await page.getByLabel(label('Kind of decision')).first().click();
    await page.getByRole('option', { name: /^budget/ }).click();
    await page.getByTestId('kind-hint').getByText('Ingrid Halvorsen').waitFor();
    const first = page.getByRole('group', { name: 'Option 1' });
    await first.getByLabel(label('Title')).fill('Second developer from January');
    await first.getByLabel(label('Cost')).fill('€38,000');
    await page.getByRole('group', { name: 'Option 2' }).getByLabel(label('Title')).fill('Stay with one developer');
    await page.getByRole('button', { name: 'Add option' }).click();
    await page.getByRole('group', { name: 'Option 3' }).waitFor();
    await page.getByRole('button', { name: 'Remove option 3' }).click();
    expect(await page.getByRole('group', { name: 'Option 3' }).count()).toBe(0);
    await page.getByLabel(label('Our recommendation')).fill('We recommend a second developer, because invoicing must ship before the peak season.');

    await page.getByRole('button', { name: 'Request the decision' }).click();
    const titleField = page.getByLabel(label('What needs deciding'));
    await expect.poll(() => titleField.getAttribute('aria-invalid')).toBe('true');
    await page.getByText('must have at most 200 characters').first().waitFor();

    await titleField.fill('Budget for a second backend developer');
    await page.getByRole('button', { name: 'Request the decision' }).click();
    await page.waitForURL(/\/decisions\/[^/]+$/);
    await page.getByRole('heading', { level: 2, name: /Budget for a second backend developer/ }).waitFor();
    await page.getByText('Waiting for Ingrid Halvorsen to decide').waitFor();
  });

  it('the sponsor sees it waiting on the overview and decides it after a confirmation', async () => {
    const page = b.page;
    await signInAs(b, candor.url, 'sponsor');
    await page.goto(`${candor.url}/engagements/${id}`);
    await settled(page);
    const waiting = page.getByRole('region', { name: 'Decisions waiting' });
    await waiting.getByRole('link', { name: /Budget for a second backend developer/ }).click();
    await settled(page);
    await page.getByText('You decide this').waitFor();
    await page.getByLabel('Option 1: Second developer from January').check();
    await page.getByLabel(label('Outcome')).fill('Yes, from January. Finance approved.');
    await page.getByRole('button', { name: 'Record the decision' }).click();
    const confirm = page.getByRole('dialog', { name: 'Record this decision?' });
    await confirm.getByText('A recorded decision cannot be edited').waitFor();
    await confirm.getByRole('button', { name: 'Record decision' }).click();
    await page.getByRole('status').filter({ hasText: 'Outcome' }).getByText('Yes, from January. Finance approved.').waitFor();
    await page.getByText('Chosen', { exact: true }).waitFor();

    await page.goto(`${candor.url}/engagements/${id}`);
    await settled(page);
    // no longer waiting (recent activity below still links to it: it was asked for, and decided)
    await page.getByRole('region', { name: 'Recent activity' }).or(page.locator('section', { has: page.getByRole('heading', { name: 'Recent activity' }) })).first().getByText(/decided/).first().waitFor();
    expect(await page.getByRole('region', { name: 'Decisions waiting' }).getByRole('link', { name: /Budget for a second backend developer/ }).count()).toBe(0);
    expect(b.console.filter((l) => l.type === 'pageerror')).toEqual([]);
  });
});
