
import { runCandor } from '../../test/cli-process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../server/auth/passwords';
import { type Database, openDatabase } from '../server/db/database';

/**
 * The `candor` command, end to end: each test runs `node bin/candor.mjs …` as
 * a child process against a throwaway database (a temp SQLite data folder, or
 * a fresh database on the PostgreSQL server of the api-postgres project).
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const _BIN = path.join(ROOT, 'bin', 'candor.mjs');
const DB_KIND = (process.env.CANDOR_TEST_DB ?? 'sqlite') as 'sqlite' | 'postgres';
const PG_SERVER_URL = process.env.CANDOR_TEST_PG_URL;
const DEMO_PASSWORD = 'demo-password-1';
const INTERNAL_TITLES = ['Internal: staffing risk', 'Internal: estimate review'];

// On PostgreSQL the suite needs a server: the api-postgres harness exports its
// URL as CANDOR_TEST_PG_URL. Without it (no PostgreSQL binaries on this
// machine), the PostgreSQL variant is skipped; the SQLite one always runs.
const skipReason = DB_KIND === 'postgres' && !PG_SERVER_URL ? 'CANDOR_TEST_PG_URL is not set: no PostgreSQL server for the CLI suite' : null;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

let tmp = '';
let dataDir = '';
let databaseUrl = '';
let pgDatabase = '';

/** Runs the CLI to completion; never throws on a non-zero exit. */
function candor(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return runCandor(args, {
    cwd: tmp,
    env: { CANDOR_DATA_DIR: dataDir, DATABASE_URL: databaseUrl, CANDOR_DEBUG: '', CANDOR_DEMO_PASSWORD: '', CANDOR_SESSION_SECRET: '', ...env },
  });
}

/** A direct handle on the same database, for checks and for tampering. */
async function withDb<T>(fn: (database: Database) => Promise<T>): Promise<T> {
  const database = openDatabase({ databaseUrl: databaseUrl || undefined, dataDir, poolSize: 1 });
  try {
    return await fn(database);
  } finally {
    await database.close();
  }
}

const count = async (database: Database, table: 'users' | 'engagements'): Promise<number> => {
  const row = await database.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
};

const noStackTrace = (r: Run) => expect(r.stderr).not.toMatch(/\n\s+at /);

// Each test spawns the CLI a few times (about 0.5-1 s each): more time than the project's default.
describe.skipIf(skipReason !== null)(`candor CLI (${DB_KIND})`, { timeout: 90_000 }, () => {
  let engagementId = '';

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'candor-cli-'));
    dataDir = path.join(tmp, 'data');
    if (DB_KIND === 'postgres') {
      pgDatabase = `candor_cli_${process.pid}_${Date.now()}`;
      const admin = new pg.Client({ connectionString: PG_SERVER_URL });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${pgDatabase}`);
      await admin.end();
      const url = new URL(PG_SERVER_URL!);
      url.pathname = `/${pgDatabase}`;
      databaseUrl = url.toString();
    }
  });

  afterAll(async () => {
    if (pgDatabase) {
      const admin = new pg.Client({ connectionString: PG_SERVER_URL });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${pgDatabase} WITH (FORCE)`);
      await admin.end();
    }
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('shows help for the program and for every command', async () => {
    const r = await candor(['--help']);
    expect(r.code).toBe(0);
    for (const c of ['migrate', 'seed-demo', 'create-admin', 'audit', 'backup', 'restore']) expect(r.stdout).toContain(c);
    const sub = await candor(['audit', 'verify', '--help']);
    expect(sub.code).toBe(0);
    expect(sub.stdout).toContain('--engagement <id>');
    expect(sub.stdout).toContain('--data-dir <dir>');
  });

  it('refuses to read a database that does not exist, without creating it', async () => {
    const missing = path.join(tmp, 'no-such-folder');
    const r = await candor(['audit', 'verify', '--all'], { CANDOR_DATA_DIR: missing, DATABASE_URL: '' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`No Candor database at ${path.join(missing, 'candor.sqlite')}`);
    expect(existsSync(missing)).toBe(false);
    noStackTrace(r);
  });

  it('migrate applies the migrations once, then is up to date', async () => {
    const first = await candor(['migrate']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    // Other capabilities add migrations: the first run applies all of them, the foundation first.
    expect(first.stdout).toMatch(/Applied \d+ migrations?:\n {2}0001_foundation\n/);
    const second = await candor(['migrate']);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/already up to date/i);
    expect(second.stdout).not.toMatch(/^\s+\d{4}_/m);
  });

  it('seed-demo seeds an empty database and prints the accounts and the password', async () => {
    const r = await candor(['seed-demo', '--password', DEMO_PASSWORD]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    for (const email of ['admin@demo.candor.dev', 'lead@demo.candor.dev', 'sponsor@demo.candor.dev']) expect(r.stdout).toContain(email);
    expect(r.stdout).toContain(`Password for all demo accounts: ${DEMO_PASSWORD}`);
    await withDb(async (database) => {
      // the five demo accounts and the selection's third evaluator (Lena Dahl, no password)
      expect(await count(database, 'users')).toBe(6);
      const e = await database.db.selectFrom('engagements').select('id').executeTakeFirstOrThrow();
      engagementId = e.id;
    });
    expect(r.stdout).toContain(engagementId);
  });

  it('seed-demo refuses a database that has users', async () => {
    const r = await candor(['seed-demo', '--password', DEMO_PASSWORD]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Refusing to seed the demo: .* already has 6 users/);
    noStackTrace(r);
    await withDb(async (database) => expect(await count(database, 'users')).toBe(6));
  });

  it('create-admin creates an argon2id admin with a generated password, recorded in the instance chain', async () => {
    const r = await candor(['create-admin', '--email', 'Root@Example.org', '--name', 'Root Admin']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Created instance admin Root Admin <root@example.org>');
    const password = /Password: (\S+)/.exec(r.stdout)?.[1];
    expect(password).toBeDefined();
    expect(password!.length).toBeGreaterThanOrEqual(10);
    await withDb(async (database) => {
      const u = await database.db.selectFrom('users').selectAll().where('email', '=', 'root@example.org').executeTakeFirstOrThrow();
      expect(u.is_admin).toBe(1);
      expect(u.password_hash).toMatch(/^\$argon2id\$/);
      expect(await verifyPassword(u.password_hash, password!)).toBe(true);
      const rec = await database.db
        .selectFrom('audit_log')
        .selectAll()
        .where('chain_id', '=', 'instance')
        .where('object_id', '=', u.id)
        .executeTakeFirstOrThrow();
      expect(rec.action).toBe('user.created');
      expect(JSON.parse(rec.payload).actor).toEqual({ id: null, label: 'system' });
    });
  });

  it('create-admin promotes an existing account and keeps its password', async () => {
    const r = await candor(['create-admin', '--email', 'member@demo.candor.dev']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('an instance admin');
    expect(r.stdout).not.toContain('Password:');
    await withDb(async (database) => {
      const u = await database.db.selectFrom('users').selectAll().where('email', '=', 'member@demo.candor.dev').executeTakeFirstOrThrow();
      expect(u.is_admin).toBe(1);
      expect(await verifyPassword(u.password_hash, DEMO_PASSWORD)).toBe(true);
    });
    const again = await candor(['create-admin', '--email', 'member@demo.candor.dev']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('nothing changed');
  });

  it('rejects bad input with a clear message and a non-zero exit', async () => {
    const cases: [string[], RegExp][] = [
      [['frobnicate'], /unknown command 'frobnicate'/],
      [['create-admin', '--name', 'No Mail'], /required option '--email <email>' not specified/],
      [['create-admin', '--email', 'x@example.org', '--name', 'X', '--password', 'short'], /--password must have at least 10 characters/],
      [['create-admin', '--email', 'not-an-email', '--name', 'X'], /"not-an-email" is not an e-mail address/],
      [['create-admin', '--email', 'nobody@example.org'], /give --name to create one/],
      [['seed-demo', '--password', 'short'], /--password must have at least 10 characters/],
      [['audit', 'verify'], /say what to verify/],
      [['audit', 'verify', '--all', '--instance'], /cannot be used with/],
      [['audit', 'verify', '--engagement', 'no-such-engagement'], /No engagement has the id no-such-engagement/],
      [['audit', 'export'], /required option '--engagement <id>' not specified/],
    ];
    for (const [args, message] of cases) {
      const r = await candor(args);
      expect(r.code, args.join(' ')).not.toBe(0);
      expect(r.stderr, args.join(' ')).toMatch(message);
      noStackTrace(r);
    }
    const bad = await candor(['migrate'], { PORT: 'eighty' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('PORT must be a number');
    await withDb(async (database) => {
      const u = await database.db.selectFrom('users').select('id').where('email', '=', 'x@example.org').executeTakeFirst();
      expect(u).toBeUndefined();
    });
  });

  it('audit verify --all finds every chain of the demo intact', async () => {
    const r = await candor(['audit', 'verify', '--all']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`engagement ${engagementId} .*: intact: \\d+ records, head [0-9a-f]{64}`));
    // the partner selection that came before the engagement has its own chain (issue 15)
    expect(r.stdout).toMatch(/selection [0-9a-f-]+ "Customer portal partner": intact: \d+ records, head [0-9a-f]{64}/);
    expect(r.stdout).toMatch(/instance: intact: 10 records, head [0-9a-f]{64}/);
    expect(r.stdout).toContain('All 3 chains intact.');
    const selectionId = /selection ([0-9a-f-]+) "/.exec(r.stdout)![1]!;
    const sel = await candor(['audit', 'verify', '--selection', selectionId]);
    expect(sel.code).toBe(0);
    expect(sel.stdout).toMatch(/^intact: \d+ records, head [0-9a-f]{64}$/m);
    const one = await candor(['audit', 'verify', '--engagement', engagementId]);
    expect(one.code).toBe(0);
    expect(one.stdout).toMatch(/^intact: \d+ records, head [0-9a-f]{64}$/m);
  });

  it('audit export writes the full chain, and the file verifies', async () => {
    const file = path.join(tmp, 'full.jsonl');
    const r = await candor(['audit', 'export', '--engagement', engagementId, '--out', file]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const text = readFileSync(file, 'utf8');
    for (const t of INTERNAL_TITLES) expect(text).toContain(t);
    expect(text).not.toContain('"type":"redacted"');
    const v = await candor(['audit', 'verify', '--file', file]);
    expect(v.code).toBe(0);
    expect(v.stdout).toMatch(/^intact: \d+ records, head [0-9a-f]{64}$/m);

    const again = await candor(['audit', 'export', '--engagement', engagementId, '--out', file]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('give --force to overwrite it');
    expect((await candor(['audit', 'export', '--engagement', engagementId, '--out', file, '--force'])).code).toBe(0);
  });

  it('audit export --as a client member redacts internal records and still verifies to the same head', async () => {
    const file = path.join(tmp, 'sponsor.jsonl');
    const r = await candor(['audit', 'export', '--engagement', engagementId, '--as', 'sponsor@demo.candor.dev', '--out', file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\(\d+ redacted\)/);
    const text = readFileSync(file, 'utf8');
    const lines = text.trim().split('\n').map((l) => JSON.parse(l) as { type: string });
    expect(lines.filter((l) => l.type === 'redacted').length).toBeGreaterThanOrEqual(2);
    for (const t of INTERNAL_TITLES) expect(text).not.toContain(t);
    expect(text).toContain('sponsor@demo.candor.dev (sponsor)');

    const v = await candor(['audit', 'verify', '--file', file]);
    expect(v.code).toBe(0);
    const full = await candor(['audit', 'verify', '--file', path.join(tmp, 'full.jsonl')]);
    const head = (s: string) => /head ([0-9a-f]{64})/.exec(s)?.[1];
    expect(head(v.stdout)).toBeDefined();
    expect(head(v.stdout)).toBe(head(full.stdout));
  });

  it('audit export --as refuses someone who is not a member', async () => {
    const r = await candor(['audit', 'export', '--engagement', engagementId, '--as', 'root@example.org']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('root@example.org is not a member of engagement');
    expect(r.stdout).toBe('');
  });

  it('audit export writes to stdout without --out', async () => {
    const r = await candor(['audit', 'export', '--engagement', engagementId, '--as', 'lead@demo.candor.dev']);
    expect(r.code).toBe(0);
    const [header] = r.stdout.split('\n');
    expect(JSON.parse(header!)).toMatchObject({ type: 'header', format: 'candor-audit/1', chain: engagementId, exportedFor: 'lead@demo.candor.dev (lead)' });
    const file = path.join(tmp, 'stdout.jsonl');
    writeFileSync(file, r.stdout);
    expect((await candor(['audit', 'verify', '--file', file])).code).toBe(0);
  });

  it('audit verify --file names the record of a tampered export line', async () => {
    const lines = readFileSync(path.join(tmp, 'full.jsonl'), 'utf8').trim().split('\n');
    const i = lines.findIndex((l) => l.includes('Kick-off workshop'));
    expect(i).toBeGreaterThan(0);
    const seq = (JSON.parse(lines[i]!) as { seq: number }).seq;
    lines[i] = lines[i]!.replace('Kick-off workshop', 'Kick-out workshop');
    const file = path.join(tmp, 'tampered.jsonl');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const r = await candor(['audit', 'verify', '--file', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`BROKEN at record ${seq}: payload does not match its hash`);
    noStackTrace(r);
  });

  it('backup writes a consistent copy: SQLite online backup, or pg_dump (custom format) on PostgreSQL', async () => {
    const out = path.join(tmp, DB_KIND === 'postgres' ? 'backup.dump' : 'backup.sqlite');
    const r = await candor(['backup', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`written to ${out}`);
    expect(r.stdout).toMatch(/\d+ bytes/);
    expect(r.stdout).toMatch(/Audit chains in the backup: 3 \(\d+ records\)/);
    expect(r.stderr).toMatch(/^Backing up /);
    if (DB_KIND === 'postgres') {
      expect(readFileSync(out).subarray(0, 5).toString()).toBe('PGDMP');
      expect(r.stdout).toMatch(/custom format, pg_dump \d+\.\d+/);
    } else {
      const copy = new SQLite(out, { readonly: true, fileMustExist: true });
      try {
        const users = copy.prepare('select count(*) from users').pluck().get();
        expect(users).toBe(await withDb((database) => count(database, 'users')));
      } finally {
        copy.close();
      }
    }
    const again = await candor(['backup', '--out', out]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('give --force to overwrite it');
    expect((await candor(['backup', '--out', out, '--force', '--quiet'])).code).toBe(0);
  });

  it('backup on PostgreSQL never shows the password, even when the server cannot be reached', async () => {
    // a closed port on this machine: refused at once
    const port = await new Promise<number>((resolve) => {
      const srv = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (srv.address() as net.AddressInfo).port;
        srv.close(() => resolve(p));
      });
    });
    const r = await candor(['--database-url', `postgres://candor:s3cret@127.0.0.1:${port}/candor`, 'backup', '--out', path.join(tmp, 'x.dump')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`Cannot connect to PostgreSQL postgres://candor:****@127.0.0.1:${port}/candor`);
    expect(r.stdout + r.stderr).not.toContain('s3cret');
    noStackTrace(r);
    expect(existsSync(path.join(tmp, 'x.dump'))).toBe(false);
  });

  it.skipIf(DB_KIND !== 'sqlite')('--data-dir overrides CANDOR_DATA_DIR', async () => {
    const r = await candor(['--data-dir', dataDir, 'audit', 'verify', '--instance'], { CANDOR_DATA_DIR: path.join(tmp, 'elsewhere') });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^intact: 10 records/) // 8 from the demo seed (the selection's third evaluator), 2 from create-admin;
  });

  it('audit verify fails on a tampered database and names the record', async () => {
    const seq = await withDb(async (database) => {
      const rows = await database.db
        .selectFrom('audit_log')
        .select(['seq', 'payload'])
        .where('chain_id', '=', engagementId)
        .where('payload', 'like', '%Kick-off%')
        .orderBy('seq')
        .execute();
      // LIKE ignores case on SQLite: pick a record whose payload holds 'Kick-off' exactly.
      const target = rows.find((row) => row.payload.includes('Kick-off'));
      expect(target).toBeDefined();
      await sql`update audit_log set payload = replace(payload, 'Kick-off', 'Kick-out') where chain_id = ${engagementId} and seq = ${target!.seq}`.execute(
        database.db,
      );
      return target!.seq;
    });
    const all = await candor(['audit', 'verify', '--all']);
    expect(all.code).toBe(1);
    expect(all.stdout).toContain(`engagement ${engagementId} "Customer portal replatforming": BROKEN at record ${seq}: payload does not match its hash`);
    expect(all.stdout).toMatch(/instance: intact/);
    expect(all.stdout).toContain('1 of 3 chains BROKEN.');
    const one = await candor(['audit', 'verify', '--engagement', engagementId]);
    expect(one.code).toBe(1);
    expect(one.stdout.trim()).toBe(`BROKEN at record ${seq}: payload does not match its hash`);
    noStackTrace(one);
  });
});
