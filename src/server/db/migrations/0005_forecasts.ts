import { type Kysely, sql } from 'kysely';

// Stored forecasts, so each can later be judged against what happened.
// `audience` says whose view it is: 'all' (provider: internal work included)
// or 'shared' (what the client sees). The full forecast is kept as JSON; the
// figures a calibration record needs are columns.
// biome-ignore lint/suspicious/noExplicitAny: migrations are written against an untyped schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('forecasts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('engagement_id', 'text', (c) => c.notNull().references('engagements.id').onDelete('cascade'))
    .addColumn('phase_id', 'text', (c) => c.references('phases.id').onDelete('cascade'))
    .addColumn('audience', 'text', (c) => c.notNull().check(sql`audience in ('all', 'shared')`))
    .addColumn('trigger', 'text', (c) => c.notNull().check(sql`${sql.ref('trigger')} in ('manual', 'weekly')`))
    .addColumn('as_of', 'text', (c) => c.notNull())
    .addColumn('seed', 'double precision', (c) => c.notNull())
    .addColumn('trials', 'integer', (c) => c.notNull())
    .addColumn('item_ids', 'text', (c) => c.notNull()) // JSON array: the unfinished items it covered
    .addColumn('spent_on_open_hours', 'double precision', (c) => c.notNull())
    .addColumn('effort_p50', 'double precision', (c) => c.notNull())
    .addColumn('effort_p85', 'double precision', (c) => c.notNull())
    .addColumn('effort_p95', 'double precision', (c) => c.notNull())
    .addColumn('date_p50', 'text')
    .addColumn('date_p85', 'text')
    .addColumn('date_p95', 'text')
    .addColumn('amount_p50', 'double precision')
    .addColumn('amount_p85', 'double precision')
    .addColumn('amount_p95', 'double precision')
    .addColumn('inputs_hash', 'text', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('forecasts_scope').on('forecasts').columns(['engagement_id', 'audience', 'phase_id', 'as_of']).execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('forecasts').execute();
}
