import path from 'node:path';
import type { Logger } from '../logging/logger.js';
import { createSandbox, type ListeningSandbox, listenSandbox, type Sandbox } from './app.js';
import type { SandboxOptions } from './context.js';
import { SEED_APP } from './seed.js';
import type { SandboxStore } from './state.js';

/** Name of the sandbox's state file inside the data folder. */
export const SANDBOX_STATE_FILE = 'sandbox-state.json';

/** Where and how to run the sandbox beside the ATS. */
export interface StartSandboxInput {
  /** The data folder; the state is saved to `sandbox-state.json` in it. */
  dataDir: string;
  port: number;
  /** Loopback unless an operator opens it up: the control API has no authentication. */
  hostname?: string;
  /** The ATS's real OAuth callback URL, added to the local application's redirect URIs. */
  redirect_uri?: string;
  logger?: Logger;
  options?: Partial<SandboxOptions>;
}

/** A running sandbox and the OAuth application the ATS should use with it. */
export interface RunningSandbox extends ListeningSandbox {
  sandbox: Sandbox;
  client_id: string;
  client_secret: string;
  stateFile: string;
}

/**
 * Starts the sandbox as an HTTP server with its state in the data folder, and makes sure the
 * seeded application accepts the ATS's callback URL (kept across restarts and resets).
 */
export async function startSandboxForAts(input: StartSandboxInput): Promise<RunningSandbox> {
  const stateFile = path.join(input.dataDir, SANDBOX_STATE_FILE);
  const sandbox = createSandbox({
    stateFile,
    ...(input.logger ? { logger: input.logger } : {}),
    ...(input.options ? { options: input.options } : {}),
  });
  registerLocalApp(sandbox.ctx.store, input.redirect_uri);
  const listening = await listenSandbox(sandbox, {
    port: input.port,
    hostname: input.hostname ?? '127.0.0.1',
  });

  return {
    ...listening,
    sandbox,
    client_id: SEED_APP.client_id,
    client_secret: SEED_APP.client_secret,
    stateFile,
  };
}

/** Restores the seeded application if it went missing and adds the redirect URI to it. */
export function registerLocalApp(store: SandboxStore, redirect_uri: string | undefined): void {
  const app = store.data.apps[SEED_APP.client_id] ?? {
    client_id: SEED_APP.client_id,
    client_secret: SEED_APP.client_secret,
    name: SEED_APP.name,
    redirect_uris: [SEED_APP.redirect_uri],
  };
  if (redirect_uri && !app.redirect_uris.includes(redirect_uri))
    app.redirect_uris.push(redirect_uri);
  store.data.apps[app.client_id] = app;
  store.changed();
}
