/**
 * Gate reviews (issue 11, ADR 0015): opened by a phase's review request,
 * answered blind by both sides, revealed when both have submitted, decided
 * by the sponsor. Blindness is in the read path: answers and remarks are
 * read through `scoped()`, whose `blind` scope returns the other side's rows
 * only once both sides have submitted. Audit records of drafts, submissions
 * and remarks carry no content, only the side and a salted hash; one
 * `gate_review.revealed` record carries both sides' answers and salts.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { z } from 'zod';
import type { AnswersBody, CustomQuestion, DecisionBody, RemarkBody } from '../../contracts/gates';
import { sha256 } from '../../domain/audit/chain';
import type { Side } from '../../domain/authz/policy';
import {
  type Answer,
  answersHash,
  checkAnswers,
  checkDecision,
  compareReviews,
  gaps,
  isRevealed,
  mayAnswer,
  missingForSubmit,
  orderAnswers,
  type Problem,
  type Question,
  reviewQuestions,
  type ScoredReview,
  verifyReveal,
} from '../../domain/gates/review';
import { addDays, isoDate } from '../../domain/time';
import { appendAudit } from '../audit/append';
import type { EngagementAccess } from '../authz/access';
import { scoped, unscoped } from '../authz/scoped';
import { agreedCharterBody } from '../charter/service';
import { insertCommitment } from '../commitments/service';
import type { DB, GateReviewsTable, PhasesTable } from '../db/schema';
import { refOf, refOrNull, userRefs } from '../db/users';
import { applyGateDecision } from '../delivery/phases';
import type { Deps } from '../http/context';
import { AppError, conflict, forbidden, notFound } from '../http/errors';
import { newId } from '../ids';
import { enqueue } from '../jobs/queue';
import { notify } from '../notify/notify';
import { gateEvidence } from './evidence';

type Db = Kysely<DB> | Transaction<DB>;

const link = (engagementId: string, reviewId: string) => `/engagements/${engagementId}/gate-reviews/${reviewId}`;
const sideName = (s: Side) => (s === 'provider' ? 'the provider' : 'the client');
const rejectAll = (problems: Problem[]): never => {
  throw new AppError(422, 'invalid_input', `${problems[0]!.field}: ${problems[0]!.message}`, problems);
};
const nonce = () => randomBytes(16).toString('hex');
const REMIND_JOB = 'gate_review.remind';
const REVISIT_JOB = 'gate_review.revisit';
const MAX_REMINDERS = 3;

interface Condition {
  commitmentId: string;
  what: string;
  side: Side;
  dueDate: string;
}

// ── Opening (inside the phase's review request) ─────────────────────────────

/**
 * Opens the gate review of a phase going into review, in the caller's
 * transaction. The engagement's own questions carry over from its last
 * review unless the request names them.
 */
export async function openGateReview(
  trx: Transaction<DB>,
  deps: Deps,
  access: EngagementAccess,
  phase: PhasesTable,
  custom: z.infer<typeof CustomQuestion>[] | undefined,
): Promise<string> {
  const last = await scoped(trx, access, 'gate_reviews').select('questions').orderBy('id', 'desc').limit(1).executeTakeFirst();
  const carried = last ? (JSON.parse(last.questions) as Question[]).filter((q) => q.custom).map(({ key, text }) => ({ key, text })) : [];
  const { questions, problems } = reviewQuestions(custom ?? carried);
  if (problems.length) rejectAll(problems);
  const charter = await agreedCharterBody(trx as Kysely<DB>, access);
  const days = charter?.cadence.gateReviewReminderDays ?? 5;
  const now = deps.clock.now();
  const at = now.toISOString();
  const id = newId();
  const dueOn = isoDate(addDays(now, days));
  await trx
    .insertInto('gate_reviews')
    .values({
      id,
      engagement_id: access.engagementId,
      phase_id: phase.id,
      questions: JSON.stringify(questions),
      status: 'open',
      opened_by: access.actor.userId,
      opened_at: at,
      answers_due_on: dueOn,
      provider_submitted_by: null,
      provider_submitted_at: null,
      provider_hash: null,
      provider_nonce: nonce(),
      client_submitted_by: null,
      client_submitted_at: null,
      client_hash: null,
      client_nonce: nonce(),
      revealed_at: null,
      decision: null,
      rationale: null,
      decided_by: null,
      decided_at: null,
      revisit_on: null,
      conditions: '[]',
      created_at: at,
      updated_at: at,
    })
    .execute();
  await trx.updateTable('phases').set({ gate_review_id: id }).where('id', '=', phase.id).execute();
  await appendAudit(trx, deps, {
    chain: access.engagementId,
    actor: access.actor,
    action: 'gate_review.opened',
    object: { type: 'gate_review', id },
    visibility: 'shared',
    before: null,
    after: { phaseId: phase.id, phaseName: phase.name, questions: questions.map((q) => q.key), answersDueOn: dueOn },
  });
  await enqueue(trx, deps, REMIND_JOB, { reviewId: id, round: 1 }, { runAt: addDays(now, days), uniqueKey: `gate:${id}:remind:1` });
  const members = await scoped(trx, access, 'memberships').select('user_id').execute();
  await notify(trx, deps, {
    engagementId: access.engagementId,
    visibility: 'shared',
    userIds: members.map((m) => m.user_id).filter((u) => u !== access.actor.userId),
    kind: 'gate_review.opened',
    title: `Gate review of ${phase.name}: both sides answer`,
    body: `${access.actor.name} asked for the gate review of "${phase.name}". Each side answers the same questions; neither sees the other's answers until both have submitted. Answers are due by ${dueOn}.`,
    link: link(access.engagementId, id),
  });
  return id;
}

// ── Reads ───────────────────────────────────────────────────────────────────

async function loadReview(db: Db, deps: Deps, access: EngagementAccess, reviewId: string, forUpdate = false) {
  let q = scoped(db as Kysely<DB>, access, 'gate_reviews').selectAll().where('id', '=', reviewId);
  if (forUpdate && deps.dialect === 'postgres') q = q.forUpdate();
  const r = await q.executeTakeFirst();
  if (!r) throw notFound('Gate review not found');
  return r;
}

const state = (r: GateReviewsTable) => ({ providerSubmittedAt: r.provider_submitted_at, clientSubmittedAt: r.client_submitted_at });

/** The answers and remarks the reader may see: through the blind scope, so the other side's only once revealed. */
async function visibleContent(db: Db, access: EngagementAccess, reviewIds: string[]) {
  if (reviewIds.length === 0) return { answers: [], remarks: [] };
  const [answers, remarks] = await Promise.all([
    scoped(db as Kysely<DB>, access, 'gate_review_answers').selectAll().where('review_id', 'in', reviewIds).execute(),
    scoped(db as Kysely<DB>, access, 'gate_review_remarks').selectAll().where('review_id', 'in', reviewIds).orderBy('id').execute(),
  ]);
  return { answers, remarks };
}

function waitingFor(r: GateReviewsTable): string[] {
  const out: string[] = [];
  if (!r.provider_submitted_at) out.push("the provider's answers (the lead submits them)");
  if (!r.client_submitted_at) out.push("the client's answers (the sponsor submits them)");
  if (out.length === 0 && r.status === 'revealed') out.push("the sponsor's decision");
  if (r.status === 'paused' && r.revisit_on) out.push(`the sponsor's decision, to be revisited on ${r.revisit_on}`);
  return out;
}

async function presentSummaries(deps: Deps, access: EngagementAccess, rows: GateReviewsTable[]) {
  const phaseIds = [...new Set(rows.map((r) => r.phase_id))];
  const [users, phases] = await Promise.all([
    userRefs(deps.db, rows.flatMap((r) => [r.opened_by, r.provider_submitted_by, r.client_submitted_by, r.decided_by])),
    phaseIds.length ? scoped(deps.db, access, 'phases').select(['id', 'name', 'status', 'position']).where('id', 'in', phaseIds).execute() : Promise.resolve([]),
  ]);
  const phaseOf = new Map(phases.map((p) => [p.id, p]));
  return rows.map((r) => {
    const p = phaseOf.get(r.phase_id);
    const revealed = isRevealed(state(r));
    return {
      id: r.id,
      phase: { id: r.phase_id, name: p?.name ?? 'Phase', status: p?.status ?? 'in_review', position: p?.position ?? 0 },
      status: r.status,
      openedAt: r.opened_at,
      openedBy: refOf(users, r.opened_by),
      answersDueOn: r.answers_due_on,
      provider: { submitted: !!r.provider_submitted_at, submittedAt: r.provider_submitted_at, submittedBy: refOrNull(users, r.provider_submitted_by), hash: r.provider_hash },
      client: { submitted: !!r.client_submitted_at, submittedAt: r.client_submitted_at, submittedBy: refOrNull(users, r.client_submitted_by), hash: r.client_hash },
      revealed,
      revealedAt: r.revealed_at,
      decision:
        r.decision && r.decided_by && r.decided_at
          ? {
              decision: r.decision,
              rationale: r.rationale ?? '',
              decidedBy: refOf(users, r.decided_by),
              decidedAt: r.decided_at,
              revisitOn: r.revisit_on,
              conditions: [] as { commitmentId: string; what: string; side: Side; dueDate: string; status: string }[],
            }
          : null,
      waitingFor: waitingFor(r),
    };
  });
}

/** Every gate review of the engagement, newest first, with the per-question trend of the revealed ones. */
export async function listGateReviews(deps: Deps, access: EngagementAccess) {
  const rows = await scoped(deps.db, access, 'gate_reviews').selectAll().orderBy('id', 'desc').execute();
  const summaries = await presentSummaries(deps, access, rows);
  const revealedRows = rows.filter((r) => isRevealed(state(r)));
  const { answers } = await visibleContent(deps.db, access, revealedRows.map((r) => r.id));
  const scored: ScoredReview[] = revealedRows.map((r) => {
    const mine = answers.filter((a) => a.review_id === r.id);
    const qs = JSON.parse(r.questions) as Question[];
    const pick = (side: Side) => orderAnswers(qs, mine.filter((a) => a.side === side).map((a) => ({ question: a.question, score: a.score, comment: a.comment })));
    return { reviewId: r.id, phaseName: summaries.find((s) => s.id === r.id)!.phase.name, at: r.revealed_at ?? r.opened_at, provider: pick('provider'), client: pick('client') };
  });
  const stop = await engagementStop(deps.db, access);
  return { reviews: summaries, trend: compareReviews(scored), stop };
}

export async function getGateReview(deps: Deps, access: EngagementAccess, reviewId: string) {
  const r = await loadReview(deps.db, deps, access, reviewId);
  const [[summary], content, phase] = await Promise.all([
    presentSummaries(deps, access, [r]),
    visibleContent(deps.db, access, [r.id]),
    scoped(deps.db, access, 'phases').selectAll().where('id', '=', r.phase_id).executeTakeFirstOrThrow(),
  ]);
  const questions = JSON.parse(r.questions) as Question[];
  const users = await userRefs(deps.db, content.remarks.map((m) => m.author_id));
  const revealed = isRevealed(state(r));
  const sideAnswers = (side: Side): Answer[] | null => {
    if (!revealed && side !== access.side) return null;
    return orderAnswers(
      questions,
      content.answers.filter((a) => a.side === side).map((a) => ({ question: a.question, score: a.score, comment: a.comment })),
    );
  };
  const sideRemarks = (side: Side) =>
    !revealed && side !== access.side
      ? null
      : content.remarks
          .filter((m) => m.side === side)
          .map((m) => ({ id: m.id, question: m.question, body: m.body, author: refOf(users, m.author_id), createdAt: m.created_at }));
  const provider = sideAnswers('provider');
  const client = sideAnswers('client');
  const conditions = JSON.parse(r.conditions) as Condition[];
  if (summary!.decision && conditions.length) {
    const rows = await scoped(deps.db, access, 'commitments').select(['id', 'status']).where('id', 'in', conditions.map((c) => c.commitmentId)).execute();
    summary!.decision.conditions = conditions.map((c) => ({ ...c, status: rows.find((x) => x.id === c.commitmentId)?.status ?? 'open' }));
  }
  const yourSideSubmitted = access.side === 'provider' ? !!r.provider_submitted_at : !!r.client_submitted_at;
  const answering = r.status === 'open' && !yourSideSubmitted;
  return {
    ...summary!,
    questions,
    answers: { provider, client },
    remarks: { provider: sideRemarks('provider'), client: sideRemarks('client') },
    gaps: revealed && provider && client ? gaps(provider, client) : [],
    reveal:
      revealed && provider && client && r.provider_hash && r.client_hash
        ? {
            providerNonce: r.provider_nonce,
            clientNonce: r.client_nonce,
            verified:
              verifyReveal(
                questions,
                { provider: r.provider_hash, client: r.client_hash },
                { provider: { hash: r.provider_hash, nonce: r.provider_nonce, answers: provider }, client: { hash: r.client_hash, nonce: r.client_nonce, answers: client } },
              ).length === 0,
          }
        : null,
    evidence: await gateEvidence(deps, access, r, phase),
    you: {
      side: access.side,
      canAnswer: answering && mayAnswer(access.role, false).ok,
      canSubmit: answering && mayAnswer(access.role, true).ok,
      canRemark: !revealed && r.status === 'open',
      canDecide: access.role === 'sponsor' && revealed && (r.status === 'revealed' || r.status === 'paused'),
      yourSideSubmitted,
    },
  };
}

// ── Answering ───────────────────────────────────────────────────────────────

/** Saves (submit: false) or submits (submit: true) the reader's side's answers; the second submission reveals both. */
export async function saveAnswers(deps: Deps, access: EngagementAccess, reviewId: string, body: z.infer<typeof AnswersBody>) {
  const may = mayAnswer(access.role, body.submit);
  if (!may.ok) throw forbidden(may.message);
  const side = access.side;
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    const r = await loadReview(trx, deps, access, reviewId, true);
    if (r.status !== 'open') throw conflict(`This gate review is ${r.status}: answers can no longer change`);
    const submittedAt = side === 'provider' ? r.provider_submitted_at : r.client_submitted_at;
    if (submittedAt) throw conflict(`${sideName(side)[0]!.toUpperCase()}${sideName(side).slice(1)}'s answers were submitted at ${submittedAt} and are final`);
    const questions = JSON.parse(r.questions) as Question[];
    const problems = checkAnswers(questions, body.answers);
    if (problems.length) rejectAll(problems);
    const existing = await scoped(trx, access, 'gate_review_answers').selectAll().where('review_id', '=', r.id).where('side', '=', side).execute();
    for (const a of body.answers) {
      const old = existing.find((e) => e.question === a.question);
      const score = a.score === undefined ? (old?.score ?? null) : a.score;
      if (old) {
        await trx
          .updateTable('gate_review_answers')
          .set({ score, comment: a.comment, updated_by: access.actor.userId, updated_at: now })
          .where('review_id', '=', r.id)
          .where('side', '=', side)
          .where('question', '=', a.question)
          .execute();
      } else {
        await trx.insertInto('gate_review_answers').values({ review_id: r.id, side, question: a.question, score, comment: a.comment, updated_by: access.actor.userId, updated_at: now }).execute();
      }
    }
    const merged = orderAnswers(
      questions,
      (await scoped(trx, access, 'gate_review_answers').selectAll().where('review_id', '=', r.id).where('side', '=', side).execute()).map((a) => ({
        question: a.question,
        score: a.score,
        comment: a.comment,
      })),
    );
    const salt = side === 'provider' ? r.provider_nonce : r.client_nonce;
    const hash = answersHash(questions, merged, salt);
    const answered = merged.filter((a) => a.score !== null).length;
    if (!body.submit) {
      await trx.updateTable('gate_reviews').set({ updated_at: now }).where('id', '=', r.id).execute();
      await appendAudit(trx, deps, {
        chain: access.engagementId,
        actor: access.actor,
        action: 'gate_review.draft_saved',
        object: { type: 'gate_review', id: r.id },
        visibility: 'shared',
        before: null,
        // no content: the other side reads this record too (ADR 0015)
        after: { side, answered, of: questions.length, hash },
      });
      return;
    }
    const missing = missingForSubmit(questions, merged);
    if (missing.length) rejectAll(missing);
    const submitted = side === 'provider' ? { provider_submitted_at: now, provider_submitted_by: access.actor.userId, provider_hash: hash } : { client_submitted_at: now, client_submitted_by: access.actor.userId, client_hash: hash };
    await trx
      .updateTable('gate_reviews')
      .set({ ...submitted, updated_at: now })
      .where('id', '=', r.id)
      .execute();
    await appendAudit(trx, deps, {
      chain: access.engagementId,
      actor: access.actor,
      action: 'gate_review.submitted',
      object: { type: 'gate_review', id: r.id },
      visibility: 'shared',
      before: null,
      after: { side, answered, of: questions.length, hash },
    });
    const other: Side = side === 'provider' ? 'client' : 'provider';
    const otherSubmitted = other === 'provider' ? r.provider_submitted_at : r.client_submitted_at;
    const phase = await scoped(trx, access, 'phases').select(['name']).where('id', '=', r.phase_id).executeTakeFirstOrThrow();
    const members = await scoped(trx, access, 'memberships').select(['user_id', 'role']).execute();
    if (otherSubmitted) {
      await reveal(trx, deps, access, { ...r, ...submitted }, questions, now);
      await notify(trx, deps, {
        engagementId: access.engagementId,
        visibility: 'shared',
        userIds: members.map((m) => m.user_id),
        kind: 'gate_review.revealed',
        title: `Gate review of ${phase.name}: both sides have answered`,
        body: `Both sides have submitted their answers to the gate review of "${phase.name}". The answers are now visible side by side; the sponsor decides how to go on.`,
        link: link(access.engagementId, r.id),
      });
    } else {
      await notify(trx, deps, {
        engagementId: access.engagementId,
        visibility: 'shared',
        userIds: members.filter((m) => m.role === (other === 'provider' ? 'lead' : 'sponsor')).map((m) => m.user_id),
        kind: 'gate_review.submitted',
        title: `Gate review of ${phase.name}: ${sideName(side)} has answered`,
        body: `${access.actor.name} submitted ${sideName(side)}'s answers. You will see them once you have submitted yours.`,
        link: link(access.engagementId, r.id),
      });
    }
  });
  return getGateReview(deps, access, reviewId);
}

/** Both sides have submitted: one shared record carries both sides' answers, salts and remarks; its hashes match the submit records. */
async function reveal(trx: Transaction<DB>, deps: Deps, access: EngagementAccess, r: GateReviewsTable, questions: Question[], now: string) {
  await trx.updateTable('gate_reviews').set({ status: 'revealed', revealed_at: now, updated_at: now }).where('id', '=', r.id).execute();
  // read back through the blind scope, which now (both submitted) returns both sides
  const { answers, remarks } = await visibleContent(trx, access, [r.id]);
  const of = (side: Side) => orderAnswers(questions, answers.filter((a) => a.side === side).map((a) => ({ question: a.question, score: a.score, comment: a.comment })));
  const revealed = {
    provider: { hash: r.provider_hash!, nonce: r.provider_nonce, answers: of('provider') },
    client: { hash: r.client_hash!, nonce: r.client_nonce, answers: of('client') },
  };
  const problems = verifyReveal(questions, { provider: r.provider_hash!, client: r.client_hash! }, revealed);
  if (problems.length) throw new Error(`gate review ${r.id}: the revealed answers do not match the submissions: ${problems.map((p) => p.message).join('; ')}`);
  await appendAudit(trx, deps, {
    chain: access.engagementId,
    actor: null,
    action: 'gate_review.revealed',
    object: { type: 'gate_review', id: r.id },
    visibility: 'shared',
    before: null,
    after: {
      ...revealed,
      remarks: remarks.map((m) => ({ id: m.id, side: m.side, question: m.question, body: m.body, authorId: m.author_id, createdAt: m.created_at })),
    },
  });
}

/** A remark of one's own (a stakeholder's view, a member's note): blind like the answers, until both sides have submitted. */
export async function addRemark(deps: Deps, access: EngagementAccess, reviewId: string, body: z.infer<typeof RemarkBody>) {
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    const r = await loadReview(trx, deps, access, reviewId, true);
    if (r.status !== 'open' || isRevealed(state(r))) throw conflict('The answers are revealed: discuss them in the comments; remarks are for the blind phase');
    const questions = JSON.parse(r.questions) as Question[];
    if (body.question && !questions.some((q) => q.key === body.question)) {
      rejectAll([{ field: 'question', message: `"${body.question}" is not a question of this review` }]);
    }
    const id = newId();
    await trx.insertInto('gate_review_remarks').values({ id, review_id: r.id, side: access.side, question: body.question, body: body.body, author_id: access.actor.userId, created_at: now }).execute();
    await trx.updateTable('gate_reviews').set({ updated_at: now }).where('id', '=', r.id).execute();
    const salt = access.side === 'provider' ? r.provider_nonce : r.client_nonce;
    await appendAudit(trx, deps, {
      chain: access.engagementId,
      actor: access.actor,
      action: 'gate_review.remark_added',
      object: { type: 'gate_review', id: r.id },
      visibility: 'shared',
      before: null,
      // the remark's text is revealed with the answers; until then only its hash
      // which question it is about is revealed with it too: even that tells the other side something
      after: { side: access.side, remarkId: id, hash: sha256(`${salt}:${body.question ?? ''}:${body.body}`) },
    });
  });
  return getGateReview(deps, access, reviewId);
}

// ── The sponsor's decision ──────────────────────────────────────────────────

export async function decideGate(deps: Deps, access: EngagementAccess, reviewId: string, body: z.infer<typeof DecisionBody>) {
  const now = deps.clock.now();
  const at = now.toISOString();
  const today = isoDate(now);
  await deps.db.transaction().execute(async (trx) => {
    const r = await loadReview(trx, deps, access, reviewId, true);
    if (!isRevealed(state(r))) {
      throw conflict('The sponsor decides once both sides have submitted their answers', [
        { field: 'decision', message: `waiting for ${waitingFor(r).join(' and ')}` },
      ]);
    }
    if (r.status === 'decided') throw conflict(`This gate review was decided (${r.decision}) at ${r.decided_at}`);
    const problems = checkDecision(body, today);
    if (problems.length) rejectAll(problems);
    const phase = await scoped(trx, access, 'phases').selectAll().where('id', '=', r.phase_id).executeTakeFirstOrThrow();
    const conditions: Condition[] = [];
    for (const [i, c] of body.conditions.entries()) {
      try {
        const id = await insertCommitment(trx, deps, access, {
          side: c.side,
          title: c.what,
          details: `A condition of the gate review of "${phase.name}", decided ${today}: ${body.rationale}`,
          assumptions: '',
          dueDate: c.dueDate!,
          ownerId: c.ownerId ?? null,
          phaseId: phase.id,
          itemIds: [],
          visibility: 'shared',
        });
        conditions.push({ commitmentId: id, what: c.what, side: c.side, dueDate: c.dueDate! });
      } catch (err) {
        // name the condition, not the commitment's own field
        if (err instanceof AppError && err.details?.length) rejectAll(err.details.map((d) => ({ field: `conditions.${i}.${d.field}`, message: d.message })));
        throw err;
      }
    }
    await applyGateDecision(trx, deps, { engagementId: access.engagementId, phaseId: phase.id, actor: access.actor, reviewId: r.id, decision: body.decision });
    const revisitOn = body.decision === 'pause' ? body.revisitOn! : null;
    await trx
      .updateTable('gate_reviews')
      .set({
        status: body.decision === 'pause' ? 'paused' : 'decided',
        decision: body.decision,
        rationale: body.rationale,
        decided_by: access.actor.userId,
        decided_at: at,
        revisit_on: revisitOn,
        conditions: JSON.stringify(conditions),
        updated_at: at,
      })
      .where('id', '=', r.id)
      .execute();
    await appendAudit(trx, deps, {
      chain: access.engagementId,
      actor: access.actor,
      action: 'gate_review.decided',
      object: { type: 'gate_review', id: r.id },
      visibility: 'shared',
      before: r.decision ? { decision: r.decision, revisitOn: r.revisit_on } : null,
      after: { decision: body.decision, rationale: body.rationale, conditions, revisitOn, phaseId: phase.id, phaseName: phase.name },
    });
    if (revisitOn) {
      await enqueue(trx, deps, REVISIT_JOB, { reviewId: r.id, revisitOn }, { runAt: new Date(`${revisitOn}T08:00:00.000Z`), uniqueKey: `gate:${r.id}:revisit:${revisitOn}` });
    }
    if (body.decision === 'stop') {
      await trx
        .updateTable('engagements')
        .set({ stopped_at: at, stopped_reason: body.rationale, stopped_by_review: r.id, reopen_lead_at: null, reopen_sponsor_at: null, updated_at: at })
        .where('id', '=', access.engagementId)
        .execute();
      await appendAudit(trx, deps, {
        chain: access.engagementId,
        actor: access.actor,
        action: 'engagement.stopped',
        object: { type: 'engagement', id: access.engagementId },
        visibility: 'shared',
        before: null,
        after: { reason: body.rationale, reviewId: r.id, phaseName: phase.name },
      });
    }
    const members = await scoped(trx, access, 'memberships').select('user_id').execute();
    const said = { proceed: 'proceed', proceed_with_conditions: 'proceed with conditions', pause: `pause until ${revisitOn}`, stop: 'stop the engagement' }[body.decision];
    await notify(trx, deps, {
      engagementId: access.engagementId,
      visibility: 'shared',
      userIds: members.map((m) => m.user_id).filter((u) => u !== access.actor.userId),
      kind: 'gate_review.decided',
      title: `Gate review of ${phase.name}: ${said}`,
      body: `${access.actor.name} decided to ${said}: ${body.rationale}${conditions.length ? ` Conditions: ${conditions.map((c) => `${c.what} (${c.side}, by ${c.dueDate})`).join('; ')}.` : ''}`,
      link: link(access.engagementId, r.id),
    });
  });
  return getGateReview(deps, access, reviewId);
}

// ── A stopped engagement ────────────────────────────────────────────────────

export async function engagementStop(db: Db, access: EngagementAccess) {
  const e = await scoped(db as Kysely<DB>, access, 'engagements')
    .select(['stopped_at', 'stopped_reason', 'stopped_by_review', 'reopen_lead_at', 'reopen_sponsor_at'])
    .executeTakeFirstOrThrow();
  return {
    stopped: !!e.stopped_at,
    stoppedAt: e.stopped_at,
    reason: e.stopped_reason,
    reviewId: e.stopped_by_review,
    reopen: { leadAskedAt: e.reopen_lead_at, sponsorAskedAt: e.reopen_sponsor_at },
  };
}

/** Refuses new planning (phases, work items) while a gate review's stop stands. */
export async function assertPlanningOpen(db: Db, access: EngagementAccess): Promise<void> {
  const s = await engagementStop(db, access);
  if (s.stopped) throw conflict(`This engagement was stopped at its gate review (${s.stoppedAt?.slice(0, 10)}): nothing new can be planned until the lead and the sponsor both reopen it`);
}

/** The lead and the sponsor each ask to reopen a stopped engagement; the second request reopens it. */
export async function askToReopen(deps: Deps, access: EngagementAccess, reason: string) {
  const at = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    const s = await engagementStop(trx, access);
    if (!s.stopped) throw conflict('This engagement is not stopped');
    const mine = access.role === 'lead' ? { reopen_lead_at: at } : { reopen_sponsor_at: at };
    const lead = access.role === 'lead' ? at : s.reopen.leadAskedAt;
    const sponsor = access.role === 'sponsor' ? at : s.reopen.sponsorAskedAt;
    const both = !!lead && !!sponsor;
    await trx
      .updateTable('engagements')
      .set(both ? { stopped_at: null, stopped_reason: null, stopped_by_review: null, reopen_lead_at: null, reopen_sponsor_at: null, updated_at: at } : { ...mine, updated_at: at })
      .where('id', '=', access.engagementId)
      .execute();
    await appendAudit(trx, deps, {
      chain: access.engagementId,
      actor: access.actor,
      action: both ? 'engagement.reopened' : 'engagement.reopen_requested',
      object: { type: 'engagement', id: access.engagementId },
      visibility: 'shared',
      before: { stoppedAt: s.stoppedAt, reason: s.reason },
      after: { reason, by: access.role, leadAskedAt: lead, sponsorAskedAt: sponsor },
    });
    const members = await scoped(trx, access, 'memberships').select(['user_id', 'role']).execute();
    await notify(trx, deps, {
      engagementId: access.engagementId,
      visibility: 'shared',
      userIds: both ? members.map((m) => m.user_id).filter((u) => u !== access.actor.userId) : members.filter((m) => m.role === (access.role === 'lead' ? 'sponsor' : 'lead')).map((m) => m.user_id),
      kind: both ? 'engagement.reopened' : 'engagement.reopen_requested',
      title: both ? 'The engagement is reopened' : `${access.actor.name} asks to reopen the engagement`,
      body: both ? `The lead and the sponsor both reopened the engagement: ${reason}` : `${access.actor.name} asks to reopen the stopped engagement: ${reason}. It reopens when you ask too.`,
      link: `/engagements/${access.engagementId}/gate-reviews`,
    });
  });
  return engagementStop(deps.db, access);
}

// ── Jobs ────────────────────────────────────────────────────────────────────

async function reminderRecipients(db: Kysely<DB>, engagementId: string, sides: Side[]) {
  const roles = sides.map((s) => (s === 'provider' ? 'lead' : 'sponsor'));
  return (await unscoped(db, 'a gate review reminder job: the recipients are the answerers of the sides that have not submitted').selectFrom('memberships').select('user_id').where('engagement_id', '=', engagementId).where('role', 'in', roles).execute()).map((m) => m.user_id);
}

/** Reminds the sides that have not submitted; again every N days, at most three times. Harmless when late or repeated. */
export async function remindGateReview(deps: Deps, reviewId: string, round: number): Promise<'reminded' | 'nothing to do'> {
  return deps.db.transaction().execute(async (trx) => {
    const r = await unscoped(trx, 'the gate review reminder job re-reads the review').selectFrom('gate_reviews').selectAll().where('id', '=', reviewId).executeTakeFirst();
    if (r?.status !== 'open') return 'nothing to do';
    const late: Side[] = [];
    if (!r.provider_submitted_at) late.push('provider');
    if (!r.client_submitted_at) late.push('client');
    if (late.length === 0) return 'nothing to do';
    const phase = await unscoped(trx, 'the gate review reminder job names the phase').selectFrom('phases').select('name').where('id', '=', r.phase_id).executeTakeFirst();
    await notify(trx, deps, {
      engagementId: r.engagement_id,
      visibility: 'shared',
      userIds: await reminderRecipients(trx as unknown as Kysely<DB>, r.engagement_id, late),
      kind: 'gate_review.reminder',
      title: `Gate review of ${phase?.name ?? 'a phase'}: your answers are due`,
      body: `The gate review opened on ${r.opened_at.slice(0, 10)} waits for ${late.map(sideName).join(' and ')}. Answers were due by ${r.answers_due_on}.`,
      link: link(r.engagement_id, r.id),
    });
    if (round < MAX_REMINDERS) {
      const days = Math.max(1, Math.round((Date.parse(`${r.answers_due_on}T00:00:00Z`) - Date.parse(`${r.opened_at.slice(0, 10)}T00:00:00Z`)) / 86_400_000));
      await enqueue(trx, deps, REMIND_JOB, { reviewId, round: round + 1 }, { runAt: addDays(deps.clock.now(), days), uniqueKey: `gate:${reviewId}:remind:${round + 1}` });
    }
    return 'reminded';
  });
}

export async function revisitGateReview(deps: Deps, reviewId: string, revisitOn: string): Promise<'reminded' | 'nothing to do'> {
  return deps.db.transaction().execute(async (trx) => {
    const r = await unscoped(trx, 'the gate review revisit job re-reads the review').selectFrom('gate_reviews').selectAll().where('id', '=', reviewId).executeTakeFirst();
    if (r?.status !== 'paused' || r.revisit_on !== revisitOn) return 'nothing to do';
    const phase = await unscoped(trx, 'the gate review revisit job names the phase').selectFrom('phases').select('name').where('id', '=', r.phase_id).executeTakeFirst();
    await notify(trx, deps, {
      engagementId: r.engagement_id,
      visibility: 'shared',
      userIds: await reminderRecipients(trx as unknown as Kysely<DB>, r.engagement_id, ['provider', 'client']),
      kind: 'gate_review.revisit',
      title: `Gate review of ${phase?.name ?? 'a phase'}: time to revisit the pause`,
      body: `The sponsor paused this gate review until ${revisitOn}: ${r.rationale ?? ''} Decide again: proceed, proceed with conditions, pause or stop.`,
      link: link(r.engagement_id, r.id),
    });
    return 'reminded';
  });
}

export const gateJobs = {
  [REMIND_JOB]: async (deps: Deps, p: Record<string, unknown>) => {
    await remindGateReview(deps, String(p.reviewId), Number(p.round ?? 1));
  },
  [REVISIT_JOB]: async (deps: Deps, p: Record<string, unknown>) => {
    await revisitGateReview(deps, String(p.reviewId), String(p.revisitOn));
  },
};
