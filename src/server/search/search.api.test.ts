import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type DemoKey, pgMissing, type TestContext } from '../../../test/context';

/**
 * Search covers engagements, notes, outcomes, work items, RAID entries,
 * decisions and commitments through one scoped path: a canary word placed in
 * an internal object of every kind reaches the provider side and never a
 * client role; the same word in shared objects reaches everyone in the
 * engagement, and nobody outside it.
 */
describe.skipIf(pgMissing)('search across kinds, visibility-filtered', () => {
  let ctx: TestContext;
  let E: string;
  const SHARED = 'zebracanary';
  const INTERNAL = 'okapicanary';

  const post = async (who: DemoKey, path: string, payload: object) => {
    const res = await ctx.as(who, { method: 'POST', url: `/api/v1/engagements/${E}${path}`, payload });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string };
  };
  const search = async (who: DemoKey, q: string) => {
    const res = await ctx.as(who, { method: 'GET', url: `/api/v1/search?q=${q}` });
    expect(res.statusCode).toBe(200);
    return (res.json() as { hits: { type: string; id: string; engagementId: string; title: string }[] }).hits;
  };

  beforeAll(async () => {
    ctx = await createTestContext();
    E = ctx.seed.engagementId;
    for (const [word, visibility] of [
      [SHARED, 'shared'],
      [INTERNAL, 'internal'],
    ] as const) {
      await post('lead', '/notes', { title: `Note ${word}`, visibility });
      await post('lead', '/items', { title: `Item ${word}`, visibility });
      await post('lead', '/raid', { type: 'risk', title: `Risk ${word}`, probability: 2, impact: 3, owner: 'Tom Reyes', visibility });
      await post('lead', '/decisions', { title: `Decide ${word}`, options: [{ title: 'A' }, { title: 'B' }], kind: 'technical', dueDate: '2099-01-01', visibility });
      await post('lead', '/commitments', { side: 'provider', title: `Deliver ${word}`, dueDate: '2099-01-01', visibility });
      await post('lead', '/recommendations', { kind: 'do', title: `Recommend ${word}`, recommendation: 'We recommend it, because it helps.', visibility });
    }
  });
  afterAll(async () => ctx?.close());

  it('finds every kind for the provider, internal ones included', async () => {
    for (const who of ['lead', 'member'] as const) {
      const shared = await search(who, SHARED);
      expect(shared.map((h) => h.type).sort()).toEqual(['commitment', 'decision', 'item', 'note', 'raid', 'recommendation']);
      const internal = await search(who, INTERNAL);
      expect(internal.map((h) => h.type).sort()).toEqual(['commitment', 'decision', 'item', 'note', 'raid', 'recommendation']);
      for (const h of [...shared, ...internal]) expect(h.engagementId).toBe(E);
    }
  });

  it('client roles find the shared objects and none of the internal ones', async () => {
    for (const who of ['sponsor', 'stakeholder'] as const) {
      expect((await search(who, SHARED)).map((h) => h.type).sort()).toEqual(['commitment', 'decision', 'item', 'note', 'raid', 'recommendation']);
      const leaked = await search(who, INTERNAL);
      expect(leaked).toEqual([]);
      const body = JSON.stringify(await search(who, 'canary'));
      expect(body).not.toContain(INTERNAL);
    }
  });

  it('a non-member (the instance admin) finds nothing of the engagement', async () => {
    expect(await search('admin', SHARED)).toEqual([]);
    expect(await search('admin', INTERNAL)).toEqual([]);
  });

  it('titles say what the hit is: a risk, a numbered decision', async () => {
    const hits = await search('sponsor', SHARED);
    expect(hits.find((h) => h.type === 'raid')?.title).toBe(`Risk: Risk ${SHARED}`);
    expect(hits.find((h) => h.type === 'decision')?.title).toMatch(new RegExp(`^D-\\d+ Decide ${SHARED}$`));
  });
});
