import type { Config } from '../config/config.js';
import {
  type HandoffWorkerInput,
  type RunningWorker,
  startHandoffWorker,
} from './start-handoff-worker.js';

/**
 * The worker `npm start` runs inside the web process when `HIREBRIDGE_INLINE_WORKER` is true
 * (the default), so a single process is a whole Hirebridge; null when it is turned off because
 * `npm run worker` processes do the work.
 */
export function startInlineHandoffWorker(
  config: Pick<Config, 'HIREBRIDGE_INLINE_WORKER'>,
  input: HandoffWorkerInput,
): RunningWorker | null {
  if (!config.HIREBRIDGE_INLINE_WORKER) return null;

  return startHandoffWorker(input);
}
