import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { CliError, describeError } from '../errors';
import { maskUrl } from '../globals';

/**
 * The PostgreSQL client tools `candor backup` and `candor restore` drive
 * (pg_dump, pg_restore): where to find them, whether they are new enough for
 * the server, and how to run them without the password on a command line.
 */
export type PgToolName = 'pg_dump' | 'pg_restore';

export interface PgTool {
  name: PgToolName;
  path: string;
  /** "15.18" */
  version: string;
  major: number;
}

/** A postgres:// URL split into what the tools get on their command line and the password they get in PGPASSWORD. */
export interface PgTarget {
  /** The URL without its password (libpq reads it as --dbname). */
  dbname: string;
  /** The decoded password, if the URL has one. */
  password: string | undefined;
  /** The URL for people: password masked. */
  shown: string;
}

export function pgTarget(url: string): PgTarget {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new CliError(`The database URL ${maskUrl(url)} is not a valid postgres:// URL`, 2);
  }
  let password = u.password ? decodeURIComponent(u.password) : undefined;
  if (u.searchParams.has('password')) {
    password = u.searchParams.get('password') ?? password;
    u.searchParams.delete('password');
  }
  u.password = '';
  return { dbname: u.toString(), password, shown: maskUrl(url) };
}

/** Replaces every form of the secret in a text (tools' messages may echo what they were given). */
export function maskSecret(text: string, secret: string | undefined): string {
  if (!secret) return text;
  let out = text;
  for (const form of new Set([secret, encodeURIComponent(secret)])) out = out.split(form).join('****');
  return out;
}

/** A tool's stderr in one line for an error message: its error lines first, at most 5, password masked. */
export function summariseStderr(stderr: string, secret: string | undefined): string {
  const lines = [...new Set(maskSecret(stderr, secret).split('\n').map((l) => l.trim()).filter(Boolean))];
  const errors = lines.filter((l) => /\b(error|fatal|failed)\b/i.test(l));
  const picked = (errors.length ? errors : lines).slice(0, 5).join('; ');
  return picked.length > 600 ? `${picked.slice(0, 600)}…` : picked || '(no message)';
}

const VERSIONED_DIRS = '/usr/lib/postgresql';

/** Every folder that may hold the tool: PATH in order, then /usr/lib/postgresql/<major>/bin newest first. */
function candidateDirs(): string[] {
  const dirs = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
  if (existsSync(VERSIONED_DIRS)) {
    const majors = readdirSync(VERSIONED_DIRS)
      .filter((d) => /^\d+$/.test(d))
      .sort((a, b) => Number(b) - Number(a));
    for (const m of majors) dirs.push(path.join(VERSIONED_DIRS, m, 'bin'));
  }
  return [...new Set(dirs.map((d) => path.resolve(d)))];
}

/** Runs `tool --version`: "pg_dump (PostgreSQL) 15.18 (Debian …)" → 15.18, or null when it is not a working tool. */
function probe(name: PgToolName, file: string): PgTool | null {
  if (!existsSync(file) || !statSync(file).isFile()) return null;
  const res = spawnSync(file, ['--version'], { encoding: 'utf8', timeout: 10_000 });
  const m = res.status === 0 ? /\(PostgreSQL\)\s+(\d+)(?:\.(\d+))?/.exec(res.stdout) : null;
  if (!m) return null;
  return { name, path: file, version: m[2] === undefined ? m[1]! : `${m[1]}.${m[2]}`, major: Number(m[1]) };
}

/**
 * The tool to use for a server of `serverMajor`: in `binDir` only when given,
 * else the first one on PATH or in /usr/lib/postgresql/<major>/bin whose major
 * is at least the server's (pg_dump refuses a newer server; pg_restore may not
 * read a newer server's dump).
 */
export function findPgTool(name: PgToolName, serverMajor: number, binDir?: string): PgTool {
  const dirs = binDir ? [path.resolve(binDir)] : candidateDirs();
  const found = dirs.map((d) => probe(name, path.join(d, name))).filter((t): t is PgTool => t !== null);
  if (found.length === 0) {
    throw new CliError(
      binDir
        ? `No working ${name} in ${path.resolve(binDir)} (from --pg-bin)`
        : `${name} was not found on PATH or in ${VERSIONED_DIRS}/*/bin: install the PostgreSQL client tools (Debian: apt-get install postgresql-client-${serverMajor}) or give --pg-bin <dir>`,
    );
  }
  const fit = found.find((t) => t.major >= serverMajor);
  if (!fit) {
    const t = found[0]!;
    throw new CliError(
      `${name} ${t.version} (${t.path}) is older than the PostgreSQL ${serverMajor} server and cannot ${name === 'pg_dump' ? 'back it up' : 'restore into it'}: install the PostgreSQL ${serverMajor} client tools (Debian: apt-get install postgresql-client-${serverMajor}) or give --pg-bin <dir>`,
    );
  }
  return fit;
}

/** The server's major version (15 for 15.18), from a short connection. */
export async function serverMajor(url: string): Promise<number> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
    const r = await client.query<{ v: string }>(`select current_setting('server_version_num') as v`);
    return Math.floor(Number(r.rows[0]!.v) / 10_000);
  } catch (err) {
    throw new CliError(`Cannot connect to PostgreSQL ${maskUrl(url)}: ${maskSecret(describeError(err), pgTarget(url).password)}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export interface ToolRun {
  code: number;
  stdout: string;
  stderr: string;
}

const MAX_CAPTURE = 16 * 1024 * 1024;

/**
 * Runs a tool to completion with the password in PGPASSWORD (never in its
 * arguments) and captures its output (bounded).
 */
export function runPgTool(tool: PgTool, args: string[], target: PgTarget | null): Promise<ToolRun> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (target?.password !== undefined) env.PGPASSWORD = target.password;
  return new Promise((resolve, reject) => {
    const child = spawn(tool.path, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      if (stdout.length < MAX_CAPTURE) stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      if (stderr.length < MAX_CAPTURE) stderr += d;
    });
    child.on('error', (err) => reject(new CliError(`Cannot run ${tool.path}: ${describeError(err)}`)));
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr }));
  });
}

/** The tables an archive's table of contents lists (`pg_restore --list`), as "schema.table". */
export function archiveTables(list: string): string[] {
  const tables: string[] = [];
  for (const line of list.split('\n')) {
    const m = /^\d+;\s+\d+\s+\d+\s+TABLE\s+(\S+)\s+(\S+)\s/.exec(line);
    if (m) tables.push(`${m[1]}.${m[2]}`);
  }
  return tables;
}

/** The rows of one table's COPY block in a plain SQL script (`pg_restore --data-only --table … --file=-`), first column only. */
export function copiedFirstColumn(script: string, table: string): string[] | null {
  const lines = script.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`COPY ${table} `));
  if (start < 0) return null;
  const values: string[] = [];
  for (let i = start + 1; i < lines.length && lines[i] !== '\\.'; i++) values.push(lines[i]!.split('\t')[0]!);
  return values;
}
