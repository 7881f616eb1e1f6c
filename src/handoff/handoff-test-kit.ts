import type { KyselyPlugin } from 'kysely';
import { handleCallback } from '../gusto-connection/callback.js';
import type { GustoConnection } from '../gusto-connection/connection-repository.js';
import {
  authorizeInGusto,
  type ConnectionKit,
  connectTo,
  sandboxRequests,
  startConnectionKit,
} from '../gusto-connection/connection-test-kit.js';
import { startAuthorization } from '../gusto-connection/start-authorization.js';
import { createLogger } from '../logging/logger.js';
import { claim } from '../outbox/claim.js';
import { reserveWorkerSlot } from '../outbox/hand-over.js';
import type { BudgetOptions } from '../outbox/rate-budget.js';
import { runTask } from '../outbox/run-task.js';
import type { DialectName } from '../storage/database.js';
import { type RunningWorker, startHandoffWorker } from '../worker/start-handoff-worker.js';
import type { FormValues } from './handoff-form.js';
import {
  getHandoff,
  HANDOFF_TASK_KIND,
  type Handoff,
  type StartResult,
  startHandoff,
} from './handoff-store.js';
import { type HandoffDeps, handoffTaskHandler } from './handoff-task-handler.js';
import { employeeValues } from './test-forms.js';
import { validateForm } from './validate-form.js';

/** A connected account with a Hired candidate, a sandbox, and a way to run the worker by hand. */
export interface HandoffKit extends ConnectionKit {
  connection: GustoConnection;
  handoffDeps: HandoffDeps;
  /** The seeded company's first location and its "Engineering" department. */
  location_uuid: string;
  department_uuid: string;
  /** The worker's shutdown, one for the kit's life as a worker has one for its own. */
  shutdown: AbortController;
}

/** Starts a sandbox and database, and connects the account to Acme Robotics Inc. */
export async function startHandoffKit(dialect: DialectName): Promise<HandoffKit> {
  const kit = await startConnectionKit(dialect);
  const connection = await connectTo(kit, 'Acme Robotics Inc.');
  const handoffDeps: HandoffDeps = {
    storage: kit.storage,
    connection: kit.deps,
    logger: createLogger({ level: 'silent' }),
    timeoutMs: 2_000,
  };
  const data = kit.sandbox.ctx.store.data;
  const location = Object.values(data.locations).find(
    (l) => l.company_uuid === connection.company_uuid,
  );
  const department = Object.values(data.departments).find(
    (d) => d.company_uuid === connection.company_uuid && d.title === 'Engineering',
  );
  if (!location || !department) throw new Error('the sandbox seed changed');

  return {
    ...kit,
    connection,
    handoffDeps,
    location_uuid: location.uuid,
    department_uuid: department.uuid,
    shutdown: new AbortController(),
  };
}

/** Adds a Hired candidate to the kit's account; returns its id. */
export async function addHiredCandidate(
  kit: HandoffKit,
  first_name = 'Ada',
  last_name = 'Lovelace',
) {
  const now = new Date().toISOString();
  const id = crypto.randomUUID();
  await kit.storage.db
    .insertInto('candidates')
    .values({
      id,
      account_id: kit.owner.account_id,
      job_id: null,
      first_name,
      last_name,
      preferred_name: null,
      email: null,
      phone: null,
      stage: 'hired',
      created_at: now,
      updated_at: now,
    })
    .execute();

  return id;
}

/** "Add to Gusto" for a candidate with the given review form. */
export async function addToGusto(
  kit: HandoffKit,
  candidate_id: string,
  values: FormValues,
  db: HandoffKit['storage']['db'] = kit.storage.db,
): Promise<StartResult> {
  const check = validateForm(values);
  if (!check.ok) throw new Error(`invalid form: ${JSON.stringify(check.errors)}`);

  return startHandoff(db, {
    account_id: kit.owner.account_id,
    candidate_id,
    company_uuid: kit.connection.company_uuid,
    form: check.form,
    created_by: kit.owner.user_id,
  });
}

/**
 * "Add to Gusto" for a new Hired candidate: an employee at the kit's location, with `email` or
 * one made from the first name, clicked through `db` (the kit's, or one with a plugin).
 */
export async function clickForEmployee(
  kit: HandoffKit,
  first_name: string,
  last_name: string,
  email = `${first_name.toLowerCase()}@example.test`,
  db: HandoffKit['storage']['db'] = kit.storage.db,
): Promise<StartResult> {
  const candidate = await addHiredCandidate(kit, first_name, last_name);
  const values = employeeValues({ first_name, last_name, email, location_uuid: kit.location_uuid });

  return addToGusto(kit, candidate, values, db);
}

/**
 * A plugin for the click's handle that stops `worker` as soon as the click's statement has
 * inserted the hand-off (SQLite: its insert, inside the click's transaction): a deploy that
 * stops the web process while a click is in flight. `stopping()` is that stop, once begun.
 */
export function stopsWhenClicked(worker: RunningWorker) {
  let stopping: Promise<void> | null = null;
  const plugin: KyselyPlugin = {
    transformQuery: ({ node }) => node,
    async transformResult({ result }) {
      const inserted = result.rows[0] as { live_key?: unknown } | undefined;
      if (stopping === null && inserted?.live_key !== undefined) stopping = worker.stop();
      return result;
    },
  };

  return { plugin, stopping: () => stopping };
}

/** Whether a running worker of this process would take a hand-off clicked now (a probe). */
export function offersHandoffPlace(kit: HandoffKit): boolean {
  const probe = reserveWorkerSlot(HANDOFF_TASK_KIND, kit.storage.db);
  probe?.release();

  return probe !== null;
}

/** What `startOfferingWorker` changes from the kit's worker. */
export interface OfferingWorkerOptions {
  /** The worker's handle on the kit's database (say, with a plugin that watches statements). */
  db?: HandoffKit['storage']['db'];
  /** Default the shipped worker's. */
  concurrency?: number;
  /** Default a minute: only a click, a wake or a free place runs a hand-off meanwhile. */
  poll_ms?: number;
  /** The hand-off's rate budget; default the shipped one. */
  budget?: BudgetOptions;
}

/**
 * The hand-off worker as shipped, on the kit's database and Gusto, once it offers its places to
 * clicks: its first claim is in.
 */
export async function startOfferingWorker(
  kit: HandoffKit,
  options: OfferingWorkerOptions = {},
): Promise<RunningWorker> {
  const worker = startHandoffWorker({
    storage: { ...kit.storage, db: options.db ?? kit.storage.db },
    settings: kit.deps.settings,
    secretBox: kit.deps.secretBox,
    logger: kit.handoffDeps.logger,
    poll_ms: options.poll_ms ?? 60_000,
    ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
    ...(options.budget === undefined ? {} : { handoff: { budget: options.budget } }),
  });
  for (let tries = 0; !offersHandoffPlace(kit); tries++) {
    if (tries > 200) throw new Error('the hand-off worker offered no place within 10 s');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }

  return worker;
}

/**
 * Claims the due hand-off task and runs it as the worker would, ignoring backoff waits (the
 * claim looks from far in the future). Returns false when no task was due.
 */
export async function runWorkerOnce(kit: HandoffKit): Promise<boolean> {
  const later = new Date(Date.now() + 1e10);
  const [task] = await claim(kit.storage, {
    worker_id: 'test-worker',
    kinds: [HANDOFF_TASK_KIND],
    lock_ms: 60_000,
    limit: 1,
    now: later,
  });
  if (!task) return false;

  await runTask(task, {
    storage: kit.storage,
    handler: handoffTaskHandler(kit.handoffDeps),
    worker_id: 'test-worker',
    lock_ms: 60_000,
    backoff: { base_ms: 1, cap_ms: 1 },
    shutdown: kit.shutdown.signal,
    logger: kit.handoffDeps.logger,
  });

  return true;
}

/** Runs the worker until no hand-off task is due (at most `limit` runs). */
export async function drain(kit: HandoffKit, limit = 10): Promise<number> {
  let runs = 0;
  while (runs < limit && (await runWorkerOnce(kit))) runs++;

  return runs;
}

/** The hand-off as stored now. */
export async function reload(kit: HandoffKit, handoff: Handoff): Promise<Handoff> {
  const fresh = await getHandoff(kit.storage.db, handoff.id);
  if (!fresh) throw new Error('hand-off vanished');

  return fresh;
}

/** The path of Gusto's employee create, as `countRequests` matches it. */
export const EMPLOYEE_CREATE = /^\/v1\/companies\/[^/]+\/employees$/;

/** How many requests matching method and path pattern reached the sandbox. */
export async function countRequests(kit: HandoffKit, method: string, path: RegExp) {
  const requests = await sandboxRequests(kit);

  return requests.filter((r) => r.method === method && path.test(r.path)).length;
}

/** Injects a fault into the sandbox through its control API. */
export async function injectFault(
  kit: HandoffKit,
  fault: { method: string; path: string; status: number; when: 'before' | 'after' | 'drop' },
): Promise<void> {
  const response = await fetch(new URL('/__sandbox/faults', kit.listening.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(fault),
  });
  if (response.status !== 201) throw new Error(`fault refused: ${await response.text()}`);
}

/** Adds a Hired candidate with a personal email and the hire step's record; returns its id. */
export async function addHiredWithRecord(
  kit: HandoffKit,
  first_name: string,
  last_name: string,
  email: string | null,
): Promise<string> {
  const id = await addHiredCandidate(kit, first_name, last_name);
  await kit.storage.db.updateTable('candidates').set({ email }).where('id', '=', id).execute();
  await kit.storage.db
    .insertInto('hires')
    .values({
      id: crypto.randomUUID(),
      account_id: kit.owner.account_id,
      candidate_id: id,
      start_date: '2027-01-05',
      job_title: 'Robot Wrangler',
      worker_type: 'employee',
      pay_rate: '85000.00',
      pay_unit: 'Year',
      department: 'engineering',
      work_location: 'San Francisco',
      recorded_by: null,
      recorded_at: new Date().toISOString(),
    })
    .execute();

  return id;
}

/** Reauthorize by the kit's admin, choosing the kit's company again; the parked hires resume. */
export async function reauthorizeSameCompany(kit: HandoffKit): Promise<void> {
  const start = await startAuthorization(kit.deps, kit.owner, { purpose: 'reauthorize' });
  const params = await authorizeInGusto(kit, start.authorizeUrl, kit.connection.company_name);
  const outcome = await handleCallback(kit.deps, kit.owner, params);
  if (outcome.kind !== 'reauthorized') throw new Error(`reauthorize: ${outcome.kind}`);
}

function decodeHtml(text: string): string {
  return text
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

/** The fields of a rendered review form, as a browser would submit them (no CSRF token). */
export function formFields(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(/<input[^>]*name="([^"]+)"[^>]*>/g)) {
    const tag = m[0];
    const name = m[1] ?? '';
    if (name === '_csrf') continue;
    const value = /value="([^"]*)"/.exec(tag)?.[1] ?? '';
    if (/type="radio"|type="checkbox"/.test(tag) && !/checked/.test(tag)) continue;
    fields[name] = decodeHtml(value);
  }
  for (const m of html.matchAll(/<select[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)) {
    const selected = /<option value="([^"]*)" selected/.exec(m[2] ?? '')?.[1] ?? '';
    fields[m[1] ?? ''] = decodeHtml(selected);
  }

  return fields;
}
