import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../test/databases.js';
import { connectTo, requestViolations } from '../gusto-connection/connection-test-kit.js';
import { disconnect } from '../gusto-connection/disconnect.js';
import { addTestUser, createTestApp, TestBrowser } from '../web/testing.js';
import { valuesFromForm } from './handoff-form.js';
import { getHandoffForCandidate, type Handoff, resumeHandoff } from './handoff-store.js';
import {
  addHiredWithRecord,
  countRequests,
  drain,
  EMPLOYEE_CREATE,
  formFields,
  type HandoffKit,
  injectFault,
  startHandoffKit,
} from './handoff-test-kit.js';
import { LOCKED_MESSAGE } from './resume-lock.js';
import { validateForm } from './validate-form.js';
import { gustoHandoffExtension, gustoHandoffPanel } from './web.js';

const CONTRACTOR_CREATE = /^\/v1\/companies\/[^/]+\/contractors$/;
const JOB_CREATE = /^\/v1\/employees\/[^/]+\/jobs$/;

/** A kit with the hand-off pages mounted and a recruiter signed in. */
async function startPages(dialect: (typeof testDialects)[number]) {
  const kit = await startHandoffKit(dialect);
  const settings = kit.deps.settings;
  const options = { secretBox: kit.deps.secretBox };
  const app = createTestApp(kit.storage, {
    extensions: [gustoHandoffExtension(settings, options)],
    hirePanel: gustoHandoffPanel(settings, options),
  });
  const email = `recruiter-${crypto.randomUUID()}@example.test`;
  await addTestUser(kit.storage, kit.owner.account_id, email, 'recruiter');
  const browser = new TestBrowser(app);
  await browser.signIn(email);

  return { kit, browser };
}

async function handoffOf(kit: HandoffKit, candidate: string): Promise<Handoff> {
  const handoff = await getHandoffForCandidate(kit.storage.db, kit.owner.account_id, candidate);
  if (!handoff) throw new Error('no hand-off');

  return handoff;
}

/**
 * Sends a hire whose job step Gusto refuses once with 422: the employee exists in Gusto, the
 * hand-off needs attention. Returns the candidate and the Resume form as the page offers it.
 */
async function stuckAfterPerson(kit: HandoffKit, browser: TestBrowser, last_name: string) {
  const email = `${last_name.toLowerCase()}@example.test`;
  const candidate = await addHiredWithRecord(kit, 'Rosa', last_name, email);
  const review = await browser.get(`/candidates/${candidate}/gusto`);
  await injectFault(kit, {
    method: 'POST',
    path: '/v1/employees/*/jobs',
    status: 422,
    when: 'before',
  });
  expect(
    (await browser.post(`/candidates/${candidate}/gusto`, formFields(review.text))).status,
  ).toBe(303);
  await drain(kit);
  const stuck = await handoffOf(kit, candidate);
  expect(stuck.status).toBe('needs_attention');
  expect(stuck.gusto_person_uuid).not.toBeNull();
  const resume = await browser.get(`/candidates/${candidate}/gusto`);

  return { candidate, stuck, page: resume.text, fields: formFields(resume.text) };
}

describe.each(testDialects)('Resume after the person is in Gusto (%s)', (dialect) => {
  let kit: HandoffKit;
  let browser: TestBrowser;

  beforeAll(async () => {
    ({ kit, browser } = await startPages(dialect));
  });
  afterAll(async () => {
    await kit.close();
  });

  // Switching "Joins Gusto as" to Contractor on Resume once made the worker create a contractor
  // beside the employee already created: one hire, two people in Gusto.
  it('refuses switching to a contractor, so one hire never becomes two people', async () => {
    const creates = await countRequests(kit, 'POST', EMPLOYEE_CREATE);
    const contractors = await countRequests(kit, 'POST', CONTRACTOR_CREATE);
    const { candidate, stuck, page, fields } = await stuckAfterPerson(kit, browser, 'Twofold');
    expect(page).toContain(LOCKED_MESSAGE);
    expect(page).not.toMatch(/type="radio"[^>]*name="worker_type"/);

    const switched = await browser.post(`/candidates/${candidate}/gusto/resume`, {
      ...fields,
      worker_type: 'contractor',
      contractor_type: 'Individual',
      wage_type: 'Hourly',
      hourly_rate: '50.00',
      email: 'someone.else@example.test',
    });
    expect(switched.status).toBe(400);
    const text = await switched.text();
    expect(text).toMatch(/id="field-worker_type-error">Already in Gusto; change it in Gusto\.</);
    expect(text).toMatch(/id="field-email-error">Already in Gusto; change it in Gusto\.</);
    const kept = await handoffOf(kit, candidate);
    expect(kept.status).toBe('needs_attention');
    expect(kept.form).toEqual(stuck.form);

    expect((await browser.post(`/candidates/${candidate}/gusto/resume`, fields)).status).toBe(303);
    await drain(kit);
    const done = await handoffOf(kit, candidate);
    expect(done.status).toBe('added');
    expect(done.gusto_person_uuid).toBe(stuck.gusto_person_uuid);
    expect((await countRequests(kit, 'POST', EMPLOYEE_CREATE)) - creates).toBe(1);
    expect((await countRequests(kit, 'POST', CONTRACTOR_CREATE)) - contractors).toBe(0);
  });

  // Name and start date edits on Resume were once accepted and stored while Gusto kept the
  // person as first created: the profile showed a start date Gusto never got.
  it('refuses edits to fields Gusto already holds, and keeps unsent fields editable', async () => {
    const { candidate, stuck, fields } = await stuckAfterPerson(kit, browser, 'Dropped');
    const edited = await browser.post(`/candidates/${candidate}/gusto/resume`, {
      ...fields,
      first_name: 'Rosalind',
    });
    expect(edited.status).toBe(400);
    expect(await edited.text()).toMatch(/id="field-first_name-error">Already in Gusto/);
    expect((await handoffOf(kit, candidate)).form.first_name).toBe('Rosa');
    // The work address already sent the start date as its effective date.
    const moved = await browser.post(`/candidates/${candidate}/gusto/resume`, {
      ...fields,
      start_date: '2027-02-01',
    });
    expect(moved.status).toBe(400);
    expect(await moved.text()).toMatch(/id="field-start_date-error">Already in Gusto/);

    // The job was never made, so its title may still change.
    const jobs = await countRequests(kit, 'POST', JOB_CREATE);
    const corrected = await browser.post(`/candidates/${candidate}/gusto/resume`, {
      ...fields,
      job_title: 'Chief Robot Wrangler',
    });
    expect(corrected.status).toBe(303);
    await drain(kit);
    const done = await handoffOf(kit, candidate);
    expect(done).toMatchObject({ status: 'added', gusto_person_uuid: stuck.gusto_person_uuid });
    const job = kit.sandbox.ctx.store.data.jobs[done.gusto_job_uuid ?? ''];
    expect(job).toMatchObject({ title: 'Chief Robot Wrangler', hire_date: '2027-01-05' });
    expect((await countRequests(kit, 'POST', JOB_CREATE)) - jobs).toBe(1);
  });

  // Defence in depth: a stored form of another kind than the person created (written before the
  // lock, or by any path around the page) must not reach Gusto as a second create.
  it('the worker refuses a contractor create for a hire in Gusto as an employee', async () => {
    const contractors = await countRequests(kit, 'POST', CONTRACTOR_CREATE);
    const { candidate, stuck } = await stuckAfterPerson(kit, browser, 'Bypass');
    const values = valuesFromForm(stuck.form);
    const check = validateForm({
      ...values,
      worker_type: 'contractor',
      contractor_type: 'Individual',
      wage_type: 'Hourly',
      hourly_rate: '50.00',
    });
    if (!check.ok) throw new Error(JSON.stringify(check.errors));
    await resumeHandoff(kit.storage.db, stuck, check.form);
    await drain(kit);

    const refused = await handoffOf(kit, candidate);
    expect(refused.status).toBe('needs_attention');
    expect(refused.last_error?.problems[0]).toMatchObject({ field: 'worker_type' });
    expect(refused.last_error?.problems[0]?.message).toContain('already in Gusto as an employee');
    expect((await countRequests(kit, 'POST', CONTRACTOR_CREATE)) - contractors).toBe(0);
  });

  // The review form once let through a future birth date, a zero salary, a department of no
  // company, NUL and bidi-override characters, edge spaces and a forged checkbox value.
  it('refuses bad values on the review form, each beside its field', async () => {
    const candidate = await addHiredWithRecord(kit, 'Vera', 'Valid', 'vera@example.test');
    const fields = formFields((await browser.get(`/candidates/${candidate}/gusto`)).text);
    const post = async (changes: Record<string, string>) => {
      const response = await browser.post(`/candidates/${candidate}/gusto`, {
        ...fields,
        ...changes,
      });
      expect(response.status).toBe(400);
      return response.text();
    };
    expect(await post({ date_of_birth: '2999-01-01' })).toContain(
      'Date of birth must be in the past',
    );
    expect(await post({ date_of_birth: '1850-06-01' })).toContain(
      'Enter a date of birth after 1900',
    );
    expect(await post({ rate: '0' })).toContain('number greater than 0');
    expect(await post({ department_uuid: crypto.randomUUID() })).toContain(
      'Choose a department from the list',
    );
    expect(await post({ location_uuid: crypto.randomUUID() })).toContain(
      'Choose a work location from the list',
    );
    expect(await post({ first_name: 'Ve\u0000ra' })).toContain(
      'Legal first name contains a control',
    );
    expect(await post({ last_name: 'Valid\u202e' })).toContain(
      'Legal last name contains a control',
    );
    expect(await post({ last_name: 'Valid ' })).toContain('Remove the spaces at the start or end');
    expect(await post({ self_onboarding: 'yes' })).toContain('Tick Self-onboarding');
    expect(await getHandoffForCandidate(kit.storage.db, kit.owner.account_id, candidate)).toBe(
      undefined,
    );

    const kept = await browser.post(`/candidates/${candidate}/gusto`, {
      ...fields,
      first_name: 'Zoë Ann',
      last_name: "O'Nuñez",
      self_onboarding: '',
      department_uuid: 'name:Engineering',
    });
    expect(kept.status).toBe(303);
    const form = (await handoffOf(kit, candidate)).form;
    expect(form).toMatchObject({ first_name: 'Zoë Ann', last_name: "O'Nuñez" });
    expect(form.self_onboarding).toBe(false);
    await drain(kit);
  });

  it("sent only requests that match Gusto's request schemas", () => {
    expect(requestViolations(kit)).toEqual([]);
  });
});

// Resume of a hand-off left for company A after switching to company B once looped on a vague
// message; it must say plainly where to finish it, offer no Resume, and send nothing to B.
describe.each(testDialects)('a hand-off of a company no longer connected (%s)', (dialect) => {
  let kit: HandoffKit;
  let browser: TestBrowser;

  beforeAll(async () => {
    ({ kit, browser } = await startPages(dialect));
  });
  afterAll(async () => {
    await kit.close();
  });

  it('names both companies, offers no Resume, and sends nothing to the other', async () => {
    const { candidate, fields } = await stuckAfterPerson(kit, browser, 'Elsewhere');
    await disconnect(kit.deps, kit.owner.account_id, kit.owner.user_id);
    await connectTo(kit, 'Acme Labs LLC');
    const before = (await countRequests(kit, 'POST', /./)) + (await countRequests(kit, 'PUT', /./));
    const said =
      'This hire was started in Acme Robotics Inc. and cannot be finished while Acme Labs LLC ' +
      'is connected. Finish it in Gusto, or reconnect Acme Robotics Inc.';

    const panel = await browser.get(`/candidates/${candidate}/gusto/panel`);
    expect(panel.text).toContain(said);
    expect(panel.text).not.toContain('Correct and resume');
    const page = await browser.get(`/candidates/${candidate}/gusto`);
    expect(page.status).toBe(409);
    expect(page.text).toContain('cannot be finished while Acme Labs LLC is connected');
    expect(page.text).not.toContain('>Resume</button>');
    const resumed = await browser.post(`/candidates/${candidate}/gusto/resume`, fields);
    expect(resumed.status).toBe(409);
    expect(await drain(kit)).toBe(0);

    expect((await handoffOf(kit, candidate)).status).toBe('needs_attention');
    const after = (await countRequests(kit, 'POST', /./)) + (await countRequests(kit, 'PUT', /./));
    expect(after).toBe(before);
  });
});
