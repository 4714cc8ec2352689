import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, pgMissing } from '../../../../test/context';
import { buildApp } from '../../app';
import { verifyChain } from '../../audit/service';
import { ManualClock } from '../../clock';
import { loadConfig } from '../../config';
import type { Deps } from '../../http/context';
import { createMailer } from '../../mail/mailer';
import { INSTANCE_CHAIN } from '../../audit/append';
import { seedDemo } from './demo';

const DAY = 86_400_000;

/**
 * The demo has a past (ADR 0016): seeded at a given "now", its records are
 * spread over six weeks in time order, the chains verify, and the figures
 * Candor measures come from that history. Seeded twice — at the API tests'
 * fixed clock and a month later, just after midnight — it says the same
 * things relative to its day, so nothing in it depends on today's date.
 */
async function seededAt(now: string) {
  const { database, drop } = await freshDatabase();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'candor-seed-'));
  const config = loadConfig({ CANDOR_DATA_DIR: dataDir, CANDOR_PUBLIC_URL: 'http://candor.test', LOG_LEVEL: 'silent', CANDOR_SESSION_SECRET: 'test-secret-test-secret-test-secret-0123' });
  const log = pino({ level: 'silent' });
  const clock = new ManualClock(new Date(now));
  const deps: Deps = { db: database.db, dialect: database.dialect, clock, config, mailer: createMailer(config.smtpUrl, config.smtpFrom, log), log };
  const seed = await seedDemo(deps, 'demo-password-1');
  const app = await buildApp(deps, { serveWeb: false, signInPerMinute: 1000 });
  const cookies = new Map<string, string>();
  const as = async (email: string, url: string) => {
    let cookie = cookies.get(email);
    if (!cookie) {
      const res = await app.inject({ method: 'POST', url: '/api/v1/session', payload: { email, password: 'demo-password-1' } });
      cookie = `candor_session=${res.cookies.find((c) => c.name === 'candor_session')!.value}`;
      cookies.set(email, cookie);
    }
    const res = await app.inject({ method: 'GET', url: `/api/v1/engagements/${seed.engagementId}${url}`, headers: { cookie } });
    expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
    return res.json();
  };
  return {
    deps,
    seed,
    clock,
    lead: (url: string) => as('lead@demo.candor.dev', url),
    sponsor: (url: string) => as('sponsor@demo.candor.dev', url),
    close: async () => {
      await app.close();
      await drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

type Seeded = Awaited<ReturnType<typeof seededAt>>;

/** What a person sees of the demo's past, in days relative to the seed's now (so two seeds compare). */
async function figures(s: Seeded) {
  const now = s.clock.now().getTime();
  const summary = await s.sponsor('/governance/summary');
  const latency = (await s.sponsor('/decisions/latency')).sides;
  const sayDo = (await s.sponsor('/commitments/say-do')).sides;
  const raid = (await s.lead('/raid')).items as { type: string; title: string; flaggedAt: string; leadTimeDays: number | null }[];
  const cycle = await s.lead('/progress/cycle-time');
  const ago = (iso: string) => Math.round((now - Date.parse(iso)) / DAY);
  return {
    earlyWarning: summary.earlyWarning,
    latency: latency.map((l: { side: string; decided: number; medianDaysToDecide: number | null; onTimeShare: number | null }) => [l.side, l.decided, l.medianDaysToDecide, l.onTimeShare]),
    sayDo: sayDo.map((x: { side: string; keptOnTime: number; keptRenegotiatedEarly: number; missedSilently: number; renegotiatedOpen: number; open: number; sayDo: number | null }) => [x.side, x.keptOnTime, x.keptRenegotiatedEarly, x.missedSilently, x.renegotiatedOpen, x.open, x.sayDo]),
    risksFlaggedDaysAgo: raid.filter((r) => r.type === 'risk').map((r) => [r.title, ago(r.flaggedAt)]).sort(),
    leadTimes: raid.filter((r) => r.leadTimeDays !== null).map((r) => r.leadTimeDays),
    cycleItems: cycle.summary.items,
  };
}

describe.skipIf(pgMissing)('the demo seed: a history, not a moment', () => {
  let a: Seeded;
  let b: Seeded;
  beforeAll(async () => {
    a = await seededAt('2026-11-02T09:00:00.000Z');
    b = await seededAt('2026-12-03T00:20:00.000Z'); // a month later, twenty minutes after midnight
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('writes its records over six weeks, in time order, and every chain verifies', async () => {
    for (const s of [a, b]) {
      const rows = await s.deps.db.selectFrom('audit_log').select(['chain_id', 'seq', 'at']).where('chain_id', '=', s.seed.engagementId).orderBy('seq').execute();
      expect(rows.length).toBeGreaterThan(100);
      for (let i = 1; i < rows.length; i++) expect(rows[i]!.at >= rows[i - 1]!.at, `seq ${rows[i]!.seq}`).toBe(true);
      const span = (Date.parse(rows.at(-1)!.at) - Date.parse(rows[0]!.at)) / DAY;
      expect(span).toBeGreaterThan(40);
      expect(Date.parse(rows.at(-1)!.at)).toBeLessThanOrEqual(s.clock.now().getTime());
      // records on many different days, not "everything two minutes ago"
      expect(new Set(rows.map((r) => r.at.slice(0, 10))).size).toBeGreaterThan(25);
      expect((await verifyChain(s.deps.db, s.seed.engagementId)).ok).toBe(true);
      expect((await verifyChain(s.deps.db, INSTANCE_CHAIN)).ok).toBe(true);
    }
  });

  it('gives the early-warning, decision-latency and say/do figures real values', async () => {
    const f = await figures(a);
    // one of two issues was flagged as a risk three weeks before it happened; the other came unannounced
    expect(f.earlyWarning).toEqual({ issues: 2, flaggedBeforeHand: 1, share: 0.5, medianLeadDays: 21 });
    expect(f.leadTimes).toEqual([21]);
    // the provider decided on time in about two days; the client twice late (the second: carrier C, decided three
    // days overdue, which made the last status update's data suggest at risk), once on time; one decision open
    expect(f.latency).toEqual([
      ['provider', 1, 2.3, 1],
      ['client', 3, 6.3, 1 / 3],
      ['unknown', 0, null, null],
    ]);
    // kept on time, kept after an early renegotiation, missed silently; a renegotiated one still open
    // (the sponsor's view: the provider's internal outstanding commitment is not counted for the client side)
    expect(f.sayDo).toEqual([
      ['provider', 1, 1, 1, 0, 2, 2 / 3], // open: the one made today and the failure report's follow-up
      ['client', 1, 0, 1, 1, 1, 0.5],
    ]);
    expect(f.risksFlaggedDaysAgo).toEqual([
      ['Carrier test data may be incomplete', 38],
      ['Internal: Tom rolls off in March', 26],
      ['One carrier has no API documentation', 32],
      ['Pricing page content arrives late', 28],
    ]);
    expect(f.cycleItems).toBeGreaterThan(3);
  });

  it('says the same relative to its day when seeded a month later, just after midnight', async () => {
    expect(await figures(b)).toEqual(await figures(a));
  });

  it('time was logged promptly and late; the silent misses were missed by the miss job, not by "now"', async () => {
    const entries = await a.deps.db.selectFrom('time_entries').select(['date_worked', 'logged_at']).where('engagement_id', '=', a.seed.engagementId).execute();
    const lags = entries.map((e) => Math.round((Date.parse(e.logged_at) - Date.parse(`${e.date_worked}T12:00:00Z`)) / DAY));
    expect(lags.filter((l) => l === 0).length).toBeGreaterThan(lags.filter((l) => l >= 2).length);
    expect(lags.some((l) => l >= 2)).toBe(true);
    const missed = await a.deps.db.selectFrom('commitments').select(['title', 'due_date', 'missed_at', 'missed_automatically']).where('engagement_id', '=', a.seed.engagementId).where('status', '=', 'missed').orderBy('title').execute();
    expect(missed.map((m) => [m.title, m.missed_automatically, m.missed_at!.slice(0, 10) > m.due_date])).toEqual([
      ['First weekly indicator report', 1, true],
      ['Sign-off on the wording of delay messages', 1, true],
    ]);
  });
});
