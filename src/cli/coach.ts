/**
 * `candor coach FILE|-`: the communication coach as a linter. Prints one line
 * per flag, `line:col category message`, and exits 1 when there are flags
 * (0 when clean, 2 when the file cannot be read). `--json` prints the flags
 * with their line and column. Runs locally: nothing is sent anywhere.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { CliError } from './errors';

interface CoachOptions {
  json?: boolean;
  audience: string;
  glossary?: string;
  include?: string;
}

async function readInput(file: string): Promise<string> {
  if (file !== '-') {
    try {
      return readFileSync(file, 'utf8');
    } catch (err) {
      throw new CliError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, 2);
    }
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export function registerCoachCommand(program: Command): void {
  program
    .command('coach')
    .description('check client-facing text for what may be read otherwise (vague time, hedged promises, blame, jargon, …)')
    .argument('<file>', 'a text file, or - for standard input')
    .option('--json', 'print the flags as JSON, with line and column')
    .option('--audience <who>', 'client (jargon is flagged) or team', 'client')
    .option('--glossary <terms>', 'comma-separated terms the readers know (not flagged as jargon)')
    .option('--include <categories>', 'optional categories to switch on: inclusive-language, wordy-phrase (comma-separated)')
    .action(async (file: string, opts: CoachOptions) => {
      const { coach, lineCol, OPTIONAL_CATEGORIES } = await import('../domain/coach');
      if (opts.audience !== 'client' && opts.audience !== 'team') throw new CliError(`--audience must be client or team, not ${opts.audience}`, 2);
      const include = (opts.include ?? '').split(',').map((s) => s.trim()).filter(Boolean);
      const unknown = include.filter((c) => !(OPTIONAL_CATEGORIES as readonly string[]).includes(c));
      if (unknown.length) throw new CliError(`--include: unknown category ${unknown.join(', ')} (known: ${OPTIONAL_CATEGORIES.join(', ')})`, 2);
      const text = await readInput(file);
      const flags = coach(text, {
        audience: opts.audience,
        glossary: (opts.glossary ?? '').split(',').map((s) => s.trim()).filter(Boolean),
        include: include as (typeof OPTIONAL_CATEGORIES)[number][],
      });
      if (opts.json) {
        process.stdout.write(`${JSON.stringify({ flags: flags.map((f) => ({ ...f, ...lineCol(text, f.start) })) }, null, 2)}\n`);
      } else {
        for (const f of flags) {
          const { line, col } = lineCol(text, f.start);
          const rewrite = f.suggestion === null ? '' : f.suggestion === '' ? ' → remove it' : ` → “${f.suggestion}”`;
          process.stdout.write(`${line}:${col} ${f.category} ${f.message} “${f.excerpt}”${rewrite}\n`);
        }
        if (flags.length === 0) process.stderr.write('no flags\n');
      }
      process.exitCode = flags.length > 0 ? 1 : 0;
    });
}
