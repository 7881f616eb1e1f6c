import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../test/databases.js';
import { gustoBudgetKey } from '../gusto-connection/budget-key.js';
import {
  getLiveConnection,
  markNeedsReauthorization,
} from '../gusto-connection/connection-repository.js';
import { revokeGrantsInGusto, sandboxRequests } from '../gusto-connection/connection-test-kit.js';
import { runWorker } from '../outbox/run-worker.js';
import { HANDOFF_TASK_KIND, type Handoff, listSteps } from './handoff-store.js';
import { handoffTaskHandler } from './handoff-task-handler.js';
import {
  clickForEmployee,
  countRequests,
  drain,
  EMPLOYEE_CREATE,
  type HandoffKit,
  offersHandoffPlace,
  reauthorizeSameCompany,
  reload,
  startHandoffKit,
  startOfferingWorker,
  stopsWhenClicked,
} from './handoff-test-kit.js';
import { lockedValues } from './resume-lock.js';

describe.each(testDialects)('a hire handed straight to the worker (%s)', (dialect) => {
  let kit: HandoffKit;

  beforeAll(async () => {
    kit = await startHandoffKit(dialect);
  });
  afterAll(async () => {
    await kit.close();
  });

  const statusOf = async (handoff: Handoff) => (await reload(kit, handoff)).status;

  async function setConnectionStatus(status: 'active' | 'disconnected') {
    await kit.storage.db
      .updateTable('gusto_connections')
      .set({ status })
      .where('account_id', '=', kit.owner.account_id)
      .where('id', '=', kit.connection.id)
      .execute();
  }

  async function needReauthorization() {
    await revokeGrantsInGusto(kit, kit.connection.company_uuid);
    const live = await getLiveConnection(kit.storage.db, kit.owner.account_id);
    if (!live) throw new Error('no live connection');
    await markNeedsReauthorization(kit.storage.db, live, 'revoked', new Date().toISOString());
  }

  // A hire whose run stops before the create (here the account is disconnected right after the
  // click) has no step stored, so Resume lets the recruiter correct every field. A `sent` mark
  // written for a request that never left would lock them as "Already in Gusto".
  it('locks no field on Resume when no request reached Gusto', async () => {
    const worker = await startOfferingWorker(kit, { concurrency: 1 });
    let handoff: Handoff;
    const creates = await countRequests(kit, 'POST', EMPLOYEE_CREATE);
    try {
      await setConnectionStatus('disconnected');
      ({ handoff } = await clickForEmployee(kit, 'Dana', 'Dropped', 'dana.dropped@example.test'));
      await expect.poll(() => statusOf(handoff), { timeout: 10_000 }).toBe('needs_attention');
    } finally {
      await worker.stop();
      await setConnectionStatus('active');
    }

    expect(await countRequests(kit, 'POST', EMPLOYEE_CREATE)).toBe(creates);
    const stored = await reload(kit, handoff);
    const steps = await listSteps(kit.storage.db, handoff.id);
    expect(lockedValues(stored.form, steps)).toEqual({});
  });

  it('the same disconnect with a queued click locks nothing (control)', async () => {
    await setConnectionStatus('disconnected');
    let handoff: Handoff;
    try {
      ({ handoff } = await clickForEmployee(kit, 'Quinn', 'Dropped', 'quinn.dropped@example.test'));
      await drain(kit);
    } finally {
      await setConnectionStatus('active');
    }

    const stored = await reload(kit, handoff);
    expect(stored.status).toBe('needs_attention');
    const steps = await listSteps(kit.storage.db, handoff.id);
    expect(lockedValues(stored.form, steps)).toEqual({});
  });

  // Gusto refuses a second person with a personal email already used in the company, and the
  // recruiter is told. A hire clicked while Gusto needs reauthorization (which the product
  // allows: it waits, C8) and handed to the web process's worker parks before any request. Had
  // its create been marked sent, the run after Reauthorize would look the person up first, find
  // the other person with that email, adopt them and add this hire's job and pay to them.
  it('never adopts another person for a hire whose create never left', async () => {
    const first = await clickForEmployee(kit, 'Sam', 'Smith', 'smiths@example.test');
    await drain(kit);
    const sam = await reload(kit, first.handoff);
    expect(sam.status).toBe('added');

    await needReauthorization();
    const worker = await startOfferingWorker(kit, { concurrency: 1 });
    let handoff: Handoff;
    try {
      ({ handoff } = await clickForEmployee(kit, 'Alex', 'Smith', 'smiths@example.test'));
      await expect
        .poll(() => statusOf(handoff), { timeout: 10_000 })
        .toBe('waiting_reauthorization');
    } finally {
      await worker.stop();
    }
    await reauthorizeSameCompany(kit);
    await drain(kit);

    const alex = await reload(kit, handoff);
    expect(alex.gusto_person_uuid).not.toBe(sam.gusto_person_uuid);
    expect(alex.status).toBe('needs_attention');
    const jobs = Object.values(kit.sandbox.ctx.store.data.jobs).filter(
      (j) => j.employee_uuid === sam.gusto_person_uuid,
    );
    expect(jobs).toHaveLength(1);
  });

  // The same wrong adoption would follow a restart of the web process (a deploy) while the click
  // is in flight: the hire is queued again before its create, and must not carry a `sent` mark.
  it('never adopts another person for a hire given back at shutdown', async () => {
    const first = await clickForEmployee(kit, 'Kim', 'Brown', 'browns@example.test');
    await drain(kit);
    const kim = await reload(kit, first.handoff);
    expect(kim.status).toBe('added');

    const worker = await startOfferingWorker(kit, { concurrency: 1 });
    const stop = stopsWhenClicked(worker);
    const { handoff } = await clickForEmployee(
      kit,
      'Jo',
      'Brown',
      'browns@example.test',
      kit.storage.db.withPlugin(stop.plugin),
    );
    await stop.stopping();
    await drain(kit);

    const jo = await reload(kit, handoff);
    expect(jo.gusto_person_uuid).not.toBe(kim.gusto_person_uuid);
    expect(jo.status).toBe('needs_attention');
  });

  it('the same hire queued instead is refused and explained (control)', async () => {
    const first = await clickForEmployee(kit, 'Pat', 'Jones', 'joneses@example.test');
    await drain(kit);
    const pat = await reload(kit, first.handoff);
    expect(pat.status).toBe('added');

    await needReauthorization();
    const { handoff } = await clickForEmployee(kit, 'Lee', 'Jones', 'joneses@example.test');
    await drain(kit);
    expect(await statusOf(handoff)).toBe('waiting_reauthorization');
    await reauthorizeSameCompany(kit);
    await drain(kit);

    const lee = await reload(kit, handoff);
    expect(lee.status).toBe('needs_attention');
    expect(lee.gusto_person_uuid).toBeNull();
    expect(JSON.stringify(lee.last_error)).toContain('Email has already been taken');
  });

  it('a worker with no head start runs a handed-over hire once, with one create', async () => {
    const creates = await countRequests(kit, 'POST', EMPLOYEE_CREATE);
    const stop = new AbortController();
    const done = runWorker({
      storage: kit.storage,
      handlers: { [HANDOFF_TASK_KIND]: handoffTaskHandler(kit.handoffDeps) },
      signal: stop.signal,
      logger: kit.handoffDeps.logger,
      poll_ms: 60_000,
    });
    try {
      await expect.poll(() => offersHandoffPlace(kit)).toBe(true);
      const { handoff } = await clickForEmployee(kit, 'Nell', 'Nohead', 'nell.nohead@example.test');
      await expect.poll(() => statusOf(handoff), { timeout: 10_000 }).toBe('added');
      const steps = await listSteps(kit.storage.db, handoff.id);
      expect(steps.map((s) => s.step)).not.toContain('reconcile');
    } finally {
      stop.abort();
      await done;
    }
    expect(await countRequests(kit, 'POST', EMPLOYEE_CREATE)).toBe(creates + 1);
  });

  it('many clicks at once on a small worker: one person each, no place left counted', async () => {
    const key = gustoBudgetKey(kit.owner.account_id);
    const hits = async () =>
      (
        await kit.storage.db
          .selectFrom('rate_budget_hits')
          .select('id')
          .where('key', '=', key)
          .execute()
      ).length;
    const requests = async () => (await sandboxRequests(kit)).length;
    const hitsBefore = await hits();
    const callsBefore = await requests();
    const creates = await countRequests(kit, 'POST', EMPLOYEE_CREATE);
    const worker = await startOfferingWorker(kit, { concurrency: 2, poll_ms: 100 });
    const names = ['Ann', 'Bea', 'Cal', 'Dee', 'Eve', 'Fay', 'Gus', 'Hal'];
    try {
      const clicks = await Promise.all(
        names.map((n) =>
          clickForEmployee(kit, n, `Many${n}`, `${n.toLowerCase()}.many@example.test`),
        ),
      );
      // The clicks that found no place are queued, for the worker's next poll.
      for (const { handoff } of clicks) {
        await expect.poll(() => statusOf(handoff), { timeout: 20_000 }).toBe('added');
      }
    } finally {
      await worker.stop();
    }

    expect(await countRequests(kit, 'POST', EMPLOYEE_CREATE)).toBe(creates + names.length);
    // Every place still counted is a request Gusto answered; none held for nothing.
    const calls = (await requests()) - callsBefore;
    await expect.poll(() => hits()).toBeLessThanOrEqual(hitsBefore + calls);
  });
});
