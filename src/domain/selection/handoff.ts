/**
 * What a partner selection hands to the engagement it starts (issue 15, ADR 0023). Pure.
 *
 * - The chosen candidate's scores per criterion (mean, min, max over the
 *   evaluators who submitted): the baseline the first gate review is compared
 *   against, one to one by key (the criteria share the gate questions' keys).
 * - Concerns for the charter draft, to discuss before agreeing it: a criterion
 *   the candidate scored below 3 of 5 is a risk; one the evaluators disagreed
 *   on (two points apart or more) is an assumption to check. The comments that
 *   came with the low scores go with them.
 * - The salted hash an evaluator's scores for one candidate commit to, so the
 *   audit trail can carry the hash while the scores are blind and the decision
 *   can reveal them verifiably.
 */
import { createHash } from 'node:crypto';

export interface HandoffCriterion {
  key: string;
  label: string;
  weight: number;
}

export interface SubmittedScore {
  evaluatorId: string;
  criterion: string;
  score: number;
  comment: string;
}

export interface BaselineCriterion extends HandoffCriterion {
  mean: number | null;
  min: number | null;
  max: number | null;
}

export const CONCERN_BELOW = 3;
export const DISAGREEMENT_POINTS = 2;

export function baselineOf(criteria: readonly HandoffCriterion[], scores: readonly SubmittedScore[]): BaselineCriterion[] {
  return criteria.map((c) => {
    const values = scores.filter((s) => s.criterion === c.key).map((s) => s.score);
    if (values.length === 0) return { ...c, mean: null, min: null, max: null };
    const mean = Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 100) / 100;
    return { ...c, mean, min: Math.min(...values), max: Math.max(...values) };
  });
}

export interface Concern {
  kind: 'risk' | 'assumption';
  criterion: string;
  text: string;
}

const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

export function concernsOf(baseline: readonly BaselineCriterion[], scores: readonly SubmittedScore[]): Concern[] {
  const out: Concern[] = [];
  for (const c of baseline) {
    if (c.mean === null || c.min === null || c.max === null) continue;
    const comments = scores
      .filter((s) => s.criterion === c.key && s.score < CONCERN_BELOW && s.comment.trim())
      .map((s) => `“${s.comment.trim()}”`);
    const said = comments.length ? ` — ${comments.join('; ')}` : '';
    if (c.mean < CONCERN_BELOW) out.push({ kind: 'risk', criterion: c.key, text: `${c.label}: scored ${fmt(c.mean)} of 5 in the selection${said}` });
    if (c.max - c.min >= DISAGREEMENT_POINTS) {
      out.push({ kind: 'assumption', criterion: c.key, text: `${c.label}: the evaluators disagreed (${c.min} to ${c.max} of 5); check what each assumed${c.mean < CONCERN_BELOW ? '' : said}` });
    }
  }
  return out;
}

/** The charter draft's purpose: the selection's concerns, to discuss before agreeing. */
/** The charter's purpose field holds at most this many characters (CharterBody): the draft is cut to fit, never refused. */
export const CHARTER_PURPOSE_MAX = 4000;

export function charterPurpose(selectionTitle: string, concerns: readonly Concern[], max = CHARTER_PURPOSE_MAX): string {
  const head = `Started from the partner selection “${selectionTitle}”.`;
  if (concerns.length === 0) return cutTo(`${head} The scorecard raised no concerns.`, max);
  const lines = concerns.map((c) => `- ${c.kind === 'risk' ? 'Risk' : 'Assumption'} to discuss: ${c.text}`);
  return cutTo(`${head} To discuss before agreeing this charter:\n${lines.join('\n')}`, max);
}

/** Cut to `max` characters (code points), ending with an ellipsis when cut; trimmed like the charter's text fields. */
function cutTo(text: string, max: number): string {
  const chars = Array.from(text.trim());
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('').trimEnd()}…`;
}

/** SHA-256 over the salt and the scores in criterion order: what a sealed draft or submission commits to. */
export function scoresHash(nonce: string, scores: readonly { criterion: string; score: number; comment: string }[]): string {
  const sorted = [...scores].sort((a, b) => a.criterion.localeCompare(b.criterion)).map((s) => [s.criterion, s.score, s.comment]);
  return createHash('sha256').update(`${nonce}:${JSON.stringify(sorted)}`).digest('hex');
}
