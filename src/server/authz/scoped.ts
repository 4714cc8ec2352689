import { type DeleteQueryBuilder, type DeleteResult, type Kysely, type Selectable, type SelectQueryBuilder, type SqlBool, sql, type UpdateQueryBuilder, type UpdateResult } from 'kysely';
import { POLICY, type Side, type Visibility } from '../../domain/authz/policy';
import type { DB } from '../db/schema';
import type { Actor } from '../http/context';
import { notFound } from '../http/errors';
import type { EngagementAccess } from './access';
import type { SelectionAccess } from './selection-access';

/**
 * The one read path into engagement content (ADR 0011).
 *
 * `scoped(db, access, 'notes')` is `selectFrom('notes')` already restricted to
 * the access's engagement and to the visibilities its role may read; services
 * never write `where('engagement_id', …)` or `where('visibility', …)` for
 * engagement content by hand. Tables whose visibility comes from a parent
 * (a commitment's events, an escalation's events, a commitment's links to
 * items) are restricted through their parent, so a row is visible only when
 * its parent is. Forecasts carry an audience instead of a visibility; the audit
 * log is scoped by its chain. A read that must not be scoped (a job re-reading
 * state, the audit verifier, the admin) says so with `unscoped(db, 'why')`.
 *
 * `test/scoped-reads.unit.test.ts` fails when service code selects from one of
 * these tables, or filters on their engagement or visibility, any other way.
 */
type Scope =
  /** engagement_id, and a visibility column when the table has one */
  | { by: 'engagement'; visibility: boolean }
  /** visible when its parent row is: `fk` references the parent's id */
  | { by: 'parent'; parents: readonly { fk: string; table: string }[] }
  /** forecasts: the reader's own view, audience 'all' (provider) or 'shared' (client) */
  | { by: 'audience' }
  /** the audit log: chain_id is the engagement, records carry their visibility */
  | { by: 'chain' }
  /**
   * blind answers (ADR 0015): visible when the parent is, and then only the
   * reader's own side's rows until every `revealed` column of the parent is set
   * (both sides have submitted)
   */
  | { by: 'blind'; fk: string; table: string; revealed: readonly string[] }
  /**
   * partner selection content (ADR 0023): keyed by selection_id (`selections` by its id), read only through
   * scopedSelection() with a SelectionAccess; an engagement access reads none of it
   */
  | { by: 'selection' }
  /**
   * selection scores, blind: the reader's own rows (drafts too), and submitted rows of the candidates the
   * reader has submitted; an owner who does not evaluate reads every submitted row
   */
  | { by: 'selection-blind' }
  /** one side's rows of an engagement (webhooks, ADR 0026): engagement_id and `side` = the reader's side */
  | { by: 'side' };

export const SCOPES = {
  notes: { by: 'engagement', visibility: true },
  raid_items: { by: 'engagement', visibility: true },
  decisions: { by: 'engagement', visibility: true },
  escalations: { by: 'engagement', visibility: true },
  work_items: { by: 'engagement', visibility: true },
  time_entries: { by: 'engagement', visibility: true },
  time_rollups: { by: 'engagement', visibility: true },
  time_day_rollups: { by: 'engagement', visibility: true },
  commitments: { by: 'engagement', visibility: true },
  events: { by: 'engagement', visibility: true }, // live events (ADR 0021): read per person by the hub, unscoped('why') + canSee per row
  status_updates: { by: 'engagement', visibility: true }, // drafts are internal, published updates shared (0012)
  agenda_entries: { by: 'engagement', visibility: true },
  recommendations: { by: 'engagement', visibility: true },
  comments: { by: 'engagement', visibility: true }, // effective visibility: internal when the subject is (ADR 0020)
  failure_reports: { by: 'engagement', visibility: true },
  // Engagement-wide content every member reads (no internal variant).
  engagements: { by: 'engagement', visibility: false },
  memberships: { by: 'engagement', visibility: false },
  invitations: { by: 'engagement', visibility: false },
  charter_versions: { by: 'engagement', visibility: false },
  outcomes: { by: 'engagement', visibility: false },
  phases: { by: 'engagement', visibility: false },
  delivery_settings: { by: 'engagement', visibility: false },
  time_locks: { by: 'engagement', visibility: false },
  rates: { by: 'engagement', visibility: false },
  delivery_imports: { by: 'engagement', visibility: false },
  capacity_plan_periods: { by: 'engagement', visibility: false }, // provider-only by the policy table (capacity.read)
  glossary_terms: { by: 'engagement', visibility: false }, // the coach's glossary: every member reads it (ADR 0013)
  status_update_lateness: { by: 'engagement', visibility: false }, // due dates that passed without an update: both sides see them
  agenda_reviews: { by: 'engagement', visibility: false }, // a review is shared; its outcomes carry their entry's visibility
  // Visibility from a parent.
  commitment_events: { by: 'parent', parents: [{ fk: 'commitment_id', table: 'commitments' }] },
  escalation_events: { by: 'parent', parents: [{ fk: 'escalation_id', table: 'escalations' }] },
  status_update_responses: { by: 'parent', parents: [{ fk: 'status_update_id', table: 'status_updates' }] },
  commitment_items: {
    by: 'parent',
    parents: [
      { fk: 'commitment_id', table: 'commitments' },
      { fk: 'work_item_id', table: 'work_items' },
    ],
  },
  recommendation_versions: { by: 'parent', parents: [{ fk: 'recommendation_id', table: 'recommendations' }] },
  recommendation_items: {
    by: 'parent',
    parents: [
      { fk: 'recommendation_id', table: 'recommendations' },
      { fk: 'work_item_id', table: 'work_items' },
    ],
  },
  agenda_outcomes: {
    by: 'parent',
    parents: [
      { fk: 'entry_id', table: 'agenda_entries' },
      { fk: 'review_id', table: 'agenda_reviews' },
    ],
  },
  comment_versions: { by: 'parent', parents: [{ fk: 'comment_id', table: 'comments' }] },
  comment_reactions: { by: 'parent', parents: [{ fk: 'comment_id', table: 'comments' }] },
  failure_report_acks: { by: 'parent', parents: [{ fk: 'report_id', table: 'failure_reports' }] },
  forecasts: { by: 'audience' },
  audit_log: { by: 'chain' },
  // Gate reviews (0009, ADR 0015): the review is the engagement's; its answers and remarks are blind
  gate_reviews: { by: 'engagement', visibility: false },
  gate_review_answers: { by: 'blind', fk: 'review_id', table: 'gate_reviews', revealed: ['provider_submitted_at', 'client_submitted_at'] },
  gate_review_remarks: { by: 'blind', fk: 'review_id', table: 'gate_reviews', revealed: ['provider_submitted_at', 'client_submitted_at'] },
  // Partner selection (0016, ADR 0023): not engagement content; the baseline an engagement started from one is
  selection_baselines: { by: 'engagement', visibility: false },
  selections: { by: 'selection' },
  selection_members: { by: 'selection' },
  selection_criteria: { by: 'selection' },
  selection_candidates: { by: 'selection' },
  selection_evidence: { by: 'selection' },
  selection_red_flags: { by: 'selection' },
  selection_flag_rules: { by: 'selection' },
  selection_submissions: { by: 'selection' },
  selection_invitations: { by: 'selection' },
  // read by the candidate's provider organization through its own route (selection-feedback), unscoped by org
  selection_result_shares: { by: 'selection' },
  selection_scores: { by: 'selection-blind' },
  // Webhooks (0019, ADR 0026): an endpoint is its side's; its messages and attempts are visible when it is
  webhooks: { by: 'side' },
  webhook_messages: { by: 'parent', parents: [{ fk: 'webhook_id', table: 'webhooks' }] },
  webhook_attempts: { by: 'parent', parents: [{ fk: 'webhook_id', table: 'webhooks' }] },
} as const satisfies Record<string, Scope>;

export type ScopedTable = keyof typeof SCOPES;
/** A scoped table, optionally aliased: 'work_items' or 'work_items as w'. */
export type ScopedFrom = ScopedTable | `${ScopedTable} as ${string}`;

type Builder<TE extends ScopedFrom> = TE extends ScopedTable
  ? SelectQueryBuilder<DB, TE, {}>
  : TE extends `${infer T} as ${infer A}`
    ? T extends ScopedTable
      ? SelectQueryBuilder<DB & { [K in A]: DB[T] }, A, {}>
      : never
    : never;

/** The column an engagement's rows are keyed by ('engagements' is keyed by its own id). */
const engagementColumn = (table: ScopedTable) => (table === 'engagements' ? 'id' : 'engagement_id');

function split(from: ScopedFrom): { table: ScopedTable; ref: string } {
  const m = /^(\w+)(?: as (\w+))?$/.exec(from);
  if (!m || !(m[1]! in SCOPES)) throw new Error(`not a scoped table: ${from}`);
  return { table: m[1] as ScopedTable, ref: m[2] ?? m[1]! };
}


// biome-ignore lint/suspicious/noExplicitAny: the builder is typed by the caller's signature; inside, table names are data
type AnyBuilder = any;

/** Adds the restriction of `table` (referred to as `ref`) for one engagement and a set of visibilities. */
function restrict(q: AnyBuilder, db: Kysely<DB>, table: ScopedTable, ref: string, engagementId: string, visibilities: readonly Visibility[], side?: Side): AnyBuilder {
  const scope: Scope = SCOPES[table];
  // Nothing to see (a client asking for internal rows): no rows, and no `in ()`, which PostgreSQL refuses.
  if (visibilities.length === 0) return q.where(sql<SqlBool>`1 = 0`);
  switch (scope.by) {
    case 'engagement':
      q = q.where(`${ref}.${engagementColumn(table)}`, '=', engagementId);
      return scope.visibility ? q.where(`${ref}.visibility`, 'in', [...visibilities]) : q;
    case 'parent':
      for (const p of scope.parents) {
        const parent = restrict((db as AnyBuilder).selectFrom(p.table).select(`${p.table}.id`), db, p.table as ScopedTable, p.table, engagementId, visibilities, side);
        q = q.where(`${ref}.${p.fk}`, 'in', parent);
      }
      return q;
    case 'blind': {
      if (!side) return q.where(sql<SqlBool>`1 = 0`);
      const parent = restrict((db as AnyBuilder).selectFrom(scope.table).select(`${scope.table}.id`), db, scope.table as ScopedTable, scope.table, engagementId, visibilities, side);
      let revealed: AnyBuilder = (db as AnyBuilder).selectFrom(scope.table).select(`${scope.table}.id`).where(`${scope.table}.engagement_id`, '=', engagementId);
      for (const c of scope.revealed) revealed = revealed.where(`${scope.table}.${c}`, 'is not', null);
      return q.where(`${ref}.${scope.fk}`, 'in', parent).where((eb: AnyBuilder) => eb.or([eb(`${ref}.side`, '=', side), eb(`${ref}.${scope.fk}`, 'in', revealed)]));
    }
    case 'audience':
      return q
        .where(`${ref}.engagement_id`, '=', engagementId)
        .where(`${ref}.audience`, '=', visibilities.includes('internal') ? 'all' : 'shared');
    case 'chain':
      return q.where(`${ref}.chain_id`, '=', engagementId).where(`${ref}.visibility`, 'in', [...visibilities]);
    case 'side':
      if (!side) return q.where(sql<SqlBool>`1 = 0`);
      return q.where(`${ref}.engagement_id`, '=', engagementId).where(`${ref}.side`, '=', side);
    case 'selection':
    case 'selection-blind':
      return q.where(sql<SqlBool>`1 = 0`); // a selection is not an engagement (scopedSelection reads it)
  }
}

/** Adds the restriction of a selection table for one selection access (ADR 0023). */
function restrictSelection(q: AnyBuilder, db: Kysely<DB>, table: ScopedTable, ref: string, access: SelectionAccess): AnyBuilder {
  const scope: Scope = SCOPES[table];
  if (scope.by !== 'selection' && scope.by !== 'selection-blind') throw new Error(`not a selection table: ${table}`);
  q = q.where(`${ref}.${table === 'selections' ? 'id' : 'selection_id'}`, '=', access.selectionId);
  if (scope.by === 'selection') return q;
  if (!access.evaluates) return q.where(`${ref}.submitted_at`, 'is not', null);
  const mine = (db as AnyBuilder)
    .selectFrom('selection_submissions')
    .select('selection_submissions.candidate_id')
    .where('selection_submissions.selection_id', '=', access.selectionId)
    .where('selection_submissions.evaluator_id', '=', access.actor.userId)
    .where('selection_submissions.submitted_at', 'is not', null);
  return q.where((eb: AnyBuilder) =>
    eb.or([eb(`${ref}.evaluator_id`, '=', access.actor.userId), eb.and([eb(`${ref}.submitted_at`, 'is not', null), eb(`${ref}.candidate_id`, 'in', mine)])]),
  );
}

type SelectionTable = { [K in ScopedTable]: (typeof SCOPES)[K] extends { by: 'selection' | 'selection-blind' } ? K : never }[ScopedTable];
type SelectionFrom = SelectionTable | `${SelectionTable} as ${string}`;

/**
 * `selectFrom(table)` restricted to one selection and, for scores, to what the
 * blind rule lets the reader see. The selection counterpart of `scoped()`.
 */
export function scopedSelection<TE extends SelectionFrom>(db: Kysely<DB>, access: SelectionAccess, from: TE): Builder<TE> {
  const { table, ref } = split(from);
  return restrictSelection((db as AnyBuilder).selectFrom(from), db, table, ref, access);
}

/** `updateTable(table)` restricted to one selection (scores: to what the reader may see). */
export function scopedSelectionUpdate<T extends SelectionTable & keyof DB>(db: Kysely<DB>, access: SelectionAccess, table: T): UpdateQueryBuilder<DB, T, T, UpdateResult> {
  return restrictSelection((db as AnyBuilder).updateTable(table), db, table, table, access);
}

/** `deleteFrom(table)` restricted to one selection. */
export function scopedSelectionDelete<T extends SelectionTable & keyof DB>(db: Kysely<DB>, access: SelectionAccess, table: T): DeleteQueryBuilder<DB, T, DeleteResult> {
  return restrictSelection((db as AnyBuilder).deleteFrom(table), db, table, table, access);
}

/**
 * `selectFrom(table)` restricted to the access's engagement and visibilities.
 * Use the returned builder like any other (select, join, where, order).
 */
export function scoped<TE extends ScopedFrom>(db: Kysely<DB>, access: EngagementAccess, from: TE, opts: ScopeOptions = {}): Builder<TE> {
  const { table, ref } = split(from);
  return restrict((db as AnyBuilder).selectFrom(from), db, table, ref, access.engagementId, narrow(access.visibilities, opts.visibility), access.side);
}

export interface ScopeOptions {
  /** Only rows of this visibility (a list filter); intersected with what the reader may see, so a client asking for internal rows gets none. */
  visibility?: Visibility | undefined;
}

const narrow = (allowed: readonly Visibility[], only: Visibility | undefined): readonly Visibility[] =>
  only === undefined ? allowed : allowed.filter((v) => v === only);

/**
 * One row by id, or 404 with `message` when it does not exist in this
 * engagement or the reader may not see it (never 403: existence is not told).
 */
export async function findScoped<T extends ScopedTable>(
  db: Kysely<DB>,
  access: EngagementAccess,
  table: T,
  id: string,
  message: string,
): Promise<Selectable<DB[T]>> {
  const row = await (scoped(db, access, table) as AnyBuilder).selectAll().where(`${table}.id`, '=', id).executeTakeFirst();
  if (!row) throw notFound(message);
  return row as Selectable<DB[T]>;
}

/** `updateTable(table)` restricted like `scoped`: a bulk write touches only rows the writer may see. */
export function scopedUpdate<T extends ScopedTable & keyof DB>(
  db: Kysely<DB>,
  access: EngagementAccess,
  table: T,
): UpdateQueryBuilder<DB, T, T, UpdateResult> {
  return restrict((db as AnyBuilder).updateTable(table), db, table, table, access.engagementId, access.visibilities, access.side);
}

/** `deleteFrom(table)` restricted like `scoped`. */
export function scopedDelete<T extends ScopedTable & keyof DB>(db: Kysely<DB>, access: EngagementAccess, table: T): DeleteQueryBuilder<DB, T, DeleteResult> {
  return restrict((db as AnyBuilder).deleteFrom(table), db, table, table, access.engagementId, access.visibilities, access.side);
}

/** Roles that read internal content, from the policy table. */
const INTERNAL_READERS = [...POLICY['content.internal']];

/**
 * `selectFrom(table)` across every engagement the actor is a member of, each
 * row restricted to what the actor's role in *that* engagement may read (a
 * lead here and a sponsor there sees internal rows here only). For search.
 * The membership is joined as `m`; `m.role` is there to select.
 */
export function scopedAcross<T extends ScopedTable & ('notes' | 'raid_items' | 'decisions' | 'escalations' | 'work_items' | 'commitments' | 'recommendations' | 'outcomes' | 'engagements')>(
  db: Kysely<DB>,
  actor: Actor,
  table: T,
): SelectQueryBuilder<DB & { m: DB['memberships'] }, T | 'm', {}> {
  const scope: Scope = SCOPES[table];
  let q: AnyBuilder = (db as AnyBuilder)
    .selectFrom(table)
    .innerJoin('memberships as m', (j: AnyBuilder) => j.onRef('m.engagement_id', '=', `${table}.${engagementColumn(table)}`).on('m.user_id', '=', actor.userId));
  if (scope.by === 'engagement' && scope.visibility) {
    q = q.where((eb: AnyBuilder) => eb.or([eb(`${table}.visibility`, '=', 'shared'), eb('m.role', 'in', INTERNAL_READERS)]));
  }
  return q;
}

/**
 * Every record of the access's audit chain, internal ones included, for the
 * activity log, which shows each record in order and redacts (to seq, time
 * and payload hash) those the reader may not see: present every row through
 * `toExportRecord(row, access.visibilities)`. For rows the reader sees in
 * full, use `scoped(db, access, 'audit_log')`.
 */
export function chainForRedaction(db: Kysely<DB>, access: EngagementAccess): SelectQueryBuilder<DB, 'audit_log', {}> {
  return (db as AnyBuilder).selectFrom('audit_log').where('audit_log.chain_id', '=', access.engagementId);
}

/**
 * The explicit, greppable escape from scoping, for reads that are not a
 * member's: scheduled jobs re-reading state, the audit chain's verifier and
 * exports, the admin, the demo seed. `why` says which.
 */
export function unscoped<D>(db: D, why: string): D {
  if (!why.trim()) throw new Error('unscoped() needs a reason');
  return db;
}
