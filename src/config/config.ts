import path from 'node:path';
import { z } from 'zod';

/** Development (generated keys allowed), production (every secret required) or test. */
const nodeEnv = z.enum(['development', 'production', 'test']).default('development');

const port = z.coerce.number().int().min(1).max(65535);

/**
 * Every environment variable Hirebridge reads, with its default. Read once at start-up by
 * `loadConfig()`; nothing else in the code reads `process.env`.
 */
const MAX_BUDGET_LIMIT = 1_000_000;
const MAX_BUDGET_WINDOW_MS = 86_400_000;

const configSchema = z.object({
  NODE_ENV: nodeEnv,
  /** Port of the ATS web server. */
  PORT: port.default(3000),
  /** Address the servers bind to; loopback unless an operator opens it up. */
  HOST: z.string().min(1).default('127.0.0.1'),
  /** Public base URL of the ATS, used in OAuth redirect URIs and links. */
  PUBLIC_URL: z.url().optional(),
  /** Folder for the SQLite database, the development key and the sandbox state. */
  HIREBRIDGE_DATA_DIR: z.string().min(1).default('./data'),
  /** `postgres://…` switches storage to PostgreSQL; unset means SQLite in the data folder. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  /** 32-byte key (64 hex characters or base64) for encrypting tokens at rest. */
  HIREBRIDGE_SECRET_KEY: z.string().min(32).optional(),
  /** Gusto OAuth application; with none set, the built-in sandbox is started instead. */
  GUSTO_CLIENT_ID: z.string().min(1).optional(),
  GUSTO_CLIENT_SECRET: z.string().min(1).optional(),
  /** `https://api.gusto-demo.com` (demo) or `https://api.gusto.com` (production). */
  GUSTO_BASE_URL: z.url().optional(),
  /** Port of the built-in Gusto sandbox. */
  GUSTO_SANDBOX_PORT: port.default(3100),
  /** pino level. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /**
   * How long a worker's claim on a task lasts (renewed while it runs): after a worker dies, its
   * tasks wait this long before another worker takes them over.
   */
  WORKER_LOCK_MS: z.coerce.number().int().min(1000).default(60_000),
  /**
   * Hand-offs one worker runs at once. Each waits on Gusto most of its time (a call takes tens to
   * hundreds of milliseconds), so one worker can keep several companies' budgets busy.
   */
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(8),
  /**
   * Gusto requests all workers may make per connection, as `limit/window_ms`; unset means the
   * hand-off's default (196 per 60.2 s, under Gusto's 200 per minute). Lower it only to match a
   * sandbox started with a lower limit.
   */
  GUSTO_RATE_BUDGET: z
    .string()
    .regex(/^[1-9]\d*\/[1-9]\d*$/, 'must be limit/window_ms, such as 196/60200')
    .transform((v) => {
      const [limit, window_ms] = v.split('/').map(Number);
      return { limit: limit ?? 0, window_ms: window_ms ?? 0 };
    })
    // Bounds far past any real API's limit, within what both databases count exactly.
    .refine((b) => b.limit <= MAX_BUDGET_LIMIT && b.window_ms <= MAX_BUDGET_WINDOW_MS, {
      message: `limit at most ${MAX_BUDGET_LIMIT}, window_ms at most ${MAX_BUDGET_WINDOW_MS}`,
    })
    .optional(),
  /** Whether `npm start` also runs a hand-off worker inside the web process. */
  HIREBRIDGE_INLINE_WORKER: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
});

/** The validated configuration. */
export type Config = z.infer<typeof configSchema> & {
  /** Absolute path of the data folder. */
  dataDir: string;
  /** Whether real Gusto credentials are configured (otherwise the sandbox is used). */
  usesRealGusto: boolean;
};

/** Raised when one or more environment variables are invalid; lists every problem at once. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment once, reporting every bad variable together. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(stripEmpty(env));
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => `${i.path.join('.') || '(environment)'}: ${i.message}`),
    );
  }
  const problems = crossFieldProblems(parsed.data);
  if (problems.length > 0) throw new ConfigError(problems);

  return {
    ...parsed.data,
    dataDir: path.resolve(parsed.data.HIREBRIDGE_DATA_DIR),
    usesRealGusto: parsed.data.GUSTO_CLIENT_ID !== undefined,
  };
}

function crossFieldProblems(c: z.infer<typeof configSchema>): string[] {
  const problems: string[] = [];
  const gusto = [c.GUSTO_CLIENT_ID, c.GUSTO_CLIENT_SECRET, c.GUSTO_BASE_URL];
  if (gusto.some((v) => v !== undefined) && gusto.some((v) => v === undefined)) {
    problems.push(
      'GUSTO_CLIENT_ID, GUSTO_CLIENT_SECRET and GUSTO_BASE_URL: set all three to use real Gusto, ' +
        'or none to use the built-in sandbox',
    );
  }
  if (c.NODE_ENV === 'production' && c.HIREBRIDGE_SECRET_KEY === undefined) {
    problems.push(
      'HIREBRIDGE_SECRET_KEY: required in production (32 random bytes as 64 hex characters); ' +
        'generate one with `openssl rand -hex 32`',
    );
  }
  return problems;
}

/** Treats `VAR=` the same as an unset variable, as shells and .env files often leave them. */
function stripEmpty(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v !== '') out[k] = v;
  return out;
}
