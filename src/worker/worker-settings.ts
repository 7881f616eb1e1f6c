import type { Config } from '../config/config.js';
import type { HandoffWorkerInput } from './start-handoff-worker.js';

/**
 * The worker's settings from the configuration, the same for the worker inside `npm start` and
 * for `npm run worker` processes.
 */
export function workerSettingsFrom(
  config: Pick<Config, 'WORKER_CONCURRENCY' | 'WORKER_LOCK_MS' | 'GUSTO_RATE_BUDGET'>,
): Pick<HandoffWorkerInput, 'concurrency' | 'lock_ms' | 'handoff'> {
  return {
    concurrency: config.WORKER_CONCURRENCY,
    lock_ms: config.WORKER_LOCK_MS,
    handoff: config.GUSTO_RATE_BUDGET ? { budget: config.GUSTO_RATE_BUDGET } : {},
  };
}
