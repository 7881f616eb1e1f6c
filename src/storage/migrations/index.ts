import type { Migration } from 'kysely';

/**
 * Numbered, forward-only migrations. Add new ones at the end with the next number; never edit or
 * reorder one that has shipped.
 */
export const migrations: Record<string, Migration> = {};
