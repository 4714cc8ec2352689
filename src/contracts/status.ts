/**
 * Status updates (issue 12): the lead's periodic word to the client, drafted
 * by Candor from what happened since the last one, with a health the data
 * suggests beside the one the lead chose, and the client's acknowledgement.
 *
 * - `GET …/status-updates/draft` is computed, not stored: the provider's view
 *   of the period (shared lines make the text; internal lines only appear
 *   under `internalLines`, for the internal note).
 * - A saved draft is internal (provider only). Publishing freezes the text,
 *   the figures (shared lines only), the suggested health and its reasons,
 *   and the lateness against the due date in working days.
 * - Clients see published updates only, never the internal note or internal
 *   lines; client roles acknowledge ("read, understood") or reply.
 */
import { z } from 'zod';
import { Id, IsoDate, IsoDateTime, Text, UserRef, Visibility } from './common';
import { TrustPanel } from './trust';

export const Health = z.enum(['on_track', 'at_risk', 'off_track']).describe('on_track, at_risk or off_track');

export const DraftSection = z.enum(['delivery', 'time', 'commitments', 'risks', 'waiting', 'forecast', 'governance']);
export const DraftLine = z.object({
  section: DraftSection,
  text: z.string(),
  link: z.string().nullable().describe('The object’s page inside the web app'),
  object: z.object({ type: z.string(), id: Id }).nullable(),
  visibility: Visibility,
});
export type DraftLine = z.infer<typeof DraftLine>;

export const Figures = z.object({
  periodStart: IsoDateTime,
  periodEnd: IsoDateTime,
  lines: z.array(DraftLine).describe('Shared lines: what both sides may read'),
  time: z
    .object({
      periodHours: z.number().describe('Hours logged in the period (the reader’s view)'),
      spentHours: z.number(),
      budgetHours: z.number().nullable(),
      percentSpent: z.number().nullable(),
      percentElapsed: z.number().nullable(),
      burnAheadPoints: z.number().nullable().describe('Percent spent minus percent of time elapsed'),
    })
    .nullable(),
  forecast: z
    .object({
      p50: IsoDate.nullable(),
      p85: IsoDate.nullable(),
      plannedEnd: IsoDate.nullable(),
      previousP85: IsoDate.nullable().describe('The P85 frozen in the last published update'),
      summary: z.string().describe('The reason the forecast gives'),
    })
    .nullable(),
});
export type Figures = z.infer<typeof Figures>;

export const Suggested = z.object({ health: Health, reasons: z.array(z.string()) });

export const StatusDraft = z.object({
  periodStart: IsoDateTime,
  dueDate: IsoDate.describe('The due date this update would answer'),
  overdue: z.boolean(),
  markdown: z.string().describe('The assembled text, from shared lines only'),
  figures: Figures,
  internalLines: z.array(DraftLine).describe('Provider-only lines, for the internal note'),
  suggested: Suggested,
  trust: TrustPanel.describe('The trust index now and the components that moved since the period began (shared evidence, as both sides see it)'),
});

export const Response = z.object({ user: UserRef, at: IsoDateTime, comment: z.string() });

export const StatusUpdate = z.object({
  id: Id,
  status: z.enum(['draft', 'published']),
  health: Health,
  reason: z.string(),
  nextStep: z.string(),
  markdown: z.string(),
  internalNote: z.string().nullable().describe('Provider side only; null for client roles'),
  periodStart: IsoDateTime,
  dueDate: IsoDate.nullable(),
  lateWorkingDays: z.number().int().nullable().describe('Working days after the due date it was published (0: on time)'),
  publishedAt: IsoDateTime.nullable(),
  publishedBy: UserRef.nullable(),
  suggested: Suggested.nullable().describe('The health the data suggested (frozen at publish)'),
  overrode: z.boolean().describe('The lead chose a better health than the data suggested'),
  overrideSentence: z.string().nullable().describe('"The data suggested off track: …", shown to both sides'),
  figures: Figures.nullable(),
  internalLines: z.array(DraftLine).describe('Provider side only; empty for client roles'),
  acknowledgements: z.array(Response),
  replies: z.array(Response),
  acknowledgedByMe: z.boolean(),
  canAcknowledge: z.boolean(),
  canEdit: z.boolean(),
  createdBy: UserRef,
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type StatusUpdate = z.infer<typeof StatusUpdate>;

export const StatusUpdateSummary = StatusUpdate.pick({
  id: true,
  status: true,
  health: true,
  reason: true,
  dueDate: true,
  lateWorkingDays: true,
  publishedAt: true,
  overrode: true,
  createdAt: true,
}).extend({
  suggestedHealth: Health.nullable(),
  acknowledged: z.boolean().describe('At least one client role acknowledged it'),
  acknowledgements: z.number().int(),
});

export const StatusUpdateList = z.object({
  updates: z.array(StatusUpdateSummary).describe('Newest first; drafts only for the provider side'),
  schedule: z.object({
    cadence: z.string().describe('e.g. "weekly on Friday"'),
    timeZone: z.string(),
    nextDueDate: IsoDate.nullable().describe('The due date the next update answers (null without an agreed charter)'),
    overdue: z.boolean().describe('The next due date has passed without a published update'),
    lateDueDates: z.array(IsoDate).describe('Due dates that passed without an update (the lateness record)'),
  }),
  unacknowledged: z.number().int().describe('Published at risk or off track, and no client acknowledged'),
});

const Markdown = z.string().max(50_000, 'must have at most 50,000 characters');
const Field = z.string().trim().max(4000, 'must have at most 4,000 characters');

export const CreateStatusUpdateBody = z.strictObject({
  markdown: Markdown,
  health: Health,
  reason: Field.default(''),
  nextStep: Field.default(''),
  internalNote: z.string().max(20_000, 'must have at most 20,000 characters').default(''),
});
export const UpdateStatusUpdateBody = z.strictObject({
  markdown: Markdown.optional(),
  health: Health.optional(),
  reason: Field.optional(),
  nextStep: Field.optional(),
  internalNote: z.string().max(20_000, 'must have at most 20,000 characters').optional(),
});
export const PublishBody = z.strictObject({}).default({});
export const AcknowledgeBody = z.strictObject({
  acknowledge: z.boolean().default(true).describe('false: a reply only (then the comment is required)'),
  comment: Text(4000, 0).default(''),
});
export const StatusUpdateParams = z.strictObject({ id: Id, updateId: Id });
