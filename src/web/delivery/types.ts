/** Delivery API types, inferred from the server's zod contracts (type-only: no zod in the bundle). */
import type { z } from 'zod';
import type * as D from '../../contracts/delivery';

export type Phase = z.infer<typeof D.Phase>;
export type PhaseStatus = z.infer<typeof D.PhaseStatus>;
export type PhaseList = z.infer<typeof D.PhaseList>;
export type CreatePhaseInput = z.input<typeof D.CreatePhaseBody>;
export type WorkItemSummary = z.infer<typeof D.WorkItemSummary>;
export type WorkItem = z.infer<typeof D.WorkItem>;
export type WorkItemPage = z.infer<typeof D.WorkItemPage>;
export type WorkItemStatus = z.infer<typeof D.WorkItemStatus>;
export type WorkItemSort = z.infer<typeof D.WorkItemSort>;
export type CreateWorkItemInput = z.input<typeof D.CreateWorkItemBody>;
export type UpdateWorkItemInput = z.input<typeof D.UpdateWorkItemBody>;
export type TimeEntry = z.infer<typeof D.TimeEntry>;
export type TimeEntryPage = z.infer<typeof D.TimeEntryPage>;
export type CreateTimeEntryInput = z.input<typeof D.CreateTimeEntryBody>;
export type UpdateTimeEntryInput = z.input<typeof D.UpdateTimeEntryBody>;
export type Budget = z.infer<typeof D.Budget>;
export type PutBudgetInput = z.input<typeof D.PutBudgetBody>;
export type Burn = z.infer<typeof D.Burn>;
export type BudgetAlert = z.infer<typeof D.BudgetAlert>;
export type DeliveryOverview = z.infer<typeof D.DeliveryOverview>;
export type Chart = z.infer<typeof D.Chart>;
export type ChartName = z.infer<typeof D.ChartName>;
