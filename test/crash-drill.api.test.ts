import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDrill } from '../scripts/drill/check';
import SQLite from 'better-sqlite3';
import { checkDatabase, DRILL_CLOCK_START, DRILL_PASSWORD, runCrashDrill } from '../scripts/drill/crash';
import { startServer } from '../scripts/drill/server-process';
import { migrationNames, openDatabase } from '../src/server/db/database';
import { DB_KIND, freshDatabase, pgMissing } from './context';

/**
 * The crash drill, short form (issue 17, ADR 0030; the full drill is `npm run drill:crash`): the real
 * server process under six concurrent writers, `kill -9` three times at seeded moments, a restart on
 * the same data each time, then every check of scripts/drill/check.ts on the database directly.
 * About 15 s per database on an idle 2-core machine (three restarts of ~2–4 s); the time limit is wide
 * for a loaded machine.
 */
describe.skipIf(pgMissing)('crash drill (short form)', () => {
  let dataDir: string;
  let databaseUrl: string | undefined;
  let drop: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'candor-crash-'));
    if (DB_KIND === 'postgres') {
      // a migrated, empty database: the server seeds the demo engagement itself on its first start
      const fresh = await freshDatabase();
      databaseUrl = fresh.url;
      drop = fresh.drop;
    }
  });
  afterAll(async () => {
    rmSync(dataDir, { recursive: true, force: true });
    await drop?.();
  });

  it('after each of 3 kills: every acknowledged write is there, none half-applied, integrity ok, every chain verifies; a lost write would be noticed', async () => {
    const report = await runCrashDrill({ database: DB_KIND, dataDir, databaseUrl, kills: 3, seed: 1717, loadMs: [300, 1200] });
    expect(report.problems).toEqual([]);
    expect(report.kills).toBe(3);
    expect(report.figures.acknowledged).toBeGreaterThan(0);
    expect(report.figures.lost).toBe(0);
    expect(report.figures.halfApplied).toBe(0);
    expect(report.figures.refused).toBe(0);
    expect(report.figures.chainsBroken).toBe(0);
    expect(report.figures.chainsVerified).toBeGreaterThanOrEqual(2); // the engagement's, the instance's (and the demo's partner selection)
    expect(report.figures.integrity).toBe(DB_KIND === 'sqlite' ? 'ok' : null);
    expect(report.gracefulStopCode).toBe(0);
    expect(report.ok).toBe(true);
    // every kind of write was acknowledged at least once, so each kind's checks ran on real rows
    const kinds = new Set(report.context.ledger.filter((a) => a.acked).map((a) => a.kind));
    expect([...kinds].sort()).toEqual(['commitment', 'item_update', 'note', 'raid', 'time_entry', 'work_item']);

    // the checks notice a lost acknowledged write: delete one acknowledged note and one time entry's rollup share
    const note = report.context.ledger.find((a) => a.acked && a.kind === 'note')!;
    const entry = report.context.ledger.find((a) => a.acked && a.kind === 'time_entry')!;
    const database = openDatabase({ databaseUrl, dataDir, poolSize: 2 });
    try {
      await database.db.deleteFrom('notes').where('id', '=', note.id!).execute();
      await database.db.deleteFrom('time_entries').where('id', '=', entry.id!).execute();
      const broken = await checkDrill(database.db, database.dialect, report.context);
      expect(broken.figures.lost).toBe(2);
      expect(broken.problems).toContain(`LOST: acknowledged note ${note.id} ("${note.marker}", round ${note.round}) is missing`);
      expect(broken.problems).toContain(`LOST: acknowledged time_entry ${entry.id} ("${entry.marker}", round ${entry.round}) is missing`);
      // the audit records left without their objects, and the rollups that still count the entry
      expect(broken.figures.halfApplied).toBeGreaterThanOrEqual(3);
      expect(broken.problems.some((p) => p.startsWith(`half-applied: audit record`) && p.includes(`note.created ${note.id}`))).toBe(true);
      expect(broken.problems.some((p) => p.startsWith('half-applied: time rollup'))).toBe(true);
    } finally {
      await database.close();
    }
    // and the same check through the drill's own opening of the database agrees
    expect((await checkDatabase({ dataDir, databaseUrl }, report.context)).figures.lost).toBe(2);
  }, 240_000);

  it.runIf(DB_KIND === 'sqlite')('a kill inside a migration leaves it unapplied: the next start migrates and serves (SQLite; PostgreSQL migrations were transactional already)', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'candor-crash-migrate-'));
    const file = path.join(dir, 'candor.sqlite');
    /** Migrations recorded, and whether 0009's first table is visible. */
    const state = () => {
      try {
        const db = new SQLite(file, { readonly: true, fileMustExist: true });
        try {
          return db.prepare("select (select count(*) from kysely_migration) as n, exists(select 1 from sqlite_master where name = 'gate_reviews') as g").get() as { n: number; g: number };
        } finally {
          db.close();
        }
      } catch {
        return { n: 0, g: 0 }; // no file or no table yet
      }
    };
    const applied = () => state().n;
    try {
      const first = await startServer({ dataDir: dir, demoPassword: DRILL_PASSWORD, clockStart: DRILL_CLOCK_START });
      // kill as soon as 0009's first table is visible: 0009 goes on with two more tables and rebuilds the phases
      // table, so a migration run statement by statement is killed half-way; run in a transaction, its table
      // appears only with its record, and the kill lands after it
      const deadline = Date.now() + 60_000;
      for (let s = state(); !s.g && s.n < 9; s = state()) {
        if (first.exited()) throw new Error(`the server exited while migrating: ${first.output()}`);
        if (Date.now() > deadline) throw new Error('8 migrations were not applied within 60 s');
        await new Promise((r) => setTimeout(r, 2));
      }
      await first.kill9();
      const killedAt = applied();
      expect(killedAt).toBeLessThan(migrationNames().length);
      // before the fix: "Candor could not start: Migration 0009_gate_reviews failed: table "gate_reviews" already exists"
      const second = await startServer({ dataDir: dir, demoPassword: DRILL_PASSWORD, clockStart: DRILL_CLOCK_START });
      try {
        await second.waitHealthy(90_000);
        expect(applied()).toBe(migrationNames().length);
      } finally {
        await second.kill9();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
