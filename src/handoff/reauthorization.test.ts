import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../test/databases.js';
import { getLiveConnection } from '../gusto-connection/connection-repository.js';
import { requestViolations, revokeGrantsInGusto } from '../gusto-connection/connection-test-kit.js';
import { gustoTile } from '../gusto-connection/tile.js';
import { addTestUser, createTestApp, TestBrowser } from '../web/testing.js';
import { getHandoffForCandidate, type Handoff } from './handoff-store.js';
import {
  addHiredWithRecord,
  countRequests,
  drain,
  EMPLOYEE_CREATE,
  formFields,
  type HandoffKit,
  reauthorizeSameCompany,
  startHandoffKit,
} from './handoff-test-kit.js';
import { gustoHandoffExtension, gustoHandoffPanel } from './web.js';

// A revoked grant once made the review page unusable (no departments or locations to choose)
// and refused "Add to Gusto", so a hire could not be sent to wait for Reauthorize (C8).
describe.each(testDialects)('sending a hire while Gusto needs reauthorization (%s)', (dialect) => {
  let kit: HandoffKit;
  let recruiter: TestBrowser;
  let admin: TestBrowser;

  beforeAll(async () => {
    kit = await startHandoffKit(dialect);
    const settings = kit.deps.settings;
    const options = { secretBox: kit.deps.secretBox };
    const app = createTestApp(kit.storage, {
      extensions: [gustoHandoffExtension(settings, options)],
      hirePanel: gustoHandoffPanel(settings, options),
      integrationTiles: [gustoTile],
    });
    const signedIn = async (role: 'admin' | 'recruiter') => {
      const email = `${role}-${crypto.randomUUID()}@example.test`;
      await addTestUser(kit.storage, kit.owner.account_id, email, role);
      const browser = new TestBrowser(app);
      await browser.signIn(email);
      return browser;
    };
    recruiter = await signedIn('recruiter');
    admin = await signedIn('admin');
  });
  afterAll(async () => {
    await kit.close();
  });

  async function handoffOf(candidate: string): Promise<Handoff> {
    const handoff = await getHandoffForCandidate(kit.storage.db, kit.owner.account_id, candidate);
    if (!handoff) throw new Error('no hand-off');

    return handoff;
  }

  async function hiredIn(department: string, last_name: string): Promise<string> {
    const email = `${last_name.toLowerCase()}@example.test`;
    const candidate = await addHiredWithRecord(kit, 'Rhea', last_name, email);
    await kit.storage.db
      .updateTable('hires')
      .set({ department })
      .where('candidate_id', '=', candidate)
      .execute();

    return candidate;
  }

  /** Revokes the grant at Gusto, opens the review form and sends it as offered. */
  async function sendWhileRevoked(candidate: string): Promise<string> {
    await revokeGrantsInGusto(kit, kit.connection.company_uuid);
    const review = await recruiter.get(`/candidates/${candidate}/gusto`);
    expect(review.status).toBe(200);
    expect(review.text).toContain('Gusto needs an admin to Reauthorize');
    const fields = formFields(review.text);
    const sent = await recruiter.post(`/candidates/${candidate}/gusto`, fields);
    expect(sent.status).toBe(303);

    return review.text;
  }

  it('sends with the recorded department and location, waits, then completes alone', async () => {
    const creates = await countRequests(kit, 'POST', EMPLOYEE_CREATE);
    const candidate = await hiredIn('Engineering', 'Waiting');
    const review = await sendWhileRevoked(candidate);
    expect(formFields(review)).toMatchObject({
      department_uuid: 'name:Engineering',
      location_uuid: 'name:San Francisco',
    });
    expect(review).toContain('Engineering (from the hire record; matched in Gusto when sent)');
    const connection = await getLiveConnection(kit.storage.db, kit.owner.account_id);
    expect(connection?.status).toBe('needs_reauthorization');

    await drain(kit);
    expect((await handoffOf(candidate)).status).toBe('waiting_reauthorization');
    const asAdmin = await admin.get(`/candidates/${candidate}/gusto/panel`);
    expect(asAdmin.text).toContain('Waiting for reauthorization');
    expect(asAdmin.text).toContain('<a href="/integrations">Reauthorize</a>');
    const asRecruiter = await recruiter.get(`/candidates/${candidate}/gusto/panel`);
    expect(asRecruiter.text).toContain('Ask an admin of your account to Reauthorize');

    await reauthorizeSameCompany(kit);
    await drain(kit);
    const done = await handoffOf(candidate);
    expect(done.status).toBe('added');
    expect(done.form).toMatchObject({
      department_uuid: kit.department_uuid,
      location_uuid: kit.location_uuid,
    });
    const data = kit.sandbox.ctx.store.data;
    expect(data.employees[done.gusto_person_uuid ?? '']?.department_uuid).toBe(kit.department_uuid);
    const addresses = Object.values(data.work_addresses).filter(
      (a) => a.employee_uuid === done.gusto_person_uuid,
    );
    expect(addresses.map((a) => a.location_uuid)).toEqual([kit.location_uuid]);
    expect((await countRequests(kit, 'POST', EMPLOYEE_CREATE)) - creates).toBe(1);
  });

  it('keeps "Click to add to Gusto" with a note while the connection waits', async () => {
    const candidate = await hiredIn('Engineering', 'Noted');
    await revokeGrantsInGusto(kit, kit.connection.company_uuid);
    await recruiter.get(`/candidates/${candidate}/gusto`);

    const asRecruiter = await recruiter.get(`/candidates/${candidate}/gusto/panel`);
    expect(asRecruiter.text).toContain('Click to add to Gusto');
    expect(asRecruiter.text).toContain('Hires sent meanwhile wait and go through by themselves');
    expect(asRecruiter.text).toContain('Ask an admin of your account to Reauthorize');
    const asAdmin = await admin.get(`/candidates/${candidate}/gusto/panel`);
    expect(asAdmin.text).toContain('<a href="/integrations">Reauthorize</a>');
    // A company name ending in a full stop once gave the banner two: "Acme Robotics Inc..".
    const tile = await admin.get('/integrations');
    expect(tile.text).toMatch(/access to\s+Acme Robotics Inc\.<\/strong>/);
    expect(tile.text).not.toContain('Inc..');

    await reauthorizeSameCompany(kit);
    const after = await recruiter.get(`/candidates/${candidate}/gusto/panel`);
    expect(after.text).toContain('Click to add to Gusto');
    expect(after.text).not.toContain('Hires sent meanwhile');
  });

  it('asks for a department Gusto has when the recorded one is gone; Resume ends it', async () => {
    const creates = await countRequests(kit, 'POST', EMPLOYEE_CREATE);
    const candidate = await hiredIn('Robotics', 'Nomatch');
    await sendWhileRevoked(candidate);
    await drain(kit);
    await reauthorizeSameCompany(kit);
    await drain(kit);

    const stuck = await handoffOf(candidate);
    expect(stuck.status).toBe('needs_attention');
    expect(stuck.last_error?.problems).toEqual([
      {
        error_key: 'department_uuid',
        field: 'department_uuid',
        message:
          'No department called "Robotics" in Gusto. Choose one of the company\'s departments ' +
          'and Resume.',
      },
    ]);
    expect(stuck.gusto_person_uuid).not.toBeNull();

    const review = await recruiter.get(`/candidates/${candidate}/gusto`);
    expect(review.text).toContain(`<option value="${kit.department_uuid}">Engineering</option>`);
    expect(review.text).toMatch(/id="field-department_uuid-error">No department called/);
    const fields = formFields(review.text);
    expect(fields.department_uuid).toBe('');
    expect(fields.location_uuid).toBe(kit.location_uuid);
    const resumed = await recruiter.post(`/candidates/${candidate}/gusto/resume`, {
      ...fields,
      department_uuid: kit.department_uuid,
    });
    expect(resumed.status).toBe(303);
    await drain(kit);

    const done = await handoffOf(candidate);
    expect(done.status).toBe('added');
    expect(done.gusto_person_uuid).toBe(stuck.gusto_person_uuid);
    const employee = kit.sandbox.ctx.store.data.employees[done.gusto_person_uuid ?? ''];
    expect(employee?.department_uuid).toBe(kit.department_uuid);
    expect((await countRequests(kit, 'POST', EMPLOYEE_CREATE)) - creates).toBe(1);
  });

  it('still refuses to send once Gusto is disconnected', async () => {
    const candidate = await hiredIn('Engineering', 'Refused');
    const live = await getLiveConnection(kit.storage.db, kit.owner.account_id);
    await kit.storage.db
      .updateTable('gusto_connections')
      .set({ status: 'disconnected' })
      .where('id', '=', live?.id ?? '')
      .execute();
    try {
      const panel = await recruiter.get(`/candidates/${candidate}/gusto/panel`);
      expect(panel.text).toContain('Gusto is not connected');
      expect((await recruiter.get(`/candidates/${candidate}/gusto`)).status).toBe(409);
    } finally {
      await kit.storage.db
        .updateTable('gusto_connections')
        .set({ status: 'active' })
        .where('id', '=', live?.id ?? '')
        .execute();
    }
  });

  it("sent only requests that match Gusto's request schemas", () => {
    expect(requestViolations(kit)).toEqual([]);
  });
});
