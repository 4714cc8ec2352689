import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, pgMissing, type TestContext } from '../../../test/context';
import { TrustReport } from '../../contracts/trust';

/**
 * The trust index never rests on what a client cannot open now (ADR 0022,
 * Server): objects made internal later through the API leave the index, and
 * with them their titles and counts.
 */
const DAY = 86_400_000;
type Report = ReturnType<typeof TrustReport.parse>;
const component = (r: Report, key: string) => [...r.provider.components, ...r.client.components].find((c) => c.key === key)!;

describe.skipIf(pgMissing)('trust index: objects made internal later', () => {
  let ctx: TestContext;
  let E: string;
  const trust = async (who: 'lead' | 'sponsor') => {
    const res = await ctx.as(who, { method: 'GET', url: `/api/v1/engagements/${E}/trust` });
    expect(res.statusCode, res.body).toBe(200);
    return TrustReport.parse(res.json());
  };
  const daysAgo = (n: number) => new Date(ctx.clock.now().getTime() - n * DAY).toISOString().slice(0, 10);

  beforeAll(async () => {
    ctx = await createTestContext();
    E = ctx.seed.engagementId;
  });
  afterAll(() => ctx?.close());

  it('a shared time entry made internal no longer counts among the time entries', async () => {
    const before = component(await trust('sponsor'), 'transparency');
    const res = await ctx.as('lead', { method: 'POST', url: `/api/v1/engagements/${E}/time-entries`, payload: { dateWorked: daysAgo(1), minutes: 30, note: 'shared at first' } });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id as string;
    const counted = component(await trust('sponsor'), 'transparency');
    const time = (c: typeof before) => c.evidence.find((e) => e.type === 'aggregate' && e.title === 'Time entries')?.explanation;
    expect(time(counted)).not.toBe(time(before));
    const patch = await ctx.as('lead', { method: 'PATCH', url: `/api/v1/engagements/${E}/time-entries/${id}`, payload: { visibility: 'internal' } });
    expect(patch.statusCode, patch.body).toBe(200);
    const after = component(await trust('sponsor'), 'transparency');
    expect(time(after)).toBe(time(before));
    expect(after.score).toBe(before.score);
    expect((await ctx.as('lead', { method: 'GET', url: `/api/v1/engagements/${E}/trust` })).body).toBe((await ctx.as('sponsor', { method: 'GET', url: `/api/v1/engagements/${E}/trust` })).body);
  });

  it('a shared RAID issue made internal (and renamed while internal) leaves every string of the report', async () => {
    const res = await ctx.as('lead', { method: 'POST', url: `/api/v1/engagements/${E}/raid`, payload: { type: 'issue', title: 'Zebra outage at first', owner: 'Sam Patel' } });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id as string;
    expect(JSON.stringify(await trust('sponsor'))).toContain('Zebra outage at first');
    for (const payload of [{ visibility: 'internal' }, { title: 'Zebra secret name' }]) {
      const p = await ctx.as('lead', { method: 'PATCH', url: `/api/v1/engagements/${E}/raid/${id}`, payload });
      expect(p.statusCode, p.body).toBe(200);
    }
    const body = JSON.stringify(await trust('sponsor'));
    expect(body).not.toContain('Zebra');
    expect(body).not.toContain(id);
  });
  // last: it moves the clock
  it('a shared decision superseded by an internal one is not left open past due (nor named) in the index', async () => {
    const api = (path: string) => `/api/v1/engagements/${E}${path}`;
    const d1 = await ctx.as('lead', { method: 'POST', url: api('/decisions'), payload: { title: 'Quagga carriers first', options: [{ title: 'All five' }], kind: 'scope', dueDate: daysAgo(-2) } });
    expect(d1.statusCode, d1.body).toBe(201);
    const d2 = await ctx.as('lead', { method: 'POST', url: api('/decisions'), payload: { title: 'Internal rethink', options: [{ title: 'Two' }], kind: 'scope', dueDate: '2099-01-01', supersedesId: d1.json().id, visibility: 'internal' } });
    expect(d2.statusCode, d2.body).toBe(201);
    expect((await ctx.as('sponsor', { method: 'GET', url: api(`/decisions/${d1.json().id}`) })).json().status).toBe('superseded');
    ctx.clock.advance(5 * DAY);
    const body = JSON.stringify(await trust('sponsor'));
    expect(body).not.toContain('Quagga');
    expect(body).not.toContain(d1.json().id);
  });
});
