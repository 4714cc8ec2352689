/**
 * People, not names (ADR 0016): how a name written as text becomes a member.
 * Pure, shared by the people migration and by API clients that still send a
 * bare name.
 */

/** "Ingrid Halvorsen (sponsor)" → "ingrid halvorsen": drops a parenthesised role, folds case and spaces. */
export const cleanName = (s: string): string =>
  s
    .replace(/\([^)]*\)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();

/** The one member whose name matches; none when no member or more than one member matches. */
export function uniqueMemberByName<T extends { name: string }>(name: string, members: readonly T[]): T | undefined {
  const wanted = cleanName(name);
  if (!wanted) return undefined;
  const hits = members.filter((m) => cleanName(m.name) === wanted);
  return hits.length === 1 ? hits[0] : undefined;
}

export interface StoredPerson {
  userId?: string;
  name?: string;
  external?: true;
  unresolved?: true;
}

/**
 * A name as a stored person: `{userId}` when exactly one member matches,
 * otherwise `{name, external: true, unresolved: true}` for the lead to resolve.
 */
export function personFromName(name: string, members: readonly { id: string; name: string }[]): StoredPerson {
  const m = uniqueMemberByName(name, members);
  return m ? { userId: m.id } : { name: name.trim(), external: true, unresolved: true };
}
