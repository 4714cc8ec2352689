import type { Kysely } from 'kysely';
import { personFromName, type StoredPerson } from '../../../domain/people/match';

// People, not names (ADR 0016). Where a person is chosen, Candor stores the
// user id of an engagement member; free text stays only for a third party,
// and says so. Existing data: a name that matches exactly one member of the
// engagement becomes that member; anything else stays text, flagged
// unresolved for the lead (GET …/people/unresolved).
//   - charter_versions.body: RACI people become {userId} or {name, external, unresolved}
//   - raid_items: owner_user_id filled, or owner_unresolved = 1
//   - decisions: decider_user_id (and side) filled, or decider_unresolved = 1
// biome-ignore lint/suspicious/noExplicitAny: migrations are written against an untyped schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('raid_items').addColumn('owner_unresolved', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('decisions').addColumn('decider_unresolved', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await migratePeople(db);
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against an untyped schema
export async function down(db: Kysely<any>): Promise<void> {
  const names = new Map<string, string>((await db.selectFrom('users').select(['id', 'name']).execute()).map((u: { id: string; name: string }) => [u.id, u.name]));
  const toName = (p: unknown) => (typeof p === 'string' ? p : (p as StoredPerson).userId ? (names.get((p as StoredPerson).userId!) ?? '') : ((p as StoredPerson).name ?? ''));
  for (const v of await db.selectFrom('charter_versions').select(['id', 'body']).execute()) {
    const body = JSON.parse(v.body);
    body.collaboration = (body.collaboration ?? []).map((r: Record<string, unknown>) => mapRow(r, toName));
    await db.updateTable('charter_versions').set({ body: JSON.stringify(body) }).where('id', '=', v.id).execute();
  }
  await db.schema.alterTable('raid_items').dropColumn('owner_unresolved').execute();
  await db.schema.alterTable('decisions').dropColumn('decider_unresolved').execute();
}

type Member = { engagement_id: string; id: string; name: string; role: string };

const mapRow = (r: Record<string, unknown>, f: (p: unknown) => unknown) => ({
  ...r,
  accountable: f(r.accountable),
  responsible: ((r.responsible as unknown[]) ?? []).map(f),
  consulted: ((r.consulted as unknown[]) ?? []).map(f),
  informed: ((r.informed as unknown[]) ?? []).map(f),
});

/** The data step of the migration, on its own so a test can run it over old-shaped rows. */
// biome-ignore lint/suspicious/noExplicitAny: migrations are written against an untyped schema
export async function migratePeople(db: Kysely<any>): Promise<{ matched: number; unresolved: number }> {
  const rows: Member[] = await db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['memberships.engagement_id', 'users.id', 'users.name', 'memberships.role'])
    .execute();
  const members = new Map<string, Member[]>();
  for (const m of rows) members.set(m.engagement_id, [...(members.get(m.engagement_id) ?? []), m]);
  const of = (engagementId: string) => members.get(engagementId) ?? [];
  let matched = 0;
  let unresolved = 0;
  const count = (p: StoredPerson) => (p.userId ? matched++ : unresolved++);

  const versions: { id: string; engagement_id: string; body: string }[] = await db.selectFrom('charter_versions').select(['id', 'engagement_id', 'body']).execute();
  for (const v of versions) {
    const body = JSON.parse(v.body);
    let changed = false;
    const toPerson = (p: unknown) => {
      if (typeof p !== 'string') return p;
      changed = true;
      const person = personFromName(p, of(v.engagement_id));
      count(person);
      return person;
    };
    body.collaboration = (body.collaboration ?? []).map((r: Record<string, unknown>) => mapRow(r, toPerson));
    if (changed) await db.updateTable('charter_versions').set({ body: JSON.stringify(body) }).where('id', '=', v.id).execute();
  }

  const raid: { id: string; engagement_id: string; owner: string }[] = await db
    .selectFrom('raid_items')
    .select(['id', 'engagement_id', 'owner'])
    .where('owner_user_id', 'is', null)
    .execute();
  for (const r of raid) {
    const p = personFromName(r.owner, of(r.engagement_id));
    count(p);
    const m = of(r.engagement_id).find((x) => x.id === p.userId);
    await db
      .updateTable('raid_items')
      .set(m ? { owner_user_id: m.id, owner: m.name, owner_unresolved: 0 } : { owner_unresolved: 1 })
      .where('id', '=', r.id)
      .execute();
  }

  const decisions: { id: string; engagement_id: string; decider: string }[] = await db
    .selectFrom('decisions')
    .select(['id', 'engagement_id', 'decider'])
    .where('decider_user_id', 'is', null)
    .execute();
  for (const d of decisions) {
    const p = personFromName(d.decider, of(d.engagement_id));
    count(p);
    const m = of(d.engagement_id).find((x) => x.id === p.userId);
    await db
      .updateTable('decisions')
      .set(
        m
          ? { decider_user_id: m.id, decider_side: m.role === 'lead' || m.role === 'member' ? 'provider' : 'client', decider_unresolved: 0 }
          : { decider_unresolved: 1 },
      )
      .where('id', '=', d.id)
      .execute();
  }
  return { matched, unresolved };
}
