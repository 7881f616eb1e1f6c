import type { Kysely } from 'kysely';
import { createAccount, createUser, type Plan } from '../accounts/accounts.js';
import { type CandidateInput, createCandidate, setStage } from '../candidates/candidates.js';
import { type HireInput, recordHire } from '../candidates/hires.js';
import type { Stage } from '../candidates/stages.js';
import { createJob, type JobInput, setJobStatus } from '../jobs/jobs.js';
import type { Database } from '../storage/schema.js';

/** Password of every demo user; printed at start-up and in the README. */
export const DEMO_PASSWORD = 'hirebridge-demo';

/** The demo accounts and their admins' sign-in emails. */
export const DEMO_ACCOUNTS = [
  { name: 'Acme Robotics', plan: 'scale', email: 'admin@acme.test', admin: 'Avery Admin' },
  { name: 'Globex', plan: 'start', email: 'admin@globex.test', admin: 'Gale Admin' },
] as const satisfies ReadonlyArray<{ name: string; plan: Plan; email: string; admin: string }>;

type Db = Kysely<Database>;
type DemoJob = JobInput & { key: string; closed?: boolean };
type DemoCandidate = [first: string, last: string, job: string, stage: Stage, email?: string];

const ACME_JOBS: DemoJob[] = [
  job('robotics', 'Robotics Engineer', 'Engineering', 'San Francisco, CA', 'full_time'),
  job('design', 'Industrial Designer', 'Engineering', 'Denver, CO', 'contract'),
  job('sales', 'Account Executive', 'Sales', 'San Francisco, CA', 'full_time'),
  job('field', 'Field Service Technician', 'Engineering', 'Denver, CO', 'full_time'),
  {
    ...job('intern', 'Summer Engineering Intern', 'Engineering', 'Denver, CO', 'internship'),
    closed: true,
  },
];

/** About twenty candidates across the stages; the two Hired ones get hire records below. */
const ACME_CANDIDATES: DemoCandidate[] = [
  ['Siobhán', "O'Connor", 'robotics', 'hired', 'siobhan.oconnor@example.com'],
  ['Zoë', 'Nuñez-Teståd', 'design', 'hired', 'zoe.nunez@example.com'],
  ['Marcus', 'Whitfield', 'robotics', 'new'],
  ['Priya', 'Raman', 'robotics', 'screening'],
  ['Jonas', 'Bergström', 'robotics', 'interview'],
  ['Aiko', 'Tanaka', 'robotics', 'offer'],
  ['Daniel', 'Okonkwo', 'design', 'new'],
  ['Élodie', 'Marchand', 'design', 'interview'],
  ['Rafael', 'Gutiérrez', 'design', 'rejected'],
  ['Hannah', 'Kowalski', 'sales', 'new'],
  ['Kwame', 'Mensah', 'sales', 'screening'],
  ['Sofia', 'Lindgren', 'sales', 'interview'],
  ['Liam', "D'Angelo", 'sales', 'offer'],
  ['Mei', 'Chen', 'sales', 'rejected'],
  ['Oscar', 'Ferreira', 'field', 'new'],
  ['Fatima', 'Al-Sayed', 'field', 'screening'],
  ['Noah', 'Schmidt', 'field', 'screening'],
  ['Isabella', 'Rossi', 'field', 'interview'],
  ['Ethan', 'Brooks', 'intern', 'rejected'],
  ['Chloé', 'Dubois', 'intern', 'new'],
];

const ACME_HIRES: Record<string, HireInput> = {
  "Siobhán O'Connor": {
    start_date: '2027-01-05',
    job_title: 'Robotics Engineer',
    worker_type: 'employee',
    pay_rate: '125000.00',
    pay_unit: 'Year',
    department: 'Engineering',
    work_location: 'San Francisco, CA',
  },
  'Zoë Nuñez-Teståd': {
    start_date: '2027-02-01',
    job_title: 'Industrial Designer',
    worker_type: 'contractor',
    pay_rate: '85.00',
    pay_unit: 'Hour',
    department: 'Engineering',
    work_location: 'Denver, CO',
  },
};

const GLOBEX_JOBS: DemoJob[] = [
  job('ops', 'Operations Manager', 'Operations', 'Springfield', 'full_time'),
];

const GLOBEX_CANDIDATES: DemoCandidate[] = [
  ['Hank', 'Scorpio', 'ops', 'interview'],
  ['Marge', 'Bouvier', 'ops', 'new'],
];

/** A plausible personal address from a name, accents folded: "Élodie" gives "elodie". */
function demoEmail(first: string, last: string): string {
  const local = `${first}.${last}`
    .normalize('NFD')
    .toLowerCase()
    .replace(/[^a-z.]/g, '');

  return `${local}@example.com`;
}

function job(
  key: string,
  title: string,
  department: string,
  location: string,
  employment_type: JobInput['employment_type'],
): DemoJob {
  return { key, title, department, location, employment_type };
}

/**
 * Seeds the demo when the database has no account yet; returns whether it did. Runs in one
 * transaction, so a failed seed leaves the database empty for the next start.
 */
export async function seedDemoIfEmpty(db: Db): Promise<boolean> {
  const existing = await db.selectFrom('accounts').select('id').limit(1).executeTakeFirst();
  if (existing) return false;

  await db.transaction().execute(async (trx) => {
    const [acme, globex] = DEMO_ACCOUNTS;
    await seedAccount(trx, acme, ACME_JOBS, ACME_CANDIDATES);
    await seedAccount(trx, globex, GLOBEX_JOBS, GLOBEX_CANDIDATES);
  });

  return true;
}

async function seedAccount(
  db: Db,
  demo: (typeof DEMO_ACCOUNTS)[number],
  jobs: DemoJob[],
  candidates: DemoCandidate[],
): Promise<void> {
  const account = await createAccount(db, { name: demo.name, plan: demo.plan });
  const admin = await createUser(db, {
    accountId: account.id,
    email: demo.email,
    name: demo.admin,
    role: 'admin',
    password: DEMO_PASSWORD,
  });
  const jobIds = new Map<string, string>();
  for (const { key, closed, ...input } of jobs) {
    const created = await createJob(db, account.id, input);
    if (closed) await setJobStatus(db, account.id, created.id, 'closed');
    jobIds.set(key, created.id);
  }
  // Distinct, increasing creation times keep the list order stable from run to run.
  const start = Date.parse('2026-05-01T09:00:00Z');
  for (const [i, entry] of candidates.entries()) {
    const at = new Date(start + i * 3_600_000);
    await seedCandidate(db, { accountId: account.id, userId: admin.id, jobIds, at }, entry);
  }
}

async function seedCandidate(
  db: Db,
  ctx: { accountId: string; userId: string; jobIds: Map<string, string>; at: Date },
  [first_name, last_name, jobKey, stage, email]: DemoCandidate,
): Promise<void> {
  const input: CandidateInput = {
    first_name,
    last_name,
    preferred_name: null,
    email: email ?? demoEmail(first_name, last_name),
    phone: null,
    job_id: ctx.jobIds.get(jobKey) ?? null,
  };
  const candidate = await createCandidate(db, ctx.accountId, input, {
    userId: ctx.userId,
    now: ctx.at,
  });
  const hire = ACME_HIRES[`${first_name} ${last_name}`];
  if (hire) {
    await recordHire(db, {
      accountId: ctx.accountId,
      candidateId: candidate.id,
      userId: ctx.userId,
      hire,
    });
  } else if (stage !== 'new') {
    await setStage(db, candidate, stage, ctx.userId, ctx.at.toISOString());
  }
}
