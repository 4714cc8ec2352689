/**
 * hidden-ownership: an agentless passive that hides who did, or will do, it
 * ("mistakes were made", "the deadline was missed", "it will be looked into").
 *
 * Candidates: retext-passive (a be-verb followed by a listed, mostly
 * irregular, participle), Candor's own regular participles ("missed",
 * "delayed", "overlooked") and phrasal ones ("looked into", "dealt with").
 * Filters: a named agent ("by Anna", but "by Friday" is a date), a harmless
 * or stative participle ("the invoice was paid", "the app is hosted on…",
 * "is supposed to"), a person as the subject ("we were asked"), a condition
 * ("once the design is approved"), and questions.
 */
import type { Root } from 'nlcst';
import retextPassive from 'retext-passive';
import type { Flag, Rule, Sentence, Token } from '../types';
import { isDateWord } from './dates';
import { capitalize, flagOf } from './match';

const CATEGORY = 'hidden-ownership' as const;
const MESSAGE = 'Without a name it can read as though nobody owns it; saying who did it, or who will, shows accountability.';

const BE = new Set(['am', 'are', 'were', 'being', 'is', 'been', 'was', 'be']);
const GET = new Set(['got', 'get', 'gets', 'getting', 'gotten']);
const BETWEEN = new Set(['not', 'never', 'already', 'just', 'also', 'still', 'then', 'now', 'all', 'both', 'finally', 'accidentally', 'unfortunately', 'eventually', 'probably', 'hopefully', 'definitely', 'quickly', 'fully', 'partly', 'partially', 'completely', 'mistakenly', 'wrongly', 'inadvertently', 'properly', 'somehow', 'again', 'only']);

/** Acts whose agent is obvious and harmless: "the invoice was paid on 3 May", "the meeting was held". */
const HARMLESS_ACTS = new Set([
  'paid', 'received', 'signed', 'invoiced', 'attached', 'enclosed', 'included', 'held', 'scheduled', 'planned', 'booked', 'approved', 'agreed', 'accepted',
  'settled', 'invited', 'founded', 'born', 'named', 'called', 'hired', 'elected', 'appointed', 'welcomed', 'married', 'given', 'awarded', 'granted', 'thanked', 'copied', 'cc',
]);
/** Participles that describe a state, not an act someone owns: "the app is hosted on…", "we are pleased", "it is supposed to". */
const STATIVE = new Set([
  'located', 'based', 'hosted', 'written', 'built', 'known', 'supposed', 'required', 'needed', 'expected', 'allowed', 'involved', 'related', 'interested',
  'pleased', 'delighted', 'excited', 'concerned', 'surprised', 'worried', 'tired', 'confused', 'impressed', 'satisfied', 'disappointed', 'committed',
  'dedicated', 'prepared', 'used', 'designed', 'intended', 'meant', 'aligned', 'aware', 'listed', 'shown', 'described', 'covered', 'explained', 'outlined',
  'summarised', 'summarized', 'detailed', 'documented', 'estimated', 'priced', 'capped', 'limited', 'licensed', 'encrypted', 'stored', 'backed', 'logged',
  'tracked', 'measured', 'labelled', 'labeled', 'marked', 'tagged', 'linked', 'connected', 'entitled', 'titled', 'owned', 'staffed', 'led', 'employed',
  'seated', 'situated', 'filled', 'automated', 'integrated', 'distributed', 'experienced', 'qualified', 'advanced', 'complicated', 'sophisticated',
  'focused', 'focussed', 'organised', 'organized', 'structured', 'set', 'open', 'gone', 'done', 'finished', 'completed', 'closed', 'opened', 'affected', 'impacted', 'unaffected',
  'determined', 'convinced', 'obliged', 'scared', 'sized', 'shaped', 'split', 'divided', 'grouped', 'ordered', 'composed',
  'calculated', 'derived', 'defined', 'specified', 'stated', 'reflected', 'represented', 'illustrated', 'depicted', 'displayed', 'protected', 'secured',
]);
/** After "is/are" (a present state) only a mishap hides an owner: "the report is delayed". */
const MISHAPS = new Set([
  'missed', 'overlooked', 'delayed', 'dropped', 'postponed', 'skipped', 'misconfigured', 'deleted', 'overwritten', 'lost', 'forgotten', 'broken',
  'descoped', 'deprioritised', 'deprioritized', 'ignored', 'neglected', 'misplaced', 'corrupted', 'leaked', 'exposed', 'blocked', 'stalled', 'stuck',
]);
/** Work done, told afterwards: the owner is plainly whoever did the work ("the bug has been fixed"); only the future hides who will. */
const DONE_WORK = new Set([
  'fixed', 'resolved', 'completed', 'delivered', 'deployed', 'updated', 'released', 'shipped', 'tested', 'reviewed', 'implemented', 'upgraded', 'migrated',
  'added', 'improved', 'restored', 'corrected', 'installed', 'published', 'launched', 'merged', 'optimised', 'optimized', 'solved', 'renewed', 'replaced',
]);
/** Regular participles worth a candidate even where retext-passive's list has none. */
const FAILURE_PARTICIPLES = new Set([
  ...MISHAPS, 'rushed', 'pushed', 'introduced', 'caused', 'changed', 'removed', 'reverted', 'released', 'deployed', 'shipped', 'sent', 'addressed',
  'handled', 'resolved', 'fixed', 'reviewed', 'checked', 'tested', 'updated', 'investigated', 'escalated', 'raised', 'noted', 'decided', 'cancelled',
  'canceled', 'moved', 'replaced', 'upgraded', 'migrated', 'implemented', 'completed', 'delivered', 'rescheduled', 'exceeded', 'overspent',
  'underestimated', 'misjudged', 'rebooted', 'restarted', 'mishandled', 'miscommunicated', 'misunderstood', 'made', 'done', 'taken', 'put', 'kept',
]);
const PHRASAL: Record<string, string> = {
  'looked into': 'look into',
  'looked at': 'look at',
  'dealt with': 'deal with',
  'taken care of': 'take care of',
  'followed up': 'follow up',
  'followed up on': 'follow up on',
  'sorted out': 'sort out',
  'picked up': 'pick up',
  'signed off': 'sign off',
  'pushed back': 'push back',
  'rolled back': 'roll back',
  'rolled out': 'roll out',
  'carried out': 'carry out',
  'worked on': 'work on',
  'got to': 'get to',
};
const AGENTLESS_BY = new Set(['about', 'around', 'roughly', 'approximately', 'nearly', 'almost', 'over', 'more', 'less', 'up', 'far', 'a', 'half', 'the', 'end', 'close', 'then', 'now', 'next', 'this', 'tomorrow', 'eod', 'cob', 'eow', 'noon', 'midday', 'lunch', 'lunchtime', 'morning', 'afternoon', 'evening', 'tonight', 'week', 'month', 'default', 'design', 'mistake', 'accident', 'hand', 'far', 'email', 'e-mail', 'phone']);
const CONDITION = new Set(['if', 'once', 'when', 'until', 'unless', 'after', 'before', 'whether', 'provided', 'assuming', 'as', 'whenever']);
const PERSON = new Set(['i', 'we', 'you', 'they', 'he', 'she', 'everyone', 'everybody', 'nobody']);
const LEAD = new Set(['unfortunately', 'sadly', 'regrettably', 'also', 'however', 'and', 'but', 'so', 'then', 'yesterday', 'today', 'again', 'recently', 'finally', 'last', 'this', 'week', 'on', 'in', 'at']);

export interface Passive {
  be: number; // word index of the be/get verb
  participle: number; // word index of the participle (the first word of a phrasal one)
  end: number; // exclusive word index after the participle (and its particle)
  phrasal: string | null;
}

const passiveTransform = retextPassive() as unknown as (tree: Root, file: unknown) => void;

const hasBeOrGet = (s: Sentence) => s.words.some((t) => BE.has(t.norm) || GET.has(t.norm));

/** The word after a be-verb (past one adverb), where a participle would stand. */
function participleSlot(w: readonly Token[], k: number): number {
  let p = k + 1;
  if (BETWEEN.has(w[p]?.norm ?? '')) p++;
  if (BETWEEN.has(w[p]?.norm ?? '') && w[p - 1]?.norm === 'not') p++;
  return p;
}

/** retext-passive's verdict per word after a be-verb (its list is of single words), remembered across checks. */
const verdicts = new Map<string, boolean>();

/**
 * Does retext-passive take this word, after a be-verb, for a participle? Words
 * not seen before are asked in one batch: a tiny text "was <word>" each, run
 * through the plugin once. The editor checks as the person types, so after the
 * first check almost every word is known.
 */
export function retextPassiveKnows(words: Iterable<string>): ReadonlyMap<string, boolean> {
  const unknown = [...new Set(words)].filter((w) => !verdicts.has(w));
  if (unknown.length > 0) {
    if (verdicts.size > 20_000) verdicts.clear();
    const at = (offset: number) => ({ start: { line: 1, column: 1, offset }, end: { line: 1, column: 1, offset: offset + 1 } });
    const word = (value: string, offset: number) => ({ type: 'WordNode', position: at(offset), children: [{ type: 'TextNode', value, position: at(offset) }] });
    const root = {
      type: 'RootNode',
      children: unknown.map((w, i) => ({ type: 'ParagraphNode', children: [{ type: 'SentenceNode', children: [word('was', -1), { type: 'WhiteSpaceNode', value: ' ' }, word(w, i)] }] })),
    } as unknown as Root;
    const hits = new Set<number>();
    passiveTransform(root, {
      message(_reason: string, opts: { place?: { start?: { offset?: number } } }) {
        const o = opts.place?.start?.offset;
        if (o !== undefined) hits.add(o);
        return {};
      },
    });
    unknown.forEach((w, i) => {
      verdicts.set(w, hits.has(i));
    });
  }
  return verdicts;
}

/** Offsets of the words retext-passive takes for participles after a be-verb (past one adverb) in these sentences. */
export function retextPassiveOffsets(sentences: readonly Sentence[]): Set<number> {
  const slots: Token[] = [];
  for (const s of sentences) {
    const w = s.words;
    for (let k = 0; k < w.length; k++) {
      if (!BE.has(w[k]!.norm)) continue;
      const slot = w[participleSlot(w, k)];
      if (slot && slot.node !== w[k]!.node) slots.push(slot);
    }
  }
  const known = retextPassiveKnows(slots.map((t) => t.norm));
  return new Set(slots.filter((t) => known.get(t.norm)).map((t) => t.start));
}

const looksLikeParticiple = (w: string) => w.length > 4 && w.endsWith('ed') && !/(need|seed|feed|speed|breed|proceed|exceed|succeed)$/.test(w);

/** Passives in a sentence: be/get + (one adverb) + participle, by retext-passive or by Candor's own lists. */
export function passivesIn(s: Sentence, listed: ReadonlySet<number> = retextPassiveOffsets([s])): Passive[] {
  const w = s.words;
  if (!hasBeOrGet(s)) return [];
  const out: Passive[] = [];
  for (let k = 0; k < w.length; k++) {
    if (!BE.has(w[k]!.norm) && !GET.has(w[k]!.norm)) continue;
    const p = participleSlot(w, k);
    const word = w[p];
    if (!word) continue;
    const phrasal = [3, 2].map((n) => w.slice(p, p + n).map((t) => t.norm).join(' ')).find((ph) => ph in PHRASAL) ?? null;
    const isListed = listed.has(word.start) || FAILURE_PARTICIPLES.has(word.norm) || phrasal !== null;
    const isRegular = looksLikeParticiple(word.norm);
    if (!isListed && !isRegular) continue;
    // a be-verb with "being"/"been" already consumed: "has been fixed" is found at "been"
    if ((w[k]!.norm === 'being' || w[k]!.norm === 'be') && BE.has(w[k - 1]?.norm ?? '') && out.at(-1)?.be === k - 1) continue;
    out.push({ be: k, participle: p, end: p + (phrasal ? phrasal.split(' ').length : 1), phrasal });
  }
  return out;
}

/** "by Anna", "by the client's IT team": a named agent (but "by Friday", "by the end of the week" are dates). */
export function hasAgent(s: Sentence, p: Passive): boolean {
  const w = s.words;
  for (let k = p.end; k < Math.min(w.length, p.end + 5); k++) {
    if (w[k]!.norm !== 'by') continue;
    const next = w[k + 1];
    if (!next) return false;
    if (/^\d/.test(next.norm) || (next.norm === 'a' && ['few', 'couple', 'day', 'week', 'month', 'lot', 'bit', 'third', 'quarter', 'factor'].includes(w[k + 2]?.norm ?? ''))) return false;
    if (next.norm === 'a') return true;
    if (isDateWord(w, k + 1) || AGENTLESS_BY.has(next.norm) && !(next.norm === 'the' && !isTimeAfterThe(w, k + 2))) return false;
    return true;
  }
  return false;
}
const isTimeAfterThe = (w: readonly Token[], k: number) => ['end', 'close', 'start', 'beginning', 'middle', 'time', 'deadline', 'weekend'].includes(w[k]?.norm ?? '') || isDateWord(w, k);

/** Acts of use that a count follows: "the app was downloaded 2,400 times" (its agents are simply the users). */
const USAGE = new Set(['downloaded', 'viewed', 'visited', 'opened', 'used', 'installed', 'read', 'clicked', 'played', 'searched', 'accessed', 'requested', 'watched', 'liked', 'rated', 'tapped']);

/** A number of times or a share right after the participle ("2,400 times", "40 percent"); "twice" is left out, it usually reports a mishap. */
function isCount(w: readonly Token[], k: number): boolean {
  let n = k;
  while (/^\d+$/.test(w[n]?.norm ?? '')) n += 1;
  return n > k && ['times', 'percent', '%', 'visits', 'views', 'downloads'].includes(w[n]?.norm ?? '');
}

/** The agent is obvious and harmless, or the participle is a description rather than an act. */
export function isHarmless(s: Sentence, p: Passive): boolean {
  const w = s.words;
  const part = w[p.participle]!.norm;
  const be = w[p.be]!.norm;
  const present = (be === 'is' || be === 'are' || be === 'am') && !['will', 'to', 'not'].includes(w[p.be - 1]?.norm ?? '');
  if (p.phrasal) return false;
  if (present) return !MISHAPS.has(part);
  if (USAGE.has(part) && isCount(w, p.end)) return true;
  if ((be === 'was' || be === 'were' || be === 'been') && DONE_WORK.has(part)) return true;
  if (w[p.end]?.norm === 'to' && ['supposed', 'expected', 'required', 'designed', 'meant', 'intended', 'scheduled', 'planned', 'set', 'asked', 'allowed', 'used'].includes(part)) return true;
  return HARMLESS_ACTS.has(part) || (STATIVE.has(part) && !MISHAPS.has(part));
}

/** "we were asked…", "you were told…": a person is already named as the subject. */
export function personAsSubject(s: Sentence, p: Passive): boolean {
  const before = s.words[p.be - 1]?.norm ?? '';
  const before2 = s.words[p.be - 2]?.norm ?? '';
  return PERSON.has(before) || (['have', 'has', 'had', 'will', 'would', 'could', 'should', 'might', 'may', 'must', 'not'].includes(before) && PERSON.has(before2));
}

/** The writer already owns it in the same sentence: "We made a mistake in the import: 40 prices were doubled." */
export function ownedInSentence(s: Sentence, p: Passive): boolean {
  return s.words.slice(0, Math.max(0, p.be - 1)).some((w, k, all) => (w.norm === 'we' || w.norm === 'i') && !['if', 'once', 'when', 'unless'].includes(all[k - 1]?.norm ?? ''));
}

/** The passive sits in a condition: "once the design is approved", "if the server is restarted". */
export function inCondition(s: Sentence, p: Passive): boolean {
  for (let k = p.be - 1; k >= Math.max(0, p.be - 7); k--) {
    const n = s.words[k]!.norm;
    if (CONDITION.has(n) && !(n === 'as' && s.words[k + 1]?.norm !== 'soon')) return true;
    if (n === 'long' && ['as', 'so'].includes(s.words[k - 1]?.norm ?? '')) return true;
    const tokenIdx = s.tokens.indexOf(s.words[k]!);
    if (s.tokens[tokenIdx - 1]?.text === ',' || s.tokens[tokenIdx - 1]?.text === ';') break;
  }
  return false;
}

/** The sentence's subject before the be-verb ("the deadline", "mistakes"), when short and plain. */
function subjectOf(text: string, s: Sentence, p: Passive): { start: number; text: string } | null {
  let first = 0;
  while (first < p.be && LEAD.has(s.words[first]!.norm)) first++;
  let end = p.be;
  while (end > first && ['has', 'have', 'had', 'will', 'would', 'could', 'should', 'might', 'may', 'must', 'is', 'are', 'was', 'were', 'not'].includes(s.words[end - 1]!.norm)) end--;
  if (end <= first || end - first > 5) return null;
  const start = s.words[first]!.start;
  const subject = text.slice(start, s.words[end - 1]!.end);
  if (/[,;:()"\u201c\u201d]/.test(subject)) return null;
  return { start, text: subject };
}

/** "We missed the deadline" from "The deadline was missed"; "We will look into it" from "It will be looked into". */
function rewrite(text: string, s: Sentence, p: Passive): { start: number; suggestion: string } | null {
  const subj = subjectOf(text, s, p);
  if (!subj) return null;
  const words = s.words.slice(0, p.be).map((t) => t.norm);
  const object = /^[A-Z]{2,}|^[A-Z][a-z]+ [A-Z]/.test(subj.text) ? subj.text : subj.text[0]!.toLowerCase() + subj.text.slice(1);
  const obj = object;
  const partWord = text.slice(s.words[p.participle]!.start, s.words[p.end - 1]!.end);
  if (words.includes('will') || words.includes('going')) {
    if (!p.phrasal) return null;
    return { start: subj.start, suggestion: `We will ${PHRASAL[p.phrasal]} ${obj}` };
  }
  const have = words.includes('has') || words.includes('have') ? 'have ' : '';
  if (p.phrasal) {
    const [verb, ...particle] = partWord.split(' ');
    return { start: subj.start, suggestion: `We ${have}${verb} ${particle.join(' ')} ${obj}`.replace(/\s+/g, ' ') };
  }
  if (words.includes('been') || s.words[p.be]!.norm === 'been') return { start: subj.start, suggestion: `We have ${partWord} ${obj}` };
  return { start: subj.start, suggestion: `We ${have}${partWord} ${obj}` };
}

export function hiddenOwnership(text: string, s: Sentence, listed?: ReadonlySet<number>): Flag[] {
  if (s.text.trim().endsWith('?')) return [];
  const out: Flag[] = [];
  for (const p of passivesIn(s, listed)) {
    if (hasAgent(s, p) || isHarmless(s, p) || personAsSubject(s, p) || inCondition(s, p) || ownedInSentence(s, p)) continue;
    const rw = rewrite(text, s, p);
    const end = s.words[p.end - 1]!.end;
    const start = rw ? rw.start : s.words[p.be]!.start;
    const suggestion = rw ? (start === s.start ? capitalize(rw.suggestion) : rw.suggestion.replace(/^We /, 'we ')) : null;
    out.push(flagOf(text, { start, end }, { category: CATEGORY, rule: 'agentless-passive', message: MESSAGE, suggestion }));
  }
  return out;
}

export const ownershipRule: Rule = {
  id: 'agentless-passive',
  category: CATEGORY,
  check: ({ doc }) => {
    const listed = retextPassiveOffsets(doc.sentences);
    return doc.sentences.flatMap((s) => hiddenOwnership(doc.text, s, listed));
  },
};
