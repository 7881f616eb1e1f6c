import { createTestStorage, type TestStorage } from '../../test/databases.js';
import { createSecretBox } from '../crypto/secret-box.js';
import {
  createSandbox,
  type ListeningSandbox,
  listenSandbox,
  type Sandbox,
} from '../gusto-sandbox/app.js';
import type { RequestLogEntry } from '../gusto-sandbox/control/traffic.js';
import { runOAuthDance } from '../gusto-sandbox/oauth/oauth-dance.js';
import { SEED_ADMIN, SEED_APP } from '../gusto-sandbox/seed.js';
import { type ContractFetch, createContractFetch } from '../gusto-spec/contract-fetch.js';
import { createLogger } from '../logging/logger.js';
import type { DialectName } from '../storage/database.js';
import type { CallbackParams } from './callback.js';
import { handleCallback } from './callback.js';
import type { GustoConnection } from './connection-repository.js';
import { getLiveConnection } from './connection-repository.js';
import type { GustoConnectionDeps } from './deps.js';
import type { StateOwner } from './oauth-state.js';
import { listPendingGrants } from './pending-grants.js';
import { saveConnection } from './save-connection.js';
import { startAuthorization } from './start-authorization.js';

/** Everything a connection test needs: a database, a listening sandbox and signed-in admin. */
export interface ConnectionKit {
  storage: TestStorage;
  sandbox: Sandbox;
  listening: ListeningSandbox;
  /** Wraps the sandbox's in-process fetch; every Gusto request of the test passes through it. */
  contract: ContractFetch;
  deps: GustoConnectionDeps;
  owner: StateOwner;
  close(): Promise<void>;
}

/** Starts a sandbox on 127.0.0.1:0 and a migrated database with a Scale account and its admin. */
export async function startConnectionKit(dialect: DialectName): Promise<ConnectionKit> {
  const storage = await createTestStorage(dialect);
  const sandbox = createSandbox({ stateFile: null });

  return connectionKitOn(storage, sandbox, await listenSandbox(sandbox), Buffer.alloc(32, 7));
}

/**
 * The kit around a database and a listening sandbox the caller made: a Scale account and its
 * admin, and connection deps whose every Gusto request is contract-checked.
 */
export async function connectionKitOn(
  storage: TestStorage,
  sandbox: Sandbox,
  listening: ListeningSandbox,
  secretKey: Buffer,
): Promise<ConnectionKit> {
  const contract = createContractFetch(sandbox.fetch);
  const owner = await seedAdmin(storage);
  const deps: GustoConnectionDeps = {
    db: storage.db,
    secretBox: createSecretBox(secretKey),
    settings: {
      baseUrl: listening.url,
      client_id: SEED_APP.client_id,
      client_secret: SEED_APP.client_secret,
      redirect_uri: SEED_APP.redirect_uri,
      fetch: contract,
    },
    logger: createLogger({ level: 'silent' }),
  };
  const close = async () => {
    await listening.close();
    await storage.close();
  };

  return { storage, sandbox, listening, contract, deps, owner, close };
}

/** Inserts an account on the given plan with one user of the given role and a session. */
export async function seedAdmin(
  storage: TestStorage,
  plan: 'free' | 'start' | 'scale' | 'enterprise' = 'scale',
  role: 'admin' | 'recruiter' = 'admin',
): Promise<StateOwner> {
  const now = new Date().toISOString();
  const account_id = crypto.randomUUID();
  const user_id = crypto.randomUUID();
  const session_id = crypto.randomUUID();
  await storage.db
    .insertInto('accounts')
    .values({ id: account_id, name: 'Northwind', plan, created_at: now })
    .execute();
  await storage.db
    .insertInto('users')
    .values({
      id: user_id,
      account_id,
      email: `${user_id}@northwind.test`,
      name: 'Ada Admin',
      role,
      password_hash: 'unused',
      created_at: now,
    })
    .execute();

  return { account_id, user_id, session_id };
}

/** Signs in to the sandbox as its seeded admin, picks a company and answers the consent page. */
export async function authorizeInGusto(
  kit: ConnectionKit,
  authorizeUrl: string,
  company_name: string,
  decision: 'authorize' | 'deny' = 'authorize',
): Promise<CallbackParams> {
  const query = new URL(authorizeUrl).searchParams;
  const back = await runOAuthDance(kit.listening.url, {
    client_id: query.get('client_id') ?? '',
    redirect_uri: query.get('redirect_uri') ?? '',
    state: query.get('state') ?? '',
    email: SEED_ADMIN.email,
    password: SEED_ADMIN.password,
    company_name,
    decision,
  });

  return {
    state: back.searchParams.get('state') ?? undefined,
    code: back.searchParams.get('code') ?? undefined,
    error: back.searchParams.get('error') ?? undefined,
  };
}

/** Runs the whole connect flow for one company and returns the saved connection. */
export async function connectTo(
  kit: ConnectionKit,
  company_name: string,
): Promise<GustoConnection> {
  const start = await startAuthorization(kit.deps, kit.owner, { purpose: 'connect' });
  const params = await authorizeInGusto(kit, start.authorizeUrl, company_name);
  const outcome = await handleCallback(kit.deps, kit.owner, params);
  if (outcome.kind !== 'authorized') throw new Error(`callback: ${outcome.kind}`);

  const scope = { ...kit.owner, flow_id: start.flow_id };
  const [grant] = await listPendingGrants(kit.deps.db, scope, new Date());
  const saved = await saveConnection(kit.deps, scope, grant?.id);
  if (saved.kind !== 'saved') throw new Error(`save: ${saved.kind}`);
  const live = await getLiveConnection(kit.deps.db, kit.owner.account_id);
  if (!live) throw new Error('no live connection after save');

  return live;
}

/** The sandbox's request log, read through its control API as an outside test would. */
export async function sandboxRequests(kit: ConnectionKit): Promise<RequestLogEntry[]> {
  const url = new URL('/__sandbox/requests', kit.listening.url);
  // A kept-alive socket the sandbox closed as it was reused resets (ECONNRESET, seen in CI on a
  // slow machine); this read changes nothing, so one more try is safe.
  const response = await fetch(url).catch(() => fetch(url));

  return (await response.json()) as RequestLogEntry[];
}

/** Revokes every grant of a company at the sandbox, as an admin removing the app in Gusto. */
export async function revokeGrantsInGusto(kit: ConnectionKit, company_uuid: string): Promise<void> {
  await fetch(new URL('/__sandbox/grants/revoke', kit.listening.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ company_uuid }),
  });
}

/** Contract violations of the requests Hirebridge sent (responses are the sandbox's concern). */
export function requestViolations(kit: ConnectionKit) {
  return kit.contract.violations.filter((v) => v.direction === 'request');
}
