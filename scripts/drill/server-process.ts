/**
 * The real Candor server as a child process, as `npm start` runs it after the web build: one
 * `node --import tsx src/server/main.ts` process (the `tsx` command would start a second process
 * and relay signals to it, so a SIGKILL to it would leave the server running). Configuration comes
 * from the environment only. Reusable by the drills (crash, backup, soak).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../test/pg-cluster';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MAIN = path.join(ROOT, 'src/server/main.ts');

export interface ServerOptions {
  /** CANDOR_DATA_DIR: the SQLite file (candor.sqlite) and the session secret live here. */
  dataDir: string;
  /** DATABASE_URL: PostgreSQL; unset for SQLite in dataDir. */
  databaseUrl?: string | undefined;
  /** CANDOR_CLOCK_START: the server's clock runs from this instant (a fixed date, never today). */
  clockStart?: Date | undefined;
  /** CANDOR_DEMO_PASSWORD: seeds the demo engagement on an empty database with this password. */
  demoPassword?: string | undefined;
  /** A free loopback port is chosen when unset. */
  port?: number | undefined;
  /** More environment variables for the child. */
  env?: Record<string, string> | undefined;
  /** LOG_LEVEL of the child (default warn). */
  logLevel?: string | undefined;
}

export interface ServerProcess {
  child: ChildProcess;
  pid: number;
  port: number;
  /** http://127.0.0.1:<port> */
  url: string;
  /** Everything the process printed (stdout and stderr), last 64 KB. */
  output(): string;
  /** Resolves when GET /healthz answers 200; rejects when the process exits first or the deadline passes. */
  waitHealthy(timeoutMs?: number): Promise<number>;
  /** SIGKILL: no shutdown handler runs, in-flight requests are cut. Resolves when the process is gone. */
  kill9(): Promise<void>;
  /** SIGTERM (graceful shutdown), then SIGKILL after `graceMs`. Resolves with the exit code. */
  stop(graceMs?: number): Promise<number | null>;
  exited(): boolean;
}


/** Starts the server; call waitHealthy() before sending requests. */
export async function startServer(opts: ServerOptions): Promise<ServerProcess> {
  const port = opts.port ?? (await freePort());
  const env: NodeJS.ProcessEnv = { ...process.env, ...opts.env, PORT: String(port), HOST: '127.0.0.1', CANDOR_DATA_DIR: opts.dataDir, LOG_LEVEL: opts.logLevel ?? 'warn' };
  delete env.DATABASE_URL;
  delete env.CANDOR_CLOCK_START;
  delete env.CANDOR_DEMO_PASSWORD;
  delete env.CANDOR_PUBLIC_URL;
  if (opts.databaseUrl) env.DATABASE_URL = opts.databaseUrl;
  if (opts.clockStart) env.CANDOR_CLOCK_START = opts.clockStart.toISOString();
  if (opts.demoPassword) env.CANDOR_DEMO_PASSWORD = opts.demoPassword;
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const append = (d: Buffer) => {
    out += d.toString();
    if (out.length > 65_536) out = out.slice(-65_536);
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  let exitCode: number | null | undefined;
  const gone = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      exitCode = code;
      resolve(code);
    });
  });
  if (child.pid === undefined) throw new Error('the server process could not be spawned');
  const url = `http://127.0.0.1:${port}`;
  const exited = () => exitCode !== undefined;

  return {
    child,
    pid: child.pid,
    port,
    url,
    output: () => out,
    exited,
    async waitHealthy(timeoutMs = 60_000) {
      const started = Date.now();
      const deadline = started + timeoutMs;
      for (;;) {
        if (exited()) throw new Error(`the server exited (code ${exitCode}) before it was healthy:\n${out}`);
        if (Date.now() > deadline) throw new Error(`the server was not healthy within ${timeoutMs} ms:\n${out}`);
        try {
          const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) });
          await res.arrayBuffer();
          if (res.status === 200) return Date.now() - started;
        } catch {
          // not listening yet
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async kill9() {
      if (!exited()) child.kill('SIGKILL');
      await gone;
    },
    async stop(graceMs = 15_000) {
      if (exited()) return exitCode ?? null;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const code = await gone;
      clearTimeout(timer);
      return code;
    },
  };
}
