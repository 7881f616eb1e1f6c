import type { Kysely } from 'kysely';

/**
 * Lets the outbox leave alone the tasks of a rate budget that has no room: each task may name
 * the budget its calls draw from, and a budget records until when it is full. Without this,
 * free worker slots claim task after task of a spent budget only to put each one back.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('outbox_tasks').addColumn('budget_key', 'text').execute();
  await db.schema.alterTable('rate_budgets').addColumn('full_until', 'text').execute();
}

/** Drops what `up` added. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('rate_budgets').dropColumn('full_until').execute();
  await db.schema.alterTable('outbox_tasks').dropColumn('budget_key').execute();
}
