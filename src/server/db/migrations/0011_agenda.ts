import { type Kysely, sql } from 'kysely';

function sqlIn(column: string, values: string[]) {
  return sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;
}

// The future agenda (issue 11, ADR 0018): ideas, needs, market changes and
// improvement opportunities beyond the current scope, raised by either side;
// the reviews both sides hold on the charter's cadence, and each review's
// decision per entry (keep, drop, or turned into a phase, a recommendation or
// a decision record, linked). Portable types only, as in 0001.
// biome-ignore lint/suspicious/noExplicitAny: migrations are written against an untyped schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('agenda_entries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('engagement_id', 'text', (c) => c.notNull().references('engagements.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sqlIn('kind', ['idea', 'need', 'market_change', 'improvement'])))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('raised_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('side', 'text', (c) => c.notNull().check(sqlIn('side', ['provider', 'client'])))
    .addColumn('visibility', 'text', (c) => c.notNull().check(sqlIn('visibility', ['shared', 'internal'])))
    .addColumn('status', 'text', (c) => c.notNull().check(sqlIn('status', ['open', 'kept', 'dropped', 'turned_into'])))
    .addColumn('link_type', 'text', (c) => c.check(sqlIn('link_type', ['phase', 'recommendation', 'decision'])))
    .addColumn('link_id', 'text')
    .addColumn('last_review_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    // an entry the client raised is always shared
    .addCheckConstraint('agenda_entries_client_shared', sql`side = 'provider' or visibility = 'shared'`)
    .execute();
  await db.schema.createIndex('agenda_entries_list').on('agenda_entries').columns(['engagement_id', 'visibility', 'status']).execute();

  await db.schema
    .createTable('agenda_reviews')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('engagement_id', 'text', (c) => c.notNull().references('engagements.id').onDelete('cascade'))
    .addColumn('held_on', 'text', (c) => c.notNull())
    .addColumn('discussed', 'text', (c) => c.notNull())
    .addColumn('attendees', 'text', (c) => c.notNull()) // JSON array of member user ids
    .addColumn('recorded_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('agenda_reviews_held').on('agenda_reviews').columns(['engagement_id', 'held_on']).execute();

  await db.schema
    .createTable('agenda_outcomes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('review_id', 'text', (c) => c.notNull().references('agenda_reviews.id').onDelete('cascade'))
    .addColumn('entry_id', 'text', (c) => c.notNull().references('agenda_entries.id').onDelete('cascade'))
    .addColumn('decision', 'text', (c) => c.notNull().check(sqlIn('decision', ['keep', 'drop', 'phase', 'recommendation', 'decision'])))
    .addColumn('link_id', 'text')
    .addUniqueConstraint('agenda_outcomes_once', ['review_id', 'entry_id'])
    .execute();
  await db.schema.createIndex('agenda_outcomes_entry').on('agenda_outcomes').columns(['entry_id']).execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['agenda_outcomes', 'agenda_reviews', 'agenda_entries']) {
    await db.schema.dropTable(t).execute();
  }
}
