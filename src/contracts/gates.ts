/**
 * Gate reviews (issue 11, ADR 0015): at the end of each phase both sides
 * answer the same questions, blind, and the sponsor decides whether to go on.
 *
 * - Requesting a phase's review (POST …/phases/{phaseId}/review) opens one; its
 *   id is in that response (`gateReviewId`) and on the phase.
 * - The provider's answers come from the lead (members may save drafts); the
 *   client's from the sponsor. Anyone may add a remark of their own.
 * - Until both sides have submitted, neither sees the other's scores, comments
 *   or remarks, by any path; who has submitted (and when) is visible.
 * - Once both have submitted, both see everything side by side, with the gap
 *   per question; the sponsor then decides.
 */
import { z } from 'zod';
import { Id, IsoDate, IsoDateTime, Side, Text, UserRef } from './common';

export const QuestionKey = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(64)
  .regex(/^[a-z][a-z0-9_]*$/, 'must be lower_snake_case, e.g. data_quality');

export const Question = z.object({
  key: z.string().describe('Fixed keys: business_understanding, collaboration_clarity, risk_openness, outcomes_focus, proactive_communication, beyond_scope; then the engagement\'s own'),
  text: z.string().describe('As the client asks it about the provider'),
  selfText: z.string().describe('As the provider asks it of itself'),
  custom: z.boolean(),
});

export const CustomQuestion = z.strictObject({ key: QuestionKey, text: Text(300) });

export const GateDecision = z.enum(['proceed', 'proceed_with_conditions', 'pause', 'stop']);
export const GateReviewStatus = z
  .enum(['open', 'revealed', 'paused', 'decided'])
  .describe('open: answering (blind); revealed: both submitted, waiting for the sponsor; paused: to be revisited; decided');

export const Answer = z.object({ question: z.string(), score: z.number().int().nullable(), comment: z.string() });
export const Remark = z.object({ id: Id, question: z.string().nullable(), body: z.string(), author: UserRef, createdAt: IsoDateTime });

export const SideState = z.object({
  submitted: z.boolean(),
  submittedAt: IsoDateTime.nullable(),
  submittedBy: UserRef.nullable(),
  hash: z.string().nullable().describe('SHA-256 the submission committed to (salted; the salt is revealed with the answers)'),
});

const Condition = z.object({ commitmentId: Id, what: z.string(), side: Side, dueDate: IsoDate, status: z.string() });

export const EngagementStop = z.object({
  stopped: z.boolean(),
  stoppedAt: IsoDateTime.nullable(),
  reason: z.string().nullable(),
  reviewId: Id.nullable(),
  reopen: z.object({ leadAskedAt: IsoDateTime.nullable(), sponsorAskedAt: IsoDateTime.nullable() }),
});

export const GateReviewSummary = z.object({
  id: Id,
  phase: z.object({ id: Id, name: z.string(), status: z.string(), position: z.number().int() }),
  status: GateReviewStatus,
  openedAt: IsoDateTime,
  openedBy: UserRef,
  answersDueOn: IsoDate.describe('A side that has not submitted by then is reminded'),
  provider: SideState,
  client: SideState,
  revealed: z.boolean(),
  revealedAt: IsoDateTime.nullable(),
  decision: z
    .object({ decision: GateDecision, rationale: z.string(), decidedBy: UserRef, decidedAt: IsoDateTime, revisitOn: IsoDate.nullable(), conditions: z.array(Condition) })
    .nullable(),
  waitingFor: z.array(z.string()).describe('What the review waits for, in words'),
});

const Gap = z.object({ question: z.string(), provider: z.number().nullable(), client: z.number().nullable(), gap: z.number().nullable(), alert: z.boolean() });

const EvidenceItem = z.object({ id: Id, title: z.string(), status: z.string() });
export const Evidence = z.object({
  window: z.object({ from: IsoDate, to: IsoDate }).describe('The phase from its planned start to its review (or today)'),
  exitCriteria: z.array(z.object({ text: z.string(), met: z.boolean() })),
  items: z.object({ done: z.number().int(), dropped: z.number().int(), open: z.number().int(), list: z.array(EvidenceItem) }),
  commitments: z.object({
    kept: z.number().int(),
    renegotiated: z.number().int(),
    missed: z.number().int(),
    open: z.number().int(),
    list: z.array(z.object({ id: Id, title: z.string(), side: Side, status: z.string(), dueDate: IsoDate, renegotiations: z.number().int() })),
  }),
  risks: z.object({
    flagged: z.number().int(),
    issuesOccurred: z.number().int(),
    issuesFlaggedBefore: z.number().int().describe('Issues that had been flagged as a risk before they occurred'),
    list: z.array(z.object({ id: Id, type: z.string(), title: z.string(), status: z.string(), flaggedAt: IsoDateTime, flaggedBefore: z.boolean().nullable() })),
  }),
  decisions: z.object({
    taken: z.number().int(),
    medianDaysToDecide: z.number().nullable(),
    list: z.array(z.object({ id: Id, number: z.number().int(), title: z.string(), decidedAt: IsoDateTime, daysToDecide: z.number(), onTime: z.boolean() })),
  }),
  budget: z
    .object({ scopeHours: z.number(), actualHours: z.number(), percentSpent: z.number().nullable(), percentElapsed: z.number().nullable() })
    .nullable()
    .describe('Hours on the phase\'s items against their likely estimates'),
  forecast: z
    .object({
      forecastId: Id,
      asOf: IsoDateTime,
      dateP50: IsoDate.nullable(),
      dateP85: IsoDate.nullable(),
      plannedEnd: IsoDate,
      actualEnd: IsoDate.nullable().describe('When the phase ended, or null while it is in review'),
      reviewRequestedOn: IsoDate.nullable(),
      daysAgainstP85: z.number().int().nullable().describe('Review requested (or ended) minus P85; negative: earlier than forecast'),
    })
    .nullable()
    .describe('The stored forecast current when the phase started, against what happened'),
});

export const GateReviewDetail = GateReviewSummary.extend({
  questions: z.array(Question),
  answers: z.object({
    provider: z.array(Answer).nullable().describe('null while blind to the reader'),
    client: z.array(Answer).nullable().describe('null while blind to the reader'),
  }),
  remarks: z.object({ provider: z.array(Remark).nullable(), client: z.array(Remark).nullable() }),
  gaps: z.array(Gap).describe('Provider minus client per question, once revealed; alert at 2 points or more'),
  reveal: z
    .object({ providerNonce: z.string(), clientNonce: z.string(), verified: z.boolean().describe('The revealed answers hash to what each side submitted') })
    .nullable(),
  evidence: Evidence,
  you: z.object({
    side: Side,
    canAnswer: z.boolean(),
    canSubmit: z.boolean(),
    canRemark: z.boolean(),
    canDecide: z.boolean(),
    yourSideSubmitted: z.boolean(),
  }),
});

export const Trend = z.array(
  z.object({
    question: z.string(),
    points: z.array(z.object({ reviewId: Id, phaseName: z.string(), at: IsoDateTime, provider: z.number().nullable(), client: z.number().nullable(), gap: z.number().nullable(), alert: z.boolean() })),
  }),
);

export const GateReviewList = z.object({
  reviews: z.array(GateReviewSummary),
  trend: Trend.describe('Per question, each side\'s score in each revealed review, oldest first'),
  stop: EngagementStop.describe('Whether a gate review stopped the engagement, and the two-sided reopening'),
});

export const GateReviewParams = z.strictObject({ id: Id, reviewId: Id });

export const AnswersBody = z.strictObject({
  answers: z
    .array(
      z.strictObject({
        question: z.string().trim().min(1, 'must not be empty').max(64),
        score: z.number().int('must be a whole number from 1 to 5').min(1, 'must be from 1 to 5').max(5, 'must be from 1 to 5').nullable().optional(),
        comment: Text(4000, 0).default(''),
      }),
    )
    .max(60),
  submit: z.boolean().default(false).describe('false saves a draft; true submits the side\'s answers (final)'),
});

export const RemarkBody = z.strictObject({ question: z.string().trim().min(1).max(64).nullable().default(null), body: Text(4000) });

export const DecisionBody = z.strictObject({
  decision: GateDecision,
  rationale: Text(4000, 0),
  conditions: z
    .array(
      z.strictObject({
        what: Text(300, 0),
        side: Side,
        dueDate: IsoDate.optional().describe('Required: a condition without a due date is refused'),
        ownerId: Id.nullable().optional(),
      }),
    )
    .max(20)
    .default([]),
  revisitOn: IsoDate.nullable().optional().describe('pause: when to revisit (a reminder is scheduled for that day)'),
});

export const ReopenBody = z.strictObject({ reason: Text(2000) });
