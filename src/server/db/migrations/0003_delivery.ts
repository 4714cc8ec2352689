import { type Kysely, sql } from 'kysely';

// Delivery transparency: phases, work items, time entries (with per-day
// rollups maintained on write), period locks, budget settings, rates and
// import jobs. Portable types only, as in 0001: text ids, ISO-8601 text
// dates and timestamps, integers, double precision; booleans as 0/1.
// biome-ignore lint/suspicious/noExplicitAny: migrations are written against an untyped schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('delivery_settings')
    .addColumn('engagement_id', 'text', (c) => c.primaryKey().references('engagements.id').onDelete('cascade'))
    .addColumn('start_date', 'text')
    .addColumn('end_date', 'text')
    .addColumn('budget_hours', 'double precision')
    .addColumn('budget_amount', 'double precision')
    .addColumn('currency', 'text', (c) => c.notNull().defaultTo('EUR'))
    .addColumn('alert_thresholds', 'text', (c) => c.notNull().defaultTo('[75,90]'))
    .addColumn('client_time_view', 'text', (c) => c.notNull().defaultTo('entries').check(sqlIn('client_time_view', ['entries', 'totals'])))
    .addColumn('rates_shared', 'integer', (c) => c.notNull().defaultTo(0))
    // Bumped by every delivery write in the same transaction: read caches key on it.
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('phases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('engagement_id', 'text', (c) => c.notNull().references('engagements.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('goal', 'text', (c) => c.notNull())
    .addColumn('planned_start', 'text', (c) => c.notNull())
    .addColumn('planned_end', 'text', (c) => c.notNull())
    .addColumn('exit_criteria', 'text', (c) => c.notNull()) // JSON [{ text, met }]
    .addColumn('status', 'text', (c) => c.notNull().check(sqlIn('status', ['planned', 'active', 'in_review', 'done'])))
    .addColumn('review_requested_at', 'text')
    .addColumn('done_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('phases_engagement').on('phases').columns(['engagement_id', 'position']).execute();

  await db.schema
    .createTable('work_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('engagement_id', 'text', (c) => c.notNull().references('engagements.id').onDelete('cascade'))
    .addColumn('phase_id', 'text', (c) => c.references('phases.id'))
    .addColumn('outcome_id', 'text', (c) => c.references('outcomes.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sqlIn('status', ['backlog', 'in_progress', 'blocked', 'done', 'dropped'])),
    )
    .addColumn('estimate_low', 'double precision')
    .addColumn('estimate_likely', 'double precision')
    .addColumn('estimate_high', 'double precision')
    .addColumn('estimated_by', 'text', (c) => c.references('users.id'))
    .addColumn('estimated_at', 'text')
    .addColumn('assignee_id', 'text', (c) => c.references('users.id'))
    .addColumn('visibility', 'text', (c) => c.notNull().check(sqlIn('visibility', ['shared', 'internal'])))
    .addColumn('external_ref', 'text')
    .addColumn('external_source', 'text')
    .addColumn('external_id', 'text')
    // Maintained on every time-entry write, per visibility of the entries.
    .addColumn('actual_minutes_shared', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('actual_minutes_internal', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('started_at', 'text')
    .addColumn('done_at', 'text')
    .addColumn('dropped_at', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addCheckConstraint('work_items_estimate_order', sql`estimate_low <= estimate_likely and estimate_likely <= estimate_high`)
    .addUniqueConstraint('work_items_external', ['engagement_id', 'external_source', 'external_id'])
    .execute();
  await db.schema.createIndex('work_items_list').on('work_items').columns(['engagement_id', 'visibility', 'id']).execute();
  await db.schema.createIndex('work_items_phase').on('work_items').columns(['engagement_id', 'phase_id', 'status']).execute();
  await db.schema.createIndex('work_items_status').on('work_items').columns(['engagement_id', 'status', 'id']).execute();
  await db.schema.createIndex('work_items_updated').on('work_items').columns(['engagement_id', 'updated_at', 'id']).execute();
  await db.schema.createIndex('work_items_title').on('work_items').columns(['engagement_id', 'title', 'id']).execute();
  await db.schema.createIndex('work_items_ref').on('work_items').columns(['engagement_id', 'external_ref']).execute();

  await db.schema
    .createTable('time_entries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('engagement_id', 'text', (c) => c.notNull().references('engagements.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('work_item_id', 'text', (c) => c.references('work_items.id'))
    .addColumn('date_worked', 'text', (c) => c.notNull())
    .addColumn('minutes', 'integer', (c) => c.notNull().check(sql`minutes > 0 and minutes <= 1440`))
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('billable', 'integer', (c) => c.notNull())
    .addColumn('visibility', 'text', (c) => c.notNull().check(sqlIn('visibility', ['shared', 'internal'])))
    .addColumn('logged_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('external_source', 'text')
    .addColumn('external_id', 'text')
    .addUniqueConstraint('time_entries_external', ['engagement_id', 'external_source', 'external_id'])
    .execute();
  await db.schema.createIndex('time_entries_list').on('time_entries').columns(['engagement_id', 'date_worked', 'id']).execute();
  await db.schema.createIndex('time_entries_person_day').on('time_entries').columns(['engagement_id', 'user_id', 'date_worked']).execute();
  await db.schema.createIndex('time_entries_item').on('time_entries').columns(['work_item_id']).execute();

  // Minutes per engagement, day, person, visibility and billable flag,
  // maintained in the same transaction as every time-entry write.
  await db.schema
    .createTable('time_rollups')
    .addColumn('engagement_id', 'text', (c) => c.notNull().references('engagements.id').onDelete('cascade'))
    .addColumn('date_worked', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('visibility', 'text', (c) => c.notNull())
    .addColumn('billable', 'integer', (c) => c.notNull())
    .addColumn('minutes', 'integer', (c) => c.notNull())
    .addColumn('entries', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('time_rollups_pk', ['engagement_id', 'date_worked', 'user_id', 'visibility', 'billable'])
    .execute();

  // The same per day only (no person), with the cost at the rates in force:
  // what budget burn, alerts and charts read (a few thousand rows for years of time).
  await db.schema
    .createTable('time_day_rollups')
    .addColumn('engagement_id', 'text', (c) => c.notNull().references('engagements.id').onDelete('cascade'))
    .addColumn('date_worked', 'text', (c) => c.notNull())
    .addColumn('visibility', 'text', (c) => c.notNull())
    .addColumn('billable', 'integer', (c) => c.notNull())
    .addColumn('minutes', 'integer', (c) => c.notNull())
    .addColumn('entries', 'integer', (c) => c.notNull())
    .addColumn('amount', 'double precision', (c) => c.notNull())
    .addColumn('unrated_minutes', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('time_day_rollups_pk', ['engagement_id', 'date_worked', 'visibility', 'billable'])
    .execute();

  await db.schema
    .createTable('time_locks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('engagement_id', 'text', (c) => c.notNull().references('engagements.id').onDelete('cascade'))
    .addColumn('period_start', 'text', (c) => c.notNull())
    .addColumn('period_end', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('locked_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('locked_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('time_locks_engagement').on('time_locks').columns(['engagement_id', 'period_start']).execute();

  await db.schema
    .createTable('rates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('engagement_id', 'text', (c) => c.notNull().references('engagements.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.check(sqlIn('role', ['lead', 'member'])))
    .addColumn('user_id', 'text', (c) => c.references('users.id'))
    .addColumn('hourly_rate', 'double precision', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rates_engagement').on('rates').column('engagement_id').execute();

  await db.schema
    .createTable('delivery_imports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('engagement_id', 'text', (c) => c.notNull().references('engagements.id').onDelete('cascade'))
    .addColumn('source', 'text', (c) => c.notNull().check(sqlIn('source', ['jira', 'github', 'harvest', 'toggl'])))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('file_sha256', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull()) // decoded UTF-8 text of the upload
    .addColumn('format', 'text', (c) => c.notNull()) // JSON: { encoding, delimiter, headers, totalRows }
    .addColumn('mapping', 'text', (c) => c.notNull()) // JSON: target field → source column
    .addColumn('options', 'text', (c) => c.notNull()) // JSON: visibility, defaults
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sqlIn('status', ['uploaded', 'running', 'checked', 'imported', 'failed'])),
    )
    .addColumn('phase', 'text', (c) => c.notNull())
    .addColumn('processed', 'integer', (c) => c.notNull())
    .addColumn('total', 'integer', (c) => c.notNull())
    .addColumn('result', 'text') // JSON of the last dry run or import
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('delivery_imports_engagement').on('delivery_imports').columns(['engagement_id', 'id']).execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['delivery_imports', 'rates', 'time_locks', 'time_day_rollups', 'time_rollups', 'time_entries', 'work_items', 'phases', 'delivery_settings']) {
    await db.schema.dropTable(t).execute();
  }
}

function sqlIn(column: string, values: string[]) {
  return sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;
}
