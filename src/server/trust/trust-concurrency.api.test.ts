import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type DemoKey, pgMissing, type TestContext } from '../../../test/context';
import { trustCache } from './service';

// Found by the soak (bench/results/soak.md): under steady writes every overview and trust read took a turn behind the
// others, each with its own round trip for the chain head, so on PostgreSQL they waited seconds while every other read
// took tens of milliseconds. Now a report is served without a turn when it is as new as the head the request read, and a
// request that waited is served the report the turn before it made when that covers the head it read.
describe.skipIf(pgMissing)('trust index under concurrent reads', () => {
  let ctx: TestContext;
  let E: string;
  const readers: DemoKey[] = ['lead', 'member', 'sponsor', 'stakeholder'];

  beforeAll(async () => {
    ctx = await createTestContext();
    E = ctx.seed.engagementId;
    for (const who of readers) await ctx.cookieFor(who);
  });
  afterAll(() => ctx?.close());

  it('requests arriving together share one refresh, and each sees the records written before it arrived', async () => {
    const trust = (who: DemoKey) => ctx.as(who, { method: 'GET', url: `/api/v1/engagements/${E}/trust` });
    expect((await trust('sponsor')).statusCode).toBe(200); // the state is built
    const note = await ctx.as('lead', { method: 'POST', url: `/api/v1/engagements/${E}/notes`, payload: { title: 'Moves the chain head' } });
    expect(note.statusCode, note.body).toBe(201);
    const cache = trustCache(ctx.deps.db);
    const before = cache.turnReads;
    const answers = await Promise.all(Array.from({ length: 24 }, (_, i) => trust(readers[i % readers.length]!)));
    for (const a of answers) expect(a.statusCode, a.body).toBe(200);
    // one refresh's reads under the turn, not one round trip per waiting request
    expect(cache.turnReads - before).toBeLessThanOrEqual(2);
    // and with nothing written since, 24 more reads take no turn at all
    const idle = cache.turnReads;
    await Promise.all(Array.from({ length: 24 }, (_, i) => trust(readers[i % readers.length]!)));
    expect(cache.turnReads).toBe(idle);
    // the same report for every member, and the same as a read on its own afterwards (nothing written in between)
    const alone = (await trust('sponsor')).json();
    for (const a of answers) expect(a.json()).toEqual(alone);
  });

  it('a request arriving while a refresh runs gets a later one that includes a write made before it arrived', async () => {
    const overview = (who: DemoKey) => ctx.as(who, { method: 'GET', url: `/api/v1/engagements/${E}/overview` });
    const trust = (who: DemoKey) => ctx.as(who, { method: 'GET', url: `/api/v1/engagements/${E}/trust` });
    const first = trust('sponsor'); // a refresh starts (or is served from the cache)
    const raid = await ctx.as('sponsor', { method: 'POST', url: `/api/v1/engagements/${E}/raid`, payload: { type: 'issue', title: 'Raised while the index refreshes', owner: 'Ingrid Halvorsen' } });
    expect(raid.statusCode, raid.body).toBe(201);
    const [a, b, o] = await Promise.all([first, trust('lead'), overview('stakeholder')]);
    expect(a.statusCode).toBe(200);
    expect(o.statusCode, o.body).toBe(200);
    // the later request reflects the chain as it was when it arrived: the same as a fresh read now
    expect(b.json()).toEqual((await trust('lead')).json());
  });
});
