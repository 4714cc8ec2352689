import type { Root, Sentence as NlcstSentence } from 'nlcst';
import retextEnglish from 'retext-english';
import { unified } from 'unified';
import type { Doc, Sentence, Token } from '../types';

const processor = unified().use(retextEnglish).freeze();

/** A bare retext-english parse (the bench's baseline). */
export function parseEnglish(text: string): Root {
  return processor.parse(text) as Root;
}

const PRONOUN_S = new Set(['it', 'that', 'there', 'here', 'what', 'who', 'he', 'she', 'this', 'where', 'how']);

/** Contractions expanded into the words they stand for, so rules match "we'll" like "we will". */
export function expand(norm: string): string[] {
  if (!norm.includes("'")) return [norm];
  const m = /^([a-z]+)'(ll|re|ve|d|m|s|t)$/.exec(norm);
  if (norm === "won't") return ['will', 'not'];
  if (norm === "can't") return ['can', 'not'];
  if (norm === "shan't") return ['shall', 'not'];
  if (norm === "let's") return ['let', 'us'];
  if (/^[a-z]+n't$/.test(norm)) return [norm.slice(0, -3), 'not'];
  if (!m) return [norm];
  const [, head, tail] = m as unknown as [string, string, string];
  switch (tail) {
    case 'll':
      return [head, 'will'];
    case 're':
      return [head, 'are'];
    case 've':
      return [head, 'have'];
    case 'd':
      return [head, 'would'];
    case 'm':
      return [head, 'am'];
    case 's':
      return PRONOUN_S.has(head) ? [head, 'is'] : [norm];
    default:
      return [norm];
  }
}

const CURLY = /[\u2018\u2019\u02bc]/g;
export const normalize = (s: string) => {
  const lower = s.toLowerCase();
  return lower.includes('\u2019') || lower.includes('\u2018') || lower.includes('\u02bc') ? lower.replace(CURLY, "'") : lower;
};

function sentenceOf(node: NlcstSentence, index: number, paragraph: number, text: string): Sentence {
  const start = node.position?.start.offset ?? 0;
  const end = node.position?.end.offset ?? start;
  const tokens: Token[] = [];
  const words: Token[] = [];
  for (const child of node.children) {
    if (child.type === 'WhiteSpaceNode') {
      const last = tokens.at(-1);
      if (last) last.spaceAfter = true;
      continue;
    }
    const s = child.position?.start.offset ?? 0;
    const e = child.position?.end.offset ?? s;
    const raw = text.slice(s, e);
    if (child.type === 'WordNode') {
      const parts = expand(normalize(raw));
      for (let i = 0; i < parts.length; i++) {
        const t: Token = { kind: 'word', text: i === 0 ? raw : '', norm: parts[i]!, start: s, end: e, spaceAfter: false, node: child };
        tokens.push(t);
        words.push(t);
      }
    } else {
      tokens.push({ kind: 'punct', text: raw, norm: raw.length === 1 ? raw : normalize(raw), start: s, end: e, spaceAfter: false, node: child });
    }
  }
  return { index, paragraph, start, end, text: text.slice(start, end), tokens, words, node };
}

export function parseDoc(text: string): Doc {
  const tree = parseEnglish(text);
  const sentences: Sentence[] = [];
  let paragraph = 0;
  for (const p of tree.children) {
    if (p.type !== 'ParagraphNode') continue;
    for (const s of p.children) {
      if (s.type === 'SentenceNode') sentences.push(sentenceOf(s, sentences.length, paragraph, text));
    }
    paragraph++;
  }
  return { text, sentences, tree };
}
