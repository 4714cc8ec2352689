/**
 * Comments (issue 12, ADR 0020): mention tokens, reactions and the effective
 * visibility of a comment. Pure: no I/O.
 */
import type { Visibility } from '../authz/policy';

/** The subject types a thread can hang on: the table names of the objects. */
export const SUBJECT_TYPES = [
  'work_item',
  'raid_item',
  'decision',
  'commitment',
  'phase',
  'status_update',
  'gate_review',
  'recommendation',
  'failure_report',
] as const;
export type SubjectType = (typeof SUBJECT_TYPES)[number];

/** The fixed set of reactions, by name, with how each looks. */
export const REACTIONS = {
  thumbs_up: '👍',
  check: '✅',
  eyes: '👀',
  heart: '❤️',
  tada: '🎉',
  question: '❓',
} as const;
export type Reaction = keyof typeof REACTIONS;
export const REACTION_NAMES = Object.keys(REACTIONS) as Reaction[];

/** A mention as the people picker writes it into the Markdown: `@[Name](userId)`. */
const MENTION = /@\[([^\]\n]{1,200})\]\(([A-Za-z0-9-]{1,64})\)/g;

/** The user ids mentioned in a body, in order of first appearance, without repeats. */
export function mentionedIn(body: string): string[] {
  const seen = new Set<string>();
  for (const m of body.matchAll(MENTION)) seen.add(m[2]!);
  return [...seen];
}

/** The mentions of a comment: tokens in its body, then the picker's list, without repeats. */
export function allMentions(body: string, listed: readonly string[]): string[] {
  return [...new Set([...mentionedIn(body), ...listed])];
}

/** Mention tokens as plain `@Name` text, for notifications and search (no ids, no Markdown link syntax). */
export function plainMentions(body: string): string {
  return body.replace(MENTION, (_all, name: string) => `@${name}`);
}

/**
 * A comment's effective visibility: internal when its subject is internal (a
 * client never sees the subject, so never its thread) or the author marked it
 * internal; shared otherwise.
 */
export function commentVisibility(subject: Visibility, markedInternal: boolean): Visibility {
  return subject === 'internal' || markedInternal ? 'internal' : 'shared';
}

/** A short excerpt of a comment for a notification or an activity line. */
export function excerpt(body: string, n = 140): string {
  const flat = plainMentions(body).replace(/\s+/g, ' ').trim();
  return flat.length > n ? `${flat.slice(0, n - 1)}…` : flat;
}
