import { spawn } from 'node:child_process';
import { runCandor } from '../../test/cli-process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestContext, DB_KIND, type DemoKey, pgMissing, type TestContext } from '../../test/context';
import { type Database, openDatabase } from '../server/db/database';
import { newId } from '../server/ids';

/**
 * The backup drill (issue 17): a server takes writes from a few concurrent
 * clients while `candor backup` runs as its own process; `candor restore`
 * puts the backup into a fresh instance, where every chain verifies and ends
 * at a head the original had at the same sequence number (a consistent
 * snapshot, not a mix of moments). Then the refusals: a file that is not a
 * Candor backup, a target that is not empty, a damaged backup, a database a
 * server holds — each leaving the target as it was. About 20-30 s per
 * database, most of it spawning the CLI (about 1 s each).
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const _BIN = path.join(ROOT, 'bin', 'candor.mjs');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Where an instance's database is, as the CLI's environment. */
interface Instance {
  dataDir: string;
  url: string;
}

interface Head {
  chain: string;
  seq: number;
  hash: string;
}

interface RestoreJson {
  restored: { dialect: string; schema: string; pendingMigrations: string[] };
  chains: { kind: string; chain: string; ok: boolean; headSeq: number | null; headHash: string | null; reason: string | null }[];
  ok: boolean;
}

let tmp = '';

/** Runs the CLI to completion as its own process (so it runs beside the in-process server); never throws on a non-zero exit. */
function candor(args: string[], at: Instance, env: Record<string, string> = {}): Promise<Run> {
  return runCandor(args, { cwd: tmp, env: { CANDOR_DATA_DIR: at.dataDir, DATABASE_URL: at.url, CANDOR_DEBUG: '', CANDOR_SESSION_SECRET: '', ...env } });
}

const noStackTrace = (r: Run) => expect(r.stderr).not.toMatch(/\n\s+at /);

/** Polls a condition (no sleeps to wait for things) until it holds or the deadline passes. */
async function until(what: string, ok: () => boolean, ms: number): Promise<void> {
  const deadline = performance.now() + ms;
  while (!ok()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10)); // the poll's interval, not a wait for the thing itself
  }
}

const pgBase = () => inject('pgUrl') as string;
const urlOf = (name: string) => pgBase().replace(/\/postgres$/, `/${name}`);

async function adminQuery(text: string): Promise<void> {
  const c = new pg.Client({ connectionString: pgBase() });
  await c.connect();
  try {
    await c.query(text);
  } finally {
    await c.end();
  }
}

const pgDatabases: string[] = [];

/** A fresh, empty instance: a new data folder (SQLite), or a new empty database on the test cluster. */
async function freshInstance(): Promise<Instance> {
  const dataDir = mkdtempSync(path.join(tmp, 'instance-'));
  if (DB_KIND === 'sqlite') return { dataDir, url: '' };
  const name = `r_${newId().replaceAll('-', '').slice(-16)}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  pgDatabases.push(name);
  return { dataDir, url: urlOf(name) };
}

/** A short-lived handle on an instance's database (closed again: a restore refuses a database someone holds). */
async function withDatabase<T>(at: Instance, fn: (db: Database['db']) => Promise<T>): Promise<T> {
  const database = openDatabase({ databaseUrl: at.url || undefined, dataDir: at.dataDir, poolSize: 1 });
  try {
    return await fn(database.db);
  } finally {
    await database.close();
  }
}

/** What a target holds, to show a refused restore changed nothing: every chain head, a few counts, the engagements' names. */
const stateOf = (at: Instance) =>
  withDatabase(at, async (db) => {
    const heads = await db.selectFrom('audit_heads').select(['chain_id', 'seq', 'hash']).orderBy('chain_id').execute();
    const count = async (t: 'users' | 'notes' | 'audit_log') => Number((await db.selectFrom(t).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const names = (await db.selectFrom('engagements').select('name').execute()).map((e) => e.name).sort();
    return { heads, users: await count('users'), notes: await count('notes'), audit: await count('audit_log'), names };
  });

/** A SQLite file's bytes with `from` replaced by `to` (same length) in the pages of one table only (found through dbstat). */
function changeInTablePages(file: string, bytes: Buffer, table: string, from: string, to: string): Buffer {
  const db = new SQLite(file, { readonly: true });
  const pages = db.prepare('select pageno from dbstat where name = ?').pluck().all(table) as number[];
  const pageSize = Number(db.pragma('page_size', { simple: true }));
  db.close();
  let replaced = 0;
  for (const p of pages) {
    const page = bytes.subarray((p - 1) * pageSize, p * pageSize);
    for (let i = page.indexOf(from); i >= 0; i = page.indexOf(from)) {
      page.write(to, i, 'latin1');
      replaced += 1;
    }
  }
  expect(replaced).toBeGreaterThan(0);
  return bytes;
}

describe.skipIf(pgMissing)(`backup and restore drill (${DB_KIND})`, { timeout: 60_000 }, () => {
  let ctx: TestContext;
  let source: Instance;
  let backupFile = '';
  let backupHeads: Head[] = [];
  let restoredAt: Instance;
  const engagements: string[] = [];

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'candor-drill-'));
    ctx = await createTestContext();
    if (DB_KIND === 'sqlite') {
      const rows = await sql<{ name: string; file: string }>`pragma database_list`.execute(ctx.deps.db);
      const file = rows.rows.find((r) => r.name === 'main')!.file;
      expect(path.basename(file)).toBe('candor.sqlite');
      source = { dataDir: path.dirname(file), url: '' };
    } else {
      const name = (await sql<{ name: string }>`select current_database() as name`.execute(ctx.deps.db)).rows[0]!.name;
      source = { dataDir: mkdtempSync(path.join(tmp, 'source-')), url: urlOf(name) };
    }
    engagements.push(ctx.seed.engagementId);
    for (const name of ['Drill two', 'Drill three']) {
      const res = await ctx.as('lead', { method: 'POST', url: '/api/v1/engagements', payload: { name, clientOrgName: `${name} client` } });
      expect(res.statusCode).toBe(201);
      engagements.push(res.json().id);
    }
  });

  afterAll(async () => {
    await ctx?.close();
    for (const name of pgDatabases) await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('backs up under sustained writes, and the restore into a fresh instance is a consistent snapshot whose chains all verify', async () => {
    // Load: three concurrent clients adding notes until stopped, bounded in count and time.
    const MAX_WRITES = 3000;
    const loadDeadline = performance.now() + 30_000;
    let writes = 0;
    let stop = false;
    const failures: string[] = [];
    const clients: { as: DemoKey; into: string[] }[] = [
      { as: 'lead', into: engagements },
      { as: 'member', into: [engagements[0]!] },
      { as: 'sponsor', into: [engagements[0]!] },
    ];
    const running = clients.map(async (c, i) => {
      for (let n = 0; !stop && writes < MAX_WRITES && performance.now() < loadDeadline; n++) {
        const e = c.into[n % c.into.length]!;
        const res = await ctx.as(c.as, { method: 'POST', url: `/api/v1/engagements/${e}/notes`, payload: { title: `Load ${i}-${n}`, body: 'written during the backup drill' } });
        if (res.statusCode !== 201) failures.push(`${res.statusCode} ${res.body.slice(0, 200)}`);
        else writes += 1;
      }
    });
    try {
      await until('the first writes', () => writes >= 30 || failures.length > 0, 15_000);
      const before = new Map((await ctx.deps.db.selectFrom('audit_heads').select(['chain_id', 'seq']).execute()).map((h) => [h.chain_id, h.seq]));
      const writesAtStart = writes;
      backupFile = path.join(tmp, DB_KIND === 'sqlite' ? 'drill.sqlite' : 'drill.dump');
      const backup = await candor(['backup', '--out', backupFile, '--json'], source);
      const writesDuring = writes - writesAtStart;
      expect(backup.stderr).toBe('');
      expect(backup.code).toBe(0);
      const summary = JSON.parse(backup.stdout) as { file: string; dialect: string; chains: Head[]; bytes: number };
      expect(summary).toMatchObject({ file: backupFile, dialect: DB_KIND });
      backupHeads = summary.chains;
      // writes went on while the backup ran, and after it
      expect(writesDuring).toBeGreaterThan(0);
      const afterBackup = writes;
      await until('writes after the backup', () => writes >= afterBackup + 20 || failures.length > 0 || writes >= MAX_WRITES, 15_000);
      stop = true;
      await Promise.all(running);
      expect(failures).toEqual([]);
      console.log(`backup drill (${DB_KIND}): ${writes} notes written, ${writesDuring} while \`candor backup\` ran; backup ${summary.bytes} bytes`);

      // The original's every record, after the load: chain → seq → hash.
      const original = new Map<string, Map<number, string>>();
      for (const r of await ctx.deps.db.selectFrom('audit_log').select(['chain_id', 'seq', 'hash']).execute()) {
        if (!original.has(r.chain_id)) original.set(r.chain_id, new Map());
        original.get(r.chain_id)!.set(r.seq, r.hash);
      }
      const finalHeads = await ctx.deps.db.selectFrom('audit_heads').select(['chain_id', 'seq']).execute();

      restoredAt = await freshInstance();
      const restore = await candor(['restore', '--from', backupFile, '--json'], restoredAt);
      expect(restore.stderr).toBe('');
      expect(restore.code).toBe(0);
      const result = JSON.parse(restore.stdout) as RestoreJson;
      expect(result.ok).toBe(true);
      expect(result.restored.pendingMigrations).toEqual([]);
      // every engagement (3), the demo's partner selection and the instance chain
      expect(result.chains.map((c) => c.kind).sort()).toEqual(['engagement', 'engagement', 'engagement', 'instance', 'selection']);
      expect(result.chains.filter((c) => c.kind === 'engagement').map((c) => c.chain).sort()).toEqual([...engagements].sort());
      for (const c of result.chains) {
        expect(c.ok, `${c.chain}: ${c.reason}`).toBe(true);
        // the restored head is a record the original has at that same sequence number …
        expect(original.get(c.chain)?.get(c.headSeq!), `chain ${c.chain} seq ${c.headSeq}`).toBe(c.headHash);
        // … no earlier than where the chain was when the backup started
        expect(c.headSeq!).toBeGreaterThanOrEqual(before.get(c.chain) ?? 0);
      }
      // the heads the backup reported are the restore's
      expect(result.chains.map((c) => ({ chain: c.chain, seq: c.headSeq, hash: c.headHash })).sort((a, b) => a.chain.localeCompare(b.chain))).toEqual(
        [...backupHeads].sort((a, b) => a.chain.localeCompare(b.chain)),
      );
      // a snapshot from the middle of the load: the original went on after it
      const sum = (xs: { seq: number | null }[]) => xs.reduce((n, x) => n + (x.seq ?? 0), 0);
      expect(sum(result.chains.map((c) => ({ seq: c.headSeq })))).toBeLessThan(sum(finalHeads));

      // The rows agree with the chain in the same snapshot: one note per note.created record, per engagement.
      await withDatabase(restoredAt, async (db) => {
        for (const e of engagements) {
          const notes = await db.selectFrom('notes').select((eb) => eb.fn.countAll().as('n')).where('engagement_id', '=', e).executeTakeFirstOrThrow();
          const created = await db
            .selectFrom('audit_log')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('chain_id', '=', e)
            .where('action', '=', 'note.created')
            .executeTakeFirstOrThrow();
          expect(Number(notes.n), `notes of ${e}`).toBe(Number(created.n));
        }
      });
    } finally {
      stop = true;
      await Promise.all(running);
    }
  });

  it('refuses a file that is not a Candor backup, leaving the target as it was', async () => {
    expect(restoredAt).toBeDefined();
    const state = await stateOf(restoredAt);
    const text = path.join(tmp, 'notes.txt');
    writeFileSync(text, 'not a backup\n'.repeat(100));
    const cases: [string, RegExp][] = [[text, /is not a Candor backup: it is neither a SQLite database nor a pg_dump archive/]];
    if (DB_KIND === 'sqlite') {
      const other = path.join(tmp, 'other.sqlite');
      const db = new SQLite(other);
      db.exec(`create table kysely_migration (name text); create table things (id integer primary key); insert into things values (1)`);
      db.close();
      cases.push([other, /is a SQLite database but not a Candor one \(it has no audit_log table\)/]);
    } else {
      // a real pg_dump archive of a database that is not Candor's
      const name = `f_${newId().replaceAll('-', '').slice(-16)}`;
      await adminQuery(`CREATE DATABASE ${name}`);
      pgDatabases.push(name);
      const c = new pg.Client({ connectionString: urlOf(name) });
      await c.connect();
      await c.query('create table things (id int primary key); insert into things values (1)');
      await c.end();
      const { findPgTool, runPgTool, pgTarget, serverMajor } = await import('./commands/pg-tools');
      const dumpFile = path.join(tmp, 'other.dump');
      const dump = await runPgTool(findPgTool('pg_dump', await serverMajor(urlOf(name))), ['--format=custom', `--file=${dumpFile}`, `--dbname=${urlOf(name)}`], pgTarget(urlOf(name)));
      expect(dump.code, dump.stderr).toBe(0);
      cases.push([dumpFile, /is a pg_dump archive but not of a Candor database \(it has no table public\.kysely_migration\)/]);
    }
    // only the second gets as far as opening the target, so they can run side by side
    const runs = await Promise.all(cases.map(([file]) => candor(['restore', '--from', file, '--force'], restoredAt)));
    cases.forEach(([file, message], i) => {
      expect(runs[i]!.code, file).toBe(1);
      expect(runs[i]!.stderr, file).toMatch(message);
      noStackTrace(runs[i]!);
    });
    expect(await stateOf(restoredAt)).toEqual(state);
  });

  it('refuses a target that is not empty without --force, and replaces it with --force', async () => {
    // the restored instance changes after the backup
    await withDatabase(restoredAt, (db) => db.updateTable('engagements').set({ name: 'Renamed after the backup' }).where('id', '=', engagements[1]!).execute());
    const state = await stateOf(restoredAt);
    expect(state.names).toContain('Renamed after the backup');
    const refused = await candor(['restore', '--from', backupFile], restoredAt);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(new RegExp(`is not empty \\(${state.users} users, 3 engagements and ${state.audit} audit records\\); give --force to replace it`));
    noStackTrace(refused);
    expect(await stateOf(restoredAt)).toEqual(state);

    const forced = await candor(['restore', '--from', backupFile, '--force'], restoredAt);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain('All 5 chains intact.');
    for (const h of backupHeads) expect(forced.stdout).toContain(`intact: ${h.seq} records, head ${h.hash}`);
    const after = await stateOf(restoredAt);
    expect(after.names).toEqual([...state.names.filter((n) => n !== 'Renamed after the backup'), 'Drill two'].sort());
    expect(after.heads.map((h) => ({ chain: h.chain_id, seq: h.seq, hash: h.hash }))).toEqual([...backupHeads].sort((a, b) => a.chain.localeCompare(b.chain)));
  });

  it('a truncated or corrupted backup fails cleanly and leaves the target as it was', async () => {
    const state = await stateOf(restoredAt);
    const bytes = readFileSync(backupFile);
    const variant = (name: string, damage: (b: Buffer) => Buffer) => {
      const file = path.join(tmp, `${name}${path.extname(backupFile)}`);
      writeFileSync(file, damage(Buffer.from(bytes)));
      return file;
    };
    // cut in its last data: on PostgreSQL the archive's table of contents and the migrations table still read,
    // so pg_restore itself starts, fails at the cut, and its one transaction rolls back
    const cutShort = variant('cut-short', (b) => b.subarray(0, Math.floor(b.length * 0.99)));
    const zeroed = variant('zeroed', (b) => b.fill(0, Math.floor(b.length * 0.4), Math.floor(b.length * 0.4) + 16 * 1024));
    const expected: [string, RegExp][] =
      DB_KIND === 'sqlite'
        ? [
            [cutShort, /is damaged/],
            [zeroed, /is damaged/],
            // sound pages, but an e-mail changed in the users table only: the unique index no longer agrees, which only integrity_check sees
            [variant('index-mismatch', (b) => changeInTablePages(backupFile, b, 'users', 'sponsor@demo.candor.dev', 'sponsoR@demo.candor.dev')), /is damaged: integrity check: row \d+ missing from index/],
          ]
        : [
            [cutShort, /pg_restore failed \(exit 1\), so its transaction was rolled back: pg_restore: error: could not read from input file: end of file/],
            [zeroed, /cannot be read as a pg_dump archive \(damaged or cut short\?\)|is damaged|pg_restore failed \(exit \d+\), so its transaction was rolled back/],
          ];
    for (const [file, message] of expected) {
      const r = await candor(['restore', '--from', file, '--force'], restoredAt);
      expect(r.code, file).toBe(1);
      expect(r.stderr, file).toMatch(message);
      expect(r.stderr, file).toContain('nothing was changed');
      noStackTrace(r);
      expect(await stateOf(restoredAt), file).toEqual(state);
    }
    // no half-written copy left beside the database
    if (DB_KIND === 'sqlite') expect(readdirSync(restoredAt.dataDir).filter((f) => f.includes('.restore-'))).toEqual([]);
  });

  it('refuses a database the running server holds', async () => {
    const before = await stateOf(source);
    // SQLite: the server's connection is open for as long as it runs. PostgreSQL: a running server's job runner
    // queries every 5 s, so its pool always holds a session (the pool closes one idle for 10 s): hold one here.
    const r = await ctx.deps.db.connection().execute(async (held) => {
      await sql`select 1`.execute(held);
      return candor(['restore', '--from', backupFile, '--force'], source);
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(DB_KIND === 'sqlite' ? /is open in another process \(a running Candor server/ : /has other sessions \(.*\): stop the Candor server/);
    noStackTrace(r);
    expect(await stateOf(source)).toEqual(before);
    // and the server still works
    const res = await ctx.as('lead', { method: 'POST', url: `/api/v1/engagements/${engagements[0]}/notes`, payload: { title: 'After the refused restore' } });
    expect(res.statusCode).toBe(201);
  });

  it.skipIf(DB_KIND !== 'sqlite')('finishes on a large SQLite database while another process keeps writing (in small steps it restarted at every write)', async () => {
    // A 50 MB copy of a Candor database and a writer process adding a row every 2 ms (for at most 25 s).
    const dir = mkdtempSync(path.join(tmp, 'large-'));
    const file = path.join(dir, 'candor.sqlite');
    const db = new SQLite(path.join(source.dataDir, 'candor.sqlite'), { readonly: true });
    await db.backup(file);
    db.close();
    const big = new SQLite(file);
    big.pragma('journal_mode = WAL');
    big.exec('create table drill_filler (id integer primary key, v blob)');
    const fill = big.prepare('insert into drill_filler (v) values (?)');
    big.transaction(() => {
      for (let i = 0; i < 25_000; i++) fill.run(Buffer.alloc(2000, i % 251));
    })();
    big.close();
    const writerCode = `
      const SQLite = require(${JSON.stringify(path.join(ROOT, 'node_modules', 'better-sqlite3'))});
      const db = new SQLite(${JSON.stringify(file)});
      db.pragma('busy_timeout = 5000');
      const ins = db.prepare('insert into drill_filler (v) values (?)');
      const end = Date.now() + 25000;
      const tick = () => { ins.run(Buffer.alloc(100)); if (Date.now() < end) setTimeout(tick, 2); else db.close(); };
      tick();`;
    const writer = spawn(process.execPath, ['-e', writerCode], { stdio: 'ignore' });
    const rows = () => {
      const r = new SQLite(file, { readonly: true });
      try {
        return Number(r.prepare('select count(*) from drill_filler').pluck().get());
      } finally {
        r.close();
      }
    };
    try {
      await until('the writer to start', () => rows() > 25_010, 15_000);
      const atStart = rows();
      const out = path.join(tmp, 'large-backup.sqlite');
      const r = await candor(['backup', '--out', out, '--json'], { dataDir: dir, url: '' });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      // the writer was still writing when the backup had finished: the copy did not wait for the writes to stop
      expect(writer.exitCode).toBeNull();
      expect(rows()).toBeGreaterThan(atStart);
      const copy = new SQLite(out, { readonly: true });
      try {
        const copied = Number(copy.prepare('select count(*) from drill_filler').pluck().get());
        expect(copied).toBeGreaterThanOrEqual(atStart);
        expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      } finally {
        copy.close();
      }
    } finally {
      writer.kill();
    }
  });

  it.skipIf(DB_KIND !== 'postgres')('drives pg_dump with the password in PGPASSWORD only, and names a missing, older or failing pg_dump', async () => {
    const password = 's3cret-pw-41';
    const u = new URL(source.url);
    u.password = password; // the test cluster trusts every local connection, so any password connects
    const withPassword: Instance = { dataDir: source.dataDir, url: u.toString() };
    const out = path.join(tmp, 'tool.dump');
    const fakeBin = (name: string, version: string) => {
      const dir = mkdtempSync(path.join(tmp, `${name}-`));
      const script = path.join(dir, 'pg_dump');
      writeFileSync(
        script,
        [
          '#!/bin/sh',
          `if [ "$1" = "--version" ]; then echo "pg_dump (PostgreSQL) ${version}"; exit 0; fi`,
          `printf '%s\\n' "$@" > "${dir}/argv"`,
          `printf '%s' "$PGPASSWORD" > "${dir}/pgpassword"`,
          `echo "pg_dump: error: connection failed: password \\"$PGPASSWORD\\" rejected" >&2`,
          'exit 1',
        ].join('\n'),
      );
      chmodSync(script, 0o755);
      return dir;
    };

    const leaky = fakeBin('leaky', '99.1');
    const [missing, older, failing] = await Promise.all([
      candor(['backup', '--out', out, '--pg-bin', path.join(tmp, 'no-such-dir')], withPassword),
      candor(['backup', '--out', out, '--pg-bin', fakeBin('old', '9.6.24')], withPassword),
      candor(['backup', '--out', out, '--pg-bin', leaky], withPassword),
    ]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`No working pg_dump in ${path.join(tmp, 'no-such-dir')} (from --pg-bin)`);

    expect(older.code).toBe(1);
    expect(older.stderr).toMatch(/pg_dump 9\.6 \(.*\) is older than the PostgreSQL \d+ server and cannot back it up: install the PostgreSQL \d+ client tools/);

    expect(failing.code).toBe(1);
    expect(failing.stderr).toMatch(/pg_dump failed \(exit 1\) on PostgreSQL postgres:\/\/postgres:\*\*\*\*@127\.0\.0\.1:\d+\/\w+: pg_dump: error: connection failed: password "\*\*\*\*" rejected/);
    const argv = readFileSync(path.join(leaky, 'argv'), 'utf8');
    expect(argv).toMatch(/^--dbname=postgres:\/\/postgres@127\.0\.0\.1:\d+\/\w+$/m);
    expect(readFileSync(path.join(leaky, 'pgpassword'), 'utf8')).toBe(password);
    for (const r of [missing, older, failing]) {
      noStackTrace(r);
      expect(r.stdout + r.stderr).not.toContain(password);
    }
    expect(argv).not.toContain(password);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(tmp).filter((f) => f.startsWith('tool.dump'))).toEqual([]);
  });
});
