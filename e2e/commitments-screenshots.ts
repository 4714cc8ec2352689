/**
 * Screenshots of the commitments pages, to look at (not a test):
 *   node scripts/web-build.mjs && npx tsx e2e/commitments-screenshots.ts [outDir] [--docs]
 * With --docs it also writes docs/screenshots/commitments-*.png.
 * Starts the server in-process on the demo seed (which has a history of
 * kept, renegotiated and missed commitments on both sides) and photographs
 * the ledger and a commitment's page, on a desktop and at 375 px.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Browser, type DemoKey, openBrowser, settled, signInAs, startCandor } from './harness';

const args = process.argv.slice(2);
const out = path.resolve(args.find((a) => !a.startsWith('--')) ?? '/tmp/commitment-shots');
const docs = args.includes('--docs');
mkdirSync(out, { recursive: true });
const chromium = process.env.CANDOR_CHROMIUM ?? '/usr/bin/chromium';

const candor = await startCandor();
const id = candor.seed.engagementId;
const renegotiated = await candor.deps.db.selectFrom('commitments').select('id').where('engagement_id', '=', id).where('status', '=', 'renegotiated').executeTakeFirstOrThrow();

const desktop = await openBrowser(chromium, { colorScheme: 'light' });
const phone = await openBrowser(chromium, { colorScheme: 'dark', viewport: { width: 375, height: 812 } });

async function shot(b: Browser, who: DemoKey, pagePath: string, name: string) {
  await signInAs(b, candor.url, who);
  await b.page.goto(`${candor.url}${pagePath}`);
  await settled(b.page);
  await b.page.waitForTimeout(400);
  const file = path.join(out, `${name}.png`);
  await b.page.screenshot({ path: file, fullPage: true });
  console.log(file);
  return file;
}

try {
  const ledger = await shot(desktop, 'lead', `/engagements/${id}/commitments`, 'commitments-ledger');
  const detail = await shot(desktop, 'sponsor', `/engagements/${id}/commitments/${renegotiated.id}`, 'commitments-detail');
  const form = await shot(desktop, 'lead', `/engagements/${id}/commitments/new`, 'commitments-new');
  const ledgerPhone = await shot(phone, 'sponsor', `/engagements/${id}/commitments`, 'commitments-ledger-phone');
  const detailPhone = await shot(phone, 'lead', `/engagements/${id}/commitments/${renegotiated.id}`, 'commitments-detail-phone');
  if (docs) {
    const dir = path.resolve(import.meta.dirname, '../docs/screenshots');
    for (const f of [ledger, detail, form, ledgerPhone, detailPhone]) copyFileSync(f, path.join(dir, path.basename(f)));
  }
} finally {
  await desktop.close();
  await phone.close();
  await candor.close();
}
