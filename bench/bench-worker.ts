import { HANDOFF_TASK_KIND } from '../src/handoff/handoff-store.js';
import { type HandoffDeps, handoffTaskHandler } from '../src/handoff/handoff-task-handler.js';
import type { Outcome } from '../src/outbox/outcome.js';
import type { BudgetOptions } from '../src/outbox/rate-budget.js';
import { runWorker } from '../src/outbox/run-worker.js';
import type { ClaimedTask } from '../src/outbox/task.js';
import { HANDOFF_WORKER_DEFAULTS } from '../src/worker/start-handoff-worker.js';
import { discardingLogger, type GustoBench } from './gusto-setup.js';
import { countedStorage, QueryCounter } from './query-counter.js';

/** One handler run as the worker saw it (performance.now() clock). */
export interface HandlerRun {
  handoff_id: string;
  started: number;
  ended: number;
  outcome: Outcome['type'];
}

/** `startHandoffWorker`'s defaults: the bench measures the worker as it ships. */
export const SHIPPED_WORKER = HANDOFF_WORKER_DEFAULTS;

/** How the bench runs the worker; the defaults are `startHandoffWorker`'s. */
export interface BenchWorkerOptions {
  /** Default `SHIPPED_WORKER.concurrency`. */
  concurrency?: number;
  /** Default `SHIPPED_WORKER.poll_ms`. */
  poll_ms?: number;
  budget: BudgetOptions | null;
  onRun?: (run: HandlerRun) => void;
  /** Counts the worker's database queries. */
  queries?: QueryCounter;
}

/** A running worker loop of the bench. */
export interface BenchWorker {
  runs: HandlerRun[];
  stop(): Promise<void>;
}

/**
 * Runs the outbox worker loop with the hand-off handler exactly as `startHandoffWorker` wires it,
 * the handler wrapped only to note when each run starts and ends.
 */
export function startBenchWorker(bench: GustoBench, options: BenchWorkerOptions): BenchWorker {
  const controller = new AbortController();
  const logger = discardingLogger();
  const counter = options.queries ?? new QueryCounter();
  const storage = countedStorage(bench.storage, counter);
  const deps: HandoffDeps = {
    storage,
    connection: { ...bench.connection, db: storage.db },
    logger,
    budget: options.budget,
  };
  const handler = handoffTaskHandler(deps);
  const runs: HandlerRun[] = [];
  const timed = async (task: ClaimedTask, ctx: Parameters<typeof handler>[1]) => {
    const started = performance.now();
    const outcome = await handler(task, ctx);
    const run = { handoff_id: handoffIdOf(task), started, ended: performance.now() };
    runs.push({ ...run, outcome: outcome.type });
    options.onRun?.({ ...run, outcome: outcome.type });

    return outcome;
  };
  const done = runWorker({
    storage,
    handlers: { [HANDOFF_TASK_KIND]: timed },
    signal: controller.signal,
    logger,
    concurrency: options.concurrency ?? SHIPPED_WORKER.concurrency,
    poll_ms: options.poll_ms ?? SHIPPED_WORKER.poll_ms,
  });

  return {
    runs,
    stop: async () => {
      controller.abort();
      await done;
    },
  };
}

function handoffIdOf(task: ClaimedTask): string {
  const payload = task.payload as { handoff_id?: unknown };

  return typeof payload.handoff_id === 'string' ? payload.handoff_id : '';
}
