import type { Kysely } from 'kysely';
import type { SecretBox } from '../crypto/secret-box.js';
import type { Logger } from '../logging/logger.js';
import type { Database } from '../storage/schema.js';
import type { GustoSettings } from './settings.js';

/** What the connection code needs: the database, the token box, Gusto's settings and a logger. */
export interface GustoConnectionDeps {
  db: Kysely<Database>;
  /** Seals tokens before they are stored and opens them to use them. */
  secretBox: SecretBox;
  settings: GustoSettings;
  logger: Logger;
  /** The clock; defaults to the wall clock (tests move it). */
  now?: () => Date;
}

/** The current time as the deps see it. */
export function nowOf(deps: Pick<GustoConnectionDeps, 'now'>): Date {
  return deps.now?.() ?? new Date();
}
