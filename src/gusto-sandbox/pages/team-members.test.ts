import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, type ListeningSandbox, listenSandbox, type Sandbox } from '../app.js';
import { CookieJarClient, hiddenFields } from '../oauth/oauth-dance.js';
import { createCompany, SEED_ADMIN } from '../seed.js';
import { addOnboardingEmployee } from './team-members-fixtures.js';

let sandbox: Sandbox;
let server: ListeningSandbox;

beforeAll(async () => {
  sandbox = createSandbox({ stateFile: null });
  server = await listenSandbox(sandbox);
});
afterAll(() => server.close());

async function signedIn(): Promise<CookieJarClient> {
  const jar = new CookieJarClient(server.url);
  const page = await (await jar.get('/oauth/sign_in')).text();
  await jar.postForm('/oauth/sign_in', { ...hiddenFields(page), ...SEED_ADMIN });

  return jar;
}

function robotics(): string {
  const company = Object.values(sandbox.ctx.store.data.companies).find(
    (c) => c.name === 'Acme Robotics Inc.',
  );

  return company?.uuid ?? '';
}

describe('Team members page over HTTP', () => {
  it('sends an anonymous visitor to sign in, coming back to the same page', async () => {
    const response = await fetch(`${server.url}/people/team_members?tab=onboarding`, {
      redirect: 'manual',
    });

    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(
      `/oauth/sign_in?${new URLSearchParams({ return_to: '/people/team_members?tab=onboarding' })}`,
    );
  });

  it('refuses Complete onboarding without the session CSRF token', async () => {
    const employee = addOnboardingEmployee(sandbox.ctx.store, robotics(), {
      first_name: 'Ines',
      last_name: 'Duarte',
      hire_date: '2026-12-20',
    });
    const jar = await signedIn();
    const path = `/people/team_members/employees/${employee.uuid}/complete_onboarding`;

    expect((await jar.postForm(path, { _csrf: 'forged' })).status).toBe(403);
    expect(sandbox.ctx.store.data.employees[employee.uuid]?.onboarded).toBe(false);
  });

  it('answers 404 for a person of a company the admin does not run', async () => {
    const other = createCompany(sandbox.ctx.store, 'Elsewhere Inc.', 'LLC', {
      first_name: 'O',
      last_name: 'T',
      email: 'o@elsewhere.test',
      phone: '4155550111',
    });
    const stranger = addOnboardingEmployee(sandbox.ctx.store, other.uuid, {
      first_name: 'Not',
      last_name: 'Mine',
      hire_date: '2026-12-20',
    });
    const jar = await signedIn();
    const page = await (await jar.get('/people/team_members?tab=onboarding')).text();
    const path = `/people/team_members/employees/${stranger.uuid}/complete_onboarding`;

    expect((await jar.postForm(path, { _csrf: hiddenFields(page)._csrf ?? '' })).status).toBe(404);
    expect(
      await (await jar.get(`/people/team_members?company_uuid=${other.uuid}`)).text(),
    ).toContain('Not found');
  });

  it('fires the onboarded event once, even when the form is sent twice', async () => {
    const employee = addOnboardingEmployee(sandbox.ctx.store, robotics(), {
      first_name: 'Once',
      last_name: 'Only',
      hire_date: '2026-12-21',
    });
    const jar = await signedIn();
    const page = await (await jar.get('/people/team_members?tab=onboarding')).text();
    const path = `/people/team_members/employees/${employee.uuid}/complete_onboarding`;
    const form = { _csrf: hiddenFields(page)._csrf ?? '', company_uuid: robotics() };

    expect((await jar.postForm(path, form)).status).toBe(303);
    expect((await jar.postForm(path, form)).status).toBe(303);
    const events = sandbox.ctx.store.data.events.filter((e) => e.entity_uuid === employee.uuid);
    expect(events.map((e) => e.event_type)).toEqual(['employee.onboarded']);
  });
});
