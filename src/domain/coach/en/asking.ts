/**
 * asking-not-recommending: asking permission where a reasoned recommendation
 * is due ("Would it be possible to …?", "Could we maybe …?", "Is it OK if
 * we …?"). Requests to the client for something they hold ("Could you send
 * the logo files?") and plain scheduling ("Can we meet on Tuesday?") are not
 * flagged: only a permission or preference question about work we would do.
 */
import type { Flag, Rule, Sentence } from '../types';
import { capitalize, findAll, flagOf, patterns } from './match';

const CATEGORY = 'asking-not-recommending' as const;
const MESSAGE = 'Asking permission can read as unsure of the way forward; a recommendation with its reason reads as expertise.';

// Each ends where the proposed action begins.
const PERMISSION = patterns([
  'would|will it be possible [for] [us|me] [to]',
  'is|would it be possible [for] [us|me] [to]',
  'would|will|is|would it be ok|okay|alright|fine|acceptable [with] [you] [if] [we|i] [could|can|were|would]',
  'is it ok|okay|alright|fine|acceptable [with] [you] [if|for|to] [we|us|i|me] [could|can|to]',
  'are|would you be ok|okay|alright|fine|happy [with] [us|me|if] [we] [to|could]',
  'do|would you mind if [we|i] [could]',
  'would you mind [us|me]',
  'would|do you like|want us|me to',
  'may|might we [please] [maybe|perhaps|possibly|just]',
  'could|can we maybe|possibly|perhaps|please',
  'could|can we just',
  'could|can i maybe|possibly|perhaps',
  'would|could|can|will you allow|let us|me [to]',
  'would|could|can we get|have permission|approval|sign-off|clearance [to|for]',
  'do we have permission|approval [to|for]',
  'is there any chance [that] [we|i] [could|can|might] [to]',
  'any chance [that] [we|i] [could|can|might]',
  'would|could|can|may we ask [you] [if|whether] [we|i] [could|can|might|may]',
  'we|i were|was wondering if|whether [we|i] [could|can|might|may|would]',
  'we|i are|am wondering if|whether [we|i] [could|can|might|may|would]',
  'we|i wonder if|whether [we|i] [could|can|might|may|would]',
  'please let us|me know if|whether [it] [is] ok|okay|alright|fine [if|to|for] [we|us] [could|can]',
  'let us|me know if|whether [it] [is] ok|okay|alright|fine [if|to|for] [we|us] [could|can]',
  'would you be open|willing to [letting|let] [us]',
  'how would you feel about [us|me]',
  'if|whether we|i could|might|may [maybe|perhaps|possibly]',
  'what would you think about|of [us|me]',
]);

const LEAD_IN = new Set(['so', 'hi', 'hello', 'also', 'and', 'but', 'then', 'quick', 'question', 'one', 'more', 'thing', 'just', 'wondering']);

/** Word index where the sentence's question proper starts, after a greeting or "So,". */
function questionStart(s: Sentence): number {
  let k = 0;
  while (k < s.words.length - 1 && LEAD_IN.has(s.words[k]!.norm) && k < 3) k++;
  return k;
}

/** "We recommend we grant root access for John, because …" from "Would it be possible to grant root access for John?" */
export function recommendationFrom(rest: string): string {
  const action = rest.replace(/[?.!\s]+$/u, '').trim();
  if (!action) return 'We recommend …, because …';
  return `We recommend that we ${action.replace(/^(we|i) /i, '')}, because …`;
}

export function askingNotRecommending(text: string, s: Sentence): Flag[] {
  const from = questionStart(s);
  for (const m of findAll(s.words.slice(from), PERMISSION)) {
    if (m.i > 1) continue; // only an opening question ("Would it be possible …", "So, could we maybe …")
    const i = m.i + from;
    const j = m.j + from;
    const start = s.words[i]!.start;
    const end = s.end;
    const restStart = s.words[j]?.start ?? end;
    const rest = text.slice(restStart, end);
    return [
      flagOf(
        text,
        { start, end },
        {
          category: CATEGORY,
          rule: 'permission-question',
          message: MESSAGE,
          suggestion: capitalize(recommendationFrom(rest)),
        },
      ),
    ];
  }
  return [];
}

export const askingRule: Rule = {
  id: 'permission-question',
  category: CATEGORY,
  check: ({ doc }) => doc.sentences.flatMap((s) => askingNotRecommending(doc.text, s)),
};
