/**
 * The future agenda (issue 11, ADR 0018): ideas, needs, market changes and
 * improvement opportunities beyond the current scope, raised by either side
 * (each entry says who raised it and from which side), and the reviews both
 * sides hold on the charter's cadence (`cadence.futureReviewEvery`), each
 * recording what was discussed and a decision per entry: keep it, drop it, or
 * turn it into a phase, a recommendation or a decision record (linked).
 *
 * Who may do what (src/domain/authz/policy.ts `agenda.*`): everyone reads and
 * raises entries; an entry is edited by its author or the lead; the lead and
 * the sponsor record a review. The provider may draft entries internally;
 * clients never see internal entries, nor their outcomes in a review.
 */
import { z } from 'zod';
import { Id, IsoDate, IsoDateTime, Side, Text, UserRef, Visibility } from './common';

export const AgendaKind = z.enum(['idea', 'need', 'market_change', 'improvement']);
export const AgendaStatus = z.enum(['open', 'kept', 'dropped', 'turned_into']).describe('open: not reviewed yet; kept: a review kept it on the agenda; dropped; turned_into: made into the linked object');
export const AgendaDecision = z.enum(['keep', 'drop', 'phase', 'recommendation', 'decision']);
export const AgendaLink = z.object({ type: z.enum(['phase', 'recommendation', 'decision']), id: Id, title: z.string().describe('The linked object’s name or title, as far as the reader may see it') });

export const AgendaEntry = z.object({
  id: Id,
  kind: AgendaKind,
  title: z.string(),
  details: z.string(),
  raisedBy: UserRef,
  side: Side.describe('The raiser’s side, from their role when they raised it'),
  visibility: Visibility,
  status: AgendaStatus,
  link: AgendaLink.nullable().describe('What a review turned it into'),
  lastReviewId: Id.nullable(),
  canEdit: z.boolean().describe('Whether you may edit it (its author or the lead)'),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type AgendaEntry = z.infer<typeof AgendaEntry>;

export const AgendaOutcome = z.object({ entryId: Id, entryTitle: z.string(), decision: AgendaDecision, link: AgendaLink.nullable() });

export const AgendaReview = z.object({
  id: Id,
  heldOn: IsoDate,
  discussed: z.string().describe('Markdown'),
  attendees: z.array(UserRef),
  outcomes: z.array(AgendaOutcome).describe('The decisions on the entries the reader may see'),
  recordedBy: UserRef,
  createdAt: IsoDateTime,
});
export type AgendaReview = z.infer<typeof AgendaReview>;

export const AgendaSchedule = z.object({
  every: z.enum(['monthly', 'quarterly']).describe('The agreed charter’s cadence (monthly without an agreed charter)'),
  lastReview: AgendaReview.nullable(),
  nextReviewDue: IsoDate.nullable().describe('One period after the last review; before the first, after the engagement’s start or the first entry'),
  overdue: z.boolean().describe('The due date has passed without a review'),
  lastTalkedAboutFuture: IsoDateTime.nullable().describe('The last review held, or the newest entry raised, whichever is later'),
  daysSince: z.number().int().min(0).nullable().describe('Whole days since then'),
  today: IsoDate.describe('The server’s today (UTC), for counting days to the due date'),
});

export const AgendaList = AgendaSchedule.extend({ entries: z.array(AgendaEntry) });
export const AgendaReviewList = z.object({ reviews: z.array(AgendaReview) });

/** The overview's health signal: when the partnership last talked about the future. */
export const FutureSignal = z.object({
  lastTalkedAboutFuture: IsoDateTime.nullable(),
  daysSince: z.number().int().min(0).nullable(),
  nextReviewDue: IsoDate.nullable(),
  overdue: z.boolean(),
});
export type FutureSignal = z.infer<typeof FutureSignal>;

export const AgendaParams = z.strictObject({ id: Id, entryId: Id });

export const CreateAgendaEntryBody = z.strictObject({
  kind: AgendaKind,
  title: Text(200),
  details: Text(8000, 0).default(''),
  visibility: Visibility.default('shared'),
});
export type CreateAgendaEntryBody = z.infer<typeof CreateAgendaEntryBody>;

export const UpdateAgendaEntryBody = z
  .strictObject({
    kind: AgendaKind.optional(),
    title: Text(200).optional(),
    details: Text(8000, 0).optional(),
    visibility: Visibility.optional().describe('An internal draft may be shared; a shared entry stays shared'),
  })
  .refine((b) => Object.keys(b).length > 0, 'must change at least one field');
export type UpdateAgendaEntryBody = z.infer<typeof UpdateAgendaEntryBody>;

export const ReviewOutcomeInput = z.strictObject({
  entryId: Id,
  decision: AgendaDecision,
  linkId: Id.optional().describe('For phase, recommendation and decision: the existing object of this engagement it became'),
  newPhase: z
    .strictObject({ name: Text(200).optional(), goal: Text(4000, 0).optional(), plannedStart: IsoDate, plannedEnd: IsoDate })
    .optional()
    .describe('For phase, instead of linkId: plan a new phase from the entry in the same transaction (the lead; name and goal default to the entry)'),
});

export const RecordAgendaReviewBody = z.strictObject({
  heldOn: IsoDate.describe('The day the review was held (not in the future)'),
  discussed: Text(20000).describe('What was discussed, Markdown'),
  attendees: z.array(Id).max(100).default([]).describe('Member ids'),
  outcomes: z.array(ReviewOutcomeInput).max(200).default([]),
});
export type RecordAgendaReviewBody = z.infer<typeof RecordAgendaReviewBody>;
