/**
 * Filters that remove false positives whatever the rule: text that is quoted
 * (someone else's words, an error message), code in backticks, and web or
 * e-mail addresses.
 */
import type { Filter, Flag, RuleContext } from '../types';

function insidePair(text: string, start: number, end: number, open: string, close: string): boolean {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const before = text.slice(lineStart, start);
  const opens = before.split(open).length - 1;
  const closes = open === close ? 0 : before.split(close).length - 1;
  const balanced = open === close ? opens % 2 === 0 : opens <= closes;
  if (balanced) return false;
  return text.indexOf(close, end) >= 0;
}

/** Inside “curly quotes” or "straight quotes": reported words, not the writer's own. */
export const notQuoted: Filter = {
  id: 'not-quoted',
  keep: (f: Flag, { doc }: RuleContext) =>
    f.category === 'promise-without-assumptions' ||
    !(insidePair(doc.text, f.start, f.end, '\u201c', '\u201d') || insidePair(doc.text, f.start, f.end, '"', '"')),
};

/** Inside `code`. */
export const notCode: Filter = {
  id: 'not-code',
  keep: (f, { doc }) => !insidePair(doc.text, f.start, f.end, '`', '`'),
};

/** Inside a URL or an e-mail address. */
export const notAddress: Filter = {
  id: 'not-address',
  keep: (f, { doc }) => {
    const from = Math.max(doc.text.lastIndexOf(' ', f.start) + 1, doc.text.lastIndexOf('\n', f.start) + 1);
    let to = doc.text.indexOf(' ', f.end);
    if (to < 0) to = doc.text.length;
    const word = doc.text.slice(from, to);
    return !/^(https?:\/\/|www\.)|\S+@\S+\.\S+/.test(word);
  },
};

export const FILTERS: readonly Filter[] = [notQuoted, notCode, notAddress];
