import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENGAGEMENT_LAYOUT, ENGAGEMENT_PAGES, routeModules, TOP_LEVEL_PAGES } from './route-modules';

/** The router's own table, read from its source: route path → the module its page element imports. */
function routerTable() {
  const src = readFileSync(path.join(__dirname, 'router.tsx'), 'utf8');
  const imports = new Map([...src.matchAll(/const (\w+) = page\(\(\) => import\('\.\.\/([^']+)'\)/g)].map((m) => [m[1]!, `${m[2]}.tsx`]));
  const top: Record<string, string> = {};
  const engagement: Record<string, string> = {};
  for (const m of src.matchAll(/\{ (?:path: '([^']*)'|index: true), element: <(\w+) \/>/g)) {
    const module = imports.get(m[2]!);
    if (!module) continue;
    const p = m[1] ?? '';
    if (p.startsWith('/')) top[p] = module;
    else engagement[p] = module;
  }
  const layout = imports.get('EngagementLayout');
  return { top, engagement, layout };
}

describe('route modules', () => {
  it('name, for every page route of router.tsx, the module that route loads', () => {
    const r = routerTable();
    expect(Object.keys(r.engagement).length).toBeGreaterThan(40);
    expect(ENGAGEMENT_PAGES).toEqual(r.engagement);
    expect(TOP_LEVEL_PAGES).toEqual(r.top);
    expect(ENGAGEMENT_LAYOUT).toBe(r.layout);
  });

  it('match paths as the router does', () => {
    const id = '01a23c72-eb01-72a8-a3db-f7afab9cd94b';
    expect(routeModules(`/engagements/${id}`)).toEqual([ENGAGEMENT_LAYOUT, 'engagements/OverviewPage.tsx']);
    expect(routeModules(`/engagements/${id}/`)).toEqual([ENGAGEMENT_LAYOUT, 'engagements/OverviewPage.tsx']);
    expect(routeModules(`/engagements/${id}/progress`)).toEqual([ENGAGEMENT_LAYOUT, 'delivery/ProgressPage.tsx']);
    expect(routeModules(`/engagements/${id}/items/board`)).toEqual([ENGAGEMENT_LAYOUT, 'delivery/BoardPage.tsx']);
    expect(routeModules(`/engagements/${id}/items/${id}`)).toEqual([ENGAGEMENT_LAYOUT, 'delivery/ItemPage.tsx']);
    expect(routeModules(`/engagements/${id}/decisions/new`)).toEqual([ENGAGEMENT_LAYOUT, 'governance/DecisionFormPage.tsx']);
    expect(routeModules('/engagements')).toEqual(['engagements/EngagementsPage.tsx']);
    expect(routeModules('/selections/x/compare')).toEqual(['selections/ComparePage.tsx']);
    expect(routeModules('/no/such/page')).toEqual([]);
    expect(routeModules(`/engagements/${id}/no-such-section`)).toEqual([]);
  });
});
