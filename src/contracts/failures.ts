import { z } from 'zod';
import { Id, IsoDate, IsoDateTime, Text, UserRef, Visibility } from './common';

export const TimelineEntry = z.strictObject({
  at: Text(40).describe('When: a date, a time, or both, as written (e.g. 2026-11-03 14:20)'),
  what: Text(1000),
});

export const FollowUp = z.strictObject({
  title: Text(200).describe('What the provider commits to, e.g. "Add a restore drill to the release checklist"'),
  dueDate: IsoDate,
  ownerId: Id.nullable().default(null).describe('A provider-side member'),
});

export const FailureSource = z.strictObject({
  type: z.enum(['raid_item', 'commitment']).describe('raid_item: the issue or risk it came from; commitment: the commitment it broke'),
  id: Id,
});

const fields = {
  title: Text(200),
  whatHappened: Text(20_000).describe('What happened, plainly (Markdown)'),
  clientImpact: Text(20_000).describe('What it meant for the client'),
  timeline: z.array(TimelineEntry).max(100),
  cause: Text(20_000).describe('The cause: of the system, not a person (blameless)'),
  changes: Text(20_000).describe('What was changed so it does not happen again'),
  followUps: z.array(FollowUp).max(20).describe('Follow-up commitments: recorded in the commitments ledger when the report is published'),
  source: FailureSource.nullable(),
};

export const CreateFailureReportBody = z.strictObject({
  ...fields,
  timeline: fields.timeline.default([]),
  followUps: fields.followUps.default([]),
  source: fields.source.default(null),
  visibility: Visibility.default('internal').describe('of the draft: internal (provider only) or shared (the client may read and comment before it is published)'),
});
export type CreateFailureReportBody = z.infer<typeof CreateFailureReportBody>;

export const UpdateFailureReportBody = z.strictObject({
  title: fields.title.optional(),
  whatHappened: fields.whatHappened.optional(),
  clientImpact: fields.clientImpact.optional(),
  timeline: fields.timeline.optional(),
  cause: fields.cause.optional(),
  changes: fields.changes.optional(),
  followUps: fields.followUps.optional().describe('drafts only: once published they are commitments in the ledger'),
  source: fields.source.optional(),
  visibility: Visibility.optional().describe('drafts only: a published report is shared'),
});
export type UpdateFailureReportBody = z.infer<typeof UpdateFailureReportBody>;

export const FailureReportParams = z.strictObject({ id: Id, reportId: Id });

const CommitmentRef = z.object({ id: Id, title: z.string(), dueDate: IsoDate, status: z.string() });

export const FailureReport = z.object({
  id: Id,
  title: z.string(),
  whatHappened: z.string(),
  clientImpact: z.string(),
  timeline: z.array(z.object({ at: z.string(), what: z.string() })),
  cause: z.string(),
  changes: z.string(),
  followUps: z.array(z.object({ title: z.string(), dueDate: IsoDate, owner: UserRef.nullable() })),
  followUpCommitments: z.array(CommitmentRef).describe('The follow-ups as recorded in the ledger (after publishing), as far as the reader may see them'),
  source: z.object({ type: z.enum(['raid_item', 'commitment']), id: Id, title: z.string(), kind: z.string() }).nullable(),
  status: z.enum(['draft', 'published']),
  visibility: Visibility,
  createdBy: UserRef,
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  publishedBy: UserRef.nullable(),
  publishedAt: IsoDateTime.nullable(),
  acknowledgements: z.array(z.object({ user: UserRef, at: IsoDateTime })),
  acknowledgedByMe: z.boolean(),
  canEdit: z.boolean(),
  canAcknowledge: z.boolean(),
});
export type FailureReport = z.infer<typeof FailureReport>;

export const FailureRecord = z.object({
  selfReported: z.number().int().describe('Published failure reports the provider raised itself (not linked to a problem the client raised first)'),
  clientRaisedFirst: z.number().int().describe('Problems the client raised first: escalations raised by a client role, and RAID issues raised by a client role'),
});

export const FailureReportList = z.object({ reports: z.array(FailureReport), record: FailureRecord });
