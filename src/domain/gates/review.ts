/**
 * Gate reviews (issue 11, ADR 0015). Pure: the questions, who may answer,
 * what each reader may see while the answers are blind, the hashes that
 * bind the revealed answers to the submissions, the decision's rules, and
 * the comparison across reviews.
 */
import { hashPayload } from '../audit/chain';
import type { EngagementRole, Side } from '../authz/policy';
import { sideOf } from '../authz/policy';

export interface Question {
  key: string;
  /** The question as the client asks it about the provider. */
  text: string;
  /** The same question as the provider asks it of itself. */
  selfText: string;
  custom: boolean;
}

/** The fixed questions; their keys are public API (scripts use them). */
export const STANDARD_QUESTIONS: readonly Question[] = [
  {
    key: 'business_understanding',
    text: 'Do they understand our business, not only our tasks?',
    selfText: "Do we understand the client's business, not only our tasks?",
    custom: false,
  },
  {
    key: 'collaboration_clarity',
    text: 'Is it clear how we work together: who decides, how updates, risks and changes are shared?',
    selfText: 'Is it clear how we work together: who decides, how updates, risks and changes are shared?',
    custom: false,
  },
  {
    key: 'risk_openness',
    text: 'Are risks, unknowns and trade-offs shared openly?',
    selfText: 'Do we share risks, unknowns and trade-offs openly?',
    custom: false,
  },
  {
    key: 'outcomes_focus',
    text: 'Is the work tied to our outcomes, not just output?',
    selfText: "Is our work tied to the client's outcomes, not just output?",
    custom: false,
  },
  {
    key: 'proactive_communication',
    text: 'Were problems flagged early, without anyone having to chase?',
    selfText: 'Did we flag problems early, without anyone having to chase us?',
    custom: false,
  },
  {
    key: 'beyond_scope',
    text: 'Do we talk about what comes after this scope?',
    selfText: 'Do we talk with the client about what comes after this scope?',
    custom: false,
  },
];

export const STANDARD_KEYS = new Set(STANDARD_QUESTIONS.map((q) => q.key));

export interface CustomQuestionInput {
  key: string;
  text: string;
}

export type Problem = { field: string; message: string };

/** The questions of a new review: the fixed ones, then the engagement's own (carried from its last review unless replaced). */
export function reviewQuestions(custom: readonly CustomQuestionInput[]): { questions: Question[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  const own: Question[] = [];
  custom.forEach((c, i) => {
    if (STANDARD_KEYS.has(c.key)) problems.push({ field: `questions.${i}.key`, message: `"${c.key}" is one of the fixed questions; choose another key` });
    else if (seen.has(c.key)) problems.push({ field: `questions.${i}.key`, message: `"${c.key}" appears twice` });
    seen.add(c.key);
    own.push({ key: c.key, text: c.text, selfText: c.text, custom: true });
  });
  return { questions: [...STANDARD_QUESTIONS, ...own], problems };
}

// ── Who answers ─────────────────────────────────────────────────────────────

/**
 * The provider's answers come from the lead (members may draft); the
 * client's from the sponsor. Stakeholders (and members) may add remarks of
 * their own, which are blind like the answers.
 */
export function mayAnswer(role: EngagementRole, submit: boolean): { ok: true } | { ok: false; message: string } {
  if (role === 'lead' || role === 'sponsor') return { ok: true };
  if (role === 'member') return submit ? { ok: false, message: "Only the lead submits the provider's answers; members may save a draft" } : { ok: true };
  return { ok: false, message: "The sponsor answers for the client; stakeholders add remarks of their own (POST …/remarks)" };
}

export const answererRole = (side: Side): EngagementRole => (side === 'provider' ? 'lead' : 'sponsor');

// ── Answers and their hashes ────────────────────────────────────────────────

export interface Answer {
  question: string;
  score: number | null;
  comment: string;
}

export interface Remark {
  id: string;
  question: string | null;
  body: string;
  authorId: string;
  createdAt: string;
}

/** Answers in question order (the review's), so the hash does not depend on the order they were sent in. */
export function orderAnswers(questions: readonly Question[], answers: readonly Answer[]): Answer[] {
  const pos = new Map(questions.map((q, i) => [q.key, i]));
  return [...answers].sort((a, b) => (pos.get(a.question) ?? 999) - (pos.get(b.question) ?? 999)).map((a) => ({ question: a.question, score: a.score, comment: a.comment }));
}

/**
 * The hash a submission commits to: the side's answers with a random salt
 * (the nonce), canonical JSON, SHA-256. The salt keeps the other side from
 * guessing six 1–5 scores by trying all 15,625 combinations against the hash.
 * The submit record carries only the hash; the revealed record carries the
 * answers and the salt, and anyone can recompute it (verifyReveal).
 */
export const answersHash = (questions: readonly Question[], answers: readonly Answer[], nonce: string): string =>
  hashPayload({ nonce, answers: orderAnswers(questions, answers) });

/** Checks a batch of answers against the review's questions. Scores are 1–5 (null: not yet scored, drafts only). */
export function checkAnswers(questions: readonly Question[], answers: readonly { question: string; score?: number | null | undefined; comment?: string | undefined }[]): Problem[] {
  const keys = new Set(questions.map((q) => q.key));
  const problems: Problem[] = [];
  const seen = new Set<string>();
  answers.forEach((a, i) => {
    if (!keys.has(a.question)) problems.push({ field: `answers.${i}.question`, message: `"${a.question}" is not a question of this review; it asks ${[...keys].join(', ')}` });
    else if (seen.has(a.question)) problems.push({ field: `answers.${i}.question`, message: `"${a.question}" is answered twice` });
    seen.add(a.question);
    if (a.score !== undefined && a.score !== null && (!Number.isInteger(a.score) || a.score < 1 || a.score > 5)) {
      problems.push({ field: `answers.${i}.score`, message: 'must be a whole number from 1 to 5' });
    }
  });
  return problems;
}

/** What a submission still lacks: every question needs a score. */
export function missingForSubmit(questions: readonly Question[], answers: readonly Answer[]): Problem[] {
  const byKey = new Map(answers.map((a) => [a.question, a]));
  return questions
    .filter((q) => {
      const a = byKey.get(q.key);
      return !a || a.score === null;
    })
    .map((q) => ({ field: 'answers', message: `"${q.key}" needs a score from 1 to 5 before the answers can be submitted` }));
}

// ── Blindness ───────────────────────────────────────────────────────────────

export interface SubmissionState {
  providerSubmittedAt: string | null;
  clientSubmittedAt: string | null;
}

export const isRevealed = (s: SubmissionState): boolean => !!s.providerSubmittedAt && !!s.clientSubmittedAt;

/**
 * Whether a reader may see one side's answers and remarks: always their own
 * side's; the other side's only once both sides have submitted.
 */
export function maySeeSide(readerRole: EngagementRole, side: Side, s: SubmissionState): boolean {
  return sideOf(readerRole) === side || isRevealed(s);
}

/** The revealed record's content, and the check that it is what both sides submitted. */
export interface Revealed {
  provider: { hash: string; nonce: string; answers: Answer[] };
  client: { hash: string; nonce: string; answers: Answer[] };
}

export function verifyReveal(questions: readonly Question[], submitted: { provider: string; client: string }, revealed: Revealed): Problem[] {
  const problems: Problem[] = [];
  for (const side of ['provider', 'client'] as const) {
    const h = answersHash(questions, revealed[side].answers, revealed[side].nonce);
    if (h !== submitted[side]) problems.push({ field: side, message: `the revealed ${side} answers hash to ${h.slice(0, 12)}…, the submission committed to ${submitted[side].slice(0, 12)}…` });
    if (revealed[side].hash !== submitted[side]) problems.push({ field: `${side}.hash`, message: `the revealed record names a different ${side} hash than the submission` });
  }
  return problems;
}

// ── The sponsor's decision ──────────────────────────────────────────────────

export type Decision = 'proceed' | 'proceed_with_conditions' | 'pause' | 'stop';

export interface DecisionInput {
  decision: Decision;
  rationale: string;
  conditions?: { what: string; side: Side; dueDate?: string | null | undefined; ownerId?: string | null | undefined }[] | undefined;
  revisitOn?: string | null | undefined;
}

export function checkDecision(input: DecisionInput, today: string): Problem[] {
  const problems: Problem[] = [];
  if (!input.rationale.trim()) problems.push({ field: 'rationale', message: 'say why: the rationale is part of the record' });
  const conditions = input.conditions ?? [];
  if (input.decision === 'proceed_with_conditions' && conditions.length === 0) problems.push({ field: 'conditions', message: 'name at least one condition, or decide proceed' });
  if (input.decision !== 'proceed_with_conditions' && conditions.length > 0) problems.push({ field: 'conditions', message: 'conditions belong to proceed_with_conditions' });
  conditions.forEach((c, i) => {
    if (!c.what.trim()) problems.push({ field: `conditions.${i}.what`, message: 'say what must be met' });
    if (!c.dueDate) problems.push({ field: `conditions.${i}.dueDate`, message: 'a condition needs a due date' });
    else if (c.dueDate < today) problems.push({ field: `conditions.${i}.dueDate`, message: `must not be in the past (today is ${today})` });
  });
  if (input.decision === 'pause') {
    if (!input.revisitOn) problems.push({ field: 'revisitOn', message: 'a pause needs the date to revisit the decision' });
    else if (input.revisitOn <= today) problems.push({ field: 'revisitOn', message: `must be after today (${today})` });
  } else if (input.revisitOn) problems.push({ field: 'revisitOn', message: 'only a pause has a date to revisit' });
  return problems;
}

// ── Comparing reviews ───────────────────────────────────────────────────────

/** A gap of this many points between the sides on one question is the conversation to have. */
export const GAP_ALERT = 2;

export interface ScoredReview {
  reviewId: string;
  phaseName: string;
  at: string;
  provider: Answer[];
  client: Answer[];
}

export interface QuestionTrend {
  question: string;
  points: { reviewId: string; phaseName: string; at: string; provider: number | null; client: number | null; gap: number | null; alert: boolean }[];
}

/** Per question, each side's score in each revealed review (oldest first), and the gap between them. */
export function compareReviews(reviews: readonly ScoredReview[]): QuestionTrend[] {
  const keys: string[] = [];
  for (const r of reviews) for (const a of [...r.provider, ...r.client]) if (!keys.includes(a.question)) keys.push(a.question);
  const ordered = [...reviews].sort((a, b) => a.at.localeCompare(b.at));
  return keys.map((question) => ({
    question,
    points: ordered.map((r) => {
      const p = r.provider.find((a) => a.question === question)?.score ?? null;
      const c = r.client.find((a) => a.question === question)?.score ?? null;
      const gap = p !== null && c !== null ? p - c : null;
      return { reviewId: r.reviewId, phaseName: r.phaseName, at: r.at, provider: p, client: c, gap, alert: gap !== null && Math.abs(gap) >= GAP_ALERT };
    }),
  }));
}

/** The gap per question within one review: provider minus client. */
export function gaps(provider: readonly Answer[], client: readonly Answer[]) {
  return provider.map((p) => {
    const c = client.find((x) => x.question === p.question);
    const gap = p.score !== null && c?.score != null ? p.score - c.score : null;
    return { question: p.question, provider: p.score, client: c?.score ?? null, gap, alert: gap !== null && Math.abs(gap) >= GAP_ALERT };
  });
}
