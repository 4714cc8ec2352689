import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, DB_KIND, pgMissing, type TestContext } from './context';
import { startFakeGithub, type FakeGithub } from './fake-github';
import { type CandorWorld, createCandorWorld, RUN_LAST } from './fuzz/candor';
import { formatFinding, runFuzz } from './fuzz/engine';
import { answerProblems } from './fuzz/oracle';
import type { FuzzRequest } from './fuzz/request';

/**
 * The OpenAPI-driven fuzzer (issue 17, ADR 0032): every operation of the document, requests derived
 * from its schemas by fast-check and mutated (wrong types, bounds, huge and malformed strings, deep and
 * duplicated-key JSON, wrong content types, missing/bogus/other-engagement auth, other-engagement ids).
 * Every answer: a 4xx in Candor's error shape, or a documented 2xx matching its schema; never a 5xx;
 * a refused request writes nothing; afterwards the server is healthy and every audit chain verifies.
 *
 * CI budget: a fixed seed and 10 runs per operation (2,150 requests; 35–60 s per database on this loaded 2-core machine).
 * `npm run fuzz` runs it longer (CANDOR_FUZZ_RUNS, CANDOR_FUZZ_SEED) and writes bench/results/fuzz.*.
 */
const SEED = Number(process.env.CANDOR_FUZZ_SEED ?? 20261202);
const RUNS = Number(process.env.CANDOR_FUZZ_RUNS ?? 10);
const TIME_LIMIT = process.env.CANDOR_FUZZ_TIME_MS ? Number(process.env.CANDOR_FUZZ_TIME_MS) : undefined;
const OUT = process.env.CANDOR_FUZZ_OUT;
const ONLY = process.env.CANDOR_FUZZ_OP;

describe.skipIf(pgMissing)('OpenAPI fuzzer', () => {
  let ctx: TestContext;
  let github: FakeGithub;
  let world: CandorWorld;
  beforeAll(async () => {
    github = await startFakeGithub();
    ctx = await createTestContext({ signInPerMinute: 1_000_000, env: { CANDOR_GITHUB_API_URL: github.url } });
    world = await createCandorWorld(ctx);
  });
  afterAll(async () => {
    await ctx?.close();
    await github?.close();
  });

  // the checks themselves can fail: each kind of breakage they guard against, made on purpose
  it('the oracle and the snapshot see what they guard against', async () => {
    const t = world.target;
    const E = world.engagements.main;
    const op = (key: string) => world.ops.find((o) => o.key === key)!;
    const req = (o: string, auth: string, url: string, pathIds: FuzzRequest['pathIds'] = []): FuzzRequest => ({ op: o, method: op(o).method, url, auth, headers: {}, pathIds, tags: [] });
    const json = (status: number, body: unknown) => ({ status, contentType: 'application/json; charset=utf-8', body: JSON.stringify(body) });
    const notes = `GET /api/v1/engagements/{id}/notes`;
    const r = req(notes, 'lead', `/api/v1/engagements/${E}/notes`, [{ id: E, pool: 'this' }]);
    expect(answerProblems(op(notes), r, json(500, { error: { code: 'internal', message: 'x', details: [] } }), t)).toHaveLength(1);
    expect(answerProblems(op(notes), r, json(404, { error: { code: 'not_found', message: 'x' } }), t)[0]).toMatch(/not exactly code, message, details/);
    expect(answerProblems(op(notes), r, json(400, { error: { code: 'x', message: 'at foo (src/a.ts:12:3)', details: [] } }), t)[0]).toMatch(/internals/);
    expect(answerProblems(op(notes), r, json(200, { notes: 'not a list' }), t)[0]).toMatch(/does not match the documented schema/);
    const real = await ctx.as('lead', { method: 'GET', url: `/api/v1/engagements/${E}/notes` });
    const realAnswer = { status: real.statusCode, contentType: String(real.headers['content-type']), body: real.body };
    expect(answerProblems(op(notes), r, realAnswer, t)).toEqual([]);
    expect(answerProblems(op(notes), { ...r, auth: 'anonymous' }, realAnswer, t)[0]).toMatch(/secured operation answered 200 to anonymous/);
    expect(answerProblems(op(notes), { ...r, auth: 'other-lead' }, realAnswer, t).join()).toMatch(/not a member of engagement/);
    const other = { ...realAnswer, body: realAnswer.body.replace('"notes":[', `"notes":[],"x":"${world.engagements.other}FZ-other-engagement-5521",[`) };
    expect(answerProblems(op(notes), r, other, t).join()).toMatch(/may not see/);
    // an audited write, an unaudited update (a notification read) and a new session all change the snapshot
    const s0 = await t.snapshot();
    expect((await t.snapshot()).digest).toBe(s0.digest);
    await ctx.as('lead', { method: 'POST', url: `/api/v1/engagements/${E}/notes`, payload: { title: 'self-check' } });
    const s1 = await t.snapshot();
    expect(Object.keys(s1.parts).filter((k) => s1.parts[k] !== s0.parts[k]).sort()).toEqual(['audit', 'count:audit_log', 'count:events', 'count:notes']);
    const unread = await ctx.deps.db.selectFrom('notifications').select('id').where('read_at', 'is', null).executeTakeFirstOrThrow();
    await ctx.deps.db.updateTable('notifications').set({ read_at: '2026-11-02T09:00:00.000Z' }).where('id', '=', unread.id).execute();
    const s2 = await t.snapshot();
    expect(Object.keys(s2.parts).filter((k) => s2.parts[k] !== s1.parts[k])).toEqual(['rows:notifications']);
    await t.authHeaders('lead');
    await ctx.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email: 'member@demo.candor.dev', password: 'demo-password-1' } });
    expect((await t.snapshot()).parts['count:sessions']).not.toBe(s2.parts['count:sessions']);
  });

  it(
    `every operation, seed ${SEED}, ${RUNS} runs each: no 5xx, 4xx in Candor's shape, 2xx as documented, refused requests write nothing`,
    async () => {
      const stats = await runFuzz(world.ops, world.target, {
        seed: SEED,
        runsPerOp: RUNS,
        ...(TIME_LIMIT ? { timeLimitMs: TIME_LIMIT } : {}),
        ...(ONLY ? { only: ONLY } : {}),
        request: world.request,
        last: RUN_LAST,
      });
      const health = await world.health();
      const chains = await world.verifyAll();
      const summary = `fuzz ${DB_KIND}: ${stats.requests} requests over ${Object.keys(stats.byOp).length} operations in ${(stats.durationMs / 1000).toFixed(1)} s, seed ${SEED}, ${JSON.stringify(stats.byClass)}, ${stats.refusedWritesChecked} refused requests checked for writes (send ${(stats.sendMs / 1000).toFixed(1)} s, snapshots ${(stats.snapshotMs / 1000).toFixed(1)} s), ${stats.findings.length} findings`;
      console.log(summary);
      if (OUT) {
        mkdirSync(OUT, { recursive: true });
        writeFileSync(path.join(OUT, `fuzz-${DB_KIND}.json`), JSON.stringify({ db: DB_KIND, runsPerOp: RUNS, health, chains, ...stats }, null, 2));
      }
      expect(stats.findings.map((f) => formatFinding(f, SEED)).join('\n\n')).toBe('');
      if (!ONLY) {
        expect(Object.keys(stats.byOp).length).toBe(world.ops.length);
        expect(stats.requests).toBeGreaterThanOrEqual(world.ops.length * Math.min(RUNS, 1));
      }
      expect(health).toBe(200);
      expect(chains.filter((c) => !c.ok)).toEqual([]);
      expect(chains.map((c) => c.chain)).toEqual(expect.arrayContaining([world.engagements.main, world.engagements.other]));
    },
    Number(process.env.CANDOR_FUZZ_TIMEOUT_MS ?? 120_000),
  );
});
