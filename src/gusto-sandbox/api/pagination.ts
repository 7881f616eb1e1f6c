import type { Context } from 'hono';
import { GustoApiError } from './errors.js';

/** Gusto's default page size: "25 unless otherwise specified" (Pagination guide). */
export const DEFAULT_PER = 25;

/** Largest page the sandbox serves. */
export const MAX_PER = 100;

/**
 * One page of `items` by `page` and `per` (1-based), with the `X-Page`, `X-Per-Page`,
 * `X-Total-Count` and `X-Total-Pages` headers of Gusto's Pagination guide. Lists are always
 * paged (25 by default), so a client that ignores `X-Total-Pages` is caught here first.
 */
export function paginate<T>(c: Context, items: readonly T[]): T[] {
  const page = lenientInteger(c.req.query('page'), 1);
  const per = Math.min(lenientInteger(c.req.query('per'), DEFAULT_PER), MAX_PER);
  const totalPages = Math.ceil(items.length / per);
  c.header('X-Page', String(page));
  c.header('X-Per-Page', String(per));
  c.header('X-Total-Count', String(items.length));
  c.header('X-Total-Pages', String(totalPages));

  return items.slice((page - 1) * per, page * per);
}

/**
 * A positive whole number from a list's query string; anything else reads as `fallback`. The
 * list operations declare no 422, so a malformed `page` or `per` is ignored rather than refused.
 */
function lenientInteger(raw: string | undefined, fallback: number): number {
  return raw !== undefined && /^\d{1,6}$/.test(raw) && Number(raw) >= 1 ? Number(raw) : fallback;
}

/** A positive whole number from the query string, or `fallback` when absent; else a 422. */
export function positiveInteger(raw: string | undefined, name: string, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d{1,6}$/.test(raw) || Number(raw) < 1) throw invalidParameter(name);

  return Number(raw);
}

/**
 * A `true`/`false` query flag; absent or any other value reads as undefined (no filter), since
 * the list operations declare no 422.
 */
export function queryFlag(c: Context, name: string): boolean | undefined {
  const raw = c.req.query(name);
  if (raw === 'true') return true;
  if (raw === 'false') return false;

  return undefined;
}

/** 422 `invalid_parameter` for a query parameter. */
export function invalidParameter(name: string): GustoApiError {
  return new GustoApiError(422, [
    { error_key: name, category: 'invalid_parameter', message: `${name} is invalid` },
  ]);
}
