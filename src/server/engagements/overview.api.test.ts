import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, freshDatabase, pgMissing } from '../../../test/context';
import { buildApp } from '../app';
import { ManualClock } from '../clock';
import { loadConfig } from '../config';
import { type Database, openDatabase } from '../db/database';
import { seedDemo } from '../db/seed/demo';
import type { Deps } from '../http/context';
import { createMailer } from '../mail/mailer';

/**
 * The overview is kept per version (the two chain heads) and quarter-hour (overview.ts).
 * Two apps on one database, each with its own database handle and its own
 * in-process cache, stand for two Candor processes: a write through one is
 * seen at once through the other, and the calendar alone moves what it should.
 */
describe.skipIf(pgMissing)('the engagement overview, cached per version', () => {
  let fresh: Awaited<ReturnType<typeof freshDatabase>>;
  let second: Database;
  let a: FastifyInstance;
  let b: FastifyInstance;
  let clock: ManualClock;
  let E: string;
  let users: Record<string, string>;
  let dataDir: string;
  const cookies = new Map<string, string>();

  beforeAll(async () => {
    fresh = await freshDatabase();
    second = openDatabase(fresh.url ? { databaseUrl: fresh.url, poolSize: 2 } : { sqliteFile: fresh.database.sqlitePath! });
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'candor-overview-'));
    const config = loadConfig({ CANDOR_DATA_DIR: dataDir, CANDOR_PUBLIC_URL: 'http://candor.test', LOG_LEVEL: 'silent', CANDOR_SESSION_SECRET: 'test-secret-test-secret-test-secret-0123' });
    const log = pino({ level: 'silent' });
    clock = new ManualClock(new Date('2026-11-02T09:00:00.000Z'));
    const depsOf = (database: Database): Deps => ({ db: database.db, dialect: database.dialect, clock, config, mailer: createMailer(undefined, '', log), log });
    const seed = await seedDemo(depsOf(fresh.database), DEMO_PASSWORD);
    E = seed.engagementId;
    users = seed.users;
    a = await buildApp(depsOf(fresh.database), { serveWeb: false, signInPerMinute: 1000 });
    b = await buildApp(depsOf(second), { serveWeb: false, signInPerMinute: 1000 });
    for (const key of ['admin', 'lead', 'sponsor']) {
      const res = await a.inject({ method: 'POST', url: '/api/v1/session', payload: { email: `${key}@demo.candor.dev`, password: DEMO_PASSWORD } });
      cookies.set(key, `candor_session=${res.cookies.find((c) => c.name === 'candor_session')!.value}`);
    }
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await second?.close();
    await fresh?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const overview = async (app: FastifyInstance, key: string) => {
    const res = await app.inject({ url: `/api/v1/engagements/${E}/overview`, headers: { cookie: cookies.get(key)! } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    return res.json();
  };
  const write = async (app: FastifyInstance, key: string, method: 'POST' | 'PATCH', url: string, payload: object) => {
    const res = await app.inject({ method, url: `/api/v1${url}`, payload, headers: { cookie: cookies.get(key)! } });
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json();
  };

  it('shows a write made through the other process at once (notes, outcomes)', async () => {
    const before = { a: await overview(a, 'sponsor'), b: await overview(b, 'sponsor') };
    expect(before.a).toEqual(before.b);
    await write(b, 'lead', 'POST', `/engagements/${E}/notes`, { title: 'A shared note written through B' });
    const afterNote = await overview(a, 'sponsor');
    expect(afterNote.counts.notes).toBe(before.a.counts.notes + 1);
    expect(afterNote.recentActivity[0].action).toBe('note.created');

    const outcome = afterNote.outcomes[0];
    await write(b, 'lead', 'PATCH', `/engagements/${E}/outcomes/${outcome.id}`, { current: (outcome.current ?? 0) + 7 });
    const afterMeasure = await overview(a, 'sponsor');
    expect(afterMeasure.outcomes[0].current).toBe((outcome.current ?? 0) + 7);
  });

  it('shows a person renamed on the instance (not the engagement) chain at once', async () => {
    await overview(a, 'sponsor');
    await write(b, 'admin', 'PATCH', `/admin/users/${users.lead}`, { name: 'Maya Okafor-Reyes' });
    const after = await overview(a, 'sponsor');
    expect(after.members.find((m: { user: { id: string } }) => m.user.id === users.lead).user.name).toBe('Maya Okafor-Reyes');
  });

  it('keeps each role’s answer apart: the client never gets the provider’s internal counts', async () => {
    await write(a, 'lead', 'POST', `/engagements/${E}/notes`, { title: 'An internal note', visibility: 'internal' });
    const lead = await overview(a, 'lead');
    const sponsor = await overview(a, 'sponsor');
    expect(lead.counts.internalNotes).toBeGreaterThan(0);
    expect(sponsor.counts.internalNotes).toBeNull();
    expect(JSON.stringify(sponsor)).not.toContain('An internal note');
    expect(lead.counts.notes).toBe(sponsor.counts.notes + lead.counts.internalNotes);
  });

  it('moves with the calendar alone: days since the future was discussed grow with no write', async () => {
    const now = await overview(a, 'sponsor');
    clock.advance(3 * 24 * 3600_000);
    const later = await overview(a, 'sponsor');
    if (now.future.daysSince === null) expect(later.future.daysSince).toBeNull();
    else expect(later.future.daysSince).toBe(now.future.daysSince + 3);
    expect(later.future.lastTalkedAboutFuture).toBe(now.future.lastTalkedAboutFuture);
  });
});
