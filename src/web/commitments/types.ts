/** Commitments API types, inferred from the server's zod contracts (type-only: no zod in the bundle). */
import type { z } from 'zod';
import type * as C from '../../contracts/commitments';

export type Commitment = z.infer<typeof C.Commitment>;
export type CommitmentDetail = z.infer<typeof C.CommitmentDetail>;
export type CommitmentEvent = z.infer<typeof C.CommitmentEvent>;
export type CommitmentStatus = z.infer<typeof C.CommitmentStatus>;
export type CommitmentOutcome = z.infer<typeof C.CommitmentOutcome>;
export type CommitmentQuery = z.infer<typeof C.CommitmentQuery>;
export type CreateCommitmentInput = z.input<typeof C.CreateCommitmentBody>;
export type UpdateCommitmentInput = z.input<typeof C.UpdateCommitmentBody>;
export type RenegotiateInput = z.input<typeof C.RenegotiateBody>;
export type KeepInput = z.input<typeof C.KeepBody>;
export type SayDo = z.infer<typeof C.SayDo>;
export type SideFigures = SayDo['sides'][number];
