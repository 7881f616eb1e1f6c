import { type Kysely, sql } from 'kysely';

/**
 * The Gusto connection of each account, the OAuth requests in flight, and the companies
 * authorized in a connect flow before the admin saves one.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await createConnections(db);
  await createOAuthStates(db);
  await createPendingGrants(db);
}

/** Drops what `up` created. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('gusto_pending_grants').execute();
  await db.schema.dropTable('gusto_oauth_states').execute();
  await db.schema.dropTable('gusto_connections').execute();
}

async function createConnections(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('gusto_connections')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    // Equal to account_id until disconnected, then NULL: a UNIQUE index on it allows one live
    // connection per account on both engines (NULLs never collide) and keeps old rows as history.
    .addColumn('live_account_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('company_uuid', 'text', (c) => c.notNull())
    .addColumn('company_name', 'text', (c) => c.notNull())
    .addColumn('access_token', 'text')
    .addColumn('refresh_token', 'text')
    .addColumn('access_token_expires_at', 'text')
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('token_generation', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('refresh_lease_until', 'text')
    .addColumn('refresh_lease_owner', 'text')
    .addColumn('status_reason', 'text')
    .addColumn('connected_by', 'text')
    .addColumn('connected_at', 'text', (c) => c.notNull())
    .addColumn('last_verified_at', 'text')
    .addColumn('disconnected_by', 'text')
    .addColumn('disconnected_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addCheckConstraint(
      'gusto_connections_status_check',
      sql`status in ('active', 'needs_reauthorization', 'disconnected')`,
    )
    .execute();
  await db.schema
    .createIndex('gusto_connections_live_account_unique')
    .on('gusto_connections')
    .column('live_account_id')
    .unique()
    .execute();
  await db.schema
    .createIndex('gusto_connections_account')
    .on('gusto_connections')
    .columns(['account_id', 'connected_at'])
    .execute();
}

async function createOAuthStates(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('gusto_oauth_states')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('session_id', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) =>
      c.notNull().check(sql`purpose in ('connect', 'reauthorize')`),
    )
    .addColumn('flow_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
}

async function createPendingGrants(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('gusto_pending_grants')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('flow_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('company_uuid', 'text', (c) => c.notNull())
    .addColumn('company_name', 'text', (c) => c.notNull())
    .addColumn('locations', 'text', (c) => c.notNull())
    .addColumn('access_token', 'text', (c) => c.notNull())
    .addColumn('refresh_token', 'text', (c) => c.notNull())
    .addColumn('access_token_expires_at', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('gusto_pending_grants_flow')
    .on('gusto_pending_grants')
    .columns(['account_id', 'flow_id'])
    .execute();
}
