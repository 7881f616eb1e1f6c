import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { withGustoAccess } from '../../src/gusto-connection/access.js';
import { gustoBudgetKey } from '../../src/gusto-connection/budget-key.js';
import { handleCallback } from '../../src/gusto-connection/callback.js';
import {
  authorizeInGusto,
  requestViolations,
  revokeGrantsInGusto,
} from '../../src/gusto-connection/connection-test-kit.js';
import { startAuthorization } from '../../src/gusto-connection/start-authorization.js';
import { GUSTO_RATE_BUDGET } from '../../src/handoff/gusto-budget.js';
import { getHandoff, HANDOFF_TASK_KIND, resumeHandoff } from '../../src/handoff/handoff-store.js';
import { handoffTaskHandler } from '../../src/handoff/handoff-task-handler.js';
import {
  addHiredCandidate,
  addToGusto,
  drain,
  injectFault,
  runWorkerOnce,
} from '../../src/handoff/handoff-test-kit.js';
import { employeeValues } from '../../src/handoff/test-forms.js';
import { validateForm } from '../../src/handoff/validate-form.js';
import { claim } from '../../src/outbox/claim.js';
import { runTask } from '../../src/outbox/run-task.js';
import { testDialects } from '../databases.js';
import { EMPLOYEE_CREATE, requestLog } from './hires.js';
import { type ReliabilityKit, startReliabilityKit } from './reliability-kit.js';
import { runWorkerToExit } from './worker-process.js';

const CREATE_GLOB = '/v1/companies/*/employees';
const TOKEN_PATH = '/oauth/token';

/** Requests of the sandbox's log matching method and path, counted by answer. */
async function counted(kit: ReliabilityKit, method: string, path: RegExp) {
  const hits = (await requestLog(kit)).filter((r) => r.method === method && path.test(r.path));

  return {
    all: hits.length,
    ok: hits.filter((r) => r.status >= 200 && r.status < 300).length,
    limited: hits.filter((r) => r.status === 429).length,
  };
}

/** Creates of an employee that reached Gusto (every answer, and the successful ones). */
const creates = (kit: ReliabilityKit) => counted(kit, 'POST', EMPLOYEE_CREATE);

/** The change of each count since `start`. */
function since(start: { all: number; ok: number; limited: number }) {
  return (now: typeof start) => ({
    all: now.all - start.all,
    ok: now.ok - start.ok,
    limited: now.limited - start.limited,
  });
}

function formFor(kit: ReliabilityKit, last_name: string) {
  return employeeValues({
    first_name: 'Case',
    last_name,
    email: `${last_name.toLowerCase().replaceAll(' ', '.')}@example.test`,
    location_uuid: kit.location_uuid,
    department_uuid: kit.department_uuid,
  });
}

async function hire(kit: ReliabilityKit, last_name: string) {
  const candidate = await addHiredCandidate(kit, 'Case', last_name);
  const { handoff } = await addToGusto(kit, candidate, formFor(kit, last_name));

  return handoff;
}

async function statusOf(kit: ReliabilityKit, handoff_id: string) {
  return (await getHandoff(kit.storage.db, handoff_id))?.status;
}

async function taskOf(kit: ReliabilityKit, handoff_id: string) {
  const tasks = await kit.storage.db.selectFrom('outbox_tasks').selectAll().execute();

  return tasks.find((t) => JSON.stringify(t.payload).includes(handoff_id));
}

/** People in the sandbox with this last name. */
function peopleNamed(kit: ReliabilityKit, last_name: string) {
  const people = Object.values(kit.sandbox.ctx.store.data.employees);

  return people.filter((e) => e.last_name === last_name);
}

describe.each(testDialects)('hand-off cases through the sandbox fault control (%s)', (dialect) => {
  let kit: ReliabilityKit;

  beforeAll(async () => {
    kit = await startReliabilityKit(dialect);
  });
  afterAll(async () => {
    await kit.close();
  });

  it('C13: stores tokens only as ciphertext; no start in production without a key', async () => {
    const row = await kit.storage.db
      .selectFrom('gusto_connections')
      .selectAll()
      .where('id', '=', kit.connection.id)
      .executeTakeFirstOrThrow();
    const live = Object.values(kit.sandbox.ctx.store.data.access_tokens).filter(
      (t) => !t.revoked && t.grant_id !== null,
    );
    expect(live.length).toBeGreaterThan(0);
    for (const token of live) {
      expect(row.access_token).not.toContain(token.token);
      expect(row.refresh_token).not.toContain(token.refresh_token ?? '-');
    }
    expect(kit.deps.secretBox.open(row.access_token ?? '')).toBe(live.at(-1)?.token);
    expect((await creates(kit)).all).toBe(0);

    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/HIREBRIDGE_SECRET_KEY/);
    const refused = await runWorkerToExit({
      ...kit.workerEnv,
      NODE_ENV: 'production',
      HIREBRIDGE_SECRET_KEY: '',
    });
    expect(refused.code).not.toBe(0);
    expect(refused.output).toMatch(/HIREBRIDGE_SECRET_KEY: required in production/);
  });

  it('C1: a double click and a second tab make one hand-off and one create', async () => {
    const newCreates = since(await creates(kit));
    const candidate = await addHiredCandidate(kit, 'Case', 'Twice');
    const values = formFor(kit, 'Twice');
    const clicks = await Promise.all([1, 2, 3].map(() => addToGusto(kit, candidate, values)));
    expect(clicks.filter((c) => c.created)).toHaveLength(1);
    expect(new Set(clicks.map((c) => c.handoff.id)).size).toBe(1);

    // Two workers at once find one task between them.
    await Promise.all([runWorkerOnce(kit), runWorkerOnce(kit)]);
    await drain(kit);
    const again = await addToGusto(kit, candidate, values);
    expect(again).toMatchObject({ created: false, handoff: { status: 'added' } });
    expect(again.handoff.gusto_person_uuid).not.toBeNull();
    expect(newCreates(await creates(kit))).toEqual({ all: 1, ok: 1, limited: 0 });
    expect(peopleNamed(kit, 'Twice')).toHaveLength(1);
  });

  it.each([
    ['C2: the connection drops after Gusto stored the employee', 'Dropped', { when: 'drop' }],
    [
      'C2: the client times out while Gusto stores the employee',
      'Timedout',
      { when: 'after', status: 201, delay_ms: 1_000 },
    ],
    ['C3: Gusto answers 502 after storing the employee', 'Bad Gateway', { when: 'after' }],
  ] as const)('%s: checking Gusto, then adopted, no second create', async (_, last, fault) => {
    const newCreates = since(await creates(kit));
    const handoff = await hire(kit, last);
    await injectFault(kit, { method: 'POST', path: CREATE_GLOB, status: 502, ...fault });

    // The client gives up well before the held-back answer (only the timeout case holds one).
    kit.handoffDeps.timeoutMs = 300;
    await runWorkerOnce(kit);
    kit.handoffDeps.timeoutMs = 2_000;
    expect(await statusOf(kit, handoff.id)).toBe('checking');
    expect(peopleNamed(kit, last)).toHaveLength(1);

    await drain(kit);
    const done = await getHandoff(kit.storage.db, handoff.id);
    expect(done?.status).toBe('added');
    expect(done?.gusto_person_uuid).toBe(peopleNamed(kit, last)[0]?.uuid);
    expect(peopleNamed(kit, last)).toHaveLength(1);
    // A held-back answer is logged when the sandbox finally answers.
    await expect.poll(async () => newCreates(await creates(kit)).all).toBe(1);
  });

  it("C10: a 422 on the job names the part in Gusto's words; Resume continues there", async () => {
    const newCreates = since(await creates(kit));
    const jobsBefore = await counted(kit, 'POST', /^\/v1\/employees\/[^/]+\/jobs$/);
    const handoff = await hire(kit, 'Jobless');
    await injectFault(kit, {
      method: 'POST',
      path: '/v1/employees/*/jobs',
      status: 422,
      when: 'before',
    });

    await drain(kit);
    const stuck = await getHandoff(kit.storage.db, handoff.id);
    expect(stuck?.status).toBe('needs_attention');
    expect(stuck?.last_error).toMatchObject({
      step: 'job',
      problems: [{ message: 'Injected fault 422.' }],
    });
    expect(stuck?.gusto_person_uuid).not.toBeNull();

    const fixed = validateForm({ ...formFor(kit, 'Jobless'), job_title: 'Lead Analyst' });
    if (!fixed.ok || !stuck) throw new Error('the corrected form is invalid');
    expect(await resumeHandoff(kit.storage.db, stuck, fixed.form)).toBe(true);
    await drain(kit);

    const done = await getHandoff(kit.storage.db, handoff.id);
    expect(done?.status).toBe('added');
    expect(done?.gusto_person_uuid).toBe(stuck.gusto_person_uuid);
    expect(newCreates(await creates(kit)).all).toBe(1);
    const jobs = await counted(kit, 'POST', /^\/v1\/employees\/[^/]+\/jobs$/);
    expect(jobs.ok - jobsBefore.ok).toBe(1);
  });

  it('C9: two hires with an expired token make exactly one refresh and both complete', async () => {
    const refreshes = since(await counted(kit, 'POST', new RegExp(`^${TOKEN_PATH}$`)));
    const newCreates = since(await creates(kit));
    await kit.storage.db
      .updateTable('gusto_connections')
      .set({ access_token_expires_at: new Date(Date.now() - 1_000).toISOString() })
      .where('id', '=', kit.connection.id)
      .execute();
    await fetch(new URL('/__sandbox/tokens/expire', kit.listening.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ company_uuid: kit.connection.company_uuid }),
    });
    const first = await hire(kit, 'Refresh One');
    const second = await hire(kit, 'Refresh Two');

    await Promise.all([runWorkerOnce(kit), runWorkerOnce(kit)]);
    await drain(kit);

    expect(await statusOf(kit, first.id)).toBe('added');
    expect(await statusOf(kit, second.id)).toBe('added');
    expect(refreshes(await counted(kit, 'POST', new RegExp(`^${TOKEN_PATH}$`)))).toMatchObject({
      all: 1,
      ok: 1,
    });
    expect(newCreates(await creates(kit))).toEqual({ all: 2, ok: 2, limited: 0 });
    await expectNewestPairStored(kit);
  });

  it('C8: a revoked grant makes hires wait; reauthorizing the company completes them', async () => {
    const newCreates = since(await creates(kit));
    await revokeGrantsInGusto(kit, kit.connection.company_uuid);
    const handoff = await hire(kit, 'Waiting');
    await drain(kit);

    expect(await statusOf(kit, handoff.id)).toBe('waiting_reauthorization');
    const connection = await kit.storage.db
      .selectFrom('gusto_connections')
      .select('status')
      .where('id', '=', kit.connection.id)
      .executeTakeFirstOrThrow();
    expect(connection.status).toBe('needs_reauthorization');
    expect(await taskOf(kit, handoff.id)).toMatchObject({ status: 'parked' });
    // The one create tried was refused (401) with nothing made; the refresh then failed too.
    expect(newCreates(await creates(kit))).toEqual({ all: 1, ok: 0, limited: 0 });
    expect(peopleNamed(kit, 'Waiting')).toHaveLength(0);

    const start = await startAuthorization(kit.deps, kit.owner, { purpose: 'reauthorize' });
    await handleCallback(
      kit.deps,
      kit.owner,
      await authorizeInGusto(kit, start.authorizeUrl, 'Acme Robotics Inc.'),
    );
    await drain(kit);

    expect(await statusOf(kit, handoff.id)).toBe('added');
    expect(newCreates(await creates(kit))).toEqual({ all: 2, ok: 1, limited: 0 });
    expect(peopleNamed(kit, 'Waiting')).toHaveLength(1);
  });

  it('C9: a token Gusto stopped accepting early is refreshed once; the hire goes on', async () => {
    const refreshes = since(await counted(kit, 'POST', new RegExp(`^${TOKEN_PATH}$`)));
    const newCreates = since(await creates(kit));
    await fetch(new URL('/__sandbox/tokens/expire', kit.listening.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ company_uuid: kit.connection.company_uuid }),
    });
    const handoff = await hire(kit, 'Early');
    await drain(kit);

    expect(await statusOf(kit, handoff.id)).toBe('added');
    expect(refreshes(await counted(kit, 'POST', new RegExp(`^${TOKEN_PATH}$`))).ok).toBe(1);
    // The 401 proved Gusto made nothing, so the create was sent again once.
    expect(newCreates(await creates(kit))).toEqual({ all: 2, ok: 1, limited: 0 });
    expect(peopleNamed(kit, 'Early')).toHaveLength(1);
    await expectNewestPairStored(kit);
  });

  it("sent only requests that match Gusto's request schemas", () => {
    expect(requestViolations(kit)).toEqual([]);
  });
});

/** The stored pair is the newest the sandbox issued: its access token is live, its refresh too. */
async function expectNewestPairStored(kit: ReliabilityKit): Promise<void> {
  const row = await kit.storage.db
    .selectFrom('gusto_connections')
    .select(['access_token', 'refresh_token'])
    .where('id', '=', kit.connection.id)
    .executeTakeFirstOrThrow();
  const data = kit.sandbox.ctx.store.data;
  const access = data.access_tokens[kit.deps.secretBox.open(row.access_token ?? '')];
  const refresh = data.refresh_tokens[kit.deps.secretBox.open(row.refresh_token ?? '')];
  expect(access?.revoked).toBe(false);
  expect(access?.refresh_token).toBe(refresh?.token);
  expect(refresh?.revoked).toBe(false);
}

const SECOND = 1_000;
/** The sandbox's limit for C7: small, over a window as long as the Retry-After it is to send. */
const C7_LIMIT = { limit: 10, window_ms: 30 * SECOND };

describe.each(testDialects)('C7: Gusto answers 429 with Retry-After: 30 (%s)', (dialect) => {
  let kit: ReliabilityKit;

  beforeAll(async () => {
    kit = await startReliabilityKit(dialect, { sandbox: { rateLimit: C7_LIMIT } });
  });
  afterAll(async () => {
    await kit.close();
  });

  /** Advances the sandbox clock (its rate window and tokens move with it). */
  async function advanceSandbox(seconds: number): Promise<void> {
    await fetch(new URL('/__sandbox/clock', kit.listening.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ advance_seconds: seconds }),
    });
  }

  /** Spends what is left of the grant's window, as calls outside the hand-off would. */
  async function fillWindow(): Promise<void> {
    const { access_token, company_uuid } = await liveToken(kit);
    for (let i = 0; i < C7_LIMIT.limit; i++) {
      const answer = await kit.sandbox.fetch(
        new Request(`${kit.listening.url}/v1/companies/${company_uuid}`, {
          headers: { authorization: `Bearer ${access_token}`, accept: 'application/json' },
        }),
      );
      if (answer.headers.get('x-ratelimit-remaining') === '0') return;
    }
    throw new Error('the window did not fill');
  }

  /**
   * One worker turn at the instant `at`: the task is claimed only if due by then, and the rate
   * budget reads `at` as its clock, so 30 seconds pass without sleeping.
   */
  async function turnAt(at: Date): Promise<boolean> {
    kit.handoffDeps.budget = { ...GUSTO_RATE_BUDGET, now: at };
    const options = { worker_id: 'c7-worker', kinds: [HANDOFF_TASK_KIND], lock_ms: 60_000 };
    const [task] = await claim(kit.storage, { ...options, limit: 1, now: at });
    if (!task) return false;
    await runTask(task, {
      storage: kit.storage,
      handler: handoffTaskHandler(kit.handoffDeps),
      worker_id: options.worker_id,
      lock_ms: options.lock_ms,
      backoff: { base_ms: 1, cap_ms: 1 },
      shutdown: new AbortController().signal,
      logger: kit.handoffDeps.logger,
    });

    return true;
  }

  it('waits at least 30 s showing Sending, sends nothing meanwhile, then completes', async () => {
    // A fresh window, then filled within a second: the next call is told Retry-After: 30.
    await advanceSandbox(C7_LIMIT.window_ms / SECOND + 1);
    const handoff = await hire(kit, 'Limited');
    await fillWindow();
    const limitedAt = Date.now();
    const logStart = (await requestLog(kit)).length;

    expect(await turnAt(new Date(limitedAt))).toBe(true);
    const log = (await requestLog(kit)).slice(logStart);
    expect(log.map((r) => [r.method, r.status])).toEqual([['POST', 429]]);
    expect(await statusOf(kit, handoff.id)).toBe('queued');
    const task = await taskOf(kit, handoff.id);
    expect(task).toMatchObject({ status: 'queued', attempts: 0 });
    expect(Date.parse(task?.run_at ?? '')).toBeGreaterThanOrEqual(limitedAt + 30 * SECOND);
    const budget = await kit.storage.db
      .selectFrom('rate_budgets')
      .selectAll()
      .where('key', '=', gustoBudgetKey(handoff.account_id))
      .executeTakeFirstOrThrow();
    expect(Date.parse(budget.paused_until ?? '')).toBeGreaterThanOrEqual(limitedAt + 30 * SECOND);

    // Workers keep turning through the 30 seconds: nothing is due, nothing reaches Gusto.
    for (let s = 1; s < 30; s += 2) {
      expect(await turnAt(new Date(limitedAt + s * SECOND))).toBe(false);
      expect(await statusOf(kit, handoff.id)).toBe('queued');
    }
    expect((await requestLog(kit)).length).toBe(logStart + 1);

    await advanceSandbox(30);
    let turns = 0;
    while (turns < 10 && (await turnAt(new Date(limitedAt + 31 * SECOND)))) turns++;
    expect(await statusOf(kit, handoff.id)).toBe('added');
    const after = (await requestLog(kit)).slice(logStart);
    const made = after.filter((r) => r.method === 'POST' && EMPLOYEE_CREATE.test(r.path));
    expect(made.map((r) => r.status)).toEqual([429, 201]);
    expect(after.filter((r) => r.status === 429)).toHaveLength(1);
    expect(peopleNamed(kit, 'Limited')).toHaveLength(1);
  });
});

/** The connection's live access token, read as the worker would (refreshing if it must). */
function liveToken(kit: ReliabilityKit) {
  return withGustoAccess(kit.deps, kit.owner.account_id, async (a) => a);
}
