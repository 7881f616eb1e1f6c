/**
 * The database as Kysely sees it: one interface per part, merged here.
 *
 * Portable conventions, so SQLite and PostgreSQL behave alike:
 * - ids are text UUIDs made by the application (`crypto.randomUUID()`);
 * - instants are ISO-8601 UTC text (`new Date().toISOString()`), which sorts correctly;
 * - calendar dates are `YYYY-MM-DD` text, never `Date` objects;
 * - booleans are integers 0/1; money is decimal text such as `"85000.00"`.
 */

// Each part adds its tables interface here and to the `extends` list below.

/** Every table of Hirebridge. */
// biome-ignore lint/suspicious/noEmptyInterface: parts extend it as they add tables
export interface Database {}
