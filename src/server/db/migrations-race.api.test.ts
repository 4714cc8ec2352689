import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Migrator, sql } from 'kysely';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DB_KIND } from '../../../test/context';
import { migrateToLatest, migrationNames, openDatabase } from './database';

/**
 * SQLite migrations run one transaction each (ADR 0030), after the pending list was read outside any lock.
 * Another process (a second server, `candor migrate`, `candor create-admin` beside a starting server) may
 * apply them between that read and the step: the step must then do nothing, never migrate down to the name
 * it was given (Kysely's migrateTo of an applied migration runs the later ones' `down`).
 */
describe.skipIf(DB_KIND !== 'sqlite')('SQLite migrations under a stale pending list', () => {
  let dir: string | undefined;
  afterEach(() => {
    vi.restoreAllMocks();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('applied meanwhile by another process: nothing runs down, no row is lost', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'candor-migrate-race-'));
    const database = openDatabase({ sqliteFile: path.join(dir, 'candor.sqlite') });
    try {
      await migrateToLatest(database.db);
      await database.db.insertInto('rate_limits').values({ key: 'k', hits: 3, window_ends_at: 1 }).execute();
      // what this process read before the other one finished: the last two migrations still pending
      const lastTwo = migrationNames().slice(-2);
      const real = Migrator.prototype.getMigrations;
      vi.spyOn(Migrator.prototype, 'getMigrations').mockImplementationOnce(async function (this: Migrator) {
        const all = await real.call(this);
        return all.map((m) => (lastTwo.includes(m.name) ? { ...m, executedAt: undefined } : m));
      });
      const applied = await migrateToLatest(database.db);
      expect(applied).toEqual([]);
      const rows = await database.db.selectFrom('rate_limits').selectAll().execute();
      expect(rows).toEqual([{ key: 'k', hits: 3, window_ends_at: 1 }]);
      const executed = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(database.db);
      expect(executed.rows.map((r) => r.name)).toEqual(migrationNames());
    } finally {
      await database.close();
    }
  });
});
