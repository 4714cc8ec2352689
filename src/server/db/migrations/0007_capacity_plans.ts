import { type Kysely, sql } from 'kysely';

// The lead's capacity plan of an engagement (issue 18): periods that replace
// the logged-hours history in the completion-date forecast for the days they
// cover. A period either names the people working (member user ids, JSON)
// with their hours per week, or closes the office (no capacity).
// biome-ignore lint/suspicious/noExplicitAny: migrations are written against an untyped schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('capacity_plan_periods')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('engagement_id', 'text', (c) => c.notNull().references('engagements.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('people', 'closed')`))
    .addColumn('starts_on', 'text', (c) => c.notNull())
    .addColumn('ends_on', 'text')
    .addColumn('person_ids', 'text', (c) => c.notNull()) // JSON array of user ids; [] for a closure
    .addColumn('hours_per_person_week', 'double precision', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('capacity_plan_periods_engagement').on('capacity_plan_periods').columns(['engagement_id', 'position']).execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('capacity_plan_periods').execute();
}
