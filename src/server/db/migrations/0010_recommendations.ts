import { type Kysely, sql } from 'kysely';

function sqlIn(column: string, values: string[]) {
  return sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;
}

// The recommendations ledger ("the honest mechanic", ADR 0017): what the
// provider recommends and why, with its figures (hours in decimal hours,
// money in the budget currency's major unit, as delivery_settings stores
// them), the client's answer, and every version of the record. Portable types
// only, as in 0001.
// biome-ignore lint/suspicious/noExplicitAny: migrations are written against an untyped schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('recommendations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('engagement_id', 'text', (c) => c.notNull().references('engagements.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sqlIn('kind', ['do', 'dont', 'defer', 'alternative'])))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('recommendation', 'text', (c) => c.notNull()) // "We recommend …, because …"
    .addColumn('benefit', 'text', (c) => c.notNull())
    .addColumn('risk_of_not_acting', 'text', (c) => c.notNull())
    .addColumn('effort', 'text', (c) => c.notNull().check(sqlIn('effort', ['none', 'small', 'medium', 'large'])))
    .addColumn('cost_hours', 'double precision')
    .addColumn('cost_money', 'double precision')
    // the work this recommendation avoids (dont) or the cost of the work an alternative replaces
    .addColumn('avoided_hours', 'double precision')
    .addColumn('avoided_money', 'double precision')
    .addColumn('replaces_cost', 'double precision')
    .addColumn('outcome_id', 'text', (c) => c.references('outcomes.id').onDelete('set null'))
    .addColumn('visibility', 'text', (c) => c.notNull().check(sqlIn('visibility', ['shared', 'internal'])))
    .addColumn('status', 'text', (c) => c.notNull().check(sqlIn('status', ['proposed', 'accepted', 'declined', 'deferred'])))
    .addColumn('response_reason', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('deferred_until', 'text')
    .addColumn('responded_at', 'text')
    .addColumn('responded_by', 'text', (c) => c.references('users.id'))
    .addColumn('reminded_at', 'text') // a deferral's reminder went out (reset by every answer), so the job runs once
    // against the provider's own revenue: dont, or an alternative cheaper than what it replaces (kept on write)
    .addColumn('against_revenue', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('phase_id', 'text', (c) => c.references('phases.id').onDelete('set null')) // a phase made from an accepted do
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addCheckConstraint('recommendations_declined_reason', sql`status <> 'declined' or response_reason <> ''`)
    .addCheckConstraint('recommendations_deferred_until', sql`status <> 'deferred' or deferred_until is not null`)
    .execute();
  await db.schema.createIndex('recommendations_list').on('recommendations').columns(['engagement_id', 'visibility', 'status', 'kind']).execute();

  // Every version of the record: the whole recommendation as it stood (JSON), who made it and why.
  await db.schema
    .createTable('recommendation_versions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('recommendation_id', 'text', (c) => c.notNull().references('recommendations.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('change', 'text', (c) => c.notNull().check(sqlIn('change', ['created', 'edited', 'answered', 'shared'])))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.references('users.id'))
    .addColumn('snapshot', 'text', (c) => c.notNull())
    .addColumn('changes', 'text', (c) => c.notNull()) // JSON string[] of changed fields
    .addUniqueConstraint('recommendation_versions_unique', ['recommendation_id', 'version'])
    .execute();

  // Work items a recommendation created (accepted do) or dropped (accepted dont / alternative).
  await db.schema
    .createTable('recommendation_items')
    .addColumn('recommendation_id', 'text', (c) => c.notNull().references('recommendations.id').onDelete('cascade'))
    .addColumn('work_item_id', 'text', (c) => c.notNull().references('work_items.id').onDelete('cascade'))
    .addColumn('relation', 'text', (c) => c.notNull().check(sqlIn('relation', ['created', 'dropped'])))
    .addPrimaryKeyConstraint('recommendation_items_pk', ['recommendation_id', 'work_item_id'])
    .execute();
  await db.schema.createIndex('recommendation_items_item').on('recommendation_items').columns(['work_item_id']).execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['recommendation_items', 'recommendation_versions', 'recommendations']) {
    await db.schema.dropTable(t).execute();
  }
}
