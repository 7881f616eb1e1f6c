import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../test/databases.js';
import { requestViolations } from '../gusto-connection/connection-test-kit.js';
import { addTestAccount, addTestUser, createTestApp, TestBrowser } from '../web/testing.js';
import { getHandoffForCandidate, setStatus } from './handoff-store.js';
import {
  addHiredCandidate,
  addHiredWithRecord,
  countRequests,
  drain,
  EMPLOYEE_CREATE,
  formFields,
  type HandoffKit,
  startHandoffKit,
} from './handoff-test-kit.js';
import { PERSONAL_EMAIL_REQUIRED } from './validate-form.js';
import { gustoHandoffExtension, gustoHandoffPanel } from './web.js';

describe.each(testDialects)('hand-off pages (%s)', (dialect) => {
  let kit: HandoffKit;
  let browser: TestBrowser;

  beforeAll(async () => {
    kit = await startHandoffKit(dialect);
    const settings = kit.deps.settings;
    const options = { secretBox: kit.deps.secretBox };
    const app = createTestApp(kit.storage, {
      extensions: [gustoHandoffExtension(settings, options)],
      hirePanel: gustoHandoffPanel(settings, options),
    });
    const email = `recruiter-${crypto.randomUUID()}@example.test`;
    await addTestUser(kit.storage, kit.owner.account_id, email, 'recruiter');
    browser = new TestBrowser(app);
    await browser.signIn(email);
  });
  afterAll(async () => {
    await kit.close();
  });

  const hiredWithRecord = (first: string, last: string, email: string | null) =>
    addHiredWithRecord(kit, first, last, email);

  /** The review form's pre-filled values, as a browser would submit them. */
  async function reviewForm(candidate: string): Promise<Record<string, string>> {
    const page = await browser.get(`/candidates/${candidate}/gusto`);
    expect(page.status).toBe(200);

    return formFields(page.text);
  }

  it('offers "Click to add to Gusto" and pre-fills the review form from the hire', async () => {
    const candidate = await hiredWithRecord('Zoë', "O'Testname", 'zoe@example.test');
    const panel = await browser.get(`/candidates/${candidate}/gusto/panel`);
    expect(panel.text).toContain('Click to add to Gusto');

    const fields = await reviewForm(candidate);
    expect(fields).toMatchObject({
      worker_type: 'employee',
      first_name: 'Zoë',
      last_name: "O'Testname",
      start_date: '2027-01-05',
      department_uuid: kit.department_uuid,
      self_onboarding: 'on',
    });
    expect(fields.location_uuid).not.toBe('');
    const page = await browser.get(`/candidates/${candidate}/gusto`);
    expect(page.text).toContain('Starts 5 January 2027');
    expect(page.text).not.toMatch(/name="[^"]*ssn[^"]*"/i);
  });

  it('shows the Gusto block in Hire Information, "Send to Gusto" after the hire step', async () => {
    const candidate = await hiredWithRecord('Pro', 'File', 'pro@example.test');
    const profile = await browser.get(`/candidates/${candidate}`);
    expect(profile.text).toContain('Hire Information');
    expect(profile.text).toContain('Click to add to Gusto');
    const afterHire = await browser.get(`/candidates/${candidate}?notice=hired`);
    expect(afterHire.text).toContain('Send to Gusto');
  });

  it('refuses self-onboarding without a personal email, keeping what was typed (C6)', async () => {
    const candidate = await hiredWithRecord('Noemail', 'Person', null);
    const fields = await reviewForm(candidate);
    const response = await browser.post(`/candidates/${candidate}/gusto`, {
      ...fields,
      job_title: 'Typed Title',
    });
    expect(response.status).toBe(400);
    const text = await response.text();
    expect(text).toContain(PERSONAL_EMAIL_REQUIRED);
    expect(text).toContain('value="Typed Title"');
    expect(await getHandoffForCandidate(kit.storage.db, kit.owner.account_id, candidate)).toBe(
      undefined,
    );
  });

  it('adds once when clicked twice, telling the second click it is coming (C1, C4)', async () => {
    const candidate = await hiredWithRecord('Twice', 'Clicked', 'twice@example.test');
    const fields = await reviewForm(candidate);
    const before = await countRequests(kit, 'POST', EMPLOYEE_CREATE);
    const [a, b] = await Promise.all([
      browser.post(`/candidates/${candidate}/gusto`, fields),
      browser.post(`/candidates/${candidate}/gusto`, fields),
    ]);
    const statuses = [a.status, b.status].sort();
    expect(statuses).toEqual([303, 409]);
    const second = a.status === 409 ? a : b;
    expect(await second.text()).toContain('already on its way to Gusto');

    const sending = await browser.get(`/candidates/${candidate}/gusto/panel`);
    expect(sending.text).toContain('Sending');
    expect(sending.text).toContain('data-poll=');

    await drain(kit);
    const added = await browser.get(`/candidates/${candidate}/gusto/panel`);
    expect(added.text).toMatch(/Added by Test User on \d+ \w+ \d{4}/);
    expect(added.text).toContain('Starts 5 January 2027');
    expect(added.text).toContain('View in Gusto');
    expect(added.text).not.toContain('data-poll=');
    const third = await browser.post(`/candidates/${candidate}/gusto`, fields);
    expect(third.status).toBe(409);
    expect(await third.text()).toContain('already added to Gusto');
    expect((await countRequests(kit, 'POST', EMPLOYEE_CREATE)) - before).toBe(1);
  });

  it("shows Gusto's message beside the field it names; Resume sends the correction", async () => {
    const candidate = await hiredWithRecord('Fix', 'Me', 'fix@example.test');
    const fields = await reviewForm(candidate);
    await browser.post(`/candidates/${candidate}/gusto`, fields);
    const handoff = await getHandoffForCandidate(kit.storage.db, kit.owner.account_id, candidate);
    if (!handoff) throw new Error('no hand-off');
    const problem = { error_key: 'title', field: 'job_title', message: 'Title is not allowed.' };
    const last_error = JSON.stringify({
      step: 'job',
      message: 'Gusto did not accept the job.',
      problems: [problem],
    });
    await setStatus(kit.storage.db, handoff, 'needs_attention', { last_error });

    const panel = await browser.get(`/candidates/${candidate}/gusto/panel`);
    expect(panel.text).toContain('Needs attention');
    expect(panel.text).toContain('Title is not allowed.');
    const page = await browser.get(`/candidates/${candidate}/gusto`);
    expect(page.text).toMatch(/id="field-job_title-error">Title is not allowed\.</);
    expect(page.text).toContain('Gusto did not accept the job.');
    expect(page.text).toContain('>Resume</button>');

    const resumed = await browser.post(`/candidates/${candidate}/gusto/resume`, {
      ...fields,
      job_title: 'Allowed Title',
    });
    expect(resumed.status).toBe(303);
    const queued = await getHandoffForCandidate(kit.storage.db, kit.owner.account_id, candidate);
    expect(queued).toMatchObject({ status: 'queued', last_error: null });
    expect(queued?.form.job_title).toBe('Allowed Title');
    await drain(kit);
  });

  it('turns a hand-off whose task was given up while Sending into Needs attention', async () => {
    const candidate = await hiredWithRecord('Orphan', 'Task', 'orphan@example.test');
    await browser.post(`/candidates/${candidate}/gusto`, await reviewForm(candidate));
    // As the outbox does when a worker dies during the last attempt.
    await kit.storage.db
      .updateTable('outbox_tasks')
      .set({ status: 'dead', live_key: null })
      .where('dedup_key', '=', `handoff:${candidate}`)
      .execute();

    const panel = await browser.get(`/candidates/${candidate}/gusto/panel`);
    expect(panel.text).toContain('Needs attention');
    expect(panel.text).toContain('Correct and resume');
    const page = await browser.get(`/candidates/${candidate}/gusto`);
    expect(page.text).toContain('>Resume</button>');
  });

  it('says why not for a candidate who is not Hired', async () => {
    const candidate = await addHiredCandidate(kit, 'Not', 'Yet');
    await kit.storage.db
      .updateTable('candidates')
      .set({ stage: 'interview' })
      .where('id', '=', candidate)
      .execute();
    const panel = await browser.get(`/candidates/${candidate}/gusto/panel`);
    expect(panel.text).toContain('Only Hired candidates can be added to Gusto');
    expect((await browser.get(`/candidates/${candidate}/gusto`)).status).toBe(409);
  });

  it('locks the send on plans without Gusto, and hides one account from another', async () => {
    const candidate = await hiredWithRecord('Plan', 'Locked', 'plan@example.test');
    const setPlan = (plan: 'start' | 'scale') =>
      kit.storage.db
        .updateTable('accounts')
        .set({ plan })
        .where('id', '=', kit.owner.account_id)
        .execute();
    await setPlan('start');
    try {
      const panel = await browser.get(`/candidates/${candidate}/gusto/panel`);
      expect(panel.text).toContain('Scale and Enterprise plans');
      const fields = { worker_type: 'employee' };
      expect((await browser.post(`/candidates/${candidate}/gusto`, fields)).status).toBe(409);
    } finally {
      await setPlan('scale');
    }

    const other = await addTestAccount(kit.storage, { plan: 'scale' });
    const stranger = new TestBrowser(browser.app);
    await stranger.signIn(other.email);
    expect((await stranger.get(`/candidates/${candidate}/gusto`)).status).toBe(404);
    expect((await stranger.get(`/candidates/${candidate}/gusto/panel`)).status).toBe(404);
    expect((await stranger.post(`/candidates/${candidate}/gusto`, {})).status).toBe(404);
  });

  it("sent only requests that match Gusto's request schemas", () => {
    expect(requestViolations(kit)).toEqual([]);
  });
});
