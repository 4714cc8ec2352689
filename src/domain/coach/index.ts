/**
 * The communication coach: flags in client-facing text what may be read
 * otherwise, with a reason and a rewrite where one can be made. Pure (no I/O),
 * so the same module runs in the browser editor, the API and the CLI.
 */
import { checkWith } from './engine';
import { english } from './en';
import type { CheckOptions, Flag, RulePack } from './types';

export * from './types';
export { applySuggestion, lineCol } from './engine';
export { parseEnglish } from './en/parse';

export const PACKS: Record<string, RulePack> = { en: english };

/** Check a text (English, the only pack so far). */
export function coach(text: string, options?: CheckOptions & { language?: string }): Flag[] {
  const pack = PACKS[options?.language ?? 'en'] ?? english;
  return checkWith(pack, text, options);
}

