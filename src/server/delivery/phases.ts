import type { Transaction } from 'kysely';
import { elapsedPercent } from '../../domain/delivery/burn';
import { type PhaseStatus, phaseTransition, statusAfterGate } from '../../domain/delivery/phases';
import { appendAudit } from '../audit/append';
import type { EngagementAccess } from '../authz/access';
import type { DB, PhasesTable } from '../db/schema';
import type { Actor, Deps } from '../http/context';
import { conflict, notFound } from '../http/errors';
import { newId } from '../ids';
import { type Db, loadSettings, rejected, todayOf, touch } from './common';
import { scoped, scopedUpdate, unscoped } from '../authz/scoped';
import type { CustomQuestionInput } from '../../domain/gates/review';
import { assertPlanningOpen, openGateReview } from '../gates/service';

export interface ExitCriterion {
  text: string;
  met: boolean;
}

export function presentPhase(p: PhasesTable, today: string) {
  return {
    id: p.id,
    position: p.position,
    name: p.name,
    goal: p.goal,
    plannedStart: p.planned_start,
    plannedEnd: p.planned_end,
    exitCriteria: JSON.parse(p.exit_criteria) as ExitCriterion[],
    status: p.status,
    reviewRequestedAt: p.review_requested_at,
    doneAt: p.done_at,
    awaitingGateReview: p.status === 'in_review',
    gateReviewId: p.gate_review_id,
    percentElapsed: elapsedPercent(p.planned_start, p.planned_end, today),
    createdAt: p.created_at,
    updatedAt: p.updated_at,
  };
}

const snapshot = (p: PhasesTable) => ({
  name: p.name,
  goal: p.goal,
  plannedStart: p.planned_start,
  plannedEnd: p.planned_end,
  exitCriteria: JSON.parse(p.exit_criteria),
  status: p.status,
  position: p.position,
});

/** Phases are shared with both sides: the plan is the client's too. */
export async function listPhases(deps: Deps, access: EngagementAccess) {
  const rows = await scoped(deps.db, access, 'phases').selectAll().orderBy('position').orderBy('id').execute();
  const today = todayOf(deps);
  return { phases: rows.map((p) => presentPhase(p, today)) };
}

async function phaseRow(db: Db, access: EngagementAccess, phaseId: string) {
  const p = await scoped(db, access, 'phases').selectAll().where('id', '=', phaseId).executeTakeFirst();
  if (!p) throw notFound('Phase not found');
  return p;
}

export async function getPhase(deps: Deps, access: EngagementAccess, phaseId: string) {
  return presentPhase(await phaseRow(deps.db, access, phaseId), todayOf(deps));
}

async function checkWithinEngagement(trx: Transaction<DB>, access: EngagementAccess, start: string, end: string) {
  const s = await loadSettings(trx, access);
  if (s.start_date && start < s.start_date) throw rejected('plannedStart', `must not be before the engagement starts (${s.start_date})`);
  if (s.end_date && end > s.end_date) throw rejected('plannedEnd', `must not be after the engagement ends (${s.end_date})`);
}

export interface PhaseInput {
  name: string;
  goal: string;
  plannedStart: string;
  plannedEnd: string;
  exitCriteria: ExitCriterion[];
  position?: number | undefined;
}

export async function createPhase(deps: Deps, access: EngagementAccess, input: PhaseInput) {
  const id = await deps.db.transaction().execute((trx) => insertPhase(trx, deps, access, input));
  return getPhase(deps, access, id);
}

/** Creates a phase inside the caller's transaction (e.g. an accepted recommendation's work); returns its id. */
export async function insertPhase(trx: Transaction<DB>, deps: Deps, access: EngagementAccess, input: PhaseInput): Promise<string> {
  await assertPlanningOpen(trx, access);
  const now = deps.clock.now().toISOString();
  const id = newId();
  {
    await checkWithinEngagement(trx, access, input.plannedStart, input.plannedEnd);
    const existing = await scoped(trx, access, 'phases').select(['id', 'position']).orderBy('position').execute();
    const position = Math.min(input.position ?? existing.length, existing.length);
    // make room: shift later phases down by one
    for (const p of existing.filter((x) => x.position >= position).reverse()) {
      await trx.updateTable('phases').set({ position: p.position + 1 }).where('id', '=', p.id).execute();
    }
    await trx
      .insertInto('phases')
      .values({
        id,
        engagement_id: access.engagementId,
        position,
        name: input.name,
        goal: input.goal,
        planned_start: input.plannedStart,
        planned_end: input.plannedEnd,
        exit_criteria: JSON.stringify(input.exitCriteria),
        status: 'planned',
        review_requested_at: null,
        done_at: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await touch(trx, access.engagementId, now);
    await appendAudit(trx, deps, {
      chain: access.engagementId,
      actor: access.actor,
      action: 'phase.created',
      object: { type: 'phase', id },
      visibility: 'shared',
      before: null,
      after: { ...input, position, status: 'planned' },
    });
  }
  return id;
}

export async function updatePhase(deps: Deps, access: EngagementAccess, phaseId: string, patch: Partial<PhaseInput> & { status?: PhaseStatus | undefined }) {
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    const p = await phaseRow(trx, access, phaseId);
    if (patch.status) {
      const t = phaseTransition(p.status, patch.status, 'edit');
      if (!t.ok) throw rejected('status', t.message);
    }
    if (p.status === 'done') throw conflict('This phase is done (closed by its gate review); it can no longer be edited');
    if (p.status === 'stopped') throw conflict('This phase was stopped by its gate review; it can no longer be edited');
    if (patch.status === 'active' && p.status !== 'active') await assertPlanningOpen(trx, access);
    const start = patch.plannedStart ?? p.planned_start;
    const end = patch.plannedEnd ?? p.planned_end;
    if (end < start) throw rejected('plannedEnd', `must not be before plannedStart (${start})`);
    await checkWithinEngagement(trx, access, start, end);
    if (patch.position !== undefined && patch.position !== p.position) {
      const others = await scoped(trx, access, 'phases').select(['id', 'position']).where('id', '!=', p.id).orderBy('position').execute();
      const ordered = others.map((o) => o.id);
      ordered.splice(Math.min(patch.position, ordered.length), 0, p.id);
      for (const [i, id] of ordered.entries()) await trx.updateTable('phases').set({ position: i }).where('id', '=', id).execute();
    }
    const after = {
      name: patch.name ?? p.name,
      goal: patch.goal ?? p.goal,
      planned_start: start,
      planned_end: end,
      exit_criteria: patch.exitCriteria ? JSON.stringify(patch.exitCriteria) : p.exit_criteria,
      status: patch.status ?? p.status,
      updated_at: now,
    };
    await trx.updateTable('phases').set(after).where('id', '=', p.id).execute();
    await touch(trx, access.engagementId, now);
    const updated = await phaseRow(trx, access, phaseId);
    await appendAudit(trx, deps, {
      chain: access.engagementId,
      actor: access.actor,
      action: 'phase.updated',
      object: { type: 'phase', id: p.id },
      visibility: 'shared',
      before: snapshot(p),
      after: snapshot(updated),
    });
  });
  return getPhase(deps, access, phaseId);
}

/** Removes a planned phase that holds no work items. */
export async function deletePhase(deps: Deps, access: EngagementAccess, phaseId: string) {
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    const p = await phaseRow(trx, access, phaseId);
    if (p.status !== 'planned') throw conflict(`Only a planned phase can be deleted; this one is ${p.status.replace('_', ' ')}`);
    const items = await scoped(trx, access, 'work_items').select('id').where('phase_id', '=', p.id).limit(1).execute();
    if (items.length) throw conflict('This phase holds work items: move them to another phase first');
    await trx.deleteFrom('phases').where('id', '=', p.id).execute();
    await scopedUpdate(trx, access, 'phases').set((eb) => ({ position: eb('position', '-', 1) })).where('position', '>', p.position).execute();
    await touch(trx, access.engagementId, now);
    await appendAudit(trx, deps, {
      chain: access.engagementId,
      actor: access.actor,
      action: 'phase.deleted',
      object: { type: 'phase', id: p.id },
      visibility: 'shared',
      before: snapshot(p),
      after: null,
    });
  });
}

/**
 * The lead asks for the gate review: active → in_review, and the gate review
 * opens in the same transaction (its id is on the phase). The review itself
 * (both sides answer, the sponsor decides) does the rest.
 */
export async function requestPhaseReview(deps: Deps, access: EngagementAccess, phaseId: string, note: string, questions?: CustomQuestionInput[]) {
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    const p = await phaseRow(trx, access, phaseId);
    const t = phaseTransition(p.status, 'in_review', 'request-review');
    if (!t.ok) throw conflict(`Cannot request a review: ${t.message}`);
    await trx.updateTable('phases').set({ status: 'in_review', review_requested_at: now, updated_at: now }).where('id', '=', p.id).execute();
    await touch(trx, access.engagementId, now);
    const criteria = JSON.parse(p.exit_criteria) as ExitCriterion[];
    await appendAudit(trx, deps, {
      chain: access.engagementId,
      actor: access.actor,
      action: 'phase.review_requested',
      object: { type: 'phase', id: p.id },
      visibility: 'shared',
      before: { status: p.status },
      after: { status: 'in_review', note, exitCriteriaMet: criteria.filter((c) => c.met).length, exitCriteria: criteria.length, name: p.name },
    });
    await openGateReview(trx, deps, access, p, questions);
  });
  return getPhase(deps, access, phaseId);
}

/**
 * HOOK for the gate review (src/server/gates): the only way a phase ends.
 * Call it inside the transaction that records the sponsor's decision; it
 * appends its own audit record to the same chain.
 * proceed / proceed_with_conditions → done; pause → stays in_review (to be
 * revisited); stop → stopped (terminal; the gate review also stops the engagement).
 */
export async function applyGateDecision(
  trx: Transaction<DB>,
  deps: Pick<Deps, 'dialect' | 'clock'>,
  ctx: { engagementId: string; phaseId: string; actor: Actor | null; reviewId: string; decision: 'proceed' | 'proceed_with_conditions' | 'pause' | 'stop' },
): Promise<{ status: PhaseStatus }> {
  const now = deps.clock.now().toISOString();
  const p = await unscoped(trx, 'the gate hook: its caller authorized the gate decision')
    .selectFrom('phases')
    .selectAll()
    .where('id', '=', ctx.phaseId)
    .where('engagement_id', '=', ctx.engagementId)
    .executeTakeFirst();
  if (!p) throw notFound('Phase not found');
  const to = statusAfterGate(ctx.decision);
  const t = phaseTransition(p.status, to, 'gate');
  if (!t.ok) throw conflict(`Cannot apply the gate decision: ${t.message}`);
  await trx
    .updateTable('phases')
    .set({ status: to, done_at: to === 'done' || to === 'stopped' ? now : null, updated_at: now })
    .where('id', '=', p.id)
    .execute();
  await touch(trx, ctx.engagementId, now);
  await appendAudit(trx, deps, {
    chain: ctx.engagementId,
    actor: ctx.actor,
    action: to === 'done' ? 'phase.closed_by_gate' : to === 'stopped' ? 'phase.stopped_by_gate' : 'phase.paused_by_gate',
    object: { type: 'phase', id: p.id },
    visibility: 'shared',
    before: { status: p.status },
    after: { status: to, decision: ctx.decision, reviewId: ctx.reviewId, name: p.name },
  });
  return { status: to };
}
