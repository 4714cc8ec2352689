/** Words that name a date or a day, so a time next to them is not vague. */
import type { Sentence, Token } from '../types';

const MONTHS = new Set([
  'january', 'february', 'march', 'april', 'june', 'july', 'august', 'september', 'october', 'november', 'december',
  'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
]);
const DAYS = new Set([
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday',
  'mon', 'tue', 'tues', 'wed', 'thu', 'thur', 'thurs', 'fri', 'sat', 'sun',
]);
const RELATIVE_DAYS = new Set(['today', 'tomorrow', 'tonight', 'yesterday', 'midday', 'noon', 'midnight']);

const NUMERIC_DATE = /^(\d{4}-\d{2}-\d{2}|\d{1,2}[/.]\d{1,2}([/.]\d{2,4})?|\d{1,2}(st|nd|rd|th)|\d{1,2}:\d{2}|\d{1,2}(am|pm|h))$/;

/** Does this word name a calendar date, a weekday, a clock time or today/tomorrow? */
export function isDateWord(words: readonly Token[], k: number): boolean {
  const w = words[k];
  if (!w) return false;
  const n = w.norm.replace(/\.$/, '');
  if (MONTHS.has(n) || DAYS.has(n) || RELATIVE_DAYS.has(n) || NUMERIC_DATE.test(n)) return true;
  // "May" is a month only beside a day number: "3 May", "May 3"
  if (n === 'may' && w.text.startsWith('M')) {
    return /^\d{1,2}(st|nd|rd|th)?$/.test(words[k - 1]?.norm ?? '') || /^\d{1,2}(st|nd|rd|th)?$/.test(words[k + 1]?.norm ?? '');
  }
  // a bare day number next to a month: "on 3 March" is caught by the month; a year alone is not a date
  return false;
}

/** Word indexes of date words in the sentence. */
export function dateWords(s: Sentence): number[] {
  const out: number[] = [];
  for (let k = 0; k < s.words.length; k++) if (isDateWord(s.words, k)) out.push(k);
  return out;
}

export const hasDate = (s: Sentence) => dateWords(s).length > 0;

/** A date within `within` words after word j (or inside brackets/dashes right after it). */
export function dateNear(s: Sentence, i: number, j: number, within = 4): boolean {
  for (let k = j; k < Math.min(s.words.length, j + within); k++) if (isDateWord(s.words, k)) return true;
  for (let k = Math.max(0, i - 2); k < i; k++) if (isDateWord(s.words, k)) return true;
  return false;
}
