import { type KyselyPlugin, RawNode, UpdateQueryNode } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../test/databases.js';
import { heldBy } from '../../test/signal-holds.js';
import { listenTo } from '../../test/task-notices.js';
import { gustoBudgetKey } from '../gusto-connection/budget-key.js';
import { handleCallback } from '../gusto-connection/callback.js';
import {
  authorizeInGusto,
  requestViolations,
  revokeGrantsInGusto,
  sandboxRequests,
} from '../gusto-connection/connection-test-kit.js';
import { startAuthorization } from '../gusto-connection/start-authorization.js';
import { enqueue } from '../outbox/enqueue.js';
import { listSteps, resumeHandoff } from './handoff-store.js';
import {
  addHiredCandidate,
  addToGusto,
  countRequests,
  drain,
  EMPLOYEE_CREATE,
  type HandoffKit,
  injectFault,
  reload,
  runWorkerOnce,
  startHandoffKit,
} from './handoff-test-kit.js';
import { contractorValues, employeeValues } from './test-forms.js';
import { validateForm } from './validate-form.js';

const CONTRACTOR_CREATE = /^\/v1\/companies\/[^/]+\/contractors$/;
const JOB_CREATE = /^\/v1\/employees\/[^/]+\/jobs$/;

describe.each(testDialects)('hand-off worker against the sandbox (%s)', (dialect) => {
  let kit: HandoffKit;

  beforeAll(async () => {
    kit = await startHandoffKit(dialect);
  });
  afterAll(async () => {
    await kit.close();
  });

  const sandboxData = () => kit.sandbox.ctx.store.data;
  const employeeForm = (overrides: Parameters<typeof employeeValues>[0] = {}) =>
    employeeValues({
      location_uuid: kit.location_uuid,
      department_uuid: kit.department_uuid,
      ...overrides,
    });

  const tasksOf = (handoff_id: string) =>
    kit.storage.db
      .selectFrom('outbox_tasks')
      .selectAll()
      .where('payload', 'like', `%${handoff_id}%`)
      .execute();

  it('sends an employee through every step, names and dates exact (C4, C5, C11)', async () => {
    const candidate = await addHiredCandidate(kit, 'Zoë', 'Nuñez-Teståd');
    const { handoff } = await addToGusto(
      kit,
      candidate,
      employeeForm({
        first_name: 'Zoë',
        last_name: 'Nuñez-Teståd',
        email: 'zoe.nunez@example.test',
        date_of_birth: '',
        start_date: '2027-01-05',
      }),
    );
    await drain(kit);

    const done = await reload(kit, handoff);
    expect(done).toMatchObject({ status: 'added', last_error: null });
    expect(done.completed_at).not.toBeNull();
    const employee = sandboxData().employees[done.gusto_person_uuid ?? ''];
    expect(Buffer.from(employee?.first_name ?? '')).toEqual(Buffer.from('Zoë'));
    expect(Buffer.from(employee?.last_name ?? '')).toEqual(Buffer.from('Nuñez-Teståd'));
    expect(employee?.date_of_birth).toBeNull();
    const job = sandboxData().jobs[done.gusto_job_uuid ?? ''];
    expect(job?.hire_date).toBe('2027-01-05');
    const pay = Object.values(sandboxData().compensations).filter((c) => c.job_uuid === job?.uuid);
    expect(pay.at(-1)).toMatchObject({ payment_unit: 'Year', flsa_status: 'Exempt' });
    expect(Number(pay.at(-1)?.rate)).toBe(85000);
    expect(employee?.department_uuid).toBe(kit.department_uuid);
    const steps = await listSteps(kit.storage.db, handoff.id);
    expect(steps.map((s) => [s.step, s.status])).toEqual(
      ['create_employee', 'work_address', 'job', 'compensation', 'department'].map((s) => [
        s,
        'done',
      ]),
    );
  });

  it("leaves nothing on the worker's shutdown signal once its runs end", async () => {
    const candidate = await addHiredCandidate(kit, 'Lean', 'Worker');
    await addToGusto(
      kit,
      candidate,
      employeeForm({ first_name: 'Lean', last_name: 'Worker', email: 'lean.worker@example.test' }),
    );
    await drain(kit);

    // A run's stop signal follows the shutdown only while the run lasts (see eitherSignal).
    expect(heldBy(kit.shutdown.signal)).toEqual({ listeners: 0, set_entries: 0 });
  });

  it('has each create marked sent, the steps before it done, when its request leaves', async () => {
    const candidate = await addHiredCandidate(kit, 'Marked', 'Beforehand');
    const { handoff } = await addToGusto(
      kit,
      candidate,
      employeeForm({ first_name: 'Marked', last_name: 'Beforehand', email: 'mb@example.test' }),
    );
    const creates: [RegExp, string][] = [
      [EMPLOYEE_CREATE, 'create_employee'],
      [/^\/v1\/employees\/[^/]+\/work_addresses$/, 'work_address'],
      [JOB_CREATE, 'job'],
    ];
    const seen: [string, string[][]][] = [];
    const inner = kit.deps.settings.fetch;
    kit.deps.settings.fetch = async (input, init) => {
      // Read from the request without consuming its body.
      const asked = input instanceof Request ? input : null;
      const path = new URL(asked?.url ?? String(input)).pathname;
      const method = init?.method ?? asked?.method ?? 'GET';
      const create = creates.find(([pattern]) => pattern.test(path));
      if (create && method === 'POST') {
        const steps = await listSteps(kit.storage.db, handoff.id);
        const order = creates.map(([, step]) => step);
        steps.sort((a, b) => order.indexOf(a.step) - order.indexOf(b.step));
        seen.push([create[1], steps.map((s) => [s.step, s.status])]);
      }
      return inner(input, init);
    };
    try {
      await drain(kit);
    } finally {
      kit.deps.settings.fetch = inner;
    }

    expect(seen).toEqual([
      ['create_employee', [['create_employee', 'sent']]],
      [
        'work_address',
        [
          ['create_employee', 'done'],
          ['work_address', 'sent'],
        ],
      ],
      [
        'job',
        [
          ['create_employee', 'done'],
          ['work_address', 'done'],
          ['job', 'sent'],
        ],
      ],
    ]);
    expect((await reload(kit, handoff)).status).toBe('added');
  });

  /** Queues a hire of an employee by that name, not yet run. */
  async function queueHire(first_name: string, last_name: string) {
    const candidate = await addHiredCandidate(kit, first_name, last_name);
    const email = `${first_name}.${last_name}@example.test`.toLowerCase();
    const values = employeeForm({ first_name, last_name, email });

    return (await addToGusto(kit, candidate, values)).handoff;
  }

  /** One worker run while the hand-off's statements fail as `plugin` makes them. */
  async function runOnceFailing(plugin: KyselyPlugin): Promise<void> {
    const storage = kit.handoffDeps.storage;
    kit.handoffDeps.storage = { ...storage, db: storage.db.withPlugin(plugin) };
    try {
      await runWorkerOnce(kit);
    } finally {
      kit.handoffDeps.storage = storage;
    }
  }

  it('looks the person up, never creates again, when storing the answer failed', async () => {
    const handoff = await queueHire('Stored', 'Never');
    const before = await countRequests(kit, 'POST', EMPLOYEE_CREATE);
    await runOnceFailing(failPersonUuidOnce());
    const after = await listSteps(kit.storage.db, handoff.id);
    expect(after.find((s) => s.step === 'create_employee')?.status).toBe('sent');

    await drain(kit);
    const done = await reload(kit, handoff);
    expect(done.status).toBe('added');
    expect(await countRequests(kit, 'POST', EMPLOYEE_CREATE)).toBe(before + 1);
    const steps = await listSteps(kit.storage.db, handoff.id);
    expect(steps.find((s) => s.step === 'reconcile')?.gusto_uuid).toBe(done.gusto_person_uuid);
  });

  // The create's request is built while its "sent" mark and budget place are being stored; when
  // that write fails, the request must not leave, or a later run could create the person twice.
  it('sends nothing when the create\'s "sent" mark cannot be stored', async () => {
    const handoff = await queueHire('Marked', 'Never');
    const before = await countRequests(kit, 'POST', EMPLOYEE_CREATE);
    await runOnceFailing(failSentMarkOnce());
    expect(await countRequests(kit, 'POST', EMPLOYEE_CREATE)).toBe(before);

    await drain(kit);
    expect((await reload(kit, handoff)).status).toBe('added');
    expect(await countRequests(kit, 'POST', EMPLOYEE_CREATE)).toBe(before + 1);
  });

  // A request that skipped the budget would let the workers overdraw Gusto's limit; the lookup
  // after an unknown outcome is sent outside the SDK, so it is in this count too.
  it('takes a place in the budget for every request a run sends', async () => {
    const since = new Date().toISOString();
    const seen = (await sandboxRequests(kit)).length;
    const handoff = await queueHire('Counted', 'Places');
    const fault = { method: 'POST', path: '/v1/employees/*/work_addresses', status: 503 } as const;
    await injectFault(kit, { ...fault, when: 'after' });
    await drain(kit);

    expect((await reload(kit, handoff)).status).toBe('added');
    const sent = (await sandboxRequests(kit)).slice(seen).filter((r) => r.path.startsWith('/v1/'));
    expect(sent.map((r) => `${r.method} ${r.path}`)).toContain(
      `GET /v1/employees/${(await reload(kit, handoff)).gusto_person_uuid}/work_addresses`,
    );
    const places = await kit.storage.db
      .selectFrom('rate_budget_hits')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('key', '=', gustoBudgetKey(handoff.account_id))
      .where('at', '>=', since)
      .executeTakeFirstOrThrow();
    expect(Number(places.n)).toBe(sent.length);
  });

  it('keeps "O\'Testname" exact into Gusto (C5)', async () => {
    const candidate = await addHiredCandidate(kit, 'Olive', "O'Testname");
    const { handoff } = await addToGusto(
      kit,
      candidate,
      employeeForm({ first_name: 'Olive', last_name: "O'Testname", email: 'olive@example.test' }),
    );
    await drain(kit);
    const done = await reload(kit, handoff);
    expect(sandboxData().employees[done.gusto_person_uuid ?? '']?.last_name).toBe("O'Testname");
  });

  it.each([
    ['Individual', {}],
    [
      'Business',
      { business_name: 'Nuñez & Co LLC', ein: '12-3456789', first_name: '', last_name: '' },
    ],
  ] as const)('sends a contractor (%s) and puts them in the department', async (type, extra) => {
    const candidate = await addHiredCandidate(kit, 'Grace', `Hopper ${type}`);
    const before = await countRequests(kit, 'POST', CONTRACTOR_CREATE);
    const { handoff } = await addToGusto(
      kit,
      candidate,
      contractorValues({
        contractor_type: type,
        last_name: `Hopper ${type}`,
        email: `grace.${type.toLowerCase()}@example.test`,
        department_uuid: kit.department_uuid,
        ...extra,
      }),
    );
    await drain(kit);

    const done = await reload(kit, handoff);
    expect(done.status).toBe('added');
    const contractor = sandboxData().contractors[done.gusto_person_uuid ?? ''];
    expect(contractor).toMatchObject({ type, wage_type: 'Hourly', start_date: '2027-02-01' });
    expect(contractor?.department_uuid).toBe(kit.department_uuid);
    if (type === 'Business') expect(contractor?.business_name).toBe('Nuñez & Co LLC');
    expect((await countRequests(kit, 'POST', CONTRACTOR_CREATE)) - before).toBe(1);
  });

  it('makes one hand-off and one create for a double click or two tabs (C1)', async () => {
    const candidate = await addHiredCandidate(kit, 'Twin', 'Clicker');
    const before = await countRequests(kit, 'POST', EMPLOYEE_CREATE);
    const values = employeeForm({ first_name: 'Twin', last_name: 'Clicker' });
    const [first, second] = await Promise.all([
      addToGusto(kit, candidate, values),
      addToGusto(kit, candidate, values),
    ]);
    expect([first.created, second.created].sort()).toEqual([false, true]);
    expect(first.handoff.id).toBe(second.handoff.id);

    await drain(kit);
    const again = await addToGusto(kit, candidate, values);
    expect(again).toMatchObject({ created: false, handoff: { status: 'added' } });
    await drain(kit);
    expect((await countRequests(kit, 'POST', EMPLOYEE_CREATE)) - before).toBe(1);
  });

  it('queues one task that names the hand-off and its account, not yet attempted', async () => {
    const candidate = await addHiredCandidate(kit, 'Quinn', 'Queued');
    const { handoff } = await addToGusto(
      kit,
      candidate,
      employeeForm({
        first_name: 'Quinn',
        last_name: 'Queued',
        email: 'quinn.queued@example.test',
      }),
    );

    const tasks = await tasksOf(handoff.id);
    expect(tasks).toEqual([
      expect.objectContaining({
        kind: 'gusto.handoff',
        status: 'queued',
        attempts: 0,
        max_attempts: 10,
        dedup_key: `handoff:${candidate}`,
        live_key: `handoff:${candidate}`,
        budget_key: gustoBudgetKey(kit.owner.account_id),
        locked_by: null,
      }),
    ]);
    expect(JSON.parse(tasks[0]?.payload ?? '')).toEqual({
      handoff_id: handoff.id,
      account_id: kit.owner.account_id,
    });
    await drain(kit);
    expect((await reload(kit, handoff)).status).toBe('added');
  });

  it('runs a task whose payload names only the hand-off, as older versions queued', async () => {
    const candidate = await addHiredCandidate(kit, 'Olde', 'Payload');
    const { handoff } = await addToGusto(
      kit,
      candidate,
      employeeForm({
        first_name: 'Olde',
        last_name: 'Payload',
        email: 'olde.payload@example.test',
      }),
    );
    await kit.storage.db
      .updateTable('outbox_tasks')
      .set({ payload: JSON.stringify({ handoff_id: handoff.id }) })
      .where('live_key', '=', `handoff:${candidate}`)
      .execute();

    await drain(kit);
    expect(await reload(kit, handoff)).toMatchObject({ status: 'added', last_error: null });
  });

  it("uses the hand-off's own account when the payload names another", async () => {
    const candidate = await addHiredCandidate(kit, 'Mis', 'Named');
    const { handoff } = await addToGusto(
      kit,
      candidate,
      employeeForm({ first_name: 'Mis', last_name: 'Named', email: 'mis.named@example.test' }),
    );
    await kit.storage.db
      .updateTable('outbox_tasks')
      .set({ payload: JSON.stringify({ handoff_id: handoff.id, account_id: 'no-such-account' }) })
      .where('live_key', '=', `handoff:${candidate}`)
      .execute();

    await drain(kit);
    expect(await reload(kit, handoff)).toMatchObject({ status: 'added', last_error: null });
  });

  it.each([
    ['the connection drops after Gusto stored the employee (C2)', 'drop', 500],
    ['Gusto answers 502 after storing the employee (C3)', 'after', 502],
  ] as const)('checks Gusto, then adopts, when %s', async (_, when, status) => {
    const last = `Unknown ${when}`;
    const candidate = await addHiredCandidate(kit, 'Una', last);
    const before = await countRequests(kit, 'POST', EMPLOYEE_CREATE);
    const { handoff } = await addToGusto(
      kit,
      candidate,
      employeeForm({ first_name: 'Una', last_name: last, email: `una.${when}@example.test` }),
    );
    await injectFault(kit, { method: 'POST', path: '/v1/companies/*/employees', status, when });

    await runWorkerOnce(kit);
    const checking = await reload(kit, handoff);
    expect(checking.status).toBe('checking');
    expect(checking.gusto_person_uuid).toBeNull();

    await drain(kit);
    const done = await reload(kit, handoff);
    expect(done.status).toBe('added');
    const made = Object.values(sandboxData().employees).filter((e) => e.last_name === last);
    expect(made).toHaveLength(1);
    expect(done.gusto_person_uuid).toBe(made[0]?.uuid);
    expect((await countRequests(kit, 'POST', EMPLOYEE_CREATE)) - before).toBe(1);
    const steps = await listSteps(kit.storage.db, handoff.id);
    expect(steps.find((s) => s.step === 'reconcile')).toMatchObject({
      status: 'done',
      gusto_uuid: made[0]?.uuid,
    });
  });

  it("names the failed part in Gusto's words, resumes with no second create (C10)", async () => {
    const candidate = await addHiredCandidate(kit, 'Jo', 'Jobless');
    const creates = await countRequests(kit, 'POST', EMPLOYEE_CREATE);
    const jobs = await countRequests(kit, 'POST', JOB_CREATE);
    const values = employeeForm({
      first_name: 'Jo',
      last_name: 'Jobless',
      email: 'jo@example.test',
    });
    const { handoff } = await addToGusto(kit, candidate, values);
    await injectFault(kit, {
      method: 'POST',
      path: '/v1/employees/*/jobs',
      status: 422,
      when: 'before',
    });

    await drain(kit);
    const stuck = await reload(kit, handoff);
    expect(stuck.status).toBe('needs_attention');
    expect(stuck.last_error).toMatchObject({
      step: 'job',
      message: 'Gusto did not accept the job.',
      problems: [{ error_key: 'base', message: 'Injected fault 422.' }],
    });
    expect(stuck.gusto_person_uuid).not.toBeNull();

    const fixed = validateForm({ ...values, job_title: 'Senior Analyst' });
    if (!fixed.ok) throw new Error('fixed form invalid');
    expect(await resumeHandoff(kit.storage.db, stuck, fixed.form)).toBe(true);
    await drain(kit);

    const done = await reload(kit, handoff);
    expect(done.status).toBe('added');
    expect(done.gusto_person_uuid).toBe(stuck.gusto_person_uuid);
    expect(sandboxData().jobs[done.gusto_job_uuid ?? '']?.title).toBe('Senior Analyst');
    expect((await countRequests(kit, 'POST', EMPLOYEE_CREATE)) - creates).toBe(1);
    expect((await countRequests(kit, 'POST', JOB_CREATE)) - jobs).toBe(2);
  });

  it('waits for reauthorization when the grant is revoked, unharmed', async () => {
    const candidate = await addHiredCandidate(kit, 'Rhea', 'Revoked');
    const { handoff } = await addToGusto(
      kit,
      candidate,
      employeeForm({ first_name: 'Rhea', last_name: 'Revoked', email: 'rhea@example.test' }),
    );
    await revokeGrantsInGusto(kit, kit.connection.company_uuid);
    await drain(kit);

    expect((await reload(kit, handoff)).status).toBe('waiting_reauthorization');
    const task = await kit.storage.db
      .selectFrom('outbox_tasks')
      .selectAll()
      .where('dedup_key', '=', `handoff:${candidate}`)
      .executeTakeFirstOrThrow();
    expect(task).toMatchObject({
      status: 'parked',
      park_reason: `gusto_reauth:${kit.owner.account_id}`,
    });
  });

  const taskOf = (candidate: string) =>
    kit.storage.db
      .selectFrom('outbox_tasks')
      .selectAll()
      .where('dedup_key', '=', `handoff:${candidate}`)
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();

  it('after reauthorizing the same company, the waiting hire completes (C8)', async () => {
    const candidate = await addHiredCandidate(kit, 'Rex', 'Resumed');
    const { handoff } = await addToGusto(
      kit,
      candidate,
      employeeForm({ first_name: 'Rex', last_name: 'Resumed', email: 'rex@example.test' }),
    );
    await revokeGrantsInGusto(kit, kit.connection.company_uuid);
    await drain(kit);
    expect((await reload(kit, handoff)).status).toBe('waiting_reauthorization');

    const start = await startAuthorization(kit.deps, kit.owner, { purpose: 'reauthorize' });
    const params = await authorizeInGusto(kit, start.authorizeUrl, 'Acme Robotics Inc.');
    await handleCallback(kit.deps, kit.owner, params);
    await drain(kit);

    expect((await reload(kit, handoff)).status).toBe('added');
  });

  it('shows Sending on 429 and waits for Retry-After, pausing the budget (C7)', async () => {
    const candidate = await addHiredCandidate(kit, 'Ray', 'Limited');
    const { handoff } = await addToGusto(
      kit,
      candidate,
      employeeForm({ first_name: 'Ray', last_name: 'Limited', email: 'ray@example.test' }),
    );
    const fault = { method: 'POST', path: '/v1/companies/*/employees', status: 429 } as const;
    await injectFault(kit, { ...fault, when: 'before' });
    const before = Date.now();
    await runWorkerOnce(kit);

    expect((await reload(kit, handoff)).status).toBe('queued');
    const task = await taskOf(candidate);
    expect(task.status).toBe('queued');
    // The fault sends no Retry-After, so the default wait of a minute applies.
    expect(Date.parse(task.run_at) - before).toBeGreaterThanOrEqual(59_000);
    const budget = await kit.storage.db
      .selectFrom('rate_budgets')
      .selectAll()
      .where('key', '=', gustoBudgetKey(handoff.account_id))
      .executeTakeFirstOrThrow();
    expect(Date.parse(budget.paused_until ?? '')).toBeGreaterThan(before + 59_000);
    await kit.storage.db.updateTable('rate_budgets').set({ paused_until: null }).execute();

    await drain(kit);
    expect((await reload(kit, handoff)).status).toBe('added');
  });

  it('needs attention after the last attempt, and Resume looks before creating', async () => {
    const last = 'Exhausted';
    const candidate = await addHiredCandidate(kit, 'Eve', last);
    const before = await countRequests(kit, 'POST', EMPLOYEE_CREATE);
    const values = employeeForm({ first_name: 'Eve', last_name: last, email: 'eve@example.test' });
    const { handoff } = await addToGusto(kit, candidate, values);
    await kit.storage.db
      .updateTable('outbox_tasks')
      .set({ max_attempts: 1 })
      .where('dedup_key', '=', `handoff:${candidate}`)
      .execute();
    const fault = { method: 'POST', path: '/v1/companies/*/employees', status: 503 } as const;
    await injectFault(kit, { ...fault, when: 'after' });
    await drain(kit);

    const stuck = await reload(kit, handoff);
    expect(stuck.status).toBe('needs_attention');
    expect(stuck.last_error?.message).toMatch(/could not finish/);
    expect((await taskOf(candidate)).status).toBe('dead');

    const form = validateForm(values);
    if (!form.ok) throw new Error('invalid');
    expect(await resumeHandoff(kit.storage.db, stuck, form.form)).toBe(true);
    await drain(kit);

    const done = await reload(kit, handoff);
    expect(done.status).toBe('added');
    const made = Object.values(sandboxData().employees).filter((e) => e.last_name === last);
    expect(made).toHaveLength(1);
    expect((await countRequests(kit, 'POST', EMPLOYEE_CREATE)) - before).toBe(1);
  });

  // The form is the cause of none of these: the advice names who can act (an administrator
  // for a wrong address, whose redirect comes after the create went through, or for missing
  // access; anyone for a record removed in Gusto), and Resume, once they have, finishes the
  // hire with the one person the create made.
  it.each([
    [307, '/v1/companies/*/employees', 'after', /redirect.*check GUSTO_BASE_URL/],
    [403, '/v1/companies/*/employees', 'before', /refused access \(403\).*reconnect Gusto/],
    [404, '/v1/employees/*/jobs', 'before', /did not find .*\(404\).*removed in Gusto/],
  ] as const)(
    'advises on a %i from Gusto, then finishes on Resume',
    async (status, path, when, advice) => {
      const last = `Refused${status}`;
      const candidate = await addHiredCandidate(kit, 'Ren', last);
      const email = `ren${status}@example.test`;
      const values = employeeForm({ first_name: 'Ren', last_name: last, email });
      const { handoff } = await addToGusto(kit, candidate, values);
      await injectFault(kit, { method: 'POST', path, status, when });
      await drain(kit);

      const stuck = await reload(kit, handoff);
      expect(stuck.status).toBe('needs_attention');
      expect(stuck.last_error?.problems[0]?.message).toMatch(advice);
      expect(stuck.last_error?.problems[0]?.message).not.toMatch(/Check the form/);

      const form = validateForm(values);
      if (!form.ok) throw new Error('invalid');
      expect(await resumeHandoff(kit.storage.db, stuck, form.form)).toBe(true);
      await drain(kit);
      expect((await reload(kit, handoff)).status).toBe('added');
      const made = Object.values(sandboxData().employees).filter((e) => e.last_name === last);
      expect(made).toHaveLength(1);
    },
  );

  it("finds the job it made when the job's answer was lost, making no second job", async () => {
    const candidate = await addHiredCandidate(kit, 'Lou', 'Lostjob');
    const jobs = await countRequests(kit, 'POST', JOB_CREATE);
    const { handoff } = await addToGusto(
      kit,
      candidate,
      employeeForm({ first_name: 'Lou', last_name: 'Lostjob', email: 'lou@example.test' }),
    );
    const fault = { method: 'POST', path: '/v1/employees/*/jobs', status: 500 } as const;
    await injectFault(kit, { ...fault, when: 'drop' });
    await runWorkerOnce(kit);
    expect((await reload(kit, handoff)).status).toBe('checking');

    await drain(kit);
    const done = await reload(kit, handoff);
    expect(done.status).toBe('added');
    expect((await countRequests(kit, 'POST', JOB_CREATE)) - jobs).toBe(1);
    const person = done.gusto_person_uuid;
    const theirs = Object.values(sandboxData().jobs).filter((j) => j.employee_uuid === person);
    expect(theirs).toHaveLength(1);
    expect(done.gusto_job_uuid).toBe(theirs[0]?.uuid);
  });

  it('adds to a department another hire changed first, without a failed attempt', async () => {
    // Hires into one department race on its version; a 409 used to fail the whole task into
    // the outbox's backoff, stalling a hiring wave.
    const candidate = await addHiredCandidate(kit, 'Dana', 'Department-Race');
    const { handoff } = await addToGusto(
      kit,
      candidate,
      employeeForm({ email: 'dana.race@example.test' }),
    );
    const DEPARTMENT_ADD = /^\/v1\/departments\/[^/]+\/add$/;
    const addsBefore = await countRequests(kit, 'PUT', DEPARTMENT_ADD);
    const add = {
      method: 'PUT',
      path: '/v1/departments/*/add',
      status: 409,
      when: 'before',
    } as const;
    await injectFault(kit, add);
    await injectFault(kit, add);
    await runWorkerOnce(kit);

    expect((await reload(kit, handoff)).status).toBe('added');
    // Two refused adds and the one that went through, all in the task's single attempt.
    expect((await countRequests(kit, 'PUT', DEPARTMENT_ADD)) - addsBefore).toBe(3);
  });

  it("sent only requests that match Gusto's request schemas", () => {
    expect(requestViolations(kit)).toEqual([]);
  });
});

/**
 * Fails the first write of a person's uuid onto a hand-off, as a database that went away after
 * Gusto answered the create would.
 */
function failPersonUuidOnce(): KyselyPlugin {
  let failed = false;
  return {
    transformQuery({ node }) {
      // On PostgreSQL the uuid goes with the step's `done` mark, one statement written as SQL.
      const update =
        UpdateQueryNode.is(node) ||
        (RawNode.is(node) && node.sqlFragments.join('').includes('update handoffs'));
      if (update && JSON.stringify(node).includes('gusto_person_uuid') && !failed) {
        failed = true;
        throw new Error('the database went away');
      }
      return node;
    },
    async transformResult({ result }) {
      return result;
    },
  };
}

/** Fails the first statement storing a create's `sent` mark (with the grant, or alone). */
function failSentMarkOnce(): KyselyPlugin {
  let failed = false;
  return {
    transformQuery({ node }) {
      const text = JSON.stringify(node);
      if (!failed && text.includes('"create_employee"') && text.includes('"sent"')) {
        failed = true;
        throw new Error('the database went away');
      }
      return node;
    },
    async transformResult({ result }) {
      return result;
    },
  };
}

describe.skipIf(!process.env.TEST_DATABASE_URL)('"Add to Gusto" on PostgreSQL', () => {
  let kit: HandoffKit;
  let listener: Awaited<ReturnType<typeof listenTo>>;
  beforeAll(async () => {
    kit = await startHandoffKit('postgres');
    if (!('databaseUrl' in kit.storage.target)) throw new Error('expected a PostgreSQL storage');
    listener = await listenTo(kit.storage.target.databaseUrl);
  });
  afterAll(async () => {
    await listener.end();
    await kit.close();
  });

  it("wakes other processes' workers for a new hand-off, not for a second click", async () => {
    const candidate = await addHiredCandidate(kit, 'Nora', 'Notice');
    const values = employeeValues({
      first_name: 'Nora',
      last_name: 'Notice',
      email: 'nora.notice@example.test',
      location_uuid: kit.location_uuid,
      department_uuid: kit.department_uuid,
    });
    expect((await addToGusto(kit, candidate, values)).created).toBe(true);
    expect(await listener.next()).toBe('gusto.handoff');

    expect((await addToGusto(kit, candidate, values)).created).toBe(false);
    await enqueue(kit.storage.db, { kind: 'test.marker', payload: {} });
    // Notices arrive in commit order: a notice for the second click would come first.
    expect(await listener.next()).toBe('test.marker');
  });
});
