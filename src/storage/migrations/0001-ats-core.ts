import { type Kysely, sql } from 'kysely';

/**
 * The ATS core: accounts and their users, sessions, sign-in throttling, jobs, candidates with
 * their stage history and notes, and the hire record made by the hire step.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await createAccountTables(db);
  await createJobTables(db);
  await createCandidateTables(db);
}

async function createAccountTables(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('accounts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('plan', 'text', (c) =>
      c.notNull().check(sql`plan in ('free', 'start', 'scale', 'enterprise')`),
    )
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    // Stored lower-cased, so sign-in by email is case-insensitive on both engines.
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('admin', 'recruiter')`))
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('users_account').on('users').column('account_id').execute();

  await db.schema
    .createTable('sessions')
    // SHA-256 of the cookie value: a copy of this table does not let anyone sign in.
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sign_in_failures')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('ip', 'text', (c) => c.notNull())
    .addColumn('failed_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('sign_in_failures_key')
    .on('sign_in_failures')
    .columns(['email', 'ip', 'failed_at'])
    .execute();
}

async function createJobTables(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('department', 'text')
    .addColumn('location', 'text')
    .addColumn('employment_type', 'text', (c) =>
      c
        .notNull()
        .check(sql`employment_type in ('full_time', 'part_time', 'contract', 'internship')`),
    )
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('open', 'closed')`))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('jobs_account_created')
    .on('jobs')
    .columns(['account_id', 'created_at'])
    .execute();
}

async function createCandidateTables(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('candidates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('job_id', 'text', (c) => c.references('jobs.id'))
    .addColumn('first_name', 'text', (c) => c.notNull())
    .addColumn('last_name', 'text', (c) => c.notNull())
    .addColumn('preferred_name', 'text')
    .addColumn('email', 'text')
    .addColumn('phone', 'text')
    .addColumn('stage', 'text', (c) =>
      c
        .notNull()
        .check(sql`stage in ('new', 'screening', 'interview', 'offer', 'hired', 'rejected')`),
    )
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  for (const [name, column] of [
    ['candidates_account_created', 'created_at'],
    ['candidates_account_stage', 'stage'],
    ['candidates_account_job', 'job_id'],
  ] as const) {
    await db.schema.createIndex(name).on('candidates').columns(['account_id', column]).execute();
  }

  await createCandidateHistoryTables(db);
  await createHiresTable(db);
}

async function createCandidateHistoryTables(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('stage_changes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('candidate_id', 'text', (c) =>
      c.notNull().references('candidates.id').onDelete('cascade'),
    )
    .addColumn('from_stage', 'text')
    .addColumn('to_stage', 'text', (c) => c.notNull())
    .addColumn('changed_by', 'text', (c) => c.references('users.id'))
    .addColumn('changed_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('stage_changes_candidate')
    .on('stage_changes')
    .columns(['candidate_id', 'changed_at'])
    .execute();

  await db.schema
    .createTable('candidate_notes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('candidate_id', 'text', (c) =>
      c.notNull().references('candidates.id').onDelete('cascade'),
    )
    .addColumn('author_id', 'text', (c) => c.references('users.id'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('candidate_notes_candidate')
    .on('candidate_notes')
    .columns(['candidate_id', 'created_at'])
    .execute();
}

async function createHiresTable(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('hires')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('candidate_id', 'text', (c) =>
      c.notNull().unique().references('candidates.id').onDelete('cascade'),
    )
    .addColumn('start_date', 'text', (c) => c.notNull())
    .addColumn('job_title', 'text', (c) => c.notNull())
    .addColumn('worker_type', 'text', (c) =>
      c.notNull().check(sql`worker_type in ('employee', 'contractor')`),
    )
    .addColumn('pay_rate', 'text', (c) => c.notNull())
    .addColumn('pay_unit', 'text', (c) =>
      c.notNull().check(sql`pay_unit in ('Hour', 'Week', 'Month', 'Year', 'Paycheck')`),
    )
    .addColumn('department', 'text')
    .addColumn('work_location', 'text')
    .addColumn('recorded_by', 'text', (c) => c.references('users.id'))
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('hires_account').on('hires').column('account_id').execute();
}
