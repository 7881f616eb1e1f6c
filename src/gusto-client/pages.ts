import type { ReadResponse } from './error-from-response.js';

/** One page of a list call. */
export interface Page<T> {
  items: T[];
  /** From `X-Total-Pages`, or null when Gusto did not send it. */
  totalPages: number | null;
}

/** Stops a list whose pages never end (a server bug) from looping forever. */
const MAX_PAGES = 100;

/** Default page size for lists this client walks through. */
export const DEFAULT_PER_PAGE = 100;

/**
 * Reads `X-Total-Pages`.
 * @see https://docs.gusto.com/app-integrations/docs/pagination
 */
export function totalPagesOf(response: ReadResponse): number | null {
  const value = response.headers.get('x-total-pages');
  if (value === null || !/^\d+$/.test(value.trim())) return null;

  return Number(value);
}

/**
 * Fetches page after page: up to `X-Total-Pages` when Gusto sends it, else until a short page.
 * Gives up after MAX_PAGES pages (10 000 people at the default size) and returns what it has.
 */
export async function collectPages<T>(
  per: number,
  fetchPage: (page: number) => Promise<Page<T>>,
): Promise<T[]> {
  const all: T[] = [];
  for (let page = 1; page <= MAX_PAGES; page++) {
    const { items, totalPages } = await fetchPage(page);
    all.push(...items);

    const last = totalPages === null ? items.length < per : page >= totalPages;
    if (last) break;
  }

  return all;
}
