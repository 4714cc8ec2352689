import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyChain } from '../src/server/audit/service';
import { createTestContext, DB_KIND, freshDatabase, type TestContext } from './context';

const run = promisify(execFile);

/**
 * Two Candor processes write to one SQLite file at once (issue 17, ADR 0028). Every note's transaction
 * reads the chain head and then writes: with SQLite's deferred BEGIN the second writer's upgrade fails at
 * once ("database is locked"); transactions begun IMMEDIATE wait for each other (db/sqlite-dialect.ts).
 */
describe.skipIf(DB_KIND !== 'sqlite')('two processes on one SQLite file', () => {
  let ctx: TestContext;
  let file: string;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ctx = await createTestContext();
    const fresh = await freshDatabase();
    file = fresh.database.sqlitePath!;
    drop = fresh.drop;
  });
  afterAll(async () => {
    await ctx?.close();
    await drop?.();
  });

  it('loses no write, and the chain stays gap-free and verifies', async () => {
    const { seedDemo } = await import('../src/server/db/seed/demo');
    const { openDatabase } = await import('../src/server/db/database');
    const database = openDatabase({ sqliteFile: file });
    const seed = await seedDemo({ ...ctx.deps, db: database.db, dialect: 'sqlite' }, 'demo-password-1');
    const before = (await database.db.selectFrom('audit_heads').select('seq').where('chain_id', '=', seed.engagementId).executeTakeFirstOrThrow()).seq;
    const notesBefore = (await database.db.selectFrom('notes').select('id').where('engagement_id', '=', seed.engagementId).execute()).length;
    const worker = path.resolve(__dirname, 'fixtures/append-worker.ts');
    const tsx = path.resolve(__dirname, '../node_modules/.bin/tsx');
    const args = [worker, file, seed.engagementId, seed.users.lead, '60', ctx.deps.clock.now().toISOString()];
    const [a, b] = await Promise.all([run(tsx, args), run(tsx, args)]);
    expect(a.stdout).toContain('appended 60');
    expect(b.stdout).toContain('appended 60');
    const notes = (await database.db.selectFrom('notes').select('id').where('engagement_id', '=', seed.engagementId).execute()).length;
    expect(notes).toBe(notesBefore + 120);
    const seqs = (await database.db.selectFrom('audit_log').select('seq').where('chain_id', '=', seed.engagementId).orderBy('seq').execute()).map((r) => r.seq);
    expect(seqs).toEqual(Array.from({ length: before + 120 }, (_, i) => i + 1));
    expect(await verifyChain(database.db, seed.engagementId)).toMatchObject({ ok: true, records: before + 120 });

    // read-then-write transactions on one row from both processes: deferred BEGIN fails these at once
    const item = await database.db.selectFrom('work_items').select('id').where('engagement_id', '=', seed.engagementId).where('visibility', '=', 'shared').executeTakeFirstOrThrow();
    const env = { ...process.env, APPEND_ITEM: item.id };
    const [c, d] = await Promise.all([run(tsx, args, { env }), run(tsx, args, { env })]);
    expect(c.stdout).toContain('appended 60');
    expect(d.stdout).toContain('appended 60');
    const renames = await database.db.selectFrom('audit_log').select('seq').where('chain_id', '=', seed.engagementId).where('action', '=', 'work_item.updated').where('object_id', '=', item.id).execute();
    expect(renames.length).toBeGreaterThanOrEqual(120);
    expect(await verifyChain(database.db, seed.engagementId)).toMatchObject({ ok: true });
    await database.close();
  }, 120_000);
});
