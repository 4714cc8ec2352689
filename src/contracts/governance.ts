import { z } from 'zod';
import { Id, IsoDate, IsoDateTime, Side, Text, UserRef, Visibility } from './common';
import { Person, PersonInput } from './people';

const Score = z.number().int('must be a whole number').min(1, 'must be between 1 and 5').max(5, 'must be between 1 and 5');
const Owner = PersonInput.describe('Who owns it: a member {userId}, or a third party or role {name, external: true}');
const NeededFrom = z.enum(['client', 'third_party', 'provider']);

export const RaidType = z.enum(['risk', 'issue', 'assumption', 'dependency']);

export const RaidItem = z.object({
  id: Id,
  type: RaidType,
  title: z.string(),
  description: z.string(),
  visibility: Visibility,
  status: z.string(),
  owner: z.string().describe('The owner’s name (a member’s current name)'),
  ownerPerson: Person,
  probability: z.number().int().nullable(),
  impact: z.number().int().nullable(),
  score: z.number().int().nullable(),
  severity: z.enum(['low', 'medium', 'high', 'critical']).nullable(),
  mitigation: z.string(),
  trigger: z.string(),
  flaggedAt: IsoDateTime,
  occurredAt: IsoDateTime.nullable(),
  riskId: Id.nullable().describe('For an issue: the risk that occurred'),
  issueId: Id.nullable().describe('For an occurred risk: the issue it became'),
  unflagged: z.boolean().describe('An issue nobody flagged as a risk beforehand'),
  leadTimeDays: z.number().nullable().describe('From the risk being flagged to it occurring'),
  neededFrom: NeededFrom.nullable(),
  neededBy: IsoDate.nullable(),
  overdue: z.boolean(),
  resolvedAt: IsoDateTime.nullable(),
  createdBy: UserRef,
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type RaidItem = z.infer<typeof RaidItem>;

const base = { title: Text(200), description: Text(20_000, 0).default(''), owner: Owner, visibility: Visibility.default('shared') };
export const CreateRaidBody = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('risk'), ...base, probability: Score, impact: Score, mitigation: Text(4000, 0).default(''), trigger: Text(1000, 0).default('') }),
  z.strictObject({ type: z.literal('issue'), ...base }),
  z.strictObject({ type: z.literal('assumption'), ...base }),
  z.strictObject({ type: z.literal('dependency'), ...base, neededFrom: NeededFrom, neededBy: IsoDate }),
]);
export type CreateRaidBody = z.infer<typeof CreateRaidBody>;

export const UpdateRaidBody = z.strictObject({
  title: Text(200).optional(),
  description: Text(20_000, 0).optional(),
  owner: Owner.optional(),
  visibility: Visibility.optional(),
  status: z.string().max(40).optional(),
  probability: Score.optional(),
  impact: Score.optional(),
  mitigation: Text(4000, 0).optional(),
  trigger: Text(1000, 0).optional(),
  neededFrom: NeededFrom.optional(),
  neededBy: IsoDate.optional(),
});

export const OccurBody = z.strictObject({ description: Text(20_000, 0).default('') });
export const RaidQuery = z.strictObject({
  type: RaidType.optional(),
  status: z.string().max(40).optional(),
  visibility: Visibility.optional(),
  severity: z.enum(['low', 'medium', 'high', 'critical']).optional(),
  q: z.string().trim().max(200).optional(),
  overdue: z.enum(['true', 'false']).optional(),
});
export const RaidList = z.object({ items: z.array(RaidItem) });
export const RaidParams = z.strictObject({ id: Id, itemId: Id });
export const RaidUpdateResult = z.object({
  item: RaidItem,
  prompt: z.string().nullable().describe('What the change asks of you next, e.g. raise a risk for an invalidated assumption'),
});

export const DecisionOption = z.strictObject({
  title: Text(200),
  description: Text(4000, 0).default(''),
  cost: Text(200, 0).default(''),
  time: Text(200, 0).default(''),
  risk: Text(400, 0).default(''),
});

export const Decision = z.object({
  id: Id,
  number: z.number().int(),
  title: z.string(),
  context: z.string(),
  options: z.array(DecisionOption),
  recommendation: z.string(),
  kind: z.string(),
  decider: z.string(),
  deciderUser: UserRef.nullable(),
  deciderSide: Side.nullable(),
  deciderExternal: z.boolean().describe('The decider is not a member: the lead or sponsor records the outcome'),
  deciderUnresolved: z.boolean().describe('The decider’s name matched no single member: the lead should resolve it'),
  canDecide: z.boolean().describe('Whether the reader may record the outcome now'),
  consulted: z.array(z.string()),
  dueDate: IsoDate,
  overdue: z.boolean(),
  status: z.enum(['proposed', 'decided', 'superseded']),
  outcome: z.string().nullable(),
  chosenOption: z.number().int().nullable(),
  decidedBy: UserRef.nullable(),
  decidedAt: IsoDateTime.nullable(),
  supersedes: z.object({ id: Id, number: z.number().int() }).nullable(),
  supersededBy: z.object({ id: Id, number: z.number().int() }).nullable(),
  visibility: Visibility,
  createdBy: UserRef,
  createdAt: IsoDateTime,
});
export type Decision = z.infer<typeof Decision>;
export const DecisionList = z.object({ decisions: z.array(Decision) });
export const CreateDecisionBody = z.strictObject({
  title: Text(200),
  context: Text(20_000, 0).default(''),
  options: z.array(DecisionOption).min(1, 'give at least one option').max(10),
  recommendation: Text(20_000, 0).default('').describe('The provider’s recommendation and its reasons'),
  kind: Text(80).describe('A decision kind of the agreed charter’s collaboration model'),
  dueDate: IsoDate,
  visibility: Visibility.default('shared'),
  supersedesId: Id.optional(),
});
export const DecideBody = z.strictObject({
  outcome: Text(20_000),
  chosenOption: z.number().int().min(0).optional(),
});
export const DecisionParams = z.strictObject({ id: Id, decisionId: Id });
export const DecisionLatency = z.object({
  sides: z.array(
    z.object({
      side: z.enum(['provider', 'client', 'unknown']),
      decided: z.number().int(),
      medianDaysToDecide: z.number().nullable(),
      onTimeShare: z.number().nullable(),
      openOverdue: z.number().int(),
    }),
  ),
});

export const EscalationLevel = z.object({ level: z.number().int(), person: z.string(), userId: Id.nullable(), responseHours: z.number() });
export const EscalationEvent = z.object({
  at: IsoDateTime,
  kind: z.enum(['raised', 'climbed', 'top_reached', 'acknowledged', 'resolved', 'deescalated']),
  level: z.number().int(),
  actor: UserRef.nullable(),
  note: z.string(),
});
export const Escalation = z.object({
  id: Id,
  subject: z.object({ type: z.enum(['issue', 'decision', 'dependency', 'concern', 'status_update']), id: Id.nullable(), title: z.string().nullable() }),
  title: z.string(),
  description: z.string(),
  visibility: Visibility,
  level: z.number().int(),
  current: EscalationLevel.nullable(),
  deadline: IsoDateTime.nullable().describe('When the current level must have acknowledged'),
  ladder: z.array(EscalationLevel),
  status: z.enum(['open', 'acknowledged', 'resolved', 'deescalated']),
  outcome: z.string().nullable(),
  raisedBy: UserRef.nullable().describe('Null: raised by Candor itself (a status update at risk that no client acknowledged)'),
  createdAt: IsoDateTime,
  canAct: z.boolean().describe('Whether you may act at the current level (acknowledge while open, resolve)'),
  canAcknowledge: z.boolean().describe('Whether you may acknowledge now'),
  canResolve: z.boolean().describe('Whether you may resolve now'),
  canDeescalate: z.boolean().describe('Whether you may de-escalate (the current level or whoever raised it)'),
  events: z.array(EscalationEvent),
});
export type Escalation = z.infer<typeof Escalation>;
export const EscalationList = z.object({ escalations: z.array(Escalation) });
export const RaiseEscalationBody = z.strictObject({
  subjectType: z.enum(['issue', 'decision', 'dependency', 'concern']),
  subjectId: Id.optional(),
  title: Text(200).optional(),
  description: Text(20_000, 0).default(''),
  visibility: Visibility.default('shared'),
});
export const EscalationParams = z.strictObject({ id: Id, escalationId: Id });
export const EscalationNote = z.strictObject({ note: Text(4000, 0).default('') });
export const ResolveBody = z.strictObject({ outcome: Text(4000) });

export const GovernanceSummary = z.object({
  matrix: z.array(z.array(z.number().int())).describe('Open risks counted by [probability-1][impact-1]'),
  earlyWarning: z.object({
    issues: z.number().int(),
    flaggedBeforeHand: z.number().int(),
    share: z.number().nullable(),
    medianLeadDays: z.number().nullable(),
  }),
  overdueDependencies: z.object({ client: z.number().int(), third_party: z.number().int(), provider: z.number().int() }),
  openDecisions: z.array(z.object({ id: Id, number: z.number().int(), title: z.string(), decider: z.string(), dueDate: IsoDate, overdue: z.boolean() })),
  openEscalations: z.number().int(),
});

export const ChangesQuery = z.strictObject({ since: IsoDateTime.optional().describe('Default: seven days ago') });

export const Notification = z.object({
  id: Id,
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  link: z.string(),
  engagementId: Id,
  engagementName: z.string(),
  createdAt: IsoDateTime,
  read: z.boolean(),
});
export const NotificationList = z.object({ notifications: z.array(Notification) });
export const NotificationQuery = z.strictObject({
  unread: z.enum(['true', 'false']).default('false'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const Job = z.object({
  id: Id,
  kind: z.string(),
  status: z.enum(['pending', 'running', 'done', 'dead', 'cancelled']),
  runAt: IsoDateTime,
  attempts: z.number().int(),
  maxAttempts: z.number().int(),
  lastError: z.string().nullable(),
  updatedAt: IsoDateTime,
});
export const JobList = z.object({ jobs: z.array(Job), counts: z.record(z.string(), z.number().int()) });
export const JobQuery = z.strictObject({ status: z.enum(['pending', 'running', 'done', 'dead', 'cancelled']).optional() });

export const GovernanceChanges = z.object({
  since: IsoDateTime,
  changes: z.array(
    z.object({
      seq: z.number().int(),
      at: IsoDateTime,
      action: z.string(),
      object: z.object({ type: z.string(), id: z.string() }),
      actor: z.object({ id: Id.nullable(), label: z.string() }),
      title: z.string(),
      after: z.record(z.string(), z.unknown()).nullable(),
    }),
  ),
});
