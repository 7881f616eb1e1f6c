import { type Kysely, sql } from 'kysely';

/**
 * The durable outbox and the shared rate budgets. Knows no other part's tables, so it can land in
 * any order with them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await createOutboxTasks(db);
  await createRateBudgets(db);
}

/** Drops what `up` created. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('rate_budget_hits').execute();
  await db.schema.dropTable('rate_budgets').execute();
  await db.schema.dropTable('outbox_tasks').execute();
}

async function createOutboxTasks(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('outbox_tasks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('dedup_key', 'text')
    // Equal to dedup_key while the task is live, NULL once it succeeded or died. A UNIQUE index
    // on it gives "one live task per key" on both engines, because NULLs never collide.
    .addColumn('live_key', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('max_attempts', 'integer', (c) => c.notNull())
    .addColumn('run_at', 'text', (c) => c.notNull())
    .addColumn('locked_by', 'text')
    .addColumn('lock_token', 'text')
    .addColumn('locked_until', 'text')
    .addColumn('last_error', 'text')
    .addColumn('park_reason', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addCheckConstraint(
      'outbox_tasks_status_check',
      sql`status in ('queued', 'running', 'succeeded', 'dead', 'parked')`,
    )
    .execute();
  await db.schema
    .createIndex('outbox_tasks_live_key_unique')
    .on('outbox_tasks')
    .column('live_key')
    .unique()
    .execute();
  await db.schema
    .createIndex('outbox_tasks_claim')
    .on('outbox_tasks')
    .columns(['status', 'run_at'])
    .execute();
}

async function createRateBudgets(db: Kysely<unknown>): Promise<void> {
  // One row per budget key: the row every acquirer locks, and any Retry-After pause.
  await db.schema
    .createTable('rate_budgets')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('paused_until', 'text')
    .execute();
  // The sliding log: one row per granted request, pruned once it leaves the window.
  await db.schema
    .createTable('rate_budget_hits')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('rate_budget_hits_key_at')
    .on('rate_budget_hits')
    .columns(['key', 'at'])
    .execute();
}
