import { PLAN_LABELS } from './accounts/accounts.js';
import { type Config, ConfigError, loadConfig } from './config/config.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './demo/seed.js';
import { SEED_ADMIN } from './gusto-sandbox/seed.js';
import { createLogger, type Logger } from './logging/logger.js';
import { type RunningHirebridge, startHirebridge } from './start-hirebridge.js';

/**
 * `npm start`: the whole product on its configuration's defaults: SQLite in the data folder, the
 * built-in Gusto sandbox beside the ATS when no Gusto credentials are set, the demo seeded on an
 * empty database, and a hand-off worker in the same process.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ level: config.LOG_LEVEL, name: 'hirebridge' });
  const running = await startHirebridge(config, logger);
  if (running.seeded) logger.info('seeded the demo accounts');
  process.stdout.write(banner(config, running));
  stopOnSignal(running, logger);
}

function banner(config: Config, running: RunningHirebridge): string {
  const storage = config.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : `SQLite in ${config.dataDir}`;
  const gusto = running.sandbox
    ? [
        `Gusto sandbox listening on ${running.sandbox.url}`,
        `  Gusto admin sign-in: ${SEED_ADMIN.email} / ${SEED_ADMIN.password}`,
      ]
    : [`Gusto: ${running.settings.baseUrl} (client ${running.settings.client_id})`];

  return [
    `Hirebridge ATS listening on ${running.url}`,
    `  Storage: ${storage}`,
    '  Demo sign-in:',
    ...DEMO_ACCOUNTS.map(
      (a) => `    ${a.name} (${PLAN_LABELS[a.plan]} plan): ${a.email} / ${DEMO_PASSWORD}`,
    ),
    ...gusto,
    '',
  ].join('\n');
}

function stopOnSignal(running: RunningHirebridge, logger: Logger): void {
  const stop = () => {
    logger.info('shutting down');
    void running.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
  process.exit(1);
});
