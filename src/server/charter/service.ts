import type { Kysely, Transaction } from 'kysely';
import { accept, awaiting, charterProblems } from '../../domain/charter/agreement';
import { type CharterBody, type CharterBodyInput, CharterBody as CharterBodySchema } from '../../contracts/charter';
import { appendAudit } from '../audit/append';
import type { EngagementAccess } from '../authz/access';
import type { CharterVersionsTable, DB } from '../db/schema';
import { refOf, refOrNull, type UserRefs, userRefs } from '../db/users';
import { newId } from '../ids';
import type { Deps } from '../http/context';
import { AppError, conflict, type FieldProblem, notFound } from '../http/errors';
import { charterPeople, engagementMembers, presentCharterBody, resolveCharterPeople } from '../people/service';
import { scheduleStatusDueChecks } from '../status/service';
import { scoped, scopedUpdate } from '../authz/scoped';

function presentVersion(v: CharterVersionsTable, users: UserRefs) {
  const ref = (id: string | null) => refOrNull(users, id);
  return {
    id: v.id,
    version: v.version,
    status: v.status,
    note: v.note,
    body: presentCharterBody(CharterBodySchema.parse(JSON.parse(v.body)), users),
    proposedBy: refOf(users, v.proposed_by),
    createdAt: v.created_at,
    providerAcceptedBy: ref(v.provider_accepted_by),
    providerAcceptedAt: v.provider_accepted_at,
    clientAcceptedBy: ref(v.client_accepted_by),
    clientAcceptedAt: v.client_accepted_at,
    agreedAt: v.agreed_at,
    awaiting: awaiting(stateOf(v)),
  };
}

const stateOf = (v: CharterVersionsTable) => ({
  status: v.status,
  providerAccepted: v.provider_accepted_at !== null,
  clientAccepted: v.client_accepted_at !== null,
});

/** The member ids a stored body names (for loading their current names). */
const peopleIds = (body: string) => charterPeople(CharterBodySchema.parse(JSON.parse(body))).map((p) => p.userId);

/** The agreed version, the pending proposal (if any) and the whole history, newest first. */
export async function getCharter(deps: Deps, access: EngagementAccess) {
  const rows = await scoped(deps.db, access, 'charter_versions')
    .selectAll()
    .orderBy('version', 'desc')
    .execute();
  const users = await userRefs(
    deps.db,
    rows.flatMap((r) => [r.proposed_by, r.provider_accepted_by, r.client_accepted_by, ...peopleIds(r.body)]),
  );
  const history = rows.map((r) => presentVersion(r, users));
  return {
    agreed: history.find((v) => v.status === 'agreed') ?? null,
    pending: history.find((v) => v.status === 'proposed') ?? null,
    history,
  };
}

export async function charterSummary(deps: Deps, access: EngagementAccess) {
  const rows = await scoped(deps.db, access, 'charter_versions')
    .selectAll()
    .where('status', 'in', ['agreed', 'proposed'])
    .execute();
  const agreed = rows.find((r) => r.status === 'agreed');
  const pending = rows.find((r) => r.status === 'proposed');
  const state = agreed ? (pending ? 'agreed-with-pending-change' : 'agreed') : pending ? 'proposed' : 'none';
  return {
    state: state as 'none' | 'proposed' | 'agreed' | 'agreed-with-pending-change',
    agreedVersion: agreed?.version ?? null,
    agreedAt: agreed?.agreed_at ?? null,
    pendingVersion: pending?.version ?? null,
    pendingAwaiting: pending ? awaiting(stateOf(pending)) : null,
  };
}

/**
 * Proposes a new charter version. It supersedes any pending proposal and
 * counts as the proposer's side accepting it.
 */
export async function proposeCharter(deps: Deps, access: EngagementAccess, body: CharterBodyInput, note: string) {
  const members = await engagementMembers(deps.db, access);
  const problems: FieldProblem[] = charterProblems(body, new Set(members.map((m) => m.id)));
  // RACI people: member ids (checked), named third parties, or bare names matched as in ADR 0016
  const collaboration = resolveCharterPeople(body, members, problems);
  if (problems.length > 0) {
    throw new AppError(422, 'invalid_input', problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems);
  }
  // Outcomes get stable keys so agreement can update them in place.
  const normalized = {
    ...body,
    collaboration,
    outcomes: body.outcomes.map((o) => ({ ...o, key: o.key ?? newId() })),
    escalation: body.escalation.map((l, i) => ({ ...l, level: i + 1 })),
  };
  const now = deps.clock.now().toISOString();
  const id = await deps.db.transaction().execute(async (trx) => {
    const last = await scoped(trx, access, 'charter_versions')
      .select((eb) => eb.fn.max('version').as('v'))
      .executeTakeFirst();
    const version = Number(last?.v ?? 0) + 1;
    const superseded = await scopedUpdate(trx, access, 'charter_versions')
      .set({ status: 'superseded' })
      .where('status', '=', 'proposed')
      .returning('version')
      .execute();
    const row: CharterVersionsTable = {
      id: newId(),
      engagement_id: access.engagementId,
      version,
      body: JSON.stringify(normalized),
      note,
      status: 'proposed',
      proposed_by: access.actor.userId,
      created_at: now,
      provider_accepted_by: access.side === 'provider' ? access.actor.userId : null,
      provider_accepted_at: access.side === 'provider' ? now : null,
      client_accepted_by: access.side === 'client' ? access.actor.userId : null,
      client_accepted_at: access.side === 'client' ? now : null,
      agreed_at: null,
    };
    await trx.insertInto('charter_versions').values(row).execute();
    await appendAudit(trx, deps, {
      chain: access.engagementId,
      actor: access.actor,
      action: 'charter.proposed',
      object: { type: 'charter_version', id: row.id },
      visibility: 'shared',
      before: superseded.length ? { supersededVersions: superseded.map((s) => s.version) } : null,
      after: { version, note, body: normalized },
    });
    return row.id;
  });
  return versionById(deps, access, id);
}

async function versionById(deps: Deps, access: EngagementAccess, id: string) {
  const v = await scoped(deps.db, access, 'charter_versions')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (!v) throw notFound('Charter version not found');
  return presentVersion(v, await userRefs(deps.db, [v.proposed_by, v.provider_accepted_by, v.client_accepted_by, ...peopleIds(v.body)]));
}

/** The other side accepts a proposal; when both have, it becomes the agreed charter. */
export async function acceptCharter(deps: Deps, access: EngagementAccess, versionId: string) {
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    const v = await scoped(trx, access, 'charter_versions')
      .selectAll()
      .where('id', '=', versionId)
      .executeTakeFirst();
    if (!v) throw notFound('Charter version not found');
    const result = accept(stateOf(v), access.side);
    if (result.kind === 'rejected') throw conflict(`Cannot accept: ${result.reason}`);
    const sideCols =
      access.side === 'provider'
        ? { provider_accepted_by: access.actor.userId, provider_accepted_at: now }
        : { client_accepted_by: access.actor.userId, client_accepted_at: now };
    if (result.agreed) {
      await scopedUpdate(trx, access, 'charter_versions')
        .set({ status: 'superseded' })
        .where('status', '=', 'agreed')
        .execute();
    }
    await trx
      .updateTable('charter_versions')
      .set({ ...sideCols, ...(result.agreed ? { status: 'agreed' as const, agreed_at: now } : {}) })
      .where('id', '=', v.id)
      .execute();
    if (result.agreed) await syncOutcomes(trx, access, CharterBodySchema.parse(JSON.parse(v.body)), now);
    // the cadence is agreed: status updates are due from now on, whether or not anyone drafts one (issue 12)
    if (result.agreed) await scheduleStatusDueChecks(trx, deps, access);
    await appendAudit(trx, deps, {
      chain: access.engagementId,
      actor: access.actor,
      action: result.agreed ? 'charter.agreed' : 'charter.accepted',
      object: { type: 'charter_version', id: v.id },
      visibility: 'shared',
      before: { status: v.status },
      after: { status: result.agreed ? 'agreed' : 'proposed', version: v.version, side: access.side },
    });
  });
  return versionById(deps, access, versionId);
}

/** The proposer's side withdraws its pending proposal. */
export async function withdrawCharter(deps: Deps, access: EngagementAccess, versionId: string) {
  await deps.db.transaction().execute(async (trx) => {
    const v = await scoped(trx, access, 'charter_versions')
      .selectAll()
      .where('id', '=', versionId)
      .executeTakeFirst();
    if (!v) throw notFound('Charter version not found');
    if (v.status !== 'proposed') throw conflict(`Cannot withdraw: this version is ${v.status}`);
    await trx.updateTable('charter_versions').set({ status: 'withdrawn' }).where('id', '=', v.id).execute();
    await appendAudit(trx, deps, {
      chain: access.engagementId,
      actor: access.actor,
      action: 'charter.withdrawn',
      object: { type: 'charter_version', id: v.id },
      visibility: 'shared',
      before: { status: 'proposed' },
      after: { status: 'withdrawn', version: v.version },
    });
  });
  return versionById(deps, access, versionId);
}

/** Makes the outcomes table match an agreed charter: upsert by key, archive the rest. */
async function syncOutcomes(trx: Transaction<DB>, access: EngagementAccess, body: CharterBody, now: string) {
  const engagementId = access.engagementId;
  const existing = await scoped(trx, access, 'outcomes').selectAll().execute();
  const byId = new Map(existing.map((o) => [o.id, o]));
  const keep = new Set<string>();
  for (const [position, o] of body.outcomes.entries()) {
    const id = o.key ?? newId();
    keep.add(id);
    const fields = {
      title: o.title,
      indicator: o.indicator,
      unit: o.unit,
      baseline: o.baseline,
      target: o.target,
      due_date: o.dueDate,
      position,
      archived: 0,
      updated_at: now,
    };
    const prior = byId.get(id);
    if (prior) await trx.updateTable('outcomes').set(fields).where('id', '=', id).execute();
    else
      await trx
        .insertInto('outcomes')
        .values({ id, engagement_id: engagementId, current: o.current ?? o.baseline, created_at: now, ...fields })
        .execute();
  }
  for (const o of existing) {
    if (!keep.has(o.id) && !o.archived) await trx.updateTable('outcomes').set({ archived: 1 }).where('id', '=', o.id).execute();
  }
}

/** The body of the agreed charter, or null when none is agreed yet. */
export async function agreedCharterBody(db: Kysely<DB>, access: EngagementAccess): Promise<CharterBody | null> {
  const v = await scoped(db, access, 'charter_versions')
    .select('body')
    .where('status', '=', 'agreed')
    .executeTakeFirst();
  return v ? CharterBodySchema.parse(JSON.parse(v.body)) : null;
}
