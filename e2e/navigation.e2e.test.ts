import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PAGES, pageHref, SECTIONS } from '../src/web/engagements/sections';
import { animationsSettled, seriousViolations } from './axe';
import { type Browser, type Candor, DEMO_PASSWORD, demoEmail, label, openBrowser, settled, signInAs, startCandor } from './harness';

const chromiumPath = inject('chromium');

/**
 * The engagement's navigation (sections, phone drawer, breadcrumbs, titles),
 * the command palette and the keyboard shortcuts, on the demo engagement and
 * the harness's controlled clock.
 */
describe.skipIf(!chromiumPath)('navigation, command palette and shortcuts', () => {
  let candor: Candor;
  let desk: Browser;
  let phone: Browser;
  let id = '';
  let detailPaths: string[] = [];
  const url = (path: string) => `${candor.url}${path}`;
  /** Navigation commits once the next page's code has loaded (the URL changes first): wait for the section link to follow. */
  const at = async (b: Browser, label: string) => {
    await settled(b.page);
    await expect
      .poll(() => b.page.getByRole('navigation', { name: 'Engagement sections' }).locator('[aria-current="page"]').first().textContent(), { timeout: 15_000 })
      .toContain(label);
  };
  /** A point inside `el`, `dx` px right of its centre (a pointer move that stays on it). */
  const centre = async (el: import('playwright-core').Locator, dx = 0): Promise<[number, number]> => {
    const box = (await el.boundingBox())!;
    return [box.x + box.width / 2 + dx, box.y + box.height / 2];
  };
  const noSidewaysScroll = (b: Browser) => b.page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));

  beforeAll(async () => {
    candor = await startCandor();
    id = candor.seed.engagementId;
    desk = await openBrowser(chromiumPath!, { bypassCSP: true });
    phone = await openBrowser(chromiumPath!, { bypassCSP: true, viewport: { width: 375, height: 812 } });
    // One shared object of each detail kind, read as the sponsor (so both roles may open it).
    await signInAs(desk, candor.url, 'sponsor');
    const list = async <T>(path: string, key: string) => ((await (await desk.page.request.get(url(`/api/v1/engagements/${id}${path}`))).json()) as Record<string, T[]>)[key]!;
    const decision = (await list<{ id: string }>('/decisions', 'decisions'))[0]!;
    const item = (await list<{ id: string }>('/items?limit=5', 'items'))[0]!;
    const commitment = (await list<{ id: string }>('/commitments', 'commitments'))[0]!;
    const raid = (await list<{ id: string }>('/raid', 'items'))[0]!;
    const escalations = await list<{ id: string }>('/escalations', 'escalations');
    detailPaths = [`decisions/${decision.id}`, `items/${item.id}`, `commitments/${commitment.id}`, `raid/${raid.id}`, 'notes/new', 'items/board'];
    if (escalations[0]) detailPaths.push(`escalations/${escalations[0].id}`);
  });

  afterAll(async () => {
    await desk?.close();
    await phone?.close();
    await candor?.close();
  });

  describe('no page scrolls sideways', () => {
    for (const who of ['lead', 'sponsor'] as const) {
      for (const width of [1280, 375] as const) {
        it(`every engagement page as ${who} at ${width} px`, async () => {
          const b = width === 1280 ? desk : phone;
          await signInAs(b, candor.url, who);
          const wide: string[] = [];
          for (const p of [...PAGES.map((x) => x.path), ...detailPaths]) {
            await b.page.goto(url(pageHref(id, p)));
            try {
              await settled(b.page);
            } catch (err) {
              wide.push(`${p || 'overview'}: did not settle (${(err as Error).message.split('\n')[0]})`);
              continue;
            }
            const { scroll, inner } = await noSidewaysScroll(b);
            if (scroll > inner) wide.push(`${p || 'overview'}: scrollWidth ${scroll} > ${inner}`);
          }
          expect(wide).toEqual([]);
        }, 300_000); // some 23 pages, each loaded and settled
      }
    }
  });

  it('every page of every section is one click away, the current one marked, with a tab title from the sections module', async () => {
    await signInAs(desk, candor.url, 'lead');
    await desk.page.goto(url(`/engagements/${id}`));
    await settled(desk.page);
    const nav = desk.page.getByRole('navigation', { name: 'Engagement sections' });
    for (const s of SECTIONS) await nav.getByRole('group', { name: s.label }).waitFor();
    for (const p of PAGES) {
      await nav.getByRole('link', { name: p.label, exact: false }).first().click();
      await desk.page.waitForURL(url(pageHref(id, p.path)));
      await at(desk, p.label);
      expect(await desk.page.title()).toBe(`${p.label} · Customer portal replatforming · Candor`);
    }
  });

  it('counts only what waits for this role: the sponsor decides, the lead does not', async () => {
    for (const who of ['sponsor', 'lead'] as const) {
      await signInAs(desk, candor.url, who);
      const counts = desk.page.waitForResponse((r) => r.url().endsWith(`/api/v1/engagements/${id}/counts`));
      await desk.page.goto(url(`/engagements/${id}`));
      const figures = (await (await counts).json()) as { decisionsWaitingForMe: number };
      await settled(desk.page);
      const nav = desk.page.getByRole('navigation', { name: 'Engagement sections' });
      if (who === 'sponsor') {
        expect(figures.decisionsWaitingForMe).toBeGreaterThan(0);
        await nav.getByRole('link', { name: new RegExp(`^Decisions\\W+${figures.decisionsWaitingForMe} decisions? waiting for you`) }).waitFor();
      } else {
        expect(figures.decisionsWaitingForMe).toBe(0);
        expect(await nav.getByRole('link', { name: /waiting for you/ }).count()).toBe(0);
        await nav.getByRole('link', { name: 'Decisions', exact: true }).waitFor();
      }
    }
  });

  it('a count and a timestamp explain themselves on hover, and the tip goes when the pointer does', async () => {
    await signInAs(desk, candor.url, 'sponsor');
    await desk.page.goto(url(`/engagements/${id}`));
    await settled(desk.page);
    const tips = desk.page.getByRole('tooltip');
    expect(await tips.count()).toBe(0);
    const nav = desk.page.getByRole('navigation', { name: 'Engagement sections' });
    const badge = nav.getByRole('link', { name: /^Decisions\W+\d+ decisions? waiting for you/ }).locator('.mantine-Badge-root');
    await badge.hover();
    await desk.page.mouse.move(...(await centre(badge, 1)));
    await tips.filter({ hasText: /decisions? waiting for you/ }).waitFor();
    await desk.page.mouse.move(640, 10);
    await expect.poll(() => tips.count()).toBe(0);
    const time = desk.page.locator('section[aria-labelledby="activity-title"] time').first();
    await time.hover();
    await desk.page.mouse.move(...(await centre(time, 1)));
    const exact = await time.getAttribute('datetime');
    expect(exact).toBeTruthy();
    await tips.filter({ hasText: /^\d{1,2} \w{3} \d{4}, \d{2}:\d{2}$/ }).waitFor();
    await desk.page.mouse.move(640, 10);
    await expect.poll(() => tips.count()).toBe(0);
  });

  it('a detail page has breadcrumbs and names its object in the tab title', async () => {
    await signInAs(desk, candor.url, 'sponsor');
    await desk.page.goto(url(pageHref(id, detailPaths[0]!)));
    await settled(desk.page);
    const crumbs = desk.page.getByRole('navigation', { name: 'Breadcrumb' });
    await crumbs.getByRole('link', { name: 'Governance' }).waitFor();
    await crumbs.getByRole('link', { name: 'Decisions' }).waitFor();
    const current = crumbs.locator('[aria-current="page"]');
    await expect.poll(() => current.textContent()).toMatch(/^#\d+ .+/);
    const title = (await current.textContent())!;
    expect(await desk.page.title()).toBe(`${title} · Decisions · Customer portal replatforming · Candor`);
    await crumbs.getByRole('link', { name: 'Decisions' }).click();
    await desk.page.waitForURL(url(pageHref(id, 'decisions')));
  });

  it('the palette jumps, searches and creates', async () => {
    await signInAs(desk, candor.url, 'lead');
    await desk.page.goto(url(`/engagements/${id}`));
    await settled(desk.page);
    const palette = () => desk.page.getByRole('textbox', { name: 'Jump to a page, search, or create' });
    // opens once the previous one has finished closing (its fade-out), then waits for the field
    const open = async () => {
      await palette().waitFor({ state: 'hidden' });
      await desk.page.keyboard.press('Control+K');
      await palette().waitFor();
    };

    // jump: Ctrl+K, a few letters, Enter
    await open();
    await palette().fill('budg');
    await desk.page.getByRole('button', { name: /^Budget/ }).waitFor();
    await desk.page.keyboard.press('Enter');
    await desk.page.waitForURL(url(pageHref(id, 'budget')));

    // search: results from GET /search, a work item opens its page
    await open();
    await palette().fill('webhook receiver');
    const hit = desk.page.getByRole('button', { name: /Carrier A webhook receiver/ });
    await hit.first().click();
    await desk.page.waitForURL(new RegExp(`/engagements/${id}/items/[0-9a-f-]{36}$`));
    await desk.page.getByRole('heading', { name: /Carrier A webhook receiver/ }).waitFor();

    // create: a note
    await open();
    await palette().fill('write a note');
    await desk.page.getByRole('button', { name: /^Write a note/ }).click();
    await desk.page.waitForURL(url(pageHref(id, 'notes/new')));

    // create: a risk opens the RAID form
    await open();
    await palette().fill('flag a risk');
    await desk.page.getByRole('button', { name: /^Flag a risk/ }).click();
    await desk.page.getByRole('dialog').getByRole('heading').first().waitFor();
    await desk.page.waitForURL(url(pageHref(id, 'raid')));
    await desk.page.keyboard.press('Escape');
  });

  it('the palette offers only what the role may create', async () => {
    await signInAs(desk, candor.url, 'stakeholder');
    await desk.page.goto(url(`/engagements/${id}`));
    await settled(desk.page);
    await desk.page.keyboard.press('Control+K');
    await desk.page.getByRole('textbox', { name: 'Jump to a page, search, or create' }).fill('');
    await desk.page.getByRole('button', { name: /^Write a note/ }).waitFor();
    expect(await desk.page.getByRole('button', { name: /^Add a work item/ }).count()).toBe(0);
    expect(await desk.page.getByRole('button', { name: /^Log time/ }).count()).toBe(0);
    await desk.page.keyboard.press('Escape');
  });

  it('shortcuts: g then a letter, c creates here, ? lists them; silent while typing in a field', async () => {
    await signInAs(desk, candor.url, 'lead');
    await desk.page.goto(url(`/engagements/${id}`));
    await settled(desk.page);
    const k = desk.page.keyboard;

    await k.press('g');
    await k.press('d');
    await desk.page.waitForURL(url(pageHref(id, 'items')));
    await at(desk, 'Items');
    await k.press('g');
    await k.press('g');
    await desk.page.waitForURL(url(pageHref(id, 'raid')));
    await at(desk, 'RAID');
    // `c` in RAID flags a risk (opens its form)
    await k.press('c');
    await desk.page.getByRole('dialog').waitFor();
    await k.press('Escape');
    await desk.page.getByRole('dialog').waitFor({ state: 'hidden' });
    await k.press('g');
    await k.press('t');
    await desk.page.waitForURL(url(pageHref(id, 'notes')));
    await at(desk, 'Notes');
    await k.press('c');
    await desk.page.waitForURL(url(pageHref(id, 'notes/new')));
    await settled(desk.page);
    await desk.page.getByRole('textbox', { name: /^Title/ }).waitFor();

    // typing in a field: the title of the new note takes "gd" and "c", nothing navigates
    const title = desk.page.getByRole('textbox', { name: /^Title/ });
    await title.click();
    await k.type('g d c ?');
    expect(await title.inputValue()).toBe('g d c ?');
    expect(desk.page.url()).toBe(url(pageHref(id, 'notes/new')));
    expect(await desk.page.getByRole('dialog', { name: 'Keyboard shortcuts' }).count()).toBe(0);

    // the header search field too
    const search = desk.page.getByRole('searchbox', { name: /Search/ }).first();
    await search.click();
    await k.type('gh');
    expect(desk.page.url()).toBe(url(pageHref(id, 'notes/new')));

    // ? lists them all, from the sections module
    await desk.page.getByRole('heading', { level: 1 }).click();
    await k.press('Shift+?');
    const help = desk.page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.waitFor();
    for (const s of SECTIONS) await help.getByRole('cell', { name: new RegExp(`^Go to ${s.label}:`) }).waitFor();
    await animationsSettled(desk.page);
    expect(await seriousViolations(desk.page)).toEqual([]);
    await k.press('Escape');
  });

  it("a first load asks for the engagement beside the session, and a signed-out visitor's early answers are never used", async () => {
    const b = await openBrowser(chromiumPath!);
    try {
      const seen: string[] = [];
      const api = (u: string) => new URL(u).pathname.replace(`/api/v1/engagements/${id}`, '/E');
      b.page.on('request', (r) => r.url().includes('/api/v1/') && seen.push(`ask ${api(r.url())}`));
      b.page.on('response', (r) => r.url().includes('/api/v1/') && seen.push(`got ${api(r.url())} ${r.status()}`));
      // signed out: the early reads are answered 401, the app sends the visitor to sign in
      await b.page.goto(url(`/engagements/${id}`));
      await b.page.waitForURL(/\/sign-in\?next=/);
      // the inline script asked for the engagement before the session's answer came back (ADR 0037)
      expect(seen.indexOf('ask /E')).toBeGreaterThan(-1);
      expect(seen.indexOf('ask /E')).toBeLessThan(seen.findIndex((x) => x.startsWith('got /api/v1/session')));
      expect(seen).toContain('got /E 401');
      seen.length = 0;
      await b.page.getByRole('textbox', { name: label('E-mail') }).fill(demoEmail('sponsor'));
      await b.page.getByLabel(label('Password')).fill(DEMO_PASSWORD);
      await b.page.getByRole('button', { name: 'Sign in' }).click();
      // back on the engagement in the same page: its reads are asked again and drawn, not the 401s from before
      await b.page.waitForURL(url(`/engagements/${id}`));
      await settled(b.page);
      expect(seen).toContain('got /E 200');
      const { name } = (await (await desk.page.request.get(url(`/api/v1/engagements/${id}`))).json()) as { name: string };
      await b.page.getByRole('heading', { name }).first().waitFor();
    } finally {
      await b.close();
    }
  });

  it('at 375 px the sections are a drawer: open, follow a link, it closes', async () => {
    await signInAs(phone, candor.url, 'sponsor');
    await phone.page.goto(url(`/engagements/${id}`));
    await settled(phone.page);
    const nav = phone.page.getByRole('navigation', { name: 'Engagement sections' });
    const burger = phone.page.getByRole('button', { name: /(Open|Close) navigation/ });
    expect(await burger.getAttribute('aria-expanded')).toBe('false');
    // closed, the drawer's links are not drawn at all until it first opens (ADR 0036)
    expect(await phone.page.locator('#app-navigation a').count()).toBe(0);
    await phone.page.getByRole('button', { name: 'Open navigation' }).click();
    await nav.waitFor({ state: 'visible' });
    await animationsSettled(phone.page);
    expect(await seriousViolations(phone.page)).toEqual([]);
    const { scroll, inner } = await noSidewaysScroll(phone);
    expect(scroll).toBeLessThanOrEqual(inner);
    await nav.getByRole('link', { name: 'Escalations' }).click();
    await phone.page.waitForURL(url(pageHref(id, 'escalations')));
    await expect.poll(() => burger.getAttribute('aria-expanded')).toBe('false');
    // closed again, the drawer keeps its links, off screen
    await expect.poll(async () => (await nav.boundingBox())?.x ?? 0).toBeLessThan(0);

    // the palette from the drawer, for a phone without a keyboard
    await phone.page.getByRole('button', { name: 'Open navigation' }).click();
    await phone.page.getByRole('button', { name: 'Go to, search or create…' }).click();
    await phone.page.getByRole('textbox', { name: 'Jump to a page, search, or create' }).fill('charter');
    await phone.page.getByRole('button', { name: /^Charter/ }).click();
    await phone.page.waitForURL(url(pageHref(id, 'charter')));
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`the open palette has no serious axe violations (${scheme})`, async () => {
      const b = await openBrowser(chromiumPath!, { bypassCSP: true, colorScheme: scheme });
      try {
        await signInAs(b, candor.url, 'lead');
        await b.page.goto(url(`/engagements/${id}/decisions`));
        await settled(b.page);
        await b.page.keyboard.press('Control+K');
        await b.page.getByRole('textbox', { name: 'Jump to a page, search, or create' }).fill('carrier');
        await b.page.getByText(/Search results for/i).waitFor();
        await animationsSettled(b.page);
        expect(await seriousViolations(b.page)).toEqual([]);
      } finally {
        await b.close();
      }
    });
  }
});
