/** A signal that follows two others, and the way to let go of them. */
export interface EitherSignal {
  /** Aborted, with its reason, as soon as either source is. */
  signal: AbortSignal;
  /** Detaches from both sources; call it once the signal is no longer needed. */
  release(): void;
}

/**
 * Like `AbortSignal.any([a, b])`, for a short-lived signal combined with a long-lived one (a
 * task's lost-lock signal with the worker's shutdown: `TaskContext.stop`). On Node 20,
 * `AbortSignal.any` leaves a WeakRef in the long-lived signal for every signal ever combined
 * with it, and never drops it: about 70 bytes per hand-off that a worker kept for as long as it
 * ran. Listeners that are removed on `release` leave nothing behind.
 */
export function eitherSignal(a: AbortSignal, b: AbortSignal): EitherSignal {
  const controller = new AbortController();
  const sources = [a, b];
  const release = () => {
    for (const source of sources) source.removeEventListener('abort', follow);
  };
  function follow(this: AbortSignal) {
    release();
    controller.abort(this.reason);
  }

  const aborted = sources.find((source) => source.aborted);
  if (aborted) controller.abort(aborted.reason);
  else for (const source of sources) source.addEventListener('abort', follow, { once: true });

  return { signal: controller.signal, release };
}
