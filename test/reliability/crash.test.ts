import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getHandoff, resumeHandoff, settleAbandoned } from '../../src/handoff/handoff-store.js';
import { DEFAULT_MAX_ATTEMPTS as MAX_ATTEMPTS } from '../../src/outbox/enqueue.js';
import { testDialects } from '../databases.js';
import {
  auditPeople,
  employeesNow,
  inProgress,
  kitTarget,
  type SentHire,
  sendHire,
  unfinished,
} from './hires.js';
import { type ReliabilityKit, sleep, startReliabilityKit } from './reliability-kit.js';
import { stressSize } from './stress-size.js';
import { killAllWorkers, spawnWorker } from './worker-process.js';

/** Kills per dialect: at least 50 in the full run, a handful in `npm test`. */
const KILLS = stressSize({ ci: 8, full: 50 });
/** Hand-offs kept waiting before each worker starts, so every kill meets work in hand. */
const OUTSTANDING = 12;
/** Short locks, so a killed worker's tasks are taken over within seconds. */
const LOCK_MS = 1_500;
/** A rate limit no run of this test reaches. */
const UNLIMITED = { limit: 1_000_000, window_ms: 60_000 };
/** Generous: a bound for a hung run, not a timed assertion. */
const TIMEOUT_MS = stressSize({ ci: 180_000, full: 30 * 60_000 });

/** What a kill interrupted, read from the database right before the kill. */
interface KillPoint {
  tasksInHand: number;
  /** Steps sent to Gusto with no answer recorded: the kill lands on an unknown outcome. */
  stepsInFlight: number;
}

describe.each(testDialects)('worker processes killed mid-hand-off (%s)', (dialect) => {
  let kit: ReliabilityKit;
  let seeded: Set<string>;
  const hires: SentHire[] = [];
  const points: KillPoint[] = [];
  // Slow answers keep each hand-off in flight long enough for kills to land inside it.
  beforeAll(async () => {
    // Gusto's limit and the budget are lifted: a spent budget leaves hand-offs queued (the
    // outbox does not claim them), and kills would then land on a worker holding nothing.
    kit = await startReliabilityKit(dialect, {
      latency_ms: [20, 150],
      sandbox: { rateLimit: UNLIMITED },
    });
    seeded = employeesNow(kit);
  });
  afterAll(async () => {
    await killAllWorkers();
    await kit.close();
  });

  const workerEnv = () => ({
    ...kit.workerEnv,
    WORKER_LOCK_MS: String(LOCK_MS),
    GUSTO_RATE_BUDGET: `${UNLIMITED.limit}/${UNLIMITED.window_ms}`,
  });

  async function topUp(): Promise<void> {
    let missing = OUTSTANDING - (await unfinished(kit, hires));
    while (missing-- > 0) hires.push(await sendHire(kit, kitTarget(kit), hires.length + 1));
  }

  async function killPoint(pid: number, since: string): Promise<KillPoint> {
    const tasks = await kit.storage.db
      .selectFrom('outbox_tasks')
      .select('id')
      .where('status', '=', 'running')
      .where('locked_by', 'like', `%:${pid}:%`)
      .execute();
    const sent = await kit.storage.db
      .selectFrom('handoff_steps')
      .select('handoff_id')
      .where('status', '=', 'sent')
      .where('attempted_at', '>=', since)
      .execute();

    return { tasksInHand: tasks.length, stepsInFlight: sent.length };
  }

  /** Waits until the worker holds a hand-off (a few seconds at most: locks must expire first). */
  async function holdsWork(pid: number): Promise<void> {
    const until = Date.now() + 2 * LOCK_MS + 7_000;
    while (Date.now() < until) {
      const held = await kit.storage.db
        .selectFrom('outbox_tasks')
        .select('id')
        .where('status', '=', 'running')
        .where('locked_by', 'like', `%:${pid}:%`)
        .executeTakeFirst();
      if (held) return;
      await sleep(50);
    }
  }

  /**
   * A hand-off whose task was killed in each of its attempts is dead by design (a task that
   * keeps killing its worker must stop) and shows Needs attention with Resume: press it, as the
   * recruiter would. Returns how many were resumed.
   */
  async function resumeAbandoned(): Promise<number> {
    let resumed = 0;
    for (const hire of hires) {
      const handoff = await getHandoff(kit.storage.db, hire.handoff_id);
      if (!handoff) continue;
      const settled = await settleAbandoned(kit.storage.db, handoff);
      if (settled.status !== 'needs_attention') continue;
      if (await resumeHandoff(kit.storage.db, settled, settled.form)) resumed++;
    }

    return resumed;
  }

  async function killOnce(): Promise<void> {
    await topUp();
    const since = new Date().toISOString();
    const worker = spawnWorker(workerEnv());
    await worker.ready;
    await holdsWork(worker.pid);
    await sleep(Math.random() * 800);
    // If its hand-offs finished meanwhile, the kill waits for the next one it takes.
    await holdsWork(worker.pid);
    points.push(await killPoint(worker.pid, since));
    await worker.kill();
  }

  it(
    `kills a worker ${KILLS} times at random points, and every hire ends with one Gusto person`,
    async () => {
      for (let k = 0; k < KILLS; k++) await killOnce();

      const last = spawnWorker(workerEnv());
      await last.ready;
      let resumed = 0;
      while ((await inProgress(kit, hires)) > 0) {
        resumed += await resumeAbandoned();
        await sleep(250);
      }
      expect(await last.stop()).toBe(0);

      const audit = await auditPeople(kit, hires, seeded);
      expect(audit).toEqual({
        creates: hires.length,
        createsSucceeded: hires.length,
        notAdded: 0,
        notExactlyOne: 0,
        wrongPerson: 0,
        strangers: 0,
      });
      expect(points).toHaveLength(KILLS);
      // Most kills must land while the worker holds hand-offs, or the test proves nothing.
      expect(points.filter((p) => p.tasksInHand > 0).length).toBeGreaterThanOrEqual(KILLS * 0.75);
      const adopted = await kit.storage.db
        .selectFrom('handoff_steps')
        .select('handoff_id')
        .where('step', '=', 'reconcile')
        .where('status', '=', 'done')
        .execute();
      report(dialect, hires.length, points, adopted.length);
      process.stdout.write(
        `  ${resumed} hand-offs killed in all ${MAX_ATTEMPTS} attempts were resumed\n`,
      );
    },
    TIMEOUT_MS,
  );
});

function report(dialect: string, hires: number, points: KillPoint[], looked: number): void {
  const inHand = points.filter((p) => p.tasksInHand > 0).length;
  const inFlight = points.filter((p) => p.stepsInFlight > 0).length;
  process.stdout.write(
    `crash test (${dialect}): ${points.length} SIGKILLs, ${hires} hires; ` +
      `${inHand} kills with hand-offs in hand, ${inFlight} with a Gusto request unanswered; ` +
      `${looked} hand-offs looked Gusto up before going on\n`,
  );
}
