import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ComponentKey, COMPONENT_KEYS, computeTrust, createTrustState, foldTrust, reportTrust, type TrustRecord } from './index';
import { BASE, generate, PEOPLE, PROFILES, SimEngagement } from './simulate';

const DAY = 86_400_000;
const T0 = Date.parse('2026-03-02T00:00:00Z'); // a Monday
const at = (day: number, hour = 10) => T0 + day * DAY + hour * 3_600_000;
const date = (day: number) => new Date(T0 + day * DAY).toISOString().slice(0, 10);
const paths = (type: string, id: string | null) => `/api/v1/engagements/E/${type}${id ? `/${id}` : ''}`;

const report = (records: readonly TrustRecord[], asOf = date(200)) => computeTrust(records, { asOf, paths });
const score = (records: readonly TrustRecord[], key: ComponentKey, asOf = date(200)) => {
  const r = report(records, asOf);
  return [...r.provider.components, ...r.client.components].find((c) => c.key === key)!.score;
};
const started = () => {
  const sim = new SimEngagement();
  sim.start(at(0, 8));
  return sim;
};
/** Some kept provider commitments before day 40, so scores are not alone. */
const withKept = (sim: SimEngagement, n: number) => {
  for (let i = 0; i < n; i++) {
    const id = sim.commitment(at(1 + i, 9), 'provider', `Kept ${i}`, date(10 + i));
    sim.keep(at(9 + i, 15), id, `Kept ${i}`, date(10 + i));
  }
};

describe('trust index: orders behaviour as a reasonable person would', () => {
  it('an early renegotiation scores higher than a silent miss of the same commitment', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 0, max: 6 }), fc.boolean(), (ahead, others, thenKept) => {
        const build = (renegotiate: boolean) => {
          const sim = started();
          withKept(sim, others);
          const id = sim.commitment(at(40, 9), 'provider', 'Payment API', date(80));
          if (renegotiate) {
            sim.renegotiate(at(80 - ahead, 11), id, 'Payment API', date(80), date(95));
            if (thenKept) sim.keep(at(94, 15), id, 'Payment API', date(95));
            else sim.autoMiss(id, 'Payment API', date(95), true);
          } else sim.autoMiss(id, 'Payment API', date(80));
          return sim.records;
        };
        const early = report(build(true));
        const silent = report(build(false));
        expect(early.provider.components[0]!.score!).toBeGreaterThan(silent.provider.components[0]!.score!);
        expect(early.provider.score!).toBeGreaterThan(silent.provider.score!);
      }),
    );
  });

  it('the earlier the renegotiation, the better', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 30 }), (a, b) => {
        const build = (ahead: number) => {
          const sim = started();
          withKept(sim, 2);
          const id = sim.commitment(at(40, 9), 'provider', 'SSO', date(80));
          sim.renegotiate(at(80 - ahead, 11), id, 'SSO', date(80), date(95));
          sim.keep(at(94, 15), id, 'SSO', date(95));
          return sim.records;
        };
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(score(build(hi), 'predictability')!).toBeGreaterThanOrEqual(score(build(lo), 'predictability')!);
      }),
    );
  });

  it('an issue flagged as a risk 10 days ahead scores higher than the same issue unflagged', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 5 }), (flaggedBefore, unflaggedBefore) => {
        const build = (flag: boolean) => {
          const sim = started();
          for (let i = 0; i < flaggedBefore; i++) {
            const r = sim.risk(at(2 + i), `Old risk ${i}`);
            sim.riskOccurred(at(20 + i), r, `Old risk ${i}`, at(2 + i));
          }
          for (let i = 0; i < unflaggedBefore; i++) sim.issue(at(30 + i), `Old issue ${i}`);
          if (flag) {
            const r = sim.risk(at(50), 'Carrier data incomplete');
            sim.riskOccurred(at(60), r, 'Carrier data incomplete', at(50));
          } else sim.issue(at(60), 'Carrier data incomplete');
          return sim.records;
        };
        expect(score(build(true), 'proactiveness')!).toBeGreaterThan(score(build(false), 'proactiveness')!);
      }),
    );
  });

  it("the client's late decisions lower the client side, not the provider side", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 2, max: 12 }), (seed, delay) => {
        const onTime = report(generate({ ...BASE, clientDecisionDelay: 0 }, { seed, months: 3, start: '2026-01-05' }), '2026-04-05');
        const late = report(generate({ ...BASE, clientDecisionDelay: delay }, { seed, months: 3, start: '2026-01-05' }), '2026-04-05');
        expect(late.client.score!).toBeLessThan(onTime.client.score!);
        expect(late.provider.score).toBe(onTime.provider.score);
        expect(late.provider.components.map((c) => c.score)).toEqual(onTime.provider.components.map((c) => c.score));
      }),
      { numRuns: 20 },
    );
  });

  it('adding a kept commitment never lowers predictability', () => {
    const outcome = fc.constantFrom('kept', 'silent', 'early', 'late-reneg', 'reneg-missed');
    fc.assert(
      fc.property(fc.array(outcome, { minLength: 0, maxLength: 8 }), fc.integer({ min: 0, max: 8 }), (outcomes, insertAt) => {
        const build = (extra: boolean) => {
          const sim = started();
          outcomes.forEach((o, i) => {
            if (extra && i === Math.min(insertAt, outcomes.length)) {
              const x = sim.commitment(at(i * 10, 9), 'provider', 'Extra', date(i * 10 + 5));
              sim.keep(at(i * 10 + 4, 15), x, 'Extra', date(i * 10 + 5));
            }
            const due = date(i * 10 + 8);
            const id = sim.commitment(at(i * 10, 9), 'provider', `C${i}`, due);
            if (o === 'kept') sim.keep(at(i * 10 + 7, 15), id, `C${i}`, due);
            else if (o === 'silent') sim.autoMiss(id, `C${i}`, due);
            else {
              const when = o === 'late-reneg' ? at(i * 10 + 8, 20) : at(i * 10 + 2, 11);
              sim.renegotiate(when, id, `C${i}`, due, date(i * 10 + 9));
              if (o === 'reneg-missed') sim.autoMiss(id, `C${i}`, date(i * 10 + 9), true);
              else sim.keep(at(i * 10 + 9, 12), id, `C${i}`, date(i * 10 + 9));
            }
          });
          if (extra && insertAt >= outcomes.length) {
            const x = sim.commitment(at(outcomes.length * 10, 9), 'provider', 'Extra', date(outcomes.length * 10 + 5));
            sim.keep(at(outcomes.length * 10 + 4, 15), x, 'Extra', date(outcomes.length * 10 + 5));
          }
          return sim.records;
        };
        const before = score(build(false), 'predictability');
        const after = score(build(true), 'predictability')!;
        if (before !== null) expect(after).toBeGreaterThanOrEqual(before - 1e-9);
        else expect(after).toBe(100);
      }),
    );
  });

  it('orders the simulated profiles: renegotiator over silent misser, flagger over surpriser, honest recommender over one who never advises against', () => {
    const asOf = '2026-07-05';
    const r = (name: string) => report(generate(PROFILES[name]!, { months: 6 }), asOf);
    const c = (x: ReturnType<typeof r>, k: ComponentKey) => [...x.provider.components, ...x.client.components].find((y) => y.key === k)!.score!;
    expect(c(r('early renegotiator'), 'predictability')).toBeGreaterThan(c(r('silent misser'), 'predictability') + 10);
    expect(c(r('early risk flagger'), 'proactiveness')).toBeGreaterThan(c(r('surpriser'), 'proactiveness') + 20);
    expect(c(r('honest recommender'), 'advice')).toBeGreaterThan(c(r('never against'), 'advice'));
    expect(r('late-deciding client').client.score!).toBeLessThan(r('early renegotiator').client.score!);
  });
});

// ── monotonicity: a better version of one event never lowers its component ──

type Variant = (sim: SimEngagement, q: number) => void;
/** q in 0…10: higher is better behaviour for the event under test. */
const MONOTONE: Record<ComponentKey, Variant> = {
  predictability: (sim, q) => {
    const id = sim.commitment(at(40), 'provider', 'X', date(60));
    if (q === 0) sim.autoMiss(id, 'X', date(60));
    else if (q === 10) sim.keep(at(59, 15), id, 'X', date(60));
    else {
      sim.renegotiate(at(60 - q * 2, 11), id, 'X', date(60), date(70));
      sim.keep(at(69, 15), id, 'X', date(70));
    }
  },
  proactiveness: (sim, q) => {
    if (q === 0) sim.issue(at(60), 'P');
    else {
      const r = sim.risk(at(60 - q * 2), 'P');
      sim.riskOccurred(at(60), r, 'P', at(60 - q * 2));
    }
  },
  transparency: (sim, q) => {
    if (q === 0) sim.statusOverdue(at(61, 0), date(60));
    else sim.statusPublished(at(60 + (10 - q), 15), date(60), Math.max(0, 10 - q), 'on_track', 'on_track');
  },
  responsiveness: (sim, q) => {
    const e = sim.escalation(at(60), 'E');
    sim.escalationAnswered(at(60) + (11 - q) * 8 * 3_600_000, e, 'E');
  },
  advice: (sim, q) => {
    const kind = q >= 7 ? 'dont' : q >= 4 ? 'alternative' : 'do';
    const id = sim.recommendation(at(60), kind, 'R', 10);
    sim.respond(at(62), id, kind, 'R', q >= 9 || q < 4 ? 'accepted' : 'declined');
  },
  client_voice: (sim, q) => {
    const g = sim.gate(at(60), 'G', date(65));
    sim.gateAnswered(at(63), g, [1 + Math.floor(q / 2.5)], [4]);
  },
  decisions: (sim, q) => {
    const d = sim.decisionRequested(at(60), 'D', PEOPLE.sponsor, date(65));
    sim.decide(at(65 + (10 - q), 12), d, 'D', date(65), PEOPLE.sponsor);
  },
  dependencies: (sim, q) => {
    const d = sim.dependency(at(50), 'Dep', 'client', date(65));
    sim.raidUpdated(at(65 + (10 - q), 12), 'dependency', d, 'Dep', 'delivered');
  },
  engagement: (sim, q) => {
    const g = sim.gate(at(60), 'G', date(65));
    sim.gateAnswered(at(64 + (10 - q), 12), g, [4], [4]);
  },
  provider_voice: (sim, q) => {
    const g = sim.gate(at(60), 'G', date(65));
    sim.gateAnswered(at(63), g, [4], [1 + Math.floor(q / 2.5)]);
  },
};

/** A random background history: every kind of evidence a little, all before day 40 (the events under test come after). */
const background = (seed: number) => {
  const sim = started();
  const recs = generate({ ...BASE, slipShare: (seed % 5) / 10, renegotiateDaysAhead: seed % 3 === 0 ? null : 5, flagDaysAhead: seed % 2 ? 8 : null, clientDecisionDelay: seed % 4 }, { seed, months: 1.2, start: '2026-03-02' });
  // reuse the generated records (they start with their own engagement records)
  const end = new Date(at(40, 0)).toISOString();
  for (const r of recs.slice(7).filter((x) => x.at < end)) sim.push(Date.parse(r.at), r.payload.actor as never, r.payload.action, r.payload.object, r.payload.before, r.payload.after, r.payload.visibility);
  return sim;
};

describe('trust index: monotone in each component', () => {
  for (const key of COMPONENT_KEYS) {
    it(`${key}: better behaviour in one event never lowers it`, () => {
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 500 }), fc.integer({ min: 0, max: 10 }), fc.integer({ min: 0, max: 10 }), (seed, a, b) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          const build = (q: number) => {
            const sim = background(seed);
            MONOTONE[key](sim, q);
            return sim.records;
          };
          const sLo = score(build(lo), key, date(120));
          const sHi = score(build(hi), key, date(120));
          expect(sLo).not.toBeNull();
          expect(sHi!).toBeGreaterThanOrEqual(sLo! - 1e-9);
        }),
        { numRuns: 25 },
      );
    });
  }
});

// ── no component moves on events it does not read ───────────────────────

/** Each kind of event, and the components that read it. */
const READS: { name: string; add: (sim: SimEngagement) => void; reads: ComponentKey[] }[] = [
  { name: 'provider commitment missed', add: (sim) => sim.autoMiss(sim.commitment(at(41), 'provider', 'x', date(44)), 'x', date(44)), reads: ['predictability'] },
  { name: 'client commitment', add: (sim) => sim.autoMiss(sim.commitment(at(41), 'client', 'x', date(44)), 'x', date(44)), reads: ['dependencies'] },
  { name: 'client decision', add: (sim) => sim.decide(at(50), sim.decisionRequested(at(41), 'x', PEOPLE.sponsor, date(44)), 'x', date(44), PEOPLE.sponsor), reads: ['decisions'] },
  { name: 'provider decision', add: (sim) => sim.decide(at(50), sim.decisionRequested(at(41), 'x', PEOPLE.lead, date(44)), 'x', date(44), PEOPLE.lead), reads: ['responsiveness'] },
  { name: 'unflagged issue', add: (sim) => sim.issue(at(45), 'x'), reads: ['proactiveness', 'transparency'] },
  { name: 'status update', add: (sim) => sim.statusPublished(at(45), date(44), 1, 'on_track', 'off_track'), reads: ['transparency'] },
  { name: 'recommendation', add: (sim) => sim.recommendation(at(45), 'dont', 'x', 5), reads: ['advice'] },
  { name: 'gate review', add: (sim) => sim.gateAnswered(at(45), sim.gate(at(42), 'x', date(44)), [2], [5]), reads: ['client_voice', 'provider_voice', 'engagement'] },
  { name: 'escalation answered late', add: (sim) => sim.escalationAnswered(at(49), sim.escalation(at(45), 'x'), 'x'), reads: ['responsiveness'] },
  { name: 'late time entry', add: (sim) => sim.timeEntry(at(49), date(41)), reads: ['transparency'] },
  { name: 'comments and internal records', add: (sim) => {
      sim.comment(at(45), 'x');
      sim.push(at(46), PEOPLE.lead, 'commitment.created', { type: 'commitment', id: 'secret' }, null, { side: 'provider', title: 'secret', dueDate: date(47) }, 'internal');
      sim.push(at(49), PEOPLE.system, 'commitment.missed', { type: 'commitment', id: 'secret' }, { status: 'open', dueDate: date(47) }, { status: 'missed', automatic: true, title: 'secret' }, 'internal');
    }, reads: [] },
];

describe('trust index: no component moves on events it does not read', () => {
  for (const ev of READS) {
    it(`${ev.name} moves only ${ev.reads.join(', ') || 'nothing'}`, () => {
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 500 }), (seed) => {
          const base = background(seed);
          const plus = background(seed);
          ev.add(plus);
          const a = report(base.records, date(60));
          const b = report(plus.records, date(60));
          const all = (r: typeof a) => Object.fromEntries([...r.provider.components, ...r.client.components].map((c) => [c.key, c.score]));
          const sa = all(a);
          const sb = all(b);
          for (const k of COMPONENT_KEYS) if (!ev.reads.includes(k)) expect(sb[k], k).toBe(sa[k]);
          // and the event is read at all: one of the components it names changes (its score, or its evidence when the
          // score cannot move further, e.g. one more miss when every commitment of the background was missed already)
          const whole = (r: typeof a) => Object.fromEntries([...r.provider.components, ...r.client.components].map((c) => [c.key, JSON.stringify([c.score, c.explanation, c.evidence])]));
          const [wa, wb] = [whole(a), whole(b)];
          if (ev.reads.length) expect(ev.reads.some((k) => wb[k] !== wa[k])).toBe(true);
        }),
        { numRuns: 15 },
      );
    });
  }
});

// ── the fold: incremental equals full, past dates, visibility ──────────

describe('trust index: fold and report', () => {
  it('folding in two goes (a cached state) equals one computation', () => {
    const recs = generate(PROFILES['silent misser']!, { months: 4 });
    const full = report(recs, '2026-05-05');
    const s = createTrustState();
    for (const r of recs.slice(0, 300)) foldTrust(s, r);
    reportTrust(s, { asOf: '2026-03-01', paths }); // reporting in between changes nothing
    for (const r of recs.slice(300)) foldTrust(s, r);
    expect(reportTrust(s, { asOf: '2026-05-05', paths })).toEqual(full);
  });

  it('a past date counts only the events up to it, and its trend agrees with the later report', () => {
    const recs = generate(PROFILES.surpriser!, { months: 4 });
    const past = report(
      recs.filter((r) => r.at < '2026-03-09T00:00:00Z'),
      '2026-03-08',
    );
    const later = report(recs, '2026-05-03');
    const point = later.trend.find((t) => t.date === '2026-03-08')!;
    expect(point.provider).toBe(past.provider.score);
    expect(point.client).toBe(past.client.score);
  });

  it('records marked internal do not count, nor appear as evidence', () => {
    const sim = new SimEngagement('e', 'internal');
    sim.start(at(0, 8));
    const id = sim.commitment(at(1), 'provider', 'Hidden', date(5));
    sim.autoMiss(id, 'Hidden', date(5));
    const r = report(sim.records, date(20));
    expect(r.provider.components.find((c) => c.key === 'predictability')!.score).toBeNull();
    expect(JSON.stringify(r)).not.toContain('Hidden');
  });

  it('is null with the reason, never a made-up 50, without evidence', () => {
    const sim = started();
    const r = report(sim.records, date(3));
    expect(r.provider.score).toBeNull();
    expect(r.client.score).toBeNull();
    expect(r.trend).toEqual([{ date: date(3), provider: null, client: null }]); // no weeks before the engagement
    expect(r.changes).toEqual([]);
    for (const c of [...r.provider.components, ...r.client.components]) {
      expect(c.score).toBeNull();
      expect(c.weight).toBe(0);
      expect(c.explanation).toMatch(/yet/);
    }
  });

  it('ignores a record of an object it never saw created (no side known)', () => {
    const sim = started();
    sim.autoMiss('ghost', 'Ghost', date(3));
    expect(score(sim.records, 'predictability', date(10))).toBeNull();
  });

  it('recomputes 6 months of a profile fast enough to fold per request', () => {
    const recs = generate(BASE, { months: 6 });
    const t = performance.now();
    report(recs, '2026-07-05');
    expect(performance.now() - t).toBeLessThan(2000);
  });
});
