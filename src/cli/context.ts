import { existsSync } from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { systemClock } from '../server/clock';
import { type Config, ConfigError, loadConfig } from '../server/config';
import { type Database, migrateToLatest, openDatabase } from '../server/db/database';
import type { Deps } from '../server/http/context';
import { createMailer } from '../server/mail/mailer';
import { CliError } from './errors';
import { type GlobalOptions, maskUrl } from './globals';

/**
 * What a command gets: the configuration, the open database and the same
 * dependencies the server's use cases take. Loaded lazily by the commands
 * (this module pulls in the database drivers).
 */
export interface CliContext {
  config: Config;
  database: Database;
  deps: Deps;
  /** "SQLite /path/candor.sqlite" or "PostgreSQL postgres://user:****@host/db". */
  where: string;
}

/** The SQLite file inside the data folder; the name openDatabase uses. */
export const SQLITE_FILE = 'candor.sqlite';

// The CLI mints no sessions, reset links or API tokens, so it needs no session
// secret. Without one, loadConfig would create data/session-secret, perhaps as
// another OS user than the server's (root running the CLI), locking it out. So
// when neither the environment nor the data folder has one, a placeholder.
const UNUSED_SESSION_SECRET = 'candor-cli-mints-no-tokens-so-this-secret-is-unused';

const dataDirFor = (globals: GlobalOptions, env: NodeJS.ProcessEnv): string =>
  path.resolve(globals.dataDir || env.CANDOR_DATA_DIR || './data');

/** The server's configuration, from the environment with the command-line overrides applied. */
export function cliConfig(globals: GlobalOptions, env: NodeJS.ProcessEnv = process.env): Config {
  const merged: NodeJS.ProcessEnv = { ...env };
  if (globals.dataDir) merged.CANDOR_DATA_DIR = globals.dataDir;
  if (globals.databaseUrl) merged.DATABASE_URL = globals.databaseUrl;
  if (!env.CANDOR_SESSION_SECRET && !existsSync(path.join(dataDirFor(globals, env), 'session-secret'))) {
    merged.CANDOR_SESSION_SECRET = UNUSED_SESSION_SECRET;
  }
  try {
    return loadConfig(merged);
  } catch (err) {
    if (err instanceof ConfigError) throw new CliError(err.message, 2);
    throw err;
  }
}

/** Where the database lives, before opening it: the SQLite file path, or null on PostgreSQL. */
export function sqliteFileFor(globals: GlobalOptions, env: NodeJS.ProcessEnv = process.env): string | null {
  if (globals.databaseUrl || env.DATABASE_URL) return null;
  return path.join(dataDirFor(globals, env), SQLITE_FILE);
}

/** Fails with a helpful message when the SQLite database does not exist (so reading commands never create one). */
export function assertDatabaseExists(globals: GlobalOptions): void {
  const file = sqliteFileFor(globals);
  if (file && !existsSync(file)) {
    throw new CliError(
      `No Candor database at ${file}. Point to the data folder with --data-dir or CANDOR_DATA_DIR (or to PostgreSQL with --database-url or DATABASE_URL).`,
    );
  }
}

export interface OpenOptions {
  /** Refuse to create a new SQLite file (commands that only read). */
  mustExist?: boolean;
  /** Apply pending migrations first, like the server does at start (commands that write). */
  migrate?: boolean;
}

/** Opens the configured database, runs `fn`, and always closes it again. */
export async function withContext<T>(
  globals: GlobalOptions,
  opts: OpenOptions,
  fn: (ctx: CliContext & { migrated: string[] }) => Promise<T>,
): Promise<T> {
  if (opts.mustExist) assertDatabaseExists(globals);
  const config = cliConfig(globals);
  const database = openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 2 });
  try {
    const migrated = opts.migrate ? await migrateToLatest(database.db) : [];
    // Logs go to stderr, warnings and up only: stdout is the command's output.
    const log = pino({ level: 'warn' }, pino.destination({ dest: 2, sync: true }));
    const deps: Deps = {
      db: database.db,
      dialect: database.dialect,
      clock: systemClock,
      config,
      // The CLI sends no e-mail (seeding the demo would otherwise mail its invitations).
      mailer: createMailer(undefined, config.smtpFrom, log),
      log,
    };
    const where =
      database.dialect === 'sqlite' ? `SQLite ${database.sqlitePath}` : `PostgreSQL ${maskUrl(config.databaseUrl ?? '')}`;
    return await fn({ config, database, deps, where, migrated });
  } catch (err) {
    throw withHint(err);
  } finally {
    await database.close();
  }
}

/** Adds a hint to the errors an unmigrated or foreign database gives. */
function withHint(err: unknown): unknown {
  if (err instanceof Error && /no such table|relation "[^"]+" does not exist/.test(err.message)) {
    return new CliError(`${err.message} (is this a Candor database? run \`candor migrate\` first)`);
  }
  return err;
}
