/**
 * What moves with an engagement between instances (ADR 0027), as data: every
 * table of the schema is named here exactly once, either as moving (with how
 * its rows are found, in an order that satisfies its foreign keys) or as
 * staying (with why). `checkPlan` compares this with the schema a database
 * actually has and lists what is missing or wrong, so a new table (one with an
 * engagement_id, or a child reached through a parent) cannot be forgotten:
 * the coverage test fails until it is named here. Pure: no I/O.
 */

/** How an exported table's rows are found: by a column equal to the engagement id, or through a parent's key. */
export type Scope = { column: string } | { via: string; parent: string };

export interface MovingTable {
  table: string;
  scope: Scope;
  /** the primary key, in the order rows are paged by */
  key: readonly string[];
  /** columns naming a user (foreign keys to users.id): those users travel with the file */
  users?: readonly string[];
  /**
   * user columns that follow a mapped account (imported_user_mappings): whose membership or inbox it is.
   * Every other user column keeps the file's id (the alias), as the chain does.
   */
  personal?: readonly string[];
  /** self-referencing foreign keys: written as null first and set once every row of the table is in */
  deferred?: readonly string[];
  /** a foreign key to a table that does not move: the row is imported only when the target has that row */
  requires?: { column: string; table: string };
}

/**
 * The tables that move, parents before children. The engagement's chain comes right after the engagement
 * row: it has no foreign keys, and reading it early lets an import with a broken chain fail before the bulk.
 */
export const MOVING: readonly MovingTable[] = [
  { table: 'engagements', scope: { column: 'id' }, key: ['id'], users: ['created_by'] },
  { table: 'audit_heads', scope: { column: 'chain_id' }, key: ['chain_id'] },
  { table: 'audit_log', scope: { column: 'chain_id' }, key: ['chain_id', 'seq'] },
  { table: 'memberships', scope: { column: 'engagement_id' }, key: ['engagement_id', 'user_id'], users: ['user_id'], personal: ['user_id'] },
  { table: 'delivery_settings', scope: { column: 'engagement_id' }, key: ['engagement_id'] },
  { table: 'charter_versions', scope: { column: 'engagement_id' }, key: ['id'], users: ['client_accepted_by', 'provider_accepted_by', 'proposed_by'] },
  { table: 'outcomes', scope: { column: 'engagement_id' }, key: ['id'] },
  { table: 'phases', scope: { column: 'engagement_id' }, key: ['id'] },
  { table: 'rates', scope: { column: 'engagement_id' }, key: ['id'], users: ['user_id'] },
  { table: 'work_items', scope: { column: 'engagement_id' }, key: ['id'], users: ['created_by', 'assignee_id', 'estimated_by'] },
  { table: 'time_entries', scope: { column: 'engagement_id' }, key: ['id'], users: ['created_by', 'user_id'] },
  { table: 'time_locks', scope: { column: 'engagement_id' }, key: ['id'], users: ['locked_by'] },
  { table: 'time_rollups', scope: { column: 'engagement_id' }, key: ['engagement_id', 'date_worked', 'user_id', 'visibility', 'billable'] },
  { table: 'time_day_rollups', scope: { column: 'engagement_id' }, key: ['engagement_id', 'date_worked', 'visibility', 'billable'] },
  { table: 'delivery_imports', scope: { column: 'engagement_id' }, key: ['id'], users: ['created_by'] },
  { table: 'capacity_plan_periods', scope: { column: 'engagement_id' }, key: ['id'], users: ['created_by'] },
  { table: 'forecasts', scope: { column: 'engagement_id' }, key: ['id'], users: ['created_by'] },
  { table: 'commitments', scope: { column: 'engagement_id' }, key: ['id'], users: ['created_by', 'owner_user_id'] },
  { table: 'commitment_events', scope: { via: 'commitment_id', parent: 'commitments' }, key: ['id'], users: ['actor_id'] },
  { table: 'commitment_items', scope: { via: 'commitment_id', parent: 'commitments' }, key: ['commitment_id', 'work_item_id'] },
  { table: 'notes', scope: { column: 'engagement_id' }, key: ['id'], users: ['author_id'] },
  { table: 'raid_items', scope: { column: 'engagement_id' }, key: ['id'], users: ['created_by', 'owner_user_id'], deferred: ['risk_id'] },
  {
    table: 'decisions',
    scope: { column: 'engagement_id' },
    key: ['id'],
    users: ['created_by', 'decided_by', 'decider_user_id'],
    deferred: ['supersedes_id', 'superseded_by_id'],
  },
  { table: 'escalations', scope: { column: 'engagement_id' }, key: ['id'], users: ['raised_by'] },
  { table: 'escalation_events', scope: { via: 'escalation_id', parent: 'escalations' }, key: ['id'], users: ['actor_id'] },
  { table: 'glossary_terms', scope: { column: 'engagement_id' }, key: ['id'], users: ['created_by'] },
  {
    table: 'gate_reviews',
    scope: { column: 'engagement_id' },
    key: ['id'],
    users: ['decided_by', 'client_submitted_by', 'provider_submitted_by', 'opened_by'],
  },
  { table: 'gate_review_answers', scope: { via: 'review_id', parent: 'gate_reviews' }, key: ['review_id', 'side', 'question'], users: ['updated_by'] },
  { table: 'gate_review_remarks', scope: { via: 'review_id', parent: 'gate_reviews' }, key: ['id'], users: ['author_id'] },
  { table: 'recommendations', scope: { column: 'engagement_id' }, key: ['id'], users: ['created_by', 'responded_by'] },
  { table: 'recommendation_items', scope: { via: 'recommendation_id', parent: 'recommendations' }, key: ['recommendation_id', 'work_item_id'] },
  { table: 'recommendation_versions', scope: { via: 'recommendation_id', parent: 'recommendations' }, key: ['id'], users: ['actor_id'] },
  { table: 'agenda_entries', scope: { column: 'engagement_id' }, key: ['id'], users: ['raised_by'] },
  { table: 'agenda_reviews', scope: { column: 'engagement_id' }, key: ['id'], users: ['recorded_by'] },
  { table: 'agenda_outcomes', scope: { via: 'review_id', parent: 'agenda_reviews' }, key: ['id'] },
  { table: 'status_updates', scope: { column: 'engagement_id' }, key: ['id'], users: ['published_by', 'created_by'] },
  { table: 'status_update_responses', scope: { via: 'status_update_id', parent: 'status_updates' }, key: ['id'], users: ['user_id'] },
  { table: 'status_update_lateness', scope: { column: 'engagement_id' }, key: ['engagement_id', 'due_date'] },
  { table: 'comments', scope: { column: 'engagement_id' }, key: ['id'], users: ['deleted_by', 'author_id'] },
  { table: 'comment_versions', scope: { via: 'comment_id', parent: 'comments' }, key: ['id'], users: ['written_by'] },
  { table: 'comment_reactions', scope: { via: 'comment_id', parent: 'comments' }, key: ['comment_id', 'user_id', 'reaction'], users: ['user_id'] },
  { table: 'failure_reports', scope: { column: 'engagement_id' }, key: ['id'], users: ['published_by', 'created_by'] },
  { table: 'failure_report_acks', scope: { via: 'report_id', parent: 'failure_reports' }, key: ['report_id', 'user_id'], users: ['user_id'] },
  { table: 'notifications', scope: { column: 'engagement_id' }, key: ['id'], users: ['user_id'], personal: ['user_id'] },
  {
    table: 'selection_baselines',
    scope: { column: 'engagement_id' },
    key: ['engagement_id'],
    requires: { column: 'selection_id', table: 'selections' },
  },
];

/**
 * Instance-level rows the moving rows name: they travel too, but are matched with the target's own
 * (by id, then by e-mail for users) rather than copied blindly. Every column is either carried or left out.
 */
export const REFERENCED = {
  organizations: { columns: ['id', 'name', 'kind', 'created_at'], omitted: {} as Record<string, string> },
  users: {
    columns: ['id', 'email', 'name', 'org_id', 'created_at', 'disabled_at'],
    omitted: {
      password_hash: 'a secret: an imported account has no password until an admin enables it and sends a reset link',
      is_admin: 'instance administration is not the engagement’s: an imported account is never an admin',
    } as Record<string, string>,
  },
} as const;

export type ReferencedTable = keyof typeof REFERENCED;

/** Why a table stays behind. */
export type StayReason = 'secret' | 'instance' | 'transient' | 'provenance' | 'not-moved';

/** Every table that does not move, with why. */
export const STAYING: Readonly<Record<string, { why: StayReason; reason: string }>> = {
  sessions: { why: 'secret', reason: 'sign-in sessions belong to the source instance; people sign in again' },
  api_tokens: { why: 'secret', reason: 'API tokens are secrets of the source instance and must not travel' },
  password_resets: { why: 'secret', reason: 'reset links are secrets of the source instance' },
  calendar_feeds: { why: 'secret', reason: 'feed tokens are secrets; people create a new feed URL in the target (ADR 0025)' },
  invitations: { why: 'secret', reason: 'invitation tokens are secrets; accepted ones are in the chain, pending ones are sent again from the target' },
  webhooks: { why: 'secret', reason: 'an endpoint is an integration of the source instance and its signing secret must not travel; re-register it in the target (ADR 0026)' },
  webhook_messages: { why: 'not-moved', reason: 'the delivery log of a webhook that stays behind' },
  webhook_attempts: { why: 'not-moved', reason: 'the delivery log of a webhook that stays behind' },
  notification_preferences: { why: 'instance', reason: 'a person’s channels and digest day on the source instance, not the engagement’s' },
  coach_rule_dismissals: { why: 'instance', reason: 'instance-wide counts of dismissed coach rules, not an engagement’s' },
  coach_dismissal_reasons: { why: 'instance', reason: 'instance-wide reasons given when dismissing coach rules' },
  events: { why: 'transient', reason: 'the live-event outbox (ADR 0021): pruned after a day, rebuilt by new changes' },
  rate_limits: { why: 'transient', reason: 'sign-in attempt counts of the last minute, shared by the instance’s processes (ADR 0029)' },
  jobs: { why: 'transient', reason: 'pending jobs of the engagement move through JOB_KINDS below, not as a table' },
  engagement_imports: { why: 'provenance', reason: 'where this instance got an engagement from; a re-export starts a new record' },
  imported_user_mappings: {
    why: 'provenance',
    reason: 'this instance’s accounts for a file’s users; a re-export carries the alias accounts as they are',
  },
  selections: { why: 'not-moved', reason: 'a partner selection is the client organization’s, with its own chain (ADR 0023); it stays' },
  selection_members: { why: 'not-moved', reason: 'part of the partner selection, which stays' },
  selection_criteria: { why: 'not-moved', reason: 'part of the partner selection, which stays' },
  selection_candidates: { why: 'not-moved', reason: 'part of the partner selection (other candidates included), which stays' },
  selection_evidence: { why: 'not-moved', reason: 'part of the partner selection, which stays' },
  selection_red_flags: { why: 'not-moved', reason: 'part of the partner selection, which stays' },
  selection_flag_rules: { why: 'not-moved', reason: 'part of the partner selection, which stays' },
  selection_scores: { why: 'not-moved', reason: 'part of the partner selection, which stays' },
  selection_submissions: { why: 'not-moved', reason: 'part of the partner selection, which stays' },
  selection_invitations: { why: 'not-moved', reason: 'part of the partner selection (its token a secret), which stays' },
  selection_result_shares: { why: 'not-moved', reason: 'part of the partner selection, which stays' },
};

/** Tables of the migration tool itself: not Candor's data. */
export const TOOL_TABLES = new Set(['kysely_migration', 'kysely_migration_lock']);

/**
 * Job kinds: a pending job moves when its payload names the engagement (directly, or an object of a moving
 * table by id); otherwise it stays, with why. A new job kind must be named here.
 */
export const JOB_KINDS: Readonly<Record<string, { key: string; table: string } | { stays: string }>> = {
  'escalation.climb': { key: 'escalationId', table: 'escalations' },
  'decision.reminder': { key: 'decisionId', table: 'decisions' },
  'decision.overdue': { key: 'decisionId', table: 'decisions' },
  'dependency.overdue': { key: 'itemId', table: 'raid_items' },
  'commitment.miss': { key: 'commitmentId', table: 'commitments' },
  'status_update.due': { key: 'engagementId', table: 'engagements' },
  'status_update.ack_check': { key: 'updateId', table: 'status_updates' },
  'recommendation.deferred_due': { key: 'recommendationId', table: 'recommendations' },
  'agenda.review_due': { key: 'engagementId', table: 'engagements' },
  'forecast.snapshot': { key: 'engagementId', table: 'engagements' },
  'gate_review.remind': { key: 'reviewId', table: 'gate_reviews' },
  'gate_review.revisit': { key: 'reviewId', table: 'gate_reviews' },
  'notify.email': { stays: 'the source instance sends the e-mails it has queued; moving them would send them twice' },
  'notify.digest': { stays: 'a person’s weekly digest on the source instance' },
  'live.prune': { stays: 'instance housekeeping' },
  'webhook.attempt': { stays: 'webhooks stay on the source instance (their secrets must not travel)' },
  'delivery.import.watchdog': { stays: 'an import runs on the source; the target’s startup sweep marks a half-run one failed' },
};

/** Column names that look like secrets, and the ones in moving tables checked to be safe to travel. */
export const SECRET_LIKE = /token|secret|password|hash|nonce|salt|key$/i;
export const REVIEWED_COLUMNS: Readonly<Record<string, string>> = {
  'audit_heads.hash': 'the chain head: the point of moving the chain whole',
  'audit_log.hash': 'the chain itself',
  'audit_log.prev_hash': 'the chain itself',
  'audit_log.payload_hash': 'the chain itself',
  'gate_reviews.provider_hash': 'the blind review’s commitment, checked at reveal (ADR 0015); a record, not a credential',
  'gate_reviews.provider_nonce': 'the salt of that commitment, revealed with the answers',
  'gate_reviews.client_hash': 'as provider_hash',
  'gate_reviews.client_nonce': 'as provider_nonce',
  'delivery_imports.file_sha256': 'the digest of an uploaded file, to spot a repeated import',
  'forecasts.inputs_hash': 'the digest of a stored forecast’s inputs',
  'glossary_terms.term_key': 'the normalised term, not a key',
};

// ── the check ──────────────────────────────────────────────────────────────

export interface SchemaTable {
  name: string;
  columns: readonly string[];
  primaryKey: readonly string[];
  foreignKeys: readonly { column: string; table: string; refColumn: string }[];
}

const scopeColumn = (t: MovingTable) => ('column' in t.scope ? t.scope.column : t.scope.via);

/** What is wrong with the plan against a database's schema and the job kinds the code runs; empty when all is covered. */
export function checkPlan(
  schema: readonly SchemaTable[],
  jobKinds: readonly string[],
  plan: { moving: readonly MovingTable[]; staying: Readonly<Record<string, unknown>>; jobKinds: Readonly<Record<string, unknown>> } = {
    moving: MOVING,
    staying: STAYING,
    jobKinds: JOB_KINDS,
  },
): string[] {
  const problems: string[] = [];
  const byName = new Map(schema.map((t) => [t.name, t]));
  const order = new Map(plan.moving.map((t, i) => [t.table, i]));
  const referenced = new Set(Object.keys(REFERENCED));
  const named = new Map<string, number>();
  for (const n of [...plan.moving.map((t) => t.table), ...Object.keys(plan.staying), ...referenced]) named.set(n, (named.get(n) ?? 0) + 1);

  for (const t of schema) {
    if (TOOL_TABLES.has(t.name)) continue;
    const times = named.get(t.name) ?? 0;
    if (times === 0) {
      const hint = t.columns.includes('engagement_id')
        ? 'it has an engagement_id column'
        : t.foreignKeys.some((f) => order.has(f.table))
          ? `it is a child of ${t.foreignKeys.filter((f) => order.has(f.table)).map((f) => f.table).join(', ')}`
          : 'every table must be named';
      problems.push(`table ${t.name} is neither moved nor said to stay (${hint}): add it to MOVING or STAYING in src/domain/transfer/plan.ts`);
    } else if (times > 1) {
      problems.push(`table ${t.name} is named more than once in the plan`);
    }
  }
  for (const n of named.keys()) if (!byName.has(n)) problems.push(`the plan names ${n}, which the database does not have`);

  for (const [name, spec] of Object.entries(REFERENCED)) {
    const t = byName.get(name);
    if (!t) continue;
    for (const c of t.columns) {
      if (!(spec.columns as readonly string[]).includes(c) && !(c in spec.omitted)) problems.push(`column ${name}.${c} is neither carried nor left out with a reason (REFERENCED)`);
    }
  }

  for (const [i, m] of plan.moving.entries()) {
    const t = byName.get(m.table);
    if (!t) continue;
    if ([...m.key].sort().join(',') !== [...t.primaryKey].sort().join(',')) {
      problems.push(`${m.table}: key [${m.key.join(', ')}] is not its primary key [${t.primaryKey.join(', ')}]`);
    }
    const sc = scopeColumn(m);
    if (!t.columns.includes(sc)) problems.push(`${m.table}: scope column ${sc} does not exist`);
    if ('via' in m.scope) {
      const parent = m.scope.parent;
      if (!t.foreignKeys.some((f) => f.column === sc && f.table === parent)) problems.push(`${m.table}.${sc} is not a foreign key to ${parent}`);
      const pi = order.get(parent);
      if (pi === undefined || pi >= i) problems.push(`${m.table}: its parent ${parent} must move, and before it`);
    } else if (m.table !== 'engagements' && sc === 'engagement_id' && !t.foreignKeys.some((f) => f.column === sc && f.table === 'engagements')) {
      problems.push(`${m.table}.engagement_id is not a foreign key to engagements`);
    }
    const userFks = t.foreignKeys.filter((f) => f.table === 'users').map((f) => f.column);
    for (const c of userFks) if (!m.users?.includes(c)) problems.push(`${m.table}.${c} names a user but is not in its users list (that user would not travel)`);
    for (const c of m.users ?? []) if (!userFks.includes(c)) problems.push(`${m.table}.${c} is in its users list but is not a foreign key to users`);
    for (const c of m.personal ?? []) if (!m.users?.includes(c)) problems.push(`${m.table}.${c} is personal but not a user column`);
    for (const f of t.foreignKeys) {
      if (f.table === 'users' || f.table === 'organizations') continue;
      if (f.table === m.table) {
        if (!m.deferred?.includes(f.column)) problems.push(`${m.table}.${f.column} references its own table: list it in deferred`);
        continue;
      }
      if (m.requires && m.requires.column === f.column && m.requires.table === f.table) continue;
      const pi = order.get(f.table);
      if (pi === undefined) problems.push(`${m.table}.${f.column} references ${f.table}, which does not move (use requires, or move it)`);
      else if (pi >= i) problems.push(`${m.table}.${f.column} references ${f.table}, which must come before it`);
    }
    for (const c of t.columns) {
      if (SECRET_LIKE.test(c) && !(`${m.table}.${c}` in REVIEWED_COLUMNS)) {
        problems.push(`${m.table}.${c} looks like a secret and would travel: review it (REVIEWED_COLUMNS) or move it out`);
      }
    }
  }

  for (const k of jobKinds) {
    const spec = plan.jobKinds[k] as { table?: string } | undefined;
    if (!spec) problems.push(`job kind ${k} is not in JOB_KINDS: say whether its pending jobs move with an engagement`);
    else if (spec.table && !order.has(spec.table)) problems.push(`job kind ${k} moves with ${spec.table}, which does not move`);
  }
  return problems;
}
