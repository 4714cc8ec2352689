/** Future agenda API types, inferred from the server's zod contracts (type-only: no zod in the bundle). */
import type { z } from 'zod';
import type * as A from '../../contracts/agenda';

export type AgendaEntry = z.infer<typeof A.AgendaEntry>;
export type AgendaReview = z.infer<typeof A.AgendaReview>;
export type AgendaList = z.infer<typeof A.AgendaList>;
export type AgendaKind = z.infer<typeof A.AgendaKind>;
export type AgendaStatus = z.infer<typeof A.AgendaStatus>;
export type AgendaDecision = z.infer<typeof A.AgendaDecision>;
export type FutureSignal = z.infer<typeof A.FutureSignal>;
export type CreateAgendaEntryInput = z.input<typeof A.CreateAgendaEntryBody>;
export type UpdateAgendaEntryInput = z.input<typeof A.UpdateAgendaEntryBody>;
export type RecordAgendaReviewInput = z.input<typeof A.RecordAgendaReviewBody>;
