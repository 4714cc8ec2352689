import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { CliError } from './errors';

/** Options every command accepts (they override the environment the server reads). */
export interface GlobalOptions {
  dataDir?: string;
  databaseUrl?: string;
}

/** The global options as seen from inside a (sub)command's action. */
export const globalsOf = (cmd: Command): GlobalOptions => cmd.optsWithGlobals<GlobalOptions>();

/** Checks a --password value the way the server checks every password: 10 to 256 characters. */
export function assertPassword(password: string | undefined, option = '--password'): void {
  if (password === undefined) return;
  if (password.length < 10) throw new CliError(`${option} must have at least 10 characters (it has ${password.length})`);
  if (password.length > 256) throw new CliError(`${option} must have at most 256 characters`);
}

/** A URL safe to print: the password, if any, replaced by ****. */
export function maskUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '****';
    return u.toString();
  } catch {
    return url.replace(/(\/\/[^:/@]*:)[^@]*@/, '$1****@');
  }
}

/** Resolves an --out path: its folder must exist, and the file must not unless --force. */
export function outputPath(file: string, force: boolean | undefined): string {
  const out = path.resolve(file);
  const dir = path.dirname(out);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new CliError(`The folder ${dir} does not exist`);
  if (existsSync(out) && !force) throw new CliError(`${out} exists; give --force to overwrite it`);
  return out;
}
