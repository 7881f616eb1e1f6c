import type { Kysely } from 'kysely';
import type { Logger } from '../logging/logger.js';
import type { Database } from '../storage/schema.js';
import { renewLock } from './renew-lock.js';
import type { TaskLock } from './task.js';

/** A running lock renewal; `stop()` ends it. */
export interface Heartbeat {
  stop(): void;
}

/**
 * Renews a task's lock every third of `lock_ms` while its handler runs, so only a worker that
 * died or hung loses its tasks. Calls `onLost` once if the lock was taken over. A failed renewal
 * is logged and tried again at the next beat; two thirds of the lock remain to recover.
 */
export function startHeartbeat(
  db: Kysely<Database>,
  lock: TaskLock,
  lock_ms: number,
  logger: Logger,
  onLost: () => void,
): Heartbeat {
  let renewing = false;
  const beat = async () => {
    renewing = true;
    try {
      if (!(await renewLock(db, lock, lock_ms))) onLost();
    } catch (err) {
      logger.warn({ err }, 'lock renewal failed');
    } finally {
      renewing = false;
    }
  };
  const timer = setInterval(
    () => {
      if (!renewing) void beat();
    },
    Math.max(10, Math.floor(lock_ms / 3)),
  );

  return { stop: () => clearInterval(timer) };
}
