import type { Config } from './config/config.js';
import { createSecretBox, resolveSecretKey } from './crypto/secret-box.js';
import { seedDemoIfEmpty } from './demo/seed.js';
import {
  GUSTO_CALLBACK_PATH,
  type GustoSettings,
  realGustoSettings,
  sandboxGustoSettings,
} from './gusto-connection/settings.js';
import { gustoConnectionExtension, gustoTile } from './gusto-connection/web.js';
import type { SandboxOptions } from './gusto-sandbox/context.js';
import { type RunningSandbox, startSandboxForAts } from './gusto-sandbox/start-sandbox-for-ats.js';
import { gustoHandoffExtension, gustoHandoffPanel } from './handoff/web.js';
import type { Logger } from './logging/logger.js';
import {
  migrateToLatest,
  openStorage,
  type Storage,
  storageTargetFor,
} from './storage/database.js';
import { createApp } from './web/app.js';
import { type RunningServer, startServer } from './web/server.js';
import { startInlineHandoffWorker } from './worker/inline-worker.js';
import type { RunningWorker } from './worker/start-handoff-worker.js';
import { workerSettingsFrom } from './worker/worker-settings.js';

/** A running Hirebridge: the ATS, the sandbox when no real Gusto is configured, the worker. */
export interface RunningHirebridge {
  /** The ATS's public base URL, also the base of its OAuth callback. */
  url: string;
  server: RunningServer;
  /** The built-in Gusto sandbox, or null when real Gusto credentials are configured. */
  sandbox: RunningSandbox | null;
  settings: GustoSettings;
  storage: Storage;
  /** Whether the demo was seeded by this start (the database was empty). */
  seeded: boolean;
  close(): Promise<void>;
}

/** Test and bench overrides; the product itself passes none. */
export interface StartOverrides {
  sandboxOptions?: Partial<SandboxOptions>;
  /** Worker poll interval; default the worker's own. */
  worker_poll_ms?: number;
}

/**
 * Starts the whole product from its configuration: database (migrated, demo seeded when empty),
 * the Gusto sandbox beside the ATS when no Gusto credentials are set, the ATS web server with the
 * Gusto extensions, and the inline hand-off worker.
 */
export async function startHirebridge(
  config: Config,
  logger: Logger,
  overrides: StartOverrides = {},
): Promise<RunningHirebridge> {
  const storage = openStorage(storageTargetFor(config));
  await migrateToLatest(storage);
  const seeded = await seedDemoIfEmpty(storage.db);

  // The settings object is filled in once the ATS knows its own address (port 0 picks one), and
  // before it answers a request that needs them.
  const settings = provisionalSettings(config);
  const secretBox = createSecretBox(resolveSecretKey(config));
  const app = createApp({
    storage,
    config,
    logger,
    extensions: [
      gustoConnectionExtension(settings, { secretBox }),
      gustoHandoffExtension(settings, { secretBox }),
    ],
    hirePanel: gustoHandoffPanel(settings, { secretBox }),
    integrationTiles: [gustoTile],
  });
  const server = await startServer(app, { host: config.HOST, port: config.PORT });
  const url = config.PUBLIC_URL ?? localUrl(server.port);
  const sandbox = await settleGustoSettings(settings, config, url, logger, overrides);
  const worker = startInlineHandoffWorker(config, {
    storage,
    settings,
    secretBox,
    logger,
    ...workerSettingsFrom(config),
    ...(overrides.worker_poll_ms ? { poll_ms: overrides.worker_poll_ms } : {}),
  });

  return {
    url,
    server,
    sandbox,
    settings,
    storage,
    seeded,
    close: () => closeAll(server, sandbox, worker, storage),
  };
}

/**
 * The ATS's own address as a browser should use it. `localhost` rather than 127.0.0.1, so the OAuth
 * callback lands on the host whose cookies hold the session, and matches the sandbox application's
 * registered `http://localhost:3000/...` redirect URI on the default port.
 */
function localUrl(port: number): string {
  return `http://localhost:${port}`;
}

function provisionalSettings(config: Config): GustoSettings {
  return (
    realGustoSettings(config) ?? {
      baseUrl: '',
      client_id: '',
      client_secret: '',
      redirect_uri: '',
      fetch,
    }
  );
}

async function settleGustoSettings(
  settings: GustoSettings,
  config: Config,
  atsUrl: string,
  logger: Logger,
  overrides: StartOverrides,
): Promise<RunningSandbox | null> {
  const redirect_uri = new URL(GUSTO_CALLBACK_PATH, atsUrl).toString();
  if (config.usesRealGusto) {
    settings.redirect_uri = redirect_uri;
    return null;
  }
  const sandbox = await startSandboxForAts({
    dataDir: config.dataDir,
    port: config.GUSTO_SANDBOX_PORT,
    redirect_uri,
    logger: logger.child({ component: 'gusto-sandbox' }),
    ...(overrides.sandboxOptions ? { options: overrides.sandboxOptions } : {}),
  });
  Object.assign(settings, sandboxGustoSettings(config, sandbox.url, sandbox), { redirect_uri });

  return sandbox;
}

async function closeAll(
  server: RunningServer,
  sandbox: RunningSandbox | null,
  worker: RunningWorker | null,
  storage: Storage,
): Promise<void> {
  await worker?.stop();
  await server.close();
  await sandbox?.close();
  await storage.close();
}
