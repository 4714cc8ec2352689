/**
 * hedged-commitment: a promise that isn't one ("hopefully", "should be done",
 * "we'll try", "fingers crossed", "if all goes well").
 *
 * Candidate words come from retext-intensify's hedge list (the `hedges`
 * package); only those that soften a commitment are kept (COMMITMENT_HEDGES,
 * checked to be in that list by a test), and only in a sentence about
 * something still to be done. Phrases the list lacks are Candor's own.
 * Not hedges: "you should receive the invoice tomorrow", "we should discuss
 * the budget", "the date may slip" (a risk, stated), "the cause was probably
 * a timeout" (a diagnosis, not a promise).
 */
import { hedges } from 'hedges';
import type { Flag, Rule, Sentence } from '../types';
import { deletion, findAll, flagOf, patterns, wordSpan } from './match';

const CATEGORY = 'hedged-commitment' as const;
const MESSAGE = 'A softened promise can read as no promise at all; commit to it, or state what it depends on.';

const HEDGE_LIST = new Set(hedges.map((h) => h.toLowerCase()));
/** The words of retext-intensify's hedge list that soften a commitment. */
export const COMMITMENT_HEDGES = ['hopefully', 'probably', 'possibly', 'maybe', 'perhaps', 'likely', 'presumably', 'more or less', 'roughly'] as const;
const SOFTENERS = new Set<string>(COMMITMENT_HEDGES.filter((h) => HEDGE_LIST.has(h) && !h.includes(' ')));

/** Something still to come, done by us or by the work: "will", "going to", "ready", "by Friday". */
const FUTURE = new Set(['will', 'shall', 'going', 'able', 'ready', 'done', 'finished', 'live', 'tomorrow', 'next', 'deliver', 'ship', 'finish', 'complete', 'land', 'by']);
const PAST_ONLY = new Set(['was', 'were', 'had', 'did']);
const aboutWhatIsToCome = (s: Sentence) => s.words.some((w) => FUTURE.has(w.norm));
const pastOnly = (s: Sentence) => s.words.some((w) => PAST_ONLY.has(w.norm)) && !s.words.some((w) => w.norm === 'will' || w.norm === 'going');

const CONDITIONS = patterns([
  'if all|everything goes|go well|smoothly|right',
  'if all|everything goes|go to|according [to] [the] plan',
  'if nothing else comes up',
  'if all is well',
  'all being well',
  'all going well',
  'with any|some luck',
  'with a bit of luck',
  'if we are lucky',
  'god willing',
  'in theory',
]);
const WISHES = patterns([
  'fingers crossed', 'cross our|my fingers', 'crossing our|my fingers', 'touch wood', 'knock on wood',
  'no promises', 'we|i cannot|can [not] promise [anything]', 'we|i are|am not promising [anything]', 'we will see',
]);
const TRYING = patterns([
  'we|i will|would|are|am|shall [going] [to] try|trying|attempt|attempting [to|our|my|and]',
  'we|i try to',
  'we|i will|are|am|shall do|doing our|my best [to]',
  'we|i will|are|am|shall [going] [to] give it a go|shot|try',
  'we|i hope|aim|intend to',
  'we|i are|am hoping|aiming [to]',
  'we|i would|should like|love to be able to',
  'we|i should|might|may|could be able to',
  'it|this|that|which might|may|could be ready|done|finished|live|fixed|complete|possible',
  'we|i might|may|could have',
  'might|may|could be ready|done|finished|live|fixed|complete|completed|available|up',
  'we|i might|may|could manage|make it|finish|deliver|get',
]);
const SHOULD_DELIVERY = new Set([
  'be', 'have', 'finish', 'deliver', 'work', 'fix', 'land', 'ship', 'go', 'wrap', 'complete', 'resolve', 'solve', 'make', 'manage', 'sort',
  'launch', 'deploy', 'release', 'help', 'improve', 'speed', 'stabilise', 'stabilize', 'do', 'cover', 'hold', 'last', 'run', 'pass',
]);
/** After "should be": a state of the work, not of the reader ("should be able" is in TRYING). */
const SHOULD_BE_STATE = new Set([
  'done', 'ready', 'finished', 'complete', 'completed', 'live', 'fixed', 'sorted', 'resolved', 'working', 'available', 'deployed', 'up', 'in',
  'fine', 'ok', 'okay', 'good', 'back', 'out', 'there', 'stable', 'faster', 'quicker', 'enough', 'possible', 'straightforward', 'easy', 'quick',
  'delivered', 'shipped', 'released', 'installed', 'migrated', 'merged', 'on', 'over', 'finalised', 'finalized', 'wrapped', 'sufficient', 'safe', 'green', 'gone',
]);
const NOT_A_HEDGE_SUBJECT = new Set(['you', 'your', 'everyone', 'they']);

/** "should" softening a promise about the work: "it should be done by Friday", not "you should receive the invoice". */
export function hedgingShould(s: Sentence, k: number): boolean {
  const w = s.words;
  let subj = k - 1;
  while (subj >= 0 && ['really', 'still', 'also', 'then', 'now', 'hopefully', 'probably', 'definitely'].includes(w[subj]!.norm)) subj--;
  if (subj >= 0 && NOT_A_HEDGE_SUBJECT.has(w[subj]!.norm)) return false;
  if (s.text.trim().endsWith('?')) return false;
  let v = k + 1;
  if (['hopefully', 'probably', 'definitely', 'still', 'really', 'now', 'all'].includes(w[v]?.norm ?? '')) v++;
  const verb = w[v]?.norm;
  if (!verb || !SHOULD_DELIVERY.has(verb)) return false;
  if (verb === 'be') return SHOULD_BE_STATE.has(w[v + 1]?.norm ?? '');
  if (verb === 'have' && ['been', 'had', 'known', 'told', 'asked', 'said'].includes(w[v + 1]?.norm ?? '')) return false; // "should have told us": hindsight, not a promise
  return true;
}

export function hedgedCommitment(text: string, s: Sentence): Flag[] {
  const out: Flag[] = [];
  const make = (span: { start: number; end: number }, rule: string, suggestion: string | null) =>
    out.push(flagOf(text, span, { category: CATEGORY, rule, message: MESSAGE, suggestion }));

  for (const m of findAll(s.words, CONDITIONS)) make(wordSpan(s, m.i, m.j), 'luck-condition', 'provided [condition]');
  for (const m of findAll(s.words, WISHES)) {
    const d = deletion(text, s, m.i, m.j);
    make({ start: d.start, end: d.end }, 'wishful-phrase', d.suggestion);
  }
  for (const m of findAll(s.words, TRYING)) {
    const after = s.words[m.j]?.norm ?? '';
    if (s.words[m.j - 1]?.norm === 'have' && (/ed$/.test(after) || ['found', 'seen', 'been', 'made', 'lost', 'done', 'had', 'got'].includes(after))) continue; // "we may have found the cause": a guess about the past
    if (NOT_A_HEDGE_SUBJECT.has(s.words[m.i - 1]?.norm ?? '')) continue;
    const subject = s.words[m.i]!;
    const subjectText = text.slice(subject.start, subject.start + subject.norm.length) || subject.norm;
    make(wordSpan(s, m.i, m.j), 'trying-not-committing', `${subjectText} will`);
  }
  if (!pastOnly(s) && aboutWhatIsToCome(s)) {
    s.words.forEach((w, k) => {
      if (!SOFTENERS.has(w.norm)) return;
      if (NOT_A_HEDGE_SUBJECT.has(s.words[k + 1]?.norm ?? '')) return; // "hopefully you had a good weekend", "maybe you could…"
      if (w.norm === 'likely' && ['is', 'are', 'seems', 'looks', 'more', 'most', 'less', 'un'].includes(s.words[k - 1]?.norm ?? '') && s.words[k + 1]?.norm !== 'be') return;
      const d = deletion(text, s, k, k + 1);
      make({ start: d.start, end: d.end }, 'softened-promise', d.suggestion);
    });
  }
  s.words.forEach((w, k) => {
    if (w.norm === 'should' && hedgingShould(s, k)) make(wordSpan(s, k, k + 1), 'should-be-done', 'will');
    if (/^[a-z0-9:]+-?ish$/.test(w.norm) && /\d|day|week|month|noon|morning|evening/.test(w.norm) && w.norm !== 'english') {
      make(wordSpan(s, k, k + 1), 'approximate-date', w.text.replace(/-?ish$/i, ''));
    }
  });
  return out;
}

export const hedgedRule: Rule = {
  id: 'hedged-commitment',
  category: CATEGORY,
  check: ({ doc }) => doc.sentences.flatMap((s) => hedgedCommitment(doc.text, s)),
};
