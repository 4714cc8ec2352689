import type { Kysely } from 'kysely';
import { scoped } from '../authz/scoped';
import type { CharterBody, CharterBodyInput } from '../../contracts/charter';
import type { Person, PersonInput } from '../../contracts/people';
import { type StoredPerson, personFromName } from '../../domain/people/match';
import type { EngagementAccess } from '../authz/access';
import type { DB } from '../db/schema';
import type { UserRefs } from '../db/users';
import type { Deps } from '../http/context';
import type { FieldProblem } from '../http/errors';

export interface MemberRow {
  id: string;
  name: string;
  role: string;
}

/** The engagement's members with their current names (the people a picker offers). */
export function engagementMembers(db: Kysely<DB>, access: EngagementAccess): Promise<MemberRow[]> {
  return scoped(db, access, 'memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['users.id', 'users.name', 'memberships.role'])
    .execute();
}

/**
 * What a client sent for a person, as stored: a member id must be a member of
 * this engagement (else a problem naming the field); a third party keeps its
 * name; a bare name follows the migration's rule (ADR 0016).
 */
export function resolvePersonInput(input: PersonInput, members: readonly MemberRow[], field: string, problems: FieldProblem[]): StoredPerson {
  if (typeof input === 'string') return personFromName(input, members);
  if (input.userId) {
    if (!members.some((m) => m.id === input.userId)) problems.push({ field, message: 'is not a member of this engagement' });
    return { userId: input.userId };
  }
  return { name: input.name!.trim(), external: true, ...(input.unresolved ? { unresolved: true as const } : {}) };
}

/** A stored person as shown: a member with their current name, or the third party's name. */
export function presentPerson(p: Person, users: UserRefs): Person {
  if (p.userId) return { userId: p.userId, name: users.get(p.userId)?.name ?? 'Unknown', external: false, unresolved: false };
  return { userId: null, name: p.name, external: true, unresolved: p.unresolved };
}

/** Every person of a charter body, for loading names in one query. */
export const charterPeople = (body: CharterBody): Person[] =>
  body.collaboration.flatMap((r) => [r.accountable, ...r.responsible, ...r.consulted, ...r.informed]);

export const presentCharterBody = (body: CharterBody, users: UserRefs): CharterBody => ({
  ...body,
  collaboration: body.collaboration.map((r) => ({
    ...r,
    accountable: presentPerson(r.accountable, users),
    responsible: r.responsible.map((p) => presentPerson(p, users)),
    consulted: r.consulted.map((p) => presentPerson(p, users)),
    informed: r.informed.map((p) => presentPerson(p, users)),
  })),
});

/** A proposed body's RACI, resolved to stored people (problems collected, not thrown). */
export function resolveCharterPeople(body: CharterBodyInput, members: readonly MemberRow[], problems: FieldProblem[]) {
  return body.collaboration.map((r, i) => {
    const at = `body.collaboration.${i}`;
    const list = (ps: PersonInput[], key: string) => ps.map((p, j) => resolvePersonInput(p, members, `${at}.${key}.${j}`, problems));
    return {
      ...r,
      accountable: resolvePersonInput(r.accountable, members, `${at}.accountable`, problems),
      responsible: list(r.responsible, 'responsible'),
      consulted: list(r.consulted, 'consulted'),
      informed: list(r.informed, 'informed'),
    };
  });
}

/**
 * Names the lead still has to resolve: RACI names of the agreed and the
 * pending charter, RAID owners and deciders that matched no single member.
 * Only what the reader may see (visibility of RAID items and decisions).
 */
export async function listUnresolved(deps: Deps, access: EngagementAccess) {
  const E = access.engagementId;
  const base = `/engagements/${E}`;
  const items: { kind: 'charter' | 'raid' | 'decision'; objectId: string; title: string; field: string; name: string; link: string }[] = [];
  const versions = await scoped(deps.db, access, 'charter_versions').select(['id', 'version', 'status', 'body']).where('status', 'in', ['agreed', 'proposed']).orderBy('version').execute();
  for (const v of versions) {
    const body = JSON.parse(v.body) as { collaboration?: { decisionKind: string; [k: string]: unknown }[] };
    (body.collaboration ?? []).forEach((row, i) => {
      for (const key of ['accountable', 'responsible', 'consulted', 'informed'] as const) {
        const people = (key === 'accountable' ? [row[key]] : ((row[key] as unknown[]) ?? [])) as StoredPerson[];
        people.forEach((p, j) => {
          if (p && typeof p === 'object' && p.unresolved) {
            items.push({
              kind: 'charter',
              objectId: v.id,
              title: `Charter version ${v.version} (${v.status}), RACI “${row.decisionKind}”: ${key}`,
              field: key === 'accountable' ? `collaboration.${i}.accountable` : `collaboration.${i}.${key}.${j}`,
              name: p.name ?? '',
              link: `${base}/charter`,
            });
          }
        });
      }
    });
  }
  const raid = await scoped(deps.db, access, 'raid_items').select(['id', 'type', 'title', 'owner']).where('owner_unresolved', '=', 1).orderBy('id').execute();
  for (const r of raid) items.push({ kind: 'raid', objectId: r.id, title: `${r.type[0]!.toUpperCase()}${r.type.slice(1)} “${r.title}”: owner`, field: 'owner', name: r.owner, link: `${base}/raid/${r.id}` });
  const decisions = await scoped(deps.db, access, 'decisions').select(['id', 'number', 'title', 'decider']).where('decider_unresolved', '=', 1).where('status', '=', 'proposed').orderBy('number').execute();
  for (const d of decisions) items.push({ kind: 'decision', objectId: d.id, title: `Decision #${d.number} “${d.title}”: decider`, field: 'decider', name: d.decider, link: `${base}/decisions/${d.id}` });
  return items;
}
