import type { Context } from 'hono';
import { z } from 'zod';
import type { FormValues } from './context.js';

/** One message per invalid field, saying what to do. */
export type FieldErrors = Partial<Record<string, string>>;

/** The result of checking a form: typed data, or every invalid field with its message. */
export type FormResult<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors };

const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data'];

/**
 * Reads a request's form fields. Anything that is not a well-formed form reads as no fields, so
 * garbage bodies end in field errors or a refusal, never in a 500.
 */
export async function readForm(c: Context): Promise<FormValues> {
  const type = c.req.header('content-type')?.split(';')[0]?.trim().toLowerCase() ?? '';
  const values: FormValues = Object.create(null);
  if (!FORM_TYPES.includes(type)) return values;
  let data: FormData;
  try {
    data = await c.req.formData();
  } catch {
    return values;
  }
  for (const [name, value] of data) {
    if (typeof value === 'string' && !(name in values)) values[name] = value;
  }

  return values;
}

/** Checks form values against a schema; on failure keeps the first message of each field. */
export function parseForm<S extends z.ZodType>(
  schema: S,
  values: FormValues,
): FormResult<z.output<S>> {
  const parsed = schema.safeParse(values);
  if (parsed.success) return { ok: true, data: parsed.data };
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? 'form');
    errors[field] ??= issue.message;
  }

  return { ok: false, errors };
}

/** Whether a value has the shape of the app's ids (text UUIDs); checked before any query. */
export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

/** A search text fit for a query: control characters dropped, length capped. */
export function searchText(value: string | undefined, max = 200): string {
  // Cut by characters, not UTF-16 units, so an emoji at the limit is kept whole or left out.
  return [...(value ?? '')]
    .filter((ch) => !hasControl(ch) && wellFormed(ch))
    .slice(0, max)
    .join('');
}

// Field helpers. Each takes the label the user sees, so messages name the field.

const asText = (v: unknown) => (typeof v === 'string' ? v : '');

/** Whether a text holds a control character (NUL among them, which PostgreSQL text refuses). */
function hasControl(s: string, allowLineBreaks = false): boolean {
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    if (allowLineBreaks && (code === 9 || code === 10 || code === 13)) continue;
    if (code < 32 || code === 127) return true;
  }

  return false;
}

/** The message for a text over its limit: says the limit, since the field is not empty. */
function tooLong(label: string, max: number): string {
  return `Shorten the ${label} to ${max.toLocaleString('en-US')} characters or fewer`;
}

function lineText(label: string, max: number) {
  return z
    .string()
    .trim()
    .max(max, tooLong(label, max))
    .refine((s) => !hasControl(s), `Remove line breaks and control characters from the ${label}`)
    .refine(wellFormed, `Retype the ${label}: it contains a broken character`);
}

function wellFormed(s: string): boolean {
  return !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);
}

/** A required single-line text; surrounding spaces are dropped, every other character kept. */
export function requiredText(label: string, max = 200) {
  return z.preprocess(
    asText,
    lineText(label, max).refine((s) => s.length > 0, `Enter the ${label}`),
  );
}

/** An optional single-line text; empty becomes null. */
export function optionalText(label: string, max = 200) {
  return z.preprocess(
    asText,
    lineText(label, max).transform((s) => (s === '' ? null : s)),
  );
}

/** A multi-line text such as a note. */
export function requiredMultilineText(label: string, max = 10_000) {
  return z.preprocess(
    asText,
    z
      .string()
      .trim()
      .min(1, `Enter the ${label}`)
      .max(max, tooLong(label, max))
      .refine((s) => !hasControl(s, true), `Remove control characters from the ${label}`)
      .refine(wellFormed, `Retype the ${label}: it contains a broken character`),
  );
}

const EMAIL_HINT = 'like name@example.com';

/** A required email address. */
export function requiredEmail(label: string) {
  return z.preprocess(
    asText,
    z
      .string()
      .trim()
      .min(1, `Enter the ${label}, ${EMAIL_HINT}`)
      .max(254, `Shorten the ${label} to 254 characters or fewer`)
      .pipe(z.email(`Enter the ${label} as an email address ${EMAIL_HINT}`)),
  );
}

/** An optional email address; empty becomes null. */
export function optionalEmail(label: string) {
  return z.preprocess(
    asText,
    z
      .string()
      .trim()
      .max(254, `Shorten the ${label} to 254 characters or fewer`)
      .pipe(
        z.union([z.literal(''), z.email(`Enter the ${label} as an email address ${EMAIL_HINT}`)]),
      )
      .transform((s) => (s === '' ? null : s)),
  );
}

/** An optional phone number: digits with the usual separators. */
export function optionalPhone(label: string) {
  return z.preprocess(
    asText,
    z
      .string()
      .trim()
      .max(30, `Shorten the ${label} to 30 characters or fewer`)
      .regex(
        /^$|^\+?[0-9 ()./-]*[0-9][0-9 ()./-]*$/,
        `Enter the ${label} using digits, spaces, + ( ) - and .`,
      )
      .transform((s) => (s === '' ? null : s)),
  );
}

/** A calendar date, kept as the `YYYY-MM-DD` text it arrived as. */
export function isoDate(label: string) {
  const hint = `Enter the ${label} as YYYY-MM-DD, for example 2027-01-05`;

  return z.preprocess(
    asText,
    z
      .string()
      .trim()
      .min(1, hint)
      .regex(/^\d{4}-\d{2}-\d{2}$/, hint)
      .refine(isRealDate, `Enter a ${label} that exists on the calendar, as YYYY-MM-DD`),
  );
}

/** Whether a `YYYY-MM-DD` text names a real day between the years 1900 and 2999. */
export function isRealDate(text: string): boolean {
  const [y, m, d] = text.split('-').map(Number);
  if (!y || !m || !d || y < 1900 || y > 2999 || m > 12) return false;
  const daysInMonth = new Date(Date.UTC(y, m, 0)).getUTCDate();

  return d <= daysInMonth;
}

/** The largest amount `money` accepts: nine digits before the point. */
export const MAX_MONEY = '999,999,999.99';

/**
 * A positive amount of money as decimal text with two places ("85000.00"). Accepts thousands
 * separators and a leading dollar sign; never passes through floating point. An amount that is
 * a number but too large, or too precise, is told so rather than asked for again.
 */
export function money(label: string) {
  const hint = `Enter the ${label} as a number greater than 0, for example 85000 or 42.50`;

  return z.preprocess(
    asText,
    z
      .string()
      .trim()
      .transform((s) => s.replace(/^\$\s*/, '').replace(/,(?=\d{3}(\D|$))/g, ''))
      .pipe(
        z
          .string()
          .regex(/^\d+(\.\d+)?$/, hint)
          .refine(
            (s) => wholeDigits(s) <= 9,
            `The ${label} is too large: enter at most ${MAX_MONEY}`,
          )
          .refine((s) => !/\.\d{3}/.test(s), `Enter the ${label} in dollars and cents, like 42.50`),
      )
      .transform(toTwoPlaces)
      .refine((s) => /[1-9]/.test(s), hint),
  );
}

/** How many digits an amount has before its point, leading zeros aside. */
function wholeDigits(s: string): number {
  return (s.split('.')[0] ?? '').replace(/^0+/, '').length;
}

function toTwoPlaces(s: string): string {
  const [whole = '0', fraction = ''] = s.split('.');

  return `${whole.replace(/^0+(?=\d)/, '')}.${fraction.padEnd(2, '0')}`;
}

/** One of a fixed set of values, with a message listing what to choose. */
export function choice<const T extends readonly [string, ...string[]]>(values: T, message: string) {
  return z.preprocess(asText, z.enum(values, { error: message }));
}
