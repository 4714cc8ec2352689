import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessFor } from '../src/server/authz/access';
import { ManualClock } from '../src/server/clock';
import { createCommitment, keepCommitment } from '../src/server/commitments/service';
import { loadConfig } from '../src/server/config';
import { openDatabase } from '../src/server/db/database';
import { seedDemo } from '../src/server/db/seed/demo';
import type { Deps } from '../src/server/http/context';
import { createMailer } from '../src/server/mail/mailer';
import { getTrust, trustCache } from '../src/server/trust/service';
import { DB_KIND, freshDatabase, pgMissing } from './context';

/**
 * Two Candor processes on one PostgreSQL, each with its own trust cache (a
 * cache per database handle, as per process): a write through one is counted
 * by the other on its next read (it folds the records after its state's seq),
 * and both agree with a cold computation.
 */
describe.skipIf(pgMissing || DB_KIND !== 'postgres')('trust cache across two processes', () => {
  let fresh: Awaited<ReturnType<typeof freshDatabase>>;
  let second: ReturnType<typeof openDatabase>;
  let third: ReturnType<typeof openDatabase>;
  beforeAll(async () => {
    fresh = await freshDatabase();
    second = openDatabase({ databaseUrl: fresh.url!, poolSize: 2 });
    third = openDatabase({ databaseUrl: fresh.url!, poolSize: 2 });
  });
  afterAll(async () => {
    await second?.close();
    await third?.close();
    await fresh?.drop();
  });

  it('a process whose state is behind folds the newer records and agrees with a fresh one', async () => {
    const log = pino({ level: 'silent' });
    const config = loadConfig({ CANDOR_DATA_DIR: process.env.TMPDIR ?? '/tmp', CANDOR_SESSION_SECRET: 'x'.repeat(40), LOG_LEVEL: 'silent' });
    const clock = new ManualClock(new Date('2026-11-02T09:00:00.000Z'));
    const depsOf = (db: Deps['db']): Deps => ({ db, dialect: 'postgres', clock, config, mailer: createMailer(undefined, '', log), log });
    const a = depsOf(fresh.database.db);
    const b = depsOf(second.db);
    const seed = await seedDemo(a, 'demo-password-1');
    const E = seed.engagementId;
    const actor = (userId: string, email: string) => ({ userId, email, name: email, isAdmin: false, orgId: null, via: 'session' as const });
    const lead = accessFor(actor(seed.users.lead, 'lead@demo.candor.dev'), E, 'lead', 'commitment.write');
    const sponsor = accessFor(actor(seed.users.sponsor, 'sponsor@demo.candor.dev'), E, 'sponsor', 'trust.read');

    const before = JSON.stringify(await getTrust(b, sponsor, undefined)); // b caches its state at the current head
    // process a: a provider commitment made and kept, on time
    const c = await createCommitment(a, lead, { side: 'provider', title: 'Kept across processes', details: '', assumptions: '', dueDate: '2026-11-03', itemIds: [], visibility: 'shared' });
    await keepCommitment(a, lead, c.id, { note: '' });
    const rebuilds = trustCache(second.db).rebuilds;
    const after = await getTrust(b, sponsor, undefined);
    expect(trustCache(second.db).rebuilds).toBe(rebuilds); // folded the new records, not the chain again
    expect(JSON.stringify(after)).not.toBe(before);
    expect(after.provider.components.find((x) => x.key === 'predictability')!.evidence.some((e) => e.id === c.id)).toBe(true);
    // a third process, cold, computes the same
    const cold = await getTrust(depsOf(third.db), sponsor, undefined);
    expect(JSON.stringify(cold)).toBe(JSON.stringify(after));
  });
});
