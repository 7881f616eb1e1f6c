import type { Context } from 'hono';

/** Largest form body the sandbox's own pages read. */
const MAX_FORM_BYTES = 64 * 1024;

/** Reads an HTML form post (`application/x-www-form-urlencoded`); anything else reads as empty. */
export async function readForm(c: Context): Promise<URLSearchParams> {
  const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') return new URLSearchParams();

  const text = await c.req.text();
  if (Buffer.byteLength(text) > MAX_FORM_BYTES) return new URLSearchParams();

  return new URLSearchParams(text);
}

/** A trimmed form value ('' when absent). */
export function field(form: URLSearchParams, name: string): string {
  return (form.get(name) ?? '').trim();
}

/**
 * A local path to continue to after sign-in; anything else (absolute or protocol-relative URLs)
 * falls back to the Team members page, so the form cannot be used as an open redirect.
 */
export function safeReturnTo(value: string | null | undefined): string {
  if (value && /^\/(?![/\\])/.test(value)) return value;

  return '/people/team_members';
}
