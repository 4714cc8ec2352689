import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/server/app';
import { DEMO_ACCOUNTS } from '../src/server/db/seed/demo';
import { DB_KIND, freshDatabase, pgMissing } from './context';
import { freePort } from './pg-cluster';
import pino from 'pino';
import { ManualClock } from '../src/server/clock';
import { loadConfig } from '../src/server/config';
import { createMailer } from '../src/server/mail/mailer';

/**
 * The real server process, as `npm start` runs it: configuration from the
 * environment, migrations, demo seed with a generated password, listening,
 * graceful shutdown on SIGTERM.
 */
describe.skipIf(pgMissing)('the server process', () => {
  let child: ChildProcess;
  let output = '';
  let base: string;
  let dataDir: string;
  let dropDb: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'candor-start-'));
    const port = await freePort();
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', CANDOR_DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
    delete env.CANDOR_DEMO_PASSWORD;
    delete env.DATABASE_URL;
    if (DB_KIND === 'postgres') {
      // an empty database: the server migrates it itself
      const fresh = await freshDatabase();
      await fresh.database.close();
      env.DATABASE_URL = fresh.url;
      dropDb = async () => {
        const pg = (await import('pg')).default;
        const name = fresh.url!.split('/').pop();
        const c = new pg.Client({ connectionString: fresh.url!.replace(/\/[^/]+$/, '/postgres') });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      };
    }
    child = spawn(path.resolve(__dirname, '../node_modules/.bin/tsx'), [path.resolve(__dirname, '../src/server/main.ts')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    base = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 40_000;
    while (!output.includes('Password for all demo accounts')) {
      if (child.exitCode !== null) throw new Error(`server exited: ${output}`);
      if (Date.now() > deadline) throw new Error(`server did not start: ${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  });
  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
    await dropDb?.();
  });

  it('prints the URL and a generated demo password, and every demo account can sign in and list engagements', async () => {
    expect(output).toContain(`Candor is running at ${base}`);
    const password = /Password for all demo accounts: (\S+)/.exec(output)?.[1];
    expect(password).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    for (const a of DEMO_ACCOUNTS) {
      const res = await fetch(`${base}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: a.email, password }) });
      expect(res.status, a.email).toBe(200);
      const cookie = res.headers.getSetCookie()[0]!.split(';')[0]!;
      const list = await fetch(`${base}/api/v1/engagements`, { headers: { cookie } });
      const { engagements } = (await list.json()) as { engagements: unknown[] };
      expect(engagements.length, a.email).toBe(a.key === 'admin' ? 0 : 1); // the admin is not a member of the demo engagement
    }
  });

  it('stops cleanly on SIGTERM', async () => {
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
  });
});

describe.skipIf(pgMissing)('healthz', () => {
  it('answers 503 when the database does not answer', async () => {
    const { database, drop } = await freshDatabase();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'candor-h-'));
    const log = pino({ level: 'silent' });
    const config = loadConfig({ CANDOR_DATA_DIR: dir, LOG_LEVEL: 'silent' });
    const app = await buildApp({ db: database.db, dialect: database.dialect, clock: new ManualClock(), config, mailer: createMailer(undefined, '', log), log }, { serveWeb: false });
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    await database.db.destroy();
    const res = await app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({ status: 'unavailable' });
    await app.close();
    await drop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });
});
