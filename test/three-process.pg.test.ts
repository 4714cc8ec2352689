import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyChain } from '../src/server/audit/service';
import { ManualClock } from '../src/server/clock';
import { loadConfig } from '../src/server/config';
import { pgPoolOf } from '../src/server/db/database';
import { seedDemo } from '../src/server/db/seed/demo';
import type { DB } from '../src/server/db/schema';
import type { Deps } from '../src/server/http/context';
import { createMailer } from '../src/server/mail/mailer';
import { DB_KIND, type DemoKey, freshDatabase, pgMissing } from './context';
import { mailText, startSmtp } from './smtp';

/**
 * Issue 17: three real Candor processes (`src/server/main.ts`, each with its own in-process caches and its
 * job runner on) behind no balancer but a round-robin client, on one PostgreSQL. For LOAD_SECONDS (60) a
 * bounded number of virtual users writes notes, work items, time entries, commitments and RAID items and
 * reads as every demo role, each request to the next process, with sessions made on one process used on
 * the others. A checker writes through one process and reads the cached delivery overview and the trust
 * report through another straight after (read-your-writes across processes). After it: every acknowledged
 * write is in the database, every audit chain verifies gap-free, no job ran twice (attempts, and no e-mail
 * sent twice), no response was a 5xx, a sponsor's live stream on one process got the events of writes made
 * through the others (and none of internal ones), and the sign-in limit held across the three processes.
 * Takes about 60 s of load plus ~30–60 s of setup on a 2-core machine; prints its figures (docs/deploy.md).
 */
const LOAD_SECONDS = Number(process.env.CANDOR_LOAD_SECONDS ?? 60);
const VIRTUAL_USERS = 8;
const MAX_REQUESTS = 60_000;
const SECRET = 'three-process-secret-0123456789abcdef0123';
const PASSWORD = 'demo-password-1';
const MARKER = 'QZX-internal-3p-7731';
/** The test's day: the seed and the three processes' clocks start here, whatever today is. */
const NOW = new Date('2026-11-18T09:00:00.000Z');
const EMAIL: Record<DemoKey, string> = {
  admin: 'admin@demo.candor.dev',
  lead: 'lead@demo.candor.dev',
  member: 'member@demo.candor.dev',
  sponsor: 'sponsor@demo.candor.dev',
  stakeholder: 'stakeholder@demo.candor.dev',
};

interface Proc {
  name: string;
  url: string;
  proc: ChildProcess;
  exited: Promise<number | null>;
}

/** Starts `src/server/main.ts` on a free loopback port (PORT=0) and resolves with its URL. */
function startCandor(name: string, env: Record<string, string>): Promise<Proc> {
  // node itself (not the tsx wrapper), so SIGTERM reaches main's graceful shutdown and the exit code is its own
  const proc = spawn(process.execPath, ['--import', 'tsx', path.resolve(__dirname, '../src/server/main.ts')], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', CANDOR_DEMO: '0', CANDOR_SESSION_SECRET: SECRET, LOG_LEVEL: 'error', CANDOR_CLOCK_START: NOW.toISOString(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((r) => proc.on('exit', r));
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`Candor ${name} did not start: ${out}`)), 90_000);
    proc.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /running at (http:\/\/[\d.]+:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ name, url: m[1]!, proc, exited });
      }
    });
    proc.stderr!.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.length > 20_000) out = out.slice(-10_000);
    });
    void exited.then((code) => reject(new Error(`Candor ${name} exited (${code}): ${out}`)));
  });
}

interface Sample {
  op: string;
  proc: number;
  status: number;
  ms: number;
  write: boolean;
}

const percentile = (xs: number[], p: number) => {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};

describe.skipIf(pgMissing || DB_KIND !== 'postgres')('three Candor processes on one PostgreSQL under mixed load', () => {
  let fresh: Awaited<ReturnType<typeof freshDatabase>>;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let deps: Deps;
  let E: string;
  let procs: Proc[] = [];
  let clocksStarted = 0;
  const cookies = {} as Record<DemoKey, string>;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'candor-3p-'));
  const t0 = Date.now();

  beforeAll(async () => {
    fresh = await freshDatabase();
    smtp = await startSmtp();
    const log = pino({ level: 'silent' });
    const config = loadConfig({ CANDOR_DATA_DIR: dataDir, CANDOR_SESSION_SECRET: SECRET, LOG_LEVEL: 'silent' });
    deps = { db: fresh.database.db, dialect: fresh.database.dialect, clock: new ManualClock(NOW), config, mailer: createMailer(undefined, '', log), log };
    // the seed first: it plays a dated history, and a process's job runner (its clock at NOW) would run the
    // history's due jobs under it (a commitment marked missed before the seed keeps it)
    const seed = await seedDemo(deps, PASSWORD);
    E = seed.engagementId;
    procs = await Promise.all(['A', 'B', 'C'].map((n) => startCandor(n, { DATABASE_URL: fresh.url!, CANDOR_DATA_DIR: dataDir, SMTP_URL: smtp.url, CANDOR_PUBLIC_URL: 'http://candor.test' })));
    // every process's clock started (at NOW) before this instant, so NOW + (time since) is at or before each one's "now"
    clocksStarted = Date.now();
  }, 180_000);

  afterAll(async () => {
    for (const p of procs) p.proc.kill('SIGKILL');
    await smtp?.stop();
    await fresh?.drop();
    rmSync(dataDir, { recursive: true, force: true });
    console.log(`three-process test: ${((Date.now() - t0) / 1000).toFixed(1)} s in all`);
  });

  const samples: Sample[] = [];
  const acked: { table: keyof DB & string; id: string }[] = [];
  let rr = 0;

  /** One request to process `p` (round robin when omitted) as `who`; every answer is recorded. */
  async function call(op: string, who: DemoKey | null, method: string, url: string, body?: unknown, p?: number) {
    const i = p ?? rr++ % procs.length;
    const headers: Record<string, string> = {};
    if (who) headers.cookie = cookies[who];
    if (body !== undefined) headers['content-type'] = 'application/json';
    const start = performance.now();
    const res = await fetch(`${procs[i]!.url}/api/v1${url}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    samples.push({ op, proc: i, status: res.status, ms: performance.now() - start, write: method !== 'GET' });
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = text;
    }
    return { status: res.status, json: json as Record<string, unknown> & { id?: string }, text };
  }

  it('sessions made on one process work on the others, and the sign-in limit holds across all three', async () => {
    const keys: DemoKey[] = ['admin', 'lead', 'member', 'sponsor', 'stakeholder'];
    for (const [n, key] of keys.entries()) {
      const res = await fetch(`${procs[n % 3]!.url}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: EMAIL[key], password: PASSWORD }) });
      expect(res.status).toBe(200);
      cookies[key] = res.headers.get('set-cookie')!.split(';')[0]!;
    }
    for (const key of keys) for (let p = 0; p < 3; p++) expect((await call('session', key, 'GET', '/session', undefined, p)).json.user).toMatchObject({ email: EMAIL[key] });

    // 10 attempts a minute per address and e-mail (the default): spread over the three processes, the 11th is refused by each
    const guess = async (p: number, i: number) =>
      (await fetch(`${procs[p]!.url}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'nobody@demo.candor.dev', password: `guess-${i}-xxxxxx` }) })).status;
    const statuses: number[] = [];
    for (let i = 0; i < 13; i++) statuses.push(await guess(i % 3, i));
    expect(statuses).toEqual([...Array(10).fill(401), 429, 429, 429]);
  });

  it(`${LOAD_SECONDS} s of mixed load through all three: every acknowledged write present, chains verify, no job ran twice, no 5xx, caches read-your-writes across processes`, async () => {
    expect(cookies.lead).toBeTruthy();
    let seq = 0;
    const day = (n: number) => new Date(NOW.getTime() - n * 86_400_000).toISOString().slice(0, 10);
    const itemIds: string[] = [];
    const internalIds: string[] = [];
    const sharedByProc: { proc: number; id: string }[] = [];
    const stale: string[] = [];
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)]!;
    const provider: DemoKey[] = ['lead', 'member'];
    const everyone: DemoKey[] = ['lead', 'member', 'sponsor', 'stakeholder'];

    const ack = (table: keyof DB & string, r: { status: number; json: { id?: string } }, internal = false) => {
      if (r.status !== 201 || !r.json?.id) return null;
      acked.push({ table, id: r.json.id });
      if (internal) internalIds.push(r.json.id);
      return r.json.id;
    };

    // the sponsor's live stream on process C, read all through the load
    const stream = await fetch(`${procs[2]!.url}/api/v1/events`, { headers: { cookie: cookies.sponsor } });
    expect(stream.status).toBe(200);
    const reader = stream.body!.getReader();
    const decoder = new TextDecoder();
    let liveText = '';
    let reading = true;
    const drained = (async () => {
      while (reading) {
        const r = await reader.read();
        if (r.done) break;
        liveText += decoder.decode(r.value, { stream: true });
      }
    })();

    const writes: Record<string, () => Promise<void>> = {
      note: async () => {
        const n = ++seq;
        const internal = n % 5 === 0;
        const who = pick(provider);
        const p = rr % 3;
        const r = await call('note.create', who, 'POST', `/engagements/${E}/notes`, { title: internal ? `Internal ${MARKER} ${n}` : `Load note ${n}`, body: `written by ${who}`, visibility: internal ? 'internal' : 'shared' });
        const id = ack('notes', r, internal);
        if (id && !internal && p !== 2) sharedByProc.push({ proc: p, id });
      },
      item: async () => {
        const n = ++seq;
        const r = await call('item.create', pick(provider), 'POST', `/engagements/${E}/items`, { title: `Load item ${n}`, estimate: { low: 1, likely: 2, high: 4 } });
        const id = ack('work_items', r);
        if (id) itemIds.push(id);
      },
      itemUpdate: async () => {
        if (itemIds.length === 0) return;
        const r = await call('item.update', 'lead', 'PATCH', `/engagements/${E}/items/${pick(itemIds)}`, { status: pick(['in_progress', 'blocked', 'backlog']) });
        if (r.status === 200) acked.push({ table: 'work_items', id: String(r.json.id) });
      },
      time: async () => {
        const n = ++seq;
        const who = pick(provider);
        const r = await call('time.create', who, 'POST', `/engagements/${E}/time-entries`, { dateWorked: day(1 + (n % 10)), minutes: 1 + (n % 3), workItemId: itemIds.length && n % 2 ? pick(itemIds) : null, note: `load ${n}` });
        ack('time_entries', r);
      },
      commitment: async () => {
        const n = ++seq;
        const r = await call('commitment.create', 'lead', 'POST', `/engagements/${E}/commitments`, { side: 'provider', title: `Load promise ${n}`, dueDate: '2026-12-15' });
        ack('commitments', r);
      },
      raid: async () => {
        const n = ++seq;
        const r = await call('raid.create', pick(provider), 'POST', `/engagements/${E}/raid`, { type: 'risk', title: `Load risk ${n}`, owner: { name: 'Vendor X', external: true }, probability: 1 + (n % 5), impact: 1 + ((n + 2) % 5) });
        ack('raid_items', r);
      },
    };
    const reads: Record<string, () => Promise<void>> = {
      overview: async () => void (await call('delivery.read', pick(everyone), 'GET', `/engagements/${E}/delivery`)),
      trust: async () => void (await call('trust.read', pick(everyone), 'GET', `/engagements/${E}/trust`)),
      notes: async () => {
        const who = pick(everyone);
        const r = await call('notes.read', who, 'GET', `/engagements/${E}/notes`);
        if ((who === 'sponsor' || who === 'stakeholder') && r.text.includes(MARKER)) stale.push(`${who} saw internal content in /notes`);
      },
      raid: async () => void (await call('raid.read', pick(everyone), 'GET', `/engagements/${E}/raid`)),
      commitments: async () => void (await call('commitments.read', pick(everyone), 'GET', `/engagements/${E}/commitments`)),
      items: async () => void (await call('items.read', pick(everyone), 'GET', `/engagements/${E}/items`)),
      admin: async () => void (await call('admin.read', 'admin', 'GET', pick(['/admin/users', '/engagements']))),
    };
    const writeOps = Object.values(writes);
    const readOps = Object.values(reads);

    const deadline = Date.now() + LOAD_SECONDS * 1000;
    const more = () => Date.now() < deadline && samples.length < MAX_REQUESTS;
    const virtualUser = async () => {
      while (more()) await (Math.random() < 0.4 ? pick(writeOps) : pick(readOps))();
    };

    // read-your-writes through the in-process caches: write on X, read the cached views on Y at once
    let checks = 0;
    const checker = async () => {
      while (more()) {
        const x = checks % 3;
        const y = (checks + 1) % 3;
        checks++;
        const viewer: DemoKey = checks % 2 ? 'lead' : 'sponsor';
        const before = (await call('check.delivery', viewer, 'GET', `/engagements/${E}/delivery`, undefined, y)).json as { time: { totalMinutes: number }; items: { total: number } };
        const minutes = 1 + (checks % 4);
        const t = await call('check.time', 'lead', 'POST', `/engagements/${E}/time-entries`, { dateWorked: day(11 + (checks % 5)), minutes, workItemId: null, note: `check ${checks}` }, x);
        ack('time_entries', t);
        const item = await call('check.item', 'member', 'POST', `/engagements/${E}/items`, { title: `Check item ${checks}` }, x);
        ack('work_items', item);
        const after = (await call('check.delivery', viewer, 'GET', `/engagements/${E}/delivery`, undefined, y)).json as typeof before;
        // only additions happen during the load: the totals can only have grown by at least this write
        if (t.status === 201 && after.time.totalMinutes < before.time.totalMinutes + minutes) stale.push(`delivery on ${procs[y]!.name} (${viewer}) missed ${minutes} min written on ${procs[x]!.name}`);
        if (item.status === 201 && after.items.total < before.items.total + 1) stale.push(`delivery on ${procs[y]!.name} (${viewer}) missed an item written on ${procs[x]!.name}`);
        if (checks % 4 === 0) {
          // the trust cache (keyed by the chain head): a commitment made and kept on X is evidence on Y at once
          const c = await call('check.commitment', 'lead', 'POST', `/engagements/${E}/commitments`, { side: 'provider', title: `Check promise ${checks}`, dueDate: NOW.toISOString().slice(0, 10) }, x);
          const id = ack('commitments', c);
          if (id) {
            const k = await call('check.keep', 'lead', 'POST', `/engagements/${E}/commitments/${id}/keep`, { note: '' }, x);
            const trust = await call('check.trust', 'sponsor', 'GET', `/engagements/${E}/trust`, undefined, y);
            if (k.status === 200 && !trust.text.includes(id)) stale.push(`trust on ${procs[y]!.name} missed commitment ${id} kept on ${procs[x]!.name}`);
          }
        }
      }
    };

    // how many connections the three processes hold at most (their pools are CANDOR_DB_POOL_SIZE = 10 each)
    let maxConnections = 0;
    const ownPool = pgPoolOf(deps.db)!;
    const sampler = (async () => {
      while (more()) {
        const r = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity where datname = current_database()`.execute(deps.db);
        maxConnections = Math.max(maxConnections, r.rows[0]!.n - ownPool.totalCount);
        await new Promise((r) => setTimeout(r, 500));
      }
    })();
    const loadStart = Date.now();
    const loadAvgBefore = os.loadavg()[0]!;
    await Promise.all([...Array.from({ length: VIRTUAL_USERS }, virtualUser), checker(), sampler]);
    const loadMs = Date.now() - loadStart;
    const loadAvgAfter = os.loadavg()[0]!;

    // one more shared write through A, timed to the sponsor's stream on C
    const last = await call('note.create', 'lead', 'POST', `/engagements/${E}/notes`, { title: 'Across three processes', visibility: 'shared' }, 0);
    const lastId = ack('notes', last)!;
    const committed = Date.now();
    while (!liveText.includes(lastId) && Date.now() - committed < 10_000) await new Promise((r) => setTimeout(r, 20));
    const liveMs = Date.now() - committed;
    expect(liveText).toContain(lastId);
    // let the queued jobs run (each process polls every 5 s): none pending and due, none running
    const jobDeadline = Date.now() + 30_000;
    let waiting = Number.POSITIVE_INFINITY;
    while (Date.now() < jobDeadline) {
      const horizon = new Date(NOW.getTime() + (Date.now() - clocksStarted)).toISOString();
      const r = await deps.db
        .selectFrom('jobs')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where((eb) => eb.or([eb.and([eb('status', '=', 'pending'), eb('run_at', '<=', horizon)]), eb('status', '=', 'running')]))
        .executeTakeFirstOrThrow();
      waiting = Number(r.n);
      if (waiting === 0) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(waiting).toBe(0);
    reading = false;
    await reader.cancel().catch(() => undefined);
    await drained.catch(() => undefined);

    // graceful shutdown of all three
    for (const p of procs) p.proc.kill('SIGTERM');
    expect(await Promise.all(procs.map((p) => p.exited))).toEqual([0, 0, 0]);

    // ── after ─────────────────────────────────────────────────────────────
    const statusCounts: Record<string, number> = {};
    for (const s of samples) statusCounts[s.status] = (statusCounts[s.status] ?? 0) + 1;
    const fiveXx = samples.filter((s) => s.status >= 500);
    const loadSamples = samples.filter((s) => s.op !== 'session');
    const writesAcked = acked.length;
    const wMs = loadSamples.filter((s) => s.write).map((s) => s.ms);
    const rMs = loadSamples.filter((s) => !s.write).map((s) => s.ms);
    const perProc = [0, 1, 2].map((i) => samples.filter((s) => s.proc === i).length);
    const notOk = Object.entries(
      samples.filter((s) => s.status >= 400).reduce<Record<string, number>>((m, s) => {
        m[`${s.op} ${s.status}`] = (m[`${s.op} ${s.status}`] ?? 0) + 1;
        return m;
      }, {}),
    );

    // every acknowledged write is in the database
    const byTable = new Map<string, Set<string>>();
    for (const a of acked) (byTable.get(a.table) ?? byTable.set(a.table, new Set()).get(a.table)!).add(a.id);
    const missing: string[] = [];
    for (const [table, ids] of byTable) {
      const all = [...ids];
      const found = new Set<string>();
      for (let i = 0; i < all.length; i += 500) {
        // biome-ignore lint/suspicious/noExplicitAny: the table varies; every one of these has an id
        const rows = await (deps.db as any).selectFrom(table).select('id').where('id', 'in', all.slice(i, i + 500)).execute();
        for (const r of rows as { id: string }[]) found.add(r.id);
      }
      for (const id of all) if (!found.has(id)) missing.push(`${table}:${id}`);
    }

    // every chain verifies and is gap-free
    const heads = await deps.db.selectFrom('audit_heads').select(['chain_id', 'seq']).execute();
    const chains: string[] = [];
    for (const h of heads) {
      const v = await verifyChain(deps.db, h.chain_id);
      const n = Number((await deps.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('chain_id', '=', h.chain_id).executeTakeFirstOrThrow()).n);
      const max = Number((await deps.db.selectFrom('audit_log').select((eb) => eb.fn.max('seq').as('m')).where('chain_id', '=', h.chain_id).executeTakeFirstOrThrow()).m ?? 0);
      if (!v.ok || n !== h.seq || max !== h.seq) chains.push(`${h.chain_id}: ${JSON.stringify(v)} rows ${n} max ${max} head ${h.seq}`);
    }
    const records = (await deps.db.selectFrom('audit_heads').select('seq').where('chain_id', '=', E).executeTakeFirstOrThrow()).seq;

    // no job ran twice: each job was claimed once, and no e-mail went out twice
    const jobs = await deps.db.selectFrom('jobs').select(['id', 'kind', 'status', 'attempts', 'last_error']).where('attempts', '>', 0).execute();
    const twice = jobs.filter((j) => j.attempts !== 1 || j.status !== 'done');
    const emailJobs = jobs.filter((j) => j.kind === 'notify.email').length;
    // a mail is its recipient, subject and text (which ends with the notification's link); two notifications may share a title
    const mailKeys = smtp.mails.map((m) => `${m.to.join(',')}|${/^Subject: (.*)$/m.exec(m.raw)?.[1] ?? ''}|${mailText(m.raw).split(/\r?\n\r?\n/).slice(1).join('\n')}`);
    const dupMails = mailKeys.filter((k, i) => mailKeys.indexOf(k) !== i);

    // the sponsor's stream on C: events of shared writes made through A and B; never one of an internal note
    const liveSeen = sharedByProc.filter((s) => liveText.includes(s.id)).length;
    const internalSeen = internalIds.filter((id) => liveText.includes(id));

    const rps = loadSamples.length / (loadMs / 1000);
    console.log(
      [
        `three processes, ${VIRTUAL_USERS} virtual users + 1 checker, ${(loadMs / 1000).toFixed(1)} s of load (setup ${((loadStart - t0) / 1000).toFixed(1)} s); ${os.cpus().length} cores, load average ${loadAvgBefore.toFixed(1)} before, ${loadAvgAfter.toFixed(1)} after`,
        `requests: ${loadSamples.length} (${rps.toFixed(0)}/s; per process ${perProc.join(' / ')}); statuses ${JSON.stringify(statusCounts)}`,
        `writes acknowledged: ${writesAcked} (${(writesAcked / (loadMs / 1000)).toFixed(1)}/s); audit records in the engagement's chain: ${records}; chains verified: ${heads.length}`,
        `latency ms: writes p50 ${percentile(wMs, 50).toFixed(0)} p95 ${percentile(wMs, 95).toFixed(0)} p99 ${percentile(wMs, 99).toFixed(0)}; reads p50 ${percentile(rMs, 50).toFixed(0)} p95 ${percentile(rMs, 95).toFixed(0)} p99 ${percentile(rMs, 99).toFixed(0)}`,
        `PostgreSQL connections held by the three processes: at most ${maxConnections} (pools of 10 each)`,
        `read-your-writes checks across processes: ${checks}; jobs run: ${jobs.length} (${emailJobs} e-mail), e-mails received: ${smtp.mails.length}`,
        `live: ${liveSeen}/${sharedByProc.length} shared notes written on A/B reached the sponsor's stream on C; the last one ${liveMs} ms after its write returned`,
        `4xx: ${notOk.length ? notOk.map(([k, v]) => `${k}×${v}`).join(', ') : 'none'}`,
      ].join('\n'),
    );

    expect(fiveXx.map((s) => `${s.op} ${s.status} on ${procs[s.proc]!.name}`)).toEqual([]);
    expect(missing).toEqual([]);
    expect(chains).toEqual([]);
    expect(twice).toEqual([]);
    expect(dupMails).toEqual([]);
    expect(smtp.mails.length).toBeLessThanOrEqual(emailJobs);
    expect(stale).toEqual([]);
    expect(internalSeen).toEqual([]);
    expect(liveSeen).toBe(sharedByProc.length);
    // the load did happen through all three, with writes of every kind
    expect(Math.min(...perProc)).toBeGreaterThan(100);
    for (const t of ['notes', 'work_items', 'time_entries', 'commitments', 'raid_items']) expect(byTable.get(t)?.size ?? 0).toBeGreaterThan(10);
    expect(checks).toBeGreaterThan(10);
  }, (LOAD_SECONDS + 120) * 1000);
});
