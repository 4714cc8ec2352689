import { describe, expect, it } from 'vitest';
import { type ComponentKey, computeTrust, type TrustRecord } from './index';
import { PEOPLE, SimEngagement } from './simulate';
import * as W from './weights';

/** Small hand-made histories, one component at a time, with the numbers worked out by hand. */
const DAY = 86_400_000;
const T0 = Date.parse('2026-03-02T00:00:00Z'); // a Monday
const at = (day: number, hour = 10) => T0 + day * DAY + hour * 3_600_000;
const date = (day: number) => new Date(T0 + day * DAY).toISOString().slice(0, 10);
const paths = (type: string, id: string | null) => `/api/v1/engagements/E/${type}${id ? `/${id}` : ''}`;
const started = () => {
  const sim = new SimEngagement();
  sim.start(at(0, 8));
  return sim;
};
const comp = (records: readonly TrustRecord[], key: ComponentKey, asOf = date(100)) => {
  const r = computeTrust(records, { asOf, paths });
  return [...r.provider.components, ...r.client.components].find((c) => c.key === key)!;
};
/** Decayed weight of an evidence instant against the first record (what the index uses). */
const wt = (ms: number) => 2 ** ((ms - at(0, 8)) / (W.HALF_LIFE_DAYS * DAY));

describe('predictability', () => {
  it('one kept and one silently missed commitment: the decayed average, and the miss named with its path', () => {
    const sim = started();
    const a = sim.commitment(at(1), 'provider', 'Payment API', date(10));
    sim.keep(at(9, 15), a, 'Payment API', date(10));
    const b = sim.commitment(at(1), 'provider', 'SSO', date(20));
    sim.autoMiss(b, 'SSO', date(20));
    const c = comp(sim.records, 'predictability');
    const wa = wt(at(9, 15));
    const wb = wt(Date.parse(`${date(21)}T00:00:05Z`));
    expect(c.score).toBeCloseTo(Math.round((1000 * wa) / (wa + wb)) / 10, 1);
    const miss = c.evidence.find((e) => e.title === 'SSO')!;
    expect(miss.effect).toBeLessThan(0);
    expect(miss.path).toBe(`/api/v1/engagements/E/commitment/${b}`);
    expect(miss.explanation).toMatch(/without renegotiation/);
  });

  it('a renegotiation 14 days ahead, then kept, is worth keptValue([14])', () => {
    const sim = started();
    const a = sim.commitment(at(1), 'provider', 'Report', date(30));
    sim.renegotiate(at(16), a, 'Report', date(30), date(40));
    sim.keep(at(39), a, 'Report', date(40));
    expect(comp(sim.records, 'predictability').score).toBeCloseTo(100 * W.keptValue([14]), 1);
  });

  it('what would raise it includes keeping the commitments due in the next two weeks, computed by scoring them kept', () => {
    const sim = started();
    const a = sim.commitment(at(1), 'provider', 'SSO', date(20));
    sim.autoMiss(a, 'SSO', date(20));
    sim.commitment(at(25), 'provider', 'Payment API', date(35));
    sim.commitment(at(25), 'provider', 'Later one', date(60));
    const c = comp(sim.records, 'predictability', date(30));
    expect(c.score).toBe(0);
    const keep = c.raise.find((x) => x.action.startsWith('Keeping the provider commitments due in the next 14 days'))!;
    expect(keep.action).toContain("'Payment API' due");
    expect(keep.action).not.toContain('Later one');
    // what the raise says is what keeping it would do
    const id = sim.records.find((r) => r.payload.action === 'commitment.created' && (r.payload.after as { title?: string }).title === 'Payment API')!.payload.object.id;
    sim.keep(at(35, 9), id, 'Payment API', date(35));
    expect(Math.abs(comp(sim.records, 'predictability', date(36)).score! - keep.to!)).toBeLessThanOrEqual(1);
    // a client commitment is not the provider's to keep
    const client = started();
    client.commitment(at(1), 'client', 'Test data', date(5));
    client.commitment(at(6), 'client', 'Sign-off', date(12));
    expect(comp(client.records, 'predictability', date(8)).raise).toEqual([]);
    expect(comp(client.records, 'dependencies', date(8)).raise.map((x) => x.action)).toEqual([expect.stringContaining("Keeping the client commitments due in the next 14 days by their dates ('Sign-off' due")]);
  });

  it('a commitment past due and not yet marked missed counts as missed on the day read', () => {
    const sim = started();
    sim.commitment(at(1), 'provider', 'Late one', date(5));
    expect(comp(sim.records, 'predictability', date(4)).score).toBeNull();
    expect(comp(sim.records, 'predictability', date(6)).score).toBe(0);
  });
});

describe('proactiveness', () => {
  it('a risk flagged 7 days ahead and an unflagged issue; the median lead time shown', () => {
    const sim = started();
    const r = sim.risk(at(10), 'Carrier data');
    sim.riskOccurred(at(17), r, 'Carrier data', at(10));
    sim.issue(at(17), 'VPN drops');
    const c = comp(sim.records, 'proactiveness');
    expect(c.score).toBeCloseTo(100 * (W.flagLeadValue(7) / 2), 0);
    expect(c.explanation).toMatch(/median lead time from flag to occurrence 7 days/);
  });

  it('a failure report after a problem the client raised counts less than one the provider raised itself', () => {
    const own = started();
    own.failurePublished(at(5), 'Clock change', null);
    const after = started();
    const issue = after.issue(at(3), 'Times wrong', PEOPLE.sponsor);
    after.failurePublished(at(5), 'Clock change', { type: 'raid_item', id: issue, title: 'Times wrong' });
    expect(comp(own.records, 'proactiveness').score).toBe(100);
    // the client's issue is itself unflagged (0) and the report is worth FAILURE_CLIENT_FIRST
    expect(comp(after.records, 'proactiveness').score!).toBeLessThan(100 * W.FAILURE_CLIENT_FIRST + 0.01);
  });
});

describe('transparency', () => {
  it('time logging is one aggregate that says what it counts', () => {
    const sim = started();
    sim.timeEntry(at(3, 17), date(3)); // same day
    sim.timeEntry(at(4, 17), date(3)); // next day
    sim.timeEntry(at(10, 17), date(3)); // a week later
    sim.timeEntry(at(10, 18), date(4));
    const c = comp(sim.records, 'transparency', date(11));
    const agg = c.evidence.find((e) => e.type === 'aggregate' && e.title === 'Time entries')!;
    expect(agg.explanation).toBe('50% of 4 time entries logged within 2 working days.');
    expect(agg.path).toBe('/api/v1/engagements/E/time_entry');
    expect(agg.id).toBeNull();
  });

  it('an overdue status update counts 0 until published, then its lateness', () => {
    const sim = started();
    sim.statusOverdue(at(5, 0), date(4));
    expect(comp(sim.records, 'transparency', date(5)).score).toBe(0);
    sim.statusPublished(at(6, 9), date(4), 1, 'on_track', 'on_track');
    const c = comp(sim.records, 'transparency', date(6));
    expect(c.score).toBeGreaterThan(50);
    expect(c.evidence.find((e) => e.title === 'Status updates')!.explanation).toBe('0% of 1 status update published on the charter’s cadence.');
  });

  it('health rosier than the data counts against it', () => {
    const honest = started();
    honest.statusPublished(at(4, 15), date(4), 0, 'off_track', 'off_track');
    const rosy = started();
    rosy.statusPublished(at(4, 15), date(4), 0, 'on_track', 'off_track');
    expect(comp(rosy.records, 'transparency', date(5)).score!).toBeLessThan(comp(honest.records, 'transparency', date(5)).score!);
  });
});

describe('responsiveness', () => {
  it('an escalation acknowledged after twice the charter’s response hours is worth half', () => {
    const sim = started(); // charter: 24 h
    const e = sim.escalation(at(10, 9), 'Outage');
    sim.escalationAnswered(at(12, 9), e, 'Outage');
    expect(comp(sim.records, 'responsiveness').score).toBeCloseTo(50, 5);
  });

  it('an escalation raised by the provider is not the provider’s to answer', () => {
    const sim = started();
    const e = sim.escalation(at(10, 9), 'Sign-off missing', PEOPLE.lead);
    sim.escalationAnswered(at(15, 9), e, 'Sign-off missing');
    expect(comp(sim.records, 'responsiveness').score).toBeNull();
  });
});

describe('advice', () => {
  it('an accepted recommendation against own revenue, with reasons, is worth 1; one for more work 0.55', () => {
    const sim = started();
    const a = sim.recommendation(at(5), 'dont', 'Skip SSO', 40);
    sim.respond(at(6), a, 'dont', 'Skip SSO', 'accepted');
    sim.recommendation(at(7), 'do', 'Load test');
    const c = comp(sim.records, 'advice');
    const w1 = wt(at(5));
    const w2 = wt(at(7));
    expect(c.score).toBeCloseTo((100 * (w1 * 1 + w2 * 0.55)) / (w1 + w2), 1);
    expect(c.explanation).toMatch(/50% of 2 recommendations went against the provider's own revenue; accepted ones avoided 40 h/);
  });
});

describe('gate reviews: client_voice, provider_voice, engagement', () => {
  it("scores the client's answers, the provider's partnership answers, and the client's promptness", () => {
    const sim = started();
    const g = sim.gate(at(10), 'Discovery', date(15));
    sim.gateAnswered(at(18, 12), g, [4, 4, 4, 4, 2, 3], [5, 3, 5, 5, 5, 5]);
    expect(comp(sim.records, 'client_voice').score).toBeCloseTo((100 * (21 / 6 - 1)) / 4, 5);
    // only collaboration_clarity is a partnership question among the standard ones: 3 → 50
    expect(comp(sim.records, 'provider_voice').score).toBe(50);
    expect(comp(sim.records, 'engagement').score).toBeCloseTo(100 * W.lateDeliveryValue(3), 5);
  });

  it('an unanswered gate review past its due date counts 0, and answering it is what would raise engagement', () => {
    const sim = started();
    sim.gate(at(10), 'Discovery', date(15));
    const c = comp(sim.records, 'engagement', date(20));
    expect(c.score).toBe(0);
    expect(c.raise[0]!.action).toMatch(/Answering the open gate reviews \('Gate review: Discovery'\)/);
    expect(c.raise[0]!.to).toBe(Math.round(100 * W.lateDeliveryValue(5)));
  });
});

describe('decisions', () => {
  it("3 past-due client decisions: deciding them is computed to raise the score, a provider decision does not count", () => {
    const sim = started();
    const ok = sim.decisionRequested(at(1), 'On time', PEOPLE.sponsor, date(5));
    sim.decide(at(4), ok, 'On time', date(5), PEOPLE.sponsor);
    for (const t of ['A', 'B', 'C']) sim.decisionRequested(at(2), t, PEOPLE.sponsor, date(8));
    sim.decisionRequested(at(2), 'Provider one', PEOPLE.lead, date(8));
    const c = comp(sim.records, 'decisions', date(10));
    expect(c.evidence.filter((e) => e.explanation.includes('not decided'))).toHaveLength(3);
    expect(c.score!).toBeLessThan(50);
    const raise = c.raise.find((x) => x.action.startsWith('Deciding the past-due client decisions'))!;
    expect(raise.action).toContain("'A', 'B', 'C'");
    expect(raise.to!).toBeGreaterThan(c.score!);
    // what the raise says is what deciding would do: decide them and recompute
    for (const r of sim.records.filter((x) => x.payload.action === 'decision.requested' && ['A', 'B', 'C'].includes(String(x.payload.after?.title)))) {
      sim.decide(at(10, 9), r.payload.object.id, String(r.payload.after?.title), date(8), PEOPLE.sponsor);
    }
    expect(Math.round(comp(sim.records, 'decisions', date(10)).score!)).toBeCloseTo(raise.to!, -0.5);
  });
});

describe('dependencies', () => {
  it('a client dependency delivered 5 days late, and a client commitment kept', () => {
    const sim = started();
    const d = sim.dependency(at(1), 'Root access', 'client', date(10));
    const k = sim.commitment(at(1), 'client', 'Export', date(12));
    sim.keep(at(11), k, 'Export', date(12)); // records go in time order
    sim.raidUpdated(at(15, 12), 'dependency', d, 'Root access', 'delivered');
    const c = comp(sim.records, 'dependencies');
    const w1 = wt(at(15, 12));
    const w2 = wt(at(11));
    expect(c.score).toBeCloseTo((100 * (w1 * W.lateDeliveryValue(5) + w2)) / (w1 + w2), 1);
  });
});

describe('the report', () => {
  it('changes name the evidence behind a move in the last 30 days', () => {
    const sim = started();
    for (let i = 0; i < 3; i++) {
      const id = sim.commitment(at(1 + i), 'provider', `Kept ${i}`, date(10 + i));
      sim.keep(at(9 + i), id, `Kept ${i}`, date(10 + i));
    }
    const m = sim.commitment(at(40), 'provider', 'Payment API', date(55));
    sim.autoMiss(m, 'Payment API', date(55));
    const r = computeTrust(sim.records, { asOf: date(60), paths });
    const ch = r.changes.find((c) => c.component === 'predictability')!;
    expect(ch.from).toBe(100);
    expect(ch.to!).toBeLessThan(80);
    expect(ch.because).toMatch(/Predictability fell from 100 to \d+ since .*'Payment API'/);
    expect(r.trend.at(-1)!.date).toBe(date(60));
    expect(r.trend.at(-1)!.provider).toBe(r.provider.score);
  });

  it('weights shown are the headline’s: null components weigh 0 and the rest sum to 1', () => {
    const sim = started();
    const id = sim.commitment(at(1), 'provider', 'X', date(5));
    sim.keep(at(4), id, 'X', date(5));
    sim.recommendation(at(6), 'dont', 'Y');
    const r = computeTrust(sim.records, { asOf: date(10), paths });
    const sum = r.provider.components.reduce((a, c) => a + c.weight, 0);
    expect(sum).toBeCloseTo(1, 2);
    expect(r.provider.components.find((c) => c.key === 'client_voice')!.weight).toBe(0);
  });
});
