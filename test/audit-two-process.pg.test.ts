import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyChain } from '../src/server/audit/service';
import { createTestContext, DB_KIND, pgMissing, type TestContext } from './context';
import { freshDatabase } from './context';

const run = promisify(execFile);

/** Two Candor processes append to one engagement's chain on one PostgreSQL at once. */
describe.skipIf(pgMissing || DB_KIND !== 'postgres')('audit chain across two processes', () => {
  let ctx: TestContext;
  let url: string;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ctx = await createTestContext();
    // the worker processes need a URL: use a database of their own seeded the same way
    const fresh = await freshDatabase();
    url = fresh.url!;
    drop = fresh.drop;
  });
  afterAll(async () => {
    await ctx?.close();
    await drop?.();
  });

  it('stays gap-free and verifies', async () => {
    const { seedDemo } = await import('../src/server/db/seed/demo');
    const { openDatabase } = await import('../src/server/db/database');
    const database = openDatabase({ databaseUrl: url });
    const seed = await seedDemo({ ...ctx.deps, db: database.db }, 'demo-password-1');
    const before = (await database.db.selectFrom('audit_heads').select('seq').where('chain_id', '=', seed.engagementId).executeTakeFirstOrThrow()).seq;
    const worker = path.resolve(__dirname, 'fixtures/append-worker.ts');
    const tsx = path.resolve(__dirname, '../node_modules/.bin/tsx');
    const [a, b] = await Promise.all([
      run(tsx, [worker, url, seed.engagementId, seed.users.lead, '60', ctx.deps.clock.now().toISOString()]),
      run(tsx, [worker, url, seed.engagementId, seed.users.lead, '60', ctx.deps.clock.now().toISOString()]),
    ]);
    expect(a.stdout).toContain('appended 60');
    expect(b.stdout).toContain('appended 60');
    const seqs = (await database.db.selectFrom('audit_log').select('seq').where('chain_id', '=', seed.engagementId).orderBy('seq').execute()).map((r) => r.seq);
    expect(seqs).toEqual(Array.from({ length: before + 120 }, (_, i) => i + 1));
    expect(await verifyChain(database.db, seed.engagementId)).toMatchObject({ ok: true, records: before + 120 });
    await database.close();
  });
});
