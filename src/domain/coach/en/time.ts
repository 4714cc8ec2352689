/**
 * vague-time: a time without a date ("soon", "ASAP", "end of the week", "in
 * the coming days"). Not flagged when a date stands right beside it ("end of
 * the week (Friday 12 March)"), a period ("next week") when the sentence names
 * a day as well ("Mia is away next week and back on 20 May"), when "as soon as" names an event ("as soon as
 * the contract is signed"), or in a question about the reader's timing
 * ("How soon do you need it?").
 */
import type { Flag, Rule, Sentence } from '../types';
import { dateNear, hasDate } from './dates';
import { findAll, flagOf, patterns, wordSpan } from './match';

const CATEGORY = 'vague-time' as const;
const MESSAGE = 'A time without a date means something different to each reader; a date can be planned around.';

const VAGUE = patterns([
  'soon', 'sooner', 'soonish', 'asap', 'a.s.a.p.', 'a.s.a.p', 'shortly', 'eventually', 'imminently', 'momentarily',
  'as soon as possible|practicable|feasible',
  'as soon as we|i can',
  'at the earliest opportunity|convenience',
  'at your earliest convenience',
  'at some point [soon|later]',
  'sometime [soon|later|next|this] [week|month|quarter|year]',
  'some time soon|later|next|this [week|month|quarter|year]',
  'someday', 'one of these days', 'any day|time now', 'before long', 'in due course|time', 'in time',
  'in a bit|while|moment|jiffy',
  'in a few|couple [of] minutes|hours|days|weeks|months',
  'in the coming|next|following few|couple [of] days|weeks|months',
  'in the coming|following days|weeks|months',
  'over the coming|next|following [few|couple] [of] days|weeks|months',
  'within the next|coming few|couple [of] days|weeks|months',
  'within a few|couple [of] days|weeks|months',
  'within days|weeks',
  'in the near|not-too-distant future', 'in the not too distant future',
  '[by] [the] end|close of [the] week|month|quarter|sprint',
  'by|at eow|eom',
  '[by] later|early [this|next] week|month|quarter|today',
  'later this|next week|month|quarter|year',
  'when|whenever possible|feasible',
  'when|whenever we|i can',
  'when|whenever we|i get a|the chance|moment|minute',
  'when|whenever he|she|they|someone|somebody|anyone get|gets|has|have|find|finds a|the chance|moment|minute|time',
  'when|whenever time allows|permits',
  'if time allows|permits',
  'as and when', 'when things calm down', 'when we have capacity|time',
  'once things settle [down]',
  'in the pipeline', 'on the horizon',
  'a few days|weeks from now',
  'before too long',
  'right after|before the holidays|break',
]);

/** Vague only when they time something still to come: "we will send it next week", not "this week we shipped". */
const WEAK = patterns(['early|mid|late next|this week|month', 'next week|month', 'this week|month', 'this|next quarter', 'later']);
const FUTURE = new Set(['will', 'shall', 'going', 'should', 'plan', 'planning', 'aim', 'aiming', 'expect', 'hope', 'hoping', 'intend', 'scheduled', 'by', 'until', 'til']);

export const timesSomethingToCome = (s: Sentence) => s.words.some((w) => FUTURE.has(w.norm));

/** "as soon as the contract is signed": an event, not a vague time. */
function asSoonAsEvent(s: Sentence, i: number): boolean {
  const w = s.words;
  return w[i]?.norm === 'soon' && w[i - 1]?.norm === 'as' && !['possible', 'practicable', 'feasible', 'we', 'i'].includes(w[i + 2]?.norm ?? '');
}

/** "How soon …?", "too soon", "so soon", "soon after the launch on 3 May". */
function notAPromisedTime(s: Sentence, i: number): boolean {
  const prev = s.words[i - 1]?.norm;
  return s.words[i]?.norm === 'soon' && (prev === 'how' || prev === 'too' || prev === 'so');
}

export function vagueTime(text: string, s: Sentence): Flag[] {
  const out: Flag[] = [];
  // a week or a month is a plannable period when the sentence names a day too ("on holiday next week, back on 20 May")
  const weak = timesSomethingToCome(s) && !hasDate(s) ? findAll(s.words, WEAK) : [];
  const strong = findAll(s.words, VAGUE);
  const matches = [...strong, ...weak.filter((w) => !strong.some((m) => m.i < w.j && w.i < m.j))];
  for (const m of matches) {
    const first = m.i;
    if (m.pattern.source === 'later' && s.words[m.j]?.norm !== 'today' && !['will', 'be', 'do', 'it', 'that', 'this', 'them', 'on'].includes(s.words[m.i - 1]?.norm ?? '')) continue;
    if (asSoonAsEvent(s, first) || notAPromisedTime(s, first)) continue;
    if (dateNear(s, m.i, m.j, 4)) continue;
    // "within days" after a dated clause, "in time for the launch": "in time" only when it ends the clause
    if (m.pattern.source === 'in time' && s.words[m.j]?.norm === 'for') continue;
    // "in the pipeline" is jargon-free and vague only of time when about delivery: keep it out of "CI pipeline"
    if (m.pattern.source === 'in the pipeline' && /\b(ci|cd|data|build|deployment)\b/.test(s.text.toLowerCase())) continue;
    out.push(
      flagOf(text, wordSpan(s, m.i, m.j), {
        category: CATEGORY,
        rule: 'time-without-date',
        message: MESSAGE,
        suggestion: 'by [date]',
      }),
    );
  }
  return out;
}

export const vagueTimeRule: Rule = {
  id: 'time-without-date',
  category: CATEGORY,
  check: ({ doc }) => doc.sentences.flatMap((s) => vagueTime(doc.text, s)),
};
