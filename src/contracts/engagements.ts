import { z } from 'zod';
import { Id, IsoDate, IsoDateTime, OrgKind, Role, Side, Text, UserRef, Visibility } from './common';
import { FutureSignal } from './agenda';
import { TrustHeadline } from './trust';

export const OrgRef = z.object({ id: Id, name: z.string(), kind: OrgKind });

export const EngagementSummary = z.object({
  id: Id,
  name: z.string(),
  summary: z.string(),
  status: z.enum(['active', 'closed']),
  provider: OrgRef,
  client: OrgRef,
  myRole: Role,
  mySide: Side,
  createdAt: IsoDateTime,
});
export type EngagementSummary = z.infer<typeof EngagementSummary>;

export const EngagementList = z.object({ engagements: z.array(EngagementSummary) });

export const CreateEngagementBody = z.strictObject({
  name: Text(160),
  summary: Text(4000, 0).default(''),
  clientOrgId: Id.optional().describe('An existing client organization'),
  clientOrgName: Text(160).optional().describe('Or the name of a new client organization'),
  providerOrgId: Id.optional().describe('Defaults to the creator’s provider organization'),
});

export const Outcome = z.object({
  id: Id,
  title: z.string(),
  indicator: z.string(),
  unit: z.string(),
  baseline: z.number(),
  target: z.number(),
  current: z.number(),
  dueDate: IsoDate.nullable(),
  progress: z.number().describe('0..1 share of the way from baseline to target'),
  updatedAt: IsoDateTime,
});
export type Outcome = z.infer<typeof Outcome>;

export const MeasureOutcomeBody = z.strictObject({ current: z.number().finite() });
export const OutcomeParams = z.strictObject({ id: Id, outcomeId: Id });

export const Member = z.object({ user: UserRef, role: Role, side: Side, joinedAt: IsoDateTime });
export const MemberList = z.object({ members: z.array(Member) });
export const MemberParams = z.strictObject({ id: Id, userId: Id });

export const AuditEntry = z.object({
  seq: z.number().int(),
  at: IsoDateTime,
  redacted: z.boolean(),
  payloadHash: z.string(),
  hash: z.string().nullable(),
  actor: z.object({ id: Id.nullable(), label: z.string() }).nullable(),
  action: z.string().nullable(),
  object: z.object({ type: z.string(), id: z.string() }).nullable(),
  visibility: Visibility.nullable(),
  before: z.record(z.string(), z.unknown()).nullable().describe('The object before the change'),
  after: z.record(z.string(), z.unknown()).nullable().describe('The object after the change'),
});
export type AuditEntry = z.infer<typeof AuditEntry>;
export const AuditPage = z.object({ entries: z.array(AuditEntry), nextCursor: z.string().nullable() });
export const AuditQuery = z.strictObject({
  before: z.coerce.number().int().min(1).optional().describe('Return entries with seq below this'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const VerifyResult = z.object({
  ok: z.boolean(),
  records: z.number().int(),
  headSeq: z.number().int().optional(),
  headHash: z.string().optional(),
  seq: z.number().int().optional(),
  reason: z.string().optional(),
});

export const CharterSummary = z.object({
  state: z.enum(['none', 'proposed', 'agreed', 'agreed-with-pending-change']),
  agreedVersion: z.number().int().nullable(),
  agreedAt: IsoDateTime.nullable(),
  pendingVersion: z.number().int().nullable(),
  pendingAwaiting: Side.nullable(),
});

export const EngagementOverview = z.object({
  engagement: EngagementSummary,
  outcomes: z.array(Outcome),
  charter: CharterSummary,
  members: z.array(Member),
  recentActivity: z.array(AuditEntry),
  counts: z.object({ notes: z.number().int(), internalNotes: z.number().int().nullable() }),
  pendingDecisions: z
    .array(z.object({ id: Id, number: z.number().int(), title: z.string(), decider: z.string(), dueDate: IsoDate, overdue: z.boolean() }))
    .describe('Decisions requested and not yet answered: shown until answered'),
  future: FutureSignal.describe('When the partnership last talked about the future (the future agenda), and its next review'),
  trust: TrustHeadline.describe('The trust index headline: one score per side and the trend (the same for every member)'),
});
export type EngagementOverview = z.infer<typeof EngagementOverview>;

export const UpdateEngagementBody = z.strictObject({
  name: Text(160).optional(),
  summary: Text(4000, 0).optional(),
  status: z.enum(['active', 'closed']).optional(),
});
