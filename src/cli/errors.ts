/**
 * An expected failure of a command: shown as one line on stderr (no stack
 * trace unless CANDOR_DEBUG=1), and the process exits with `exitCode`.
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** The most useful one-line message of any thrown value (AggregateError from a refused connection has none of its own). */
export function describeError(err: unknown): string {
  if (err instanceof AggregateError && !err.message) {
    const inner = err.errors.map((e) => describeError(e)).filter(Boolean);
    return [...new Set(inner)].join('; ') || 'unknown error';
  }
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    if (err.message) return err.message;
    return typeof code === 'string' ? code : err.name;
  }
  return String(err);
}

/** Writes the error the way every command reports one, and returns the exit code to use. */
export function reportError(err: unknown, debug = process.env.CANDOR_DEBUG === '1'): number {
  const message = describeError(err);
  process.stderr.write(`error: ${message}\n`);
  if (debug && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
  else if (!(err instanceof CliError)) process.stderr.write('(set CANDOR_DEBUG=1 to see the stack trace)\n');
  return err instanceof CliError ? err.exitCode : 1;
}
