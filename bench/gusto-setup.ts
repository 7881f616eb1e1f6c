import { createSecretBox } from '../src/crypto/secret-box.js';
import type { GustoConnection } from '../src/gusto-connection/connection-repository.js';
import {
  type ConnectionKit,
  connectTo,
  seedAdmin,
} from '../src/gusto-connection/connection-test-kit.js';
import type { GustoConnectionDeps } from '../src/gusto-connection/deps.js';
import type { StateOwner } from '../src/gusto-connection/oauth-state.js';
import type { SandboxOptions } from '../src/gusto-sandbox/context.js';
import { addLocation, createSeedAdminCompany, SEED_APP } from '../src/gusto-sandbox/seed.js';
import { newUuid, newVersion, type SandboxStore } from '../src/gusto-sandbox/state.js';
import { createContractFetch } from '../src/gusto-spec/contract-fetch.js';
import { blankValues, type FormValues } from '../src/handoff/handoff-form.js';
import { type StartResult, startHandoff } from '../src/handoff/handoff-store.js';
import { validateForm } from '../src/handoff/validate-form.js';
import { createLogger, type Logger } from '../src/logging/logger.js';
import type { DialectName } from '../src/storage/database.js';
import { createTestStorage, type TestStorage } from '../test/databases.js';
import {
  clearCalls,
  type SandboxTiming,
  startTimedSandbox,
  type TimedSandbox,
} from './timed-sandbox.js';

/** A Hirebridge account connected to a Gusto company of the sandbox of its own. */
export interface ConnectedAccount {
  owner: StateOwner;
  connection: GustoConnection;
  location_uuid: string;
  department_uuid: string;
}

/** A fresh database and sandbox with `accounts` connected accounts, for one bench run. */
export interface GustoBench {
  dialect: DialectName;
  storage: TestStorage;
  sandbox: TimedSandbox;
  /** Connection deps of the worker: real HTTP to the sandbox on 127.0.0.1. */
  connection: GustoConnectionDeps;
  accounts: ConnectedAccount[];
  close(): Promise<void>;
}

/** A logger at info level whose lines go nowhere: formatting and redaction still run. */
export function discardingLogger(): Logger {
  return createLogger({ level: 'info' }, { write: () => {} });
}

/**
 * Starts a sandbox and a fresh database, and connects `count` accounts, one company each. The
 * sandbox answers with `timing` from the start; the calls of connecting are not counted.
 */
export async function startGustoBench(
  dialect: DialectName,
  count: number,
  sandboxOptions: Partial<SandboxOptions>,
  timing: SandboxTiming = {},
): Promise<GustoBench> {
  const storage = await createTestStorage(dialect);
  const sandbox = await startTimedSandbox(sandboxOptions, timing);
  const connection: GustoConnectionDeps = {
    db: storage.db,
    secretBox: createSecretBox(Buffer.alloc(32, 7)),
    settings: { ...SEED_APP, baseUrl: sandbox.url, fetch: (input, init) => fetch(input, init) },
    logger: discardingLogger(),
  };
  const accounts: ConnectedAccount[] = [];
  for (let i = 0; i < count; i++) {
    accounts.push(await connectAccount(storage, sandbox, connection, i));
  }
  // Only the hand-offs' calls are counted, not those of connecting.
  await clearCalls(sandbox);
  const close = async () => {
    await sandbox.close();
    await storage.close();
  };

  return { dialect, storage, sandbox, connection, accounts, close };
}

async function connectAccount(
  storage: TestStorage,
  sandbox: TimedSandbox,
  deps: GustoConnectionDeps,
  index: number,
): Promise<ConnectedAccount> {
  const { store } = sandbox.sandbox.ctx;
  const company = addBenchCompany(store, `Bench Company ${index + 1}`);
  const owner = await seedAdmin(storage);
  const kit: ConnectionKit = {
    storage,
    sandbox: sandbox.sandbox,
    listening: { url: sandbox.url, port: 0, close: async () => {} },
    contract: createContractFetch(sandbox.sandbox.fetch),
    deps,
    owner,
    close: async () => {},
  };
  const connection = await connectTo(kit, company.name);

  return { owner, connection, ...company };
}

/** A company of the seeded admin with one location and an "Engineering" department. */
function addBenchCompany(store: SandboxStore, name: string) {
  const company = createSeedAdminCompany(store, name);
  const location = addLocation(store, company.uuid, {
    street_1: '500 Bench Way',
    city: 'Denver',
    state: 'CO',
    zip: '80202',
    phone_number: '3035550100',
  });
  const department_uuid = newUuid();
  store.data.departments[department_uuid] = {
    uuid: department_uuid,
    company_uuid: company.uuid,
    version: newVersion(),
    title: 'Engineering',
  };
  store.changed();

  return { name, location_uuid: location.uuid, department_uuid };
}

/** Inserts `count` Hired candidates into the account in batches; returns their ids. */
export async function addHiredCandidates(
  bench: GustoBench,
  account: ConnectedAccount,
  count: number,
): Promise<string[]> {
  const now = new Date().toISOString();
  const rows = Array.from({ length: count }, (_, i) => ({
    id: crypto.randomUUID(),
    account_id: account.owner.account_id,
    job_id: null,
    first_name: 'Bench',
    last_name: `Hire ${i + 1}`,
    preferred_name: null,
    email: null,
    phone: null,
    stage: 'hired' as const,
    created_at: now,
    updated_at: now,
  }));
  for (let i = 0; i < rows.length; i += 500) {
    await bench.storage.db
      .insertInto('candidates')
      .values(rows.slice(i, i + 500))
      .execute();
  }

  return rows.map((r) => r.id);
}

/** The review form of a full-time employee with location and department: every step runs. */
export function benchEmployeeForm(
  account: ConnectedAccount,
  n: number,
  department = true,
): FormValues {
  return {
    ...blankValues(),
    worker_type: 'employee',
    first_name: 'Bench',
    last_name: `Hire ${n}`,
    email: `bench.hire.${n}.${account.owner.account_id.slice(0, 8)}@example.test`,
    start_date: '2027-01-05',
    job_title: 'Analyst',
    location_uuid: account.location_uuid,
    department_uuid: department ? account.department_uuid : '',
    rate: '85000.00',
    payment_unit: 'Year',
    flsa_status: 'Exempt',
  };
}

/**
 * "Add to Gusto" as the route does it after its checks: the form is validated, then
 * `startHandoff` records the hand-off and enqueues its task in one transaction.
 */
export async function addToGusto(
  bench: GustoBench,
  account: ConnectedAccount,
  candidate_id: string,
  n: number,
  department = true,
): Promise<StartResult> {
  const check = validateForm(benchEmployeeForm(account, n, department));
  if (!check.ok) throw new Error(`invalid bench form: ${JSON.stringify(check.errors)}`);

  return startHandoff(bench.storage.db, {
    account_id: account.owner.account_id,
    candidate_id,
    company_uuid: account.connection.company_uuid,
    form: check.form,
    created_by: account.owner.user_id,
  });
}
