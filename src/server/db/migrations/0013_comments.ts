import { type Kysely, sql } from 'kysely';

function sqlIn(column: string, values: string[]) {
  return sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;
}

// Comments and failure reports (issue 12, ADR 0020). Portable types only, as in 0001.
//   - comments: a thread entry on any object of the engagement (subject_type + subject_id);
//     visibility is the effective one (internal when the subject is internal or the author
//     marked it internal); body null = a tombstone (deleted_by, deleted_at); side = the
//     author's side, for subjects whose comments are blind until revealed (gate reviews)
//   - comment_versions: the earlier bodies of an edited comment
//   - comment_reactions: one row per (comment, person, reaction)
//   - failure_reports: a blameless report, a draft (may be internal) until published (shared)
//   - failure_report_acks: who on the client side acknowledged a published report, and when
// biome-ignore lint/suspicious/noExplicitAny: migrations are written against an untyped schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('comments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('engagement_id', 'text', (c) => c.notNull().references('engagements.id').onDelete('cascade'))
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('visibility', 'text', (c) => c.notNull().check(sqlIn('visibility', ['shared', 'internal'])))
    .addColumn('marked_internal', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('side', 'text', (c) => c.notNull().check(sqlIn('side', ['provider', 'client'])))
    .addColumn('body', 'text') // null: deleted (tombstone)
    .addColumn('mentions', 'text', (c) => c.notNull().defaultTo('[]')) // JSON [userId]
    .addColumn('author_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('edits', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('edited_at', 'text')
    .addColumn('deleted_by', 'text', (c) => c.references('users.id'))
    .addColumn('deleted_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('comments_subject').on('comments').columns(['engagement_id', 'subject_type', 'subject_id', 'id']).execute();

  await db.schema
    .createTable('comment_versions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('comment_id', 'text', (c) => c.notNull().references('comments.id').onDelete('cascade'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('written_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('written_at', 'text', (c) => c.notNull())
    .addColumn('replaced_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('comment_versions_comment').on('comment_versions').columns(['comment_id', 'id']).execute();

  await db.schema
    .createTable('comment_reactions')
    .addColumn('comment_id', 'text', (c) => c.notNull().references('comments.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('reaction', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('comment_reactions_pk', ['comment_id', 'user_id', 'reaction'])
    .execute();

  await db.schema
    .createTable('failure_reports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('engagement_id', 'text', (c) => c.notNull().references('engagements.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('what_happened', 'text', (c) => c.notNull())
    .addColumn('client_impact', 'text', (c) => c.notNull())
    .addColumn('timeline', 'text', (c) => c.notNull()) // JSON [{ at, what }]
    .addColumn('cause', 'text', (c) => c.notNull())
    .addColumn('changes', 'text', (c) => c.notNull()) // what was changed so it does not happen again
    .addColumn('follow_ups', 'text', (c) => c.notNull()) // JSON [{ title, dueDate, ownerId }] until published
    .addColumn('follow_up_ids', 'text', (c) => c.notNull().defaultTo('[]')) // JSON [commitmentId], set when published
    .addColumn('source_type', 'text', (c) => c.check(sqlIn('source_type', ['raid_item', 'commitment'])))
    .addColumn('source_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull().check(sqlIn('status', ['draft', 'published'])))
    .addColumn('visibility', 'text', (c) => c.notNull().check(sqlIn('visibility', ['shared', 'internal'])))
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('published_by', 'text', (c) => c.references('users.id'))
    .addColumn('published_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    // a published report is shared
    .addCheckConstraint('failure_reports_published_shared', sql`status = 'draft' or visibility = 'shared'`)
    .execute();
  await db.schema.createIndex('failure_reports_engagement').on('failure_reports').columns(['engagement_id', 'visibility', 'id']).execute();

  await db.schema
    .createTable('failure_report_acks')
    .addColumn('report_id', 'text', (c) => c.notNull().references('failure_reports.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('failure_report_acks_pk', ['report_id', 'user_id'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['failure_report_acks', 'failure_reports', 'comment_reactions', 'comment_versions', 'comments']) {
    await db.schema.dropTable(t).execute();
  }
}
