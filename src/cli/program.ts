import { createRequire } from 'node:module';
import { Command } from 'commander';
import { registerAuditCommands } from './commands/audit';
import { registerBackup } from './commands/backup';
import { registerCreateAdmin } from './commands/create-admin';
import { registerMigrate } from './commands/migrate';
import { registerRestore } from './commands/restore';
import { registerSeedDemo } from './commands/seed-demo';
import { registerTransfer } from './commands/transfer';

/**
 * How a capability adds commands: a function that attaches them to the
 * program. Command modules import only commander and light helpers at the
 * top; the database and the server code are imported inside the action, so
 * `candor --help` stays fast.
 */
export type CommandRegistrar = (program: Command) => void;

export const BUILTIN_COMMANDS: readonly CommandRegistrar[] = [
  registerMigrate,
  registerSeedDemo,
  registerCreateAdmin,
  registerAuditCommands,
  registerBackup,
  registerRestore,
  registerTransfer,
];

const version = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;

/** The bare `candor` program with its global options and no commands yet. */
export function createProgram(): Command {
  return new Command('candor')
    .description(
      'Administer a Candor instance: migrate the database, seed the demo, create admins, verify and export audit chains, back up and restore, move an engagement to another instance.\n' +
        'Configuration comes from the same environment variables as the server (DATABASE_URL, CANDOR_DATA_DIR, …).',
    )
    .version(version, '-V, --version', 'print the Candor version')
    .option('--data-dir <dir>', 'data folder holding candor.sqlite (overrides CANDOR_DATA_DIR; default ./data)')
    .option('--database-url <url>', 'postgres:// URL of a PostgreSQL database (overrides DATABASE_URL; unset means SQLite)')
    .configureHelp({ showGlobalOptions: true, sortSubcommands: false })
    .showHelpAfterError('(run with --help for usage)')
    .showSuggestionAfterError(true);
}

/** Attaches commands to the program (the built-in ones by default). */
export function registerCommands(program: Command, registrars: readonly CommandRegistrar[] = BUILTIN_COMMANDS): Command {
  for (const register of registrars) register(program);
  return program;
}
