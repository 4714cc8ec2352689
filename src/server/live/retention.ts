import { unscoped } from '../authz/scoped';
import type { Deps } from '../http/context';
import { enqueue, type JobHandlers } from '../jobs/queue';

/** Live events are kept this long: a client away for longer reloads its pages rather than resuming. */
export const EVENT_RETENTION_DAYS = 7;
const DAY_MS = 24 * 3600_000;

/** The next daily clean-up (03:00 UTC), one per day across processes (unique key). */
export async function schedulePrune(deps: Pick<Deps, 'clock' | 'db'>, after = deps.clock.now()) {
  const at = new Date(Date.UTC(after.getUTCFullYear(), after.getUTCMonth(), after.getUTCDate(), 3));
  if (at.getTime() <= after.getTime()) at.setUTCDate(at.getUTCDate() + 1);
  await enqueue(deps.db, deps, 'live.prune', {}, { runAt: at, uniqueKey: `live.prune:${at.toISOString()}` });
}

export const liveJobs: JobHandlers = {
  'live.prune': async (deps, _payload, job) => {
    const before = new Date(deps.clock.now().getTime() - EVENT_RETENTION_DAYS * DAY_MS).toISOString();
    await unscoped(deps.db, 'retention of live events (ids only)').deleteFrom('events').where('created_at', '<', before).execute();
    await schedulePrune(deps, new Date(job.run_at));
  },
};
