import type { Kysely } from 'kysely';

// The communication coach (issue 13, ADR 0013). Flags are never stored; only
// how often each rule was dismissed, and the reasons people chose to give
// (without the text they were about, or who gave them). The glossary holds an
// engagement's terms with their plain-language explanations.
// biome-ignore lint/suspicious/noExplicitAny: migrations are written against an untyped schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('coach_rule_dismissals')
    .addColumn('rule', 'text', (c) => c.primaryKey())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('dismissals', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_dismissed_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('coach_dismissal_reasons')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('rule', 'text', (c) => c.notNull().references('coach_rule_dismissals.rule').onDelete('cascade'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('coach_dismissal_reasons_rule').on('coach_dismissal_reasons').columns(['rule', 'id']).execute();
  await db.schema
    .createTable('glossary_terms')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('engagement_id', 'text', (c) => c.notNull().references('engagements.id').onDelete('cascade'))
    .addColumn('term', 'text', (c) => c.notNull())
    .addColumn('term_key', 'text', (c) => c.notNull()) // lower-cased, for uniqueness and lookup
    .addColumn('explanation', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('glossary_terms_unique', ['engagement_id', 'term_key'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('glossary_terms').execute();
  await db.schema.dropTable('coach_dismissal_reasons').execute();
  await db.schema.dropTable('coach_rule_dismissals').execute();
}
