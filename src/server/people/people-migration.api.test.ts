import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { DB_KIND, pgMissing } from '../../../test/context';
import { type Database, migrateToLatest, migrateUpTo, migrationNames, openDatabase } from '../db/database';
import { newId } from '../ids';

/**
 * The people migration (0008) over rows written the way Candor wrote them
 * before it, shaped like the demo: RACI names as text, RAID owners as text,
 * deciders matched by name. A name matching exactly one member becomes that
 * member; anything else stays text, flagged for the lead.
 */
describe.skipIf(pgMissing)('migration 0008: people, not names', () => {
  let database: Database;
  let drop: () => Promise<void>;
  const E = newId();
  const other = newId();
  const u = { maya: newId(), tom: newId(), ingrid: newId(), sam: newId(), lena1: newId(), lena2: newId(), outsider: newId() };

  beforeAll(async () => {
    if (DB_KIND === 'postgres') {
      const base = inject('pgUrl')!;
      const name = `m_${newId().replaceAll('-', '').slice(-16)}`;
      const admin = new pg.Client({ connectionString: base });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.end();
      database = openDatabase({ databaseUrl: base.replace(/\/postgres$/, `/${name}`), poolSize: 2 });
      drop = async () => {
        await database.close();
        const c = new pg.Client({ connectionString: base });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      };
    } else {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'candor-m0008-'));
      database = openDatabase({ sqliteFile: path.join(dir, 'db.sqlite') });
      drop = async () => {
        await database.close();
        rmSync(dir, { recursive: true, force: true });
      };
    }
    const names = migrationNames();
    const before = names[names.indexOf('0008_people') - 1]!;
    await migrateUpTo(database.db, before);
    await writeOldRows();
    await migrateToLatest(database.db);
  });
  afterAll(() => drop?.());

  const now = '2026-11-02T09:00:00.000Z';
  async function writeOldRows() {
    // biome-ignore lint/suspicious/noExplicitAny: the schema before 0008 differs from today's types
    const db = database.db as any;
    const provider = newId();
    const client = newId();
    await db.insertInto('organizations').values([
      { id: provider, name: 'Brightline Software', kind: 'provider', created_at: now },
      { id: client, name: 'Fjord Logistics', kind: 'client', created_at: now },
    ]).execute();
    const people: [string, string, string][] = [
      [u.maya, 'Maya Okafor', provider],
      [u.tom, 'Tom Reyes', provider],
      [u.ingrid, 'Ingrid Halvorsen', client],
      [u.sam, 'Sam Patel', client],
      [u.lena1, 'Lena Berg', provider],
      [u.lena2, 'Lena Berg', client],
      [u.outsider, 'Olav Outsider', client],
    ];
    for (const [id, name, org] of people) {
      await db.insertInto('users').values({ id, email: `${id}@t.test`, name, password_hash: null, is_admin: 0, org_id: org, created_at: now, disabled_at: null }).execute();
    }
    for (const id of [E, other]) {
      await db.insertInto('engagements').values({ id, name: 'Portal', summary: '', provider_org_id: provider, client_org_id: client, status: 'active', created_by: u.maya, created_at: now, updated_at: now }).execute();
    }
    const roles: [string, string][] = [[u.maya, 'lead'], [u.tom, 'member'], [u.ingrid, 'sponsor'], [u.sam, 'stakeholder'], [u.lena1, 'member'], [u.lena2, 'stakeholder']];
    for (const [user_id, role] of roles) await db.insertInto('memberships').values({ engagement_id: E, user_id, role, created_at: now }).execute();
    // the other engagement: Olav is a member there, not here
    await db.insertInto('memberships').values({ engagement_id: other, user_id: u.outsider, role: 'sponsor', created_at: now }).execute();

    const body = {
      purpose: 'x',
      outcomes: [],
      collaboration: [
        { decisionKind: 'scope', responsible: ['Maya Okafor'], accountable: 'Ingrid Halvorsen (sponsor)', consulted: ['Sam Patel', 'Lena Berg'], informed: ['Tom Reyes'] },
        { decisionKind: 'technical', responsible: ['tom reyes'], accountable: 'Olav Outsider', consulted: [], informed: ['Jonas Berg (delivery director)'] },
      ],
      cadence: { statusUpdateEvery: 'weekly', meetings: [{ name: 'Check-in', every: 'weekly', attendees: ['Maya Okafor'] }] },
      escalation: [{ level: 1, person: 'Maya Okafor (engagement lead)', userId: u.maya, responseHours: 24 }],
    };
    await db.insertInto('charter_versions').values({
      id: newId(), engagement_id: E, version: 1, body: JSON.stringify(body), note: '', status: 'agreed', proposed_by: u.maya, created_at: now,
      provider_accepted_by: u.maya, provider_accepted_at: now, client_accepted_by: u.ingrid, client_accepted_at: now, agreed_at: now,
    }).execute();

    const raid = (title: string, owner: string) => ({
      id: newId(), engagement_id: E, type: 'risk', title, description: '', visibility: 'shared', status: 'open', owner, owner_user_id: null,
      probability: 3, impact: 3, mitigation: '', trigger: '', flagged_at: now, occurred_at: null, risk_id: null, unflagged: 0,
      needed_from: null, needed_by: null, resolved_at: null, created_by: u.maya, created_at: now, updated_at: now,
    });
    await db.insertInto('raid_items').values([raid('docs', 'Tom Reyes'), raid('pricing', 'Fjord marketing'), raid('handover', 'Lena Berg'), raid('vpn', ' sam  PATEL ')]).execute();

    const decision = (number: number, decider: string, deciderUserId: string | null, status = 'proposed') => ({
      id: newId(), engagement_id: E, number, title: `D${number}`, context: '', options: '[]', recommendation: '', kind: 'scope', decider,
      decider_user_id: deciderUserId, decider_side: deciderUserId ? 'client' : null, consulted: '[]', due_date: '2026-11-20', status,
      outcome: null, chosen_option: null, decided_by: null, decided_at: null, supersedes_id: null, superseded_by_id: null,
      visibility: 'shared', created_by: u.maya, created_at: now, updated_at: now,
    });
    await db.insertInto('decisions').values([decision(1, 'Ingrid Halvorsen', u.ingrid), decision(2, 'Ingrid Halvorsen (sponsor)', null), decision(3, 'Lena Berg', null), decision(4, 'Steering board', null)]).execute();
  }

  it('turns RACI names that match exactly one member into that member and flags the rest', async () => {
    const v = await database.db.selectFrom('charter_versions').select('body').where('engagement_id', '=', E).executeTakeFirstOrThrow();
    const [scope, technical] = JSON.parse(v.body).collaboration;
    expect(scope).toEqual({
      decisionKind: 'scope',
      responsible: [{ userId: u.maya }],
      accountable: { userId: u.ingrid }, // the parenthesised role is not part of the name
      consulted: [{ userId: u.sam }, { name: 'Lena Berg', external: true, unresolved: true }], // two members of that name
      informed: [{ userId: u.tom }],
    });
    // a member of another engagement is not a member here; case does not matter
    expect(technical.accountable).toEqual({ name: 'Olav Outsider', external: true, unresolved: true });
    expect(technical.responsible).toEqual([{ userId: u.tom }]);
    expect(technical.informed).toEqual([{ name: 'Jonas Berg (delivery director)', external: true, unresolved: true }]);
    // the rest of the body is untouched
    expect(JSON.parse(v.body).escalation).toEqual([{ level: 1, person: 'Maya Okafor (engagement lead)', userId: u.maya, responseHours: 24 }]);
  });

  it('gives RAID owners their member, keeping text (flagged) otherwise', async () => {
    const rows = await database.db.selectFrom('raid_items').select(['title', 'owner', 'owner_user_id', 'owner_unresolved']).where('engagement_id', '=', E).orderBy('title').execute();
    expect(rows.map((r) => [r.title, r.owner, r.owner_user_id, Number(r.owner_unresolved)])).toEqual([
      ['docs', 'Tom Reyes', u.tom, 0],
      ['handover', 'Lena Berg', null, 1],
      ['pricing', 'Fjord marketing', null, 1],
      ['vpn', 'Sam Patel', u.sam, 0],
    ]);
  });

  it('resolves deciders by the same rule and sets their side', async () => {
    const rows = await database.db.selectFrom('decisions').select(['number', 'decider_user_id', 'decider_side', 'decider_unresolved']).where('engagement_id', '=', E).orderBy('number').execute();
    expect(rows.map((r) => [r.number, r.decider_user_id, r.decider_side, Number(r.decider_unresolved)])).toEqual([
      [1, u.ingrid, 'client', 0],
      [2, u.ingrid, 'client', 0],
      [3, null, null, 1],
      [4, null, null, 1],
    ]);
  });
});
