import type { CheckOptions, Flag, OptionalCategory, ResolvedOptions, RuleContext, RulePack } from './types';

export function resolveOptions(options: CheckOptions = {}): ResolvedOptions {
  return {
    audience: options.audience ?? 'client',
    glossary: new Set((options.glossary ?? []).map((t) => t.trim().toLowerCase()).filter(Boolean)),
    include: new Set<OptionalCategory>(options.include ?? []),
  };
}

/**
 * Runs a language pack over a text: parse once, every rule, then every
 * filter; overlapping flags of one category are merged into the first;
 * the result is in text order.
 */
export function checkWith(pack: RulePack, text: string, options?: CheckOptions): Flag[] {
  if (text.trim() === '') return [];
  const ctx: RuleContext = { doc: pack.parse(text), options: resolveOptions(options) };
  const flags: Flag[] = [];
  for (const rule of pack.rules) {
    for (const flag of rule.check(ctx)) {
      if (pack.filters.every((f) => f.keep(flag, ctx))) flags.push(flag);
    }
  }
  return dedupe(flags);
}

/** One flag per category per stretch of text: the earliest (then longest) wins. */
export function dedupe(flags: Flag[]): Flag[] {
  const sorted = [...flags].sort((a, b) => a.start - b.start || b.end - a.end || a.category.localeCompare(b.category));
  const kept: Flag[] = [];
  const lastEnd = new Map<string, number>();
  for (const f of sorted) {
    const end = lastEnd.get(f.category);
    if (end !== undefined && f.start < end) continue;
    kept.push(f);
    lastEnd.set(f.category, f.end);
  }
  return kept;
}

/** Replaces a flag's excerpt with its suggestion (the editor's "apply rewrite"). */
export function applySuggestion(text: string, flag: Pick<Flag, 'start' | 'end' | 'excerpt' | 'suggestion'>): string {
  if (flag.suggestion === null) return text;
  if (text.slice(flag.start, flag.end) !== flag.excerpt) return text;
  return text.slice(0, flag.start) + flag.suggestion + text.slice(flag.end);
}

/** 1-based line and column of an offset (for the command line's `line:col`). */
export function lineCol(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, col: offset - lineStart + 1 };
}
