import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyChain } from '../src/server/audit/service';
import { accessFor } from '../src/server/authz/access';
import { ManualClock } from '../src/server/clock';
import { createCommitment } from '../src/server/commitments/service';
import { loadConfig } from '../src/server/config';
import { seedDemo } from '../src/server/db/seed/demo';
import type { Deps } from '../src/server/http/context';
import { enqueue } from '../src/server/jobs/queue';
import { createMailer } from '../src/server/mail/mailer';
import { DB_KIND, freshDatabase, pgMissing } from './context';

const run = promisify(execFile);
const N = 30;

/**
 * Two Candor processes share one PostgreSQL and both run the automatic miss
 * checks. Each commitment's check is enqueued twice (as after a lease expiry
 * or a repeated schedule), so the processes race on the same commitments:
 * each must still be marked missed exactly once, with one event, one audit
 * record and one notification per recipient.
 */
describe.skipIf(pgMissing || DB_KIND !== 'postgres')('automatic misses across two processes', () => {
  let fresh: Awaited<ReturnType<typeof freshDatabase>>;
  beforeAll(async () => {
    fresh = await freshDatabase();
  });
  afterAll(async () => {
    await fresh?.drop();
  });

  it('marks each due commitment missed exactly once', async () => {
    const log = pino({ level: 'silent' });
    const config = loadConfig({ CANDOR_DATA_DIR: process.env.TMPDIR ?? '/tmp', CANDOR_SESSION_SECRET: 'x'.repeat(40), LOG_LEVEL: 'silent' });
    const clock = new ManualClock(new Date('2026-11-02T09:00:00.000Z'));
    const deps: Deps = { db: fresh.database.db, dialect: fresh.database.dialect, clock, config, mailer: createMailer(undefined, '', log), log };
    const seed = await seedDemo(deps, 'demo-password-1');
    const E = seed.engagementId;
    const lead = accessFor({ userId: seed.users.lead, email: 'lead@demo.candor.dev', name: 'Maya Okafor', isAdmin: false, orgId: null, via: 'session' }, E, 'lead', 'commitment.write');
    const ids: string[] = [];
    for (let i = 0; i < N; i++) {
      const c = await createCommitment(deps, lead, { side: i % 2 ? 'client' : 'provider', title: `Promise ${i}`, details: '', assumptions: '', dueDate: '2026-11-02', itemIds: [], visibility: 'shared' });
      ids.push(c.id);
      // a second check of the same commitment, without a unique key: the two processes will race on it
      await enqueue(deps.db, deps, 'commitment.miss', { commitmentId: c.id, dueDate: '2026-11-02' }, { runAt: new Date('2026-11-03T00:00:00.000Z') });
    }
    const seqBefore = (await deps.db.selectFrom('audit_heads').select('seq').where('chain_id', '=', E).executeTakeFirstOrThrow()).seq;

    // the demo seed may leave miss checks of its own due by then (its history ends at the seed's "now"): every due check runs once
    const due = Number(
      (
        await deps.db
          .selectFrom('jobs')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('kind', '=', 'commitment.miss')
          .where('status', '=', 'pending')
          .where('run_at', '<=', '2026-11-03T00:00:01.000Z')
          .executeTakeFirstOrThrow()
      ).n,
    );
    expect(due).toBeGreaterThanOrEqual(2 * N);
    const worker = path.resolve(__dirname, 'fixtures/commitment-worker.ts');
    const tsx = path.resolve(__dirname, '../node_modules/.bin/tsx');
    const now = '2026-11-03T00:00:01.000Z';
    const [a, b] = await Promise.all([run(tsx, [worker, fresh.url!, now]), run(tsx, [worker, fresh.url!, now])]);
    const ranA = Number(/ran (\d+)/.exec(a.stdout)?.[1]);
    const ranB = Number(/ran (\d+)/.exec(b.stdout)?.[1]);
    // every check ran once, and both processes took part (else this proves nothing about concurrency)
    expect(ranA + ranB).toBe(due);
    expect(ranA).toBeGreaterThan(0);
    expect(ranB).toBeGreaterThan(0);

    const rows = await deps.db.selectFrom('commitments').select(['id', 'status', 'missed_automatically']).where('id', 'in', ids).execute();
    expect(rows.every((r) => r.status === 'missed' && r.missed_automatically === 1)).toBe(true);
    const events = await deps.db.selectFrom('commitment_events').select('commitment_id').where('commitment_id', 'in', ids).where('kind', '=', 'missed').execute();
    expect(events).toHaveLength(N);
    expect(new Set(events.map((e) => e.commitment_id)).size).toBe(N);
    const audit = await deps.db.selectFrom('audit_log').select('object_id').where('object_id', 'in', ids).where('action', '=', 'commitment.missed').execute();
    expect(audit).toHaveLength(N);
    expect(new Set(audit.map((r) => r.object_id)).size).toBe(N);
    // both sides told (the lead and the sponsor), once each
    const notes = (await deps.db.selectFrom('notifications').select(['user_id', 'link']).where('kind', '=', 'commitment.missed').execute()).filter((n) =>
      ids.some((id) => n.link.includes(id)),
    );
    expect(notes).toHaveLength(2 * N);
    expect(new Set(notes.map((n) => `${n.user_id} ${n.link}`)).size).toBe(2 * N);
    expect(new Set(notes.map((n) => n.user_id))).toEqual(new Set([seed.users.lead, seed.users.sponsor]));
    // the chain stayed gap-free: one record per miss of ours (checked above), plus whatever the seed's own due jobs wrote, each seq once
    const head = (await deps.db.selectFrom('audit_heads').select('seq').where('chain_id', '=', E).executeTakeFirstOrThrow()).seq;
    const appended = await deps.db.selectFrom('audit_log').select('seq').where('chain_id', '=', E).where('seq', '>', seqBefore).execute();
    expect(appended.length).toBe(head - seqBefore);
    expect(new Set(appended.map((r) => r.seq)).size).toBe(appended.length);
    expect(appended.length).toBeGreaterThanOrEqual(N);
    expect(await verifyChain(deps.db, E)).toMatchObject({ ok: true });
  });
});
