import { createHash } from 'node:crypto';
import { type PostgresPool, type PostgresPoolClient, type RawBuilder, sql } from 'kysely';
import type pg from 'pg';

/**
 * Ends a statement that PostgreSQL should keep prepared on each connection (a comment, so it
 * changes nothing on either engine). Parsing and planning the click's statement costs PostgreSQL
 * about 0.4 ms, which every hire waited for; prepared, each connection does it once.
 *
 * Only statements whose best plan does not depend on their values belong here: after five runs
 * PostgreSQL may keep one generic plan for all values, which suits a lookup by key and can ruin
 * a search. The statements must also be a fixed set, as each one marked stays prepared on
 * every connection that ran it.
 */
export const KEEP_PREPARED = '/* keep prepared */';

/** The mark as a piece of a `sql` template, for statements written as SQL. */
export const keepPrepared: RawBuilder<unknown> = sql.raw(KEEP_PREPARED);

/** A query builder that can end in a piece of SQL (select, insert, update, delete). */
interface EndModifiable<Q> {
  modifyEnd(modifier: RawBuilder<unknown>): Q;
}

/** The same query, marked to be kept prepared (see `KEEP_PREPARED`). */
export function prepared<Q extends EndModifiable<Q>>(query: Q): Q {
  return query.modifyEnd(keepPrepared);
}

/** How many marked statements one connection keeps at most: a guard, the set is fixed. */
const MOST_PER_CONNECTION = 100;

/**
 * Kysely's pool for PostgreSQL over `pool`: marked statements with parameters run as named
 * prepared statements; everything else runs as before.
 */
export function preparingPool(pool: pg.Pool): PostgresPool {
  const clients = new WeakMap<pg.PoolClient, PreparingClient>();

  return {
    connect: async () => {
      const client = await pool.connect();
      let preparing = clients.get(client);
      if (!preparing) {
        preparing = new PreparingClient(client);
        clients.set(client, preparing);
      }

      return preparing;
    },
    end: () => pool.end(),
  };
}

/**
 * Errors a statement's prepared form can meet where the same text sent afresh would not, by
 * SQLSTATE (the message is in the server's language): a result whose columns changed (0A000);
 * parameter types fixed at the first parse that no longer fit a column or function changed since
 * (42804, 42883, 42846); a statement pg takes for prepared that the server does not have (26000,
 * after pg failed to encode a value for it).
 */
const UNUSABLE_PREPARED = new Set(['0A000', '42804', '42883', '42846', '26000']);

function isUnusablePrepared(error: unknown): boolean {
  return UNUSABLE_PREPARED.has(String((error as { code?: unknown } | null)?.code));
}

/** One pooled connection and the statements it has prepared. */
class PreparingClient implements PostgresPoolClient {
  private readonly names = new Map<string, string>();
  private inTransaction = false;
  /** Set once a prepared statement became unusable: the connection prepares nothing more. */
  private stale = false;

  constructor(private readonly client: pg.PoolClient) {}

  // biome-ignore lint/suspicious/noExplicitAny: Kysely's overloads, passed through as they are.
  query(text: any, parameters?: any): any {
    if (typeof text !== 'string') return this.client.query(text);
    this.noteTransaction(text);
    const name = this.nameFor(text, parameters);
    if (!name) return this.client.query(text, parameters);

    return this.client.query({ name, text, values: parameters }).catch((error: unknown) => {
      if (!isUnusablePrepared(error)) throw error;
      // A migration changed a table or function under a running process, most likely. The
      // connection is closed when released, as its statement cannot be prepared again under the
      // same name; outside a transaction the statement is simply run again, unprepared (a
      // statement that is wrong in itself fails again, with its own error).
      this.stale = true;
      if (this.inTransaction) throw error;

      return this.client.query(text, parameters);
    });
  }

  release(destroy?: boolean): void {
    this.client.release(destroy || this.stale);
  }

  private nameFor(text: string, parameters: readonly unknown[] | undefined): string | undefined {
    // Without parameters pg sends the text as a simple query, which may hold several statements
    // (a migration's); a prepared one may not.
    if (this.stale || !parameters?.length || !text.endsWith(KEEP_PREPARED)) return undefined;
    const known = this.names.get(text);
    if (known || this.names.size >= MOST_PER_CONNECTION) return known;
    const name = `hb_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
    this.names.set(text, name);

    return name;
  }

  /**
   * Follows Kysely's own transaction statements, the only way this project begins one on
   * PostgreSQL. A transaction begun by raw SQL (`BEGIN`, `end`) would go unseen, and a stale
   * statement in it would be run again inside the aborted transaction, hiding its error.
   */
  private noteTransaction(text: string): void {
    if (text === 'begin' || text.startsWith('start transaction')) this.inTransaction = true;
    else if (text === 'commit' || text === 'rollback') this.inTransaction = false;
  }
}
