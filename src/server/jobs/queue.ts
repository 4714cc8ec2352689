import { hostname } from 'node:os';
import type { Kysely, Transaction } from 'kysely';
import { backoffMs } from '../../domain/jobs/backoff';
import type { DB, JobsTable } from '../db/schema';
import type { Deps } from '../http/context';
import { newId } from '../ids';

/**
 * One job mechanism for the whole product (decision 0005). Jobs are rows:
 * due ones are claimed atomically — `FOR UPDATE SKIP LOCKED` on PostgreSQL so
 * several processes never take the same job, a single UPDATE … RETURNING on
 * SQLite — run, then marked done; failures retry with backoff until
 * `max_attempts`, then stay `dead` for the admin to see and retry.
 */
export type JobHandler = (deps: Deps, payload: Record<string, unknown>, job: JobsTable) => Promise<void>;
export type JobHandlers = Record<string, JobHandler>;

export interface EnqueueOptions {
  runAt?: Date;
  /** At most one job per key ever (e.g. one climb per escalation level); such jobs are never pruned. */
  uniqueKey?: string;
  maxAttempts?: number;
}

/** Schedules a job, in the caller's transaction when given. Duplicate unique keys are ignored. */
export async function enqueue(
  db: Kysely<DB> | Transaction<DB>,
  deps: Pick<Deps, 'clock'>,
  kind: string,
  payload: Record<string, unknown>,
  opts: EnqueueOptions = {},
): Promise<void> {
  const now = deps.clock.now().toISOString();
  await db
    .insertInto('jobs')
    .values({
      id: newId(),
      kind,
      payload: JSON.stringify(payload),
      unique_key: opts.uniqueKey ?? null,
      run_at: (opts.runAt ?? deps.clock.now()).toISOString(),
      status: 'pending',
      attempts: 0,
      max_attempts: opts.maxAttempts ?? 5,
      last_error: null,
      locked_by: null,
      locked_until: null,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.column('unique_key').doNothing())
    .execute();
}

export const WORKER_ID = `${hostname()}:${process.pid}:${newId().slice(-6)}`;
const LEASE_MS = 5 * 60_000;

/** Takes up to `limit` due jobs (pending and due, or running with an expired lease). */
export async function claimDueJobs(deps: Deps, limit: number, workerId = WORKER_ID): Promise<JobsTable[]> {
  const now = deps.clock.now();
  const nowIso = now.toISOString();
  const leaseUntil = new Date(now.getTime() + LEASE_MS).toISOString();
  return deps.db.transaction().execute(async (trx) => {
    let due = trx
      .selectFrom('jobs')
      .select('id')
      .where((eb) =>
        eb.or([
          eb.and([eb('status', '=', 'pending'), eb('run_at', '<=', nowIso)]),
          eb.and([eb('status', '=', 'running'), eb('locked_until', '<', nowIso)]),
        ]),
      )
      .orderBy('run_at')
      .limit(limit);
    if (deps.dialect === 'postgres') due = due.forUpdate().skipLocked();
    const ids = (await due.execute()).map((r) => r.id);
    if (ids.length === 0) return [];
    const claimed = await trx
      .updateTable('jobs')
      .set((eb) => ({
        status: 'running',
        locked_by: workerId,
        locked_until: leaseUntil,
        attempts: eb('attempts', '+', 1),
        updated_at: nowIso,
      }))
      .where('id', 'in', ids)
      .returningAll()
      .execute();
    // RETURNING has no order: run in due order
    return claimed.sort((a, b) => a.run_at.localeCompare(b.run_at) || a.id.localeCompare(b.id));
  });
}

async function finish(deps: Deps, job: JobsTable, error: unknown): Promise<void> {
  const now = deps.clock.now();
  if (!error) {
    await deps.db
      .updateTable('jobs')
      .set({ status: 'done', locked_by: null, locked_until: null, last_error: null, updated_at: now.toISOString() })
      .where('id', '=', job.id)
      .execute();
    return;
  }
  const message = error instanceof Error ? error.message : String(error);
  const dead = job.attempts >= job.max_attempts;
  await deps.db
    .updateTable('jobs')
    .set({
      status: dead ? 'dead' : 'pending',
      run_at: dead ? job.run_at : new Date(now.getTime() + backoffMs(job.attempts, Math.random())).toISOString(),
      locked_by: null,
      locked_until: null,
      last_error: message.slice(0, 2000),
      updated_at: now.toISOString(),
    })
    .where('id', '=', job.id)
    .execute();
  deps.log[dead ? 'error' : 'warn']({ jobId: job.id, kind: job.kind, attempts: job.attempts, err: message }, dead ? 'job failed for good' : 'job failed; will retry');
}

/** Claims and runs due jobs until none are left (or `maxJobs` ran). Returns how many ran. */
export async function runDueJobs(deps: Deps, handlers: JobHandlers, opts: { batch?: number; maxJobs?: number; workerId?: string } = {}): Promise<number> {
  let ran = 0;
  const max = opts.maxJobs ?? 1000;
  while (ran < max) {
    const jobs = await claimDueJobs(deps, Math.min(opts.batch ?? 10, max - ran), opts.workerId);
    if (jobs.length === 0) break;
    for (const job of jobs) {
      const handler = handlers[job.kind];
      let error: unknown = handler ? undefined : new Error(`no handler for job kind "${job.kind}"`);
      if (handler) {
        try {
          await handler(deps, JSON.parse(job.payload) as Record<string, unknown>, job);
        } catch (err) {
          error = err;
        }
      }
      await finish(deps, job, error);
      ran += 1;
    }
  }
  return ran;
}

/** Done jobs are kept this long (the admin's jobs view shows recent work), then pruned. */
export const DONE_JOB_RETENTION_DAYS = 30;
const PRUNE_EVERY_MS = 60 * 60_000;
const PRUNE_BATCH = 1_000;

/**
 * Deletes done jobs finished more than DONE_JOB_RETENTION_DAYS ago, in batches so no statement holds the
 * table long. Jobs with a unique key are kept: the key is the promise "at most one such job ever" (one climb
 * per escalation level), and pruning it would let the same job be scheduled again. Dead jobs stay for the
 * admin. Returns how many were deleted.
 */
export async function pruneDoneJobs(deps: Pick<Deps, 'db' | 'clock'>, maxBatches = 20): Promise<number> {
  const before = new Date(deps.clock.now().getTime() - DONE_JOB_RETENTION_DAYS * 86_400_000).toISOString();
  let deleted = 0;
  for (let i = 0; i < maxBatches; i++) {
    const ids = await deps.db
      .selectFrom('jobs')
      .select('id')
      .where('status', '=', 'done')
      .where('unique_key', 'is', null)
      .where('updated_at', '<', before)
      .limit(PRUNE_BATCH)
      .execute();
    if (ids.length === 0) break;
    const res = await deps.db
      .deleteFrom('jobs')
      .where(
        'id',
        'in',
        ids.map((r) => r.id),
      )
      .where('status', '=', 'done')
      .executeTakeFirst();
    deleted += Number(res.numDeletedRows);
    if (ids.length < PRUNE_BATCH) break;
  }
  return deleted;
}

/** Polls for due jobs every `intervalMs` until stopped; one run at a time. Prunes old done jobs hourly. */
export function startJobRunner(deps: Deps, handlers: JobHandlers, intervalMs = 5_000): { stop: () => Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  let lastPrune = 0;
  const tick = () => {
    if (stopped) return;
    const prune = Date.now() - lastPrune >= PRUNE_EVERY_MS;
    if (prune) lastPrune = Date.now();
    running = runDueJobs(deps, handlers)
      .then(() => (prune ? pruneDoneJobs(deps) : 0))
      .catch((err) => deps.log.error({ err }, 'job runner tick failed'));
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  tick();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
