/** Status-update API types, inferred from the server's zod contracts (type-only: no zod in the bundle). */
import type { z } from 'zod';
import type * as C from '../../contracts/status';

export type Health = z.infer<typeof C.Health>;
export type StatusUpdate = z.infer<typeof C.StatusUpdate>;
export type StatusUpdateList = z.infer<typeof C.StatusUpdateList>;
export type StatusDraft = z.infer<typeof C.StatusDraft>;
export type DraftLine = z.infer<typeof C.DraftLine>;
export type CreateInput = z.input<typeof C.CreateStatusUpdateBody>;
export type UpdateInput = z.input<typeof C.UpdateStatusUpdateBody>;
export type AcknowledgeInput = z.input<typeof C.AcknowledgeBody>;
