import { type Kysely, SqliteAdapter, sql } from 'kysely';

// Partner selection (issue 15, ADR 0023): a client organization scores candidate
// providers before any engagement exists. Nothing here is engagement content
// except selection_baselines (the handoff an engagement started from a selection
// carries); the rest is read through scopedSelection() with a SelectionAccess.
//   - selections: owned by a client organization; the decision lives on the row
//   - selection_members: (selection, user, role) — owner | evaluator; one person may hold both
//   - selection_criteria: the scorecard (weights sum to 100)
//   - selection_candidates: a provider organization, or a new name (provider_org_id null)
//   - selection_evidence: notes, links and documents (the bytes in the database on both engines)
//   - selection_red_flags / selection_flag_rules: red flags with their evidence, and the owner's rules
//   - selection_scores: one row per (evaluator, candidate, criterion); submitted_at null = draft
//   - selection_submissions: per (evaluator, candidate) the salt and, once submitted, the hash
//   - selection_invitations: the owner invites the chosen provider to start the engagement
//   - selection_baselines: per engagement started from a selection, the scores it is compared against
function sqlIn(column: string, values: string[]) {
  return sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;
}

const FLAG_KINDS = ['commitments_without_context', 'hours_and_rates_only', 'unclear_governance', 'no_future_conversation', 'yes_to_everything'];

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against an untyped schema
export async function up(db: Kysely<any>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  await db.schema
    .createTable('selections')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('client_org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sqlIn('status', ['draft', 'scoring', 'decided'])))
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('scoring_started_at', 'text')
    .addColumn('decided_candidate_id', 'text')
    .addColumn('decision_reasons', 'text')
    .addColumn('decided_by', 'text', (c) => c.references('users.id'))
    .addColumn('decided_at', 'text')
    .addColumn('engagement_id', 'text', (c) => c.references('engagements.id'))
    .execute();

  await db.schema
    .createTable('selection_members')
    .addColumn('selection_id', 'text', (c) => c.notNull().references('selections.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('role', 'text', (c) => c.notNull().check(sqlIn('role', ['owner', 'evaluator'])))
    .addColumn('added_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('selection_members_pk', ['selection_id', 'user_id', 'role'])
    .execute();
  await db.schema.createIndex('selection_members_user').on('selection_members').columns(['user_id']).execute();

  await db.schema
    .createTable('selection_criteria')
    .addColumn('selection_id', 'text', (c) => c.notNull().references('selections.id').onDelete('cascade'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('weight', 'integer', (c) => c.notNull().check(sql`weight between 0 and 100`))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('selection_criteria_pk', ['selection_id', 'key'])
    .execute();

  await db.schema
    .createTable('selection_candidates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('selection_id', 'text', (c) => c.notNull().references('selections.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('provider_org_id', 'text', (c) => c.references('organizations.id'))
    .addColumn('added_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('selection_candidates_selection').on('selection_candidates').columns(['selection_id', 'id']).execute();

  await db.schema
    .createTable('selection_evidence')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('selection_id', 'text', (c) => c.notNull().references('selections.id').onDelete('cascade'))
    .addColumn('candidate_id', 'text', (c) => c.notNull().references('selection_candidates.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sqlIn('kind', ['note', 'link', 'document'])))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text')
    .addColumn('url', 'text')
    .addColumn('file_name', 'text')
    .addColumn('content_type', 'text')
    .addColumn('size', 'integer')
    .addColumn('data', sqlite ? 'blob' : sql`bytea`)
    .addColumn('added_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('selection_evidence_candidate').on('selection_evidence').columns(['candidate_id', 'id']).execute();

  await db.schema
    .createTable('selection_red_flags')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('selection_id', 'text', (c) => c.notNull().references('selections.id').onDelete('cascade'))
    .addColumn('candidate_id', 'text', (c) => c.notNull().references('selection_candidates.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sqlIn('kind', FLAG_KINDS)))
    .addColumn('evidence', 'text', (c) => c.notNull())
    .addColumn('raised_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('raised_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('selection_red_flags_selection').on('selection_red_flags').columns(['selection_id', 'id']).execute();

  await db.schema
    .createTable('selection_flag_rules')
    .addColumn('selection_id', 'text', (c) => c.notNull().references('selections.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sqlIn('kind', FLAG_KINDS)))
    .addColumn('effect', 'text', (c) => c.notNull().check(sqlIn('effect', ['exclude', 'cost'])))
    .addColumn('points', 'real')
    .addPrimaryKeyConstraint('selection_flag_rules_pk', ['selection_id', 'kind'])
    .execute();

  await db.schema
    .createTable('selection_scores')
    .addColumn('selection_id', 'text', (c) => c.notNull().references('selections.id').onDelete('cascade'))
    .addColumn('evaluator_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('candidate_id', 'text', (c) => c.notNull().references('selection_candidates.id').onDelete('cascade'))
    .addColumn('criterion', 'text', (c) => c.notNull())
    .addColumn('score', 'integer', (c) => c.notNull().check(sql`score between 1 and 5`))
    .addColumn('comment', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('submitted_at', 'text')
    .addPrimaryKeyConstraint('selection_scores_pk', ['selection_id', 'evaluator_id', 'candidate_id', 'criterion'])
    .execute();

  await db.schema
    .createTable('selection_submissions')
    .addColumn('selection_id', 'text', (c) => c.notNull().references('selections.id').onDelete('cascade'))
    .addColumn('evaluator_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('candidate_id', 'text', (c) => c.notNull().references('selection_candidates.id').onDelete('cascade'))
    // a random salt per (evaluator, candidate): the audit trail carries only the salted hash of the scores until the decision reveals them
    .addColumn('nonce', 'text', (c) => c.notNull())
    .addColumn('hash', 'text')
    .addColumn('submitted_at', 'text')
    .addPrimaryKeyConstraint('selection_submissions_pk', ['selection_id', 'evaluator_id', 'candidate_id'])
    .execute();

  await db.schema
    .createTable('selection_invitations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('selection_id', 'text', (c) => c.notNull().references('selections.id').onDelete('cascade'))
    .addColumn('candidate_id', 'text', (c) => c.notNull().references('selection_candidates.id'))
    .addColumn('provider_org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('email', 'text')
    .addColumn('engagement_name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) => c.notNull().check(sqlIn('status', ['pending', 'accepted', 'revoked'])))
    .addColumn('invited_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('accepted_by', 'text', (c) => c.references('users.id'))
    .addColumn('accepted_at', 'text')
    .addColumn('engagement_id', 'text', (c) => c.references('engagements.id'))
    .execute();
  await db.schema.createIndex('selection_invitations_selection').on('selection_invitations').columns(['selection_id']).execute();

  await db.schema
    .createTable('selection_baselines')
    .addColumn('engagement_id', 'text', (c) => c.primaryKey().references('engagements.id').onDelete('cascade'))
    .addColumn('selection_id', 'text', (c) => c.notNull().references('selections.id'))
    .addColumn('candidate_id', 'text', (c) => c.notNull())
    .addColumn('selection_title', 'text', (c) => c.notNull())
    .addColumn('criteria', 'text', (c) => c.notNull()) // JSON [{ key, label, weight, mean, min, max }]
    .addColumn('red_flags', 'text', (c) => c.notNull()) // JSON [{ kind, evidence }]
    .addColumn('decided_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'selection_baselines',
    'selection_invitations',
    'selection_submissions',
    'selection_scores',
    'selection_flag_rules',
    'selection_red_flags',
    'selection_evidence',
    'selection_candidates',
    'selection_criteria',
    'selection_members',
    'selections',
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
