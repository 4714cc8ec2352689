/**
 * blame: blame and defensiveness ("as we already said", "you failed to", "as
 * per my last e-mail", "obviously"). Neutral references are not blame: "as
 * we agreed on Monday", "as discussed", "the test failed to start".
 */
import type { Flag, Rule, Sentence } from '../types';
import { deletion, findAll, flagOf, patterns, wordSpan } from './match';

const CATEGORY = 'blame' as const;
const MESSAGE = 'This can read as blame or defensiveness; stating the fact and the next step keeps the focus on the work.';

/** Phrases that can simply go: the sentence says the same without them. */
const REMOVABLE = patterns([
  'as we|i [have|had] already|previously said|mentioned|explained|stated|noted|told|flagged|warned|discussed|pointed|communicated|highlighted [out] [you]',
  'as we|i [have|had] said|mentioned|explained|stated|noted|told|flagged|warned|discussed|pointed|communicated|highlighted [you] [out] before|previously|already|earlier|repeatedly|again',
  'as we|i [have|had] told|warned you',
  'as we|i [have|had] explained|said|mentioned|stated|noted|told|flagged in|on our|my previous|last|earlier email|e-mail|message|mail|note|call|update',
  'as we|i keep|kept saying|telling|mentioning|repeating [you]',
  'as we|i keep|kept pointing out',
  'as [was] previously|already stated|mentioned|explained|noted|communicated|discussed',
  '[as] per my|our last|previous|earlier e-mail|email|message|mail|note|call',
  'as stated|mentioned|explained|noted in my|our last|previous|earlier e-mail|email|message|mail|note',
  'please see|check my|our last|previous|earlier e-mail|email|message|mail|note',
  'please refer [back] to my|our last|previous|earlier e-mail|email|message|mail|note',
  'as you should|would|must|will know|remember|recall',
  'as you should|would|must be aware',
  'as you should|would|must have seen|read',
  'as you know',
  'as you are aware',
  'as everyone|anyone knows',
  'obviously', 'clearly', 'needless to say', 'of course', 'to reiterate', 'once again', 'yet again', 'frankly', 'honestly',
  'for the second|third|fourth|last|hundredth time',
  'with all due respect',
  'to be fair',
  'to be clear',
]);
/** Accusations: they need rewording, not deletion. */
const ACCUSING = patterns([
  'you|your [team] failed|neglected|forgot|refused to',
  'you|your [team] did|have|has not|never bother|bothered|read|reply|replied|answer|answered|respond|responded|follow|followed|listen|listened',
  'you|your [team] should|ought [to] have',
  'you|your [team] were|was supposed|told|asked|meant to',
  'you|your [team] never',
  'you|your [team] keep|keeps changing|moving',
  'you|your [team] did not do|give|tell|get',
  'if you|your [team] had [only]',
  'had you [only]',
  'because|due|thanks of|to your [team|side|team\'s|side\'s] [late|slow|missing|constant|repeated] delay|delays|lateness|mistake|mistakes|error|errors|changes|inaction|silence|feedback|approval|input|answers|reply|replies',
  'this|that|it is|was not our fault|responsibility|problem|issue|doing',
  'through no fault of our|ours|our own',
  'not our fault|problem|responsibility',
  'the fault|blame lies|is|rests with you|your',
  'the problem|issue lies|rests with you|your',
  'we|i cannot|can [not] be held|made responsible|accountable|liable',
  'we|i did|had warn|warned|tell|told you',
  'we|i told|warned you [so]',
  'we|i take no responsibility',
  'i am not sure why you',
  'i do not understand why you',
  'why did you not',
  'why did not you',
  'you should know',
  'you clearly|obviously',
]);

export function blame(text: string, s: Sentence): Flag[] {
  const out: Flag[] = [];
  for (const m of findAll(s.words, REMOVABLE)) {
    const src = m.pattern.source;
    // "clearly" and "of course" are blame only as a comment on the reader: "Clearly, …", "as clearly stated"; "clearly labelled" is description
    const next = s.words[m.j]?.norm ?? '';
    if ((src === 'clearly' || src === 'obviously') && (/(ed|en)$/.test(next) || ['visible', 'better', 'worse', 'different', 'shown', 'written', 'marked'].includes(next))) continue; // "clearly labelled buttons"
    if (src === 'once again' && ['thanks', 'thank'].includes(next)) continue;
    if ((src === 'clearly' || src === 'of course' || src === 'frankly' || src === 'honestly' || src === 'to be clear' || src === 'to be fair') && m.i !== 0 && s.words[m.i - 1]?.norm !== 'as') continue;
    if (src === 'of course' && /\b(we|we'll|we will|happy|glad)\b/i.test(text.slice(s.words[m.j]?.start ?? s.end, s.end).slice(0, 12))) continue; // "Of course we'll help"
    const d = deletion(text, s, m.i, m.j);
    out.push(flagOf(text, d, { category: CATEGORY, rule: 'defensive-phrase', message: MESSAGE, suggestion: d.suggestion }));
  }
  for (const m of findAll(s.words, ACCUSING)) {
    if (s.words[m.j - 1]?.norm === 'have' && ['received', 'got', 'gotten', 'seen', 'had', 'heard'].includes(s.words[m.j]?.norm ?? '')) continue; // "you should have received the invoice"
    out.push(flagOf(text, wordSpan(s, m.i, m.j), { category: CATEGORY, rule: 'accusation', message: MESSAGE, suggestion: null }));
  }
  return out;
}

export const blameRule: Rule = {
  id: 'blame',
  category: CATEGORY,
  check: ({ doc }) => doc.sentences.flatMap((s) => blame(doc.text, s)),
};
