import type { Deps } from '../http/context';
import { enqueue } from '../jobs/queue';

const DAY_MS = 86_400_000;

/** Monday 06:00 UTC after `now`: when the next weekly snapshot of an engagement is due. */
export function nextSnapshotAt(now: Date): Date {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 6));
  const monday = new Date(d.getTime() + ((8 - d.getUTCDay()) % 7) * DAY_MS);
  return monday > now ? monday : new Date(monday.getTime() + 7 * DAY_MS);
}

/**
 * Schedules the engagement's next weekly snapshot (one job per engagement
 * and week, whatever the number of writes). Called in delivery writes'
 * transactions, so active engagements get a stored forecast every week.
 */
export async function scheduleSnapshot(trx: Parameters<typeof enqueue>[0], now: Date, engagementId: string) {
  const at = nextSnapshotAt(now);
  const clock: Pick<Deps, 'clock'> = { clock: { now: () => now } };
  await enqueue(trx, clock, 'forecast.snapshot', { engagementId }, { runAt: at, uniqueKey: `forecast.snapshot:${engagementId}:${at.toISOString().slice(0, 10)}` });
}
