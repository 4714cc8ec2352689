import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, pgMissing, type TestContext } from '../../../test/context';
import { DONE_JOB_RETENTION_DAYS, enqueue, pruneDoneJobs, runDueJobs } from './queue';
import { JOB_HANDLERS } from './registry';

describe.skipIf(pgMissing)('the job mechanism', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
    // run what the demo seed scheduled (e-mails, reminders) so each test sees only its own jobs
    ctx.clock.advance(365 * 24 * 3600_000);
    await runDueJobs(ctx.deps, JOB_HANDLERS);
  });
  afterAll(() => ctx?.close());

  it('runs due jobs once, in due order, and leaves future ones', async () => {
    const ran: string[] = [];
    const handlers = { 'test.record': async (_d: unknown, p: Record<string, unknown>) => void ran.push(String(p.n)) };
    const now = ctx.clock.now().getTime();
    await enqueue(ctx.deps.db, ctx.deps, 'test.record', { n: 'b' }, { runAt: new Date(now - 1000) });
    await enqueue(ctx.deps.db, ctx.deps, 'test.record', { n: 'a' }, { runAt: new Date(now - 2000) });
    await enqueue(ctx.deps.db, ctx.deps, 'test.record', { n: 'later' }, { runAt: new Date(now + 60_000) });
    await enqueue(ctx.deps.db, ctx.deps, 'test.record', { n: 'dup' }, { uniqueKey: 'once' });
    await enqueue(ctx.deps.db, ctx.deps, 'test.record', { n: 'dup' }, { uniqueKey: 'once' });
    expect(await runDueJobs(ctx.deps, handlers)).toBe(3);
    expect(ran).toEqual(['a', 'b', 'dup']);
    expect(await runDueJobs(ctx.deps, handlers)).toBe(0);
    ctx.clock.advance(61_000);
    await runDueJobs(ctx.deps, handlers);
    expect(ran).toEqual(['a', 'b', 'dup', 'later']);
  });

  it('prunes done jobs after the retention period, keeping keyed, pending and dead ones', async () => {
    const handlers = { 'test.prune': async () => {}, 'test.prune-dead': async () => Promise.reject(new Error('always fails')) };
    await enqueue(ctx.deps.db, ctx.deps, 'test.prune', { n: 1 });
    await enqueue(ctx.deps.db, ctx.deps, 'test.prune', { n: 2 });
    await enqueue(ctx.deps.db, ctx.deps, 'test.prune', { n: 3 }, { uniqueKey: 'prune-keyed' });
    await enqueue(ctx.deps.db, ctx.deps, 'test.prune-dead', {}, { maxAttempts: 1 });
    await runDueJobs(ctx.deps, handlers);
    await enqueue(ctx.deps.db, ctx.deps, 'test.prune', { n: 'future' }, { runAt: new Date(ctx.clock.now().getTime() + 90 * 86_400_000) });
    const left = async () =>
      (await ctx.deps.db.selectFrom('jobs').select(['status', 'unique_key']).where('kind', 'in', ['test.prune', 'test.prune-dead']).orderBy('created_at').execute()).map(
        (j) => `${j.status}${j.unique_key ? ':keyed' : ''}`,
      );
    // within the retention period nothing goes
    ctx.clock.advance((DONE_JOB_RETENTION_DAYS - 1) * 86_400_000);
    expect(await pruneDoneJobs(ctx.deps)).toBe(0);
    ctx.clock.advance(2 * 86_400_000);
    expect(await pruneDoneJobs(ctx.deps)).toBeGreaterThanOrEqual(2);
    expect((await left()).sort()).toEqual(['dead', 'done:keyed', 'pending']);
    // the kept key still refuses a second such job
    await enqueue(ctx.deps.db, ctx.deps, 'test.prune', { n: 3 }, { uniqueKey: 'prune-keyed' });
    expect((await left()).filter((x) => x === 'done:keyed' || x === 'pending:keyed')).toEqual(['done:keyed']);
  });

  it('retries with growing backoff, then keeps the job dead for the admin to see and retry', async () => {
    let calls = 0;
    const handlers = {
      'test.flaky': async () => {
        calls += 1;
        throw new Error(`carrier API timeout #${calls}`);
      },
    };
    await enqueue(ctx.deps.db, ctx.deps, 'test.flaky', {}, { maxAttempts: 3 });
    const delays: number[] = [];
    for (let i = 0; i < 3; i++) {
      await runDueJobs(ctx.deps, handlers);
      const job = await ctx.deps.db.selectFrom('jobs').selectAll().where('kind', '=', 'test.flaky').executeTakeFirstOrThrow();
      if (job.status === 'pending') {
        delays.push(Date.parse(job.run_at) - ctx.clock.now().getTime());
        ctx.clock.set(new Date(job.run_at));
      }
    }
    expect(calls).toBe(3);
    expect(delays).toHaveLength(2);
    expect(delays[0]).toBeGreaterThanOrEqual(24_000);
    expect(delays[1]!).toBeGreaterThan(delays[0]!);
    const job = await ctx.deps.db.selectFrom('jobs').selectAll().where('kind', '=', 'test.flaky').executeTakeFirstOrThrow();
    expect(job).toMatchObject({ status: 'dead', attempts: 3, last_error: 'carrier API timeout #3' });
    const list = await ctx.as('admin', { method: 'GET', url: '/api/v1/admin/jobs?status=dead' });
    expect(list.json().jobs.map((j: { kind: string }) => j.kind)).toContain('test.flaky');
    expect(list.json().counts.dead).toBeGreaterThanOrEqual(1);
    const retry = await ctx.as('admin', { method: 'POST', url: `/api/v1/admin/jobs/${job.id}/retry` });
    expect(retry.json()).toMatchObject({ status: 'pending', attempts: 0 });
    await runDueJobs(ctx.deps, { 'test.flaky': async () => undefined });
    expect((await ctx.deps.db.selectFrom('jobs').select('status').where('id', '=', job.id).executeTakeFirstOrThrow()).status).toBe('done');
  });

  it('a job whose worker died is taken again after its lease expires', async () => {
    await enqueue(ctx.deps.db, ctx.deps, 'test.lease', {});
    const { claimDueJobs } = await import('./queue');
    const [claimed] = await claimDueJobs(ctx.deps, 1, 'crashed-worker');
    expect(claimed?.kind).toBe('test.lease');
    let ran = 0;
    const count = async () => {
      ran += 1;
    };
    await runDueJobs(ctx.deps, { 'test.lease': count });
    expect(ran).toBe(0); // still leased
    ctx.clock.advance(6 * 60_000);
    await runDueJobs(ctx.deps, { 'test.lease': count });
    expect(ran).toBe(1);
  });

  it('a job kind nobody handles is not dropped silently', async () => {
    await enqueue(ctx.deps.db, ctx.deps, 'test.unknown-kind', {}, { maxAttempts: 1 });
    await runDueJobs(ctx.deps, {});
    const job = await ctx.deps.db.selectFrom('jobs').selectAll().where('kind', '=', 'test.unknown-kind').executeTakeFirstOrThrow();
    expect(job).toMatchObject({ status: 'dead', last_error: 'no handler for job kind "test.unknown-kind"' });
  });
});
