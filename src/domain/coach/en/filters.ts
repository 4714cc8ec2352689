/**
 * Filters that remove false positives whatever the rule: text that is quoted
 * (someone else's words, an error message), code in backticks, and web or
 * e-mail addresses.
 */
import type { Filter, Flag, RuleContext } from '../types';

type Ranges = Array<[number, number]>;
const cache = new WeakMap<object, Map<string, Ranges>>();

/** Stretches between an opening and a closing mark on one line, found once per text. */
function rangesOf(doc: RuleContext['doc'], open: string, close: string): Ranges {
  let byMark = cache.get(doc);
  if (!byMark) {
    byMark = new Map();
    cache.set(doc, byMark);
  }
  const key = open + close;
  const known = byMark.get(key);
  if (known) return known;
  const ranges: Ranges = [];
  const text = doc.text;
  let i = text.indexOf(open);
  while (i >= 0) {
    const j = text.indexOf(close, i + 1);
    const nl = text.indexOf('\n', i + 1);
    if (j < 0) break;
    if (nl >= 0 && nl < j) {
      i = text.indexOf(open, nl);
      continue;
    }
    ranges.push([i, j]);
    i = text.indexOf(open, j + 1);
  }
  byMark.set(key, ranges);
  return ranges;
}

function insidePair(doc: RuleContext['doc'], start: number, end: number, open: string, close: string): boolean {
  if (!doc.text.includes(open)) return false;
  return rangesOf(doc, open, close).some(([a, b]) => a < start && end <= b);
}

/** Inside “curly quotes” or "straight quotes": reported words, not the writer's own. */
export const notQuoted: Filter = {
  id: 'not-quoted',
  keep: (f: Flag, { doc }: RuleContext) =>
    f.category === 'promise-without-assumptions' ||
    !(insidePair(doc, f.start, f.end, '\u201c', '\u201d') || insidePair(doc, f.start, f.end, '"', '"')),
};

/** Inside `code`. */
export const notCode: Filter = {
  id: 'not-code',
  keep: (f, { doc }) => !insidePair(doc, f.start, f.end, '`', '`'),
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
