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
import type { GustoConnectionTables } from '../gusto-connection/tables.js';
import type { HandoffTables } from '../handoff/tables.js';
import type { OutboxTables } from '../outbox/tables.js';

/** Tables of the ATS core: accounts, users, sessions, jobs, candidates and hires. */
export interface AtsTables {
  accounts: {
    id: string;
    name: string;
    plan: 'free' | 'start' | 'scale' | 'enterprise';
    created_at: string;
  };
  users: {
    id: string;
    account_id: string;
    /** Lower-cased. */
    email: string;
    name: string;
    role: 'admin' | 'recruiter';
    /** `scrypt$N$r$p$salt$key`, base64url parts. */
    password_hash: string;
    created_at: string;
  };
  sessions: {
    /** SHA-256 (hex) of the session cookie value. */
    id: string;
    user_id: string;
    account_id: string;
    csrf_token: string;
    created_at: string;
    expires_at: string;
  };
  sign_in_failures: { id: string; email: string; ip: string; failed_at: string };
  jobs: {
    id: string;
    account_id: string;
    title: string;
    department: string | null;
    location: string | null;
    employment_type: 'full_time' | 'part_time' | 'contract' | 'internship';
    status: 'open' | 'closed';
    created_at: string;
    updated_at: string;
  };
  candidates: {
    id: string;
    account_id: string;
    job_id: string | null;
    first_name: string;
    last_name: string;
    preferred_name: string | null;
    /** Personal email. */
    email: string | null;
    phone: string | null;
    stage: 'new' | 'screening' | 'interview' | 'offer' | 'hired' | 'rejected';
    created_at: string;
    updated_at: string;
  };
  stage_changes: {
    id: string;
    account_id: string;
    candidate_id: string;
    from_stage: string | null;
    to_stage: string;
    changed_by: string | null;
    changed_at: string;
  };
  candidate_notes: {
    id: string;
    account_id: string;
    candidate_id: string;
    author_id: string | null;
    body: string;
    created_at: string;
  };
  hires: {
    id: string;
    account_id: string;
    candidate_id: string;
    /** `YYYY-MM-DD`. */
    start_date: string;
    job_title: string;
    worker_type: 'employee' | 'contractor';
    /** Decimal text with two places, such as `"85000.00"`. */
    pay_rate: string;
    pay_unit: 'Hour' | 'Week' | 'Month' | 'Year' | 'Paycheck';
    department: string | null;
    work_location: string | null;
    recorded_by: string | null;
    recorded_at: string;
  };
}

/** Every table of Hirebridge. */
export interface Database extends AtsTables, OutboxTables, GustoConnectionTables, HandoffTables {}
