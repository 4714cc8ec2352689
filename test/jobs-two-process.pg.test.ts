import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/server/clock';
import { enqueue } from '../src/server/jobs/queue';
import { DB_KIND, freshDatabase, pgMissing } from './context';

const run = promisify(execFile);
/** The test's day, whatever today is: jobs are due just before it, and both workers' clocks stand on it. */
const NOW = new Date('2026-11-18T09:00:00.000Z');

/** Two Candor processes share one PostgreSQL: each due job runs exactly once. */
describe.skipIf(pgMissing || DB_KIND !== 'postgres')('jobs across two processes', () => {
  let fresh: Awaited<ReturnType<typeof freshDatabase>>;
  beforeAll(async () => {
    fresh = await freshDatabase();
  });
  afterAll(async () => {
    await fresh?.drop();
  });

  it('runs each of 300 due jobs exactly once', async () => {
    for (let i = 0; i < 300; i++) {
      await enqueue(fresh.database.db, { clock: new ManualClock(NOW) }, 'test.exactly-once', { i }, { runAt: new Date(NOW.getTime() - 1000) });
    }
    const worker = path.resolve(__dirname, 'fixtures/job-worker.ts');
    const tsx = path.resolve(__dirname, '../node_modules/.bin/tsx');
    const [a, b] = await Promise.all([run(tsx, [worker, fresh.url!, NOW.toISOString()]), run(tsx, [worker, fresh.url!, NOW.toISOString()])]);
    const ranA = a.stdout.split('\n').filter(Boolean);
    const ranB = b.stdout.split('\n').filter(Boolean);
    expect(ranA.length + ranB.length).toBe(300);
    expect(new Set([...ranA, ...ranB]).size).toBe(300);
    // both processes took part (otherwise this proves nothing about concurrency)
    expect(ranA.length).toBeGreaterThan(0);
    expect(ranB.length).toBeGreaterThan(0);
    const rows = await fresh.database.db.selectFrom('jobs').select(['status', 'attempts']).execute();
    expect(rows.every((r) => r.status === 'done' && r.attempts === 1)).toBe(true);
  });
});
