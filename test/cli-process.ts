import { spawn } from 'node:child_process';
import path from 'node:path';

/** The `candor` command (bin/candor.mjs). */
export const CANDOR_BIN = path.resolve(__dirname, '../bin/candor.mjs');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the `candor` command to completion as its own process and collects what it printed; never throws on a
 * non-zero exit. `env` is laid over this process's environment (the tests' own settings first cleared there).
 */
export function runCandor(args: string[], opts: { cwd: string; env: Record<string, string> }): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CANDOR_BIN, ...args], { cwd: opts.cwd, env: { ...process.env, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}
