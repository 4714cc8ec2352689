import { z } from 'zod';

/**
 * The figures beside the engagement's navigation: each counts only what the
 * caller may see (the same scoped reads the pages use).
 */
export const EngagementCounts = z.object({
  /** Proposed decisions the caller is the one to record (the named decider, or the lead/sponsor when the decider is not a member). */
  decisionsWaitingForMe: z.number().int().min(0),
  /** Escalations open or acknowledged, not yet resolved. */
  openEscalations: z.number().int().min(0),
  /** Dependencies past their needed-by date and not yet met, either side. */
  overdueDependencies: z.number().int().min(0),
  /** Outstanding commitments due within the next 7 days (today included). */
  commitmentsDueSoon: z.number().int().min(0),
  /** 1 when the future agenda's review is past its due date (the charter's cadence), else 0. */
  agendaReviewOverdue: z.number().int().min(0).max(1),
  /** Published status updates at risk or off track that no client acknowledged, plus 1 when the next update is overdue. */
  statusUpdatesAttention: z.number().int().min(0),
});

/** My unread notifications: in total, and per engagement (for the navigation). */
export const UnreadCount = z.object({
  unread: z.number().int().min(0),
  byEngagement: z.record(z.string(), z.number().int().min(0)),
});
