import { type EngagementRole, sideOf } from '../../domain/authz/policy';
import { decisionLatency, decisionsToMarkdown, isDecisionOverdue, mayDecide, raciFor } from '../../domain/governance/decisions';
import { addDays, isoDate } from '../../domain/time';
import type { DecisionOption } from '../../contracts/governance';
import type { z } from 'zod';
import { appendAudit } from '../audit/append';
import { type EngagementAccess, mayRead } from '../authz/access';
import { agreedCharterBody } from '../charter/service';
import type { DecisionsTable } from '../db/schema';
import { refOf, refOrNull, userRefs } from '../db/users';
import type { Deps } from '../http/context';
import { conflict, forbidden, invalid, notFound } from '../http/errors';
import { newId } from '../ids';
import { enqueue } from '../jobs/queue';
import { notify } from '../notify/notify';
import { engagementMembers } from '../people/service';
import { scoped, unscoped } from '../authz/scoped';

type Option = z.infer<typeof DecisionOption>;

const visibleDecisions = (deps: Deps, access: EngagementAccess) =>
  scoped(deps.db, access, 'decisions').selectAll();

async function presentAll(deps: Deps, access: EngagementAccess, rows: DecisionsTable[]) {
  const users = await userRefs(deps.db, rows.flatMap((r) => [r.created_by, r.decider_user_id, r.decided_by]));
  const linked = rows.flatMap((r) => [r.supersedes_id, r.superseded_by_id]).filter((x): x is string => !!x);
  const numbers = linked.length
    ? new Map((await visibleDecisions(deps, access).where('id', 'in', linked).select(['id', 'number']).execute()).map((d) => [d.id, d.number]))
    : new Map<string, number>();
  const link = (id: string | null) => (id && numbers.has(id) ? { id, number: numbers.get(id)! } : null);
  const now = deps.clock.now();
  return rows.map((d) => ({
    id: d.id,
    number: d.number,
    title: d.title,
    context: d.context,
    options: JSON.parse(d.options) as Option[],
    recommendation: d.recommendation,
    kind: d.kind,
    decider: d.decider_user_id ? refOf(users, d.decider_user_id).name : d.decider,
    deciderUser: refOrNull(users, d.decider_user_id),
    deciderSide: d.decider_side,
    deciderExternal: !d.decider_user_id,
    deciderUnresolved: d.decider_unresolved === 1,
    canDecide: mayDecide({ status: d.status, deciderUserId: d.decider_user_id }, { userId: access.actor.userId, role: access.role }),
    consulted: JSON.parse(d.consulted) as string[],
    dueDate: d.due_date,
    overdue: isDecisionOverdue({ status: d.status, dueDate: d.due_date }, now),
    status: d.status,
    outcome: d.outcome,
    chosenOption: d.chosen_option,
    decidedBy: refOrNull(users, d.decided_by),
    decidedAt: d.decided_at,
    supersedes: link(d.supersedes_id),
    supersededBy: link(d.superseded_by_id),
    visibility: d.visibility,
    createdBy: refOf(users, d.created_by),
    createdAt: d.created_at,
  }));
}

export async function listDecisions(deps: Deps, access: EngagementAccess, status?: DecisionsTable['status']) {
  let q = visibleDecisions(deps, access);
  if (status) q = q.where('status', '=', status);
  return presentAll(deps, access, await q.orderBy('number', 'desc').execute());
}

export async function getDecision(deps: Deps, access: EngagementAccess, decisionId: string) {
  const d = await visibleDecisions(deps, access).where('id', '=', decisionId).executeTakeFirst();
  if (!d) throw notFound('Decision not found');
  const [out] = await presentAll(deps, access, [d]);
  return out!;
}

export interface DecisionInput {
  title: string;
  context: string;
  options: Option[];
  recommendation: string;
  kind: string;
  dueDate: string;
  visibility: 'shared' | 'internal';
  supersedesId?: string | undefined;
}

/**
 * Requests a decision. The kind must be one the agreed charter's
 * collaboration model defines; it names who decides and who is consulted.
 * The decider is notified, reminded the day before, and told when overdue.
 */
export async function requestDecision(deps: Deps, access: EngagementAccess, input: DecisionInput) {
  if (!mayRead(access, input.visibility)) throw forbidden('Only the provider side can mark content internal');
  const now = deps.clock.now();
  if (input.dueDate < isoDate(now)) throw invalid('dueDate', 'is in the past');
  const charter = await agreedCharterBody(deps.db, access);
  if (!charter) throw invalid('kind', 'cannot be checked: this engagement has no agreed charter yet');
  const raci = raciFor(input.kind, charter.collaboration);
  if (!raci) {
    const known = charter.collaboration.map((r) => r.decisionKind).join(', ') || 'none';
    throw invalid('kind', `"${input.kind}" is not a decision kind of the agreed charter (known: ${known})`);
  }
  // The decider is the member the RACI names by id (ADR 0016); a third party decides through the lead or sponsor.
  const members = await engagementMembers(deps.db, access);
  const decider = raci.accountable.userId ? members.find((m) => m.id === raci.accountable.userId) : undefined;
  const nameOf = (p: { userId: string | null; name: string }) => (p.userId ? (members.find((m) => m.id === p.userId)?.name ?? 'a former member') : p.name);
  const consulted = raci.consulted.map(nameOf);
  const id = newId();
  await deps.db.transaction().execute(async (trx) => {
    let supersedes: DecisionsTable | undefined;
    if (input.supersedesId) {
      supersedes = await scoped(trx, access, 'decisions')
        .selectAll()
        .where('id', '=', input.supersedesId)
        .executeTakeFirst();
      if (!supersedes) throw invalid('supersedesId', 'is not a decision of this engagement');
      if (supersedes.status === 'superseded') throw invalid('supersedesId', 'is already superseded');
    }
    const last = await unscoped(trx, 'numbering counts every decision of the engagement, so numbers never repeat')
      .selectFrom('decisions')
      .select((eb) => eb.fn.max('number').as('n'))
      .where('engagement_id', '=', access.engagementId)
      .executeTakeFirst();
    const row: DecisionsTable = {
      id,
      engagement_id: access.engagementId,
      number: Number(last?.n ?? 0) + 1,
      title: input.title,
      context: input.context,
      options: JSON.stringify(input.options),
      recommendation: input.recommendation,
      kind: raci.decisionKind,
      decider: nameOf(raci.accountable),
      decider_user_id: decider?.id ?? null,
      decider_side: decider ? sideOf(decider.role as EngagementRole) : null,
      decider_unresolved: !decider && raci.accountable.unresolved ? 1 : 0,
      consulted: JSON.stringify(consulted),
      due_date: input.dueDate,
      status: 'proposed',
      outcome: null,
      chosen_option: null,
      decided_by: null,
      decided_at: null,
      supersedes_id: supersedes?.id ?? null,
      superseded_by_id: null,
      visibility: input.visibility,
      created_by: access.actor.userId,
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
    };
    await trx.insertInto('decisions').values(row).execute();
    if (supersedes) {
      await trx.updateTable('decisions').set({ status: 'superseded', superseded_by_id: id, updated_at: row.updated_at }).where('id', '=', supersedes.id).execute();
    }
    await appendAudit(trx, deps, {
      chain: access.engagementId,
      actor: access.actor,
      action: 'decision.requested',
      object: { type: 'decision', id },
      visibility: input.visibility === 'internal' || supersedes?.visibility === 'internal' ? 'internal' : 'shared',
      before: supersedes ? { supersedes: supersedes.id } : null,
      after: { ...input, number: row.number, decider: row.decider, deciderUserId: row.decider_user_id, consulted },
    });
    await notify(trx, deps, {
      engagementId: access.engagementId,
      visibility: input.visibility,
      userIds: [decider?.id],
      kind: 'decision.requested',
      title: `Decision needed by ${input.dueDate}: ${input.title}`,
      body: `${access.actor.name} asks you to decide "${input.title}" (${raci.decisionKind}) by ${input.dueDate}.`,
      link: `/engagements/${access.engagementId}/decisions/${id}`,
    });
    const dueEnd = new Date(`${input.dueDate}T23:59:59.999Z`);
    const reminder = addDays(new Date(`${input.dueDate}T09:00:00.000Z`), -1);
    if (reminder > now) await enqueue(trx, deps, 'decision.reminder', { decisionId: id }, { runAt: reminder, uniqueKey: `decision:${id}:reminder` });
    await enqueue(trx, deps, 'decision.overdue', { decisionId: id }, { runAt: dueEnd, uniqueKey: `decision:${id}:overdue` });
  });
  return getDecision(deps, access, id);
}

/** Records the outcome. The decider decides; when the decider is not a member, the lead or sponsor records it. */
export async function decide(deps: Deps, access: EngagementAccess, decisionId: string, outcome: string, chosenOption?: number) {
  await deps.db.transaction().execute(async (trx) => {
    const d = await scoped(trx, access, 'decisions')
      .selectAll()
      .where('id', '=', decisionId)
      .executeTakeFirst();
    if (!d) throw notFound('Decision not found');
    if (d.status !== 'proposed') throw conflict(`This decision is already ${d.status}`);
    const decider = d.decider_user_id ? (await trx.selectFrom('users').select('name').where('id', '=', d.decider_user_id).executeTakeFirst())?.name : d.decider;
    if (!mayDecide({ status: d.status, deciderUserId: d.decider_user_id }, { userId: access.actor.userId, role: access.role })) throw forbidden(`Only ${decider ?? d.decider} can record this decision`);
    const options = JSON.parse(d.options) as Option[];
    if (chosenOption !== undefined && chosenOption >= options.length) throw invalid('chosenOption', `must be between 0 and ${options.length - 1}`);
    const now = deps.clock.now().toISOString();
    await trx
      .updateTable('decisions')
      .set({ status: 'decided', outcome, chosen_option: chosenOption ?? null, decided_by: access.actor.userId, decided_at: now, updated_at: now })
      .where('id', '=', d.id)
      .execute();
    await appendAudit(trx, deps, {
      chain: access.engagementId,
      actor: access.actor,
      action: 'decision.decided',
      object: { type: 'decision', id: d.id },
      visibility: d.visibility,
      before: { status: 'proposed' },
      after: { status: 'decided', outcome, chosenOption: chosenOption ?? null, number: d.number, title: d.title, dueDate: d.due_date, decider: decider ?? d.decider },
    });
    await notify(trx, deps, {
      engagementId: access.engagementId,
      visibility: d.visibility,
      userIds: [d.created_by],
      kind: 'decision.decided',
      title: `Decided: ${d.title}`,
      body: `${access.actor.name} decided "${d.title}": ${outcome}`,
      link: `/engagements/${access.engagementId}/decisions/${d.id}`,
    });
  });
  return getDecision(deps, access, decisionId);
}

export async function decisionLatencyFor(deps: Deps, access: EngagementAccess) {
  const rows = await visibleDecisions(deps, access).execute();
  return decisionLatency(
    rows.map((r) => ({ side: r.decider_side, createdAt: r.created_at, dueDate: r.due_date, decidedAt: r.decided_at, status: r.status })),
    deps.clock.now(),
  );
}

export async function decisionsMarkdown(deps: Deps, access: EngagementAccess) {
  const e = await scoped(deps.db, access, 'engagements').select('name').executeTakeFirstOrThrow();
  const decisions = (await listDecisions(deps, access)).reverse();
  return decisionsToMarkdown(
    e.name,
    decisions.map((d) => ({ ...d, decidedBy: d.decidedBy?.name ?? null, supersedes: d.supersedes?.number ?? null, supersededBy: d.supersededBy?.number ?? null })),
  );
}

export async function openDecisionsSummary(deps: Deps, access: EngagementAccess) {
  const rows = await visibleDecisions(deps, access).where('status', '=', 'proposed').orderBy('due_date').execute();
  const now = deps.clock.now();
  return rows.map((d) => ({ id: d.id, number: d.number, title: d.title, decider: d.decider, dueDate: d.due_date, overdue: isDecisionOverdue({ status: d.status, dueDate: d.due_date }, now) }));
}

