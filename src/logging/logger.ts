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
 */
const secretValues = new Set<string>();

/** Registers a value that must never appear in logs, whatever field or message carries it. */
export function registerSecret(value: string | null | undefined): void {
  if (value && value.length >= 8) secretValues.add(value);
}

/** Replaces every registered secret value in a serialised log line. */
export function redactValues(line: string): string {
  let out = line;
  for (const s of secretValues) if (out.includes(s)) out = out.split(s).join('[Redacted]');

  return out;
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
