/**
 * Partner selection (issue 15, ADR 0023): one use case per function.
 *
 * Reads of a selection go through `scopedSelection(db, access, table)`; writes
 * run in one transaction with their record on the selection's own audit chain
 * (chain id = selection id, no live events: a selection is not an engagement).
 * Scores are blind per candidate (the `selection-blind` scope); their audit
 * records carry a salted hash only, until the decision reveals every submitted
 * score in one record.
 */
import { randomBytes } from 'node:crypto';
import type { Transaction } from 'kysely';
import { CharterBody } from '../../contracts/charter';
import type { z } from 'zod';
import {
  type CandidateBody,
  type CreateSelectionBody,
  type CriteriaBody,
  DEFAULT_CRITERIA,
  type DecisionBody,
  EVIDENCE_MAX_BYTES,
  type EvidenceBody,
  type InvitationBody,
  type RedFlagBody,
  type RedFlagRulesBody,
  type ScoresBody,
  type SharedResult,
  type ShareResultBody,
} from '../../contracts/selections';
import { type AgreementReading, agreementSentence, selectionAgreement } from '../../domain/selection/agreement';
import { baselineOf, charterPurpose, concernsOf, scoresHash } from '../../domain/selection/handoff';
import { rankCandidates, type RedFlagRule as DomainRule } from '../../domain/selection/ranking';
import { seedFromString, sensitivity } from '../../domain/selection/sensitivity';
import { appendAudit, INSTANCE_CHAIN } from '../audit/append';
import { hashPassword } from '../auth/passwords';
import { createSession } from '../auth/service';
import type { EngagementAccess } from '../authz/access';
import { scoped, scopedSelection, scopedSelectionDelete, scopedSelectionUpdate, unscoped } from '../authz/scoped';
import { type SelectionAccess, selectionAccessFor } from '../authz/selection-access';
import type { DB, RedFlagKind, SelectionResultSharesTable, SelectionsTable } from '../db/schema';
import { refOf, userRefs } from '../db/users';
import type { Actor, Deps } from '../http/context';
import { AppError, conflict, forbidden, notFound } from '../http/errors';
import { newId, newToken, tokenHash } from '../ids';

type Body<T extends z.ZodType> = z.output<T>;

/** Bad input naming its field (400, like the schema's own refusals). */
const bad = (field: string, message: string) => new AppError(400, 'invalid_input', `${field}: ${message}`, [{ field, message }]);

const FLAG_LABEL: Record<RedFlagKind, string> = {
  commitments_without_context: 'commitments without context',
  hours_and_rates_only: 'over-focus on hours and rates',
  unclear_governance: 'unclear governance and escalation',
  no_future_conversation: 'no conversation about the future',
  yes_to_everything: 'yes to everything',
};

/** A record on the selection's own chain (chain id = selection id; no live event: not an engagement). */
async function audit(
  trx: Transaction<DB>,
  deps: Deps,
  who: { actor: Actor | null; selectionId: string; action: string },
  object: { type: string; id: string },
  before: object | null,
  after: object | null,
) {
  await appendAudit(trx, deps, { chain: who.selectionId, actor: who.actor, action: who.action, object, visibility: 'shared', before, after, live: false });
}

async function selectionRow(deps: Deps, access: SelectionAccess): Promise<SelectionsTable> {
  const row = await scopedSelection(deps.db, access, 'selections').selectAll().executeTakeFirst();
  if (!row) throw notFound('Selection not found');
  return row;
}

function assertOpen(s: SelectionsTable) {
  if (s.status === 'decided') throw conflict('The selection is decided: it no longer changes');
}

async function candidateRow(db: Deps['db'], access: SelectionAccess, candidateId: string) {
  const c = await scopedSelection(db, access, 'selection_candidates').selectAll().where('id', '=', candidateId).executeTakeFirst();
  if (!c) throw notFound('Candidate not found');
  return c;
}

// ── lists ───────────────────────────────────────────────────────────────────

export async function listSelections(deps: Deps, actor: Actor) {
  const mine = await unscoped(deps.db, 'a person’s own selections: their memberships decide which')
    .selectFrom('selection_members')
    .select(['selection_id', 'role'])
    .where('user_id', '=', actor.userId)
    .execute();
  const byId = new Map<string, ('owner' | 'evaluator')[]>();
  for (const m of mine) byId.set(m.selection_id, [...(byId.get(m.selection_id) ?? []), m.role]);
  const out = [];
  for (const [id, roles] of byId) {
    const access = selectionAccessFor(actor, id, roles, 'selection.read');
    out.push(await summary(deps, access));
  }
  return { selections: out.sort((a, b) => b.id.localeCompare(a.id)) };
}

async function summary(deps: Deps, access: SelectionAccess) {
  const s = await selectionRow(deps, access);
  const org = await deps.db.selectFrom('organizations').select(['id', 'name']).where('id', '=', s.client_org_id).executeTakeFirstOrThrow();
  const candidates = await scopedSelection(deps.db, access, 'selection_candidates').select(['id', 'name']).execute();
  const evaluators = await scopedSelection(deps.db, access, 'selection_members').select('user_id').where('role', '=', 'evaluator').execute();
  return {
    id: s.id,
    title: s.title,
    status: s.status,
    clientOrg: org,
    myRoles: [...access.roles],
    candidates: candidates.length,
    evaluators: evaluators.length,
    createdAt: s.created_at,
    decidedCandidate: candidates.find((c) => c.id === s.decided_candidate_id)?.name ?? null,
  };
}

/** Colleagues (possible evaluators) and provider organizations (possible candidates), for a client organization's user. */
export async function selectionDirectory(deps: Deps, actor: Actor) {
  const org = await clientOrgOf(deps, actor);
  const colleagues = await deps.db
    .selectFrom('users')
    .select(['id', 'name', 'email'])
    .where('org_id', '=', org.id)
    .where('disabled_at', 'is', null)
    .orderBy('name')
    .execute();
  const providers = await deps.db.selectFrom('organizations').select(['id', 'name']).where('kind', '=', 'provider').orderBy('name').execute();
  return { colleagues, providers };
}

async function clientOrgOf(deps: Deps, actor: Actor) {
  const org = actor.orgId ? await deps.db.selectFrom('organizations').selectAll().where('id', '=', actor.orgId).executeTakeFirst() : undefined;
  if (org?.kind !== 'client') throw forbidden('Only people of a client organization can run a partner selection');
  return org;
}

// ── create, read ────────────────────────────────────────────────────────────

export async function createSelection(deps: Deps, actor: Actor, body: Body<typeof CreateSelectionBody>) {
  const org = await clientOrgOf(deps, actor);
  const now = deps.clock.now().toISOString();
  const id = newId();
  const criteria = (body.criteria ?? DEFAULT_CRITERIA.map((c) => ({ ...c }))).map((c, position) => ({ ...c, position }));
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('selections')
      .values({
        id,
        client_org_id: org.id,
        title: body.title,
        status: 'draft',
        created_by: actor.userId,
        created_at: now,
        updated_at: now,
        scoring_started_at: null,
        decided_candidate_id: null,
        decision_reasons: null,
        decided_by: null,
        decided_at: null,
        engagement_id: null,
      })
      .execute();
    await trx.insertInto('selection_members').values({ selection_id: id, user_id: actor.userId, role: 'owner', added_by: actor.userId, created_at: now }).execute();
    await trx
      .insertInto('selection_criteria')
      .values(criteria.map((c) => ({ selection_id: id, key: c.key, label: c.label, weight: c.weight, position: c.position })))
      .execute();
    await audit(trx, deps, { actor: actor, selectionId: id, action: 'selection.created' }, { type: 'selection', id }, null, {
      title: body.title,
      clientOrgId: org.id,
      criteria: criteria.map((c) => ({ key: c.key, weight: c.weight })),
    });
  });
  return getSelection(deps, selectionAccessFor(actor, id, ['owner'], 'selection.read'));
}

export async function getSelection(deps: Deps, access: SelectionAccess) {
  const s = await selectionRow(deps, access);
  const base = await summary(deps, access);
  const db = deps.db;
  const [criteria, members, candidates, evidence, flags, rules, scores, submissions, invitation] = await Promise.all([
    scopedSelection(db, access, 'selection_criteria').selectAll().orderBy('position').execute(),
    scopedSelection(db, access, 'selection_members').selectAll().orderBy('created_at').execute(),
    scopedSelection(db, access, 'selection_candidates').selectAll().orderBy('id').execute(),
    scopedSelection(db, access, 'selection_evidence')
      .select(['id', 'candidate_id', 'kind', 'title', 'body', 'url', 'file_name', 'content_type', 'size', 'added_by', 'created_at'])
      .orderBy('id')
      .execute(),
    scopedSelection(db, access, 'selection_red_flags').selectAll().orderBy('id').execute(),
    scopedSelection(db, access, 'selection_flag_rules').selectAll().orderBy('kind').execute(),
    scopedSelection(db, access, 'selection_scores').selectAll().orderBy('candidate_id').orderBy('evaluator_id').execute(),
    scopedSelection(db, access, 'selection_submissions').select(['evaluator_id', 'candidate_id', 'submitted_at']).where('submitted_at', 'is not', null).execute(),
    scopedSelection(db, access, 'selection_invitations').selectAll().orderBy('created_at', 'desc').executeTakeFirst(),
  ]);
  const users = await userRefs(db, [s.created_by, s.decided_by, ...members.map((m) => m.user_id), ...evidence.map((e) => e.added_by), ...flags.map((f) => f.raised_by), ...scores.map((x) => x.evaluator_id)]);
  const byUser = new Map<string, ('owner' | 'evaluator')[]>();
  for (const m of members) byUser.set(m.user_id, [...(byUser.get(m.user_id) ?? []), m.role]);
  const position = new Map(criteria.map((c) => [c.key, c.position]));
  const org = invitation ? await db.selectFrom('organizations').select(['id', 'name']).where('id', '=', invitation.provider_org_id).executeTakeFirst() : undefined;
  return {
    ...base,
    createdBy: refOf(users, s.created_by),
    criteria: criteria.map((c) => ({ key: c.key, label: c.label, weight: c.weight, position: c.position })),
    scoringStarted: s.scoring_started_at !== null,
    members: [...byUser].map(([userId, roles]) => ({
      user: refOf(users, userId),
      roles: (['owner', 'evaluator'] as const).filter((r) => roles.includes(r)),
      submitted: submissions.filter((x) => x.evaluator_id === userId).map((x) => x.candidate_id),
    })),
    candidates: candidates.map((c) => ({
      id: c.id,
      name: c.name,
      providerOrgId: c.provider_org_id,
      addedAt: c.created_at,
      evidence: evidence
        .filter((e) => e.candidate_id === c.id)
        .map((e) => ({
          id: e.id,
          candidateId: e.candidate_id,
          kind: e.kind,
          title: e.title,
          body: e.body,
          url: e.url,
          fileName: e.file_name,
          contentType: e.content_type,
          size: e.size,
          addedBy: refOf(users, e.added_by),
          addedAt: e.created_at,
        })),
      redFlags: flags.filter((f) => f.candidate_id === c.id).map((f) => presentFlag(f, users)),
    })),
    rules: rules.map((r) => ({ kind: r.kind, effect: r.effect, points: r.points })),
    scores: scores
      .sort((a, b) => a.candidate_id.localeCompare(b.candidate_id) || a.evaluator_id.localeCompare(b.evaluator_id) || (position.get(a.criterion) ?? 0) - (position.get(b.criterion) ?? 0))
      .map((x) => ({ evaluator: refOf(users, x.evaluator_id), candidateId: x.candidate_id, criterion: x.criterion, score: x.score, comment: x.comment, submittedAt: x.submitted_at })),
    decision:
      s.decided_candidate_id && s.decided_by && s.decided_at
        ? { candidateId: s.decided_candidate_id, reasons: s.decision_reasons ?? '', decidedBy: refOf(users, s.decided_by), decidedAt: s.decided_at }
        : null,
    invitation: invitation
      ? {
          id: invitation.id,
          candidateId: invitation.candidate_id,
          providerOrg: org ?? { id: invitation.provider_org_id, name: '' },
          email: invitation.email,
          status: invitation.status,
          createdAt: invitation.created_at,
          acceptedAt: invitation.accepted_at,
          engagementId: invitation.engagement_id,
        }
      : null,
    engagementId: s.engagement_id,
  };
}

const presentFlag = (
  f: { id: string; candidate_id: string; kind: RedFlagKind; evidence: string; raised_by: string; raised_at: string },
  users: Awaited<ReturnType<typeof userRefs>>,
) => ({ id: f.id, candidateId: f.candidate_id, kind: f.kind, evidence: f.evidence, raisedBy: refOf(users, f.raised_by), raisedAt: f.raised_at });

// ── the scorecard ───────────────────────────────────────────────────────────

export async function replaceCriteria(deps: Deps, access: SelectionAccess, body: Body<typeof CriteriaBody>) {
  const s = await selectionRow(deps, access);
  assertOpen(s);
  const before = await scopedSelection(deps.db, access, 'selection_criteria').selectAll().orderBy('position').execute();
  const started = s.scoring_started_at !== null;
  if (started) {
    const was = new Set(before.map((c) => c.key));
    const now = new Set(body.criteria.map((c) => c.key));
    if (was.size !== now.size || [...was].some((k) => !now.has(k))) {
      throw conflict('Scoring has started: criteria can be reweighted and relabelled, not added or removed', [
        { field: 'criteria', message: 'must keep the same keys once scoring started' },
      ]);
    }
  }
  await deps.db.transaction().execute(async (trx) => {
    await scopedSelectionDelete(trx, access, 'selection_criteria').execute();
    await trx
      .insertInto('selection_criteria')
      .values(body.criteria.map((c, position) => ({ selection_id: s.id, key: c.key, label: c.label, weight: c.weight, position })))
      .execute();
    await scopedSelectionUpdate(trx, access, 'selections').set({ updated_at: deps.clock.now().toISOString() }).execute();
    await audit(
      trx,
      deps,
      { actor: access.actor, selectionId: s.id, action: 'selection.criteria_changed' },
      { type: 'selection', id: s.id },
      { criteria: before.map((c) => ({ key: c.key, label: c.label, weight: c.weight })) },
      { criteria: body.criteria.map((c) => ({ key: c.key, label: c.label, weight: c.weight })), afterScoringStarted: started },
    );
  });
  return getSelection(deps, access);
}

export async function addCandidate(deps: Deps, access: SelectionAccess, body: Body<typeof CandidateBody>) {
  const s = await selectionRow(deps, access);
  assertOpen(s);
  let name = body.name ?? '';
  if (body.providerOrgId) {
    const org = await deps.db.selectFrom('organizations').selectAll().where('id', '=', body.providerOrgId).executeTakeFirst();
    if (org?.kind !== 'provider') throw bad('providerOrgId', 'is not a provider organization');
    name ||= org.name;
    const dup = await scopedSelection(deps.db, access, 'selection_candidates').select('id').where('provider_org_id', '=', org.id).executeTakeFirst();
    if (dup) throw conflict(`${org.name} is already a candidate`, [{ field: 'providerOrgId', message: 'is already a candidate' }]);
  }
  const row = { id: newId(), selection_id: s.id, name, provider_org_id: body.providerOrgId ?? null, added_by: access.actor.userId, created_at: deps.clock.now().toISOString() };
  await deps.db.transaction().execute(async (trx) => {
    await trx.insertInto('selection_candidates').values(row).execute();
    await audit(trx, deps, { actor: access.actor, selectionId: s.id, action: 'selection.candidate_added' }, { type: 'selection_candidate', id: row.id }, null, { name, providerOrgId: row.provider_org_id });
  });
  return { id: row.id, name, providerOrgId: row.provider_org_id, addedAt: row.created_at, evidence: [], redFlags: [] };
}

export async function addEvaluator(deps: Deps, access: SelectionAccess, userId: string) {
  const s = await selectionRow(deps, access);
  assertOpen(s);
  const user = await deps.db.selectFrom('users').select(['id', 'name', 'email', 'org_id', 'disabled_at']).where('id', '=', userId).executeTakeFirst();
  if (!user || user.disabled_at) throw bad('userId', 'is not an active user');
  if (user.org_id !== s.client_org_id) throw bad('userId', 'must be a user of the selection’s client organization');
  const roles = await scopedSelection(deps.db, access, 'selection_members').select('role').where('user_id', '=', userId).execute();
  if (roles.some((r) => r.role === 'evaluator')) throw conflict(`${user.name} is already an evaluator`, [{ field: 'userId', message: 'is already an evaluator' }]);
  if (roles.some((r) => r.role === 'owner')) {
    // an owner who does not evaluate sees every submitted score: once one exists they can no longer score blind
    const seen = await scopedSelection(deps.db, access, 'selection_submissions').select('candidate_id').where('submitted_at', 'is not', null).executeTakeFirst();
    if (seen) throw conflict(`${user.name} owns this selection and has seen submitted scores: they can no longer evaluate blind`, [{ field: 'userId', message: 'an owner can join as an evaluator only before any score is submitted' }]);
  }
  await deps.db.transaction().execute(async (trx) => {
    await trx.insertInto('selection_members').values({ selection_id: s.id, user_id: userId, role: 'evaluator', added_by: access.actor.userId, created_at: deps.clock.now().toISOString() }).execute();
    await audit(trx, deps, { actor: access.actor, selectionId: s.id, action: 'selection.evaluator_added' }, { type: 'selection_member', id: userId }, null, { name: user.name });
  });
  return { user: { id: user.id, name: user.name, email: user.email }, roles: [...(roles.some((r) => r.role === 'owner') ? (['owner'] as const) : []), 'evaluator' as const], submitted: [] };
}

// ── evidence and red flags ──────────────────────────────────────────────────

const MAGIC: Record<string, (b: Buffer) => boolean> = {
  'application/pdf': (b) => b.subarray(0, 5).toString('latin1') === '%PDF-',
  'image/png': (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  zip: (b) => b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04,
  text: (b) => !b.includes(0) && Buffer.from(b.toString('utf8'), 'utf8').equals(b),
};

function looksLike(contentType: string, data: Buffer): boolean {
  if (contentType.startsWith('application/vnd.openxmlformats')) return MAGIC.zip!(data);
  if (contentType.startsWith('text/')) return MAGIC.text!(data);
  return MAGIC[contentType]?.(data) ?? false;
}

export async function addEvidence(deps: Deps, access: SelectionAccess, candidateId: string, body: Body<typeof EvidenceBody>) {
  const s = await selectionRow(deps, access);
  assertOpen(s);
  const c = await candidateRow(deps.db, access, candidateId);
  let data: Buffer | null = null;
  if (body.kind === 'document') {
    data = Buffer.from(body.data, 'base64');
    if (data.length === 0) throw bad('data', 'is empty');
    if (data.length > EVIDENCE_MAX_BYTES) throw bad('data', `must be at most 5 MB (it is ${(data.length / 1024 / 1024).toFixed(1)} MB)`);
    if (!looksLike(body.contentType, data)) throw bad('data', `does not look like ${body.contentType}`);
  }
  const row = {
    id: newId(),
    selection_id: s.id,
    candidate_id: c.id,
    kind: body.kind,
    title: body.title,
    body: body.kind === 'note' ? body.body : null,
    url: body.kind === 'link' ? body.url : null,
    file_name: body.kind === 'document' ? body.fileName : null,
    content_type: body.kind === 'document' ? body.contentType : null,
    size: data ? data.length : null,
    data,
    added_by: access.actor.userId,
    created_at: deps.clock.now().toISOString(),
  };
  await deps.db.transaction().execute(async (trx) => {
    await trx.insertInto('selection_evidence').values(row).execute();
    await audit(trx, deps, { actor: access.actor, selectionId: s.id, action: 'selection.evidence_added' }, { type: 'selection_evidence', id: row.id }, null, {
      candidate: c.name,
      kind: row.kind,
      title: row.title,
      fileName: row.file_name,
      size: row.size,
    });
  });
  const users = await userRefs(deps.db, [row.added_by]);
  return {
    id: row.id,
    candidateId: c.id,
    kind: row.kind,
    title: row.title,
    body: row.body,
    url: row.url,
    fileName: row.file_name,
    contentType: row.content_type,
    size: row.size,
    addedBy: refOf(users, row.added_by),
    addedAt: row.created_at,
  };
}

export async function evidenceFile(deps: Deps, access: SelectionAccess, candidateId: string, evidenceId: string) {
  const e = await scopedSelection(deps.db, access, 'selection_evidence')
    .select(['file_name', 'content_type', 'data'])
    .where('id', '=', evidenceId)
    .where('candidate_id', '=', candidateId)
    .where('kind', '=', 'document')
    .executeTakeFirst();
  if (!e?.data || !e.content_type) throw notFound('Document not found');
  return { fileName: e.file_name ?? 'document', contentType: e.content_type, data: Buffer.from(e.data) };
}

export async function raiseRedFlag(deps: Deps, access: SelectionAccess, candidateId: string, body: Body<typeof RedFlagBody>) {
  const s = await selectionRow(deps, access);
  assertOpen(s);
  const c = await candidateRow(deps.db, access, candidateId);
  const row = { id: newId(), selection_id: s.id, candidate_id: c.id, kind: body.kind, evidence: body.evidence, raised_by: access.actor.userId, raised_at: deps.clock.now().toISOString() };
  await deps.db.transaction().execute(async (trx) => {
    await trx.insertInto('selection_red_flags').values(row).execute();
    await audit(trx, deps, { actor: access.actor, selectionId: s.id, action: 'selection.red_flag_raised' }, { type: 'selection_red_flag', id: row.id }, null, { candidate: c.name, kind: row.kind, evidence: row.evidence });
  });
  return presentFlag(row, await userRefs(deps.db, [row.raised_by]));
}

export async function setRedFlagRules(deps: Deps, access: SelectionAccess, body: Body<typeof RedFlagRulesBody>) {
  const s = await selectionRow(deps, access);
  assertOpen(s);
  const seen = new Set<string>();
  body.rules.forEach((r, i) => {
    if (seen.has(r.kind)) throw bad(`rules.${i}.kind`, `repeats ${r.kind}`);
    seen.add(r.kind);
    if (r.effect === 'cost' && r.points === undefined) throw bad(`rules.${i}.points`, 'is required for effect cost');
  });
  const rules = body.rules.map((r) => ({ kind: r.kind, effect: r.effect, points: r.effect === 'cost' ? (r.points ?? 0) : null }));
  const before = await scopedSelection(deps.db, access, 'selection_flag_rules').select(['kind', 'effect', 'points']).orderBy('kind').execute();
  await deps.db.transaction().execute(async (trx) => {
    await scopedSelectionDelete(trx, access, 'selection_flag_rules').execute();
    if (rules.length) await trx.insertInto('selection_flag_rules').values(rules.map((r) => ({ selection_id: s.id, ...r }))).execute();
    await audit(trx, deps, { actor: access.actor, selectionId: s.id, action: 'selection.rules_changed' }, { type: 'selection', id: s.id }, { rules: before }, { rules });
  });
  return { rules };
}

// ── scoring (blind) ─────────────────────────────────────────────────────────

export async function saveScores(deps: Deps, access: SelectionAccess, body: Body<typeof ScoresBody>) {
  const s = await selectionRow(deps, access);
  assertOpen(s);
  const c = await candidateRow(deps.db, access, body.candidateId);
  const criteria = await scopedSelection(deps.db, access, 'selection_criteria').select(['key']).orderBy('position').execute();
  const keys = new Set(criteria.map((x) => x.key));
  const seen = new Set<string>();
  body.scores.forEach((x, i) => {
    if (!keys.has(x.criterion)) throw bad(`scores.${i}.criterion`, `is not a criterion of this scorecard (${[...keys].join(', ')})`);
    if (seen.has(x.criterion)) throw bad(`scores.${i}.criterion`, `repeats ${x.criterion}`);
    seen.add(x.criterion);
  });
  const me = access.actor.userId;
  const sub = await scopedSelection(deps.db, access, 'selection_submissions').selectAll().where('evaluator_id', '=', me).where('candidate_id', '=', c.id).executeTakeFirst();
  if (sub?.submitted_at) throw conflict(`You submitted your scores for ${c.name}; they are final`);
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    const nonce = sub?.nonce ?? randomBytes(16).toString('hex');
    if (!sub) await trx.insertInto('selection_submissions').values({ selection_id: s.id, evaluator_id: me, candidate_id: c.id, nonce, hash: null, submitted_at: null }).execute();
    for (const x of body.scores) {
      await trx
        .insertInto('selection_scores')
        .values({ selection_id: s.id, evaluator_id: me, candidate_id: c.id, criterion: x.criterion, score: x.score, comment: x.comment, updated_at: now, submitted_at: null })
        .onConflict((oc) => oc.columns(['selection_id', 'evaluator_id', 'candidate_id', 'criterion']).doUpdateSet({ score: x.score, comment: x.comment, updated_at: now }))
        .execute();
    }
    const mine = await scopedSelection(trx, access, 'selection_scores').select(['criterion', 'score', 'comment']).where('evaluator_id', '=', me).where('candidate_id', '=', c.id).execute();
    const missing = [...keys].filter((k) => !mine.some((m) => m.criterion === k));
    if (body.submit && missing.length) throw bad('scores', `score every criterion before submitting (missing: ${missing.join(', ')})`);
    const hash = scoresHash(nonce, mine);
    if (body.submit) {
      await scopedSelectionUpdate(trx, access, 'selection_scores').set({ submitted_at: now }).where('evaluator_id', '=', me).where('candidate_id', '=', c.id).execute();
      await scopedSelectionUpdate(trx, access, 'selection_submissions').set({ submitted_at: now, hash }).where('evaluator_id', '=', me).where('candidate_id', '=', c.id).execute();
    }
    if (s.scoring_started_at === null) await scopedSelectionUpdate(trx, access, 'selections').set({ status: 'scoring', scoring_started_at: now, updated_at: now }).execute();
    // no scores or comments in the record: the other evaluators read the trail while scoring is blind
    await audit(trx, deps, { actor: access.actor, selectionId: s.id, action: body.submit ? 'selection.scores_submitted' : 'selection.scores_saved' }, { type: 'selection_candidate', id: c.id }, null, {
      candidate: c.name,
      scored: mine.length,
      of: keys.size,
      hash,
    });
  });
  return getSelection(deps, access);
}

// ── results ─────────────────────────────────────────────────────────────────

async function submittedScores(deps: Deps, access: SelectionAccess) {
  const submissions = await scopedSelection(deps.db, access, 'selection_submissions').select(['evaluator_id', 'candidate_id']).where('submitted_at', 'is not', null).execute();
  if (submissions.length === 0) throw conflict('No evaluator has submitted scores yet', [{ field: 'scores', message: 'no evaluator has submitted yet' }]);
  const candidates = await scopedSelection(deps.db, access, 'selection_candidates').select(['id', 'name']).orderBy('id').execute();
  if (access.evaluates) {
    const open = candidates.filter((c) => !submissions.some((x) => x.evaluator_id === access.actor.userId && x.candidate_id === c.id));
    if (open.length) {
      throw conflict(`Submit your own scores first (${open.map((c) => c.name).join(', ')}): results would show the others’ scores`, [
        { field: 'scores', message: 'submit your own scores for every candidate first' },
      ]);
    }
  }
  const rows = await scopedSelection(deps.db, access, 'selection_scores').selectAll().where('submitted_at', 'is not', null).execute();
  return { rows, candidates };
}

const toDomainRules = (rules: { kind: RedFlagKind; effect: 'exclude' | 'cost'; points: number | null }[]): DomainRule[] =>
  rules.map((r): DomainRule => (r.effect === 'exclude' ? { kind: r.kind, effect: 'exclude' } : { kind: r.kind, effect: 'cost', points: r.points ?? 0 }));

const READING_WORD: Record<AgreementReading, string> = { good: 'well', tentative: 'only tentatively', poor: 'poorly', 'no-variation': 'completely', insufficient: '' };

function overallReading(reading: AgreementReading): string {
  if (reading === 'insufficient') return 'Too few paired scores to measure agreement yet';
  if (reading === 'no-variation') return 'Every evaluator gave the same scores';
  return `Evaluators agree ${READING_WORD[reading]} overall`;
}

export async function getResults(deps: Deps, access: SelectionAccess) {
  const s = await selectionRow(deps, access);
  const { rows, candidates } = await submittedScores(deps, access);
  const criteria = await scopedSelection(deps.db, access, 'selection_criteria').selectAll().orderBy('position').execute();
  const flags = await scopedSelection(deps.db, access, 'selection_red_flags').select(['candidate_id', 'kind']).execute();
  const rules = await scopedSelection(deps.db, access, 'selection_flag_rules').selectAll().execute();
  const cells = rows.map((r) => ({ evaluatorId: r.evaluator_id, candidateId: r.candidate_id, criterion: r.criterion, score: r.score }));
  const weights = criteria.map((c) => ({ key: c.key, weight: c.weight }));
  const ranked = rankCandidates({
    criteria: weights,
    candidateIds: candidates.map((c) => c.id),
    scores: cells,
    flags: flags.map((f) => ({ candidateId: f.candidate_id, kind: f.kind })),
    rules: toDomainRules(rules),
  });
  const agreement = selectionAgreement(cells, criteria.map((c) => c.key));
  const seed = seedFromString(s.id);
  const sens = sensitivity(weights, ranked.ranking, { seed });
  const name = new Map(candidates.map((c) => [c.id, c.name]));
  const label = new Map(criteria.map((c) => [c.key, c.label]));
  const round = (n: number | null) => (n === null ? null : Math.round(n * 100) / 100);
  return {
    ranking: ranked.ranking.map((r) => ({
      candidateId: r.candidateId,
      name: name.get(r.candidateId) ?? '',
      rank: r.rank,
      score: round(r.adjusted ?? r.score ?? 0)!,
      rawScore: round(r.score),
      // the range on the same footing as the score: each evaluator's weighted score, after the red-flag costs
      min: round((r.min ?? 0) - (r.excluded ? 0 : r.penalty))!,
      max: round((r.max ?? 0) - (r.excluded ? 0 : r.penalty))!,
      penalty: r.penalty,
      excluded: r.excluded,
      redFlags: r.flags.flatMap((f) => Array<RedFlagKind>(f.count).fill(f.kind)),
      byCriterion: Object.fromEntries(criteria.map((c) => {
        const cell = r.byCriterion[c.key];
        return [c.key, { mean: cell ? round(cell.mean) : null, min: cell?.min ?? null, max: cell?.max ?? null }];
      })),
      evaluators: r.byEvaluator.length,
    })),
    agreement: {
      alpha: round(agreement.overall.alpha),
      reading: overallReading(agreement.overall.reading),
      byCriterion: Object.fromEntries(
        Object.entries(agreement.byCriterion).map(([k, a]) => [k, { alpha: round(a.alpha), reading: agreementSentence(a.reading, label.get(k) ?? k) }]),
      ),
    },
    disagreements: ranked.disagreements.map((d) => ({
      criterion: d.criterion,
      candidateId: d.candidateId,
      spread: round(d.spread)!,
      reading: `Evaluators scored ${name.get(d.candidateId) ?? 'a candidate'} from ${d.min} to ${d.max} on ${label.get(d.criterion) ?? d.criterion}`,
    })),
    sensitivity: {
      leader: sens.leader,
      runnerUp: sens.runnerUp,
      winnerStability: sens.stability.stability,
      trials: sens.stability.trials,
      seed: sens.stability.seed,
      swapWeights: sens.swapWeights.map((w) => ({ criterion: w.criterion, weight: w.weight, swapAt: round(w.swapAt), change: round(w.change) })),
    },
    criteria: criteria.map((c) => ({ key: c.key, label: c.label, weight: c.weight, position: c.position })),
    submittedBy: new Set(rows.map((r) => r.evaluator_id)).size,
  };
}

// ── a candidate's own result, shared with it ───────────────────────────────

function presentShare(r: SelectionResultSharesTable, users: Awaited<ReturnType<typeof userRefs>>) {
  return { id: r.id, candidateId: r.candidate_id, sharedBy: refOf(users, r.shared_by), sharedAt: r.shared_at, message: r.message, result: JSON.parse(r.result) as z.infer<typeof SharedResult> };
}

/**
 * The owner shares a candidate's own result with it, once the selection is
 * decided: a frozen copy of its score, range and per-criterion means and the
 * kinds of red flag raised on it, never the other candidates, the evaluators
 * or their comments. Sharing again replaces the copy (and the note).
 */
export async function shareResult(deps: Deps, access: SelectionAccess, candidateId: string, body: Body<typeof ShareResultBody>) {
  const s = await selectionRow(deps, access);
  const c = await candidateRow(deps.db, access, candidateId);
  if (s.status !== 'decided' || !s.decided_at) throw conflict('A result can be shared once the selection is decided', [{ field: 'candidateId', message: 'the selection is not decided yet' }]);
  if (!c.provider_org_id) throw conflict(`${c.name} is not an organization on Candor yet: there is nobody to share with`, [{ field: 'candidateId', message: 'has no organization on Candor' }]);
  const results = await getResults(deps, access);
  const row = results.ranking.find((r) => r.candidateId === c.id);
  if (!row || row.evaluators === 0) throw conflict(`No evaluator submitted scores for ${c.name}`, [{ field: 'candidateId', message: 'has no submitted scores' }]);
  const client = await unscoped(deps.db, "the selection's own client organization, by name").selectFrom('organizations').select('name').where('id', '=', s.client_org_id).executeTakeFirstOrThrow();
  const result: z.infer<typeof SharedResult> = {
    selectionTitle: s.title,
    clientOrg: client.name,
    candidate: c.name,
    chosen: s.decided_candidate_id === c.id,
    decidedAt: s.decided_at,
    score: row.score,
    min: row.min,
    max: row.max,
    evaluators: row.evaluators,
    criteria: results.criteria.map((k) => ({ key: k.key, label: k.label, weight: k.weight, mean: row.byCriterion[k.key]?.mean ?? null, min: row.byCriterion[k.key]?.min ?? null, max: row.byCriterion[k.key]?.max ?? null })),
    redFlags: row.redFlags,
  };
  const now = deps.clock.now().toISOString();
  const share: SelectionResultSharesTable = { id: newId(), selection_id: s.id, candidate_id: c.id, provider_org_id: c.provider_org_id, result: JSON.stringify(result), message: body.message ?? null, shared_by: access.actor.userId, shared_at: now };
  await deps.db.transaction().execute(async (trx) => {
    const existing = await scopedSelection(trx, access, 'selection_result_shares').select('id').where('candidate_id', '=', c.id).executeTakeFirst();
    if (existing) {
      share.id = existing.id;
      await scopedSelectionUpdate(trx, access, 'selection_result_shares').set({ provider_org_id: share.provider_org_id, result: share.result, message: share.message, shared_by: share.shared_by, shared_at: now }).where('id', '=', existing.id).execute();
    } else {
      await trx.insertInto('selection_result_shares').values(share).execute();
    }
    await audit(trx, deps, { actor: access.actor, selectionId: s.id, action: 'selection.result_shared' }, { type: 'selection_result_share', id: share.id }, null, { candidate: c.name, candidateId: c.id, again: Boolean(existing) });
  });
  return presentShare(share, await userRefs(deps.db, [share.shared_by]));
}

/** The results this selection's owner has shared, per candidate (members of the selection). */
export async function listResultShares(deps: Deps, access: SelectionAccess) {
  const rows = await scopedSelection(deps.db, access, 'selection_result_shares').selectAll().orderBy('shared_at', 'desc').execute();
  const users = await userRefs(deps.db, rows.map((r) => r.shared_by));
  return { shares: rows.map((r) => presentShare(r, users)) };
}

/** What owners have shared with my provider organization: each candidate sees its own result only. */
export async function selectionFeedback(deps: Deps, actor: Actor) {
  if (!actor.orgId) return { shares: [] };
  const rows = await unscoped(deps.db, 'results an owner shared with a provider organization, read by that organization’s users: keyed by their own organization')
    .selectFrom('selection_result_shares')
    .selectAll()
    .where('provider_org_id', '=', actor.orgId)
    .orderBy('shared_at', 'desc')
    .execute();
  const users = await userRefs(deps.db, rows.map((r) => r.shared_by));
  return { shares: rows.map((r) => presentShare(r, users)) };
}

// ── the decision and the handoff ────────────────────────────────────────────

export async function decideSelection(deps: Deps, access: SelectionAccess, body: Body<typeof DecisionBody>) {
  const s = await selectionRow(deps, access);
  assertOpen(s);
  const c = await scopedSelection(deps.db, access, 'selection_candidates').selectAll().where('id', '=', body.candidateId).executeTakeFirst();
  if (!c) throw bad('candidateId', 'is not a candidate of this selection');
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    // every submitted score, with its salt: the one record that reveals them (the hashes match the submit records)
    const subs = await unscoped(trx, 'the decision reveals every submitted score of this selection in one audit record')
      .selectFrom('selection_submissions')
      .select(['evaluator_id', 'candidate_id', 'nonce', 'hash'])
      .where('selection_id', '=', s.id)
      .where('submitted_at', 'is not', null)
      .execute();
    if (subs.length === 0) throw conflict('No evaluator has submitted scores yet', [{ field: 'scores', message: 'no evaluator has submitted yet' }]);
    const scores = await unscoped(trx, 'the decision reveals every submitted score of this selection in one audit record')
      .selectFrom('selection_scores')
      .select(['evaluator_id', 'candidate_id', 'criterion', 'score', 'comment'])
      .where('selection_id', '=', s.id)
      .where('submitted_at', 'is not', null)
      .execute();
    await scopedSelectionUpdate(trx, access, 'selections')
      .set({ status: 'decided', decided_candidate_id: c.id, decision_reasons: body.reasons, decided_by: access.actor.userId, decided_at: now, updated_at: now })
      .execute();
    await audit(trx, deps, { actor: access.actor, selectionId: s.id, action: 'selection.scores_revealed' }, { type: 'selection', id: s.id }, null, {
      submissions: subs.map((x) => ({
        evaluatorId: x.evaluator_id,
        candidateId: x.candidate_id,
        nonce: x.nonce,
        hash: x.hash,
        scores: scores.filter((y) => y.evaluator_id === x.evaluator_id && y.candidate_id === x.candidate_id).map((y) => ({ criterion: y.criterion, score: y.score, comment: y.comment })),
      })),
    });
    await audit(trx, deps, { actor: access.actor, selectionId: s.id, action: 'selection.decided' }, { type: 'selection_candidate', id: c.id }, null, { candidate: c.name, reasons: body.reasons });
  });
  return getSelection(deps, access);
}

export async function inviteProvider(deps: Deps, access: SelectionAccess, body: Body<typeof InvitationBody>) {
  const s = await selectionRow(deps, access);
  if (s.status !== 'decided' || !s.decided_candidate_id) throw conflict('Record the decision first', [{ field: 'decision', message: 'no candidate was chosen yet' }]);
  if (s.engagement_id) throw conflict('The engagement has started already');
  const c = await candidateRow(deps.db, access, s.decided_candidate_id);
  const now = deps.clock.now().toISOString();
  const token = newToken();
  const result = await deps.db.transaction().execute(async (trx) => {
    let orgId = c.provider_org_id;
    let orgCreated = false;
    if (!orgId) {
      const same = await trx.selectFrom('organizations').selectAll().where('name', '=', c.name).executeTakeFirst();
      if (same && same.kind !== 'provider') throw conflict(`“${c.name}” is the name of a client organization`, [{ field: 'candidateId', message: 'names a client organization' }]);
      orgId = same?.id ?? newId();
      if (!same) {
        orgCreated = true;
        await trx.insertInto('organizations').values({ id: orgId, name: c.name, kind: 'provider', created_at: now }).execute();
        await appendAudit(trx, deps, {
          chain: INSTANCE_CHAIN,
          actor: access.actor,
          action: 'organization.created',
          object: { type: 'organization', id: orgId },
          visibility: 'internal',
          before: null,
          after: { name: c.name, kind: 'provider', fromSelection: s.id },
        });
      }
      await scopedSelectionUpdate(trx, access, 'selection_candidates').set({ provider_org_id: orgId }).where('id', '=', c.id).execute();
    }
    const org = await trx.selectFrom('organizations').select(['id', 'name']).where('id', '=', orgId).executeTakeFirstOrThrow();
    const users = await trx.selectFrom('users').select(['id', 'email', 'org_id']).where('org_id', '=', orgId).where('disabled_at', 'is', null).execute();
    if (users.length === 0 && !body.email) throw bad('email', `is required: ${org.name} has no user yet, so the invitation creates one`);
    if (body.email) {
      const holder = await trx.selectFrom('users').select(['org_id']).where('email', '=', body.email).executeTakeFirst();
      if (holder && holder.org_id !== orgId) throw bad('email', `belongs to someone outside ${org.name}`);
    }
    await scopedSelectionUpdate(trx, access, 'selection_invitations').set({ status: 'revoked' }).where('status', '=', 'pending').execute();
    const row = {
      id: newId(),
      selection_id: s.id,
      candidate_id: c.id,
      provider_org_id: orgId,
      email: body.email ?? null,
      engagement_name: body.engagementName ?? s.title,
      token_hash: tokenHash(deps.config.sessionSecret, token),
      status: 'pending' as const,
      invited_by: access.actor.userId,
      created_at: now,
      accepted_by: null,
      accepted_at: null,
      engagement_id: null,
    };
    await trx.insertInto('selection_invitations').values(row).execute();
    await audit(trx, deps, { actor: access.actor, selectionId: s.id, action: 'selection.invitation_sent' }, { type: 'selection_invitation', id: row.id }, null, {
      provider: org.name,
      email: row.email,
      organizationCreated: orgCreated,
    });
    return { row, org };
  });
  const link = `${deps.config.publicUrl}/selection-invitations/${encodeURIComponent(token)}`;
  const emailed = body.email
    ? await deps.mailer.send({
        to: body.email,
        subject: `${access.actor.name} invites ${result.org.name} to start an engagement on Candor`,
        text: `${access.actor.name} chose ${result.org.name} in the partner selection "${s.title}" and invites you to start the engagement "${result.row.engagement_name}" on Candor, as its lead.\n\nAccept: ${link}\n`,
      })
    : false;
  if (!emailed) deps.log.info({ selectionId: s.id, link }, 'selection invitation link (no e-mail sent)');
  return {
    invitation: {
      id: result.row.id,
      candidateId: c.id,
      providerOrg: result.org,
      email: result.row.email,
      status: result.row.status,
      createdAt: now,
      acceptedAt: null,
      engagementId: null,
    },
    emailed,
    link: emailed ? null : link,
  };
}

/** A selection invitation link works this many days after it was sent (no column: from created_at; ADR 0033). */
export const SELECTION_INVITATION_DAYS = 30;

async function pendingSelectionInvitation(deps: Deps, token: string) {
  const i = await unscoped(deps.db, 'a selection invitation is found by its secret token: the token is the authorization')
    .selectFrom('selection_invitations')
    .selectAll()
    .where('token_hash', '=', tokenHash(deps.config.sessionSecret, token))
    .executeTakeFirst();
  if (i?.status !== 'pending') throw notFound('This invitation is not valid (used, replaced or unknown)');
  const expiresAt = Date.parse(i.created_at) + SELECTION_INVITATION_DAYS * 24 * 3600_000;
  if (deps.clock.now().getTime() >= expiresAt) throw notFound(`This invitation has expired (links work ${SELECTION_INVITATION_DAYS} days); ask for a new one`);
  return i;
}

export async function previewSelectionInvitation(deps: Deps, token: string) {
  const i = await pendingSelectionInvitation(deps, token);
  const s = await unscoped(deps.db, 'the selection a valid invitation token names').selectFrom('selections').select(['title', 'client_org_id']).where('id', '=', i.selection_id).executeTakeFirstOrThrow();
  const orgs = await deps.db.selectFrom('organizations').select(['id', 'name']).where('id', 'in', [s.client_org_id, i.provider_org_id]).execute();
  const inviter = await deps.db.selectFrom('users').select('name').where('id', '=', i.invited_by).executeTakeFirst();
  const account = i.email ? await deps.db.selectFrom('users').select('id').where('email', '=', i.email).executeTakeFirst() : undefined;
  return {
    selectionTitle: s.title,
    clientOrg: orgs.find((o) => o.id === s.client_org_id)?.name ?? '',
    providerOrg: orgs.find((o) => o.id === i.provider_org_id)?.name ?? '',
    email: i.email,
    invitedBy: inviter?.name ?? '',
    accountExists: i.email ? !!account : true,
  };
}

/**
 * A user of the chosen provider accepts: the engagement is created with them
 * as lead and the inviting owner as sponsor, in one transaction with its
 * handoff — the charter draft seeded with the scorecard's concerns, a RAID risk
 * per red flag of the chosen candidate, and the baseline of its scores.
 */
export async function acceptSelectionInvitation(
  deps: Deps,
  token: string,
  actor: Actor | null,
  input: { name?: string | undefined; password?: string | undefined },
): Promise<{ engagementId: string; sessionToken: string | null }> {
  const i = await pendingSelectionInvitation(deps, token);
  const org = await deps.db.selectFrom('organizations').select(['id', 'name']).where('id', '=', i.provider_org_id).executeTakeFirstOrThrow();
  const existing = i.email ? await deps.db.selectFrom('users').selectAll().where('email', '=', i.email).executeTakeFirst() : undefined;
  let newUser: { name: string; passwordHash: string } | null = null;
  if (actor) {
    if (actor.orgId !== org.id) throw forbidden(`This invitation is for people of ${org.name}`);
  } else if (!i.email || existing) {
    throw new AppError(401, 'sign_in_required', `Sign in as a user of ${org.name} to accept this invitation`);
  } else {
    if (!input.name || !input.password) {
      const details = [
        ...(input.name ? [] : [{ field: 'name', message: 'is required for a new account' }]),
        ...(input.password ? [] : [{ field: 'password', message: 'is required for a new account' }]),
      ];
      throw new AppError(400, 'invalid_input', 'name and password are required to create your account', details);
    }
    newUser = { name: input.name, passwordHash: await hashPassword(input.password) };
  }
  const now = deps.clock.now().toISOString();
  const result = await deps.db.transaction().execute(async (trx) => {
    const claimed = await unscoped(trx, 'claiming the invitation the token names')
      .updateTable('selection_invitations')
      .set({ status: 'accepted', accepted_at: now })
      .where('id', '=', i.id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) throw conflict('This invitation was just used');
    let lead: Actor;
    if (newUser) {
      const uid = newId();
      await trx
        .insertInto('users')
        .values({ id: uid, email: i.email!, name: newUser.name, password_hash: newUser.passwordHash, is_admin: 0, org_id: org.id, created_at: now, disabled_at: null })
        .execute();
      lead = { userId: uid, name: newUser.name, email: i.email!, isAdmin: false, orgId: org.id, via: 'session' };
      await appendAudit(trx, deps, { chain: INSTANCE_CHAIN, actor: lead, action: 'user.created', object: { type: 'user', id: uid }, visibility: 'internal', before: null, after: { email: i.email, name: newUser.name, orgId: org.id, fromSelectionInvitation: i.id } });
    } else {
      lead = actor!;
    }
    const s = await unscoped(trx, 'the selection a valid invitation token names').selectFrom('selections').selectAll().where('id', '=', i.selection_id).executeTakeFirstOrThrow();
    const owner = await trx.selectFrom('users').select(['id', 'name', 'email', 'org_id']).where('id', '=', i.invited_by).executeTakeFirstOrThrow();
    const ownerAccess = selectionAccessFor({ userId: owner.id, name: owner.name, email: owner.email, isAdmin: false, orgId: owner.org_id, via: 'session' }, s.id, ['owner'], 'selection.read');
    const criteria = await scopedSelection(trx, ownerAccess, 'selection_criteria').selectAll().orderBy('position').execute();
    const scores = await scopedSelection(trx, ownerAccess, 'selection_scores')
      .select(['evaluator_id', 'criterion', 'score', 'comment'])
      .where('candidate_id', '=', i.candidate_id)
      .where('submitted_at', 'is not', null)
      .execute();
    const flags = await scopedSelection(trx, ownerAccess, 'selection_red_flags').select(['kind', 'evidence']).where('candidate_id', '=', i.candidate_id).orderBy('id').execute();
    const submitted = scores.map((x) => ({ evaluatorId: x.evaluator_id, criterion: x.criterion, score: x.score, comment: x.comment }));
    const baseline = baselineOf(criteria.map((c) => ({ key: c.key, label: c.label, weight: c.weight })), submitted);
    const concerns = concernsOf(baseline, submitted);

    // the engagement, its lead and sponsor (as createEngagement and addMember record them)
    const engagementId = newId();
    const summary = `Started from the partner selection “${s.title}”, decided ${s.decided_at?.slice(0, 10) ?? ''}.`;
    await trx
      .insertInto('engagements')
      .values({ id: engagementId, name: i.engagement_name, summary, provider_org_id: org.id, client_org_id: s.client_org_id, status: 'active', created_by: lead.userId, created_at: now, updated_at: now })
      .execute();
    await trx.insertInto('memberships').values({ engagement_id: engagementId, user_id: lead.userId, role: 'lead', created_at: now }).execute();
    await trx.insertInto('memberships').values({ engagement_id: engagementId, user_id: owner.id, role: 'sponsor', created_at: now }).execute();
    await appendAudit(trx, deps, {
      chain: engagementId,
      actor: lead,
      action: 'engagement.created',
      object: { type: 'engagement', id: engagementId },
      visibility: 'shared',
      before: null,
      after: { name: i.engagement_name, summary, providerOrgId: org.id, clientOrgId: s.client_org_id, lead: lead.userId, fromSelection: s.id },
    });
    await appendAudit(trx, deps, { chain: engagementId, actor: lead, action: 'member.added', object: { type: 'user', id: owner.id }, visibility: 'shared', before: null, after: { role: 'sponsor', name: owner.name } });

    // the charter draft: the scorecard's concerns to discuss
    const body = CharterBody.parse({ purpose: charterPurpose(s.title, concerns) });
    const versionId = newId();
    const note = 'Drafted from the partner selection: its concerns, to discuss before agreeing';
    await trx
      .insertInto('charter_versions')
      .values({
        id: versionId,
        engagement_id: engagementId,
        version: 1,
        body: JSON.stringify(body),
        note,
        status: 'proposed',
        proposed_by: lead.userId,
        created_at: now,
        provider_accepted_by: lead.userId,
        provider_accepted_at: now,
        client_accepted_by: null,
        client_accepted_at: null,
        agreed_at: null,
      })
      .execute();
    await appendAudit(trx, deps, { chain: engagementId, actor: lead, action: 'charter.proposed', object: { type: 'charter_version', id: versionId }, visibility: 'shared', before: null, after: { version: 1, note, body } });

    // a RAID risk per red flag
    for (const f of flags) {
      const id = newId();
      const title = `Red flag from the selection: ${FLAG_LABEL[f.kind]}`;
      await trx
        .insertInto('raid_items')
        .values({
          id,
          engagement_id: engagementId,
          type: 'risk',
          title,
          description: f.evidence,
          visibility: 'shared',
          status: 'open',
          owner: lead.name,
          owner_user_id: lead.userId,
          owner_unresolved: 0,
          probability: 3,
          impact: 3,
          mitigation: '',
          trigger: '',
          flagged_at: now,
          occurred_at: null,
          risk_id: null,
          unflagged: 0,
          needed_from: null,
          needed_by: null,
          resolved_at: null,
          created_by: lead.userId,
          created_at: now,
          updated_at: now,
        })
        .execute();
      await appendAudit(trx, deps, {
        chain: engagementId,
        actor: lead,
        action: 'risk.created',
        object: { type: 'risk', id },
        visibility: 'shared',
        before: null,
        after: { type: 'risk', title, description: f.evidence, probability: 3, impact: 3, owner: lead.name, ownerUserId: lead.userId, fromSelection: s.id },
      });
    }

    // the baseline the first gate review is compared against
    await trx
      .insertInto('selection_baselines')
      .values({
        engagement_id: engagementId,
        selection_id: s.id,
        candidate_id: i.candidate_id,
        selection_title: s.title,
        criteria: JSON.stringify(baseline),
        red_flags: JSON.stringify(flags),
        decided_at: s.decided_at ?? now,
        created_at: now,
      })
      .execute();
    await unscoped(trx, 'the invitation the token names').updateTable('selection_invitations').set({ accepted_by: lead.userId, engagement_id: engagementId }).where('id', '=', i.id).execute();
    await scopedSelectionUpdate(trx, ownerAccess, 'selections').set({ engagement_id: engagementId, updated_at: now }).execute();
    await audit(trx, deps, { actor: lead, selectionId: s.id, action: 'selection.invitation_accepted' }, { type: 'selection_invitation', id: i.id }, null, {
      provider: org.name,
      lead: lead.name,
      engagementId,
      risks: flags.length,
      concerns: concerns.length,
    });
    return { engagementId, userId: lead.userId };
  });
  const sessionToken = actor ? null : await createSession(deps, result.userId);
  return { engagementId: result.engagementId, sessionToken };
}

export async function selectionBaseline(deps: Deps, access: EngagementAccess) {
  const b = await scoped(deps.db, access, 'selection_baselines').selectAll().executeTakeFirst();
  if (!b) return { baseline: null };
  return {
    baseline: {
      selectionId: b.selection_id,
      selectionTitle: b.selection_title,
      candidateId: b.candidate_id,
      decidedAt: b.decided_at,
      criteria: JSON.parse(b.criteria),
      redFlags: JSON.parse(b.red_flags),
    },
  };
}

/**
 * Records an engagement that already exists as the one this selection led to
 * (owner): its baseline is stored as on acceptance; the engagement's own
 * content is left as it is. The demo seed links its engagement this way.
 */
export async function linkSelectionToEngagement(deps: Deps, access: SelectionAccess, engagementId: string) {
  const s = await selectionRow(deps, access);
  if (s.status !== 'decided' || !s.decided_candidate_id) throw conflict('Record the decision first', [{ field: 'decision', message: 'no candidate was chosen yet' }]);
  if (s.engagement_id) throw conflict('The selection is linked to an engagement already');
  const criteria = await scopedSelection(deps.db, access, 'selection_criteria').selectAll().orderBy('position').execute();
  const scores = await scopedSelection(deps.db, access, 'selection_scores')
    .select(['evaluator_id', 'criterion', 'score', 'comment'])
    .where('candidate_id', '=', s.decided_candidate_id)
    .where('submitted_at', 'is not', null)
    .execute();
  const flags = await scopedSelection(deps.db, access, 'selection_red_flags').select(['kind', 'evidence']).where('candidate_id', '=', s.decided_candidate_id).orderBy('id').execute();
  const baseline = baselineOf(
    criteria.map((c) => ({ key: c.key, label: c.label, weight: c.weight })),
    scores.map((x) => ({ evaluatorId: x.evaluator_id, criterion: x.criterion, score: x.score, comment: x.comment })),
  );
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('selection_baselines')
      .values({ engagement_id: engagementId, selection_id: s.id, candidate_id: s.decided_candidate_id!, selection_title: s.title, criteria: JSON.stringify(baseline), red_flags: JSON.stringify(flags), decided_at: s.decided_at ?? now, created_at: now })
      .execute();
    await scopedSelectionUpdate(trx, access, 'selections').set({ engagement_id: engagementId, updated_at: now }).execute();
    await audit(trx, deps, { actor: access.actor, selectionId: s.id, action: 'selection.engagement_linked' }, { type: 'engagement', id: engagementId }, null, { engagementId });
  });
}
