/**
 * The communication coach's vocabulary: categories (fixed keys others script
 * against), flags, and what a language's rule pack provides. Pure: no I/O.
 */

/** The fixed categories, always on. */
export const CORE_CATEGORIES = [
  'asking-not-recommending',
  'vague-time',
  'hedged-commitment',
  'promise-without-assumptions',
  'blame',
  'hidden-ownership',
  'unexplained-jargon',
] as const;

/** Optional categories, off unless asked for. */
export const OPTIONAL_CATEGORIES = ['inclusive-language', 'wordy-phrase'] as const;

export const CATEGORIES = [...CORE_CATEGORIES, ...OPTIONAL_CATEGORIES] as const;
export type CoreCategory = (typeof CORE_CATEGORIES)[number];
export type OptionalCategory = (typeof OPTIONAL_CATEGORIES)[number];
export type Category = (typeof CATEGORIES)[number];

/** Who will read the text: for a client, jargon is flagged; for the own team it is not. */
export type Audience = 'client' | 'team';

export interface Flag {
  category: Category;
  /** The rule that raised it (dismissals are counted per rule). */
  rule: string;
  /** UTF-16 offsets into the text, end exclusive. */
  start: number;
  end: number;
  excerpt: string;
  /** Why it may be read otherwise, one sentence for a client audience. */
  message: string;
  /** Text that may replace the excerpt, or null when no rewrite can be made. */
  suggestion: string | null;
}

export interface GlossaryTerm {
  term: string;
  explanation: string;
}

export interface CheckOptions {
  audience?: Audience;
  /** Terms of the engagement's glossary: never flagged as jargon. */
  glossary?: readonly string[];
  /** Optional categories to switch on. */
  include?: readonly OptionalCategory[];
}

export interface ResolvedOptions {
  audience: Audience;
  glossary: ReadonlySet<string>;
  include: ReadonlySet<OptionalCategory>;
}

/** A word or punctuation mark of a sentence, with its offsets in the whole text. */
export interface Token {
  kind: 'word' | 'punct';
  /** As written. */
  text: string;
  /** Lower case, curly apostrophes straightened; a contraction's expansion ("we'll" → "we", "will"). */
  norm: string;
  start: number;
  end: number;
  /** Whitespace follows this token before the next one. */
  spaceAfter: boolean;
  /** The NLCST node it came from. */
  node: unknown;
}

export interface Sentence {
  index: number;
  paragraph: number;
  start: number;
  end: number;
  text: string;
  /** Words and punctuation, contractions expanded into several tokens sharing one span. */
  tokens: Token[];
  /** Word tokens only. */
  words: Token[];
  /** The NLCST sentence node (for plugins that walk the tree). */
  node: unknown;
}

export interface Doc {
  text: string;
  sentences: Sentence[];
  /** The NLCST tree (for plugins that walk it). */
  tree: unknown;
}

export interface RuleContext {
  doc: Doc;
  options: ResolvedOptions;
}

/** A rule: a small named function over the parsed text. */
export interface Rule {
  id: string;
  category: Category;
  check(ctx: RuleContext): Flag[];
}

/** A false-positive filter applied to every flag after the rules ran. */
export interface Filter {
  id: string;
  /** true keeps the flag. */
  keep(flag: Flag, ctx: RuleContext): boolean;
}

/** A language: how to parse it and which rules and filters apply. */
export interface RulePack {
  language: string;
  parse(text: string): Doc;
  rules: readonly Rule[];
  filters: readonly Filter[];
}

/** Every rule the English pack reports, with its category (dismissals name one of these); the optional categories add their plugin's rule after a prefix. */
export const RULE_CATEGORIES: Readonly<Record<string, CoreCategory>> = {
  'permission-question': 'asking-not-recommending',
  'time-without-date': 'vague-time',
  'luck-condition': 'hedged-commitment',
  'wishful-phrase': 'hedged-commitment',
  'trying-not-committing': 'hedged-commitment',
  'softened-promise': 'hedged-commitment',
  'should-be-done': 'hedged-commitment',
  'approximate-date': 'hedged-commitment',
  'promise-without-assumptions': 'promise-without-assumptions',
  'defensive-phrase': 'blame',
  accusation: 'blame',
  'agentless-passive': 'hidden-ownership',
  'technical-term': 'unexplained-jargon',
  'unexplained-acronym': 'unexplained-jargon',
};
export const RULE_IDS: readonly string[] = Object.keys(RULE_CATEGORIES);

/** The category a rule belongs to, or null for a rule the coach does not report. */
export function categoryOfRule(rule: string): Category | null {
  if (rule in RULE_CATEGORIES) return RULE_CATEGORIES[rule]!;
  if (/^equality:[a-z0-9-]{1,60}$/.test(rule)) return 'inclusive-language';
  if (/^simplify:[a-z0-9-]{1,60}$/.test(rule)) return 'wordy-phrase';
  return null;
}
