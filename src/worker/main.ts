import { ConfigError, loadConfig } from '../config/config.js';
import { createSecretBox, resolveSecretKey } from '../crypto/secret-box.js';
import {
  type GustoSettings,
  realGustoSettings,
  sandboxGustoSettings,
} from '../gusto-connection/settings.js';
import { SEED_APP } from '../gusto-sandbox/seed.js';
import { createLogger } from '../logging/logger.js';
import { migrateToLatest, openStorage, storageTargetFor } from '../storage/database.js';
import { startHandoffWorker } from './start-handoff-worker.js';
import { workerSettingsFrom } from './worker-settings.js';

/**
 * `npm run worker`: a hand-off worker process apart from the web process, against the same
 * database (run as many as needed on PostgreSQL). With no Gusto credentials it talks to the
 * built-in sandbox that `npm start` or `npm run sandbox` serves on GUSTO_SANDBOX_PORT.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ level: config.LOG_LEVEL, name: 'hirebridge-worker' });
  const storage = openStorage(storageTargetFor(config));
  await migrateToLatest(storage);
  const settings: GustoSettings =
    realGustoSettings(config) ??
    sandboxGustoSettings(config, `http://127.0.0.1:${config.GUSTO_SANDBOX_PORT}`, SEED_APP);
  const secretBox = createSecretBox(resolveSecretKey(config));

  const worker = startHandoffWorker({
    storage,
    settings,
    secretBox,
    logger,
    ...workerSettingsFrom(config),
  });
  logger.info({ gusto: settings.baseUrl }, 'hand-off worker running');
  const stop = () => {
    logger.info('shutting down');
    void worker
      .stop()
      .then(() => storage.close())
      .then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await worker.done;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
  process.exit(1);
});
