import {
  GustoConnectionError,
  GustoRateLimitedError,
  GustoServerError,
  GustoTimeoutError,
} from './errors.js';

/** The client's short retry policy; long retries belong to the outbox. */
export interface RetryPolicy {
  /** Retries after the first attempt; default 2. */
  maxRetries: number;
  /** Backoff base: attempt n waits a random time below base × 2^n; default 250 ms. */
  baseDelayMs: number;
  /** A longer Retry-After is not waited for here but handed back to the caller; default 5 s. */
  maxRetryAfterSeconds: number;
  /**
   * Called before each retry is sent, with the failure that caused it (say, to take a place in a
   * rate budget, since a retry reaches Gusto like any request); an error it throws ends the
   * retries and is thrown instead. Default none.
   */
  beforeRetry?: ((failure: unknown) => Promise<void>) | undefined;
}

/** Defaults of the short retry policy. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxRetries: 2,
  baseDelayMs: 250,
  maxRetryAfterSeconds: 5,
};

function retryAfterOf(error: unknown): number | null {
  if (error instanceof GustoRateLimitedError || error instanceof GustoServerError) {
    return error.retryAfterSeconds;
  }

  return null;
}

function isRetryable(error: unknown): boolean {
  return (
    error instanceof GustoConnectionError ||
    error instanceof GustoTimeoutError ||
    error instanceof GustoRateLimitedError ||
    error instanceof GustoServerError
  );
}

/**
 * How long to wait before retry number `retry` (0-based) of a safe request, or null to give up:
 * Retry-After when Gusto sent one and it is short, else exponential backoff with full jitter.
 */
export function retryDelayMs(
  error: unknown,
  retry: number,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  random: () => number = Math.random,
): number | null {
  if (retry >= policy.maxRetries || !isRetryable(error)) return null;

  const retryAfter = retryAfterOf(error);
  if (retryAfter !== null) {
    return retryAfter <= policy.maxRetryAfterSeconds ? retryAfter * 1000 : null;
  }

  return Math.floor(random() * policy.baseDelayMs * 2 ** retry);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Runs `attempt` and, only when `safe` (a GET, or a PUT carrying `version`, which Gusto refuses
 * with 409 if already applied), retries it on transient failures. A create is never retried
 * here: Gusto has no idempotency key, so a blind retry could make a second person.
 */
export async function withRetries<T>(
  safe: boolean,
  attempt: (attemptNumber: number) => Promise<T>,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): Promise<T> {
  for (let retry = 0; ; retry++) {
    try {
      return await attempt(retry + 1);
    } catch (error) {
      const delay = safe ? retryDelayMs(error, retry, policy) : null;
      if (delay === null) throw error;
      await sleep(delay);
      await policy.beforeRetry?.(error);
    }
  }
}
