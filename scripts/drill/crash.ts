/**
 * The crash drill (issue 17, ADR 0030): the real server as a child process, sustained writes from
 * several clients, `kill -9` at a random moment, a restart on the same data, the checks of check.ts,
 * and again. One run is one database (a SQLite data folder or a PostgreSQL database).
 */
import { mulberry32 } from '../../src/domain/random';
import { openDatabase } from '../../src/server/db/database';
import { type CheckContext, type CheckFigures, checkDrill } from './check';
import { type Attempt, DrillClient, type DrillRole, getJson, type LoadContext, signIn } from './load';
import { type ServerProcess, startServer } from './server-process';

/** The servers' clock starts here (then runs at real speed, carried over each restart): never today's date. */
export const DRILL_CLOCK_START = new Date('2026-11-18T09:00:00.000Z');
export const DRILL_PASSWORD = 'crash-drill-password';

const ACCOUNTS: Record<DrillRole, string> = { lead: 'lead@demo.candor.dev', member: 'member@demo.candor.dev', sponsor: 'sponsor@demo.candor.dev' };
/** Six writers: two per role. */
const CLIENTS: DrillRole[] = ['lead', 'member', 'sponsor', 'lead', 'member', 'sponsor'];

export interface DrillOptions {
  database: 'sqlite' | 'postgres';
  /** CANDOR_DATA_DIR of the server (the SQLite file is candor.sqlite in it). */
  dataDir: string;
  /** PostgreSQL: an empty (or migrated, unseeded) database. */
  databaseUrl?: string | undefined;
  kills: number;
  seed: number;
  /** Load before each kill, drawn uniformly from this range (ms). Default 300–2000. */
  loadMs?: [number, number];
  clients?: number;
  log?: (line: string) => void;
}

export interface RoundReport {
  round: number;
  loadMs: number;
  attempted: number;
  acknowledged: number;
  /** requests cut by this round's kill (no answer read) */
  cut: number;
  restartMs: number;
  checkMs: number;
  problems: number;
}

export interface DrillReport {
  database: 'sqlite' | 'postgres';
  seed: number;
  kills: number;
  clients: number;
  figures: CheckFigures;
  /** acknowledged writes per second of load */
  ackPerSecond: number;
  restartMs: { median: number; max: number };
  rounds: RoundReport[];
  /** the server stopped with exit code 0 on SIGTERM after the last check */
  gracefulStopCode: number | null;
  durationMs: number;
  problems: string[];
  ok: boolean;
  /** for re-running the checks (the test's "would the drill notice?") */
  context: CheckContext;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)]! : 0;
};
const isoDay = (d: Date) => d.toISOString().slice(0, 10);
const addDays = (day: string, n: number) => isoDay(new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000));

/** Opens the database as the CLI would and runs the checks. */
export async function checkDatabase(opts: Pick<DrillOptions, 'dataDir' | 'databaseUrl'>, ctx: CheckContext) {
  const database = openDatabase({ databaseUrl: opts.databaseUrl, dataDir: opts.dataDir, poolSize: 2 });
  try {
    return await checkDrill(database.db, database.dialect, ctx);
  } finally {
    await database.close();
  }
}

export async function runCrashDrill(opts: DrillOptions): Promise<DrillReport> {
  const log = opts.log ?? (() => undefined);
  const started = Date.now();
  const rng = mulberry32(opts.seed);
  const [minLoad, maxLoad] = opts.loadMs ?? [300, 2000];
  const clock = () => new Date(DRILL_CLOCK_START.getTime() + (Date.now() - started));
  const serverOpts = { dataDir: opts.dataDir, databaseUrl: opts.databaseUrl, demoPassword: DRILL_PASSWORD };
  const ledger: Attempt[] = [];
  const problems: string[] = [];
  const rounds: RoundReport[] = [];
  const restarts: number[] = [];

  let server: ServerProcess = await startServer({ ...serverOpts, clockStart: clock() });
  try {
    const firstMs = await server.waitHealthy(90_000);
    log(`${opts.database}: server up in ${firstMs} ms (migrations and demo seed)`);
    const cookies = {} as Record<DrillRole, string>;
    for (const role of Object.keys(ACCOUNTS) as DrillRole[]) cookies[role] = await signIn(server.url, ACCOUNTS[role], DRILL_PASSWORD);
    const { engagements } = await getJson<{ engagements: { id: string }[] }>(server.url, '/api/v1/engagements', cookies.lead);
    if (engagements.length !== 1) throw new Error(`expected the demo engagement, found ${engagements.length} engagements`);
    const engagementId = engagements[0]!.id;
    const base = `/api/v1/engagements/${engagementId}`;
    const settings = await getJson<{ startDate: string | null; endDate: string | null }>(server.url, `${base}/delivery/settings`, cookies.lead);
    const { locks } = await getJson<{ locks: { periodStart: string; periodEnd: string }[] }>(server.url, `${base}/time-locks`, cookies.lead);
    const today = isoDay(DRILL_CLOCK_START);
    const timeDates: string[] = [];
    for (let d = settings.startDate ?? addDays(today, -30); d <= (settings.endDate ?? addDays(today, 60)) && timeDates.length < 400; d = addDays(d, 1)) {
      if (!locks.some((l) => l.periodStart <= d && d <= l.periodEnd)) timeDates.push(d);
    }
    const dueDates = Array.from({ length: 60 }, (_, i) => addDays(today, 30 + i));
    const tag = `s${opts.seed}`;
    const loadCtx: LoadContext = { engagementId, tag, timeDates, dueDates };
    const n = opts.clients ?? CLIENTS.length;
    const clients = Array.from({ length: n }, (_, i) => {
      const role = CLIENTS[i % CLIENTS.length]!;
      return new DrillClient(`${role}${i + 1}`, role, cookies[role], loadCtx, mulberry32(opts.seed * 1000 + i + 1), ledger);
    });

    // the chain's head before the drill writes, and the untouched demo passes every check
    const baseline = await checkBaseline(opts, engagementId);
    const ctx: CheckContext = { engagementId, tag, baselineSeq: baseline, ledger };
    const before = await checkDatabase(opts, ctx);
    if (before.problems.length > 0) problems.push(...before.problems.map((p) => `before the drill: ${p}`));

    // warm-up (round 0, no kill): each client writes one of each of its kinds, so every kind is in the database
    // before the first kill and every round's checks cover each of them
    await Promise.all(
      clients.map((c) => {
        let sent = 0;
        return c.runUntilDown(server.url, 0, () => sent++ >= c.kindsCount);
      }),
    );
    const warm = ledger.filter((a) => !a.acked);
    if (warm.length > 0) problems.push(`warm-up: ${warm.length} writes not acknowledged, e.g. ${warm[0]!.kind} → ${warm[0]!.status} ${warm[0]!.error}`);

    for (let round = 1; round <= opts.kills; round += 1) {
      const from = ledger.length;
      const loadMs = Math.round(minLoad + rng() * (maxLoad - minLoad));
      let killed = false;
      // the load's clock starts at the round's first acknowledgement (a restarted server's first requests are slow)
      let firstAck: () => void = () => undefined;
      const acked = new Promise<void>((resolve) => {
        firstAck = resolve;
      });
      const running = clients.map((c) => c.runUntilDown(server.url, round, () => killed, firstAck));
      const noAck = setTimeout(firstAck, 30_000);
      await acked;
      clearTimeout(noAck);
      await new Promise((r) => setTimeout(r, loadMs));
      killed = true;
      await server.kill9();
      await Promise.all(running);
      const mine = ledger.slice(from);
      server = await startServer({ ...serverOpts, clockStart: clock() });
      const restartMs = await server.waitHealthy(60_000);
      restarts.push(restartMs);
      const t = Date.now();
      const result = await checkDatabase(opts, ctx);
      const checkMs = Date.now() - t;
      const fresh = result.problems.filter((p) => !problems.includes(p));
      problems.push(...fresh);
      const r: RoundReport = {
        round,
        loadMs,
        attempted: mine.length,
        acknowledged: mine.filter((a) => a.acked).length,
        cut: mine.filter((a) => !a.acked && a.status === undefined).length,
        restartMs,
        checkMs,
        problems: result.problems.length,
      };
      rounds.push(r);
      log(
        `${opts.database} kill ${round}/${opts.kills}: ${r.attempted} sent in ${loadMs} ms, ${r.acknowledged} acknowledged, ${r.cut} cut; restart ${restartMs} ms; check ${checkMs} ms: ${result.figures.lost} lost, ${result.figures.halfApplied} half-applied, ${result.problems.length} problems`,
      );
    }
    const last = await checkDatabase(opts, ctx);
    const gracefulStopCode = await server.stop();
    if (gracefulStopCode !== 0) problems.push(`the server exited with ${gracefulStopCode} on SIGTERM: ${server.output().slice(-2000)}`);
    for (const p of last.problems) if (!problems.includes(p)) problems.push(p);
    const loadSeconds = rounds.reduce((s, r) => s + r.loadMs, 0) / 1000;
    return {
      database: opts.database,
      seed: opts.seed,
      kills: rounds.length,
      clients: n,
      figures: last.figures,
      ackPerSecond: Math.round(last.figures.acknowledged / Math.max(loadSeconds, 0.001)),
      restartMs: { median: median(restarts), max: Math.max(0, ...restarts) },
      rounds,
      gracefulStopCode,
      durationMs: Date.now() - started,
      problems,
      ok: problems.length === 0 && last.figures.lost === 0 && last.figures.halfApplied === 0 && rounds.length === opts.kills,
      context: ctx,
    };
  } finally {
    if (!server.exited()) await server.kill9();
  }
}

async function checkBaseline(opts: Pick<DrillOptions, 'dataDir' | 'databaseUrl'>, engagementId: string): Promise<number> {
  const database = openDatabase({ databaseUrl: opts.databaseUrl, dataDir: opts.dataDir, poolSize: 1 });
  try {
    const head = await database.db.selectFrom('audit_heads').select('seq').where('chain_id', '=', engagementId).executeTakeFirst();
    return head?.seq ?? 0;
  } finally {
    await database.close();
  }
}
