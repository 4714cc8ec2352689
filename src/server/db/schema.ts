/**
 * Table types for Kysely. The same shapes on SQLite and PostgreSQL: ids are
 * text (UUIDv7), timestamps ISO-8601 UTC text, booleans 0/1 integers, JSON as
 * text. That keeps sorting and comparison identical on both engines.
 */
export type Visibility = 'shared' | 'internal';
export type OrgKind = 'provider' | 'client';
export type EngagementRole = 'lead' | 'member' | 'sponsor' | 'stakeholder';

export interface OrganizationsTable {
  id: string;
  name: string;
  kind: OrgKind;
  created_at: string;
}

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  password_hash: string | null;
  is_admin: number;
  org_id: string | null;
  created_at: string;
  disabled_at: string | null;
}

export interface SessionsTable {
  id: string; // keyed hash of the cookie token
  user_id: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  prefix: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface PasswordResetsTable {
  id: string;
  user_id: string;
  token_hash: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface EngagementsTable {
  id: string;
  name: string;
  summary: string;
  provider_org_id: string;
  client_org_id: string;
  status: 'active' | 'closed';
  created_by: string;
  created_at: string;
  updated_at: string;
  /** Stopped by a gate review (migration 0009): nothing new is planned until the lead and the sponsor both reopen it. */
  stopped_at: string | null;
  stopped_reason: string | null;
  stopped_by_review: string | null;
  reopen_lead_at: string | null;
  reopen_sponsor_at: string | null;
}

export interface MembershipsTable {
  engagement_id: string;
  user_id: string;
  role: EngagementRole;
  created_at: string;
}

export interface InvitationsTable {
  id: string;
  engagement_id: string;
  email: string;
  role: EngagementRole;
  token_hash: string;
  invited_by: string;
  created_at: string;
  expires_at: string;
  accepted_at: string | null;
  accepted_by: string | null;
  revoked_at: string | null;
}

export interface CharterVersionsTable {
  id: string;
  engagement_id: string;
  version: number;
  body: string; // JSON of CharterBody
  note: string;
  status: 'proposed' | 'agreed' | 'superseded' | 'withdrawn';
  proposed_by: string;
  created_at: string;
  provider_accepted_by: string | null;
  provider_accepted_at: string | null;
  client_accepted_by: string | null;
  client_accepted_at: string | null;
  agreed_at: string | null;
}

export interface OutcomesTable {
  id: string;
  engagement_id: string;
  title: string;
  indicator: string;
  unit: string;
  baseline: number;
  target: number;
  current: number;
  due_date: string | null;
  position: number;
  archived: number;
  created_at: string;
  updated_at: string;
}

export interface NotesTable {
  id: string;
  engagement_id: string;
  kind: 'meeting' | 'working';
  title: string;
  body: string;
  visibility: Visibility;
  meeting_date: string | null;
  author_id: string;
  created_at: string;
  updated_at: string;
}

export interface AuditLogTable {
  chain_id: string; // an engagement id, or 'instance'
  seq: number;
  at: string;
  payload: string; // canonical JSON of the record's payload
  payload_hash: string;
  prev_hash: string;
  hash: string;
  visibility: Visibility;
  action: string;
  actor_id: string | null;
  object_type: string;
  object_id: string;
}

export interface AuditHeadsTable {
  chain_id: string;
  seq: number;
  hash: string;
}

export interface JobsTable {
  id: string;
  kind: string;
  payload: string;
  unique_key: string | null;
  run_at: string;
  status: 'pending' | 'running' | 'done' | 'dead' | 'cancelled';
  attempts: number;
  max_attempts: number;
  last_error: string | null;
  locked_by: string | null;
  locked_until: string | null;
  created_at: string;
  updated_at: string;
}

export interface NotificationsTable {
  id: string;
  user_id: string;
  engagement_id: string | null;
  visibility: Visibility;
  kind: string;
  title: string;
  body: string;
  link: string;
  created_at: string;
  read_at: string | null;
  in_app: number; // 0: wanted by e-mail or in the digest only, not in the bell (0014)
}

export type RaidType = 'risk' | 'issue' | 'assumption' | 'dependency';

export interface RaidItemsTable {
  id: string;
  engagement_id: string;
  type: RaidType;
  title: string;
  description: string;
  visibility: Visibility;
  status: string;
  owner: string;
  owner_user_id: string | null;
  owner_unresolved: number; // 1: a name the people migration matched to no single member (0008)
  probability: number | null;
  impact: number | null;
  mitigation: string;
  trigger: string;
  flagged_at: string;
  occurred_at: string | null;
  risk_id: string | null;
  unflagged: number;
  needed_from: 'client' | 'third_party' | 'provider' | null;
  needed_by: string | null;
  resolved_at: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface DecisionsTable {
  id: string;
  engagement_id: string;
  number: number;
  title: string;
  context: string;
  options: string; // JSON array of options
  recommendation: string;
  kind: string;
  decider: string;
  decider_user_id: string | null;
  decider_side: 'provider' | 'client' | null;
  decider_unresolved: number; // 1: the decider's name matched no single member (0008)
  consulted: string; // JSON array of names
  due_date: string;
  status: 'proposed' | 'decided' | 'superseded';
  outcome: string | null;
  chosen_option: number | null;
  decided_by: string | null;
  decided_at: string | null;
  supersedes_id: string | null;
  superseded_by_id: string | null;
  visibility: Visibility;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface EscalationsTable {
  id: string;
  engagement_id: string;
  subject_type: 'issue' | 'decision' | 'dependency' | 'concern' | 'status_update';
  subject_id: string | null;
  title: string;
  description: string;
  visibility: Visibility;
  ladder: string; // JSON snapshot of the charter's ladder when raised
  level: number;
  level_started_at: string;
  status: 'open' | 'acknowledged' | 'resolved' | 'deescalated';
  outcome: string | null;
  raised_by: string | null; // null: raised by Candor itself (an unacknowledged status update, 0012)
  created_at: string;
  updated_at: string;
}

export interface EscalationEventsTable {
  id: string;
  escalation_id: string;
  at: string;
  kind: string;
  level: number;
  actor_id: string | null;
  note: string;
}

export interface DB {
  organizations: OrganizationsTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  password_resets: PasswordResetsTable;
  engagements: EngagementsTable;
  memberships: MembershipsTable;
  invitations: InvitationsTable;
  charter_versions: CharterVersionsTable;
  outcomes: OutcomesTable;
  notes: NotesTable;
  audit_log: AuditLogTable;
  audit_heads: AuditHeadsTable;
  jobs: JobsTable;
  notifications: NotificationsTable;
  raid_items: RaidItemsTable;
  decisions: DecisionsTable;
  escalations: EscalationsTable;
  escalation_events: EscalationEventsTable;
}

// ── Delivery transparency (migration 0003) ────────────────────────────────
export type PhaseStatus = 'planned' | 'active' | 'in_review' | 'done' | 'stopped';
export type WorkItemStatus = 'backlog' | 'in_progress' | 'blocked' | 'done' | 'dropped';
export type ImportSource = 'jira' | 'github' | 'harvest' | 'toggl';

export interface DeliverySettingsTable {
  engagement_id: string;
  start_date: string | null;
  end_date: string | null;
  budget_hours: number | null;
  budget_amount: number | null;
  currency: string;
  alert_thresholds: string; // JSON number[] of percentages
  client_time_view: 'entries' | 'totals';
  rates_shared: number;
  version: number; // bumped by every delivery write; caches key on it
  updated_at: string;
}

export interface PhasesTable {
  id: string;
  engagement_id: string;
  position: number;
  name: string;
  goal: string;
  planned_start: string;
  planned_end: string;
  exit_criteria: string; // JSON [{ text, met }]
  status: PhaseStatus;
  review_requested_at: string | null;
  done_at: string | null;
  /** The gate review its latest review request opened (migration 0009). */
  gate_review_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface WorkItemsTable {
  id: string;
  engagement_id: string;
  phase_id: string | null;
  outcome_id: string | null;
  title: string;
  description: string;
  status: WorkItemStatus;
  estimate_low: number | null;
  estimate_likely: number | null;
  estimate_high: number | null;
  estimated_by: string | null;
  estimated_at: string | null;
  assignee_id: string | null;
  visibility: Visibility;
  external_ref: string | null;
  external_source: string | null;
  external_id: string | null;
  actual_minutes_shared: number;
  actual_minutes_internal: number;
  started_at: string | null;
  done_at: string | null;
  dropped_at: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface TimeEntriesTable {
  id: string;
  engagement_id: string;
  user_id: string;
  work_item_id: string | null;
  date_worked: string;
  minutes: number;
  note: string;
  billable: number;
  visibility: Visibility;
  logged_at: string;
  updated_at: string;
  created_by: string;
  external_source: string | null;
  external_id: string | null;
}

export interface TimeRollupsTable {
  engagement_id: string;
  date_worked: string;
  user_id: string;
  visibility: Visibility;
  billable: number;
  minutes: number;
  entries: number;
}

export interface TimeDayRollupsTable {
  engagement_id: string;
  date_worked: string;
  visibility: Visibility;
  billable: number;
  minutes: number;
  entries: number;
  amount: number; // money at the rates in force when written (rebuilt when rates change)
  unrated_minutes: number;
}

export interface TimeLocksTable {
  id: string;
  engagement_id: string;
  period_start: string;
  period_end: string;
  note: string;
  locked_by: string;
  locked_at: string;
}

export interface RatesTable {
  id: string;
  engagement_id: string;
  role: 'lead' | 'member' | null;
  user_id: string | null;
  hourly_rate: number;
  currency: string;
  updated_at: string;
}

export interface DeliveryImportsTable {
  id: string;
  engagement_id: string;
  source: ImportSource;
  file_name: string;
  file_sha256: string;
  content: string;
  format: string;
  mapping: string;
  options: string;
  status: 'uploaded' | 'running' | 'checked' | 'imported' | 'failed';
  phase: string;
  processed: number;
  total: number;
  result: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}

/** The delivery tables, merged into `DB` (declaration merging keeps this block apart from the others). */
export interface DB {
  delivery_settings: DeliverySettingsTable;
  phases: PhasesTable;
  work_items: WorkItemsTable;
  time_entries: TimeEntriesTable;
  time_rollups: TimeRollupsTable;
  time_day_rollups: TimeDayRollupsTable;
  time_locks: TimeLocksTable;
  rates: RatesTable;
  delivery_imports: DeliveryImportsTable;
}

// ── Commitments ledger (migration 0004) ───────────────────────────────────
export type CommitmentStatus = 'open' | 'renegotiated' | 'kept' | 'missed';
export type CommitmentEventKind = 'created' | 'edited' | 'renegotiated' | 'kept' | 'missed' | 'delivered_late';

export interface CommitmentsTable {
  id: string;
  engagement_id: string;
  side: 'provider' | 'client';
  title: string;
  details: string;
  assumptions: string;
  due_date: string; // YYYY-MM-DD, due by the end of that day (UTC)
  original_due_date: string;
  status: CommitmentStatus;
  owner_user_id: string | null;
  phase_id: string | null;
  visibility: Visibility; // client-side commitments are always shared
  renegotiations: number;
  late_renegotiations: number;
  delivered_on: string | null;
  kept_at: string | null;
  missed_at: string | null;
  missed_automatically: number;
  resolved_on: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface CommitmentEventsTable {
  id: string;
  commitment_id: string;
  kind: CommitmentEventKind;
  at: string;
  actor_id: string | null;
  data: string; // JSON, per kind
  note: string;
}

export interface CommitmentItemsTable {
  commitment_id: string;
  work_item_id: string;
}

/** The commitments tables, merged into `DB`. */
export interface DB {
  commitments: CommitmentsTable;
  commitment_events: CommitmentEventsTable;
  commitment_items: CommitmentItemsTable;
}

// ── forecasts (issue 5) ─────────────────────────────────────────────────────

export interface ForecastsTable {
  id: string;
  engagement_id: string;
  phase_id: string | null;
  audience: 'all' | 'shared';
  trigger: 'manual' | 'weekly';
  as_of: string;
  seed: number;
  trials: number;
  item_ids: string;
  spent_on_open_hours: number;
  effort_p50: number;
  effort_p85: number;
  effort_p95: number;
  date_p50: string | null;
  date_p85: string | null;
  date_p95: string | null;
  amount_p50: number | null;
  amount_p85: number | null;
  amount_p95: number | null;
  inputs_hash: string;
  result: string;
  note: string;
  created_by: string | null;
  created_at: string;
}

export interface DB {
  forecasts: ForecastsTable;
}

// ── capacity plans (issue 18) ───────────────────────────────────────────────

export interface CapacityPlanPeriodsTable {
  id: string;
  engagement_id: string;
  kind: 'people' | 'closed';
  starts_on: string;
  ends_on: string | null;
  /** JSON array of member user ids. */
  person_ids: string;
  hours_per_person_week: number;
  note: string;
  position: number;
  created_by: string | null;
  created_at: string;
}

export interface DB {
  capacity_plan_periods: CapacityPlanPeriodsTable;
}

// ── communication coach (issue 13) ──────────────────────────────────────────

/** How often a coach rule was dismissed: no text, no person. */
export interface CoachRuleDismissalsTable {
  rule: string;
  category: string;
  dismissals: number;
  last_dismissed_at: string;
}

export interface CoachDismissalReasonsTable {
  id: string;
  rule: string;
  reason: string;
  created_at: string;
}

export interface GlossaryTermsTable {
  id: string;
  engagement_id: string;
  term: string;
  term_key: string;
  explanation: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface DB {
  coach_rule_dismissals: CoachRuleDismissalsTable;
  coach_dismissal_reasons: CoachDismissalReasonsTable;
  glossary_terms: GlossaryTermsTable;
}

// ── Recommendations ledger (migration 0010, ADR 0017) ───────────────────────
export type RecommendationKind = 'do' | 'dont' | 'defer' | 'alternative';
export type RecommendationStatus = 'proposed' | 'accepted' | 'declined' | 'deferred';
export type RecommendationEffort = 'none' | 'small' | 'medium' | 'large';

export interface RecommendationsTable {
  id: string;
  engagement_id: string;
  kind: RecommendationKind;
  title: string;
  recommendation: string; // "We recommend …, because …"
  benefit: string;
  risk_of_not_acting: string;
  effort: RecommendationEffort;
  cost_hours: number | null; // decimal hours
  cost_money: number | null; // budget currency, major unit
  avoided_hours: number | null;
  avoided_money: number | null;
  replaces_cost: number | null; // an alternative: the cost of the work it replaces
  outcome_id: string | null;
  visibility: Visibility;
  status: RecommendationStatus; // the client's answer ('proposed' until there is one)
  response_reason: string;
  deferred_until: string | null; // YYYY-MM-DD
  responded_at: string | null; // figures are frozen from then on
  responded_by: string | null;
  reminded_at: string | null; // the deferral reminder went out (reset by each answer)
  against_revenue: number; // 1: dont, or an alternative cheaper than what it replaces
  phase_id: string | null;
  version: number;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface RecommendationVersionsTable {
  id: string;
  recommendation_id: string;
  version: number;
  change: 'created' | 'edited' | 'answered' | 'shared';
  at: string;
  actor_id: string | null;
  snapshot: string; // JSON: the recommendation as it stood
  changes: string; // JSON string[]
}

export interface RecommendationItemsTable {
  recommendation_id: string;
  work_item_id: string;
  relation: 'created' | 'dropped';
}

export interface DB {
  recommendations: RecommendationsTable;
  recommendation_versions: RecommendationVersionsTable;
  recommendation_items: RecommendationItemsTable;
}

// ── Gate reviews (migration 0009, ADR 0015) ───────────────────────────────
export type GateReviewStatus = 'open' | 'revealed' | 'paused' | 'decided';
export type GateDecision = 'proceed' | 'proceed_with_conditions' | 'pause' | 'stop';

export interface GateReviewsTable {
  id: string;
  engagement_id: string;
  phase_id: string;
  questions: string; // JSON [{ key, text, custom }]
  status: GateReviewStatus;
  opened_by: string;
  opened_at: string;
  answers_due_on: string;
  provider_submitted_by: string | null;
  provider_submitted_at: string | null;
  provider_hash: string | null;
  provider_nonce: string;
  client_submitted_by: string | null;
  client_submitted_at: string | null;
  client_hash: string | null;
  client_nonce: string;
  revealed_at: string | null;
  decision: GateDecision | null;
  rationale: string | null;
  decided_by: string | null;
  decided_at: string | null;
  revisit_on: string | null;
  conditions: string; // JSON [{ commitmentId, what, side, dueDate }]
  created_at: string;
  updated_at: string;
}

export interface GateReviewAnswersTable {
  review_id: string;
  side: 'provider' | 'client';
  question: string;
  score: number | null;
  comment: string;
  updated_by: string;
  updated_at: string;
}

export interface GateReviewRemarksTable {
  id: string;
  review_id: string;
  side: 'provider' | 'client';
  question: string | null;
  body: string;
  author_id: string;
  created_at: string;
}

export interface DB {
  gate_reviews: GateReviewsTable;
  gate_review_answers: GateReviewAnswersTable;
  gate_review_remarks: GateReviewRemarksTable;
}

// ── future agenda (issue 11, ADR 0018) ──────────────────────────────────────

export interface AgendaEntriesTable {
  id: string;
  engagement_id: string;
  kind: 'idea' | 'need' | 'market_change' | 'improvement';
  title: string;
  details: string;
  raised_by: string;
  side: 'provider' | 'client';
  visibility: Visibility;
  status: 'open' | 'kept' | 'dropped' | 'turned_into';
  link_type: 'phase' | 'recommendation' | 'decision' | null;
  link_id: string | null;
  last_review_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface AgendaReviewsTable {
  id: string;
  engagement_id: string;
  held_on: string;
  discussed: string;
  /** JSON array of member user ids */
  attendees: string;
  recorded_by: string;
  created_at: string;
}

export interface AgendaOutcomesTable {
  id: string;
  review_id: string;
  entry_id: string;
  decision: 'keep' | 'drop' | 'phase' | 'recommendation' | 'decision';
  link_id: string | null;
}

export interface DB {
  agenda_entries: AgendaEntriesTable;
  agenda_reviews: AgendaReviewsTable;
  agenda_outcomes: AgendaOutcomesTable;
}

// ── Comments and failure reports (issue 12, ADR 0020) ────────────────────────

export interface CommentsTable {
  id: string;
  engagement_id: string;
  subject_type: string;
  subject_id: string;
  visibility: Visibility; // effective: internal when the subject is or the author marked it
  marked_internal: number;
  side: 'provider' | 'client';
  body: string | null; // null: deleted
  mentions: string; // JSON [userId]
  author_id: string;
  edits: number;
  edited_at: string | null;
  deleted_by: string | null;
  deleted_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface CommentVersionsTable {
  id: string;
  comment_id: string;
  body: string;
  written_by: string;
  written_at: string;
  replaced_at: string;
}

export interface CommentReactionsTable {
  comment_id: string;
  user_id: string;
  reaction: string;
  created_at: string;
}

export interface FailureReportsTable {
  id: string;
  engagement_id: string;
  title: string;
  what_happened: string;
  client_impact: string;
  timeline: string; // JSON [{ at, what }]
  cause: string;
  changes: string;
  follow_ups: string; // JSON [{ title, dueDate, ownerId }]
  follow_up_ids: string; // JSON [commitmentId]
  source_type: 'raid_item' | 'commitment' | null;
  source_id: string | null;
  status: 'draft' | 'published';
  visibility: Visibility;
  created_by: string;
  published_by: string | null;
  published_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface FailureReportAcksTable {
  report_id: string;
  user_id: string;
  at: string;
}

export interface DB {
  comments: CommentsTable;
  comment_versions: CommentVersionsTable;
  comment_reactions: CommentReactionsTable;
  failure_reports: FailureReportsTable;
  failure_report_acks: FailureReportAcksTable;
}

/** A live event (ADR 0021): ids, action and visibility of a change or a notification; never content. */
export interface EventsTable {
  id: string;
  /** The writing PostgreSQL transaction's id (0 on SQLite); events are ordered by (txid, id). */
  txid: number;
  engagement_id: string;
  /** The recipient of a notification event; null for a change event (every member who may see it). */
  user_id: string | null;
  type: 'notification' | 'change';
  object_type: string;
  object_id: string;
  action: string;
  visibility: Visibility;
  created_at: string;
}

export interface NotificationPreferencesTable {
  user_id: string;
  kinds: string; // JSON { [preference kind]: 'in_app' | 'email' | 'both' | 'digest_only' }
  digest_enabled: number;
  digest_day: string; // mon … sun
  digest_last_period: string | null; // the week (its end) of the last digest sent
  updated_at: string;
}

export interface DB {
  events: EventsTable;
  notification_preferences: NotificationPreferencesTable;
}

// ── Status updates (migration 0012) ─────────────────────────────────────────
export type StatusHealth = 'on_track' | 'at_risk' | 'off_track';

export interface StatusUpdatesTable {
  id: string;
  engagement_id: string;
  status: 'draft' | 'published';
  visibility: Visibility; // internal while a draft, shared once published
  markdown: string;
  health: StatusHealth;
  reason: string;
  next_step: string;
  internal_note: string; // provider side only, never in a client's view
  period_start: string;
  due_date: string | null;
  late_working_days: number | null;
  suggested_health: StatusHealth | null;
  suggested_reasons: string; // JSON string[]
  overrode: number;
  override_sentence: string | null;
  figures: string; // JSON: the shared assembly (client-visible lines)
  internal_figures: string; // JSON: provider-only lines
  created_by: string;
  published_by: string | null;
  published_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface StatusUpdateResponsesTable {
  id: string;
  status_update_id: string;
  user_id: string;
  acknowledged: number;
  comment: string;
  at: string;
}

export interface StatusUpdateLatenessTable {
  engagement_id: string;
  due_date: string;
  noted_at: string;
}

export interface DB {
  status_updates: StatusUpdatesTable;
  status_update_responses: StatusUpdateResponsesTable;
  status_update_lateness: StatusUpdateLatenessTable;
}

// ── Partner selection (migration 0016, ADR 0023) ─────────────────────────
export type SelectionRole = 'owner' | 'evaluator';
export type RedFlagKind = 'commitments_without_context' | 'hours_and_rates_only' | 'unclear_governance' | 'no_future_conversation' | 'yes_to_everything';

export interface SelectionsTable {
  id: string;
  client_org_id: string;
  title: string;
  status: 'draft' | 'scoring' | 'decided';
  created_by: string;
  created_at: string;
  updated_at: string;
  scoring_started_at: string | null;
  decided_candidate_id: string | null;
  decision_reasons: string | null;
  decided_by: string | null;
  decided_at: string | null;
  engagement_id: string | null;
}

export interface SelectionMembersTable {
  selection_id: string;
  user_id: string;
  role: SelectionRole;
  added_by: string;
  created_at: string;
}

export interface SelectionCriteriaTable {
  selection_id: string;
  key: string;
  label: string;
  weight: number;
  position: number;
}

export interface SelectionResultSharesTable {
  id: string;
  selection_id: string;
  candidate_id: string;
  provider_org_id: string;
  result: string; // JSON: SharedResult (src/contracts/selections.ts)
  message: string | null;
  shared_by: string;
  shared_at: string;
}

export interface SelectionCandidatesTable {
  id: string;
  selection_id: string;
  name: string;
  provider_org_id: string | null;
  added_by: string;
  created_at: string;
}

export interface SelectionEvidenceTable {
  id: string;
  selection_id: string;
  candidate_id: string;
  kind: 'note' | 'link' | 'document';
  title: string;
  body: string | null;
  url: string | null;
  file_name: string | null;
  content_type: string | null;
  size: number | null;
  data: Buffer | null;
  added_by: string;
  created_at: string;
}

export interface SelectionRedFlagsTable {
  id: string;
  selection_id: string;
  candidate_id: string;
  kind: RedFlagKind;
  evidence: string;
  raised_by: string;
  raised_at: string;
}

export interface SelectionFlagRulesTable {
  selection_id: string;
  kind: RedFlagKind;
  effect: 'exclude' | 'cost';
  points: number | null;
}

export interface SelectionScoresTable {
  selection_id: string;
  evaluator_id: string;
  candidate_id: string;
  criterion: string;
  score: number;
  comment: string;
  updated_at: string;
  submitted_at: string | null;
}

export interface SelectionSubmissionsTable {
  selection_id: string;
  evaluator_id: string;
  candidate_id: string;
  nonce: string;
  hash: string | null;
  submitted_at: string | null;
}

export interface SelectionInvitationsTable {
  id: string;
  selection_id: string;
  candidate_id: string;
  provider_org_id: string;
  email: string | null;
  engagement_name: string;
  token_hash: string;
  status: 'pending' | 'accepted' | 'revoked';
  invited_by: string;
  created_at: string;
  accepted_by: string | null;
  accepted_at: string | null;
  engagement_id: string | null;
}

export interface SelectionBaselinesTable {
  engagement_id: string;
  selection_id: string;
  candidate_id: string;
  selection_title: string;
  criteria: string; // JSON [{ key, label, weight, mean, min, max }]
  red_flags: string; // JSON [{ kind, evidence }]
  decided_at: string;
  created_at: string;
}

export interface DB {
  selections: SelectionsTable;
  selection_members: SelectionMembersTable;
  selection_criteria: SelectionCriteriaTable;
  selection_candidates: SelectionCandidatesTable;
  selection_result_shares: SelectionResultSharesTable;
  selection_evidence: SelectionEvidenceTable;
  selection_red_flags: SelectionRedFlagsTable;
  selection_flag_rules: SelectionFlagRulesTable;
  selection_scores: SelectionScoresTable;
  selection_submissions: SelectionSubmissionsTable;
  selection_invitations: SelectionInvitationsTable;
  selection_baselines: SelectionBaselinesTable;
}

// ── iCalendar feeds (migration 0018, ADR 0025) ──────────────────────────────

export interface CalendarFeedsTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string; // keyed SHA-256 of the secret in the URL
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface DB {
  calendar_feeds: CalendarFeedsTable;
}

// ── Webhooks (migration 0019, ADR 0026) ─────────────────────────────────────

export interface WebhooksTable {
  id: string;
  engagement_id: string;
  side: 'provider' | 'client';
  created_by: string;
  created_role: EngagementRole;
  url: string;
  events: string; // JSON array
  secret: string; // whsec_<base64>
  previous_secret: string | null;
  previous_secret_expires_at: string | null;
  status: 'enabled' | 'disabled';
  disabled_reason: string | null;
  disabled_at: string | null;
  failing_since: string | null;
  last_success_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface WebhookMessagesTable {
  id: string;
  webhook_id: string;
  event_type: string;
  visibility: Visibility;
  body: string;
  created_at: string;
}

export interface WebhookAttemptsTable {
  id: string;
  message_id: string;
  webhook_id: string;
  attempt: number;
  trigger: 'event' | 'test' | 'redeliver';
  status: 'pending' | 'succeeded' | 'failed' | 'cancelled';
  scheduled_at: string;
  started_at: string | null;
  duration_ms: number | null;
  request_url: string;
  request_headers: string | null;
  response_status: number | null;
  response_body: string | null;
  error: string | null;
  next_attempt_at: string | null;
  created_at: string;
}

export interface DB {
  webhooks: WebhooksTable;
  webhook_messages: WebhookMessagesTable;
  webhook_attempts: WebhookAttemptsTable;
}

// ── Moving an engagement between instances (migration 0020, ADR 0027) ──────

export interface EngagementImportsTable {
  engagement_id: string;
  source_instance: string;
  source_schema: string;
  source_dialect: string;
  exported_at: string;
  file_sha256: string;
  head_seq: number;
  head_hash: string;
  rows: number;
  imported_at: string;
}

export interface ImportedUserMappingsTable {
  engagement_id: string;
  /** the file's user id, kept here as a disabled alias (the chain names it) */
  source_user_id: string;
  /** the account of this instance that already had the e-mail */
  target_user_id: string;
  email: string;
  created_at: string;
}

export interface DB {
  engagement_imports: EngagementImportsTable;
  imported_user_mappings: ImportedUserMappingsTable;
}

// ── Sign-in limits shared across processes (migration 0021, ADR 0029) ──────

export interface RateLimitsTable {
  /** sha256 of the route and the limiter's key (client address and e-mail): no address or e-mail stored */
  key: string;
  /** attempts in the current window */
  hits: number;
  /** when the current window ends, in epoch milliseconds */
  window_ends_at: number;
}

export interface DB {
  rate_limits: RateLimitsTable;
}
