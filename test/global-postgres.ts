import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { migrateToLatest } from '../src/server/db/database';
import { findPgBin, type PgCluster, startPgCluster } from './pg-cluster';

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string | null;
    sqliteTemplate: string | null;
  }
}

export const TEMPLATE_DB = 'candor_template';

/** Starts PostgreSQL once for the suite and migrates a template database each test file clones. */
export default async function setup(project: TestProject) {
  if (!findPgBin()) {
    const msg = 'PostgreSQL binaries not found: the PostgreSQL API suite cannot run';
    if (process.env.CI) throw new Error(`${msg} (CI requires it)`);
    console.warn(`\n!!! ${msg}; skipping it on this developer machine. Install the Debian package postgresql.\n`);
    project.provide('pgUrl', null);
    return;
  }
  const cluster: PgCluster = await startPgCluster();
  const admin = new pg.Client({ connectionString: cluster.url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
  await admin.end();
  const templateUrl = cluster.url.replace(/\/postgres$/, `/${TEMPLATE_DB}`);
  const db = new Kysely({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: templateUrl, max: 1 }) }) });
  // biome-ignore lint/suspicious/noExplicitAny: the template is migrated through the untyped handle
  await migrateToLatest(db as Kysely<any>);
  await sql`select 1`.execute(db);
  await db.destroy();
  project.provide('pgUrl', cluster.url);
  process.env.CANDOR_TEST_PG_URL = cluster.url;
  return () => cluster.stop();
}
