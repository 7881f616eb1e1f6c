import { type DestinationStream, type Logger, pino } from 'pino';

export type { Logger } from 'pino';

/**
 * Field names whose values never reach a log line, wherever they sit in the object, in any case
 * (HTTP header names such as `Authorization` come capitalised).
 */
const SECRET_FIELDS = new Set([
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
]);

const CENSOR = '[Redacted]';

/** A serialised line that has any of those fields as a key, at any depth: `"token":`. */
const SECRET_KEY = new RegExp(`"(?:${[...SECRET_FIELDS].join('|')})":`, 'i');

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

  return line.replace(SECRET_SHAPED, (run) => (secretValues.has(run) ? CENSOR : run));
}

function censorFields(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;

  let found = false;
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (SECRET_FIELDS.has(key.toLowerCase())) {
      record[key] = CENSOR;
      found = true;
    } else if (censorFields(record[key])) {
      found = true;
    }
  }

  return found;
}

/**
 * Replaces the value of every secret field in a serialised log line, at any depth. A line is
 * parsed only when one of those names appears in it as a key, which few lines do; the others are
 * left exactly as written. (Pino's own redaction by path costs about 45 µs on every line here: it
 * parses all its paths again for each value of each line.) An object interpolated into the
 * message with `%j` or `%o` is text by then, so its fields are not caught by name here, only its
 * registered values are: log objects as fields.
 */
export function redactFields(line: string): string {
  if (!SECRET_KEY.test(line)) return line;

  const end = line.endsWith('\n') ? '\n' : '';
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    // Pino writes JSON, so this is not expected; if it happens, the line is withheld whole
    // rather than written with a secret in it, and logging does not throw.
    return `{"msg":"log line withheld: its secret fields could not be redacted"}${end}`;
  }
  if (!censorFields(parsed)) return line;

  return `${JSON.stringify(parsed)}${end}`;
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
      hooks: { streamWrite: (line) => redactValues(redactFields(line)) },
    },
    destination,
  );
}
