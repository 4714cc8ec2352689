/** Messages between the soak (parent) and the server it forks (scripts/soak/server.ts), over the IPC channel only. */

export type ToServer = { type: 'sample' } | { type: 'final' } | { type: 'stop' };

export interface MemorySample {
  /** ms since the server was ready */
  at: number;
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
  /** heapUsed right after the last major (mark-compact) GC in this interval; null when none ran */
  heapAfterMajorGc: number | null;
  majorGcs: number;
  /** event-loop delay over the interval (monitorEventLoopDelay, reset at each sample), ms */
  loopDelayP50: number;
  loopDelayP99: number;
  loopDelayMax: number;
}

export interface ServerFinal {
  /** process.getActiveResourcesInfo(), counted by kind */
  resources: Record<string, number>;
  /** SQLite: file descriptors open on the database file (one per better-sqlite3 connection) */
  sqliteFileHandles?: number;
  /** PostgreSQL: the app's pool */
  pgPool?: { total: number; idle: number; waiting: number };
}

export type FromServer =
  | { type: 'ready'; port: number; pid: number }
  | ({ type: 'sample' } & MemorySample)
  | ({ type: 'final' } & ServerFinal)
  | { type: 'closed'; resources: Record<string, number>; closeMs: number }
  | { type: 'fatal'; message: string };

export function countBy(xs: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of xs) out[x] = (out[x] ?? 0) + 1;
  return out;
}
