import { type Kysely, SqliteAdapter, sql } from 'kysely';

// Gate reviews (issue 11, ADR 0015): both sides answer the same questions
// blind; the sponsor decides proceed / proceed with conditions / pause / stop.
//   - gate_reviews: one per review request of a phase, with each side's
//     submission (who, when, the hash of its answers) and the decision
//   - gate_review_answers: one row per (review, side, question): score + comment
//   - gate_review_remarks: comments of their own by people who do not answer
//     for their side (stakeholders, members), blind like the answers
//   - phases.status gains `stopped` (terminal); engagements gain the stop
//     (who, when, why, by which review) and the two-sided reopening
// biome-ignore lint/suspicious/noExplicitAny: migrations are written against an untyped schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('gate_reviews')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('engagement_id', 'text', (c) => c.notNull().references('engagements.id').onDelete('cascade'))
    .addColumn('phase_id', 'text', (c) => c.notNull().references('phases.id').onDelete('cascade'))
    .addColumn('questions', 'text', (c) => c.notNull()) // JSON [{ key, text, custom }]
    .addColumn('status', 'text', (c) => c.notNull().check(sqlIn('status', ['open', 'revealed', 'paused', 'decided'])))
    .addColumn('opened_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('opened_at', 'text', (c) => c.notNull())
    .addColumn('answers_due_on', 'text', (c) => c.notNull())
    .addColumn('provider_submitted_by', 'text', (c) => c.references('users.id'))
    .addColumn('provider_submitted_at', 'text')
    .addColumn('provider_hash', 'text')
    // a random salt per side, so a hash of a few 1–5 scores cannot be guessed by trying them all;
    // revealed with the answers (ADR 0015)
    .addColumn('provider_nonce', 'text', (c) => c.notNull())
    .addColumn('client_submitted_by', 'text', (c) => c.references('users.id'))
    .addColumn('client_submitted_at', 'text')
    .addColumn('client_hash', 'text')
    .addColumn('client_nonce', 'text', (c) => c.notNull())
    .addColumn('revealed_at', 'text')
    .addColumn('decision', 'text', (c) => c.check(sqlIn('decision', ['proceed', 'proceed_with_conditions', 'pause', 'stop'])))
    .addColumn('rationale', 'text')
    .addColumn('decided_by', 'text', (c) => c.references('users.id'))
    .addColumn('decided_at', 'text')
    .addColumn('revisit_on', 'text')
    .addColumn('conditions', 'text', (c) => c.notNull().defaultTo('[]')) // JSON [{ commitmentId, what, side, dueDate }]
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('gate_reviews_engagement').on('gate_reviews').columns(['engagement_id', 'id']).execute();
  await db.schema.createIndex('gate_reviews_phase').on('gate_reviews').columns(['phase_id']).execute();

  await db.schema
    .createTable('gate_review_answers')
    .addColumn('review_id', 'text', (c) => c.notNull().references('gate_reviews.id').onDelete('cascade'))
    .addColumn('side', 'text', (c) => c.notNull().check(sqlIn('side', ['provider', 'client'])))
    .addColumn('question', 'text', (c) => c.notNull())
    .addColumn('score', 'integer', (c) => c.check(sql`score between 1 and 5`))
    .addColumn('comment', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('updated_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('gate_review_answers_pk', ['review_id', 'side', 'question'])
    .execute();

  await db.schema
    .createTable('gate_review_remarks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('review_id', 'text', (c) => c.notNull().references('gate_reviews.id').onDelete('cascade'))
    .addColumn('side', 'text', (c) => c.notNull().check(sqlIn('side', ['provider', 'client'])))
    .addColumn('question', 'text') // null: about the review as a whole
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('gate_review_remarks_review').on('gate_review_remarks').columns(['review_id', 'id']).execute();

  await db.schema.alterTable('phases').addColumn('gate_review_id', 'text').execute();
  await db.schema.alterTable('engagements').addColumn('stopped_at', 'text').execute();
  await db.schema.alterTable('engagements').addColumn('stopped_reason', 'text').execute();
  await db.schema.alterTable('engagements').addColumn('stopped_by_review', 'text').execute();
  await db.schema.alterTable('engagements').addColumn('reopen_lead_at', 'text').execute();
  await db.schema.alterTable('engagements').addColumn('reopen_sponsor_at', 'text').execute();
  await setPhaseStatuses(db, ['planned', 'active', 'in_review', 'done', 'stopped']);
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against an untyped schema
export async function down(db: Kysely<any>): Promise<void> {
  await db.updateTable('phases').set({ status: 'active' }).where('status', '=', 'stopped').execute();
  await setPhaseStatuses(db, ['planned', 'active', 'in_review', 'done']);
  for (const c of ['reopen_sponsor_at', 'reopen_lead_at', 'stopped_by_review', 'stopped_reason', 'stopped_at']) await db.schema.alterTable('engagements').dropColumn(c).execute();
  await db.schema.alterTable('phases').dropColumn('gate_review_id').execute();
  await db.schema.dropTable('gate_review_remarks').execute();
  await db.schema.dropTable('gate_review_answers').execute();
  await db.schema.dropTable('gate_reviews').execute();
}

/**
 * Replaces the CHECK on phases.status. PostgreSQL alters the constraint;
 * SQLite cannot, so the table is rebuilt (the documented twelve steps: the
 * migrator runs SQLite migrations outside a transaction, so foreign keys can
 * be switched off around the copy, and are checked before they come back on).
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are written against an untyped schema
async function setPhaseStatuses(db: Kysely<any>, statuses: string[]) {
  const list = sql.join(statuses.map((s) => sql.lit(s)));
  // ask the dialect, not the database: a failed probe would abort PostgreSQL's migration transaction
  const isSqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  if (!isSqlite) {
    const rows = await sql<{ conname: string }>`select conname from pg_constraint where conrelid = 'phases'::regclass and contype = 'c' and pg_get_constraintdef(oid) like '%status%'`.execute(db);
    for (const r of rows.rows) await sql`alter table phases drop constraint ${sql.id(r.conname)}`.execute(db);
    await sql`alter table phases add constraint phases_status_check check (status in (${list}))`.execute(db);
    return;
  }
  const table = await sql<{ sql: string }>`select sql from sqlite_master where type = 'table' and name = 'phases'`.execute(db);
  const ddl = table.rows[0]?.sql;
  if (!ddl) throw new Error('phases table not found');
  const indexes = await sql<{ sql: string }>`select sql from sqlite_master where type = 'index' and tbl_name = 'phases' and sql is not null`.execute(db);
  const checked = ddl.replace(/"status" text not null check \("status" in \([^)]*\)\)/i, `"status" text not null check ("status" in (${statuses.map((s) => `'${s}'`).join(', ')}))`);
  if (checked === ddl) throw new Error(`could not find the status check in: ${ddl}`);
  const renamed = checked.replace(/^create table "?phases"?/i, 'create table "phases_rebuilt"');
  await sql`pragma foreign_keys = off`.execute(db);
  try {
    await sql.raw(renamed).execute(db);
    await sql`insert into phases_rebuilt select * from phases`.execute(db);
    await sql`drop table phases`.execute(db);
    await sql`alter table phases_rebuilt rename to phases`.execute(db);
    for (const i of indexes.rows) await sql.raw(i.sql).execute(db);
    const broken = await sql`pragma foreign_key_check`.execute(db);
    if (broken.rows.length) throw new Error(`foreign keys broken by the phases rebuild: ${JSON.stringify(broken.rows.slice(0, 3))}`);
  } finally {
    await sql`pragma foreign_keys = on`.execute(db);
  }
}

function sqlIn(column: string, values: string[]) {
  return sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;
}
