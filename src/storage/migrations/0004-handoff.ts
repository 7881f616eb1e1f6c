import { type Kysely, sql } from 'kysely';

/**
 * Hand-offs of hires to Gusto and the stored outcome of each of their steps. One live hand-off
 * per candidate is enforced by a unique index on `live_key`, so two clicks or two tabs can never
 * make two.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('handoffs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('candidate_id', 'text', (c) => c.notNull().references('candidates.id'))
    .addColumn('live_key', 'text')
    .addColumn('company_uuid', 'text', (c) => c.notNull())
    .addColumn('worker_type', 'text', (c) =>
      c.notNull().check(sql`worker_type in ('employee', 'contractor')`),
    )
    .addColumn('form', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('gusto_person_uuid', 'text')
    .addColumn('gusto_job_uuid', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('completed_at', 'text')
    .execute();
  await db.schema
    .createIndex('handoffs_live_key')
    .on('handoffs')
    .column('live_key')
    .unique()
    .execute();
  await db.schema
    .createIndex('handoffs_account_candidate')
    .on('handoffs')
    .columns(['account_id', 'candidate_id'])
    .execute();

  await db.schema
    .createTable('handoff_steps')
    .addColumn('handoff_id', 'text', (c) =>
      c.notNull().references('handoffs.id').onDelete('cascade'),
    )
    .addColumn('step', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('sent', 'done', 'failed')`),
    )
    .addColumn('gusto_uuid', 'text')
    .addColumn('error', 'text')
    .addColumn('attempted_at', 'text', (c) => c.notNull())
    .addColumn('completed_at', 'text')
    .addPrimaryKeyConstraint('handoff_steps_pk', ['handoff_id', 'step'])
    .execute();
}

/** Drops what `up` created. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('handoff_steps').execute();
  await db.schema.dropTable('handoffs').execute();
}
