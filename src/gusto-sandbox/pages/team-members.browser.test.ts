import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../../test/browser.js';
import { createSandbox, type ListeningSandbox, listenSandbox, type Sandbox } from '../app.js';
import { SEED_ADMIN } from '../seed.js';
import { addOnboardingContractor, addOnboardingEmployee } from './team-members-fixtures.js';

let sandbox: Sandbox;
let server: ListeningSandbox;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  sandbox = createSandbox({ stateFile: null });
  server = await listenSandbox(sandbox);
  browser = await launchChromium();
  page = await browser.newPage();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('People → Team members in Chromium', () => {
  it('lists onboarding people and finishes an onboarding from the ⋯ menu', async () => {
    const store = sandbox.ctx.store;
    const robotics = Object.values(store.data.companies).find(
      (c) => c.name === 'Acme Robotics Inc.',
    );
    const employee = addOnboardingEmployee(store, robotics?.uuid ?? '', {
      first_name: 'Zoë',
      last_name: 'Brennan-Ito',
      hire_date: '2026-12-14',
    });
    const contractor = addOnboardingContractor(store, robotics?.uuid ?? '', 'Kite Design LLC');
    const version = employee.version;

    await page.goto(`${server.url}/people/team_members`);
    await page.getByLabel('Email').fill(SEED_ADMIN.email);
    await page.getByLabel('Password').fill(SEED_ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();

    await page.getByRole('heading', { name: 'Team members' }).waitFor();
    expect(await page.getByRole('cell', { name: 'Maya Okafor' }).count()).toBe(1);

    await page.getByRole('link', { name: 'Onboarding team members' }).click();
    const row = page.getByRole('row', { name: /Zoë Brennan-Ito/ });
    expect((await row.getByRole('cell').allTextContents()).slice(0, 4)).toEqual([
      'Zoë Brennan-Ito',
      'Employee',
      '2026-12-14',
      'Self-onboarding: invited',
    ]);
    const kite = page.getByRole('row', { name: /Kite Design LLC/ });
    expect((await kite.getByRole('cell').allTextContents()).slice(0, 4)).toEqual([
      'Kite Design LLC',
      'Contractor',
      '2026-12-01',
      'Admin onboarding incomplete',
    ]);

    await row.getByLabel('Actions for Zoë Brennan-Ito').click();
    await row.getByRole('button', { name: 'Complete onboarding' }).click();
    await page.getByRole('status').getByText('Zoë Brennan-Ito finished onboarding.').waitFor();
    expect(await page.getByRole('row', { name: /Zoë Brennan-Ito/ }).count()).toBe(0);

    expect(store.data.employees[employee.uuid]).toMatchObject({
      onboarded: true,
      onboarding_status: 'onboarding_completed',
    });
    expect(store.data.employees[employee.uuid]?.version).not.toBe(version);
    expect(store.data.events.at(-1)).toMatchObject({
      event_type: 'employee.onboarded',
      resource_type: 'Company',
      resource_uuid: robotics?.uuid,
      entity_type: 'Employee',
      entity_uuid: employee.uuid,
    });

    const contractorRow = page.getByRole('row', { name: /Kite Design LLC/ });
    await contractorRow.getByLabel('Actions for Kite Design LLC').click();
    await contractorRow.getByRole('button', { name: 'Complete onboarding' }).click();
    await page.getByText('Nobody is onboarding.').waitFor();
    expect(store.data.events.at(-1)).toMatchObject({
      event_type: 'contractor.onboarded',
      entity_type: 'Contractor',
      entity_uuid: contractor.uuid,
    });

    await page.getByRole('link', { name: 'Active' }).click();
    await page.getByRole('cell', { name: 'Zoë Brennan-Ito' }).waitFor();
    await page.getByRole('cell', { name: 'Kite Design LLC' }).waitFor();
  });

  it('switches to the other company the admin runs', async () => {
    await page.goto(`${server.url}/people/team_members`);
    await page.getByLabel('Company').selectOption({ label: 'Acme Labs LLC' });
    await page.getByRole('button', { name: 'Switch' }).click();

    await page.getByText('No active team members.').waitFor();
    expect(page.url()).toContain('company_uuid=');
  });
});
