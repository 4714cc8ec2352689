/**
 * Optional categories, off unless asked for:
 * - inclusive-language: retext-equality's patterns, minus its words that are
 *   not about people ("basically", "just", "easy": those are filler here);
 * - wordy-phrase: retext-simplify's wordy phrases ("in order to" → "to").
 */
import type { Root } from 'nlcst';
import retextEquality from 'retext-equality';
import retextSimplify from 'retext-simplify';
import type { Flag, Rule, RuleContext } from '../types';
import { runPlugin } from './plugins';

const NOT_ABOUT_PEOPLE = new Set(['basically', 'just', 'easy', 'easily', 'simple', 'simply', 'obvious', 'obviously', 'clearly', 'of-course', 'everyone-knows', 'straightforward']);
// Wordy phrases that are the plain words of client writing, or that other categories already handle
const KEEP_PHRASES = new Set(['however', 'provide', 'additional', 'type-of', 'it-is', 'there-are', 'there-is', 'in-order-that', 'number-of', 'forward', 'initial', 'has-to', 'have-to', 'approximately', 'as-soon-as-possible', 'soon']);

export function inclusiveLanguage(ctx: RuleContext): Flag[] {
  if (!ctx.options.include.has('inclusive-language')) return [];
  return runPlugin(retextEquality as never, ctx.doc.tree as Root)
    .filter((m) => !NOT_ABOUT_PEOPLE.has(m.ruleId))
    .map((m) => ({
      category: 'inclusive-language' as const,
      rule: `equality:${m.ruleId}`,
      start: m.start,
      end: m.end,
      excerpt: ctx.doc.text.slice(m.start, m.end),
      message: 'Some readers may feel excluded by this word; a neutral one says the same to everyone.',
      suggestion: m.expected?.[0] ?? null,
    }));
}

export function wordyPhrase(ctx: RuleContext): Flag[] {
  if (!ctx.options.include.has('wordy-phrase')) return [];
  return runPlugin(retextSimplify as never, ctx.doc.tree as Root)
    .filter((m) => !KEEP_PHRASES.has(m.ruleId))
    .map((m) => ({
      category: 'wordy-phrase' as const,
      rule: `simplify:${m.ruleId}`,
      start: m.start,
      end: m.end,
      excerpt: ctx.doc.text.slice(m.start, m.end),
      message: 'A shorter phrase says the same and is quicker to read.',
      suggestion: m.expected?.[0] ?? null,
    }));
}

export const inclusiveRule: Rule = { id: 'inclusive-language', category: 'inclusive-language', check: inclusiveLanguage };
export const wordyRule: Rule = { id: 'wordy-phrase', category: 'wordy-phrase', check: wordyPhrase };
