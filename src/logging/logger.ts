import { type DestinationStream, type Logger, pino } from 'pino';

export type { Logger } from 'pino';

/** Field names whose values never reach a log line, wherever they sit in the object. */
const SECRET_FIELDS = [
  'access_token',
  'refresh_token',
  'client_secret',
  'code',
  'password',
  'token',
  'authorization',
  'cookie',
  'set-cookie',
  'ssn',
  'verification_token',
  'secret',
  'csrf',
];

const paths = SECRET_FIELDS.flatMap((f) => [f, `*.${f}`, `*.*.${f}`, `*.*.*.${f}`]).flatMap((p) =>
  p.includes('-') ? [p.replace(/(^|\.)([^.]*-[^.]*)$/, '$1["$2"]')] : [p],
);

/**
 * Secret values seen at run time (tokens, keys). Any log line containing one has it replaced,
 * so a secret that slips into a message string or an error is still never written.
 *
 * Bounded: access tokens rotate every two hours, so a long-running process would otherwise keep
 * every token it ever saw. The oldest values go first; by then they have long expired.
 */
const secretValues = new Set<string>();
const MAX_SECRET_VALUES = 10_000;

/** Runs of characters a token, key or secret is made of; each is looked up whole. */
const SECRET_SHAPED = /[A-Za-z0-9_.~-]{8,}/g;

/** Registers a value that must never appear in logs, whatever field or message carries it. */
export function registerSecret(value: string | null | undefined): void {
  if (!value || value.length < 8 || secretValues.has(value)) return;
  secretValues.add(value);
  if (secretValues.size > MAX_SECRET_VALUES) {
    const oldest = secretValues.values().next().value;
    if (oldest !== undefined) secretValues.delete(oldest);
  }
}

/**
 * Replaces every registered secret value in a serialised log line: each run of token characters
 * (URL-safe base64, hex, dots, tildes) is looked up whole, so one pass over the line serves any
 * number of secrets. Tokens arrive delimited (quotes, spaces, `=`, `&`, `:`), which ends a run; a
 * secret glued to other token characters would not be caught here, and relies on the redaction
 * by field name.
 */
export function redactValues(line: string): string {
  if (secretValues.size === 0) return line;

  return line.replace(SECRET_SHAPED, (run) => (secretValues.has(run) ? '[Redacted]' : run));
}

/** Creates the process logger: JSON lines, secrets redacted by field name and by value. */
export function createLogger(
  options: { level?: string; name?: string } = {},
  destination?: DestinationStream,
): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      ...(options.name ? { name: options.name } : {}),
      redact: { paths, censor: '[Redacted]' },
      hooks: { streamWrite: redactValues },
    },
    destination,
  );
}
