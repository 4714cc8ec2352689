/**
 * SQLite transactions that are safe with more than one process on the file (issue 17, ADR 0028).
 *
 * Kysely begins every transaction with a deferred `BEGIN`: it reads first and takes the write lock only at
 * its first write. When two processes do that at once, the second one's upgrade fails at once with
 * SQLITE_BUSY ("database is locked"): busy_timeout does not help, because waiting could deadlock. A
 * transaction that begins `IMMEDIATE` takes the write lock first, so a second writer waits (busy_timeout)
 * and then runs on what the first one committed.
 *
 * Read-only work that spans seconds (an engagement export, a backup's consistency read) must not hold the
 * write lock that long: it runs inside `readOnlyTransactions()`, whose transactions begin deferred. In WAL
 * mode a deferred read transaction sees one snapshot and blocks no writer.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { CompiledQuery, type DatabaseConnection, type DialectAdapter, type Driver, SqliteAdapter, SqliteDialect } from 'kysely';

const readOnly = new AsyncLocalStorage<true>();

/** Runs `fn` with its SQLite transactions begun deferred (they must only read). No effect on PostgreSQL. */
export function readOnlyTransactions<T>(fn: () => Promise<T>): Promise<T> {
  return readOnly.run(true, fn);
}

/** How the next transaction begins, in the current async context. */
export const beginStatement = (): string => (readOnly.getStore() ? 'begin deferred' : 'begin immediate');

/**
 * SQLite's DDL is transactional; Kysely's adapter says it is not, so its Migrator ran SQLite migrations
 * statement by statement and a process killed inside one left it half-applied, the next start failing
 * with "table … already exists" (found by the crash drill, ADR 0030). Saying so lets every migration
 * run in a transaction (database.ts runs them one transaction each).
 */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

export class ImmediateSqliteDialect extends SqliteDialect {
  override createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter();
  }

  override createDriver(): Driver {
    const driver = super.createDriver();
    driver.beginTransaction = async (connection: DatabaseConnection) => {
      await connection.executeQuery(CompiledQuery.raw(beginStatement()));
    };
    return driver;
  }
}
