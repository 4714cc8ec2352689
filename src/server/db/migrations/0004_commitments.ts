import { type Kysely, sql } from 'kysely';

function sqlIn(column: string, values: string[]) {
  return sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;
}

// The commitments ledger: promises of either side with their due dates and
// assumptions, their timeline (created, renegotiated, kept, missed, …) and
// links to work items. Portable types only, as in 0001: text ids, ISO-8601
// text dates and timestamps, integers.
// biome-ignore lint/suspicious/noExplicitAny: migrations are written against an untyped schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('commitments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('engagement_id', 'text', (c) => c.notNull().references('engagements.id').onDelete('cascade'))
    .addColumn('side', 'text', (c) => c.notNull().check(sqlIn('side', ['provider', 'client'])))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('assumptions', 'text', (c) => c.notNull())
    .addColumn('due_date', 'text', (c) => c.notNull())
    .addColumn('original_due_date', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sqlIn('status', ['open', 'renegotiated', 'kept', 'missed'])))
    .addColumn('owner_user_id', 'text', (c) => c.references('users.id'))
    .addColumn('phase_id', 'text', (c) => c.references('phases.id').onDelete('set null'))
    .addColumn('visibility', 'text', (c) => c.notNull().check(sqlIn('visibility', ['shared', 'internal'])))
    // Denormalized from the events, so say/do figures read one table.
    .addColumn('renegotiations', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('late_renegotiations', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('delivered_on', 'text')
    .addColumn('kept_at', 'text')
    .addColumn('missed_at', 'text')
    .addColumn('missed_automatically', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('resolved_on', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    // a client-side commitment is always shared
    .addCheckConstraint('commitments_client_shared', sql`side = 'provider' or visibility = 'shared'`)
    .execute();
  await db.schema.createIndex('commitments_list').on('commitments').columns(['engagement_id', 'visibility', 'status', 'due_date']).execute();

  await db.schema
    .createTable('commitment_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('commitment_id', 'text', (c) => c.notNull().references('commitments.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sqlIn('kind', ['created', 'edited', 'renegotiated', 'kept', 'missed', 'delivered_late'])))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.references('users.id'))
    .addColumn('data', 'text', (c) => c.notNull()) // JSON, per kind
    .addColumn('note', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('commitment_events_commitment').on('commitment_events').columns(['commitment_id', 'at']).execute();

  await db.schema
    .createTable('commitment_items')
    .addColumn('commitment_id', 'text', (c) => c.notNull().references('commitments.id').onDelete('cascade'))
    .addColumn('work_item_id', 'text', (c) => c.notNull().references('work_items.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('commitment_items_pk', ['commitment_id', 'work_item_id'])
    .execute();
  await db.schema.createIndex('commitment_items_item').on('commitment_items').columns(['work_item_id']).execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['commitment_items', 'commitment_events', 'commitments']) {
    await db.schema.dropTable(t).execute();
  }
}
