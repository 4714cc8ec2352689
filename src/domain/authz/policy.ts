/**
 * Who may do what inside an engagement: one declarative table. Pure: no I/O.
 *
 * Every engagement read and write on the server goes through
 * `authorizeEngagement` (src/server/authz/access.ts), which consults this
 * table; lists and exports then filter rows with `visibleVisibilities`.
 * Non-members never reach this table: they get 404 before it.
 */
export type EngagementRole = 'lead' | 'member' | 'sponsor' | 'stakeholder';
export type Side = 'provider' | 'client';
export type Visibility = 'shared' | 'internal';

export const ROLES: readonly EngagementRole[] = ['lead', 'member', 'sponsor', 'stakeholder'];

export const sideOf = (role: EngagementRole): Side => (role === 'lead' || role === 'member' ? 'provider' : 'client');

const ALL = ROLES;
const PROVIDER: readonly EngagementRole[] = ['lead', 'member'];
const LEADS: readonly EngagementRole[] = ['lead', 'sponsor'];

export const POLICY = {
  'engagement.read': ALL,
  'engagement.update': ['lead'],
  'member.read': ALL,
  'member.remove': ['lead'],
  'invitation.read': LEADS,
  'invitation.create': LEADS,
  'invitation.revoke': LEADS,
  'charter.read': ALL,
  'charter.propose': LEADS,
  'charter.accept': LEADS,
  'outcome.read': ALL,
  'outcome.measure': ['lead', 'member', 'sponsor'],
  'note.read': ALL,
  'note.create': ALL,
  'note.update': ALL, // further limited to the author or the lead, see canEditNote
  'content.internal': PROVIDER,
  'audit.read': ALL,
  'audit.export': ALL,
  // Delivery transparency (issue 3)
  'delivery.read': ALL, // phases, items, totals, budget burn, progress, exports (visibility-filtered)
  'delivery.configure': ['lead'], // dates, budget, thresholds, client time view, rates, period locks
  'phase.manage': ['lead'],
  'item.write': PROVIDER,
  'time.log': PROVIDER, // own entries; the lead may log and edit for any provider member
  'time.manage': ['lead'],
  'rates.read': PROVIDER, // client roles only when the lead shares rates (checked in the service)
  'import.run': ['lead'],
  // Governance (issue 4): anyone on the engagement may flag, ask and escalate
  'raid.read': ALL,
  'raid.write': ALL,
  'decision.read': ALL,
  'decision.request': ['lead', 'member', 'sponsor'],
  'decision.decide': ALL, // further limited to the decider, see decide()
  'escalation.read': ALL,
  'escalation.raise': ALL,
  'escalation.act': ALL, // further limited to the current level or the raiser, see mayActOnLevel
  // Forecasts (issue 5): each side sees the forecast of what it may see; anyone may record one
  'forecast.read': ALL,
  'forecast.record': ALL,
  // Capacity plan (issue 18): the provider's staffing, so the provider reads it and the lead writes it;
  // clients see only its effect on the dates and its label (a head count and dates, no names)
  'capacity.read': PROVIDER,
  'capacity.plan': ['lead'],
  // Commitments ledger: everyone reads (clients never see internal ones); leads of both sides
  // and provider members record, edit, renegotiate and mark kept, further limited by side (mayManageSide)
  'commitment.read': ALL,
  'commitment.write': ['lead', 'member', 'sponsor'],
  // Communication coach (issue 13): the glossary is read by everyone (tooltips for clients), kept by the lead
  'glossary.read': ALL,
  'glossary.write': ['lead'],
  // Navigation (issue 10): the counts beside the sections, each from a visibility-filtered read
  'navigation.counts': ALL,
  // Gate reviews (issue 11, ADR 0015): everyone reads (the other side's answers only once both submitted);
  // the lead answers for the provider (members draft), the sponsor for the client; anyone adds a remark of
  // their own; the sponsor decides; a stopped engagement reopens when the lead and the sponsor both ask
  'gate.read': ALL,
  'gate.answer': ['lead', 'member', 'sponsor'],
  'gate.remark': ALL,
  'gate.decide': ['sponsor'],
  'engagement.reopen': LEADS,
  // People, not names (issue 10, ADR 0016): names the people migration could not match, for the leads to resolve
  'people.unresolved': LEADS,
  // Status updates (issue 12): everyone reads published ones (drafts are internal); the provider reads the
  // assembled draft, the lead writes and publishes; client roles acknowledge
  'status.read': ALL,
  'status.draft': PROVIDER,
  'status.write': ['lead'],
  'status.acknowledge': ['sponsor', 'stakeholder'],
  // Comments (issue 12, ADR 0020): everyone reads and writes threads on what they can see; provider roles may mark a comment internal
  'comment.read': ALL,
  'comment.write': ALL,
  // Failure reports (issue 12): the provider reports its own failures; clients read, comment and acknowledge published ones
  'failure.read': ALL,
  'failure.write': PROVIDER,
  'failure.acknowledge': ['sponsor', 'stakeholder'],
  // Future agenda (issue 11, ADR 0018): both sides raise entries; the lead and the sponsor record a review
  'agenda.read': ALL,
  'agenda.write': ALL, // editing an entry further limited to its author or the lead
  'agenda.review': LEADS,
  // Recommendations ledger (issue 11, ADR 0017): everyone reads (clients never see internal drafts);
  // the provider recommends; the sponsor answers for the client
  'recommendation.read': ALL,
  'recommendation.write': PROVIDER,
  'recommendation.respond': ['sponsor'],
  // Trust index (issue 14, ADR 0022): every member reads the same numbers from shared evidence
  'trust.read': ALL,
  // Engagement report (issue 16, ADR 0024): every member generates it, with what their role may see
  'report.read': ALL,
  // Partner selection (issue 15, ADR 0023): the baseline an engagement started from a selection is compared against
  'selection.baseline': ALL,
  // Webhooks (issue 16, ADR 0026): the lead registers the provider side's endpoints, the sponsor the client side's;
  // each sees and manages only its own side's (the service scopes them by side)
  'webhook.read': LEADS,
  'webhook.manage': LEADS,
} as const satisfies Record<string, readonly EngagementRole[]>;

export type Action = keyof typeof POLICY;

/**
 * Partner selection (issue 15, ADR 0023): a selection is not an engagement. Its
 * members hold `owner` and/or `evaluator` (one person may hold both: the owner
 * scores only when also added as an evaluator). Everyone else gets 404 before
 * this table, the instance admin included (`authorizeSelection`).
 */
export type SelectionRole = 'owner' | 'evaluator';
export const SELECTION_ROLES: readonly SelectionRole[] = ['owner', 'evaluator'];

export const SELECTION_POLICY = {
  'selection.read': ['owner', 'evaluator'], // the selection, its scorecard, candidates, evidence; scores as the blind rule allows; results
  'selection.manage': ['owner'], // criteria, candidates, evaluators, red-flag rules, decision, invitation
  'selection.evidence': ['owner', 'evaluator'], // add evidence and red flags to a candidate
  'selection.score': ['evaluator'], // score candidates (an owner only when also an evaluator)
} as const satisfies Record<string, readonly SelectionRole[]>;

export type SelectionAction = keyof typeof SELECTION_POLICY;

/** Whether any of a member's selection roles allows the action. */
export function canInSelection(roles: readonly SelectionRole[], action: SelectionAction): boolean {
  return roles.some((r) => (SELECTION_POLICY[action] as readonly SelectionRole[]).includes(r));
}

export function can(role: EngagementRole, action: Action): boolean {
  return (POLICY[action] as readonly EngagementRole[]).includes(role);
}

/** The visibilities a role may read. Internal content is provider-only. */
export function visibleVisibilities(role: EngagementRole): Visibility[] {
  return can(role, 'content.internal') ? ['shared', 'internal'] : ['shared'];
}

export function canSee(role: EngagementRole, visibility: Visibility): boolean {
  return visibleVisibilities(role).includes(visibility);
}

/** Roles one role may invite: the lead invites anyone; the sponsor invites the client side. */
export function invitableRoles(role: EngagementRole): EngagementRole[] {
  if (role === 'lead') return [...ROLES];
  if (role === 'sponsor') return ['sponsor', 'stakeholder'];
  return [];
}

/** A note may be edited by its author, or by the lead. */
export function canEditNote(role: EngagementRole, userId: string, note: { authorId: string }): boolean {
  return note.authorId === userId || role === 'lead';
}

/**
 * The visibility of a change (its audit record, its notification): internal
 * if the object was internal before or is internal after, so that making a
 * note shared never reveals what it said while it was internal.
 */
export function changeVisibility(
  before: { visibility: Visibility } | null,
  after: { visibility: Visibility } | null,
): Visibility {
  return before?.visibility === 'internal' || after?.visibility === 'internal' ? 'internal' : 'shared';
}
