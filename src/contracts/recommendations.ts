/**
 * The recommendations ledger ("the honest mechanic", ADR 0017): what the
 * provider recommends and why, with its expected benefit, cost and effort, the
 * risk of not acting and the outcome it serves; the client's answer; and the
 * ledger's figures, headed by the work avoided.
 *
 * Kinds: `do` (do this work), `dont` (this work is not needed; states the work
 * it avoids), `defer` (not now), `alternative` (a cheaper way to the same
 * outcome; `replacesCost` is what the work it replaces would cost).
 * Hours are decimal hours; money is in the engagement's budget currency, major
 * unit (as the budget stores it).
 *
 * Who (src/domain/authz/policy.ts `recommendation.*`): everyone reads (clients
 * never see internal drafts); provider roles write; the client sponsor
 * answers. The figures freeze when the client answers: a later edit may
 * correct the text, never the figures (409 naming the field); every change is a
 * new version.
 */
import { z } from 'zod';
import { Id, IsoDate, IsoDateTime, Text, UserRef, Visibility } from './common';

export const RecommendationKind = z.enum(['do', 'dont', 'defer', 'alternative']).describe('do: do this work; dont: this work is not needed; defer: not now; alternative: a cheaper way to the same outcome');
export const RecommendationStatus = z.enum(['proposed', 'accepted', 'declined', 'deferred']).describe("The client's answer; proposed until there is one");
export const RecommendationAnswer = z.enum(['accepted', 'declined', 'deferred']);
export const Effort = z.enum(['none', 'small', 'medium', 'large']);

const Hours = z.number().min(0, 'must not be negative').max(1_000_000, 'must be at most 1,000,000').describe('Decimal hours');
const Money = z.number().min(0, 'must not be negative').max(1_000_000_000, 'must be at most 1,000,000,000').describe('Budget currency, major unit');

export const RecommendationFigures = z.object({
  effort: Effort,
  costHours: z.number().nullable(),
  costMoney: z.number().nullable(),
  avoidedHours: z.number().nullable().describe('dont / alternative: the work it avoids'),
  avoidedMoney: z.number().nullable(),
  replacesCost: z.number().nullable().describe('alternative: what the work it replaces would cost'),
});

export const LinkedWork = z.object({ id: Id, title: z.string(), status: z.string(), relation: z.enum(['created', 'dropped']) });

export const Recommendation = RecommendationFigures.extend({
  id: Id,
  kind: RecommendationKind,
  title: z.string(),
  recommendation: z.string().describe('"We recommend …, because …"'),
  benefit: z.string(),
  riskOfNotActing: z.string(),
  outcome: z.object({ id: Id, title: z.string() }).nullable().describe('The charter outcome it serves'),
  currency: z.string(),
  visibility: Visibility,
  status: RecommendationStatus,
  reason: z.string().describe("The client's reason (required when declined)"),
  deferredUntil: IsoDate.nullable(),
  respondedAt: IsoDateTime.nullable(),
  respondedBy: UserRef.nullable(),
  frozen: z.boolean().describe('The client has answered: the figures no longer change'),
  againstRevenue: z.boolean().describe('A dont, or an alternative cheaper than the work it replaces'),
  phase: z.object({ id: Id, name: z.string() }).nullable().describe('The phase an accepted do became'),
  items: z.array(LinkedWork).describe('Work items it created (accepted do) or dropped (accepted dont / alternative), as far as you may see them'),
  version: z.number().int(),
  canEdit: z.boolean(),
  canRespond: z.boolean(),
  createdBy: UserRef,
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type Recommendation = z.infer<typeof Recommendation>;

export const RecommendationVersion = z.object({
  version: z.number().int(),
  change: z.enum(['created', 'edited', 'answered', 'shared']),
  at: IsoDateTime,
  actor: UserRef.nullable(),
  changes: z.array(z.string()).describe('The fields this version changed'),
  snapshot: z.record(z.string(), z.unknown()).describe('The recommendation as it stood at this version'),
});

export const RecommendationDetail = Recommendation.extend({ versions: z.array(RecommendationVersion) });
export const RecommendationList = z.object({ recommendations: z.array(Recommendation), currency: z.string() });

export const RecommendationQuery = z.strictObject({
  kind: RecommendationKind.optional(),
  status: RecommendationStatus.optional(),
});

export const CreateRecommendationBody = z.strictObject({
  kind: RecommendationKind,
  title: Text(200).describe('Short name, e.g. "Keep the current payment provider"'),
  recommendation: Text(20_000).describe('Written as a recommendation with reasons: "We recommend …, because …"'),
  benefit: Text(4000, 0).default(''),
  riskOfNotActing: Text(4000, 0).default(''),
  effort: Effort.default('small'),
  costHours: Hours.nullable().default(null),
  costMoney: Money.nullable().default(null),
  avoidedHours: Hours.nullable().default(null).describe('Required (or avoidedMoney) for dont'),
  avoidedMoney: Money.nullable().default(null),
  replacesCost: Money.nullable().default(null).describe('alternative only'),
  outcomeId: Id.nullable().default(null),
  visibility: Visibility.default('shared').describe('internal: a provider draft the client never sees'),
});
export type CreateRecommendationBody = z.infer<typeof CreateRecommendationBody>;

export const UpdateRecommendationBody = z.strictObject({
  kind: RecommendationKind.optional(),
  title: Text(200).optional(),
  recommendation: Text(20_000).optional(),
  benefit: Text(4000, 0).optional(),
  riskOfNotActing: Text(4000, 0).optional(),
  effort: Effort.optional(),
  costHours: Hours.nullable().optional(),
  costMoney: Money.nullable().optional(),
  avoidedHours: Hours.nullable().optional(),
  avoidedMoney: Money.nullable().optional(),
  replacesCost: Money.nullable().optional(),
  outcomeId: Id.nullable().optional(),
  visibility: Visibility.optional().describe('internal → shared only: sharing it with the client'),
});
export type UpdateRecommendationBody = z.infer<typeof UpdateRecommendationBody>;

export const NewWorkItem = z.strictObject({ title: Text(200), description: Text(20_000, 0).default('') });

export const RespondBody = z.strictObject({
  response: RecommendationAnswer,
  reason: Text(4000, 0).default('').describe('Required when declined'),
  until: IsoDate.optional().describe('deferred: the day to look at it again (after today); a reminder goes to the lead and the sponsor'),
  workItems: z.array(NewWorkItem).max(20, 'at most 20 work items').default([]).describe('accepted do: work items to create, linked'),
  phase: z
    .strictObject({ name: Text(200), goal: Text(4000, 0).default(''), plannedStart: IsoDate, plannedEnd: IsoDate })
    .optional()
    .describe('accepted do: a phase to create for it'),
  droppedItemIds: z.array(Id).max(50, 'at most 50 work items').default([]).describe('accepted dont / alternative: work items it makes unnecessary (set to dropped, linked)'),
});
export type RespondBody = z.infer<typeof RespondBody>;

export const RecommendationParams = z.strictObject({ id: Id, recommendationId: Id });

const Counts = z.object({ total: z.number().int(), proposed: z.number().int(), accepted: z.number().int(), declined: z.number().int(), deferred: z.number().int() });

export const RecommendationLedger = z.object({
  avoided: z.object({ hours: z.number(), money: z.number(), currency: z.string(), recommendations: z.number().int() }).describe('Work avoided by accepted dont and alternative recommendations'),
  acceptanceRate: z.number().nullable().describe('accepted / (accepted + declined); null before any'),
  byKind: z.object({ do: Counts, dont: Counts, defer: Counts, alternative: Counts }),
  byAnswer: Counts,
  total: z.number().int(),
  againstRevenue: z.object({ count: z.number().int(), share: z.number().nullable() }).describe("The honest-mechanic figure: the share of recommendations against the provider's own revenue"),
  series: z.array(
    z.object({
      month: z.string().describe('YYYY-MM of the answer'),
      hours: z.number(),
      money: z.number(),
      recommendations: z.number().int(),
      cumulativeHours: z.number(),
      cumulativeMoney: z.number(),
    }),
  ),
});
export type RecommendationLedger = z.infer<typeof RecommendationLedger>;
