import { readFile } from 'node:fs/promises';
import { unscoped } from '../../server/authz/scoped';
import path from 'node:path';
import { type Command, Option } from 'commander';
import type { Kysely } from 'kysely';
import type { VerifyResult } from '../../domain/audit/chain';
import type { DB } from '../../server/db/schema';
import { CliError } from '../errors';
import { globalsOf } from '../globals';

interface VerifyOptions {
  engagement?: string;
  selection?: string;
  instance?: boolean;
  file?: string;
  all?: boolean;
}

/** The one line a verification prints. */
export const verdict = (r: VerifyResult): string =>
  r.ok ? `intact: ${r.records} records, head ${r.headHash}` : `BROKEN at record ${r.seq}: ${r.reason}`;

/**
 * Verifies a live chain. verifyChain throws when a stored payload is not JSON
 * at all; then find that record and report it like any other break.
 */
async function verifyLive(db: Kysely<DB>, chain: string): Promise<VerifyResult> {
  const { chainRows, verifyChain } = await import('../../server/audit/service');
  try {
    return await verifyChain(db, chain);
  } catch (err) {
    let records = 0;
    for await (const r of chainRows(db, chain)) {
      try {
        JSON.parse(r.payload);
      } catch {
        return { ok: false, records, seq: r.seq, reason: 'payload is not valid JSON' };
      }
      records += 1;
    }
    throw err;
  }
}

/** `candor audit verify`: recomputes a chain from the database, or from a JSONL export. */
export function registerAuditVerify(audit: Command): void {
  const choices = ['engagement', 'selection', 'instance', 'file', 'all'];
  const only = (name: string) => choices.filter((c) => c !== name);
  audit
    .command('verify')
    .description('recompute a hash chain and report whether it is intact (exit 0) or where it breaks (exit 1)')
    .addOption(new Option('--engagement <id>', "an engagement's chain, from the database").conflicts(only('engagement')))
    .addOption(new Option('--selection <id>', "a partner selection's chain, from the database").conflicts(only('selection')))
    .addOption(new Option('--instance', 'the instance chain (accounts, organizations), from the database').conflicts(only('instance')))
    .addOption(new Option('--all', 'every engagement chain, every partner selection chain and the instance chain').conflicts(only('all')))
    .addOption(new Option('--file <path>', 'a JSONL export (from `candor audit export` or the web app)').conflicts(only('file')))
    .addHelpText(
      'after',
      '\nPrints "intact: N records, head <hash>" or "BROKEN at record <seq>: <reason>".\n--file needs no database.',
    )
    .action(async (opts: VerifyOptions, cmd: Command) => {
      if (!opts.engagement && !opts.selection && !opts.instance && !opts.file && !opts.all) {
        throw new CliError('say what to verify: --engagement <id>, --selection <id>, --instance, --all or --file <path>');
      }

      if (opts.file) {
        const { verifyExport } = await import('../../domain/audit/chain');
        const file = path.resolve(opts.file);
        const text = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
          throw new CliError(err.code === 'ENOENT' ? `No such file: ${file}` : `Cannot read ${file}: ${err.message}`);
        });
        const result = verifyExport(text);
        console.log(verdict(result));
        if (result.header) {
          const h = result.header;
          console.log(`(chain ${h.chain}, exported ${h.exportedAt} for ${h.exportedFor})`);
        } else if (result.ok) {
          console.log('(no header line: records cut off the end of this file would go unnoticed)');
        }
        if (!result.ok) process.exitCode = 1;
        return;
      }

      const { withContext } = await import('../context');
      const { INSTANCE_CHAIN } = await import('../../server/audit/append');
      await withContext(globalsOf(cmd), { mustExist: true }, async ({ deps: { db } }) => {
        if (opts.engagement) {
          const e = await unscoped(db, 'the admin CLI verifies any chain').selectFrom('engagements').select('id').where('id', '=', opts.engagement).executeTakeFirst();
          if (!e) throw new CliError(`No engagement has the id ${opts.engagement}`);
          const result = await verifyLive(db, e.id);
          console.log(verdict(result));
          if (!result.ok) process.exitCode = 1;
          return;
        }
        if (opts.selection) {
          const s = await unscoped(db, 'the admin CLI verifies any chain').selectFrom('selections').select('id').where('id', '=', opts.selection).executeTakeFirst();
          if (!s) throw new CliError(`No partner selection has the id ${opts.selection}`);
          const result = await verifyLive(db, s.id);
          console.log(verdict(result));
          if (!result.ok) process.exitCode = 1;
          return;
        }
        if (opts.instance) {
          const result = await verifyLive(db, INSTANCE_CHAIN);
          console.log(verdict(result));
          if (!result.ok) process.exitCode = 1;
          return;
        }
        // --all: every engagement and partner selection, plus any chain that has a head but neither (it should not exist).
        const engagements = await unscoped(db, 'the admin CLI verifies every chain').selectFrom('engagements').select(['id', 'name']).orderBy('created_at').orderBy('id').execute();
        const heads = await db.selectFrom('audit_heads').select('chain_id').execute();
        const selections = await unscoped(db, 'the admin CLI verifies every chain').selectFrom('selections').select(['id', 'title']).orderBy('created_at').orderBy('id').execute();
        const known = new Set([INSTANCE_CHAIN, ...engagements.map((e) => e.id), ...selections.map((s) => s.id)]);
        const chains = [
          ...engagements.map((e) => ({ chain: e.id, label: `engagement ${e.id} "${e.name}"` })),
          ...selections.map((s) => ({ chain: s.id, label: `selection ${s.id} "${s.title}"` })),
          ...heads.filter((h) => !known.has(h.chain_id)).map((h) => ({ chain: h.chain_id, label: `chain ${h.chain_id} (no such engagement or selection)` })),
          { chain: INSTANCE_CHAIN, label: 'instance' },
        ];
        let broken = 0;
        for (const c of chains) {
          const result = await verifyLive(db, c.chain);
          if (!result.ok) broken += 1;
          console.log(`${c.label}: ${verdict(result)}`);
        }
        console.log(
          broken === 0
            ? `All ${chains.length} chains intact.`
            : `${broken} of ${chains.length} chains BROKEN.`,
        );
        if (broken > 0) process.exitCode = 1;
      });
    });
}
