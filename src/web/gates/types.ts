/** Gate review API types, inferred from the server's zod contracts (type-only: no zod in the bundle). */
import type { z } from 'zod';
import type * as C from '../../contracts/gates';

export type GateReviewSummary = z.infer<typeof C.GateReviewSummary>;
export type GateReviewDetail = z.infer<typeof C.GateReviewDetail>;
export type GateReviewList = z.infer<typeof C.GateReviewList>;
export type Answer = z.infer<typeof C.Answer>;
export type Question = z.infer<typeof C.Question>;
export type Evidence = z.infer<typeof C.Evidence>;
export type EngagementStop = z.infer<typeof C.EngagementStop>;
export type AnswersInput = z.input<typeof C.AnswersBody>;
export type RemarkInput = z.input<typeof C.RemarkBody>;
export type DecisionInput = z.input<typeof C.DecisionBody>;
export type GateDecision = z.infer<typeof C.GateDecision>;
