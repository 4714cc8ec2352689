/**
 * The commitments ledger: every promise of either side (what, by whom, by
 * when, on which assumptions), how it ended, and the say/do figures.
 *
 * States: open → kept | missed | renegotiated; renegotiated → renegotiated |
 * kept | missed. A commitment is due by the end of its due date (UTC). An
 * outstanding one whose due date has passed is marked missed automatically at
 * the start of the next day, and both sides are notified.
 *
 * Who may do what (src/domain/authz/policy.ts `commitment.*` and
 * src/domain/commitments/rules.ts `mayManageSide`):
 * - everyone on the engagement reads; clients never see internal commitments
 *   (lists, details, say/do figures, notifications, audit records);
 * - the provider lead and the client sponsor record, edit, renegotiate and
 *   mark kept commitments of either side (they hold the ledger together);
 * - provider members do so for provider-side commitments;
 * - client stakeholders read only.
 * Only provider-side commitments may be internal (a working promise inside the
 * provider team); a shared commitment cannot be made internal again.
 */
import { z } from 'zod';
import { Id, IsoDate, IsoDateTime, Side, Text, UserRef, Visibility } from './common';

export const CommitmentStatus = z.enum(['open', 'renegotiated', 'kept', 'missed']);
export const CommitmentOutcome = z
  .enum(['keptOnTime', 'keptRenegotiatedEarly', 'keptRenegotiatedLate', 'missedSilently', 'missedAfterRenegotiation'])
  .describe('How a resolved commitment counts in the say/do figures');

export const LinkedItem = z.object({ id: Id, title: z.string(), status: z.string(), visibility: Visibility });

export const Commitment = z.object({
  id: Id,
  side: Side.describe('Who promised: the provider or the client'),
  title: z.string().describe('What is promised'),
  details: z.string(),
  assumptions: z.string().describe('What must hold for the promise to be kept'),
  dueDate: IsoDate.describe('The current due date (by the end of that day, UTC)'),
  originalDueDate: IsoDate,
  status: CommitmentStatus,
  outstanding: z.boolean().describe('Open or renegotiated'),
  pastDue: z.boolean().describe('Outstanding with its due date passed (the automatic check has not marked it missed yet)'),
  daysToDue: z.number().int().nullable().describe('Days from today to the due date while outstanding (negative when past)'),
  owner: UserRef.nullable(),
  phase: z.object({ id: Id, name: z.string() }).nullable(),
  items: z.array(LinkedItem).describe('Linked work items the reader may see'),
  visibility: Visibility,
  renegotiations: z.number().int(),
  deliveredOn: IsoDate.nullable(),
  daysLate: z.number().int().nullable().describe('For a late delivery: days after the due date'),
  keptAt: IsoDateTime.nullable(),
  missedAt: IsoDateTime.nullable(),
  missedAutomatically: z.boolean(),
  outcome: CommitmentOutcome.nullable(),
  canManage: z.boolean().describe('Whether you may edit, renegotiate and mark it kept'),
  createdBy: UserRef,
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type Commitment = z.infer<typeof Commitment>;

export const CommitmentEvent = z.object({
  id: Id,
  kind: z.enum(['created', 'edited', 'renegotiated', 'kept', 'missed', 'delivered_late']),
  at: IsoDateTime,
  actor: UserRef.nullable().describe('Null for the automatic check'),
  note: z.string(),
  from: IsoDate.nullable().describe('renegotiated: the due date before'),
  to: IsoDate.nullable().describe('renegotiated: the new due date'),
  reason: z.string().nullable(),
  daysInAdvance: z.number().int().nullable().describe('renegotiated: days before the old due date (0 on the day, negative after)'),
  automatic: z.boolean().nullable().describe('missed: marked by the scheduled check'),
  deliveredOn: IsoDate.nullable(),
  daysLate: z.number().int().nullable(),
  changes: z.array(z.string()).nullable().describe('edited: the fields that changed'),
});
export type CommitmentEvent = z.infer<typeof CommitmentEvent>;

export const CommitmentDetail = Commitment.extend({ events: z.array(CommitmentEvent) });
export const CommitmentList = z.object({ commitments: z.array(Commitment) });

export const CommitmentQuery = z.strictObject({
  side: Side.optional(),
  status: z.enum(['open', 'renegotiated', 'kept', 'missed', 'outstanding']).optional().describe('outstanding: open or renegotiated'),
});

const ItemIds = z.array(Id).max(50, 'link at most 50 work items').describe('Work items of this engagement');

export const CreateCommitmentBody = z.strictObject({
  side: Side,
  title: Text(200).describe('What is promised, e.g. "API credentials for the staging server"'),
  details: Text(20_000, 0).default(''),
  assumptions: Text(4000, 0).default(''),
  dueDate: IsoDate,
  ownerId: Id.nullable().optional().describe('A member of the promising side'),
  phaseId: Id.nullable().optional(),
  itemIds: ItemIds.default([]),
  visibility: Visibility.default('shared').describe('internal only for provider-side commitments'),
});
export type CreateCommitmentBody = z.infer<typeof CreateCommitmentBody>;

export const UpdateCommitmentBody = z.strictObject({
  title: Text(200).optional(),
  details: Text(20_000, 0).optional(),
  assumptions: Text(4000, 0).optional(),
  ownerId: Id.nullable().optional(),
  phaseId: Id.nullable().optional(),
  itemIds: ItemIds.optional(),
  visibility: Visibility.optional().describe('internal → shared only'),
});
export type UpdateCommitmentBody = z.infer<typeof UpdateCommitmentBody>;

export const RenegotiateBody = z.strictObject({
  newDueDate: IsoDate.describe('After the current due date'),
  reason: Text(4000).describe('Why the date moves'),
});

export const KeepBody = z.strictObject({
  deliveredOn: IsoDate.optional().describe('Default: today. After the due date the commitment counts as missed, delivered late'),
  note: Text(4000, 0).default(''),
});

export const CommitmentParams = z.strictObject({ id: Id, commitmentId: Id });

const Counts = {
  keptOnTime: z.number().int().describe('Kept without renegotiation'),
  keptRenegotiatedEarly: z.number().int().describe('Kept after renegotiating at least `earlyThresholdDays` before the due date'),
  keptRenegotiatedLate: z.number().int().describe('Kept after a renegotiation closer to (or after) the due date'),
  missedSilently: z.number().int().describe('Missed without any renegotiation'),
  missedAfterRenegotiation: z.number().int(),
};

export const SayDo = z.object({
  earlyThresholdDays: z.number().int().describe('A renegotiation this many days or more before the due date counts as early'),
  sides: z.array(
    z.object({
      side: Side,
      ...Counts,
      open: z.number().int(),
      renegotiatedOpen: z.number().int().describe('Renegotiated, still outstanding'),
      resolved: z.number().int(),
      sayDo: z.number().nullable().describe('Share of resolved commitments kept as promised or after an early renegotiation'),
      series: z.array(z.object({ month: z.string().describe('YYYY-MM, by resolution month'), ...Counts })),
    }),
  ),
});
export type SayDo = z.infer<typeof SayDo>;
