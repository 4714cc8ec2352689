import type { Kysely } from 'kysely';
import type { DB } from './schema';

export interface UserRefRow {
  id: string;
  name: string;
  email: string;
}
export type UserRefs = Map<string, UserRefRow>;

/** Loads name and e-mail for a set of user ids in one query. */
export async function userRefs(db: Kysely<DB>, ids: (string | null | undefined)[]): Promise<UserRefs> {
  const wanted = [...new Set(ids.filter((x): x is string => !!x))];
  if (wanted.length === 0) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'name', 'email']).where('id', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.id, r]));
}

/** A user reference for presenting, with a placeholder for a deleted account. */
export const refOf = (users: UserRefs, id: string): UserRefRow => users.get(id) ?? { id, name: 'Unknown', email: '' };
export const refOrNull = (users: UserRefs, id: string | null): UserRefRow | null => (id ? refOf(users, id) : null);
