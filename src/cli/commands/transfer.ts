import { once } from 'node:events';
import { createReadStream, createWriteStream, existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { CliError } from '../errors';
import { globalsOf, outputPath } from '../globals';
import { formatBytes } from './backup';

interface ExportOptions {
  engagement: string;
  out: string;
  force?: boolean;
  quiet?: boolean;
}

const progressTo = (quiet: boolean | undefined) => (quiet ? undefined : (line: string) => process.stderr.write(`${line}\n`));
const seconds = (t0: number) => `${((performance.now() - t0) / 1000).toFixed(1)} s`;

/** `candor export` and `candor import`: moving an engagement between instances (ADR 0027). */
export function registerTransfer(program: Command): void {
  program
    .command('export')
    .description('write an engagement with its whole audit chain, its rows and the users they name to a file, for `candor import` on another instance')
    .requiredOption('--engagement <id>', 'the engagement')
    .requiredOption('--out <file>', 'the file to write (NDJSON)')
    .option('--force', 'overwrite --out if it exists')
    .option('--quiet', 'no progress on stderr')
    .addHelpText(
      'after',
      '\nLeft out: password hashes, sessions, API tokens, calendar feeds, invitations, webhooks (see ADR 0027).\nThe source is not changed.',
    )
    .action(async (opts: ExportOptions, cmd: Command) => {
      const out = outputPath(opts.out, opts.force);
      const { withContext } = await import('../context');
      const { exportEngagement, TransferError } = await import('../../server/transfer/export');
      const version = (createRequire(import.meta.url)('../../../package.json') as { version: string }).version;
      await withContext(globalsOf(cmd), { mustExist: true }, async ({ deps, database }) => {
        const t0 = performance.now();
        // into a temporary file first, so an interrupted export never leaves a truncated file under the real name
        const tmp = `${out}.partial-${process.pid}`;
        const file = createWriteStream(tmp, { flags: 'wx', mode: 0o600 });
        try {
          await once(file, 'open');
          const summary = await exportEngagement(deps.db, database.dialect, {
            engagementId: opts.engagement,
            out: file,
            now: deps.clock.now(),
            candorVersion: version,
            sourceInstance: deps.config.publicUrl,
            progress: progressTo(opts.quiet),
          }).catch((err: unknown) => {
            throw err instanceof TransferError ? new CliError(err.message) : err;
          });
          file.end();
          await once(file, 'finish');
          if (existsSync(out) && !opts.force) throw new CliError(`${out} appeared meanwhile; give --force to overwrite it`);
          renameSync(tmp, out);
          const h = summary.header;
          console.log(
            `Wrote engagement ${h.engagement.id} "${h.engagement.name}" to ${out}: ${summary.rows} rows in ${Object.keys(h.tables).length} tables, ${h.audit.records} audit records (head ${h.audit.headHash}), ${h.tables.users} users, ${formatBytes(summary.bytes)}, in ${seconds(t0)}.`,
          );
        } finally {
          file.destroy();
          rmSync(tmp, { force: true });
        }
      });
    });

  program
    .command('import')
    .description('load an engagement file written by `candor export` into this instance, in one transaction')
    .argument('<file>', 'the file from `candor export`')
    .option('--quiet', 'no progress on stderr')
    .addHelpText(
      'after',
      [
        '',
        'Ids are kept, so the chain verifies with the same head (`candor audit verify --engagement <id>`).',
        'Users this instance lacks are created disabled, without a password: enable them and send a reset link.',
        'A user whose e-mail belongs to another account here is kept as a disabled alias with the same id and',
        'mapped to that account, which gets the membership. Importing the same engagement twice is refused.',
      ].join('\n'),
    )
    .action(async (fileArg: string, opts: { quiet?: boolean }, cmd: Command) => {
      const file = path.resolve(fileArg);
      if (!existsSync(file) || !statSync(file).isFile()) throw new CliError(`No such file: ${file}`);
      const { withContext } = await import('../context');
      const { importEngagement } = await import('../../server/transfer/import');
      const { TransferError } = await import('../../server/transfer/export');
      await withContext(globalsOf(cmd), { migrate: true }, async ({ deps, where }) => {
        const t0 = performance.now();
        const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Number.POSITIVE_INFINITY });
        try {
          const r = await importEngagement(deps, lines, { progress: progressTo(opts.quiet) });
          const total = Object.values(r.rows).reduce((a, b) => a + b, 0);
          console.log(`Imported engagement ${r.header.engagement.id} "${r.header.engagement.name}" into ${where}: ${total} rows in ${seconds(t0)}.`);
          console.log(`Audit chain: ${r.headSeq} records, head ${r.headHash} (as in the file).`);
          console.log(
            `Users: ${r.createdUsers.length} created disabled, ${r.existingUsers.length} already here, ${r.mappedUsers.length} mapped to an existing account by e-mail.`,
          );
          for (const m of r.mappedUsers) console.log(`  ${m.email}: file user ${m.sourceUserId} → account ${m.targetUserId} (membership moved to it)`);
          if (r.createdUsers.length) console.log('  Created accounts cannot sign in until an admin enables them and sends a reset link.');
          if (r.older) console.log(`Note: the file has the older schema ${r.header.schema}; columns added since took their defaults.`);
          for (const w of new Set(r.warnings)) console.log(`Warning: ${w}`);
        } catch (err) {
          throw err instanceof TransferError ? new CliError(err.message) : err;
        } finally {
          lines.close();
        }
      });
    });
}
