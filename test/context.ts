import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse as LightResponse } from 'fastify';
import pg from 'pg';
import pino from 'pino';
import { inject } from 'vitest';
import { buildApp } from '../src/server/app';
import { ManualClock } from '../src/server/clock';
import { type Config, loadConfig } from '../src/server/config';
import { type Database, openDatabase } from '../src/server/db/database';
import { DEMO_ACCOUNTS, type SeedResult, seedDemo } from '../src/server/db/seed/demo';
import type { Deps } from '../src/server/http/context';
import { createMailer, type Mailer } from '../src/server/mail/mailer';
import { newId } from '../src/server/ids';

export const DB_KIND = (process.env.CANDOR_TEST_DB ?? 'sqlite') as 'sqlite' | 'postgres';
export const DEMO_PASSWORD = 'demo-password-1';
export type DemoKey = (typeof DEMO_ACCOUNTS)[number]['key'];

/** A fresh database for one test file: a copy of the migrated SQLite template, or a clone of the PostgreSQL template. */
export async function freshDatabase(): Promise<{ database: Database; drop: () => Promise<void>; url?: string }> {
  if (DB_KIND === 'postgres') {
    const base = inject('pgUrl');
    if (!base) throw new Error('PostgreSQL is not available for this run');
    const name = `t_${newId().replaceAll('-', '').slice(-16)}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name} TEMPLATE candor_template`);
    await admin.end();
    const url = base.replace(/\/postgres$/, `/${name}`);
    const database = openDatabase({ databaseUrl: url, poolSize: 8 });
    return {
      database,
      url,
      drop: async () => {
        await database.close();
        const c = new pg.Client({ connectionString: base });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      },
    };
  }
  const template = inject('sqliteTemplate');
  if (!template) throw new Error('SQLite template missing: run through the vitest project api-sqlite');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'candor-test-'));
  const file = path.join(dir, 'candor.sqlite');
  copyFileSync(template, file);
  const database = openDatabase({ sqliteFile: file });
  return {
    database,
    drop: async () => {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface TestContext {
  app: FastifyInstance;
  deps: Deps;
  clock: ManualClock;
  config: Config;
  seed: SeedResult;
  /** Signs a demo account in and returns its cookie header. */
  cookieFor(key: DemoKey): Promise<string>;
  /** A request as a demo account (or anonymous with null). */
  as(key: DemoKey | null, opts: InjectOptions): Promise<LightResponse>;
  close(): Promise<void>;
}

export interface ContextOptions {
  mailer?: Mailer;
  smtpUrl?: string;
  signInPerMinute?: number;
  /** More settings, as environment variables (e.g. CANDOR_TRUST_PROXY). */
  env?: Record<string, string>;
}

/** A whole Candor (real database, real HTTP stack) seeded with the demo engagement. */
export async function createTestContext(opts: ContextOptions = {}): Promise<TestContext> {
  const { database, drop } = await freshDatabase();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'candor-data-'));
  const config = loadConfig({
    CANDOR_DATA_DIR: dataDir,
    CANDOR_PUBLIC_URL: 'http://candor.test',
    LOG_LEVEL: 'silent',
    CANDOR_SESSION_SECRET: 'test-secret-test-secret-test-secret-0123',
    ...(opts.smtpUrl ? { SMTP_URL: opts.smtpUrl } : {}),
    ...opts.env,
  });
  const log = pino({ level: 'silent' });
  const clock = new ManualClock(new Date('2026-11-02T09:00:00.000Z'));
  const deps: Deps = {
    db: database.db,
    dialect: database.dialect,
    clock,
    config,
    mailer: opts.mailer ?? createMailer(config.smtpUrl, config.smtpFrom, log),
    log,
  };
  const seed = await seedDemo(deps, DEMO_PASSWORD);
  const app = await buildApp(deps, { serveWeb: false, signInPerMinute: opts.signInPerMinute ?? 1000 });
  const cookies = new Map<DemoKey, string>();
  const cookieFor = async (key: DemoKey) => {
    const cached = cookies.get(key);
    if (cached) return cached;
    const email = DEMO_ACCOUNTS.find((a) => a.key === key)!.email;
    const res = await app.inject({ method: 'POST', url: '/api/v1/session', payload: { email, password: DEMO_PASSWORD } });
    if (res.statusCode !== 200) throw new Error(`sign-in as ${key} failed: ${res.body}`);
    const c = res.cookies.find((x) => x.name === 'candor_session');
    const header = `candor_session=${c!.value}`;
    cookies.set(key, header);
    return header;
  };
  return {
    app,
    deps,
    clock,
    config,
    seed,
    cookieFor,
    async as(key, o) {
      const headers = { ...(o.headers ?? {}), ...(key ? { cookie: await cookieFor(key) } : {}) };
      return app.inject({ ...o, headers });
    },
    async close() {
      await app.close();
      await drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Skips a PostgreSQL suite loudly on a developer machine without PostgreSQL (never in CI: the global setup throws there). */
export const pgMissing = DB_KIND === 'postgres' && !inject('pgUrl');

/** A request to an engagement's API as a demo account that must succeed: its JSON, or an error naming the call. */
export async function okAs(ctx: TestContext, engagementId: string, who: DemoKey, method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, payload?: unknown) {
  const res = await ctx.as(who, { method, url: `/api/v1/engagements/${engagementId}${path}`, payload: payload as object });
  if (res.statusCode >= 300) throw new Error(`${method} ${path} → ${res.statusCode}: ${res.body}`);
  return res.json();
}
