import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serve } from '@hono/node-server';
import type { GustoConnection } from '../../src/gusto-connection/connection-repository.js';
import {
  type ConnectionKit,
  connectionKitOn,
  connectTo,
  seedAdmin,
} from '../../src/gusto-connection/connection-test-kit.js';
import { createSandbox, type ListeningSandbox, type Sandbox } from '../../src/gusto-sandbox/app.js';
import type { SandboxOptions } from '../../src/gusto-sandbox/context.js';
import { addLocation, createSeedAdminCompany } from '../../src/gusto-sandbox/seed.js';
import type { HandoffKit } from '../../src/handoff/handoff-test-kit.js';
import { createLogger } from '../../src/logging/logger.js';
import { type DialectName, migrateToLatest, openStorage } from '../../src/storage/database.js';
import { createTestStorage, type TestStorage } from '../databases.js';

/** The key the kit seals tokens with; worker processes get it as HIREBRIDGE_SECRET_KEY. */
export const KIT_SECRET_KEY_HEX = '07'.repeat(32);

/** One request as it arrived at the sandbox's HTTP server, timed to the millisecond. */
export interface Arrival {
  at_ms: number;
  method: string;
  path: string;
  /** The company the bearer token reaches, or null (OAuth, control API, no token). */
  company_uuid: string | null;
  status: number;
  /** The answer's Retry-After: the sandbox's rate limiter sends one, an injected fault none. */
  retry_after: string | null;
}

/** How to build a kit: the sandbox's options and the latency its HTTP server adds. */
export interface ReliabilityKitOptions {
  sandbox?: Partial<SandboxOptions>;
  /** Each answer over HTTP is held back a random time in this range (ms); default none. */
  latency_ms?: readonly [number, number];
}

/** A hand-off kit whose sandbox HTTP server records arrivals and may answer slowly. */
export interface ReliabilityKit extends HandoffKit {
  arrivals: Arrival[];
  /** A SQLite file or PostgreSQL URL, as worker processes are told through the environment. */
  workerEnv: Record<string, string>;
}

/**
 * Starts a database that worker processes can open too, a sandbox served on 127.0.0.1:0, and an
 * account connected to Acme Robotics Inc.
 */
export async function startReliabilityKit(
  dialect: DialectName,
  options: ReliabilityKitOptions = {},
): Promise<ReliabilityKit> {
  const storage = await createWorkerStorage(dialect);
  const sandbox = createSandbox({ stateFile: null, options: options.sandbox ?? {} });
  const arrivals: Arrival[] = [];
  const listening = await listenRecording(sandbox, arrivals, options.latency_ms ?? [0, 0]);
  const key = Buffer.from(KIT_SECRET_KEY_HEX, 'hex');
  const base = await connectionKitOn(storage, sandbox, listening, key);
  const connection = await connectTo(base, 'Acme Robotics Inc.');
  const handoffKit = withHandoffDeps(base, connection);

  return { ...handoffKit, arrivals, workerEnv: workerEnvOf(storage, listening) };
}

function withHandoffDeps(kit: ConnectionKit, connection: GustoConnection): HandoffKit {
  const data = kit.sandbox.ctx.store.data;
  const location = Object.values(data.locations).find(
    (l) => l.company_uuid === connection.company_uuid,
  );
  const department = Object.values(data.departments).find(
    (d) => d.company_uuid === connection.company_uuid && d.title === 'Engineering',
  );
  if (!location || !department) throw new Error('the sandbox seed changed');
  const handoffDeps = {
    storage: kit.storage,
    connection: kit.deps,
    logger: createLogger({ level: 'silent' }),
    timeoutMs: 2_000,
  };

  return {
    ...kit,
    connection,
    handoffDeps,
    location_uuid: location.uuid,
    department_uuid: department.uuid,
    shutdown: new AbortController(),
  };
}

/** Another account connected to a new sandbox company of its own, with one location. */
export interface ExtraAccount {
  account_id: string;
  user_id: string;
  connection: GustoConnection;
  location_uuid: string;
}

/**
 * Creates a company in the sandbox (the seeded admin runs it, as after Gusto's sign-up), a Scale
 * account in Hirebridge, and connects the two through the OAuth flow.
 */
export async function connectNewAccount(kit: HandoffKit, company_name: string) {
  const store = kit.sandbox.ctx.store;
  const company = createSeedAdminCompany(store, company_name);
  const location = addLocation(store, company.uuid, {
    street_1: '1 Market St',
    city: 'San Francisco',
    state: 'CA',
    zip: '94105',
    phone_number: '4155550100',
  });

  const owner = await seedAdmin(kit.storage);
  const connection = await connectTo({ ...kit, owner }, company_name);
  const account: ExtraAccount = { ...owner, connection, location_uuid: location.uuid };

  return account;
}

async function createWorkerStorage(dialect: DialectName): Promise<TestStorage> {
  if (dialect === 'postgres') return createTestStorage('postgres');

  // Worker processes open `<HIREBRIDGE_DATA_DIR>/hirebridge.sqlite`.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hirebridge-reliability-'));
  const sqliteFile = path.join(dir, 'hirebridge.sqlite');
  const storage = openStorage({ sqliteFile });
  await migrateToLatest(storage);
  const close = async () => {
    await storage.close();
    fs.rmSync(dir, { recursive: true, force: true });
  };

  return { ...storage, close, target: { sqliteFile } };
}

function workerEnvOf(storage: TestStorage, listening: ListeningSandbox): Record<string, string> {
  const database =
    'databaseUrl' in storage.target
      ? { DATABASE_URL: storage.target.databaseUrl }
      : { HIREBRIDGE_DATA_DIR: path.dirname(storage.target.sqliteFile) };

  return {
    ...database,
    NODE_ENV: 'test',
    HIREBRIDGE_SECRET_KEY: KIT_SECRET_KEY_HEX,
    GUSTO_SANDBOX_PORT: String(listening.port),
  };
}

/**
 * Serves the sandbox on 127.0.0.1:0 as `listenSandbox` does, recording each request's arrival
 * and holding answers back by a random latency, so a killed worker dies mid-request.
 */
function listenRecording(
  sandbox: Sandbox,
  arrivals: Arrival[],
  [min, max]: readonly [number, number],
): Promise<ListeningSandbox> {
  const handle = async (request: Request, env: unknown) => {
    const arrival = arrivalOf(sandbox, request);
    const response = await sandbox.app.fetch(request, env);
    if (max > 0) await sleep(min + Math.random() * (max - min));
    arrivals.push({
      ...arrival,
      status: response.status,
      retry_after: response.headers.get('retry-after'),
    });

    return response;
  };

  return new Promise((resolve) => {
    const server = serve({ fetch: handle, port: 0, hostname: '127.0.0.1' }, (info) => {
      const url = `http://127.0.0.1:${info.port}`;
      const close = () => new Promise<void>((done) => server.close(() => done()));
      resolve({ url, port: info.port, close });
    });
  });
}

function arrivalOf(sandbox: Sandbox, request: Request): Omit<Arrival, 'status' | 'retry_after'> {
  const url = new URL(request.url);
  const token = request.headers.get('authorization')?.replace(/^Bearer /i, '') ?? '';
  const data = sandbox.ctx.store.data;
  const grantId = data.access_tokens[token]?.grant_id;
  const company_uuid = grantId ? (data.grants[grantId]?.company_uuid ?? null) : null;

  return { at_ms: Date.now(), method: request.method, path: url.pathname, company_uuid };
}

/** Waits `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
