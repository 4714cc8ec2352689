import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, type Migration, type MigrationProvider, type MigrationResult, type MigrationResultSet, Migrator, PostgresDialect, SqliteAdapter, sql } from 'kysely';
import pg from 'pg';
import * as m0001 from './migrations/0001_foundation';
import * as m0002 from './migrations/0002_governance';
import * as m0003 from './migrations/0003_delivery';
import * as m0004 from './migrations/0004_commitments';
import * as m0005 from './migrations/0005_forecasts';
import * as m0006 from './migrations/0006_coach';
import * as m0007 from './migrations/0007_capacity_plans';
import * as m0008 from './migrations/0008_people';
import * as m0009 from './migrations/0009_gate_reviews';
import * as m0010 from './migrations/0010_recommendations';
import * as m0011 from './migrations/0011_agenda';
import * as m0012 from './migrations/0012_status_updates';
import * as m0013 from './migrations/0013_comments';
import * as m0014 from './migrations/0014_live';
import * as m0016 from './migrations/0016_selections';
import * as m0017 from './migrations/0017_selection_result_shares';
import * as m0018 from './migrations/0018_calendar_feeds';
import * as m0019 from './migrations/0019_webhooks';
import * as m0020 from './migrations/0020_engagement_imports';
import * as m0021 from './migrations/0021_rate_limits';
import type { DB } from './schema';
import { ImmediateSqliteDialect } from './sqlite-dialect';

export type Dialect = 'sqlite' | 'postgres';

export interface Database {
  db: Kysely<DB>;
  dialect: Dialect;
  /** The SQLite file, when on SQLite (for backups). */
  sqlitePath?: string;
  close(): Promise<void>;
}

// Counts and sums come back as strings from pg for bigint/numeric: parse them once here.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10)); // int8
pg.types.setTypeParser(1700, (v) => Number.parseFloat(v)); // numeric

export interface OpenOptions {
  databaseUrl?: string | undefined;
  dataDir?: string;
  /** For SQLite: an explicit file path (':memory:' allowed). */
  sqliteFile?: string;
  poolSize?: number;
  /** Told about errors on idle PostgreSQL connections (they are discarded and replaced). */
  onIdleError?: (err: Error) => void;
}

const pools = new WeakMap<Kysely<DB>, pg.Pool>();
/** The pool behind a PostgreSQL database, for a dedicated connection (the live events' LISTEN, ADR 0021). */
export const pgPoolOf = (db: Kysely<DB>): pg.Pool | undefined => pools.get(db);

/** Opens the database the configuration names: PostgreSQL for a postgres:// URL, else SQLite. */
export function openDatabase(opts: OpenOptions): Database {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: opts.poolSize ?? 10 });
    // An idle connection the server closes (restart, failover, DROP … FORCE) emits 'error' on the
    // pool; unhandled, that would end the process. The pool drops that client; the next query reconnects.
    pool.on('error', (err) => opts.onIdleError?.(err));
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    pools.set(db, pool);
    return { db, dialect: 'postgres', close: () => db.destroy() };
  }
  const file = opts.sqliteFile ?? path.join(opts.dataDir ?? './data', 'candor.sqlite');
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  // transactions begin IMMEDIATE, so two processes on one file wait for each other instead of failing (sqlite-dialect.ts)
  const db = new Kysely<DB>({ dialect: new ImmediateSqliteDialect({ database: withStatementCache(sqlite) }) });
  return { db, dialect: 'sqlite', sqlitePath: file, close: () => db.destroy() };
}

/**
 * Kysely prepares every query anew; on better-sqlite3 preparing costs more
 * than running a small indexed query. Statements are reusable (the driver is
 * synchronous), so keep the most recent ones by SQL text.
 */
function withStatementCache(sqlite: SQLite.Database, max = 500) {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let stmt = cache.get(sql);
      if (stmt) {
        cache.delete(sql);
      } else {
        stmt = sqlite.prepare(sql);
        if (cache.size >= max) cache.delete(cache.keys().next().value as string);
      }
      cache.set(sql, stmt);
      return stmt;
    },
  };
}

const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_governance': m0002,
  '0003_delivery': m0003,
  '0004_commitments': m0004,
  '0005_forecasts': m0005,
  '0006_coach': m0006,
  '0007_capacity_plans': m0007,
  '0008_people': m0008,
  '0009_gate_reviews': m0009,
  '0010_recommendations': m0010,
  '0011_agenda': m0011,
  '0012_status_updates': m0012,
  '0013_comments': m0013,
  '0014_live': m0014,
  '0016_selections': m0016,
  '0017_selection_result_shares': m0017,
  '0018_calendar_feeds': m0018,
  '0019_webhooks': m0019,
  '0020_engagement_imports': m0020,
  '0021_rate_limits': m0021,
};

class StaticMigrationProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return migrations;
  }
}

/**
 * Applies the pending migrations up to `target` (all when undefined). On SQLite each one runs in its own
 * transaction (the dialect tells Kysely SQLite's DDL is transactional), so a process killed inside a
 * migration leaves it unapplied instead of half-applied (ADR 0030: the next start failed with "table …
 * already exists"). Foreign keys are off around them, as SQLite's table-rebuild procedure asks (0009 and
 * 0012 rebuild tables; a pragma inside a transaction does nothing), and checked afterwards.
 */
async function runMigrations(db: Kysely<DB>, target?: string): Promise<MigrationResultSet> {
  const migrator = new Migrator({ db, provider: new StaticMigrationProvider() });
  const step = (name: string | undefined) => (name ? migrator.migrateTo(name) : migrator.migrateToLatest());
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return step(target);
  const known = await migrator.getMigrations();
  const upTo = target ? known.findIndex((m) => m.name === target) : known.length - 1;
  // an unknown name, or one already applied (migrateTo goes down to it): Kysely's own behaviour
  if (upTo < 0 || (target && known[upTo]!.executedAt)) return step(target);
  const pending = known.slice(0, upTo + 1).filter((m) => !m.executedAt);
  if (pending.length === 0) return { results: [] };
  const last = pending.at(-1)!.name;
  const results: MigrationResult[] = [];
  await sql`pragma foreign_keys = off`.execute(db);
  try {
    // One step up at a time, decided inside the migration's transaction: another process (a second server,
    // `candor migrate`) may have applied some meanwhile, and migrateTo(name) of an applied one goes *down*
    // to it, running the later migrations' `down` (migrations-race.api.test.ts).
    for (let i = 0; i < pending.length; i++) {
      const one = await migrator.migrateUp();
      results.push(...(one.results ?? []));
      if (one.error) return { error: one.error, results };
      if (!one.results?.length || one.results.some((r) => r.migrationName === last)) break;
    }
    const broken = await sql`pragma foreign_key_check`.execute(db);
    if (broken.rows.length) return { error: new Error(`foreign keys broken by the migrations: ${JSON.stringify(broken.rows.slice(0, 3))}`), results };
    return { results };
  } finally {
    await sql`pragma foreign_keys = on`.execute(db);
  }
}

/** Applies the migrations up to and including `name` (tests of a data migration start from the schema before it). */
export async function migrateUpTo(db: Kysely<DB>, name: string): Promise<void> {
  const { error } = await runMigrations(db, name);
  if (error) throw error instanceof Error ? error : new Error(String(error));
}

/** The names of the registered migrations, in order. */
export const migrationNames = (): string[] => Object.keys(migrations).sort();

/** Applies every pending migration; throws with the failing migration's name. */
export async function migrateToLatest(db: Kysely<DB>): Promise<string[]> {
  const { error, results } = await runMigrations(db);
  const failed = results?.find((r) => r.status === 'Error');
  if (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(failed ? `Migration ${failed.migrationName} failed: ${reason}` : `Migrations could not run: ${reason}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Numbers from COUNT(*) differ per driver (number vs string): coerce in one place. */
export const toNumber = (v: unknown): number => (typeof v === 'number' ? v : Number(v ?? 0));
