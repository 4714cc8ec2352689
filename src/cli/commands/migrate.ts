import type { Command } from 'commander';
import { globalsOf } from '../globals';

/** `candor migrate`: applies pending migrations and says which. */
export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('apply pending database migrations (the server also does this at start)')
    .addHelpText('after', '\nPrints each migration applied, or "Already up to date".')
    .action(async (_opts: unknown, cmd: Command) => {
      const { withContext } = await import('../context');
      const { migrateToLatest } = await import('../../server/db/database');
      await withContext(globalsOf(cmd), {}, async (ctx) => {
        console.log(`Database: ${ctx.where}`);
        const applied = await migrateToLatest(ctx.database.db);
        if (applied.length === 0) {
          console.log('Already up to date: no pending migrations.');
          return;
        }
        console.log(`Applied ${applied.length} migration${applied.length === 1 ? '' : 's'}:`);
        for (const name of applied) console.log(`  ${name}`);
      });
    });
}
