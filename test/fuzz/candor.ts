import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { hashPassword } from '../../src/server/auth/passwords';
import { verifyChain } from '../../src/server/audit/service';
import { newId } from '../../src/server/ids';
import { DEMO_PASSWORD, type DemoKey, type TestContext } from '../context';
import type { FuzzTarget, Snapshot } from './engine';
import { operationsOf, type Operation, segmentBefore } from './openapi';
import type { AuthKind } from './oracle';
import type { IdSource, RequestOptions } from './request';

/**
 * Candor as a fuzz target: the demo engagement E (five roles), a second engagement B with its own lead
 * and content carrying a marker, throwaway members for the calls that remove or disable people, the
 * auth variants (valid sessions, another engagement's lead, an API token, none, bogus and forged
 * cookies, a bogus bearer token), the id pools per path parameter, and the state snapshot that the
 * "a refused request wrote nothing" check compares.
 */

export const OTHER_MARKER = 'FZ-other-engagement-5521';
const OTHER_EMAIL = 'other-lead@fuzz.test';
const ROLES: DemoKey[] = ['admin', 'lead', 'member', 'sponsor', 'stakeholder'];

/**
 * Tables written without an audit record (sign-in, API token use, notification reads, coach counts,
 * the admin's job retry, reset links): their whole rows are in the snapshot. Every other table changes
 * only in a transaction that appends an audit record (ADR 0003), so its row count plus the audit
 * heads see any write to it. Columns a request may touch as bookkeeping are left out.
 */
const UNAUDITED: Record<string, string[]> = {
  sessions: ['last_seen_at', 'expires_at'],
  api_tokens: ['last_used_at'],
  notifications: [],
  coach_rule_dismissals: [],
  coach_dismissal_reasons: [],
  jobs: [],
  password_resets: [],
};

/**
 * Tables a refused request is meant to write: the rate limiter's attempt counters (a refused sign-in
 * counts, or the limit could not hold). Left out of the snapshot.
 */
const BOOKKEEPING = ['rate_limits'];

/** Operations run last: they close the engagement, stop it, or end sessions, which would refuse all that follows. */
export const RUN_LAST = [
  'POST /api/v1/engagements/{id}/gate-reviews/{reviewId}/decision',
  'PATCH /api/v1/engagements/{id}',
  'POST /api/v1/engagements/{id}/reopen',
  'PUT /api/v1/me/password',
  'DELETE /api/v1/session',
];

/**
 * Answers 200 `{ok:true}` for any id, one's own or not (the authorization matrix asks for exactly that: no
 * existence oracle); it updates only the caller's own rows (`markRead` filters by user).
 */
const ID_BLIND = ['POST /api/v1/notifications/{notificationId}/read'];

/** Streams that never end under inject: always ask for "what is there, then close". */
export const FIXED_QUERY = { 'GET /api/v1/events': { once: '1' } };

export interface CandorWorld {
  ops: Operation[];
  target: FuzzTarget;
  request: RequestOptions;
  engagements: { main: string; other: string };
  /** the chains of every engagement (and the instance), verified after the run */
  verifyAll(): Promise<{ chain: string; ok: boolean; reason?: string }[]>;
  health(): Promise<number>;
}

const sha = (s: string) => createHash('sha1').update(s).digest('hex');
const plural = (s: string) => s.replaceAll('-', '_');

export async function createCandorWorld(ctx: TestContext): Promise<CandorWorld> {
  const { app, deps } = ctx;
  const db = deps.db;
  const E = ctx.seed.engagementId;
  const now = deps.clock.now().toISOString();

  // another provider with its own lead and engagement B
  const org = newId();
  await db.insertInto('organizations').values({ id: org, name: 'Other Agency', kind: 'provider', created_at: now }).execute();
  const otherLeadId = newId();
  await db
    .insertInto('users')
    .values({ id: otherLeadId, email: OTHER_EMAIL, name: 'Olga Other', password_hash: await hashPassword(DEMO_PASSWORD), is_admin: 0, org_id: org, created_at: now, disabled_at: null })
    .execute();
  const signIn = async (email: string) => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/session', payload: { email, password: DEMO_PASSWORD } });
    const c = res.cookies.find((x) => x.name === 'candor_session');
    if (res.statusCode !== 200 || !c) return null;
    return `candor_session=${c.value}`;
  };
  const otherCookie = await signIn(OTHER_EMAIL);
  if (!otherCookie) throw new Error('the other lead could not sign in');
  const asOther = async (method: 'POST' | 'PATCH', url: string, payload: object) => {
    const res = await app.inject({ method, url, payload, headers: { cookie: otherCookie } });
    if (res.statusCode >= 300) throw new Error(`world setup ${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.json();
  };
  const B = (await asOther('POST', '/api/v1/engagements', { name: `Other ${OTHER_MARKER}`, clientOrgName: 'Other Client' })).id as string;
  await asOther('POST', `/api/v1/engagements/${B}/notes`, { title: `Shared ${OTHER_MARKER}`, body: OTHER_MARKER });
  await asOther('POST', `/api/v1/engagements/${B}/notes`, { title: `Internal ${OTHER_MARKER}`, visibility: 'internal' });
  await asOther('POST', `/api/v1/engagements/${B}/raid`, { type: 'risk', title: `Risk ${OTHER_MARKER}`, probability: 2, impact: 3, owner: 'x' });
  const phase = await asOther('POST', `/api/v1/engagements/${B}/phases`, { name: `Phase ${OTHER_MARKER}`, goal: 'g', plannedStart: '2026-11-02', plannedEnd: '2026-12-18' });
  await asOther('POST', `/api/v1/engagements/${B}/items`, { title: `Item ${OTHER_MARKER}`, phaseId: phase.id, estimate: { low: 1, likely: 2, high: 3 } });
  await asOther('POST', `/api/v1/engagements/${B}/commitments`, { side: 'provider', title: `Commitment ${OTHER_MARKER}`, dueDate: '2026-12-01' });

  // throwaway members of E and B: the pool for paths that remove, change or disable a person
  const throwaway: string[] = [];
  for (const [engagement, n] of [
    [E, 3],
    [B, 1],
  ] as const) {
    for (let i = 0; i < n; i++) {
      const id = newId();
      throwaway.push(id);
      await db.insertInto('users').values({ id, email: `t-${id}@fuzz.test`, name: `Temp ${i}`, password_hash: null, is_admin: 0, org_id: null, created_at: now, disabled_at: null }).execute();
      await db.insertInto('memberships').values({ engagement_id: engagement, user_id: id, role: 'stakeholder', created_at: now }).execute();
    }
  }

  // a valid API token of the lead (bearer auth)
  const leadCookie = await ctx.cookieFor('lead');
  const tokenRes = await app.inject({ method: 'POST', url: '/api/v1/me/tokens', payload: { name: 'fuzz' }, headers: { cookie: leadCookie } });
  let leadToken: unknown = tokenRes.json().secret;
  if (typeof leadToken !== 'string') throw new Error(`no token in ${tokenRes.body}`);

  // every table, and its rows' ids with their engagement
  const tables = (await db.introspection.getTables()).filter((t) => !t.name.startsWith('kysely_'));
  const owner = new Map<string, string>();
  const idsByTable = new Map<string, { id: string; engagement?: string }[]>();
  const loadIds = async () => {
    owner.clear();
    idsByTable.clear();
    for (const t of tables) {
      const cols = new Set(t.columns.map((c) => c.name));
      if (!cols.has('id')) continue;
      const rows = (await db
        .selectFrom(t.name as 'notes')
        .select(cols.has('engagement_id') ? ['id', 'engagement_id'] : ['id'])
        .execute()) as { id: string; engagement_id?: string }[];
      const list = rows.map((r) => ({ id: String(r.id), engagement: r.engagement_id ?? (t.name === 'engagements' ? String(r.id) : undefined) }));
      idsByTable.set(t.name, list);
      for (const r of list) if (r.engagement) owner.set(r.id, r.engagement);
    }
  };
  await loadIds();
  const owned = (e: string) => [...idsByTable.values()].flat().filter((r) => r.engagement === e);
  const otherIds = owned(B).map((r) => r.id);

  const tablesFor = (op: Operation, param: string): string[] => {
    const seg = plural(segmentBefore(op.path, param));
    const stem = param.replace(/Ids?$/, '').replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
    const names = [...idsByTable.keys()];
    const bySeg = names.filter((n) => n === seg || n.endsWith(`_${seg}`));
    if (bySeg.length) return bySeg;
    const byStem = names.filter((n) => n.startsWith(stem) || n.includes(`_${stem}`));
    return byStem;
  };
  const ids: IdSource = {
    pools(op, param) {
      const schema = op.params.find((p) => p.in === 'path' && p.name === param)?.schema;
      if (schema?.enum) return [{ name: 'this', ids: schema.enum.map(String) }];
      if (param === 'userId') return [{ name: 'this', ids: throwaway }];
      const rows = tablesFor(op, param).flatMap((t) => idsByTable.get(t) ?? []);
      return [
        { name: 'this', ids: rows.filter((r) => r.engagement !== B).map((r) => r.id) },
        { name: 'other', ids: rows.filter((r) => r.engagement === B).map((r) => r.id) },
        { name: 'this-any', ids: owned(E).slice(0, 400).map((r) => r.id) },
      ];
    },
    fieldIds(name) {
      const stem = name.replace(/Ids?$/, '').replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
      if (stem === 'user' || stem === 'assignee' || stem === 'owner' || stem === 'person') return (idsByTable.get('users') ?? []).map((r) => r.id);
      const t = [...idsByTable.keys()].filter((n) => n === `${stem}s` || n.startsWith(stem) || n.endsWith(`_${stem}s`));
      return t.flatMap((x) => idsByTable.get(x) ?? []).map((r) => r.id);
    },
  };

  // auth variants
  const cookies = new Map<string, string | null>();
  const stale = new Set<string>();
  const emailOf = (k: string) => (k === 'other-lead' ? OTHER_EMAIL : `${k}@demo.candor.dev`);
  let epoch = 0;
  const cookieOf = async (k: string) => {
    if (!cookies.has(k) || stale.has(k)) {
      stale.delete(k);
      epoch++;
      cookies.set(k, await signIn(emailOf(k)));
    }
    return cookies.get(k) ?? null;
  };
  const forged = `candor_session=${app.signCookie(`forged-${'x'.repeat(30)}`)}`;
  const mainSecrets = [OTHER_MARKER, ...otherIds.filter((id) => id !== B)];
  const kinds: Record<string, AuthKind> = {
    'other-lead': { identity: true, cookie: true, admin: false, memberOf: new Set([B]), secrets: owned(E).map((r) => r.id) },
    'lead-token': { identity: true, cookie: false, admin: false, memberOf: new Set([E]), secrets: mainSecrets },
    anonymous: { identity: false, cookie: false, admin: false, memberOf: new Set(), secrets: [OTHER_MARKER] },
    'bogus-cookie': { identity: false, cookie: false, admin: false, memberOf: new Set(), secrets: [OTHER_MARKER] },
    'forged-cookie': { identity: false, cookie: false, admin: false, memberOf: new Set(), secrets: [OTHER_MARKER] },
    'bogus-bearer': { identity: false, cookie: false, admin: false, memberOf: new Set(), secrets: [OTHER_MARKER] },
  };
  for (const r of ROLES) kinds[r] = { identity: true, cookie: true, admin: r === 'admin', memberOf: new Set(r === 'admin' ? [] : [E]), secrets: mainSecrets };
  const headersFor = async (auth: string): Promise<Record<string, string>> => {
    if (ROLES.includes(auth as DemoKey) || auth === 'other-lead') {
      const c = await cookieOf(auth);
      return c ? { cookie: c } : {};
    }
    switch (auth) {
      case 'lead-token':
        if (stale.delete('lead-token')) await renewToken();
        return { authorization: `Bearer ${leadToken}` };
      case 'bogus-cookie':
        return { cookie: 'candor_session=not-a-signed-value' };
      case 'forged-cookie':
        return { cookie: forged };
      case 'bogus-bearer':
        return { authorization: 'Bearer cnd_not-a-real-token-0000000000' };
      default:
        return {};
    }
  };
  const renewToken = async () => {
    epoch++;
    const c = await cookieOf('lead');
    const res = await app.inject({ method: 'POST', url: '/api/v1/me/tokens', payload: { name: 'fuzz' }, headers: c ? { cookie: c } : {} });
    const j = res.statusCode < 300 ? res.json() : {};
    leadToken = j.secret ?? leadToken;
  };

  // the snapshot: audit heads, every table's row count, and the unaudited tables' rows
  // the snapshot, in one query: every table's row count, the audit heads, and the unaudited tables' rows as text
  const pg = deps.dialect === 'postgres';
  const q = (n: string) => `"${n}"`;
  const columns: string[] = tables.filter((t) => !BOOKKEEPING.includes(t.name)).map((t) => `(select count(*) from ${q(t.name)}) as ${q(`count:${t.name}`)}`);
  columns.push(
    pg
      ? `(select string_agg(chain_id || ':' || seq || ':' || hash, ',' order by chain_id) from audit_heads) as "audit"`
      : `(select group_concat(chain_id || ':' || seq || ':' || hash, ',' order by chain_id) from audit_heads) as "audit"`,
  );
  for (const [name, skip] of Object.entries(UNAUDITED)) {
    const t = tables.find((x) => x.name === name);
    if (!t) continue;
    const cols = t.columns.map((c) => c.name).filter((c) => !skip.includes(c));
    const row = pg ? `row(${cols.map(q).join(', ')})::text` : cols.map((c) => `quote(${q(c)})`).join(` || ',' || `);
    columns.push(`(select ${pg ? 'string_agg' : 'group_concat'}(r, '|' order by r) from (select ${row} as r from ${q(name)}) x) as ${q(`rows:${name}`)}`);
  }
  const snapshotSql = sql.raw(`select ${columns.join(', ')}`);
  const snapshot = async (): Promise<Snapshot> => {
    const row = (await snapshotSql.execute(db)).rows[0] as Record<string, unknown>;
    const parts: Record<string, string> = {};
    for (const [k, v] of Object.entries(row)) parts[k] = k.startsWith('rows:') ? sha(String(v ?? '')) : String(v ?? '');
    return { digest: sha(JSON.stringify(parts)), parts };
  };

  let sent = 0;
  const target: FuzzTarget = {
    auth: (name) => kinds[name] ?? kinds.anonymous!,
    ownerOf: (id) => owner.get(id),
    crossOrigin: (origin) => origin !== deps.config.publicUrl,
    idBlind: (op) => ID_BLIND.includes(op),
    snapshot,
    authHeaders: headersFor,
    epoch: () => epoch,
    async send(req, auth) {
      const headers = { ...req.headers, ...auth };
      const res = await app.inject({ method: req.method, url: req.url, headers, ...(req.payload !== undefined ? { payload: req.payload } : {}) });
      // a valid session or token the fuzz itself ended (sign-out, token revoked): a fresh one before the next request
      // that uses it (in authHeaders, before the snapshot, so the renewal is not taken for the request's write)
      if (res.statusCode === 401 && kinds[req.auth]?.identity) {
        stale.add(req.auth);
      }
      // new rows become ids later requests may use
      if (++sent % 200 === 0) await loadIds();
      return { status: res.statusCode, contentType: String(res.headers['content-type'] ?? ''), body: res.body };
    },
  };

  const doc = (await app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
  const weights: Record<string, number> = { lead: 6, member: 3, sponsor: 4, stakeholder: 2, admin: 3, 'other-lead': 3, 'lead-token': 2, anonymous: 1, 'bogus-cookie': 1, 'forged-cookie': 1, 'bogus-bearer': 1 };
  return {
    ops: operationsOf(doc),
    target,
    request: { auths: Object.entries(weights).map(([name, weight]) => ({ name, weight })), ids, fixedQuery: FIXED_QUERY },
    engagements: { main: E, other: B },
    async verifyAll() {
      const chains = await db.selectFrom('audit_heads').select('chain_id').execute();
      const out = [];
      for (const { chain_id } of chains) {
        const r = await verifyChain(db, chain_id);
        out.push({ chain: chain_id, ok: r.ok, ...(r.ok ? {} : { reason: (r as { reason?: string }).reason }) });
      }
      return out;
    },
    async health() {
      return (await app.inject({ method: 'GET', url: '/healthz' })).statusCode;
    },
  };
}
