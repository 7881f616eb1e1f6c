import type { Logger } from '../logging/logger.js';
import type { SandboxStore } from './state.js';

/** Settings of one sandbox instance, each with its default in `sandboxOptionsWithDefaults`. */
export interface SandboxOptions {
  /** Requests allowed per grant per rolling window (Gusto: 200 per 60 s). */
  rateLimit: { limit: number; window_ms: number };
  /** Webhook delivery retries on non-2xx: attempts and first backoff (doubling). */
  webhookRetry: { attempts: number; base_ms: number };
  /** The fetch used for webhook deliveries (tests inject one). */
  webhookFetch: typeof fetch;
}

/** Defaults: Gusto's documented limit, and 16 webhook attempts as Gusto's webhook guide says. */
export function sandboxOptionsWithDefaults(partial: Partial<SandboxOptions> = {}): SandboxOptions {
  return {
    rateLimit: partial.rateLimit ?? { limit: 200, window_ms: 60_000 },
    webhookRetry: partial.webhookRetry ?? { attempts: 16, base_ms: 1000 },
    webhookFetch: partial.webhookFetch ?? fetch,
  };
}

/** What every route module of the sandbox receives. */
export interface SandboxContext {
  store: SandboxStore;
  options: SandboxOptions;
  logger: Logger;
}
