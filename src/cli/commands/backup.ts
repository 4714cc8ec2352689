import { chmodSync, closeSync, existsSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { CliError } from '../errors';
import { globalsOf, outputPath } from '../globals';

interface BackupOptions {
  out: string;
  force?: boolean;
  json?: boolean;
  quiet?: boolean;
  pgBin?: string;
}

/** A chain's head as the backup holds it (the restore prints the same). */
export interface ChainHead {
  chain: string;
  seq: number;
  hash: string;
}

export interface BackupSummary {
  file: string;
  bytes: number;
  dialect: 'sqlite' | 'postgres';
  /** "SQLite /path" or "PostgreSQL postgres://user:****@host/db" */
  source: string;
  /** pg_dump's version and path, on PostgreSQL. */
  tool?: string;
  /** SQLite: pages copied. */
  pages?: number;
  chains: ChainHead[];
  records: number;
  seconds: number;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i += 1;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

/** Progress lines go to stderr (stdout is the summary, or the JSON). */
export const progressTo = (quiet: boolean | undefined) => (quiet ? () => undefined : (line: string) => process.stderr.write(`${line}\n`));

export const secondsSince = (t0: number) => Math.round(performance.now() - t0) / 1000;

const chainsLine = (s: BackupSummary) =>
  `Audit chains in the backup: ${s.chains.length} (${s.records} records); \`candor restore\` prints each head to compare.`;

/** `candor backup`: a consistent copy of the database while the server runs (SQLite's online backup, or pg_dump). */
export function registerBackup(program: Command): void {
  program
    .command('backup')
    .description('copy the database consistently, even while the server runs: SQLite\'s online backup, or pg_dump on PostgreSQL')
    .requiredOption('--out <file>', 'where to write the copy (a SQLite file, or a pg_dump custom-format archive)')
    .option('--force', 'overwrite --out if it exists')
    .option('--json', 'print {file, bytes, dialect, source, chains: [{chain, seq, hash}], records, seconds} as JSON')
    .option('--quiet', 'no progress on stderr')
    .option('--pg-bin <dir>', 'PostgreSQL: the folder holding pg_dump (default: PATH, then /usr/lib/postgresql/<major>/bin)')
    .addHelpText(
      'after',
      [
        '',
        'The copy is one snapshot: every audit chain in it ends at a head the live database had at that moment.',
        'On PostgreSQL, pg_dump (custom format, -Fc) runs on the snapshot the heads are read in; the password',
        'goes to it in PGPASSWORD, never on its command line. Its major version must be at least the server\'s.',
        '',
        'Restore with `candor restore --from <file>` (see `candor restore --help`).',
      ].join('\n'),
    )
    .action(async (opts: BackupOptions, cmd: Command) => {
      const globals = globalsOf(cmd);
      const out = outputPath(opts.out, opts.force);
      const { cliConfig, assertDatabaseExists, SQLITE_FILE } = await import('../context');
      assertDatabaseExists(globals);
      const config = cliConfig(globals);
      const progress = progressTo(opts.quiet || opts.json);
      const t0 = performance.now();
      const tmp = `${out}.partial-${process.pid}`;
      try {
        // the copy holds every engagement, password hashes and webhook secrets: owner-only from its first byte
        // (both better-sqlite3 and pg_dump write into an existing file and keep its mode)
        closeSync(openSync(tmp, 'wx', 0o600));
        const summary = config.databaseUrl
          ? await backupPostgres(config.databaseUrl, tmp, opts, progress)
          : await backupSqlite(path.join(config.dataDir, SQLITE_FILE), tmp, progress);
        chmodSync(tmp, 0o600);
        if (existsSync(out) && !opts.force) throw new CliError(`${out} appeared meanwhile; give --force to overwrite it`);
        renameSync(tmp, out);
        const done: BackupSummary = { ...summary, file: out, bytes: statSync(out).size, seconds: secondsSince(t0) };
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(done)}\n`);
          return;
        }
        const size = `${formatBytes(done.bytes)} (${done.bytes} bytes`;
        console.log(
          done.dialect === 'sqlite'
            ? `Backup of ${summary.source.replace(/^SQLite /, '')} written to ${out}: ${size}, ${summary.pages} pages), integrity ok, in ${done.seconds} s.`
            : `Backup of ${summary.source} written to ${out}: ${size}, custom format, ${summary.tool}), in ${done.seconds} s.`,
        );
        console.log(chainsLine(done));
      } finally {
        rmSync(tmp, { force: true });
        for (const suffix of ['-journal', '-wal', '-shm']) rmSync(`${tmp}${suffix}`, { force: true });
      }
    });
}

/**
 * SQLite's online backup, in one step: a step holds a read transaction on the
 * source, so the copy is one snapshot and a concurrent write (WAL: it does not
 * wait for us) cannot restart it. Copied in many small steps, every write
 * from another process between two steps restarted the copy from page one,
 * so under steady writes it might never finish.
 */
async function backupSqlite(source: string, tmp: string, progress: (line: string) => void): Promise<Omit<BackupSummary, 'file' | 'bytes' | 'seconds'>> {
  const { default: SQLite } = await import('better-sqlite3');
  progress(`Backing up SQLite ${source} …`);
  // Nothing is written to the source; it is not opened read-only only because a
  // read-only connection cannot remove the -wal/-shm files it creates.
  const db = new SQLite(source, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    const copied = await db.backup(tmp, { progress: () => 0x7fffffff });
    const copy = new SQLite(tmp, { fileMustExist: true });
    let check: unknown;
    let heads: ChainHead[] = [];
    try {
      // One self-contained file: out of WAL mode, so no -wal/-shm need to travel with it.
      copy.pragma('journal_mode = DELETE');
      check = copy.pragma('quick_check', { simple: true });
      const hasHeads = copy.prepare(`select 1 from sqlite_master where type = 'table' and name = 'audit_heads'`).get();
      if (!hasHeads) throw new CliError(`${source} has no audit_heads table: is this a Candor database? (run \`candor migrate\` first)`);
      heads = copy.prepare('select chain_id as chain, seq, hash from audit_heads order by chain_id').all() as ChainHead[];
    } finally {
      copy.close();
    }
    if (check !== 'ok') throw new CliError(`The copy failed its integrity check (${String(check)}); the source may be damaged`);
    return { dialect: 'sqlite', source: `SQLite ${source}`, pages: copied.totalPages, chains: heads, records: heads.reduce((n, h) => n + h.seq, 0) };
  } finally {
    db.close();
  }
}

/**
 * pg_dump in custom format, on a snapshot this command exports: the chain
 * heads it reports are read in the same snapshot pg_dump copies.
 */
async function backupPostgres(
  url: string,
  tmp: string,
  opts: BackupOptions,
  progress: (line: string) => void,
): Promise<Omit<BackupSummary, 'file' | 'bytes' | 'seconds'>> {
  const { findPgTool, pgTarget, runPgTool, serverMajor, summariseStderr, archiveTables } = await import('./pg-tools');
  const target = pgTarget(url);
  const major = await serverMajor(url);
  const dump = findPgTool('pg_dump', major, opts.pgBin);
  progress(`Backing up PostgreSQL ${target.shown} (server ${major}) with pg_dump ${dump.version} (${dump.path}) …`);
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  let heads: ChainHead[];
  let run: Awaited<ReturnType<typeof runPgTool>>;
  try {
    await client.query('begin isolation level repeatable read read only');
    const snapshot = (await client.query<{ id: string }>('select pg_export_snapshot() as id')).rows[0]!.id;
    const hasHeads = await client.query(`select 1 from information_schema.tables where table_schema = 'public' and table_name = 'audit_heads'`);
    if (hasHeads.rowCount === 0) throw new CliError(`PostgreSQL ${target.shown} has no audit_heads table: is this a Candor database? (run \`candor migrate\` first)`);
    heads = (await client.query<ChainHead>('select chain_id as chain, seq, hash from audit_heads order by chain_id')).rows.map((h) => ({ ...h, seq: Number(h.seq) }));
    run = await runPgTool(dump, ['--format=custom', `--snapshot=${snapshot}`, `--file=${tmp}`, `--dbname=${target.dbname}`], target);
    await client.query('commit');
  } finally {
    await client.end().catch(() => undefined);
  }
  if (run.code !== 0) throw new CliError(`pg_dump failed (exit ${run.code}) on PostgreSQL ${target.shown}: ${summariseStderr(run.stderr, target.password)}`);
  if (!existsSync(tmp)) throw new CliError(`pg_dump exited 0 but wrote no file (${dump.path})`);
  // Read the archive back: its table of contents must list the audit log.
  const list = await runPgTool(findPgTool('pg_restore', major, opts.pgBin), ['--list', tmp], null);
  if (list.code !== 0 || !archiveTables(list.stdout).includes('public.audit_log')) {
    throw new CliError(`The archive pg_dump wrote cannot be read back: ${summariseStderr(list.stderr, target.password)}`);
  }
  return {
    dialect: 'postgres',
    source: `PostgreSQL ${target.shown}`,
    tool: `pg_dump ${dump.version}`,
    chains: heads,
    records: heads.reduce((n, h) => n + h.seq, 0),
  };
}
