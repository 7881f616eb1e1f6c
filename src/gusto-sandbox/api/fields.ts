import { z } from 'zod';

/*
 * Field schemas for request bodies, with messages in Gusto's wording ("First name can't be
 * blank", "Date of birth is not a valid date"). Unknown fields are dropped, as Gusto's API
 * ignores attributes it does not permit.
 */

function typeMessage(label: string, kind: string): (issue: { input: unknown }) => string {
  return (issue) => (issue.input === undefined ? `${label} can't be blank` : `${label} ${kind}`);
}

/** A string that must be present and not blank. */
export function requiredText(label: string) {
  return z
    .string({ error: typeMessage(label, 'must be a string') })
    .refine((value) => value.trim() !== '', `${label} can't be blank`);
}

/** An optional string (absent or a string). */
export function optionalText(label: string) {
  return z.string({ error: typeMessage(label, 'must be a string') }).optional();
}

/** An optional string that may also be null. */
export function nullableText(label: string) {
  return z
    .string({ error: typeMessage(label, 'must be a string or null') })
    .nullable()
    .optional();
}

/** True for a real calendar date written `YYYY-MM-DD`. */
export function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));

  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  );
}

/** A `YYYY-MM-DD` calendar date. */
export function dateText(label: string) {
  return z
    .string({ error: typeMessage(label, 'is not a valid date') })
    .refine(isCalendarDate, `${label} is not a valid date`);
}

/** True for a plausible email address (one @, a dotted domain, no spaces). */
export function isEmail(value: string): boolean {
  return value.length <= 254 && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value);
}

/** An email address. */
export function emailText(label: string) {
  return z
    .string({ error: typeMessage(label, 'is invalid') })
    .refine(isEmail, `${label} is invalid`);
}

/** A social security number: nine digits, no dashes (`pattern: [0-9]{9}` in the spec). */
export function ssnText() {
  return z
    .string({ error: typeMessage('Ssn', 'must be 9 digits') })
    .regex(/^[0-9]{9}$/, 'Ssn must be 9 digits');
}

/** One of a fixed set of strings. */
export function enumText<const T extends readonly [string, ...string[]]>(label: string, values: T) {
  return z.enum(values, { error: `${label} must be one of: ${values.join(', ')}` });
}

/** A JSON boolean. */
export function flag(label: string) {
  return z.boolean({ error: `${label} must be true or false` });
}

/** A money amount as Gusto writes it: a decimal string such as "70000.00". */
export function moneyText(label: string) {
  return z
    .string({ error: typeMessage(label, 'must be a decimal string') })
    .regex(/^\d{1,12}(\.\d{1,4})?$/, `${label} must be a decimal amount such as "40.00"`);
}

/** The `version` every Gusto update carries (`Versionable-Required`). */
export function versionText() {
  return z.string({ error: typeMessage('Version', 'must be a string') });
}

/** Formats a money amount with two decimals, as Gusto answers ("40.0" → "40.00"). */
export function formatMoney(value: string): string {
  return Number(value).toFixed(2);
}
