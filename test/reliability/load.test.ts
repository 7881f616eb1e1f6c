import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { injectFault } from '../../src/handoff/handoff-test-kit.js';
import {
  auditPeople,
  EMPLOYEE_CREATE,
  employeesNow,
  type HireTarget,
  inProgress,
  kitTarget,
  requestLog,
  type SentHire,
  sendHire,
} from './hires.js';
import { formatRateTable, type RateWindow, rateReport } from './rate-report.js';
import {
  connectNewAccount,
  type ReliabilityKit,
  sleep,
  startReliabilityKit,
} from './reliability-kit.js';
import { isFullStress, stressSize } from './stress-size.js';
import { killAllWorkers, spawnWorker, type WorkerProcess } from './worker-process.js';

const HIRES = stressSize({ ci: 60, full: 500 });
const WORKERS = 3;
const ACCOUNTS = 5;
/** Gusto's 200 a minute scaled down, so a full window is reached within seconds. */
const GUSTO_LIMIT: RateWindow = { limit: 20, window_ms: 2_000 };
/** The same count over a padded window: the grant is timed at the worker, Gusto counts arrival. */
const BUDGET: RateWindow = { limit: 20, window_ms: 2_500 };

/** A fault the sandbox applies to the next matching request. */
type Fault = Parameters<typeof injectFault>[1];

const create502: Fault = {
  method: 'POST',
  path: '/v1/companies/*/employees',
  status: 502,
  when: 'after',
};
const createDrop: Fault = { ...create502, status: 500, when: 'drop' };
const addressDrop: Fault = { ...createDrop, path: '/v1/employees/*/work_addresses' };
const job502: Fault = { ...create502, path: '/v1/employees/*/jobs' };
/** Gusto's 429 without Retry-After: the hand-off waits its default minute. */
const limited: Fault = { method: '*', path: '/v1/**', status: 429, when: 'before' };

/** Faults injected one by one while the workers drain, spread over the run. */
function faultPlan(): Fault[] {
  const times = (fault: Fault, n: number) => Array.from({ length: n }, () => fault);
  const scale = isFullStress ? 4 : 1;
  const plan = [
    ...times(create502, 3 * scale),
    ...times(createDrop, 3 * scale),
    ...times(addressDrop, 2 * scale),
    ...times(job502, 2 * scale),
    // A 429 costs its account a minute: only the full run affords them.
    ...(isFullStress ? times(limited, 5) : []),
  ];

  return plan.sort(() => Math.random() - 0.5);
}

describe.skipIf(!process.env.TEST_DATABASE_URL)('three workers on one PostgreSQL', () => {
  let kit: ReliabilityKit;
  let targets: HireTarget[];
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    kit = await startReliabilityKit('postgres', {
      sandbox: { rateLimit: GUSTO_LIMIT },
      latency_ms: [2, 20],
    });
    targets = [kitTarget(kit)];
    for (let i = 2; i <= ACCOUNTS; i++) {
      const account = await connectNewAccount(kit, `Load Company ${i} LLC`);
      targets.push({
        account_id: account.account_id,
        user_id: account.user_id,
        company_uuid: account.connection.company_uuid,
        location_uuid: account.location_uuid,
      });
    }
  });
  afterAll(async () => {
    await killAllWorkers();
    await kit.close();
  });

  /** Injects the planned faults one at a time until the plan is spent or the work is done. */
  async function injectWhileDraining(plan: Fault[], hires: SentHire[]): Promise<number> {
    let injected = 0;
    for (const fault of plan) {
      if ((await inProgress(kit, hires)) === 0) break;
      await injectFault(kit, fault);
      injected++;
      await sleep(isFullStress ? 1_500 : 400);
    }

    return injected;
  }

  it(
    `drains ${HIRES} hand-offs across ${ACCOUNTS} accounts with faults: no duplicate, none lost, no 429 storm`,
    async () => {
      const seeded = employeesNow(kit);
      const hires: SentHire[] = [];
      for (let n = 0; n < HIRES; n++) {
        hires.push(await sendHire(kit, targets[n % ACCOUNTS] as HireTarget, n + 1));
      }
      const env = {
        ...kit.workerEnv,
        GUSTO_RATE_BUDGET: `${BUDGET.limit}/${BUDGET.window_ms}`,
        LOG_LEVEL: 'warn',
      };
      const started = Date.now();
      for (let w = 0; w < WORKERS; w++) workers.push(spawnWorker({ ...env }));

      const injecting = injectWhileDraining(faultPlan(), hires);
      while ((await inProgress(kit, hires)) > 0) await sleep(500);
      const drain_ms = Date.now() - started;
      const injected = await injecting;
      const codes = await Promise.all(workers.splice(0).map((w) => w.stop()));
      expect(codes).toEqual([0, 0, 0]);

      const audit = await auditPeople(kit, hires, seeded);
      expect(audit).toMatchObject({ notAdded: 0, notExactlyOne: 0, wrongPerson: 0, strangers: 0 });
      const creates = (await requestLog(kit)).filter(
        (r) => r.method === 'POST' && EMPLOYEE_CREATE.test(r.path),
      );
      const madeOne = creates.filter(
        (r) => (r.status >= 200 && r.status < 300) || r.status === 502,
      );
      expect(madeOne).toHaveLength(HIRES);
      expect(creates.filter((r) => !madeOne.includes(r)).every((r) => r.status === 429)).toBe(true);

      const companies = new Map(
        targets.map((t) => [
          t.company_uuid,
          kit.sandbox.ctx.store.data.companies[t.company_uuid]?.name ?? t.company_uuid,
        ]),
      );
      const rates = rateReport(kit.arrivals, companies, GUSTO_LIMIT, BUDGET);
      for (const rate of rates) {
        expect(rate.repeated_429).toBe(0);
        // The budget counts at the worker and Gusto at arrival, so its own window is not asserted.
        expect(rate.peak).toBeLessThanOrEqual(GUSTO_LIMIT.limit);
      }
      process.stdout.write(
        `load test: ${HIRES} hand-offs, ${ACCOUNTS} accounts, ${WORKERS} worker processes, ` +
          `${injected} faults injected, drained in ${(drain_ms / 1000).toFixed(1)} s; ` +
          `creates reaching Gusto ${creates.length} (${madeOne.length} made a person)\n` +
          `${formatRateTable(rates, BUDGET, GUSTO_LIMIT)}\n`,
      );
    },
    stressSize({ ci: 180_000, full: 30 * 60_000 }),
  );
});
