import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { POLICY } from '../../domain/authz/policy';
import { createHere, documentTitleFor, locate, PAGES, SECTIONS } from './sections';

// The engagement's routes as router.tsx declares them (the children of /engagements/:id).
const router = readFileSync(new URL('../app/router.tsx', import.meta.url), 'utf8');
const block = router.slice(router.indexOf("path: '/engagements/:id'"));
const routes = [...block.slice(0, block.indexOf(']')).matchAll(/path: '([^']+)'/g)].map((m) => m[1]!).filter((p) => p !== '/engagements/:id');
const sample = (pattern: string) => pattern.replace(/:[a-zA-Z]+/g, '0190c0de-0000-7000-8000-000000000001');

describe('the sections module', () => {
  it('reads the engagement routes from the router', () => {
    expect(routes.length).toBeGreaterThan(20);
    expect(routes).toContain('decisions/:decisionId');
  });

  it('places every engagement route in a section, as a page or one of its details', () => {
    const E = '/engagements/0190c0de-0000-7000-8000-0000000000ee';
    expect(locate(E)?.page.key).toBe('overview');
    for (const r of routes) {
      const here = locate(`${E}/${sample(r)}`);
      expect(here, `route ${r} has no entry in sections.ts`).not.toBeNull();
      expect(here!.detail === null, r).toBe(PAGES.some((p) => p.path === r));
    }
  });

  it('has no route in sections.ts that the router lacks', () => {
    for (const p of PAGES) {
      if (p.path) expect(routes, p.path).toContain(p.path);
      for (const d of p.details ?? []) expect(routes, d.pattern).toContain(d.pattern);
      if (p.create) expect(routes, p.create.to).toContain(p.create.to.split('?')[0]);
    }
  });

  it('resolves details before the page they are below, most specific first', () => {
    const E = '/engagements/e1';
    expect(locate(`${E}/items/new`)?.detail?.label).toBe('New work item');
    expect(locate(`${E}/items/board`)?.detail?.label).toBe('Board');
    expect(locate(`${E}/items/abc/edit`)?.detail?.label).toBe('Edit work item');
    expect(locate(`${E}/items/abc`)?.detail?.label).toBe('Work item');
    expect(locate(`${E}/decisions/`)?.page.key).toBe('decisions');
    expect(locate(`${E}/no-such-page`)).toBeNull();
    expect(locate('/search')).toBeNull();
  });

  it('gives each section its own shortcut letter, none of them e (all engagements)', () => {
    const letters = SECTIONS.map((s) => s.letter);
    expect(new Set(letters).size).toBe(letters.length);
    expect(letters).not.toContain('e');
    for (const l of letters) expect(l).toMatch(/^[a-z]$/);
  });

  it('keys, labels and create actions are unique and name real policy actions', () => {
    expect(new Set(PAGES.map((p) => p.key)).size).toBe(PAGES.length);
    expect(new Set(PAGES.map((p) => p.label)).size).toBe(PAGES.length);
    for (const p of PAGES) if (p.create) expect(Object.keys(POLICY)).toContain(p.create.action);
  });

  it('knows what `c` creates where', () => {
    expect(createHere('/engagements/e1/notes')?.to).toBe('notes/new');
    expect(createHere('/engagements/e1/raid')?.to).toBe('raid?new=risk');
    expect(createHere('/engagements/e1/time')?.to).toBe('time?log=1');
    expect(createHere('/engagements/e1/activity')).toBeNull();
    expect(createHere('/profile')).toBeNull();
  });

  it('titles the tab most specific first', () => {
    expect(documentTitleFor({ detail: 'D-7 Carrier F', page: 'Decisions', engagement: 'Fjord' })).toBe('D-7 Carrier F · Decisions · Fjord · Candor');
    expect(documentTitleFor({ page: 'Items', engagement: 'Fjord' })).toBe('Items · Fjord · Candor');
  });
});
