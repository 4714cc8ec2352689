import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { accessFor } from '../src/server/authz/access';
import { systemClock } from '../src/server/clock';
import { loadConfig } from '../src/server/config';
import { migrateToLatest, openDatabase } from '../src/server/db/database';
import { type SeedResult, seedDemo } from '../src/server/db/seed/demo';
import type { Deps } from '../src/server/http/context';
import { createMailer } from '../src/server/mail/mailer';
import { createNote } from '../src/server/notes/service';
import { startPgCluster } from '../test/pg-cluster';

const NOTES = Number(process.env.BENCH_NOTES ?? 5000);

/** The large engagement's notes: `count` notes on the demo engagement (20% internal), each through createNote with its audit record, as the lead (also scripts/soak.ts). */
export async function seedBenchNotes(deps: Deps, seed: SeedResult, count = NOTES): Promise<void> {
  const E = seed.engagementId;
  const lead = accessFor({ userId: seed.users.lead, email: 'lead@demo.candor.dev', name: 'Maya Okafor', isAdmin: false, orgId: null, via: 'session' }, E, 'lead', 'note.create');
  for (let i = 0; i < count; i++) {
    await createNote(deps, lead, {
      kind: i % 4 === 0 ? 'meeting' : 'working',
      title: `Note ${i}: ${['carrier API', 'pricing page', 'invoice export', 'tracking widget'][i % 4]}`,
      body: `Working note number ${i}. `.repeat(8),
      visibility: i % 5 === 0 ? 'internal' : 'shared',
      meetingDate: null,
    });
  }
}


/**
 * A throwaway instance for a bench stage: a SQLite file in a temp folder, or a PostgreSQL cluster of its own,
 * migrated and seeded with the demo engagement; `close` removes it all.
 */
export async function openBenchInstance(kind: 'sqlite' | 'postgres', password: string, prefix = 'bench') {
  const tmp = mkdtempSync(path.join(os.tmpdir(), `candor-${prefix}-${kind}-`));
  const cluster = kind === 'postgres' ? await startPgCluster() : null;
  const database = openDatabase(cluster ? { databaseUrl: cluster.url, poolSize: 10 } : { sqliteFile: path.join(tmp, 'bench.sqlite') });
  const close = async () => {
    await database.close();
    cluster?.stop();
    rmSync(tmp, { recursive: true, force: true });
  };
  try {
    await migrateToLatest(database.db);
    const log = pino({ level: 'silent' });
    const config = loadConfig({ CANDOR_DATA_DIR: tmp, LOG_LEVEL: 'silent', CANDOR_SESSION_SECRET: 'b'.repeat(40) });
    const deps: Deps = { db: database.db, dialect: database.dialect, clock: systemClock, config, mailer: createMailer(undefined, '', log), log };
    const seed = await seedDemo(deps, password);
    return { deps, database, seed, close };
  } catch (err) {
    await close();
    throw err;
  }
}
