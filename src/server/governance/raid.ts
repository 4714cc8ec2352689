import { changeVisibility } from '../../domain/authz/policy';
import {
  ASSUMPTION_STATUSES,
  CLOSED_STATUSES,
  DEPENDENCY_STATUSES,
  earlyWarning,
  ISSUE_STATUSES,
  isOverdue,
  overdueBySide,
  RISK_STATUSES,
  riskScore,
  severity,
} from '../../domain/governance/raid';
import { isoDate } from '../../domain/time';
import type { CreateRaidBody } from '../../contracts/governance';
import { appendAudit } from '../audit/append';
import { toExportRecord } from '../audit/service';
import { type EngagementAccess, mayRead } from '../authz/access';
import { containsText } from '../db/like';
import type { RaidItemsTable } from '../db/schema';
import { refOf, userRefs } from '../db/users';
import type { Deps } from '../http/context';
import { AppError, forbidden, invalid, notFound } from '../http/errors';
import { newId } from '../ids';
import { enqueue } from '../jobs/queue';
import { notify } from '../notify/notify';
import { engagementMembers, resolvePersonInput } from '../people/service';
import type { PersonInput } from '../../contracts/people';
import type { FieldProblem } from '../http/errors';
import { scoped } from '../authz/scoped';

const STATUSES: Record<RaidItemsTable['type'], readonly string[]> = {
  risk: RISK_STATUSES,
  issue: ISSUE_STATUSES,
  assumption: ASSUMPTION_STATUSES,
  dependency: DEPENDENCY_STATUSES,
};

const DAY = 86_400_000;

function present(r: RaidItemsTable, users: Awaited<ReturnType<typeof userRefs>>, today: string, links: { riskFlaggedAt?: string; issueId?: string | null }) {
  const score = r.probability && r.impact ? riskScore(r.probability, r.impact) : null;
  const leadTimeDays =
    r.type === 'issue' && r.risk_id && r.occurred_at && links.riskFlaggedAt
      ? Math.round(((Date.parse(r.occurred_at) - Date.parse(links.riskFlaggedAt)) / DAY) * 10) / 10
      : null;
  return {
    id: r.id,
    type: r.type,
    title: r.title,
    description: r.description,
    visibility: r.visibility,
    status: r.status,
    owner: r.owner_user_id ? refOf(users, r.owner_user_id).name : r.owner,
    ownerPerson: r.owner_user_id
      ? { userId: r.owner_user_id, name: refOf(users, r.owner_user_id).name, external: false, unresolved: false }
      : { userId: null, name: r.owner, external: true, unresolved: r.owner_unresolved === 1 },
    probability: r.probability,
    impact: r.impact,
    score,
    severity: score === null ? null : severity(score),
    mitigation: r.mitigation,
    trigger: r.trigger,
    flaggedAt: r.flagged_at,
    occurredAt: r.occurred_at,
    riskId: r.risk_id,
    issueId: links.issueId ?? null,
    unflagged: r.unflagged === 1,
    leadTimeDays,
    neededFrom: r.needed_from,
    neededBy: r.needed_by,
    overdue: isOverdue({ neededBy: r.needed_by, status: r.status }, today),
    resolvedAt: r.resolved_at,
    createdBy: refOf(users, r.created_by),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** Every RAID query starts here: this engagement, and only what the role may see. */
const visibleRaid = (deps: Deps, access: EngagementAccess, visibility?: 'shared' | 'internal') =>
  scoped(deps.db, access, 'raid_items', { visibility }).selectAll();

async function presentAll(deps: Deps, access: EngagementAccess, rows: RaidItemsTable[]) {
  const users = await userRefs(deps.db, rows.flatMap((r) => [r.created_by, r.owner_user_id]));
  // links between risks and issues, as far as the reader may see them
  const riskIds = rows.filter((r) => r.type === 'issue' && r.risk_id).map((r) => r.risk_id!);
  const risks = riskIds.length ? await visibleRaid(deps, access).where('id', 'in', riskIds).select(['id', 'flagged_at']).execute() : [];
  const flaggedAt = new Map(risks.map((r) => [r.id, r.flagged_at]));
  const occurredRiskIds = rows.filter((r) => r.type === 'risk' && r.status === 'occurred').map((r) => r.id);
  const issues = occurredRiskIds.length ? await visibleRaid(deps, access).where('risk_id', 'in', occurredRiskIds).execute() : [];
  const issueOf = new Map(issues.map((i) => [i.risk_id!, i.id]));
  const today = isoDate(deps.clock.now());
  return rows.map((r) =>
    present(r, users, today, { riskFlaggedAt: r.risk_id ? flaggedAt.get(r.risk_id) : undefined, issueId: issueOf.get(r.id) ?? null }),
  );
}

export interface RaidFilter {
  type?: RaidItemsTable['type'] | undefined;
  status?: string | undefined;
  visibility?: 'shared' | 'internal' | undefined;
  severity?: 'low' | 'medium' | 'high' | 'critical' | undefined;
  q?: string | undefined;
  overdue?: 'true' | 'false' | undefined;
}

export async function listRaid(deps: Deps, access: EngagementAccess, f: RaidFilter) {
  let q = visibleRaid(deps, access, f.visibility);
  if (f.type) q = q.where('type', '=', f.type);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.q) {
    const needle = f.q;
    q = q.where((eb) => eb.or([containsText(eb.ref('title'), needle), containsText(eb.ref('description'), needle)]));
  }
  let items = await presentAll(deps, access, await q.orderBy('id', 'desc').limit(2000).execute());
  if (f.severity) items = items.filter((i) => i.severity === f.severity);
  if (f.overdue) items = items.filter((i) => i.overdue === (f.overdue === 'true'));
  return items;
}

export async function getRaid(deps: Deps, access: EngagementAccess, itemId: string) {
  const r = await visibleRaid(deps, access).where('id', '=', itemId).executeTakeFirst();
  if (!r) throw notFound('RAID item not found');
  const [item] = await presentAll(deps, access, [r]);
  return item!;
}

const DEPENDENCY_JOB = 'dependency.overdue';

/** An owner as the columns hold it: a member (id, name at the time) or a named third party (ADR 0016). */
async function ownerColumns(deps: Deps, access: EngagementAccess, owner: PersonInput) {
  const members = await engagementMembers(deps.db, access);
  const problems: FieldProblem[] = [];
  const p = resolvePersonInput(owner, members, 'owner', problems);
  if (problems[0]) throw invalid(problems[0].field, problems[0].message);
  const member = p.userId ? members.find((m) => m.id === p.userId) : undefined;
  return { owner: member?.name ?? p.name ?? '', owner_user_id: member?.id ?? null, owner_unresolved: p.unresolved ? 1 : 0 };
}

export async function createRaid(deps: Deps, access: EngagementAccess, input: CreateRaidBody) {
  if (!mayRead(access, input.visibility)) throw forbidden('Only the provider side can mark content internal');
  const now = deps.clock.now();
  if (input.type === 'dependency' && input.neededBy < isoDate(now)) throw invalid('neededBy', 'is in the past');
  const id = newId();
  const owner = await ownerColumns(deps, access, input.owner);
  const row: RaidItemsTable = {
    id,
    engagement_id: access.engagementId,
    type: input.type,
    title: input.title,
    description: input.description,
    visibility: input.visibility,
    status: 'open',
    ...owner,
    probability: input.type === 'risk' ? input.probability : null,
    impact: input.type === 'risk' ? input.impact : null,
    mitigation: input.type === 'risk' ? input.mitigation : '',
    trigger: input.type === 'risk' ? input.trigger : '',
    flagged_at: now.toISOString(),
    occurred_at: input.type === 'issue' ? now.toISOString() : null,
    risk_id: null,
    unflagged: input.type === 'issue' ? 1 : 0,
    needed_from: input.type === 'dependency' ? input.neededFrom : null,
    needed_by: input.type === 'dependency' ? input.neededBy : null,
    resolved_at: null,
    created_by: access.actor.userId,
    created_at: now.toISOString(),
    updated_at: now.toISOString(),
  };
  await deps.db.transaction().execute(async (trx) => {
    await trx.insertInto('raid_items').values(row).execute();
    await appendAudit(trx, deps, {
      chain: access.engagementId,
      actor: access.actor,
      action: `${input.type}.created`,
      object: { type: input.type, id },
      visibility: input.visibility,
      before: null,
      after: { ...input, owner: owner.owner, ownerUserId: owner.owner_user_id },
    });
    if (row.needed_by) {
      await enqueue(trx, deps, DEPENDENCY_JOB, { itemId: id }, { runAt: new Date(`${row.needed_by}T23:59:59.999Z`), uniqueKey: `dependency:${id}:${row.needed_by}` });
    }
  });
  return getRaid(deps, access, id);
}

export async function updateRaid(deps: Deps, access: EngagementAccess, itemId: string, patch: Record<string, unknown> & { status?: string | undefined; visibility?: 'shared' | 'internal' | undefined }) {
  let prompt: string | null = null;
  const owner = patch.owner !== undefined ? await ownerColumns(deps, access, patch.owner as PersonInput) : undefined;
  await deps.db.transaction().execute(async (trx) => {
    const r = await scoped(trx, access, 'raid_items')
      .selectAll()
      .where('id', '=', itemId)
      .executeTakeFirst();
    if (!r) throw notFound('RAID item not found');
    if (patch.visibility && !mayRead(access, patch.visibility)) throw forbidden('Only the provider side can mark content internal');
    if (patch.status !== undefined && !STATUSES[r.type].includes(patch.status)) {
      throw invalid('status', `must be one of ${STATUSES[r.type].join(', ')} for a ${r.type}`);
    }
    if (patch.status === 'occurred') throw invalid('status', 'use POST …/occur, which records the issue it became');
    const riskOnly = ['probability', 'impact', 'mitigation', 'trigger'].filter((k) => patch[k] !== undefined);
    if (r.type !== 'risk' && riskOnly.length) throw invalid(riskOnly[0]!, `applies to risks only, not to a ${r.type}`);
    const depOnly = ['neededFrom', 'neededBy'].filter((k) => patch[k] !== undefined);
    if (r.type !== 'dependency' && depOnly.length) throw invalid(depOnly[0]!, `applies to dependencies only, not to a ${r.type}`);
    const now = deps.clock.now().toISOString();
    const set: Partial<RaidItemsTable> = {
      ...(patch.title !== undefined ? { title: String(patch.title) } : {}),
      ...(patch.description !== undefined ? { description: String(patch.description) } : {}),
      ...(owner ?? {}),
      ...(patch.visibility !== undefined ? { visibility: patch.visibility } : {}),
      ...(patch.status !== undefined ? { status: patch.status } : {}),
      ...(patch.probability !== undefined ? { probability: Number(patch.probability) } : {}),
      ...(patch.impact !== undefined ? { impact: Number(patch.impact) } : {}),
      ...(patch.mitigation !== undefined ? { mitigation: String(patch.mitigation) } : {}),
      ...(patch.trigger !== undefined ? { trigger: String(patch.trigger) } : {}),
      ...(patch.neededFrom !== undefined ? { needed_from: patch.neededFrom as RaidItemsTable['needed_from'] } : {}),
      ...(patch.neededBy !== undefined ? { needed_by: String(patch.neededBy) } : {}),
    };
    if (patch.status && CLOSED_STATUSES.has(patch.status) && !r.resolved_at) set.resolved_at = now;
    if (patch.status && !CLOSED_STATUSES.has(patch.status)) set.resolved_at = null;
    await trx.updateTable('raid_items').set({ ...set, updated_at: now }).where('id', '=', r.id).execute();
    const after = { ...r, ...set };
    await appendAudit(trx, deps, {
      chain: access.engagementId,
      actor: access.actor,
      action: `${r.type}.updated`,
      object: { type: r.type, id: r.id },
      visibility: changeVisibility(r, after),
      // the title rides along in `before` so the activity can name the item (ADR 0016)
      before: { title: r.title, ...Object.fromEntries(Object.keys(set).map((k) => [k, r[k as keyof RaidItemsTable]])) },
      after: set,
    });
    if (set.needed_by && after.status === 'open') {
      await enqueue(trx, deps, DEPENDENCY_JOB, { itemId: r.id }, { runAt: new Date(`${set.needed_by}T23:59:59.999Z`), uniqueKey: `dependency:${r.id}:${set.needed_by}` });
    }
    if (r.type === 'assumption' && patch.status === 'invalidated') {
      prompt = 'This assumption no longer holds: raise a risk for what it puts in danger, or a decision on what to change.';
      const leads = await scoped(trx, access, 'memberships').select('user_id').where('role', 'in', ['lead', 'sponsor']).execute();
      await notify(trx, deps, {
        engagementId: access.engagementId,
        visibility: after.visibility,
        userIds: leads.map((l) => l.user_id),
        kind: 'assumption.invalidated',
        title: `Assumption invalidated: ${r.title}`,
        body: `${access.actor.name} marked the assumption "${r.title}" invalidated. ${prompt}`,
        link: `/engagements/${access.engagementId}/raid/${r.id}`,
      });
    }
  });
  return { item: await getRaid(deps, access, itemId), prompt };
}

/** A risk happened: it becomes an issue linked to it, keeping when it was first flagged. */
export async function riskOccurred(deps: Deps, access: EngagementAccess, itemId: string, description: string) {
  const issueId = newId();
  await deps.db.transaction().execute(async (trx) => {
    const r = await scoped(trx, access, 'raid_items')
      .selectAll()
      .where('id', '=', itemId)
      .executeTakeFirst();
    if (!r) throw notFound('RAID item not found');
    if (r.type !== 'risk') throw invalid('itemId', `is a ${r.type}; only a risk can occur`);
    if (r.status === 'occurred' || r.status === 'closed') throw new AppError(409, 'conflict', `This risk is already ${r.status}`);
    const now = deps.clock.now().toISOString();
    await trx.updateTable('raid_items').set({ status: 'occurred', occurred_at: now, updated_at: now }).where('id', '=', r.id).execute();
    await trx
      .insertInto('raid_items')
      .values({
        ...r,
        id: issueId,
        type: 'issue',
        status: 'open',
        description: description || r.description,
        probability: null,
        impact: null,
        mitigation: '',
        trigger: '',
        flagged_at: now,
        occurred_at: now,
        risk_id: r.id,
        unflagged: 0,
        resolved_at: null,
        created_by: access.actor.userId,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await appendAudit(trx, deps, {
      chain: access.engagementId,
      actor: access.actor,
      action: 'risk.occurred',
      object: { type: 'risk', id: r.id },
      visibility: r.visibility,
      before: { status: r.status },
      after: { status: 'occurred', issueId, flaggedAt: r.flagged_at, occurredAt: now, title: r.title },
    });
  });
  return getRaid(deps, access, issueId);
}

/** The risk matrix, early-warning figures and overdue dependencies, as the reader may see them. */
export async function raidSummary(deps: Deps, access: EngagementAccess) {
  const rows = await visibleRaid(deps, access).execute();
  const matrix = Array.from({ length: 5 }, () => Array.from({ length: 5 }, () => 0));
  for (const r of rows) {
    if (r.type === 'risk' && (r.status === 'open' || r.status === 'mitigating') && r.probability && r.impact) {
      matrix[r.probability - 1]![r.impact - 1]! += 1;
    }
  }
  const risksById = new Map(rows.filter((r) => r.type === 'risk').map((r) => [r.id, r]));
  const issues = rows
    .filter((r) => r.type === 'issue')
    .map((i) => {
      const risk = i.risk_id ? risksById.get(i.risk_id) : undefined;
      return { unflagged: i.unflagged === 1 || !risk, flaggedAt: risk?.flagged_at ?? i.flagged_at, occurredAt: i.occurred_at ?? i.created_at };
    });
  const today = isoDate(deps.clock.now());
  const dependencies = rows
    .filter((r) => r.type === 'dependency' && r.needed_from && r.needed_by)
    .map((r) => ({ neededFrom: r.needed_from!, neededBy: r.needed_by!, status: r.status }));
  return { matrix, earlyWarning: earlyWarning(issues), overdueDependencies: overdueBySide(dependencies, today) };
}

const CHANGE_TYPES = ['risk', 'issue', 'assumption', 'dependency', 'decision', 'escalation'];

/**
 * What changed in the RAID log, decisions and escalations since a moment
 * (by default seven days ago): the audit records the reader may see in full.
 * Internal changes are left out for client roles, not shown redacted.
 */
export async function governanceChanges(deps: Deps, access: EngagementAccess, since?: string) {
  const from = since ?? new Date(deps.clock.now().getTime() - 7 * DAY).toISOString();
  const rows = await scoped(deps.db, access, 'audit_log')
    .selectAll()
    .where('object_type', 'in', CHANGE_TYPES)
    .where('at', '>=', from)
    .orderBy('seq', 'desc')
    .limit(500)
    .execute();
  let entries = rows.map((r) => toExportRecord(r, access.visibilities)).filter((r) => r.type === 'record');
  if (!access.canSeeInternal) {
    // a shared record of an object made internal since (or otherwise out of the reader's sight now) names
    // what the reader can no longer open: leave it out, as the trust index does (ADR 0022)
    const idsOf = (types: string[]) => [...new Set(entries.filter((r) => types.includes(r.payload.object.type)).map((r) => r.payload.object.id))];
    const raid = idsOf(['risk', 'issue', 'assumption', 'dependency']);
    const decisions = idsOf(['decision']);
    const escalations = idsOf(['escalation']);
    const [r1, r2, r3] = await Promise.all([
      raid.length ? scoped(deps.db, access, 'raid_items').select('id').where('id', 'in', raid).execute() : [],
      decisions.length ? scoped(deps.db, access, 'decisions').select('id').where('id', 'in', decisions).execute() : [],
      escalations.length ? scoped(deps.db, access, 'escalations').select('id').where('id', 'in', escalations).execute() : [],
    ]);
    const visible = new Set([...r1, ...r2, ...r3].map((r) => r.id));
    entries = entries.filter((r) => visible.has(r.payload.object.id));
  }
  return {
    since: from,
    changes: entries.map((r) => ({
      seq: r.seq,
      at: r.at,
      action: r.payload.action,
      object: r.payload.object,
      actor: r.payload.actor,
      title: String((r.payload.after as { title?: unknown } | null)?.title ?? (r.payload.before as { title?: unknown } | null)?.title ?? ''),
      after: r.payload.after,
    })),
  };
}
