/**
 * `candor`, the administration command. Run through bin/candor.mjs
 * (`npm run candor -- <command>` or `npx candor <command>` from the repository).
 *
 * Errors: one line on stderr and a non-zero exit (2 for bad configuration);
 * CANDOR_DEBUG=1 adds the stack trace.
 */
import { registerCoachCommand } from './coach';
import { reportError } from './errors';
import { registerForecastCommands } from './forecast-backtest';
import { BUILTIN_COMMANDS, createProgram, registerCommands } from './program';

// `candor audit export … | head`: a closed pipe is the reader's choice, not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

const program = createProgram();
registerCommands(program, [...BUILTIN_COMMANDS, registerForecastCommands, registerCoachCommand]);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  process.exitCode = reportError(err);
}
