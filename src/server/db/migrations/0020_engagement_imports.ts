import type { Kysely } from 'kysely';

// Moving an engagement between instances (issue 16, ADR 0027).
//   - engagement_imports: one row per engagement this instance imported, with where it came from and the
//     chain head it arrived with (so a second import is refused with a clear message, and an operator can
//     check the moved chain against the file);
//   - imported_user_mappings: a user of the file whose e-mail already belonged to another account here. The
//     file's user id is kept (the hashed audit payloads name it) as a disabled alias; this row says which
//     account of this instance that person is. The chain is never rewritten.
// biome-ignore lint/suspicious/noExplicitAny: migrations are written against an untyped schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('engagement_imports')
    .addColumn('engagement_id', 'text', (c) => c.primaryKey().references('engagements.id').onDelete('cascade'))
    .addColumn('source_instance', 'text', (c) => c.notNull())
    .addColumn('source_schema', 'text', (c) => c.notNull())
    .addColumn('source_dialect', 'text', (c) => c.notNull())
    .addColumn('exported_at', 'text', (c) => c.notNull())
    .addColumn('file_sha256', 'text', (c) => c.notNull())
    .addColumn('head_seq', 'integer', (c) => c.notNull())
    .addColumn('head_hash', 'text', (c) => c.notNull())
    .addColumn('rows', 'integer', (c) => c.notNull())
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('imported_user_mappings')
    .addColumn('engagement_id', 'text', (c) => c.notNull().references('engagements.id').onDelete('cascade'))
    .addColumn('source_user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('target_user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('imported_user_mappings_pk', ['engagement_id', 'source_user_id'])
    .execute();
  await db.schema.createIndex('imported_user_mappings_target').on('imported_user_mappings').columns(['target_user_id']).execute();
}

// biome-ignore lint/suspicious/noExplicitAny: as above
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('imported_user_mappings').execute();
  await db.schema.dropTable('engagement_imports').execute();
}
