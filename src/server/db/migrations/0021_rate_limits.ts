import type { Kysely } from 'kysely';

// Sign-in limits shared by every process on the database (issue 17, ADR 0029): one row per limited key
// (route, client address and e-mail, hashed), counting the attempts of its current window. A hit is one
// atomic INSERT … ON CONFLICT DO UPDATE (server/auth/rate-limit-store.ts); a window that has ended is
// restarted by the next hit and deleted by the store's own clean-up. Times are integer milliseconds.
// biome-ignore lint/suspicious/noExplicitAny: migrations are written against an untyped schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('rate_limits')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('hits', 'integer', (c) => c.notNull())
    .addColumn('window_ends_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rate_limits_window_ends_at').on('rate_limits').columns(['window_ends_at']).execute();
}

// biome-ignore lint/suspicious/noExplicitAny: as above
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('rate_limits').execute();
}
