import type { Person, PersonInput } from '../../contracts/people';

/**
 * People in forms, as one string each (what Mantine's pickers hold):
 * `u:<userId>` a member, `x:<name>` a third party who is not a member,
 * `?:<name>` a name the people migration matched to no single member (ADR 0016).
 */
export type PersonToken = string;

export const memberToken = (userId: string): PersonToken => `u:${userId}`;
export const externalToken = (name: string): PersonToken => `x:${name}`;
export const isMemberToken = (t: PersonToken) => t.startsWith('u:');
export const tokenName = (t: PersonToken) => t.slice(2);

export function toToken(p: Person): PersonToken {
  if (p.userId) return memberToken(p.userId);
  return `${p.unresolved ? '?' : 'x'}:${p.name}`;
}

/** What the API takes for a token; an untouched unresolved name stays flagged. */
export function fromToken(t: PersonToken): PersonInput {
  if (t.startsWith('u:')) return { userId: t.slice(2) };
  return { name: t.slice(2).trim(), external: true, ...(t.startsWith('?:') ? { unresolved: true } : {}) };
}

/** How a person reads in a list: third parties say that they are not members. */
export const personLabel = (p: Person): string => (p.userId ? p.name : `${p.name} (${p.unresolved ? 'not matched to a member' : 'not a member'})`);
export const peopleLabel = (ps: Person[]): string => (ps.length ? ps.map(personLabel).join(', ') : '—');
