import type { Command } from 'commander';
import { unscoped } from '../../server/authz/scoped';
import { CliError } from '../errors';
import { assertPassword, globalsOf } from '../globals';

interface SeedDemoOptions {
  password?: string;
}

/** `candor seed-demo`: the demo engagement and its five accounts, into an empty database only. */
export function registerSeedDemo(program: Command): void {
  program
    .command('seed-demo')
    .description('seed the demo engagement and its five accounts (only into a database without users)')
    .option(
      '--password <password>',
      'password for every demo account, at least 10 characters (default: CANDOR_DEMO_PASSWORD, else a generated one)',
    )
    .addHelpText('after', '\nMigrates first. Refuses (exit 1) when the database already has users.')
    .action(async (opts: SeedDemoOptions, cmd: Command) => {
      assertPassword(opts.password);
      const { withContext } = await import('../context');
      const { seedDemo } = await import('../../server/db/seed/demo');
      const { toNumber } = await import('../../server/db/database');
      await withContext(globalsOf(cmd), { migrate: true }, async (ctx) => {
        for (const name of ctx.migrated) console.log(`Applied migration ${name}`);
        const row = await ctx.deps.db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
        const users = toNumber(row.n);
        if (users > 0) {
          throw new CliError(
            `Refusing to seed the demo: the database (${ctx.where}) already has ${users} user${users === 1 ? '' : 's'}. The demo only goes into an empty database.`,
          );
        }
        const password = opts.password ?? ctx.config.demoPassword;
        const seeded = await seedDemo(ctx.deps, password);
        const engagement = await unscoped(ctx.deps.db, 'the admin CLI: is there a demo engagement yet')
          .selectFrom('engagements')
          .select('name')
          .where('id', '=', seeded.engagementId)
          .executeTakeFirstOrThrow();
        console.log(
          [
            `Seeded the demo engagement "${engagement.name}" (${seeded.engagementId}) into ${ctx.where}.`,
            '',
            'Sign in as any of:',
            ...seeded.accounts.map((a) => `  ${a.email.padEnd(30)} ${a.label}`),
            '',
            `Password for all demo accounts: ${seeded.password}${seeded.generated ? '   (generated: it is shown only now; pass --password to choose one)' : ''}`,
          ].join('\n'),
        );
      });
    });
}
