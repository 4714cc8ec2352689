import { type Kysely, sql } from 'kysely';

function sqlIn(column: string, values: string[]) {
  return sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;
}

const SUBJECTS_BEFORE = ['issue', 'decision', 'dependency', 'concern'];
const SUBJECTS = [...SUBJECTS_BEFORE, 'status_update'];

// Status updates (issue 12): drafts (internal, provider-only) and published
// updates (shared) with their frozen text and figures; the client roles'
// acknowledgements and replies; the due dates that passed without an update
// (the lateness record). Escalations gain the subject type 'status_update'
// and may be raised by Candor itself (raised_by null).
// biome-ignore lint/suspicious/noExplicitAny: migrations are written against an untyped schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('status_updates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('engagement_id', 'text', (c) => c.notNull().references('engagements.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull().check(sqlIn('status', ['draft', 'published'])))
    // a draft is internal (provider only); publishing makes it shared
    .addColumn('visibility', 'text', (c) => c.notNull().check(sqlIn('visibility', ['shared', 'internal'])))
    .addColumn('markdown', 'text', (c) => c.notNull())
    .addColumn('health', 'text', (c) => c.notNull().check(sqlIn('health', ['on_track', 'at_risk', 'off_track'])))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('next_step', 'text', (c) => c.notNull())
    .addColumn('internal_note', 'text', (c) => c.notNull())
    .addColumn('period_start', 'text', (c) => c.notNull())
    .addColumn('due_date', 'text')
    .addColumn('late_working_days', 'integer')
    .addColumn('suggested_health', 'text')
    .addColumn('suggested_reasons', 'text', (c) => c.notNull()) // JSON string[]
    .addColumn('overrode', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('override_sentence', 'text')
    .addColumn('figures', 'text', (c) => c.notNull()) // JSON: the shared draft (what clients see), frozen at publish
    .addColumn('internal_figures', 'text', (c) => c.notNull()) // JSON: provider-only lines, frozen at publish
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('published_by', 'text', (c) => c.references('users.id'))
    .addColumn('published_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addCheckConstraint('status_updates_draft_internal', sql`(status = 'draft' and visibility = 'internal') or (status = 'published' and visibility = 'shared')`)
    .execute();
  await db.schema.createIndex('status_updates_list').on('status_updates').columns(['engagement_id', 'visibility', 'published_at']).execute();

  await db.schema
    .createTable('status_update_responses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('status_update_id', 'text', (c) => c.notNull().references('status_updates.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('acknowledged', 'integer', (c) => c.notNull()) // 1: "read, understood"; 0: a reply only
    .addColumn('comment', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('status_update_responses_update').on('status_update_responses').columns(['status_update_id', 'at']).execute();

  await db.schema
    .createTable('status_update_lateness')
    .addColumn('engagement_id', 'text', (c) => c.notNull().references('engagements.id').onDelete('cascade'))
    .addColumn('due_date', 'text', (c) => c.notNull())
    .addColumn('noted_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('status_update_lateness_pk', ['engagement_id', 'due_date'])
    .execute();

  await rebuildEscalations(db, SUBJECTS, false);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.deleteFrom('escalations').where('subject_type', '=', 'status_update').execute();
  await db.deleteFrom('escalations').where('raised_by', 'is', null).execute();
  await rebuildEscalations(db, SUBJECTS_BEFORE, true);
  for (const t of ['status_update_lateness', 'status_update_responses', 'status_updates']) await db.schema.dropTable(t).execute();
}

/**
 * A CHECK constraint and NOT NULL cannot be altered in place on SQLite: the
 * table is rebuilt (the documented 12-step way, foreign keys off while it
 * happens, so dropping the old table does not cascade to escalation_events).
 * On PostgreSQL the constraint is replaced.
 */
// biome-ignore lint/suspicious/noExplicitAny: see up()
async function rebuildEscalations(db: Kysely<any>, subjects: string[], raisedByRequired: boolean) {
  const isPg = await sql`select version() as v`.execute(db).then(
    (r) => String((r.rows[0] as { v?: string })?.v ?? '').startsWith('PostgreSQL'),
    () => false,
  );
  if (isPg) {
    await sql`alter table escalations drop constraint if exists escalations_subject_type_check`.execute(db);
    await sql`alter table escalations add constraint escalations_subject_type_check check (${sqlIn('subject_type', subjects)})`.execute(db);
    await sql.raw(`alter table escalations alter column raised_by ${raisedByRequired ? 'set' : 'drop'} not null`).execute(db);
    return;
  }
  await sql`pragma foreign_keys = off`.execute(db);
  try {
    await db.schema
      .createTable('escalations_new')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('engagement_id', 'text', (c) => c.notNull().references('engagements.id').onDelete('cascade'))
      .addColumn('subject_type', 'text', (c) => c.notNull().check(sqlIn('subject_type', subjects)))
      .addColumn('subject_id', 'text')
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('visibility', 'text', (c) => c.notNull().check(sqlIn('visibility', ['shared', 'internal'])))
      .addColumn('ladder', 'text', (c) => c.notNull())
      .addColumn('level', 'integer', (c) => c.notNull())
      .addColumn('level_started_at', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull().check(sqlIn('status', ['open', 'acknowledged', 'resolved', 'deescalated'])))
      .addColumn('outcome', 'text')
      .addColumn('raised_by', 'text', (c) => (raisedByRequired ? c.notNull().references('users.id') : c.references('users.id')))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    const cols = 'id, engagement_id, subject_type, subject_id, title, description, visibility, ladder, level, level_started_at, status, outcome, raised_by, created_at, updated_at';
    await sql.raw(`insert into escalations_new (${cols}) select ${cols} from escalations`).execute(db);
    await sql`drop table escalations`.execute(db);
    await sql`alter table escalations_new rename to escalations`.execute(db);
    const broken = await sql`pragma foreign_key_check`.execute(db);
    if (broken.rows.length) throw new Error(`escalations rebuild left ${broken.rows.length} broken references`);
  } finally {
    await sql`pragma foreign_keys = on`.execute(db);
  }
}
