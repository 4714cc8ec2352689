import type { Kysely, Transaction } from 'kysely';
import type { CreateFailureReportBody, UpdateFailureReportBody } from '../../contracts/failures';
import { can, changeVisibility, sideOf } from '../../domain/authz/policy';
import { appendAudit } from '../audit/append';
import type { EngagementAccess } from '../authz/access';
import { findScoped, scoped, unscoped } from '../authz/scoped';
import { insertCommitment } from '../commitments/service';
import type { DB, FailureReportsTable } from '../db/schema';
import { refOf, refOrNull, userRefs } from '../db/users';
import type { Deps } from '../http/context';
import { AppError, conflict, invalid, notFound } from '../http/errors';
import { newId } from '../ids';
import { notify } from '../notify/notify';

type Db = Kysely<DB> | Transaction<DB>;
type Source = { type: 'raid_item' | 'commitment'; id: string } | null;
interface FollowUpInput {
  title: string;
  dueDate: string;
  ownerId: string | null;
}

const link = (engagementId: string, id: string) => `/engagements/${engagementId}/failure-reports/${id}`;
const CLIENT_ROLES = ['sponsor', 'stakeholder'];

// ── Reads ───────────────────────────────────────────────────────────────────

async function presentAll(db: Db, access: EngagementAccess, rows: FailureReportsTable[]) {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const followUps = new Map(rows.map((r) => [r.id, JSON.parse(r.follow_ups) as FollowUpInput[]]));
  const commitmentIds = rows.flatMap((r) => JSON.parse(r.follow_up_ids) as string[]);
  const raidIds = rows.filter((r) => r.source_type === 'raid_item').map((r) => r.source_id!);
  const sourceCommitmentIds = rows.filter((r) => r.source_type === 'commitment').map((r) => r.source_id!);
  const k = db as Kysely<DB>;
  const [acks, commitments, raid] = await Promise.all([
    scoped(k, access, 'failure_report_acks').selectAll().where('report_id', 'in', ids).orderBy('at').execute(),
    commitmentIds.length + sourceCommitmentIds.length
      ? scoped(k, access, 'commitments').select(['id', 'title', 'due_date', 'status']).where('id', 'in', [...commitmentIds, ...sourceCommitmentIds]).execute()
      : Promise.resolve([]),
    raidIds.length ? scoped(k, access, 'raid_items').select(['id', 'title', 'type']).where('id', 'in', raidIds).execute() : Promise.resolve([]),
  ]);
  const users = await userRefs(k, [
    ...rows.flatMap((r) => [r.created_by, r.published_by]),
    ...acks.map((a) => a.user_id),
    ...[...followUps.values()].flat().map((f) => f.ownerId),
  ]);
  const byId = new Map(commitments.map((c) => [c.id, c]));
  const raidById = new Map(raid.map((r) => [r.id, r]));
  const mayWrite = can(access.role, 'failure.write');
  const mayAck = can(access.role, 'failure.acknowledge');
  return rows.map((r) => {
    const mine = acks.filter((a) => a.report_id === r.id);
    const source = (() => {
      if (r.source_type === 'raid_item') {
        const x = raidById.get(r.source_id!);
        return x ? { type: 'raid_item' as const, id: x.id, title: x.title, kind: x.type } : null;
      }
      if (r.source_type === 'commitment') {
        const x = byId.get(r.source_id!);
        return x ? { type: 'commitment' as const, id: x.id, title: x.title, kind: 'commitment' } : null;
      }
      return null;
    })();
    return {
      id: r.id,
      title: r.title,
      whatHappened: r.what_happened,
      clientImpact: r.client_impact,
      timeline: JSON.parse(r.timeline) as { at: string; what: string }[],
      cause: r.cause,
      changes: r.changes,
      followUps: (followUps.get(r.id) ?? []).map((f) => ({ title: f.title, dueDate: f.dueDate, owner: refOrNull(users, f.ownerId) })),
      followUpCommitments: (JSON.parse(r.follow_up_ids) as string[])
        .map((id) => byId.get(id))
        .filter((c) => !!c)
        .map((c) => ({ id: c.id, title: c.title, dueDate: c.due_date, status: c.status })),
      source,
      status: r.status,
      visibility: r.visibility,
      createdBy: refOf(users, r.created_by),
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      publishedBy: refOrNull(users, r.published_by),
      publishedAt: r.published_at,
      acknowledgements: mine.map((a) => ({ user: refOf(users, a.user_id), at: a.at })),
      acknowledgedByMe: mine.some((a) => a.user_id === access.actor.userId),
      canEdit: mayWrite,
      canAcknowledge: mayAck && r.status === 'published' && !mine.some((a) => a.user_id === access.actor.userId),
    };
  });
}

/**
 * The engagement's record of failures (ADR 0020), from what the reader may see:
 * - selfReported: published failure reports that do not link a RAID issue or risk raised by a client role;
 * - clientRaisedFirst: escalations raised by a client role, plus RAID issues raised by a client role.
 * A person's side is their current role in the engagement.
 */
export async function failureRecord(db: Db, access: EngagementAccess) {
  const k = db as Kysely<DB>;
  const [members, reports, escalations, issues] = await Promise.all([
    scoped(k, access, 'memberships').select(['user_id', 'role']).execute(),
    scoped(k, access, 'failure_reports').select(['source_type', 'source_id']).where('status', '=', 'published').execute(),
    scoped(k, access, 'escalations').select(['raised_by']).execute(),
    scoped(k, access, 'raid_items').select(['id', 'type', 'created_by']).execute(),
  ]);
  const clientSide = new Set(members.filter((m) => CLIENT_ROLES.includes(m.role)).map((m) => m.user_id));
  const clientRaisedRaid = new Set(issues.filter((i) => clientSide.has(i.created_by)).map((i) => i.id));
  return {
    selfReported: reports.filter((r) => !(r.source_type === 'raid_item' && clientRaisedRaid.has(r.source_id!))).length,
    clientRaisedFirst: escalations.filter((e) => !!e.raised_by && clientSide.has(e.raised_by)).length + issues.filter((i) => i.type === 'issue' && clientSide.has(i.created_by)).length,
  };
}

export async function listFailureReports(deps: Deps, access: EngagementAccess) {
  const rows = await scoped(deps.db, access, 'failure_reports').selectAll().orderBy('id', 'desc').execute();
  const [reports, record] = await Promise.all([presentAll(deps.db, access, rows), failureRecord(deps.db, access)]);
  return { reports, record };
}

export async function getFailureReport(deps: Deps, access: EngagementAccess, reportId: string) {
  const r = await findScoped(deps.db, access, 'failure_reports', reportId, 'Failure report not found');
  return (await presentAll(deps.db, access, [r]))[0]!;
}

// ── Writes ──────────────────────────────────────────────────────────────────

/** The issue, risk or commitment a report came from: of this engagement and visible to the writer; a shared report links shared things only. */
async function checkSource(db: Db, access: EngagementAccess, source: Source, visibility: 'shared' | 'internal') {
  if (!source) return;
  const k = db as Kysely<DB>;
  const row =
    source.type === 'raid_item'
      ? await scoped(k, access, 'raid_items').select(['type', 'visibility']).where('id', '=', source.id).executeTakeFirst()
      : await scoped(k, access, 'commitments').select(['visibility']).where('id', '=', source.id).executeTakeFirst();
  if (!row) throw invalid('source.id', `is not a ${source.type === 'raid_item' ? 'RAID item' : 'commitment'} of this engagement`);
  if ('type' in row && row.type !== 'issue' && row.type !== 'risk') throw invalid('source.id', `is a ${row.type}: a failure report comes from an issue or a risk`);
  if (visibility === 'shared' && row.visibility === 'internal') throw invalid('source.id', 'is internal: a shared report cannot link it (the client would not see it)');
}

/** Follow-up owners: provider-side members. */
async function checkFollowUps(db: Db, access: EngagementAccess, followUps: FollowUpInput[]) {
  const owners = followUps.map((f) => f.ownerId).filter((x): x is string => !!x);
  if (owners.length === 0) return;
  const rows = await scoped(db as Kysely<DB>, access, 'memberships').select(['user_id', 'role']).where('user_id', 'in', owners).execute();
  const roles = new Map(rows.map((r) => [r.user_id, r.role]));
  followUps.forEach((f, i) => {
    if (f.ownerId && (!roles.has(f.ownerId) || sideOf(roles.get(f.ownerId)!) !== 'provider')) throw invalid(`followUps.${i}.ownerId`, 'is not a provider-side member of this engagement');
  });
}

const content = (r: FailureReportsTable) => ({
  title: r.title,
  whatHappened: r.what_happened,
  clientImpact: r.client_impact,
  timeline: JSON.parse(r.timeline),
  cause: r.cause,
  changes: r.changes,
  followUps: JSON.parse(r.follow_ups),
  source: r.source_type ? { type: r.source_type, id: r.source_id } : null,
  status: r.status,
  visibility: r.visibility,
});

export async function createFailureReport(deps: Deps, access: EngagementAccess, input: CreateFailureReportBody) {
  const id = newId();
  await deps.db.transaction().execute(async (trx) => {
    await checkSource(trx, access, input.source, input.visibility);
    await checkFollowUps(trx, access, input.followUps);
    const at = deps.clock.now().toISOString();
    const row: FailureReportsTable = {
      id,
      engagement_id: access.engagementId,
      title: input.title,
      what_happened: input.whatHappened,
      client_impact: input.clientImpact,
      timeline: JSON.stringify(input.timeline),
      cause: input.cause,
      changes: input.changes,
      follow_ups: JSON.stringify(input.followUps),
      follow_up_ids: '[]',
      source_type: input.source?.type ?? null,
      source_id: input.source?.id ?? null,
      status: 'draft',
      visibility: input.visibility,
      created_by: access.actor.userId,
      published_by: null,
      published_at: null,
      created_at: at,
      updated_at: at,
    };
    await trx.insertInto('failure_reports').values(row).execute();
    await appendAudit(trx, deps, {
      chain: access.engagementId,
      actor: access.actor,
      action: 'failure_report.created',
      object: { type: 'failure_report', id },
      visibility: input.visibility,
      before: null,
      after: content(row),
    });
  });
  return getFailureReport(deps, access, id);
}

async function reportToChange(trx: Transaction<DB>, deps: Deps, access: EngagementAccess, reportId: string) {
  let q = scoped(trx, access, 'failure_reports').selectAll().where('id', '=', reportId);
  if (deps.dialect === 'postgres') q = q.forUpdate();
  const r = await q.executeTakeFirst();
  if (!r) throw notFound('Failure report not found');
  return r;
}

export async function updateFailureReport(deps: Deps, access: EngagementAccess, reportId: string, patch: UpdateFailureReportBody) {
  await deps.db.transaction().execute(async (trx) => {
    const r = await reportToChange(trx, deps, access, reportId);
    const published = r.status === 'published';
    if (published && patch.followUps !== undefined) throw invalid('followUps', 'the report is published: its follow-ups are commitments in the ledger now; change them there');
    if (published && patch.visibility === 'internal') throw invalid('visibility', 'a published report is shared with the client');
    const visibility = patch.visibility ?? r.visibility;
    const source = patch.source === undefined ? (r.source_type ? { type: r.source_type, id: r.source_id! } : null) : patch.source;
    if (patch.source !== undefined || patch.visibility !== undefined) await checkSource(trx, access, source, visibility);
    if (patch.followUps) await checkFollowUps(trx, access, patch.followUps);
    const next: FailureReportsTable = {
      ...r,
      title: patch.title ?? r.title,
      what_happened: patch.whatHappened ?? r.what_happened,
      client_impact: patch.clientImpact ?? r.client_impact,
      timeline: patch.timeline ? JSON.stringify(patch.timeline) : r.timeline,
      cause: patch.cause ?? r.cause,
      changes: patch.changes ?? r.changes,
      follow_ups: patch.followUps ? JSON.stringify(patch.followUps) : r.follow_ups,
      source_type: source?.type ?? null,
      source_id: source?.id ?? null,
      visibility,
      updated_at: deps.clock.now().toISOString(),
    };
    const { id: _id, engagement_id: _e, ...values } = next;
    await trx.updateTable('failure_reports').set(values).where('id', '=', r.id).execute();
    await appendAudit(trx, deps, {
      chain: access.engagementId,
      actor: access.actor,
      action: 'failure_report.updated',
      object: { type: 'failure_report', id: r.id },
      visibility: changeVisibility(r, next),
      before: content(r),
      after: content(next),
    });
  });
  return getFailureReport(deps, access, reportId);
}

/** A follow-up's ledger error, named by the follow-up it came from. */
function asFollowUpError(e: unknown, i: number): unknown {
  if (e instanceof AppError && e.status === 422 && e.details?.[0]) return invalid(`followUps.${i}.${e.details[0].field}`, e.details[0].message);
  return e;
}

/**
 * Publishing shares the report with the client and records its follow-ups as
 * provider commitments in the ledger, in one transaction. The publish record is
 * shared and carries the report as published (not the draft's history).
 */
export async function publishFailureReport(deps: Deps, access: EngagementAccess, reportId: string) {
  await deps.db.transaction().execute(async (trx) => {
    const r = await reportToChange(trx, deps, access, reportId);
    if (r.status === 'published') throw conflict('This failure report is already published');
    const source = r.source_type ? { type: r.source_type, id: r.source_id! } : null;
    await checkSource(trx, access, source, 'shared');
    const followUps = JSON.parse(r.follow_ups) as FollowUpInput[];
    const ids: string[] = [];
    for (const [i, f] of followUps.entries()) {
      try {
        ids.push(
          await insertCommitment(trx, deps, access, {
            side: 'provider',
            title: f.title,
            details: `A follow-up of the failure report “${r.title}”.`,
            assumptions: '',
            dueDate: f.dueDate,
            ownerId: f.ownerId,
            phaseId: null,
            itemIds: [],
            visibility: 'shared',
          }),
        );
      } catch (e) {
        throw asFollowUpError(e, i);
      }
    }
    const at = deps.clock.now().toISOString();
    const next: FailureReportsTable = { ...r, status: 'published', visibility: 'shared', published_by: access.actor.userId, published_at: at, follow_up_ids: JSON.stringify(ids), updated_at: at };
    await trx
      .updateTable('failure_reports')
      .set({ status: 'published', visibility: 'shared', published_by: access.actor.userId, published_at: at, follow_up_ids: next.follow_up_ids, updated_at: at })
      .where('id', '=', r.id)
      .execute();
    await appendAudit(trx, deps, {
      chain: access.engagementId,
      actor: access.actor,
      action: 'failure_report.published',
      object: { type: 'failure_report', id: r.id },
      visibility: 'shared',
      before: { status: 'draft' },
      after: { ...content(next), followUpCommitmentIds: ids },
    });
    const everyone = await unscoped(trx, 'recipients of a published report; notify() filters them by visibility')
      .selectFrom('memberships')
      .select('user_id')
      .where('engagement_id', '=', access.engagementId)
      .execute();
    await notify(trx, deps, {
      engagementId: access.engagementId,
      visibility: 'shared',
      userIds: everyone.map((m) => m.user_id).filter((u) => u !== access.actor.userId),
      kind: 'failure_report.published',
      title: `Failure report: ${r.title}`,
      body: `${access.actor.name} published a failure report: what happened, its impact, the cause and what changed${ids.length ? `, with ${ids.length} follow-up commitment${ids.length === 1 ? '' : 's'}` : ''}.`,
      link: link(access.engagementId, r.id),
    });
  });
  return getFailureReport(deps, access, reportId);
}

/** A client acknowledges a published report (who and when); once per person. */
export async function acknowledgeFailureReport(deps: Deps, access: EngagementAccess, reportId: string) {
  await deps.db.transaction().execute(async (trx) => {
    const r = await reportToChange(trx, deps, access, reportId);
    if (r.status !== 'published') throw conflict('This failure report is not published yet');
    const had = await scoped(trx, access, 'failure_report_acks').select('user_id').where('report_id', '=', r.id).where('user_id', '=', access.actor.userId).executeTakeFirst();
    if (had) return;
    const at = deps.clock.now().toISOString();
    await trx.insertInto('failure_report_acks').values({ report_id: r.id, user_id: access.actor.userId, at }).execute();
    await appendAudit(trx, deps, {
      chain: access.engagementId,
      actor: access.actor,
      action: 'failure_report.acknowledged',
      object: { type: 'failure_report', id: r.id },
      visibility: 'shared',
      before: null,
      after: { title: r.title, acknowledgedAt: at },
    });
    await notify(trx, deps, {
      engagementId: access.engagementId,
      visibility: 'shared',
      userIds: [r.created_by, r.published_by],
      kind: 'failure_report.acknowledged',
      title: `${access.actor.name} acknowledged the failure report “${r.title}”`,
      body: `${access.actor.name} acknowledged the failure report “${r.title}”.`,
      link: link(access.engagementId, r.id),
    });
  });
  return getFailureReport(deps, access, reportId);
}

