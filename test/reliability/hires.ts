import type { RequestLogEntry } from '../../src/gusto-sandbox/control/traffic.js';
import {
  addHiredCandidate,
  addToGusto,
  type HandoffKit,
} from '../../src/handoff/handoff-test-kit.js';
import type { HandoffStatus } from '../../src/handoff/state-machine.js';
import { employeeValues } from '../../src/handoff/test-forms.js';

/** Path of Gusto's create-an-employee request. */
export const EMPLOYEE_CREATE = /^\/v1\/companies\/[^/]+\/employees$/;

/** One hire sent to Gusto by a test: its hand-off and the personal email that identifies it. */
export interface SentHire {
  handoff_id: string;
  account_id: string;
  company_uuid: string;
  email: string;
}

/** Where a hire goes: the account, its company and a location of that company. */
export interface HireTarget {
  account_id: string;
  user_id: string;
  company_uuid: string;
  location_uuid: string;
}

/** The kit's own account as a hire target. */
export function kitTarget(kit: HandoffKit): HireTarget {
  return {
    account_id: kit.owner.account_id,
    user_id: kit.owner.user_id,
    company_uuid: kit.connection.company_uuid,
    location_uuid: kit.location_uuid,
  };
}

/** Adds a Hired candidate to the target's account and presses "Add to Gusto" for it. */
export async function sendHire(kit: HandoffKit, target: HireTarget, n: number): Promise<SentHire> {
  const last_name = `Reliable${n}`;
  const email = `hire.${n}.${crypto.randomUUID().slice(0, 8)}@example.test`;
  const owner = { ...kit.owner, account_id: target.account_id, user_id: target.user_id };
  const forAccount = {
    ...kit,
    owner,
    connection: { ...kit.connection, company_uuid: target.company_uuid },
  };
  const candidate = await addHiredCandidate(forAccount, 'Reli', last_name);
  const values = employeeValues({
    first_name: 'Reli',
    last_name,
    email,
    location_uuid: target.location_uuid,
  });
  const { handoff } = await addToGusto(forAccount, candidate, values);

  return { handoff_id: handoff.id, ...target, email };
}

/** What a test reads of a hand-off. */
export interface HandoffState {
  id: string;
  status: HandoffStatus;
  gusto_person_uuid: string | null;
}

/** Statuses of a hand-off still on its way to Gusto. */
const ON_ITS_WAY: ReadonlySet<HandoffStatus> = new Set(['queued', 'checking']);

/** The hand-offs of the given hires as stored now, by id. */
export async function handoffsOf(
  kit: HandoffKit,
  hires: SentHire[],
): Promise<Map<string, HandoffState>> {
  if (hires.length === 0) return new Map();
  const rows = await kit.storage.db
    .selectFrom('handoffs')
    .select(['id', 'status', 'gusto_person_uuid'])
    .where(
      'id',
      'in',
      hires.map((h) => h.handoff_id),
    )
    .execute();

  return new Map(rows.map((r) => [r.id, r]));
}

/** How many of the hires' hand-offs have not reached "added" yet. */
export async function unfinished(kit: HandoffKit, hires: SentHire[]): Promise<number> {
  const rows = await handoffsOf(kit, hires);

  return hires.filter((h) => rows.get(h.handoff_id)?.status !== 'added').length;
}

/**
 * How many of the hires' hand-offs are still on their way (Sending or Checking Gusto); a
 * hand-off that stopped elsewhere is left for the audit to report.
 */
export async function inProgress(kit: HandoffKit, hires: SentHire[]): Promise<number> {
  const rows = await handoffsOf(kit, hires);

  return hires.filter((h) => {
    const status = rows.get(h.handoff_id)?.status;
    return status !== undefined && ON_ITS_WAY.has(status);
  }).length;
}

/** The sandbox's request log, read over HTTP through its control API. */
export async function requestLog(kit: HandoffKit): Promise<RequestLogEntry[]> {
  const response = await fetch(new URL('/__sandbox/requests', kit.listening.url));

  return (await response.json()) as RequestLogEntry[];
}

/** What the sandbox says about the hires: creates that reached it and people it holds. */
export interface PeopleAudit {
  /** Create requests that reached Gusto, and those it answered with success. */
  creates: number;
  createsSucceeded: number;
  /** Hires whose hand-off is not "added". */
  notAdded: number;
  /** Hires with other than exactly one Gusto person of their email. */
  notExactlyOne: number;
  /** Hires whose recorded person is not the one Gusto holds for them. */
  wrongPerson: number;
  /** People in the hires' companies made during the test that no hire accounts for. */
  strangers: number;
}

/**
 * Checks the hires against the sandbox one to one: each hire has exactly one person of its email
 * in its company, the hand-off names that person, and no other person appeared.
 */
export async function auditPeople(
  kit: HandoffKit,
  hires: SentHire[],
  seeded: ReadonlySet<string>,
): Promise<PeopleAudit> {
  const log = (await requestLog(kit)).filter(
    (r) => r.method === 'POST' && EMPLOYEE_CREATE.test(r.path),
  );
  const rows = await handoffsOf(kit, hires);
  const companies = new Set(hires.map((h) => h.company_uuid));
  const people = Object.values(kit.sandbox.ctx.store.data.employees).filter(
    (e) => companies.has(e.company_uuid) && !seeded.has(e.uuid),
  );
  const audit: PeopleAudit = {
    creates: log.length,
    createsSucceeded: log.filter((r) => r.status >= 200 && r.status < 300).length,
    notAdded: 0,
    notExactlyOne: 0,
    wrongPerson: 0,
    strangers: people.length - hires.length,
  };
  for (const hire of hires) {
    const row = rows.get(hire.handoff_id);
    const theirs = people.filter((p) => p.email === hire.email);
    if (row?.status !== 'added') audit.notAdded++;
    if (theirs.length !== 1) audit.notExactlyOne++;
    if (theirs[0]?.uuid !== row?.gusto_person_uuid) audit.wrongPerson++;
  }

  return audit;
}

/** The employees a sandbox holds now, to tell them from those a test makes. */
export function employeesNow(kit: HandoffKit): Set<string> {
  return new Set(Object.keys(kit.sandbox.ctx.store.data.employees));
}
