/**
 * Small phrase matching over a sentence's words (contractions expanded).
 * A pattern is words separated by spaces; "a|b" is a choice, "[a|b]" an
 * optional word, "*" any one word.
 */
import type { Flag, Sentence, Token } from '../types';

type Part = { options: ReadonlySet<string> | null; optional: boolean };
export interface Pattern {
  source: string;
  parts: Part[];
}

export function pattern(source: string): Pattern {
  const parts = source.split(' ').map((raw): Part => {
    const optional = raw.startsWith('[') && raw.endsWith(']');
    const body = optional ? raw.slice(1, -1) : raw;
    return { options: body === '*' ? null : new Set(body.split('|')), optional };
  });
  return { source, parts };
}

/** Patterns indexed by the words they may start with, so a search tries only those that can match. */
export interface PatternSet {
  all: Pattern[];
  byFirst: Map<string, Pattern[]>;
  anyFirst: Pattern[];
}

export function patterns(sources: readonly string[]): PatternSet {
  const all = sources.map(pattern);
  const byFirst = new Map<string, Pattern[]>();
  const anyFirst: Pattern[] = [];
  for (const pat of all) {
    const firsts = new Set<string>();
    let open = true;
    for (const part of pat.parts) {
      if (part.options === null) {
        open = true;
        break;
      }
      for (const o of part.options) firsts.add(o);
      if (!part.optional) {
        open = false;
        break;
      }
    }
    if (open) anyFirst.push(pat);
    else for (const f of firsts) byFirst.set(f, [...(byFirst.get(f) ?? []), pat]);
  }
  return { all, byFirst, anyFirst };
}

function matchFrom(words: readonly Token[], i: number, parts: Part[], p: number): number {
  if (p === parts.length) return i;
  const part = parts[p]!;
  const w = words[i];
  if (w && (part.options === null || part.options.has(w.norm))) {
    const end = matchFrom(words, i + 1, parts, p + 1);
    if (end >= 0) return end;
  }
  return part.optional ? matchFrom(words, i, parts, p + 1) : -1;
}

/** The end (exclusive word index) of the pattern matched at word i, or -1. */
export function matchAt(words: readonly Token[], i: number, pat: Pattern): number {
  return matchFrom(words, i, pat.parts, 0);
}

export interface Match {
  i: number;
  j: number;
  pattern: Pattern;
}

/** Every non-overlapping match, longest first at each position. */
export function findAll(words: readonly Token[], set: PatternSet): Match[] {
  const out: Match[] = [];
  let i = 0;
  while (i < words.length) {
    let best: Match | null = null;
    const candidates = set.byFirst.get(words[i]!.norm);
    if (candidates) {
      for (const pat of candidates) {
        const j = matchAt(words, i, pat);
        if (j > i && (!best || j > best.j)) best = { i, j, pattern: pat };
      }
    }
    for (const pat of set.anyFirst) {
      const j = matchAt(words, i, pat);
      if (j > i && (!best || j > best.j)) best = { i, j, pattern: pat };
    }
    if (best) {
      out.push(best);
      i = best.j;
    } else i++;
  }
  return out;
}

export const wordSpan = (s: Sentence, i: number, j: number) => ({ start: s.words[i]!.start, end: s.words[j - 1]!.end });

export function flagOf(
  text: string,
  span: { start: number; end: number },
  f: Pick<Flag, 'category' | 'rule' | 'message' | 'suggestion'>,
): Flag {
  return { ...f, start: span.start, end: span.end, excerpt: text.slice(span.start, span.end) };
}

/** The index of a word token inside the sentence's token list (words and punctuation). */
export const tokenIndex = (s: Sentence, w: Token) => s.tokens.indexOf(w);

/** Is this word the first of its sentence, or of a clause after ":", ";" or a dash? */
export function startsClause(s: Sentence, wordIndex: number): boolean {
  const t = tokenIndex(s, s.words[wordIndex]!);
  for (let k = t - 1; k >= 0; k--) {
    const tok = s.tokens[k]!;
    if (tok.kind === 'word') return tok.start === s.words[wordIndex]!.start; // an expanded contraction's own parts
    if ([':', ';', '—', '–', '(', '"', '“'].includes(tok.text)) return true;
    if (tok.text === ',' || tok.text === '-') continue;
    return false;
  }
  return true;
}

export const capitalize = (s: string) => (s ? s[0]!.toUpperCase() + s.slice(1) : s);

/**
 * A rewrite that deletes a phrase: when the phrase opens the sentence, the
 * span also takes the following comma and the next word, which is capitalised.
 */
export function deletion(text: string, s: Sentence, i: number, j: number): { start: number; end: number; suggestion: string } {
  const first = s.words[i]!;
  const last = s.words[j - 1]!;
  const next = s.words[j];
  const atStart = i === 0 || startsClause(s, i);
  if (atStart && next) {
    const nextText = text.slice(next.start, next.end);
    return { start: first.start, end: next.end, suggestion: capitalize(nextText) };
  }
  // mid-sentence: take the space (and a comma pair) before the phrase
  let start = first.start;
  while (start > 0 && /[ ,]/.test(text[start - 1]!)) start--;
  let end = last.end;
  if (text[end] === ',') end++;
  return { start, end, suggestion: '' };
}
