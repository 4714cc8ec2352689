import type { Kysely } from 'kysely';

// Partner selection (issue 15, ADR 0023): "a candidate never sees the selection
// unless the owner shares its own result with it". A share is a frozen copy of
// that one candidate's result (its score and range, its per-criterion means,
// whether it was chosen), made by the owner once the selection is decided, and
// readable by the users of the candidate's provider organization only.
// biome-ignore lint/suspicious/noExplicitAny: migrations are written against an untyped schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('selection_result_shares')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('selection_id', 'text', (c) => c.notNull().references('selections.id').onDelete('cascade'))
    .addColumn('candidate_id', 'text', (c) => c.notNull().references('selection_candidates.id').onDelete('cascade'))
    .addColumn('provider_org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('result', 'text', (c) => c.notNull()) // JSON: the frozen result shown to the candidate
    .addColumn('message', 'text')
    .addColumn('shared_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('shared_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('selection_result_shares_one', ['selection_id', 'candidate_id'])
    .execute();
  await db.schema.createIndex('selection_result_shares_org').on('selection_result_shares').columns(['provider_org_id', 'shared_at']).execute();
}

// biome-ignore lint/suspicious/noExplicitAny: as above
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('selection_result_shares').execute();
}
