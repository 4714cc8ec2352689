import pino from 'pino';
import { type Clock, systemClock } from './clock';
import type { Config } from './config';
import { type Database, migrateToLatest, openDatabase } from './db/database';
import type { Deps } from './http/context';
import { createMailer } from './mail/mailer';

/** Opens the database, migrates it and assembles the use-case dependencies. */
export async function createDeps(
  config: Config,
  opts: { clock?: Clock; log?: pino.Logger } = {},
): Promise<{ deps: Deps; database: Database }> {
  const log = opts.log ?? pino({ level: config.logLevel });
  const database = openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.dbPoolSize,
    onIdleError: (err) => log.warn({ err }, 'an idle database connection was closed by the server; it will be replaced'),
  });
  await migrateToLatest(database.db);
  const deps: Deps = {
    db: database.db,
    dialect: database.dialect,
    clock: opts.clock ?? systemClock,
    config,
    mailer: createMailer(config.smtpUrl, config.smtpFrom, log),
    log,
  };
  return { deps, database };
}
