import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { seriousViolations } from './axe';
import { type Browser, type Candor, label, openBrowser, settled, signInAs, startCandor } from './harness';

const chromiumPath = inject('chromium');
const PROVIDER_NOTE = 'We flagged the carrier delay the day we knew';
const CONDITION = 'Send a written risk summary every Friday';

/**
 * The whole gate in the browser: the lead asks for the Tracking phase's
 * review, answers and submits; the sponsor sees only that the provider has
 * submitted (blind), answers and submits; both sides see the answers side by
 * side with the gap; the sponsor proceeds with a condition, which then shows
 * in the commitments ledger. Axe-clean at 1280 and 375 px.
 */
describe.skipIf(!chromiumPath)('gate review: request, answer blind, compare, decide', () => {
  let candor: Candor;
  let b: Browser;
  let id = '';
  let reviewUrl = '';
  const open = async (path: string) => {
    await b.page.goto(`${candor.url}/engagements/${id}/${path}`);
    await settled(b.page);
  };
  const answerAll = async (scores: number[], comment?: string) => {
    for (const [i, score] of scores.entries()) {
      const group = b.page.getByRole('radiogroup').nth(i);
      await group.getByRole('radio', { name: `${score} of 5` }).check();
    }
    if (comment) await b.page.getByLabel('Comment on question 5').fill(comment);
  };
  const noSeriousViolations = async () => expect(await seriousViolations(b.page)).toEqual([]);

  beforeAll(async () => {
    candor = await startCandor();
    id = candor.seed.engagementId;
    b = await openBrowser(chromiumPath!, { bypassCSP: true });
  });
  afterAll(async () => {
    await b?.close();
    await candor?.close();
  });

  it('the lead asks for the review and submits the provider’s answers', async () => {
    await signInAs(b, candor.url, 'lead');
    await open('phases');
    const tracking = b.page.getByRole('listitem', { name: /^\d+\. Tracking$/ });
    await tracking.getByRole('button', { name: 'Request review' }).click();
    const dialog = b.page.getByRole('dialog');
    await dialog.getByLabel('Note for the reviewers').fill('Tracking is live for two carriers.');
    await dialog.getByRole('button', { name: 'Request review' }).click();
    await b.page.waitForURL(/\/gate-reviews\/[^/]+$/);
    reviewUrl = new URL(b.page.url()).pathname;
    await b.page.getByRole('heading', { name: 'Gate review: Tracking' }).waitFor();
    await b.page.getByText('Blind until both sides have submitted').waitFor();
    await noSeriousViolations();
    await answerAll([4, 4, 4, 5, 5], PROVIDER_NOTE);
    // the last question is left out: submitting says what is missing
    await b.page.getByRole('button', { name: 'Submit answers' }).click();
    await b.page.getByRole('dialog').getByRole('button', { name: 'Submit, final' }).click();
    await b.page.getByText('Give a score from 1 to 5 before you submit').waitFor();
    await b.page.getByRole('radiogroup').nth(5).getByRole('radio', { name: '3 of 5' }).check();
    await b.page.getByRole('button', { name: 'Submit answers' }).click();
    await b.page.getByRole('dialog').getByRole('button', { name: 'Submit, final' }).click();
    await b.page.getByText('Submitted and sealed').waitFor();
  });

  it('the sponsor sees that the provider submitted, not what it said, and answers', async () => {
    await signInAs(b, candor.url, 'sponsor');
    await b.page.goto(`${candor.url}${reviewUrl}`);
    await settled(b.page);
    await b.page.getByText(/Provider: ?submitted by Maya Okafor/).waitFor();
    expect(await b.page.getByText(PROVIDER_NOTE).count()).toBe(0);
    await answerAll([4, 4, 4, 4, 2, 3], 'We heard about the delay in the weekly check-in, not before it.');
    await b.page.getByRole('button', { name: 'Submit answers' }).click();
    await b.page.getByRole('dialog').getByRole('button', { name: 'Submit, final' }).click();
    await b.page.getByText('Both sides have answered: the answers are open').waitFor();
    await b.page.getByText(PROVIDER_NOTE).waitFor();
    await b.page.getByText('Gap +3').waitFor();
    // the engagement began with a partner selection: each question shows what the client's evaluators scored then
    const baseline = b.page.locator('[data-baseline="risk_openness"]');
    await baseline.waitFor();
    expect(await baseline.textContent()).toMatch(/^At the partner selection \(.+\): [\d.]+ \/ 5 from the client’s evaluators \(\d–\d\); the client rates it (higher|lower) now\.$/);
    await noSeriousViolations();
  });

  it('the sponsor proceeds with a condition, which lands in the commitments ledger', async () => {
    await b.page.getByText('Proceed with conditions', { exact: true }).click();
    await b.page.getByLabel(label('Rationale')).fill('Tracking works; the communication gap must close.');
    await b.page.getByLabel(label('What must be met')).fill(CONDITION);
    const due = new Date(candor.clock.now().getTime() + 14 * 86_400_000).toISOString().slice(0, 10);
    await b.page.getByLabel(label('Due')).fill(due);
    await b.page.getByRole('button', { name: 'Record the decision' }).click();
    await b.page.getByRole('dialog').getByRole('button', { name: 'Proceed with conditions' }).click();
    await b.page.getByText('Conditions, in the commitments ledger').waitFor();
    await b.page.getByRole('link', { name: CONDITION }).click();
    await b.page.getByRole('heading', { name: CONDITION }).waitFor();
    await open('commitments');
    await b.page.getByText(CONDITION).first().waitFor();
    await open('phases');
    await b.page.getByRole('listitem', { name: /^\d+\. Tracking$/ }).getByText(/Closed by its gate review/).waitFor();
  });

  it('the review pages pass axe-core on a phone', async () => {
    await b.page.setViewportSize({ width: 375, height: 812 });
    for (const path of ['gate-reviews', reviewUrl.replace(`/engagements/${id}/`, '')]) {
      await open(path);
      await noSeriousViolations();
      expect(await b.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    }
  });
});
