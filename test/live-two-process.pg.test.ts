import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/server/clock';
import { loadConfig } from '../src/server/config';
import { seedDemo } from '../src/server/db/seed/demo';
import type { Deps } from '../src/server/http/context';
import { createMailer } from '../src/server/mail/mailer';
import { scheduleAllDigests } from '../src/server/notify/digest';
import { DB_KIND, freshDatabase, pgMissing } from './context';
import { mailText, startSmtp } from './smtp';

const run = promisify(execFile);
const tsx = path.resolve(__dirname, '../node_modules/.bin/tsx');
const SECRET = 'live-two-process-secret-0123456789abcdef';
const PASSWORD = 'demo-password-1';
const MARKER = 'ZQX-internal-digest-5120';
/** The test's day, whatever today is: the seed, the test's own scheduling and both processes' clocks start here. */
const NOW = new Date('2026-11-18T09:00:00.000Z');

/** Starts `src/server/main.ts` (the real process) on a free port and resolves with its URL. */
function startCandor(databaseUrl: string, dataDir: string, clockStart: Date): Promise<{ url: string; proc: ChildProcess }> {
  // node itself (not the tsx wrapper), so SIGTERM reaches main's graceful shutdown and its exit code is ours
  const proc = spawn(process.execPath, ['--import', 'tsx', path.resolve(__dirname, '../src/server/main.ts')], {
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: '0', HOST: '127.0.0.1', CANDOR_DEMO: '0', CANDOR_SESSION_SECRET: SECRET, LOG_LEVEL: 'silent', CANDOR_DATA_DIR: dataDir, CANDOR_CLOCK_START: clockStart.toISOString() },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`Candor did not start: ${out}`)), 60_000);
    proc.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /running at (http:\/\/[\d.]+:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1]!, proc });
      }
    });
    proc.stderr!.on('data', (c: Buffer) => {
      out += c.toString();
    });
    proc.on('exit', (code) => reject(new Error(`Candor exited (${code}): ${out}`)));
  });
}

async function signIn(url: string, email: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: PASSWORD }) });
  expect(res.status).toBe(200);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

/**
 * Two Candor processes share one PostgreSQL: a live event raised by a write
 * through one reaches an SSE client connected to the other (LISTEN/NOTIFY),
 * and the weekly digest goes to each person once.
 */
describe.skipIf(pgMissing || DB_KIND !== 'postgres')('live events and the digest across two processes', () => {
  let fresh: Awaited<ReturnType<typeof freshDatabase>>;
  let deps: Deps;
  let E: string;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'candor-live-'));
  beforeAll(async () => {
    fresh = await freshDatabase();
    const log = pino({ level: 'silent' });
    const config = loadConfig({ CANDOR_DATA_DIR: dataDir, CANDOR_SESSION_SECRET: SECRET, LOG_LEVEL: 'silent' });
    deps = { db: fresh.database.db, dialect: fresh.database.dialect, clock: new ManualClock(NOW), config, mailer: createMailer(undefined, '', log), log };
    E = (await seedDemo(deps, PASSWORD)).engagementId;
  }, 120_000);
  afterAll(async () => {
    await fresh?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('an SSE client on process A gets the notification of a write through process B within 2 s; A shuts down with the stream open', async () => {
    const [a, b] = await Promise.all([startCandor(fresh.url!, dataDir, NOW), startCandor(fresh.url!, dataDir, NOW)]);
    try {
      const sponsor = await signIn(a.url, 'sponsor@demo.candor.dev');
      const lead = await signIn(b.url, 'lead@demo.candor.dev');
      const stream = await fetch(`${a.url}/api/v1/events`, { headers: { cookie: sponsor } });
      expect(stream.status).toBe(200);
      const reader = stream.body!.getReader();
      const decoder = new TextDecoder();
      let text = decoder.decode((await reader.read()).value);
      expect(text).toContain('retry:');
      const t0 = Date.now();
      const res = await fetch(`${b.url}/api/v1/engagements/${E}/decisions`, {
        method: 'POST',
        headers: { cookie: lead, 'content-type': 'application/json' },
        body: JSON.stringify({ title: 'Across processes', options: [{ title: 'A' }, { title: 'B' }], kind: 'scope', dueDate: '2099-01-01' }),
      });
      expect(res.status).toBe(201);
      const committed = Date.now(); // the write has committed in B
      const decisionId = (await res.json()).id as string;
      const deadline = t0 + 5000;
      while (!text.includes('event: notification') && Date.now() < deadline) {
        const r = await Promise.race([reader.read(), new Promise<{ done: true; value: undefined }>((r) => setTimeout(() => r({ done: true, value: undefined }), deadline - Date.now()))]);
        if (r.done) break;
        text += decoder.decode(r.value);
      }
      const arrived = Date.now();
      expect(text).toContain('event: notification');
      expect(text).toContain(decisionId); // the change event of the decision, ids only
      expect(text).not.toContain('Across processes');
      // from B's commit to A's client; the write itself (its request through B) is reported beside it
      expect(arrived - committed).toBeLessThan(2000);
      console.log(`live event across processes: ${arrived - committed} ms after B's commit (${committed - t0} ms for the write request)`);
      // graceful shutdown ends the open stream instead of waiting on it
      const s0 = Date.now();
      const exited = new Promise<number | null>((r) => a.proc.on('exit', r));
      a.proc.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(Date.now() - s0).toBeLessThan(8000);
      expect((await reader.read()).done).toBe(true);
    } finally {
      a.proc.kill('SIGKILL');
      b.proc.kill('SIGKILL');
    }
  }, 120_000);

  it('the weekly digest is sent once per person by two processes, and a client’s never has internal content', async () => {
    const smtp = await startSmtp();
    try {
      // an internal note this week, written as the lead
      const { accessFor } = await import('../src/server/authz/access');
      const { createNote } = await import('../src/server/notes/service');
      const leadUser = await deps.db.selectFrom('users').select(['id', 'email', 'name']).where('email', '=', 'lead@demo.candor.dev').executeTakeFirstOrThrow();
      const access = accessFor({ userId: leadUser.id, email: leadUser.email, name: leadUser.name, isAdmin: false, orgId: null, via: 'session' }, E, 'lead', 'note.create');
      const { CreateNoteBody } = await import('../src/contracts/notes');
      await createNote(deps, access, CreateNoteBody.parse({ title: `Digest ${MARKER}`, visibility: 'internal' }));
      // both processes' startups schedule every digest: still one job per person and week
      await scheduleAllDigests(deps);
      await scheduleAllDigests(deps);
      const jobs = await deps.db.selectFrom('jobs').select(['run_at', 'payload']).where('kind', '=', 'notify.digest').where('status', '=', 'pending').execute();
      const people = new Set(jobs.map((j) => JSON.parse(j.payload).userId));
      expect(jobs.length).toBe(people.size);
      const latest = jobs.map((j) => j.run_at).sort().at(-1)!;
      const now = new Date(new Date(latest).getTime() + 1000).toISOString();
      const worker = path.resolve(__dirname, 'fixtures/digest-worker.ts');
      const [ra, rb] = await Promise.all([run(tsx, [worker, fresh.url!, now, smtp.url]), run(tsx, [worker, fresh.url!, now, smtp.url])]);
      const ranA = Number(/ran (\d+)/.exec(ra.stdout)?.[1]);
      const ranB = Number(/ran (\d+)/.exec(rb.stdout)?.[1]);
      expect(ranA + ranB).toBe(jobs.length);
      const digests = smtp.mails.filter((m) => /Subject: Your week in Candor/.test(m.raw));
      const recipients = digests.map((m) => m.to[0]!);
      expect(new Set(recipients).size).toBe(recipients.length); // nobody twice
      expect(recipients).toContain('sponsor@demo.candor.dev');
      expect(recipients).toContain('lead@demo.candor.dev');
      for (const m of digests) {
        const text = mailText(m.raw);
        if (/sponsor|stakeholder/.test(m.to[0]!)) expect(text).not.toContain(MARKER);
        else if (m.to[0] === 'lead@demo.candor.dev') expect(text).toContain(MARKER);
      }
      console.log(`digests: ${digests.length} sent by two processes (A ran ${ranA} jobs, B ran ${ranB})`);
    } finally {
      await smtp.stop();
    }
  }, 120_000);
});
