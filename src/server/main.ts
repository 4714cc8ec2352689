import { buildApp } from './app';
import { RunningClock } from './clock';
import { ConfigError, loadConfig } from './config';
import { seedDemoIfEmpty } from './db/seed/demo';
import { createDeps } from './deps';
import { sweepStaleImports } from './delivery/imports';
import { startJobRunner } from './jobs/queue';
import { JOB_HANDLERS } from './jobs/registry';
import { schedulePrune } from './live/retention';
import { scheduleAllDigests } from './notify/digest';

/** Wiring only: configuration, database, demo seed, listen, graceful shutdown. */
async function main() {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const { deps, database } = await createDeps(config, { clock: config.clockStart ? new RunningClock(config.clockStart) : undefined });
  const seeded = config.demo ? await seedDemoIfEmpty(deps, config.demoPassword) : null;
  // imports left running by a process that ended (their watchdog jobs catch later ones too)
  await sweepStaleImports(deps);
  // every person's next weekly digest and the live events' clean-up (unique keys: once across processes)
  await scheduleAllDigests(deps);
  await schedulePrune(deps);
  const app = await buildApp(deps);
  await app.listen({ port: config.port, host: config.host });
  const jobs = startJobRunner(deps, JOB_HANDLERS);
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host}:${port}`;
  const lines = [
    '',
    `  Candor is running at ${url}`,
    `  Database: ${database.dialect === 'sqlite' ? database.sqlitePath : 'PostgreSQL'}`,
  ];
  if (seeded) {
    lines.push(
      '',
      '  Demo engagement seeded. Sign in as any of:',
      ...seeded.accounts.map((a) => `    ${a.email.padEnd(30)} ${a.label}`),
      `  Password for all demo accounts: ${seeded.password}${seeded.generated ? '   (generated; set CANDOR_DEMO_PASSWORD to choose one)' : ''}`,
    );
  }
  console.log(lines.join('\n'), '\n');

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    deps.log.info({ signal }, 'shutting down: finishing in-flight requests');
    const force = setTimeout(() => {
      deps.log.error('shutdown took over 10 s; exiting');
      process.exit(1);
    }, 10_000);
    force.unref();
    try {
      await app.close();
      await jobs.stop();
      await database.close();
      process.exit(0);
    } catch (err) {
      deps.log.error({ err }, 'error during shutdown');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err) => {
  console.error('Candor could not start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
