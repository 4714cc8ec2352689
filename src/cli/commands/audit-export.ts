import { once } from 'node:events';
import { unscoped } from '../../server/authz/scoped';
import { createWriteStream, existsSync, renameSync, rmSync } from 'node:fs';
import type { Writable } from 'node:stream';
import type { Command } from 'commander';
import { CliError } from '../errors';
import { globalsOf, outputPath } from '../globals';

interface ExportOptions {
  engagement: string;
  out?: string;
  as?: string;
  force?: boolean;
}

/** Writes lines to a stream, waiting when it is full. */
async function writeLines(lines: AsyncIterable<string>, out: Writable): Promise<{ records: number; redacted: number }> {
  let records = 0;
  let redacted = 0;
  for await (const line of lines) {
    if (line.startsWith('{"type":"record"')) records += 1;
    else if (line.startsWith('{"type":"redacted"')) {
      records += 1;
      redacted += 1;
    }
    if (!out.write(line)) await once(out, 'drain');
  }
  return { records, redacted };
}

/** `candor audit export`: an engagement's chain as JSONL, in full or as one member would get it. */
export function registerAuditExport(audit: Command): void {
  audit
    .command('export')
    .description("write an engagement's audit chain as JSONL (verifiable with `candor audit verify --file`)")
    .requiredOption('--engagement <id>', 'the engagement')
    .option('--out <file>', 'write to this file (default: stdout)')
    .option('--as <email>', 'export as this member would get it: internal records redacted for client roles')
    .option('--force', 'overwrite --out if it exists')
    .addHelpText('after', '\nWithout --as the export is complete (the provider view).')
    .action(async (opts: ExportOptions, cmd: Command) => {
      const out = opts.out ? outputPath(opts.out, opts.force) : undefined;

      const { withContext } = await import('../context');
      const { exportChain } = await import('../../server/audit/service');
      const { visibleVisibilities } = await import('../../domain/authz/policy');
      await withContext(globalsOf(cmd), { mustExist: true }, async ({ deps }) => {
        const engagement = await unscoped(deps.db, 'the admin CLI exports any chain').selectFrom('engagements').select(['id', 'name']).where('id', '=', opts.engagement).executeTakeFirst();
        if (!engagement) throw new CliError(`No engagement has the id ${opts.engagement}`);

        let visibilities: ('shared' | 'internal')[] = ['shared', 'internal'];
        let exportedFor = 'full export (provider view) by candor audit export';
        if (opts.as !== undefined) {
          const email = opts.as.trim().toLowerCase();
          const member = await unscoped(deps.db, 'the admin CLI: whose view the export takes')
            .selectFrom('users')
            .leftJoin('memberships', (j) => j.onRef('memberships.user_id', '=', 'users.id').on('memberships.engagement_id', '=', engagement.id))
            .select(['users.id', 'users.email', 'memberships.role'])
            .where('users.email', '=', email)
            .executeTakeFirst();
          if (!member) throw new CliError(`No account has the e-mail ${email}`);
          if (!member.role) throw new CliError(`${email} is not a member of engagement ${engagement.id}: refusing to export as them`);
          visibilities = visibleVisibilities(member.role);
          exportedFor = `${member.email} (${member.role})`;
        }

        const lines = exportChain(deps.db, engagement.id, visibilities, exportedFor, deps.clock.now());
        if (!out) {
          await writeLines(lines, process.stdout);
          return;
        }
        // Into a temporary file first, so an interrupted export never leaves a truncated file under the real name.
        const tmp = `${out}.partial-${process.pid}`;
        const file = createWriteStream(tmp, { flags: 'wx', mode: 0o600 });
        try {
          await once(file, 'open');
          const counts = await writeLines(lines, file);
          file.end();
          await once(file, 'finish');
          if (existsSync(out) && !opts.force) throw new CliError(`${out} appeared meanwhile; give --force to overwrite it`);
          renameSync(tmp, out);
          console.log(
            `Wrote ${counts.records} records${counts.redacted ? ` (${counts.redacted} redacted)` : ''} of engagement ${engagement.id} "${engagement.name}" for ${exportedFor} to ${out}`,
          );
        } finally {
          file.destroy();
          rmSync(tmp, { force: true });
        }
      });
    });
}
