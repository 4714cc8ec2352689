import { chmodSync, chownSync, closeSync, copyFileSync, constants, existsSync, fsyncSync, mkdirSync, openSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { Kysely } from 'kysely';
import type { DB } from '../../server/db/schema';
import { CliError, describeError } from '../errors';
import { globalsOf } from '../globals';
import { formatBytes, progressTo, secondsSince } from './backup';

interface RestoreOptions {
  from: string;
  force?: boolean;
  json?: boolean;
  quiet?: boolean;
  pgBin?: string;
}

type Progress = (line: string) => void;

/** What a target holds before the restore: the rows that make it "not empty". */
interface TargetState {
  users: number;
  engagements: number;
  auditRecords: number;
  /** Tables there, Candor's or not. */
  tables: string[];
  /** It has tables but no kysely_migration: not a Candor database. */
  foreign: boolean;
}

/** What the backup holds, as far as the restore checks it before writing. */
interface BackupFacts {
  migrations: string[];
}

export interface ChainResult {
  kind: 'engagement' | 'selection' | 'instance' | 'orphan';
  chain: string;
  name: string | null;
  ok: boolean;
  records: number;
  headSeq: number | null;
  headHash: string | null;
  reason: string | null;
}

const SQLITE_MAGIC = 'SQLite format 3\0';
const PG_MAGIC = 'PGDMP';
const NOT_EMPTY_TABLES = { users: 'users', engagements: 'engagements', auditRecords: 'audit_log' } as const;

function firstBytes(file: string, n: number): Buffer {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(n);
    const read = readSync(fd, buf, 0, n, 0);
    return buf.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

const kindOf = (head: Buffer): 'sqlite' | 'postgres' | 'other' =>
  head.subarray(0, 16).toString('latin1') === SQLITE_MAGIC ? 'sqlite' : head.subarray(0, 5).toString('latin1') === PG_MAGIC ? 'postgres' : 'other';

const isEmpty = (t: TargetState) => !t.foreign && t.users + t.engagements + t.auditRecords === 0;

function describeTarget(t: TargetState): string {
  if (t.foreign) return `${t.tables.length} tables and none of them Candor's migrations table (it is not a Candor database)`;
  const n = (k: number, one: string, many: string) => `${k} ${k === 1 ? one : many}`;
  return `${n(t.users, 'user', 'users')}, ${n(t.engagements, 'engagement', 'engagements')} and ${n(t.auditRecords, 'audit record', 'audit records')}`;
}

/** The schema verdict both engines share: refuse a backup from a newer Candor, name the migrations it lacks. */
async function schemaVerdict(facts: BackupFacts, file: string): Promise<{ schema: string; pending: string[] }> {
  const { migrationNames } = await import('../../server/db/database');
  const known = migrationNames();
  const unknown = facts.migrations.filter((m) => !known.includes(m));
  if (unknown.length) {
    throw new CliError(
      `${file} comes from a newer Candor: its schema has migrations this Candor does not know (${unknown.join(', ')}). Upgrade Candor first, then restore.`,
    );
  }
  const schema = [...facts.migrations].sort().at(-1) ?? '(none)';
  return { schema, pending: known.filter((m) => !facts.migrations.includes(m)) };
}

// ---------------------------------------------------------------------------
// SQLite

interface SqliteTargetLock {
  release(): void;
}

const busy = (err: unknown) => (err as { code?: string }).code === 'SQLITE_BUSY' || (err as { code?: string }).code === 'SQLITE_LOCKED';

function inUse(target: string): CliError {
  return new CliError(
    `${target} is open in another process (a running Candor server, or a command beside it): stop it, then restore. Nothing was changed.`,
  );
}

/**
 * Reads what the target holds. Switching it out of WAL mode needs every other
 * connection closed, so it doubles as the check that no server holds the file
 * (and leaves no -wal to be replayed onto the restored file).
 */
async function inspectSqliteTarget(target: string, force: boolean | undefined): Promise<TargetState | null> {
  if (!existsSync(target)) return null;
  const { default: SQLite } = await import('better-sqlite3');
  let db: InstanceType<typeof SQLite>;
  try {
    db = new SQLite(target, { fileMustExist: true });
  } catch (err) {
    if (force) return null;
    throw new CliError(`${target} cannot be opened as a SQLite database (${describeError(err)}); give --force to replace it`);
  }
  try {
    db.pragma('busy_timeout = 0');
    try {
      db.pragma('journal_mode = DELETE');
    } catch (err) {
      if (busy(err)) throw inUse(target);
      if (force) return null;
      throw new CliError(`${target} is not a readable SQLite database (${describeError(err)}); give --force to replace it`);
    }
    const tables = (db.prepare(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`).pluck().all() as string[]).sort();
    const count = (t: string) => (tables.includes(t) ? Number(db.prepare(`select count(*) from "${t}"`).pluck().get()) : 0);
    return {
      users: count(NOT_EMPTY_TABLES.users),
      engagements: count(NOT_EMPTY_TABLES.engagements),
      auditRecords: count(NOT_EMPTY_TABLES.auditRecords),
      tables,
      foreign: tables.length > 0 && !tables.includes('kysely_migration'),
    };
  } finally {
    db.close();
  }
}

/** Takes the target's write lock (no other process may open it meanwhile) for the moment of the rename. */
async function lockSqliteTarget(target: string): Promise<SqliteTargetLock> {
  if (!existsSync(target)) return { release: () => undefined };
  const { default: SQLite } = await import('better-sqlite3');
  let db: InstanceType<typeof SQLite>;
  try {
    db = new SQLite(target, { fileMustExist: true });
  } catch {
    return { release: () => undefined }; // not a database (replaced with --force): nothing to lock
  }
  try {
    db.pragma('busy_timeout = 0');
    db.pragma('journal_mode = DELETE');
    db.exec('begin exclusive');
  } catch (err) {
    db.close();
    if (busy(err)) throw inUse(target);
    return { release: () => undefined };
  }
  return { release: () => db.close() };
}

/** Checks the copy about to replace the target: a sound SQLite file holding a Candor database. */
async function inspectSqliteBackup(copy: string, file: string): Promise<BackupFacts> {
  const { default: SQLite } = await import('better-sqlite3');
  let db: InstanceType<typeof SQLite>;
  try {
    db = new SQLite(copy, { fileMustExist: true });
  } catch (err) {
    throw new CliError(`${file} cannot be opened as a SQLite database: ${describeError(err)}`);
  }
  try {
    let check: string[];
    try {
      // A copy of a WAL-mode file is turned into one self-contained file (no -wal beside it to replay).
      db.pragma('journal_mode = DELETE');
      check = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
    } catch (err) {
      throw new CliError(`${file} is damaged (${describeError(err)}); nothing was changed`);
    }
    if (check.length !== 1 || check[0] !== 'ok') {
      throw new CliError(`${file} is damaged: integrity check: ${check.slice(0, 3).join('; ')}${check.length > 3 ? ` (and ${check.length - 3} more)` : ''}; nothing was changed`);
    }
    const tables = db.prepare(`select name from sqlite_master where type = 'table'`).pluck().all() as string[];
    for (const t of ['kysely_migration', 'audit_log', 'audit_heads', 'engagements', 'users']) {
      if (!tables.includes(t)) throw new CliError(`${file} is a SQLite database but not a Candor one (it has no ${t} table); nothing was changed`);
    }
    return { migrations: db.prepare('select name from kysely_migration order by name').pluck().all() as string[] };
  } finally {
    db.close();
  }
}

function fsyncPath(p: string, flags = 'r'): void {
  const fd = openSync(p, flags);
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * SQLite: copy the backup beside the target, check the copy, fsync it, then
 * rename it over the target (atomic on one file system): the target is
 * either the old database or the whole backup, never half of one.
 */
async function restoreSqlite(file: string, dataDir: string, target: string, opts: RestoreOptions, progress: Progress) {
  mkdirSync(dataDir, { recursive: true });
  const before = await inspectSqliteTarget(target, opts.force);
  if (before && !isEmpty(before) && !opts.force) {
    throw new CliError(`${target} is not empty (${describeTarget(before)}); give --force to replace it with the backup`);
  }
  const header = firstBytes(file, 20);
  if (header[18] === 2 && existsSync(`${file}-wal`)) {
    throw new CliError(`${file} is in WAL mode with ${file}-wal beside it: copy it with \`candor backup\` (or checkpoint it) first; nothing was changed`);
  }
  const tmp = `${target}.restore-${process.pid}`;
  const old = existsSync(target) ? statSync(target) : null;
  try {
    progress(`Copying ${file} beside ${target} …`);
    copyFileSync(file, tmp, constants.COPYFILE_EXCL);
    chmodSync(tmp, old ? old.mode & 0o777 : 0o600);
    if (old && process.getuid?.() === 0) chownSync(tmp, old.uid, old.gid); // root restoring for the server's user
    progress('Checking the copy (integrity check, Candor schema) …');
    const facts = await inspectSqliteBackup(tmp, file);
    const verdict = await schemaVerdict(facts, file);
    for (const suffix of ['-journal', '-wal', '-shm']) rmSync(`${tmp}${suffix}`, { force: true });
    fsyncPath(tmp, 'r+');
    const lock = await lockSqliteTarget(target);
    try {
      // The target is out of WAL mode (inspectSqliteTarget): no -wal of the old database may meet the new one.
      for (const suffix of ['-wal', '-shm']) rmSync(`${target}${suffix}`, { force: true });
      renameSync(tmp, target);
      fsyncPath(dataDir);
    } finally {
      lock.release();
    }
    rmSync(`${target}-journal`, { force: true });
    return { ...verdict, bytes: statSync(target).size };
  } finally {
    rmSync(tmp, { force: true });
    for (const suffix of ['-journal', '-wal', '-shm']) rmSync(`${tmp}${suffix}`, { force: true });
  }
}

// ---------------------------------------------------------------------------
// PostgreSQL

/**
 * PostgreSQL: pg_restore --clean --if-exists --no-owner --no-privileges
 * --single-transaction --exit-on-error: one transaction, so a failure (a
 * damaged archive, a refused statement) leaves the old data as it was.
 */
async function restorePostgres(file: string, url: string, opts: RestoreOptions, progress: Progress) {
  const pgTools = await import('./pg-tools');
  const target = pgTools.pgTarget(url);
  const major = await pgTools.serverMajor(url);
  const tool = pgTools.findPgTool('pg_restore', major, opts.pgBin);
  const fail = (what: string, stderr: string) => new CliError(`${what}: ${pgTools.summariseStderr(stderr, target.password)}; nothing was changed`);

  progress(`Reading ${file} with pg_restore ${tool.version} (${tool.path}) …`);
  const list = await pgTools.runPgTool(tool, ['--list', file], null);
  if (list.code !== 0) throw fail(`${file} cannot be read as a pg_dump archive (damaged or cut short?)`, list.stderr);
  const archived = pgTools.archiveTables(list.stdout);
  for (const t of ['kysely_migration', 'audit_log', 'audit_heads', 'engagements', 'users']) {
    if (!archived.includes(`public.${t}`)) throw new CliError(`${file} is a pg_dump archive but not of a Candor database (it has no table public.${t}); nothing was changed`);
  }
  const data = await pgTools.runPgTool(tool, ['--data-only', '--schema=public', '--table=kysely_migration', '--file=-', file], null);
  const migrations = data.code === 0 ? pgTools.copiedFirstColumn(data.stdout, 'public.kysely_migration') : null;
  if (!migrations) throw fail(`${file} is damaged (its migrations table cannot be read)`, data.stderr || 'no COPY data for kysely_migration');
  const verdict = await schemaVerdict({ migrations }, file);

  const before = await inspectPostgresTarget(url, target.shown);
  if (!isEmpty(before) && !opts.force) {
    throw new CliError(`PostgreSQL ${target.shown} is not empty (${describeTarget(before)}); give --force to replace it with the backup`);
  }
  const extra = before.tables.filter((t) => !archived.includes(`public.${t}`));
  if (extra.length) {
    throw new CliError(
      `PostgreSQL ${target.shown} has tables the backup does not (${extra.slice(0, 8).join(', ')}${extra.length > 8 ? ', …' : ''}), which a restore would leave behind. Restore into an empty database (createdb) instead, or drop them first. Nothing was changed.`,
    );
  }

  progress(`Restoring into PostgreSQL ${target.shown} in one transaction …`);
  const run = await pgTools.runPgTool(
    tool,
    ['--clean', '--if-exists', '--no-owner', '--no-privileges', '--single-transaction', '--exit-on-error', `--dbname=${target.dbname}`, file],
    target,
  );
  if (run.code !== 0) throw fail(`pg_restore failed (exit ${run.code}), so its transaction was rolled back`, run.stderr);
  return { ...verdict, bytes: statSync(file).size };
}

async function inspectPostgresTarget(url: string, shown: string): Promise<TargetState> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const others = await client.query<{ app: string; n: string }>(
      `select coalesce(nullif(application_name, ''), '(unnamed)') as app, count(*) as n from pg_stat_activity
        where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend' group by 1`,
    );
    if (others.rows.length) {
      const who = others.rows.map((r) => `${r.n} × ${r.app}`).join(', ');
      throw new CliError(`PostgreSQL ${shown} has other sessions (${who}): stop the Candor server (and whatever else is connected), then restore. Nothing was changed.`);
    }
    const tables = (await client.query<{ name: string }>(`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`)).rows.map(
      (r) => r.name,
    );
    const count = async (t: string) => (tables.includes(t) ? Number((await client.query<{ n: string }>(`select count(*) as n from public."${t}"`)).rows[0]!.n) : 0);
    return {
      users: await count(NOT_EMPTY_TABLES.users),
      engagements: await count(NOT_EMPTY_TABLES.engagements),
      auditRecords: await count(NOT_EMPTY_TABLES.auditRecords),
      tables,
      foreign: tables.length > 0 && !tables.includes('kysely_migration'),
    };
  } finally {
    await client.end().catch(() => undefined);
  }
}

// ---------------------------------------------------------------------------
// After either: every chain, verified as `candor audit verify` does it

async function verifyAllChains(db: Kysely<DB>, applied: readonly string[]): Promise<ChainResult[]> {
  const { unscoped } = await import('../../server/authz/scoped');
  const { verifyChain } = await import('../../server/audit/service');
  const { INSTANCE_CHAIN } = await import('../../server/audit/append');
  const why = 'the restore verifies every chain of the database it wrote';
  const engagements = await unscoped(db, why).selectFrom('engagements').select(['id', 'name']).orderBy('created_at').orderBy('id').execute();
  // partner selections have their own chains since migration 0016; an older backup has none
  const selections = applied.includes('0016_selections')
    ? await unscoped(db, why).selectFrom('selections').select(['id', 'title']).orderBy('created_at').orderBy('id').execute()
    : [];
  const heads = await db.selectFrom('audit_heads').select('chain_id').execute();
  const known = new Set([INSTANCE_CHAIN, ...engagements.map((e) => e.id), ...selections.map((s) => s.id)]);
  const chains: Pick<ChainResult, 'kind' | 'chain' | 'name'>[] = [
    ...engagements.map((e) => ({ kind: 'engagement' as const, chain: e.id, name: e.name })),
    ...selections.map((s) => ({ kind: 'selection' as const, chain: s.id, name: s.title })),
    ...heads.filter((h) => !known.has(h.chain_id)).map((h) => ({ kind: 'orphan' as const, chain: h.chain_id, name: null })),
    { kind: 'instance', chain: INSTANCE_CHAIN, name: null },
  ];
  const results: ChainResult[] = [];
  for (const c of chains) {
    try {
      const r = await verifyChain(db, c.chain);
      results.push(
        r.ok
          ? { ...c, ok: true, records: r.records, headSeq: r.headSeq, headHash: r.headHash, reason: null }
          : { ...c, ok: false, records: r.records, headSeq: null, headHash: null, reason: `BROKEN at record ${r.seq}: ${r.reason}` },
      );
    } catch (err) {
      results.push({ ...c, ok: false, records: 0, headSeq: null, headHash: null, reason: `cannot be verified: ${describeError(err)}` });
    }
  }
  return results;
}

function chainLine(r: ChainResult): string {
  const label =
    r.kind === 'instance' ? 'instance' : r.kind === 'orphan' ? `chain ${r.chain} (no such engagement or selection)` : `${r.kind} ${r.chain} "${r.name}"`;
  return `  ${label}: ${r.ok ? `intact: ${r.records} records, head ${r.headHash}` : r.reason}`;
}

/** `candor restore --from <file>`: a backup from `candor backup` back into this instance's database. */
export function registerRestore(program: Command): void {
  program
    .command('restore')
    .description('put a backup from `candor backup` back into the database, whole or not at all, and verify every audit chain')
    .requiredOption('--from <file>', 'the backup: a SQLite file, or a pg_dump custom-format archive on PostgreSQL')
    .option('--force', 'replace a database that is not empty')
    .option('--json', 'print {restored: {…}, chains: [{kind, chain, name, ok, records, headSeq, headHash, reason}], ok} as JSON')
    .option('--quiet', 'no progress on stderr')
    .option('--pg-bin <dir>', 'PostgreSQL: the folder holding pg_restore (default: PATH, then /usr/lib/postgresql/<major>/bin)')
    .addHelpText(
      'after',
      [
        '',
        'Stop the server first: a database another process holds is refused (SQLite: the file is open; PostgreSQL:',
        'other sessions on the database). A database with users, engagements or audit records is refused without --force.',
        '',
        'SQLite: the backup is copied beside candor.sqlite, checked (integrity_check, Candor tables, a schema this',
        'Candor knows), fsynced and renamed over it. PostgreSQL: pg_restore --clean --if-exists --no-owner',
        '--no-privileges --single-transaction, so a failed restore leaves the old data.',
        '',
        'The restored schema is the backup\'s: a backup from an older Candor is migrated by `candor migrate` or at',
        'the server\'s start. Then every chain is verified and each head printed (exit 1 if one is broken).',
      ].join('\n'),
    )
    .action(async (opts: RestoreOptions, cmd: Command) => {
      const globals = globalsOf(cmd);
      const file = path.resolve(opts.from);
      if (!existsSync(file) || !statSync(file).isFile()) throw new CliError(`No such file: ${file}`);
      const { cliConfig, withContext, SQLITE_FILE } = await import('../context');
      const config = cliConfig(globals);
      const progress = progressTo(opts.quiet || opts.json);
      const t0 = performance.now();
      const kind = kindOf(firstBytes(file, 16));
      const dialect = config.databaseUrl ? 'postgres' : 'sqlite';
      if (kind === 'other') {
        throw new CliError(`${file} is not a Candor backup: it is neither a SQLite database nor a pg_dump archive (give a file written by \`candor backup\`). Nothing was changed.`);
      }
      if (kind !== dialect) {
        throw new CliError(
          kind === 'sqlite'
            ? `${file} is a SQLite database, but this instance runs on PostgreSQL: restore it into a SQLite instance (without DATABASE_URL). Nothing was changed.`
            : `${file} is a PostgreSQL (pg_dump) archive, but this instance runs on SQLite: restore it into a PostgreSQL instance (DATABASE_URL or --database-url). Nothing was changed.`,
        );
      }
      const target = path.join(config.dataDir, SQLITE_FILE);
      const restored = config.databaseUrl
        ? await restorePostgres(file, config.databaseUrl, opts, progress)
        : await restoreSqlite(file, config.dataDir, target, opts, progress);
      const seconds = secondsSince(t0);
      progress('Verifying every audit chain …');
      await withContext(globals, { mustExist: true }, async ({ deps, where }) => {
        const { migrationNames } = await import('../../server/db/database');
        const applied = migrationNames().filter((m) => !restored.pending.includes(m));
        const chains = await verifyAllChains(deps.db, applied);
        const broken = chains.filter((c) => !c.ok).length;
        if (broken) process.exitCode = 1;
        if (opts.json) {
          const summary = { file, into: where, dialect, bytes: restored.bytes, schema: restored.schema, pendingMigrations: restored.pending, seconds };
          process.stdout.write(`${JSON.stringify({ restored: summary, chains, ok: broken === 0 })}\n`);
          return;
        }
        console.log(`Restored ${file} (${formatBytes(restored.bytes)}) into ${where} in ${seconds} s; schema ${restored.schema}.`);
        console.log('Audit chains:');
        for (const c of chains) console.log(chainLine(c));
        console.log(broken === 0 ? `All ${chains.length} chains intact.` : `${broken} of ${chains.length} chains BROKEN: the backup holds a damaged chain.`);
        console.log(
          restored.pending.length === 0
            ? 'Schema: up to date.'
            : `Schema: the backup predates ${restored.pending.length} migration${restored.pending.length === 1 ? '' : 's'} of this Candor (${restored.pending.join(', ')}): run \`candor migrate\` (the server also applies them at start).`,
        );
      });
    });
}
