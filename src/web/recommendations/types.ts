/** Recommendations API types, inferred from the server's zod contracts (type-only: no zod in the bundle). */
import type { z } from 'zod';
import type * as C from '../../contracts/recommendations';

export type Recommendation = z.infer<typeof C.Recommendation>;
export type RecommendationDetail = z.infer<typeof C.RecommendationDetail>;
export type RecommendationVersion = z.infer<typeof C.RecommendationVersion>;
export type RecommendationKind = z.infer<typeof C.RecommendationKind>;
export type RecommendationStatus = z.infer<typeof C.RecommendationStatus>;
export type RecommendationQuery = z.infer<typeof C.RecommendationQuery>;
export type RecommendationLedger = z.infer<typeof C.RecommendationLedger>;
export type CreateRecommendationInput = z.input<typeof C.CreateRecommendationBody>;
export type UpdateRecommendationInput = z.input<typeof C.UpdateRecommendationBody>;
export type RespondInput = z.input<typeof C.RespondBody>;
export type Effort = z.infer<typeof C.Effort>;
