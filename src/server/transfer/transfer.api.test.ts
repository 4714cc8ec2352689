
import { runCandor } from '../../../test/cli-process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { DB_KIND, freshDatabase } from '../../../test/context';
import { hashPassword } from '../auth/passwords';
import { buildApp } from '../app';
import { verifyChain } from '../audit/service';
import { ManualClock } from '../clock';
import { loadConfig } from '../config';
import { type Database, migrateToLatest, migrationNames, openDatabase } from '../db/database';
import { DEMO_ACCOUNTS, seedDemo } from '../db/seed/demo';
import type { Deps } from '../http/context';
import { newId } from '../ids';
import { createMailer } from '../mail/mailer';
import { checkPlan, MOVING } from '../../domain/transfer/plan';
import { JOB_HANDLERS } from '../jobs/registry';
import { exportEngagement, scopeTo, TransferError } from './export';
import { aliasEmail, importEngagement, type ImportReport } from './import';
import { readSchema } from './schema-info';

/**
 * Moving an engagement between instances (ADR 0027): export → import on both engines, in both directions,
 * with the same chain head and the same rows; users created disabled or mapped by e-mail; a second import,
 * a damaged, cut or tampered file and a file of a newer schema refused with nothing written.
 */
type Kind = 'sqlite' | 'postgres';
const PG_BASE = inject('pgUrl') ?? null;
const PASSWORD = 'demo-password-1';
const _ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const tmp = mkdtempSync(path.join(os.tmpdir(), 'candor-transfer-'));
const clock = new ManualClock(new Date('2026-11-02T09:00:00.000Z'));
const log = pino({ level: 'silent' });

interface Instance {
  kind: Kind;
  database: Database;
  deps: Deps;
  /** where the CLI finds it */
  dataDir: string;
  url?: string;
  drop(): Promise<void>;
}

/** An empty migrated database of either engine (the other engine than the project's made here). */
async function instance(kind: Kind): Promise<Instance> {
  const dataDir = mkdtempSync(path.join(tmp, `${kind}-`));
  let database: Database;
  let url: string | undefined;
  let drop: () => Promise<void>;
  if (kind === DB_KIND) {
    const fresh = await freshDatabase();
    database = fresh.database;
    url = fresh.url;
    drop = fresh.drop;
  } else if (kind === 'sqlite') {
    database = openDatabase({ sqliteFile: path.join(dataDir, 'candor.sqlite') });
    await migrateToLatest(database.db);
    drop = () => database.close();
  } else {
    if (!PG_BASE) throw new Error('no PostgreSQL in this project');
    const name = `t_${newId().replaceAll('-', '').slice(-16)}`;
    const admin = new pg.Client({ connectionString: PG_BASE });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name} TEMPLATE candor_template`);
    await admin.end();
    url = PG_BASE.replace(/\/postgres$/, `/${name}`);
    database = openDatabase({ databaseUrl: url, poolSize: 4 });
    drop = async () => {
      await database.close();
      const c = new pg.Client({ connectionString: PG_BASE });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    };
  }
  if (database.sqlitePath) {
    // the CLI reads <data dir>/candor.sqlite
    const dir = path.dirname(database.sqlitePath);
    return { kind, database, deps: depsFor(database, dir), dataDir: dir, drop };
  }
  return { kind, database, deps: depsFor(database, dataDir), dataDir, ...(url ? { url } : {}), drop };
}

function depsFor(database: Database, dataDir: string): Deps {
  const config = loadConfig({ CANDOR_DATA_DIR: dataDir, CANDOR_PUBLIC_URL: 'http://candor.test', LOG_LEVEL: 'silent', CANDOR_SESSION_SECRET: 'test-secret-test-secret-test-secret-0123' });
  return { db: database.db, dialect: database.dialect, clock, config, mailer: createMailer(undefined, config.smtpFrom, log), log };
}

/** A seeded instance whose engagement also has self-referencing rows (decisions superseding each other, a risk behind an issue). */
async function seeded(kind: Kind) {
  const inst = await instance(kind);
  const seed = await seedDemo(inst.deps, PASSWORD);
  const E = seed.engagementId;
  const db = inst.database.db;
  const decisions = await db.selectFrom('decisions').select('id').where('engagement_id', '=', E).orderBy('id').execute();
  await db.updateTable('decisions').set({ superseded_by_id: decisions[1]!.id }).where('id', '=', decisions[0]!.id).execute();
  await db.updateTable('decisions').set({ supersedes_id: decisions[0]!.id }).where('id', '=', decisions[1]!.id).execute();
  const raid = await db.selectFrom('raid_items').select(['id', 'type']).where('engagement_id', '=', E).orderBy('id').execute();
  const risk = raid.find((r) => r.type === 'risk')!;
  const issue = raid.find((r) => r.type === 'issue') ?? raid.find((r) => r.id !== risk.id)!;
  await db.updateTable('raid_items').set({ risk_id: risk.id }).where('id', '=', issue.id).execute();
  return { inst, seed, E };
}

async function exportTo(inst: Instance, E: string, file: string) {
  const out = createWriteStream(file);
  await once(out, 'open');
  const summary = await exportEngagement(inst.database.db, inst.kind, { engagementId: E, out, now: clock.now(), candorVersion: 'test', sourceInstance: `${inst.kind}-source` });
  out.end();
  await once(out, 'finish');
  return summary;
}

const importFrom = (inst: Instance, file: string): Promise<ImportReport> =>
  importEngagement(inst.deps, createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Number.POSITIVE_INFINITY }));

/** Every moving table's rows of the engagement, in key order, as JSON: equal on both sides means nothing was lost or changed. */
async function dump(inst: Instance, E: string): Promise<Record<string, string[]>> {
  // biome-ignore lint/suspicious/noExplicitAny: table names are data
  const db = inst.database.db as any;
  const out: Record<string, string[]> = {};
  for (const m of MOVING) {
    let q = scopeTo(db, db.selectFrom(m.table).selectAll(), m, E);
    for (const k of m.key) q = q.orderBy(k);
    const rows = (await q.execute()) as Record<string, unknown>[];
    out[m.table] = rows.map((r) => JSON.stringify(Object.fromEntries(Object.keys(r).sort().map((k) => [k, r[k]]))));
  }
  return out;
}

const counts = (d: Record<string, string[]>) => Object.fromEntries(Object.entries(d).map(([t, rows]) => [t, rows.length]));

async function tableCount(inst: Instance, table: 'engagements' | 'users' | 'audit_log' | 'organizations' | 'jobs' | 'audit_heads'): Promise<number> {
  const r = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(inst.database.db);
  return Number(r.rows[0]!.n);
}

/** Rewrites a file line by line and puts a correct checksum on its end line (so only the other checks can refuse it). */
function rewrite(file: string, to: string, change: (lines: unknown[]) => unknown[], fixChecksum = true) {
  const lines = readFileSync(file, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as unknown);
  const changed = change(lines);
  const body = changed.slice(0, -1).map((l) => `${JSON.stringify(l)}\n`).join('');
  const end = changed.at(-1) as { type: string; sha256: string };
  if (fixChecksum && end?.type === 'end') end.sha256 = createHash('sha256').update(body).digest('hex');
  writeFileSync(to, `${body}${JSON.stringify(end)}\n`);
}

/** The index of the table line of `table` and its columns. */
function tableAt(lines: unknown[], table: string): { at: number; columns: string[] } {
  const at = lines.findIndex((l) => (l as { type?: string; table?: string }).type === 'table' && (l as { table: string }).table === table);
  return { at, columns: (lines[at] as { columns: string[] }).columns };
}

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('the transfer plan covers the schema', () => {
  it(`names every table, key, user column and job kind of a migrated ${DB_KIND} database`, async () => {
    const inst = await instance(DB_KIND);
    try {
      const schema = await readSchema(inst.database.db, inst.kind);
      expect(schema.length).toBeGreaterThan(60);
      expect(checkPlan(schema, Object.keys(JOB_HANDLERS))).toEqual([]);
      // and it notices a table it was not told about, on this engine's own schema
      const extra = { name: 'engagement_widgets', columns: ['id', 'engagement_id'], primaryKey: ['id'], foreignKeys: [{ column: 'engagement_id', table: 'engagements', refColumn: 'id' }] };
      expect(checkPlan([...schema, extra], Object.keys(JOB_HANDLERS)).join('\n')).toMatch(/engagement_widgets is neither moved nor said to stay/);
    } finally {
      await inst.drop();
    }
  });
});

const directions: [Kind, Kind][] = PG_BASE ? [
  ['sqlite', 'postgres'],
  ['postgres', 'sqlite'],
] : [['sqlite', 'sqlite']];

describe.each(directions)('round trip %s → %s → back', (from, to) => {
  it('keeps every row, the chain and its head hash, there and back', async () => {
    const { inst: a, E } = await seeded(from);
    const b = await instance(to);
    const c = await instance(from);
    try {
      const before = await dump(a, E);
      const headA = await verifyChain(a.database.db, E);
      expect(headA.ok).toBe(true);
      const f1 = path.join(tmp, `${from}-${to}-1.ndjson`);
      const s1 = await exportTo(a, E, f1);
      expect(s1.header.audit.records).toBeGreaterThan(100);
      expect(s1.header.sourceDialect).toBe(from);

      const r1 = await importFrom(b, f1);
      const headB = await verifyChain(b.database.db, E);
      expect(headB).toEqual(headA);
      expect(r1.headHash).toBe(headA.ok ? headA.headHash : '');
      const atB = await dump(b, E);
      // the selection the demo engagement started from stays on the source, so its baseline row is left out (with a warning)
      expect(r1.skipped).toEqual({ selection_baselines: 1 });
      expect(r1.warnings.join('\n')).toMatch(/selection_baselines: a row left out/);
      expect(counts(atB)).toEqual({ ...counts(before), selection_baselines: 0 });
      for (const m of MOVING) if (m.table !== 'selection_baselines') expect(atB[m.table], m.table).toEqual(before[m.table]);
      expect(r1.createdUsers.length).toBe(4);
      expect(await tableCount(b, 'jobs')).toBe(s1.header.tables.jobs);
      expect(s1.header.tables.jobs).toBeGreaterThan(0);

      // and back, from the other engine
      const f2 = path.join(tmp, `${from}-${to}-2.ndjson`);
      const s2 = await exportTo(b, E, f2);
      expect(s2.header.sourceDialect).toBe(to);
      expect(s2.header.audit).toEqual(s1.header.audit);
      await importFrom(c, f2);
      const headC = await verifyChain(c.database.db, E);
      expect(headC).toEqual(headA);
      const atC = await dump(c, E);
      expect(atC).toEqual(atB);
    } finally {
      await Promise.all([a.drop(), b.drop(), c.drop()]);
    }
  });
});

describe('users on the target', () => {
  let a: Instance;
  let b: Instance;
  let E = '';
  let file = '';
  let report: ImportReport;
  let app: FastifyInstance;
  const lead = DEMO_ACCOUNTS.find((x) => x.key === 'lead')!;
  const sponsor = DEMO_ACCOUNTS.find((x) => x.key === 'sponsor')!;
  const member = DEMO_ACCOUNTS.find((x) => x.key === 'member')!;
  const targetIds = { lead: newId(), sponsor: newId() };
  let sourceIds: Record<string, string> = {};

  beforeAll(async () => {
    const s = await seeded(DB_KIND);
    a = s.inst;
    E = s.E;
    sourceIds = s.seed.users;
    b = await instance(DB_KIND);
    // the target already has accounts for the lead's and the sponsor's e-mails, under other ids
    const now = clock.now().toISOString();
    const org = newId();
    await b.database.db.insertInto('organizations').values({ id: org, name: 'Target org', kind: 'provider', created_at: now }).execute();
    const hash = await hashPassword('target-password-1');
    for (const [key, acc] of [['lead', lead], ['sponsor', sponsor]] as const) {
      await b.database.db.insertInto('users').values({ id: targetIds[key], email: acc.email, name: `${acc.name} (target)`, password_hash: hash, is_admin: 0, org_id: org, created_at: now, disabled_at: null }).execute();
    }
    file = path.join(tmp, 'users.ndjson');
    await exportTo(a, E, file);
    report = await importFrom(b, file);
    app = await buildApp(b.deps, { serveWeb: false, signInPerMinute: 1000 });
  });
  afterAll(async () => {
    await app?.close();
    await Promise.all([a?.drop(), b?.drop()]);
  });

  const signIn = async (email: string, password: string) => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/session', payload: { email, password } });
    const c = res.cookies.find((x) => x.name === 'candor_session');
    return { status: res.statusCode, cookie: c ? `candor_session=${c.value}` : '' };
  };

  it('records an e-mail that belongs to another account as a mapping, keeps the file id as a disabled alias, and moves the membership', async () => {
    expect(report.mappedUsers.map((m) => m.email).sort()).toEqual([lead.email, sponsor.email]);
    const mappings = await b.database.db.selectFrom('imported_user_mappings').selectAll().where('engagement_id', '=', E).orderBy('email').execute();
    expect(mappings.map((m) => [m.email, m.source_user_id, m.target_user_id])).toEqual([
      [lead.email, sourceIds.lead, targetIds.lead],
      [sponsor.email, sourceIds.sponsor, targetIds.sponsor],
    ]);
    const alias = await b.database.db.selectFrom('users').selectAll().where('id', '=', sourceIds.lead!).executeTakeFirstOrThrow();
    expect(alias).toMatchObject({ email: aliasEmail(sourceIds.lead!), name: lead.name, password_hash: null, is_admin: 0 });
    expect(alias.disabled_at).not.toBeNull();
    const members = await b.database.db.selectFrom('memberships').select(['user_id', 'role']).where('engagement_id', '=', E).execute();
    const roleOf = Object.fromEntries(members.map((m) => [m.user_id, m.role]));
    expect(roleOf[targetIds.lead]).toBe('lead');
    expect(roleOf[targetIds.sponsor]).toBe('sponsor');
    expect(roleOf[sourceIds.lead!]).toBeUndefined();
    // the chain still names the file's ids, unchanged, with the same head
    expect(await verifyChain(b.database.db, E)).toEqual(await verifyChain(a.database.db, E));
    const named = await b.database.db.selectFrom('audit_log').select('actor_id').where('chain_id', '=', E).where('actor_id', '=', sourceIds.lead!).execute();
    expect(named.length).toBeGreaterThan(0);
  });

  it('lets a mapped account in with its role: the sponsor sees no internal canary, the lead does', async () => {
    const internal = await a.database.db.selectFrom('notes').select('title').where('engagement_id', '=', E).where('visibility', '=', 'internal').execute();
    expect(internal.length).toBeGreaterThan(0);
    const asLead = await signIn(lead.email, 'target-password-1');
    const asSponsor = await signIn(sponsor.email, 'target-password-1');
    expect([asLead.status, asSponsor.status]).toEqual([200, 200]);
    const leadNotes = await app.inject({ method: 'GET', url: `/api/v1/engagements/${E}/notes`, headers: { cookie: asLead.cookie } });
    const sponsorNotes = await app.inject({ method: 'GET', url: `/api/v1/engagements/${E}/notes`, headers: { cookie: asSponsor.cookie } });
    expect([leadNotes.statusCode, sponsorNotes.statusCode]).toEqual([200, 200]);
    for (const n of internal) {
      expect(leadNotes.body).toContain(n.title);
      expect(sponsorNotes.body).not.toContain(n.title);
    }
  });

  it('creates a user the target lacks disabled, with the same id and no password: it cannot sign in', async () => {
    expect(report.createdUsers).toContain(sourceIds.member);
    const u = await b.database.db.selectFrom('users').selectAll().where('id', '=', sourceIds.member!).executeTakeFirstOrThrow();
    expect(u).toMatchObject({ email: member.email, password_hash: null, is_admin: 0 });
    expect(u.disabled_at).not.toBeNull();
    expect((await signIn(member.email, PASSWORD)).status).toBe(401);
    // the source's admin does not travel as an admin (nor at all unless the rows name them)
    const admins = await b.database.db.selectFrom('users').select('id').where('is_admin', '=', 1).execute();
    expect(admins).toEqual([]);
  });

  it('says what happened in the target’s instance chain, which still verifies', async () => {
    const rec = await b.database.db.selectFrom('audit_log').select(['action', 'object_id']).where('chain_id', '=', 'instance').execute();
    expect(rec).toContainEqual({ action: 'engagement.imported', object_id: E });
    expect((await verifyChain(b.database.db, 'instance')).ok).toBe(true);
    const imp = await b.database.db.selectFrom('engagement_imports').selectAll().where('engagement_id', '=', E).executeTakeFirstOrThrow();
    expect(imp.head_hash).toBe(report.headHash);
  });

  it('refuses to import the same engagement twice, and writes nothing', async () => {
    const before = await Promise.all((['users', 'audit_log', 'jobs'] as const).map((t) => tableCount(b, t)));
    await expect(importFrom(b, file)).rejects.toThrow(/already in this instance \(imported .* from .*\)\. Importing the same engagement twice is refused/);
    expect(await Promise.all((['users', 'audit_log', 'jobs'] as const).map((t) => tableCount(b, t)))).toEqual(before);
  });
});

describe('refused files write nothing', () => {
  let a: Instance;
  let b: Instance;
  let E = '';
  let file = '';
  let otherEngagement = '';
  beforeAll(async () => {
    const s = await seeded(DB_KIND);
    a = s.inst;
    E = s.E;
    b = await instance(DB_KIND);
    file = path.join(tmp, 'good.ndjson');
    await exportTo(a, E, file);
    otherEngagement = newId();
  });
  afterAll(async () => {
    await Promise.all([a?.drop(), b?.drop()]);
  });

  const emptyTarget = async () => {
    for (const t of ['engagements', 'users', 'organizations', 'audit_log', 'audit_heads', 'jobs'] as const) expect(await tableCount(b, t), t).toBe(0);
  };

  const refuses = async (name: string, change: (lines: unknown[]) => unknown[], message: RegExp, fixChecksum = true) => {
    const bad = path.join(tmp, `${name}.ndjson`);
    rewrite(file, bad, change, fixChecksum);
    const err = await importFrom(b, bad).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err, name).toBeInstanceOf(TransferError);
    expect((err as Error).message).toMatch(message);
    await emptyTarget();
  };

  it('a tampered audit record (checksum recomputed): the chain fails verification', async () => {
    await refuses(
      'tampered',
      (lines) => {
        const { at, columns } = tableAt(lines, 'audit_log');
        const row = lines[at + 5] as unknown[];
        const p = columns.indexOf('payload');
        row[p] = String(row[p]).replace(/"action":"[^"]+"/, '"action":"note.deleted"');
        return lines;
      },
      /audit chain in the file is broken at record 5: payload does not match its hash/,
    );
  });

  it('a removed newest audit record: the chain does not end at the header’s head', async () => {
    await refuses(
      'truncated-chain',
      (lines) => {
        const { at } = tableAt(lines, 'audit_log');
        const t = lines[at] as { rows: number };
        const h = lines[0] as { tables: Record<string, number> };
        t.rows -= 1;
        h.tables.audit_log! -= 1;
        return lines.filter((_, i) => i !== at + t.rows + 1);
      },
      /does not end at the head its header names/,
    );
  });

  it('a changed row without a matching checksum: damaged', async () => {
    await refuses(
      'damaged',
      (lines) => {
        const { at, columns } = tableAt(lines, 'notes');
        (lines[at + 1] as unknown[])[columns.indexOf('title')] = 'changed in transit';
        return lines;
      },
      /does not match its checksum/,
      false,
    );
  });

  it('a cut-off file', async () => {
    const cut = path.join(tmp, 'cut.ndjson');
    const text = readFileSync(file, 'utf8');
    writeFileSync(cut, text.slice(0, Math.floor(text.length * 0.8)).replace(/\n[^\n]*$/, '\n'));
    await expect(importFrom(b, cut)).rejects.toThrow(/cut off/);
    await emptyTarget();
  });

  it('a row of another engagement slipped in', async () => {
    await refuses(
      'foreign-row',
      (lines) => {
        const { at, columns } = tableAt(lines, 'notes');
        (lines[at + 1] as unknown[])[columns.indexOf('engagement_id')] = otherEngagement;
        return lines;
      },
      /a row of notes belongs to .*, not to engagement/,
    );
  });

  it('a file of a newer schema, or a newer format', async () => {
    await refuses(
      'newer-schema',
      (lines) => {
        (lines[0] as { schema: string }).schema = '0999_from_the_future';
        return lines;
      },
      new RegExp(`written by a newer Candor \\(schema 0999_from_the_future\\); this instance is at schema ${migrationNames().at(-1)}\\. Upgrade Candor here`),
    );
    await refuses(
      'newer-format',
      (lines) => {
        (lines[0] as { formatVersion: number }).formatVersion = 2;
        return lines;
      },
      /format version 2; this Candor reads version 1/,
    );
  });

  it('a file that is not an engagement file', async () => {
    const junk = path.join(tmp, 'junk.ndjson');
    writeFileSync(junk, '{"type":"header","format":"candor-audit/1"}\n');
    await expect(importFrom(b, junk)).rejects.toThrow(/not a Candor engagement file/);
    await emptyTarget();
  });

  it('and the good file still imports after all that', async () => {
    const r = await importFrom(b, file);
    expect(r.header.engagement.id).toBe(E);
    expect(await verifyChain(b.database.db, E)).toEqual(await verifyChain(a.database.db, E));
  });
});

describe('a crafted file cannot point into another engagement of the target', () => {
  let a: Instance;
  let b: Instance;
  let file = '';
  let theirs: { item: string; decision: string } = { item: '', decision: '' };
  beforeAll(async () => {
    const s = await seeded(DB_KIND);
    a = s.inst;
    b = await instance(DB_KIND);
    // the target has an engagement of its own, with an internal work item the file's members must never see
    const own = await seedDemo(b.deps, PASSWORD);
    const item = await b.database.db.selectFrom('work_items').select('id').where('engagement_id', '=', own.engagementId).where('visibility', '=', 'internal').executeTakeFirstOrThrow();
    const decision = await b.database.db.selectFrom('decisions').select('id').where('engagement_id', '=', own.engagementId).executeTakeFirstOrThrow();
    theirs = { item: item.id, decision: decision.id };
    file = path.join(tmp, 'crafted-base.ndjson');
    await exportTo(a, s.E, file);
  });
  afterAll(async () => {
    await Promise.all([a?.drop(), b?.drop()]);
  });

  const refused = async (name: string, table: string, column: string, to: () => string, message: RegExp) => {
    const bad = path.join(tmp, `${name}.ndjson`);
    rewrite(file, bad, (lines) => {
      const { at, columns } = tableAt(lines, table);
      (lines[at + 1] as unknown[])[columns.indexOf(column)] = to();
      return lines;
    });
    await expect(importFrom(b, bad)).rejects.toThrow(message);
    expect(await tableCount(b, 'engagements')).toBe(1);
  };

  it("a time entry naming the target's own (internal) work item is refused, nothing written", async () => {
    await refused('foreign-item', 'time_entries', 'work_item_id', () => theirs.item, /a row of time_entries names work_items .* \(work_item_id\), which is not in the file/);
  });

  it("a decision superseding one of the target's decisions (a self-reference, set last) is refused", async () => {
    await refused('foreign-decision', 'decisions', 'supersedes_id', () => theirs.decision, /a row of decisions names decisions .* \(supersedes_id\), which is not in the file/);
  });
});

/** The `candor` command as a child process. */
function candor(args: string[], inst: Instance): Promise<{ code: number; stdout: string; stderr: string }> {
  return runCandor(args, { cwd: tmp, env: { CANDOR_DATA_DIR: inst.dataDir, DATABASE_URL: inst.url ?? '', CANDOR_DEBUG: '', CANDOR_SESSION_SECRET: '' } });
}

describe('the candor export and import commands', () => {
  const to: Kind = PG_BASE && DB_KIND === 'postgres' ? 'sqlite' : DB_KIND;
  it(`move the engagement ${DB_KIND} → ${to}; candor audit verify prints the same head on both; a second import is refused`, { timeout: 90_000 }, async () => {
    const { inst: a, E } = await seeded(DB_KIND);
    const b = await instance(to);
    try {
      const file = path.join(tmp, 'cli.ndjson');
      const ex = await candor(['export', '--engagement', E, '--out', file], a);
      expect(ex.stderr).toMatch(/exporting engagement/);
      expect(ex.code, ex.stderr).toBe(0);
      expect(ex.stdout).toMatch(/^Wrote engagement .* audit records \(head [0-9a-f]{64}\)/);
      const header = JSON.parse(readFileSync(file, 'utf8').split('\n')[0]!) as { format: string; schema: string; tables: Record<string, number> };
      expect(header.format).toBe('candor-engagement');
      expect(header.schema).toBe(migrationNames().at(-1));

      const im = await candor(['import', file], b);
      expect(im.code, im.stderr).toBe(0);
      expect(im.stdout).toMatch(/Imported engagement/);
      expect(im.stdout).toMatch(/Users: 4 created disabled, 0 already here, 0 mapped/);

      const va = await candor(['audit', 'verify', '--engagement', E], a);
      const vb = await candor(['audit', 'verify', '--engagement', E], b);
      expect(va.stdout).toMatch(/^intact: \d+ records, head [0-9a-f]{64}/);
      expect(vb.stdout).toBe(va.stdout);
      const all = await candor(['audit', 'verify', '--all'], b);
      expect(all.code, all.stdout).toBe(0);

      const again = await candor(['import', file], b);
      expect(again.code).toBe(1);
      expect(again.stderr).toMatch(/^error: engagement .* is already in this instance .*Importing the same engagement twice is refused: nothing was written/);
    } finally {
      await Promise.all([a.drop(), b.drop()]);
    }
  });
});

describe('an account of the target named by id with another e-mail', () => {
  it('is taken as the same account, and the import says so for the admin to check', async () => {
    const s = await seeded(DB_KIND);
    const b = await instance(DB_KIND);
    try {
      const memberId = s.seed.users.member;
      const now = clock.now().toISOString();
      await b.database.db.insertInto('users').values({ id: memberId, email: 'someone.else@target.test', name: 'Someone else', password_hash: null, is_admin: 0, org_id: null, created_at: now, disabled_at: null }).execute();
      const file = path.join(tmp, 'same-id.ndjson');
      await exportTo(s.inst, s.E, file);
      const report = await importFrom(b, file);
      expect(report.existingUsers).toContain(memberId);
      expect(report.warnings.join('\n')).toMatch(new RegExp(`users: ${memberId} is someone\\.else@target\\.test here but \\S+ in the file; taken as the same account`));
    } finally {
      await Promise.all([s.inst.drop(), b.drop()]);
    }
  });
});
