/** The last work queued per key; settled work removes itself. */
const tails = new Map<string, Promise<unknown>>();

/**
 * Runs `work` once every work queued earlier under the same key in this process has settled
 * (succeeded or failed), so works of one key never overlap here. Other processes are not
 * ordered by it: what they race on must still be handled (for a Gusto version, the 409).
 */
export async function oneAtATime<T>(key: string, work: () => Promise<T>): Promise<T> {
  const before = tails.get(key) ?? Promise.resolve();
  const run = before.then(work, work);
  const tail = run.then(
    () => undefined,
    () => undefined,
  );
  tails.set(key, tail);
  try {
    return await run;
  } finally {
    if (tails.get(key) === tail) tails.delete(key);
  }
}
