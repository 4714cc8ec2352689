import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type DemoKey, pgMissing, type TestContext } from '../../../test/context';

const DAY = 86_400_000;

describe.skipIf(pgMissing)('capacity plan: the lead plans, the dates follow and say so', () => {
  let ctx: TestContext;
  let E: string;
  const call = async (who: DemoKey, method: 'GET' | 'PUT', path: string, payload?: unknown) => {
    const res = await ctx.as(who, { method, url: `/api/v1/engagements/${E}${path}`, payload: payload as object });
    return { status: res.statusCode, json: () => res.json() };
  };
  const ok = async (who: DemoKey, method: 'GET' | 'PUT', path: string, payload?: unknown) => {
    const r = await call(who, method, path, payload);
    if (r.status >= 300) throw new Error(`${method} ${path} → ${r.status}: ${JSON.stringify(r.json())}`);
    return r.json();
  };
  const day = (offset: number) => new Date(ctx.clock.now().getTime() + offset * DAY).toISOString().slice(0, 10);

  beforeAll(async () => {
    ctx = await createTestContext();
    E = ctx.seed.engagementId;
  });
  afterAll(() => ctx?.close());

  it('starts empty; a closure moves both sides’ dates later, and the explanation names the plan without naming people', async () => {
    expect(await ok('lead', 'GET', '/capacity-plan')).toEqual({ periods: [] });
    const before = { lead: await ok('lead', 'GET', '/forecast'), sponsor: await ok('sponsor', 'GET', '/forecast') };
    expect(before.lead.completion.kind).toBe('forecast');

    const plan = await ok('lead', 'PUT', '/capacity-plan', {
      periods: [
        { kind: 'closed', startsOn: day(0), endsOn: day(27), note: 'winter break' },
        { kind: 'people', startsOn: day(28), personIds: [ctx.seed.users.lead, ctx.seed.users.member], hoursPerPersonWeek: 30 },
      ],
    });
    expect(plan.periods.map((p: { label: string; hoursPerWeek: number }) => [p.label, p.hoursPerWeek])).toEqual([
      [`office closed ${day(0)} – ${day(27)}`, 0],
      [`2 people from ${day(28)}`, 60],
    ]);
    expect(plan.periods[1].people.map((p: { id: string }) => p.id)).toEqual([ctx.seed.users.lead, ctx.seed.users.member]);
    expect(await ok('member', 'GET', '/capacity-plan')).toEqual(plan);

    for (const who of ['lead', 'sponsor'] as const) {
      const after = await ok(who, 'GET', '/forecast');
      // four closed weeks first: no date can come before they end
      expect(after.completion.p50 > day(27)).toBe(true);
      expect(after.completion.p50 >= before[who].completion.p50).toBe(true);
      const notes = after.explanation.notes.join(' ');
      // the closure covers the four weeks from today (the forecast counts from now, so a little under 4)
      expect(notes).toContain(`The capacity plan "office closed ${day(0)} – ${day(27)}" replaces that history for 3.9 week(s) of the forecast (0 h/week).`);
      expect(notes).toMatch(new RegExp(`The capacity plan "2 people from ${day(28)}" replaces that history for [\\d.]+ week\\(s\\) of the forecast \\(60 h/week\\)`));
      expect(after.capacity.plan[0]).toMatchObject({ label: `office closed ${day(0)} – ${day(27)}`, perWeek: 0 });
      expect(notes).not.toMatch(/Maya Okafor|Tom Reyes/);
    }
  });

  it('is the provider’s: clients may not read it, only the lead may write it, and its audit record is internal', async () => {
    expect((await call('sponsor', 'GET', '/capacity-plan')).status).toBe(403);
    expect((await call('stakeholder', 'GET', '/capacity-plan')).status).toBe(403);
    expect((await call('member', 'PUT', '/capacity-plan', { periods: [] })).status).toBe(403);
    const leadAudit = await ok('lead', 'GET', '/audit?limit=200');
    const sponsorAudit = await ok('sponsor', 'GET', '/audit?limit=200');
    expect(JSON.stringify(leadAudit)).toContain('capacity_plan.replaced');
    expect(JSON.stringify(sponsorAudit)).not.toContain('capacity_plan.replaced');
  });

  it('refuses bad periods with 422 naming the field, and writes nothing', async () => {
    const kept = await ok('lead', 'GET', '/capacity-plan');
    const bad = async (periods: unknown[], field: string) => {
      const r = await call('lead', 'PUT', '/capacity-plan', { periods });
      // 400 when the body's shape is wrong (zod), 422 when it is well-formed but not possible
      expect([400, 422]).toContain(r.status);
      const body = r.json();
      expect(body.error.details.map((d: { field: string }) => d.field)).toContain(field);
    };
    await bad([{ kind: 'closed', startsOn: day(10), endsOn: day(3) }], 'periods.0.endsOn');
    await bad([{ kind: 'people', startsOn: day(1), personIds: [] }], 'periods.0.personIds');
    await bad([{ kind: 'people', startsOn: day(1), personIds: [ctx.seed.users.lead, ctx.seed.users.sponsor] }], 'periods.0.personIds.1');
    await bad([{ kind: 'closed', startsOn: day(1), personIds: [ctx.seed.users.lead] }], 'periods.0.personIds');
    await bad([{ kind: 'people', startsOn: day(1), personIds: [ctx.seed.users.lead], hoursPerPersonWeek: 500 }], 'periods.0.hoursPerPersonWeek');
    await bad([{ kind: 'weekend', startsOn: day(1) }], 'periods.0.kind');
    expect(await ok('lead', 'GET', '/capacity-plan')).toEqual(kept);
    // an empty plan clears it
    expect(await ok('lead', 'PUT', '/capacity-plan', { periods: [] })).toEqual({ periods: [] });
  });
});
