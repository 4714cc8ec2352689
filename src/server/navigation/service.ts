import { dueWithin, waitsFor } from '../../domain/navigation/counts';
import { addDays, isoDate } from '../../domain/time';
import type { EngagementAccess } from '../authz/access';
import { futureSignal } from '../agenda/service';
import { listCommitments } from '../commitments/service';
import { listDecisions } from '../governance/decisions';
import { countOpenEscalations } from '../governance/escalations';
import { raidSummary } from '../governance/raid';
import { countAttention } from '../status/service';
import type { Deps } from '../http/context';

/**
 * The figures beside the engagement's navigation, computed from the same
 * scoped reads as the pages (so a count never includes what the caller may
 * not see: internal items stay out for client roles).
 */
export async function navigationCounts(deps: Deps, access: EngagementAccess) {
  const now = deps.clock.now();
  const [proposed, openEscalations, raid, outstanding, future, statusAttention] = await Promise.all([
    listDecisions(deps, access, 'proposed'),
    countOpenEscalations(deps, access),
    raidSummary(deps, access),
    listCommitments(deps, access, { status: 'outstanding' }),
    futureSignal(deps, access),
    countAttention(deps, access),
  ]);
  const me = { userId: access.actor.userId, role: access.role };
  const today = isoDate(now);
  const lastDay = isoDate(addDays(now, 6));
  const od = raid.overdueDependencies;
  return {
    decisionsWaitingForMe: proposed.filter((d: { status: string; deciderUser: { id: string } | null }) => waitsFor({ status: d.status, deciderUserId: d.deciderUser?.id ?? null }, me)).length,
    openEscalations,
    overdueDependencies: od.client + od.provider + od.third_party,
    commitmentsDueSoon: outstanding.filter((c: { status: string; dueDate: string }) => dueWithin(c, today, lastDay)).length,
    agendaReviewOverdue: future.overdue ? 1 : 0,
    statusUpdatesAttention: statusAttention,
  };
}
