/**
 * The soak's data, seeded by the bench's own functions before the server starts: the demo engagement plus the
 * bench's 5,000 notes (bench/run.ts seedBenchNotes) and the large delivery engagement (bench/delivery.ts
 * seedLargeEngagement: 10,000 items, 250,000 time entries; BENCH_ITEMS / BENCH_ENTRIES shrink it). The demo's provider
 * member and client stakeholder join the delivery engagement too, so every demo role works on both.
 */
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { seedBenchNotes } from '../../bench/seed-notes';
import { seedLargeEngagement } from '../../bench/delivery';
import { accessFor } from '../../src/server/authz/access';
import { systemClock } from '../../src/server/clock';
import { loadConfig } from '../../src/server/config';
import { migrateToLatest, openDatabase } from '../../src/server/db/database';
import { DEMO_ACCOUNTS, type SeedResult, seedDemo } from '../../src/server/db/seed/demo';
import { addMember } from '../../src/server/engagements/service';
import type { Deps } from '../../src/server/http/context';
import { createMailer } from '../../src/server/mail/mailer';

export interface SoakSeed {
  /** the demo engagement with the bench's notes */
  engagementId: string;
  /** the large delivery engagement */
  deliveryId: string;
  users: SeedResult['users'];
  notes: number;
  seconds: number;
}

export async function seedSoak(target: { dataDir: string } | { databaseUrl: string }, password: string, notes: number): Promise<SoakSeed> {
  const t0 = performance.now();
  const database = openDatabase('databaseUrl' in target ? { databaseUrl: target.databaseUrl, poolSize: 4 } : { dataDir: target.dataDir });
  try {
    await migrateToLatest(database.db);
    const log = pino({ level: 'silent' });
    const config = loadConfig({ CANDOR_DATA_DIR: 'dataDir' in target ? target.dataDir : '/tmp', LOG_LEVEL: 'silent', CANDOR_SESSION_SECRET: 's'.repeat(40) });
    const deps: Deps = { db: database.db, dialect: database.dialect, clock: systemClock, config, mailer: createMailer(undefined, '', log), log };
    const seed = await seedDemo(deps, password);
    await seedBenchNotes(deps, seed, notes);
    const orgs = await database.db.selectFrom('engagements').select(['provider_org_id', 'client_org_id']).where('id', '=', seed.engagementId).executeTakeFirstOrThrow();
    const deliveryId = await seedLargeEngagement(deps, { lead: seed.users.lead, sponsor: seed.users.sponsor, providerOrg: orgs.provider_org_id, clientOrg: orgs.client_org_id });
    const leadAccount = DEMO_ACCOUNTS.find((a) => a.key === 'lead')!;
    const lead = accessFor({ userId: seed.users.lead, email: leadAccount.email, name: leadAccount.name, isAdmin: false, orgId: orgs.provider_org_id, via: 'session' }, deliveryId, 'lead', 'engagement.update');
    await addMember(deps, lead, seed.users.member, 'member');
    await addMember(deps, lead, seed.users.stakeholder, 'stakeholder');
    return { engagementId: seed.engagementId, deliveryId, users: seed.users, notes, seconds: (performance.now() - t0) / 1000 };
  } finally {
    await database.close();
  }
}
