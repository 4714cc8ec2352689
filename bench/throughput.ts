import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/**
 * Requests per second under `connections` concurrent connections for
 * `seconds`, measured by autocannon in a separate process (bench/load.mjs),
 * so the load generator does not share the server's event loop.
 */
export async function throughput(url: string, headers: Record<string, string>, connections: number, seconds: number): Promise<number> {
  const script = path.join(path.dirname(new URL(import.meta.url).pathname), 'load.mjs');
  const { stdout } = await execFileAsync(process.execPath, [script, JSON.stringify({ url, connections, duration: seconds, headers })], { maxBuffer: 1 << 20 });
  const result = JSON.parse(stdout) as { average: number; non2xx: number; errors: number };
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx responses and ${result.errors} errors under load`);
  return result.average;
}
