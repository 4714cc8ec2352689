import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runDueJobs } from '../src/server/jobs/queue';
import { JOB_HANDLERS } from '../src/server/jobs/registry';
import { seriousViolations } from './axe';
import { type Browser, type Candor, label, openBrowser, settled, signInAs, startCandor } from './harness';

const chromiumPath = inject('chromium');

/**
 * The Webhooks page (ADR 0026) in Chromium: the sponsor registers an endpoint
 * with the event picker, sees the secret once, sends a test event (delivered
 * by the job runner, not the click), reads it in the delivery log and
 * redelivers it; axe finds nothing serious with the log and the dialogs open.
 */
describe.skipIf(!chromiumPath)('webhooks page', () => {
  let candor: Candor;
  let b: Browser;
  let server: Server;
  let hookUrl = '';
  const got: { headers: IncomingHttpHeaders; body: string }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        got.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"received":true}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    hookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/candor`;
    candor = await startCandor();
    candor.deps.config.webhookAllowPrivate = true; // the receiver is on loopback
    b = await openBrowser(chromiumPath!, { bypassCSP: true });
  });
  afterAll(async () => {
    await b?.close();
    await candor?.close();
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  });

  it('registers, shows the secret once, sends a test event through the job runner and redelivers it', async () => {
    const E = candor.seed.engagementId;
    await signInAs(b, candor.url, 'sponsor');
    await b.page.goto(`${candor.url}/engagements/${E}/webhooks`);
    await settled(b.page);
    await b.page.getByRole('button', { name: 'Register an endpoint' }).click();
    const dialog = b.page.getByRole('dialog', { name: 'Register an endpoint' });
    await dialog.getByLabel(label('URL')).fill('ftp://example.com/x');
    await dialog.getByLabel('Commitments').check();
    await dialog.getByRole('button', { name: 'Register', exact: true }).click();
    await dialog.getByText('Only https or http').first().waitFor(); // the server's 400, on the field
    expect(await seriousViolations(b.page)).toEqual([]);
    await dialog.getByLabel(label('URL')).fill(hookUrl);
    await dialog.getByRole('button', { name: 'Register', exact: true }).click();
    const secretDialog = b.page.getByRole('dialog', { name: 'Endpoint registered' });
    const secret = await secretDialog.getByRole('textbox', { name: 'Signing secret' }).inputValue();
    expect(secret).toMatch(/^whsec_/);
    await secretDialog.getByRole('button', { name: 'Copy signing secret' }).waitFor();
    expect(await seriousViolations(b.page)).toEqual([]);
    await secretDialog.getByRole('button', { name: 'I have stored it' }).click();
    const card = b.page.getByRole('region', { name: `Endpoint ${hookUrl}` });
    await card.getByText('Commitments').waitFor();
    expect(await b.page.content()).not.toContain(secret); // shown once, never again

    await card.getByRole('button', { name: 'Send test event' }).click();
    const log = card.getByRole('list', { name: /Delivery log/ });
    await log.getByText('pending').waitFor();
    expect(got).toHaveLength(0); // the click queued it; the job runner sends it
    await runDueJobs(candor.deps, JOB_HANDLERS);
    await log.getByText('succeeded').waitFor({ timeout: 15_000 }); // the log refreshes itself
    expect(got).toHaveLength(1);
    expect(JSON.parse(got[0]!.body).type).toBe('webhook.test');
    await log.getByRole('button', { name: /^Show request and response of webhook.test/ }).click();
    await log.getByText('{"received":true}').waitFor();
    expect(await seriousViolations(b.page)).toEqual([]);

    await log.getByRole('button', { name: /^Redeliver webhook.test/ }).click();
    await log.getByText('attempt 2 (redeliver)').waitFor();
    await runDueJobs(candor.deps, JOB_HANDLERS);
    await expect.poll(() => got.length).toBe(2);
    expect(got[1]!.headers['webhook-id']).toBe(got[0]!.headers['webhook-id']);
  });

  it('is not in the navigation of a provider member', async () => {
    await signInAs(b, candor.url, 'member');
    await b.page.goto(`${candor.url}/engagements/${candor.seed.engagementId}`);
    await settled(b.page);
    const nav = b.page.getByRole('navigation', { name: 'Engagement sections' });
    await nav.getByRole('link', { name: 'Activity' }).waitFor();
    expect(await nav.getByRole('link', { name: 'Webhooks' }).count()).toBe(0);
  });
});
