import { PLAN_LABELS } from './accounts/accounts.js';
import { type Config, ConfigError, loadConfig } from './config/config.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemoIfEmpty } from './demo/seed.js';
import { createLogger, type Logger } from './logging/logger.js';
import {
  migrateToLatest,
  openStorage,
  type Storage,
  storageTargetFor,
} from './storage/database.js';
import { createApp } from './web/app.js';
import { type RunningServer, startServer } from './web/server.js';

/**
 * `npm start`: reads the configuration, opens and migrates the database, seeds the demo on an
 * empty one, and serves the ATS on HOST:PORT.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ level: config.LOG_LEVEL, name: 'hirebridge' });
  const storage = openStorage(storageTargetFor(config));
  await migrateToLatest(storage);
  const seeded = await seedDemoIfEmpty(storage.db);
  if (seeded) logger.info('seeded the demo accounts');

  const app = createApp({ storage, config, logger });
  const server = await startServer(app, { host: config.HOST, port: config.PORT });
  process.stdout.write(banner(config, server));
  stopOnSignal(server, storage, logger);
}

function banner(config: Config, server: RunningServer): string {
  const url = config.PUBLIC_URL ?? server.url;
  const storage = config.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : `SQLite in ${config.dataDir}`;

  return [
    `Hirebridge ATS listening on ${url}`,
    `  Storage: ${storage}`,
    '  Demo sign-in:',
    ...DEMO_ACCOUNTS.map(
      (a) => `    ${a.name} (${PLAN_LABELS[a.plan]} plan): ${a.email} / ${DEMO_PASSWORD}`,
    ),
    '',
  ].join('\n');
}

function stopOnSignal(server: RunningServer, storage: Storage, logger: Logger): void {
  const stop = () => {
    logger.info('shutting down');
    void server
      .close()
      .then(() => storage.close())
      .then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
  process.exit(1);
});
