import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, pgMissing } from '../../../test/context';
import { buildApp } from '../app';
import { ManualClock } from '../clock';
import { loadConfig } from '../config';
import { type Database, openDatabase } from '../db/database';
import { seedDemo } from '../db/seed/demo';
import type { Deps } from '../http/context';
import { createMailer } from '../mail/mailer';
import { pruneRateLimits } from './rate-limit-store';

/**
 * The sign-in limit's counts live in the database (ADR 0029): two app instances on one database, each with
 * its own connection (as two processes have), share one count per address and e-mail; the window follows
 * the server's clock; the answer is Candor's error shape with 429 and Retry-After.
 */
describe.skipIf(pgMissing)('sign-in limit shared through the database', () => {
  const LIMIT = 5;
  let fresh: Awaited<ReturnType<typeof freshDatabase>>;
  let second: Database;
  let a: FastifyInstance;
  let b: FastifyInstance;
  let depsA: Deps;
  const clock = new ManualClock(new Date('2026-11-02T09:00:00.000Z'));

  beforeAll(async () => {
    fresh = await freshDatabase();
    second = fresh.url ? openDatabase({ databaseUrl: fresh.url, poolSize: 4 }) : openDatabase({ sqliteFile: fresh.database.sqlitePath! });
    const log = pino({ level: 'silent' });
    const config = loadConfig({ CANDOR_DATA_DIR: process.env.TMPDIR ?? '/tmp', CANDOR_SESSION_SECRET: 'rate-limit-test-secret-0123456789abcdef', LOG_LEVEL: 'silent' });
    const depsOf = (database: Database): Deps => ({ db: database.db, dialect: database.dialect, clock, config, mailer: createMailer(undefined, '', log), log });
    depsA = depsOf(fresh.database);
    await seedDemo(depsA, 'demo-password-1');
    a = await buildApp(depsA, { serveWeb: false, signInPerMinute: LIMIT });
    b = await buildApp(depsOf(second), { serveWeb: false, signInPerMinute: LIMIT });
  }, 60_000);
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await second?.close();
    await fresh?.drop();
  });

  const attempt = (app: FastifyInstance, email: string, i: number) =>
    app.inject({ method: 'POST', url: '/api/v1/session', payload: { email, password: `wrong-guess-${i}-xxxx` } });

  it('holds at the limit with 429, Retry-After and the error shape; opens again when the window on the server clock has passed', async () => {
    const email = 'stakeholder@demo.candor.dev';
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT; i++) statuses.push((await attempt(a, email, i)).statusCode);
    expect(statuses).toEqual(Array(LIMIT).fill(401));
    const limited = await attempt(a, email, 99);
    expect(limited.statusCode).toBe(429);
    // Candor's error shape {error: {code, message, details}}, nothing else
    const body = limited.json() as { error: Record<string, unknown> };
    expect(Object.keys(body)).toEqual(['error']);
    expect(body.error).toMatchObject({ code: 'rate_limited', message: expect.stringMatching(/^Too many attempts; try again in \d+ s$/) });
    expect(Object.keys(body.error).filter((k) => !['code', 'message', 'details'].includes(k))).toEqual([]);
    if ('details' in body.error) expect(Array.isArray(body.error.details)).toBe(true);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    // the right password is refused too while the window lasts
    const right = await a.inject({ method: 'POST', url: '/api/v1/session', payload: { email, password: 'demo-password-1' } });
    expect(right.statusCode).toBe(429);
    // another e-mail from the same address has its own count
    expect((await attempt(a, 'member@demo.candor.dev', 0)).statusCode).toBe(401);
    // no e-mail or address is stored: only hashes of the keys
    const rows = await depsA.db.selectFrom('rate_limits').selectAll().execute();
    expect(rows.length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(rows)).not.toMatch(/demo\.candor\.dev|127\.0\.0\.1/);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.key))).toBe(true);
    // a minute later on the server's clock (never the wall clock) the window has ended
    clock.advance(61_000);
    expect((await attempt(a, email, 100)).statusCode).toBe(401);
    // ended windows are deleted; running ones stay
    clock.advance(61_000);
    expect(await pruneRateLimits(depsA)).toBeGreaterThanOrEqual(1);
    expect(await depsA.db.selectFrom('rate_limits').selectAll().execute()).toEqual([]);
  });

  it('a second app instance on the same database shares the count: alternating between them, the limit is the same', async () => {
    const email = 'sponsor@demo.candor.dev';
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT + 2; i++) statuses.push((await attempt(i % 2 === 0 ? a : b, email, i)).statusCode);
    expect(statuses).toEqual([...Array(LIMIT).fill(401), 429, 429]);
    // B alone is limited too: it sees A's attempts
    expect((await attempt(b, email, 50)).statusCode).toBe(429);
  });

  it('concurrent attempts through both instances: exactly the limit gets through', async () => {
    const email = 'lead@demo.candor.dev';
    const results = await Promise.all(Array.from({ length: 4 * LIMIT }, (_, i) => attempt(i % 2 === 0 ? a : b, email, i)));
    const statuses = results.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 401).length).toBe(LIMIT);
    expect(statuses.filter((s) => s === 429).length).toBe(3 * LIMIT);
  });
});
