import { EventEmitter } from 'node:events';

const bell = new EventEmitter();
// Every worker loop of the process waits on the bell at once.
bell.setMaxListeners(0);

/**
 * Tells this process's workers that a task was just committed, so they claim it now rather than
 * at their next poll. Call it after the enqueuing transaction commits, never inside it: a worker
 * woken before the commit would find nothing and sleep a whole poll interval.
 *
 * Workers in other processes hear of the task on PostgreSQL through the NOTIFY that `enqueue`
 * sends at commit, which rings their own bell (`listenForTasks`). On SQLite they find it at their
 * next poll.
 */
export function wakeWorkers(): void {
  bell.emit('wake');
}

/** Calls `listener` on the next `wakeWorkers()`; returns a function that cancels the wait. */
export function onNextWake(listener: () => void): () => void {
  bell.once('wake', listener);

  return () => {
    bell.off('wake', listener);
  };
}
