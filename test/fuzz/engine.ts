import fc from 'fast-check';
import type { Operation } from './openapi';
import { type Answer, answerProblems, type OracleWorld } from './oracle';
import { describeRequest, type FuzzRequest, type RequestOptions, requestArb } from './request';

/**
 * The fuzz loop: for every operation, a fast-check property over its generated requests, with a seed
 * derived from the run's seed and the operation (so one operation can be replayed alone). Each request is
 * sent, its answer judged by the oracle, and — when it was refused — the state before and after compared.
 */

export interface FuzzTarget extends OracleWorld {
  /** the headers of an auth variant (signing in again first if the fuzz ended its session): before the snapshot */
  authHeaders(auth: string): Promise<Record<string, string>>;
  send(req: FuzzRequest, authHeaders: Record<string, string>): Promise<Answer>;
  /** a digest of everything a request could write (compared around refused requests) */
  snapshot(): Promise<Snapshot>;
  /** bumped whenever the target writes on its own (signing in again, a new token), so a cached snapshot is stale */
  epoch(): number;
}

export interface Snapshot {
  digest: string;
  /** per part (a table, an audit chain): its digest, to name what changed */
  parts: Record<string, string>;
}

export interface Finding {
  op: string;
  seed: number;
  path: string | undefined;
  request: string;
  problems: string[];
  report: string;
}

export interface FuzzStats {
  seed: number;
  requests: number;
  byClass: Record<string, number>;
  byStatus: Record<string, number>;
  byOp: Record<string, { requests: number; byClass: Record<string, number> }>;
  byTag: Record<string, number>;
  refusedWritesChecked: number;
  /** time spent sending requests and taking snapshots (the rest is generation and shrinking) */
  sendMs: number;
  snapshotMs: number;
  findings: Finding[];
  durationMs: number;
}

export interface FuzzOptions {
  seed: number;
  /** runs per operation (before shrinking) */
  runsPerOp: number;
  /** stop starting new operations after this long (ms) */
  timeLimitMs?: number;
  /** only operations whose key contains one of these ('|'-separated) */
  only?: string;
  request: RequestOptions;
  /** when to snapshot around a request: every request, or only state-changing methods */
  checkWrites?: 'all' | 'unsafe';
  /** operations to run last (e.g. closing the engagement, signing out) */
  last?: string[];
  onFinding?: (f: Finding) => void;
}

/** A stable 32-bit seed for one operation of a run. */
export function opSeed(seed: number, key: string): number {
  let h = seed | 0;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h | 0;
}

function diff(a: Snapshot, b: Snapshot): string[] {
  const keys = new Set([...Object.keys(a.parts), ...Object.keys(b.parts)]);
  return [...keys].filter((k) => a.parts[k] !== b.parts[k]);
}

const inc = (m: Record<string, number>, k: string) => {
  m[k] = (m[k] ?? 0) + 1;
};

export async function runFuzz(ops: Operation[], target: FuzzTarget, o: FuzzOptions): Promise<FuzzStats> {
  const started = Date.now();
  const stats: FuzzStats = { seed: o.seed, requests: 0, byClass: {}, byStatus: {}, byOp: {}, byTag: {}, refusedWritesChecked: 0, sendMs: 0, snapshotMs: 0, findings: [], durationMs: 0 };
  const last = new Set(o.last ?? []);
  const ordered = [...ops.filter((x) => !last.has(x.key)), ...ops.filter((x) => last.has(x.key))].filter((x) => !o.only || o.only.split('|').some((k) => x.key === k || x.key.includes(k)));
  // the state after a refused request is the state before the next one, unless the target wrote since
  let cached: { epoch: number; snap: Snapshot } | null = null;
  for (const op of ordered) {
    if (o.timeLimitMs !== undefined && Date.now() - started > o.timeLimitMs) break;
    const perOp: FuzzStats['byOp'][string] = { requests: 0, byClass: {} };
    stats.byOp[op.key] = perOp;
    const checkWrites = o.checkWrites === 'all' || op.method !== 'GET';
    const seed = opSeed(o.seed, op.key);
    const property = fc.asyncProperty(requestArb(op, o.request), async (req) => {
      const auth = await target.authHeaders(req.auth);
      let t = performance.now();
      const reuse = cached && cached.epoch === target.epoch() ? cached.snap : null;
      cached = null;
      const before = checkWrites ? (reuse ?? (await target.snapshot())) : null;
      stats.snapshotMs += performance.now() - t;
      t = performance.now();
      const answer = await target.send(req, auth);
      stats.sendMs += performance.now() - t;
      stats.requests++;
      perOp.requests++;
      const cls = `${Math.floor(answer.status / 100)}xx`;
      inc(stats.byClass, cls);
      inc(stats.byStatus, String(answer.status));
      inc(perOp.byClass, cls);
      for (const t of req.tags) inc(stats.byTag, t.replace(/:.*$/, '') === 'auth' ? t : t.replace(/-\d+$/, ''));
      const problems = answerProblems(op, req, answer, target);
      if (before && answer.status >= 400) {
        stats.refusedWritesChecked++;
        t = performance.now();
        const after = await target.snapshot();
        stats.snapshotMs += performance.now() - t;
        cached = { epoch: target.epoch(), snap: after };
        if (after.digest !== before.digest) problems.push(`refused with ${answer.status} but wrote: ${diff(before, after).join(', ')}`);
      }
      if (problems.length) throw new Error(`${problems.join('\n')}\n→ ${answer.status} ${answer.body.slice(0, 300)}`);
    });
    const details = await fc.check(property, { seed, numRuns: o.runsPerOp, interruptAfterTimeLimit: 60_000, markInterruptAsFailure: false });
    if (details.failed) {
      const req = details.counterexample?.[0] as FuzzRequest | undefined;
      const f: Finding = {
        op: op.key,
        seed,
        path: details.counterexamplePath ?? undefined,
        request: req ? describeRequest(req) : '(none)',
        problems: String((details.errorInstance as Error | undefined)?.message ?? `${details.failed ? "failed" : ""}`).split("\n"),
        report: fc.defaultReportMessage(details) ?? '',
      };
      stats.findings.push(f);
      o.onFinding?.(f);
    }
  }
  stats.durationMs = Date.now() - started;
  return stats;
}

/** A finding as text: the operation, fast-check's seed and path to replay it, the request and what was wrong. */
export function formatFinding(f: Finding, runSeed: number): string {
  return [
    `${f.op}: ${f.problems[0]}`,
    `  replay: CANDOR_FUZZ_SEED=${runSeed} CANDOR_FUZZ_OP='${f.op}' (fast-check seed ${f.seed}, path ${f.path})`,
    `  request: ${f.request}`,
    ...f.problems.slice(1).map((p) => `  ${p}`),
  ].join('\n');
}
