import { chmodSync, existsSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { CliError } from '../errors';
import { globalsOf, maskUrl, outputPath } from '../globals';

interface BackupOptions {
  out: string;
  force?: boolean;
}

const shellQuote = (s: string): string => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replaceAll("'", `'\\''`)}'`);

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

/** `candor backup`: a consistent copy of the SQLite database while the server runs; the pg_dump line on PostgreSQL. */
export function registerBackup(program: Command): void {
  program
    .command('backup')
    .description('copy the SQLite database consistently, even while the server runs (on PostgreSQL: print the pg_dump command)')
    .requiredOption('--out <file>', 'where to write the copy')
    .option('--force', 'overwrite --out if it exists')
    .addHelpText(
      'after',
      '\nTo restore a SQLite backup: stop the server, remove candor.sqlite-wal and candor.sqlite-shm\nfrom the data folder, and put the copy there as candor.sqlite.',
    )
    .action(async (opts: BackupOptions, cmd: Command) => {
      const globals = globalsOf(cmd);
      const out = path.resolve(opts.out);
      const { cliConfig, assertDatabaseExists, SQLITE_FILE } = await import('../context');
      assertDatabaseExists(globals);
      const config = cliConfig(globals);

      if (config.databaseUrl) {
        console.log(
          [
            'This instance runs on PostgreSQL: back it up with pg_dump (from the PostgreSQL client tools), for example',
            '',
            `  pg_dump --format=custom --no-owner --file=${shellQuote(out)} ${shellQuote(maskUrl(config.databaseUrl))}`,
            '',
            'Put the real password in place of ****, or leave it out of the URL and set PGPASSWORD or use ~/.pgpass.',
            'Restore with pg_restore --no-owner --dbname=<url> into an empty database.',
          ].join('\n'),
        );
        return;
      }

      outputPath(out, opts.force);
      const source = path.join(config.dataDir, SQLITE_FILE);
      const { default: SQLite } = await import('better-sqlite3');
      // SQLite's online backup copies a consistent snapshot while the server
      // keeps writing (WAL), restarting if a write lands mid-copy. Nothing is
      // written to the source; it is not opened read-only only because a
      // read-only connection cannot remove the -wal/-shm files it creates.
      const db = new SQLite(source, { fileMustExist: true });
      db.pragma('busy_timeout = 5000');
      const tmp = `${out}.partial-${process.pid}`;
      try {
        const progress = await db.backup(tmp);
        const copy = new SQLite(tmp, { fileMustExist: true });
        let check: unknown;
        try {
          // One self-contained file: out of WAL mode, so no -wal/-shm need to travel with it.
          copy.pragma('journal_mode = DELETE');
          check = copy.pragma('quick_check', { simple: true });
        } finally {
          copy.close();
        }
        if (check !== 'ok') throw new CliError(`The copy failed its integrity check (${String(check)}); the source may be damaged`);
        chmodSync(tmp, 0o600);
        if (existsSync(out) && !opts.force) throw new CliError(`${out} appeared meanwhile; give --force to overwrite it`);
        renameSync(tmp, out);
        const size = statSync(out).size;
        console.log(`Backup of ${source} written to ${out}: ${formatBytes(size)} (${size} bytes, ${progress.totalPages} pages), integrity ok.`);
      } finally {
        db.close();
        rmSync(tmp, { force: true });
        for (const suffix of ['-journal', '-wal', '-shm']) rmSync(`${tmp}${suffix}`, { force: true });
      }
    });
}
