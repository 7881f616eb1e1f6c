import { z } from 'zod';
import { ConfigError, loadConfig } from '../config/config.js';
import { createLogger } from '../logging/logger.js';
import { SEED_ADMIN } from './seed.js';
import { type RunningSandbox, startSandboxForAts } from './start-sandbox-for-ats.js';

/**
 * `npm run sandbox`: the Gusto sandbox alone, on GUSTO_SANDBOX_PORT (3100), with its state in
 * HIREBRIDGE_DATA_DIR (./data).
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const hostname = sandboxHost(process.env.GUSTO_SANDBOX_HOST);
  const logger = createLogger({ level: config.LOG_LEVEL, name: 'gusto-sandbox' });
  const running = await startSandboxForAts({
    dataDir: config.dataDir,
    port: config.GUSTO_SANDBOX_PORT,
    hostname,
    logger,
  });
  process.stdout.write(banner(running));

  const stop = () => {
    void running.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/**
 * GUSTO_SANDBOX_HOST is the sandbox's own variable and not part of the shared configuration
 * schema, so it is parsed here; default loopback, as the control API has no authentication.
 */
function sandboxHost(value: string | undefined): string {
  return z
    .string()
    .trim()
    .min(1)
    .default('127.0.0.1')
    .parse(value || undefined);
}

function banner(running: RunningSandbox): string {
  const app = running.sandbox.ctx.store.data.apps[running.client_id];

  return [
    `Gusto sandbox listening on ${running.url}`,
    `  Gusto admin sign-in: ${SEED_ADMIN.email} / ${SEED_ADMIN.password}`,
    `  OAuth application:   client_id ${running.client_id}`,
    `                       client_secret ${running.client_secret}`,
    `  Redirect URIs:       ${(app?.redirect_uris ?? []).join(', ')}`,
    `  Team members page:   ${running.url}/people/team_members`,
    `  State file:          ${running.stateFile}`,
    '',
  ].join('\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
  process.exit(1);
});
