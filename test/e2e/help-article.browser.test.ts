import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/logging/logger.js';
import { type RunningHirebridge, startHirebridge } from '../../src/start-hirebridge.js';
import { launchChromium, saveScreenshot as screenshot } from '../browser.js';
import { createTestStorage, type TestStorage, testDialects } from '../databases.js';

/**
 * The three procedures of the recruiters' help article, performed in Chromium against the ATS and
 * the Gusto sandbox as real servers started exactly as `npm start` starts them: connect, sync a
 * hire, reauthorize after the grant is revoked; then switch company by Disconnect and reconnect.
 */

describe.each(testDialects)('the help article in Chromium, on %s', (dialect) => {
  let storage: TestStorage;
  let dataDir: string;
  let running: RunningHirebridge;
  let browser: Browser;
  let page: Page;
  const shoot = dialect === 'sqlite';

  beforeAll(async () => {
    storage = await createTestStorage(dialect);
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hirebridge-e2e-'));
    const env = {
      HIREBRIDGE_DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      ...('databaseUrl' in storage.target ? { DATABASE_URL: storage.target.databaseUrl } : {}),
    };
    // Port 0 lets the system pick free ports, so test files can run side by side.
    const config = { ...loadConfig(env), PORT: 0, GUSTO_SANDBOX_PORT: 0 };
    running = await startHirebridge(config, createLogger({ level: 'silent' }), {
      worker_poll_ms: 100,
    });
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await running?.close();
    await storage?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const sandboxUrl = () => running.sandbox?.url ?? '';
  const menu = () => page.getByRole('navigation', { name: 'Main' });
  const see = (text: string | RegExp) =>
    expect.poll(() => page.getByText(text).count(), { timeout: 20_000 }).toBeGreaterThan(0);

  async function openCandidate(name: string): Promise<void> {
    await menu().getByRole('link', { name: 'Candidates' }).click();
    await page.getByRole('link', { name }).first().click();
    await see('Hire Information');
  }

  async function authorizeInGusto(company: string): Promise<void> {
    await page.waitForURL(`${sandboxUrl()}/**`);
    if ((await page.getByLabel('Password').count()) > 0) {
      await page.getByLabel('Email').fill('payroll@acme.test');
      await page.getByLabel('Password').fill('gusto-demo');
      await page.getByRole('button', { name: 'Sign in' }).click();
    }
    await page.getByRole('group', { name: 'Configure access' }).getByLabel(company).check();
    if (shoot && company === 'Acme Robotics Inc.') await screenshot(page, 'gusto-authorize');
    await page.getByRole('button', { name: 'Authorize' }).click();
    await page.waitForURL(`${running.url}/**`);
  }

  async function gustoRequests(): Promise<Array<{ method: string; path: string; status: number }>> {
    const response = await fetch(`${sandboxUrl()}/__sandbox/requests`);

    return (await response.json()) as Array<{ method: string; path: string; status: number }>;
  }

  it('connects: Integrations, Gusto, Activate, sign in to Gusto, Authorize, Configure Access, Save', async () => {
    await page.goto(`${running.url}/`);
    await page.getByLabel('Email').fill('admin@acme.test');
    await page.getByLabel('Password').fill('hirebridge-demo');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await menu().getByRole('link', { name: 'Integrations' }).click();
    if (shoot) await screenshot(page, 'integrations');
    await page.getByRole('link', { name: 'Activate' }).click();
    await page.getByRole('button', { name: 'We already have our own Gusto account' }).click();
    await authorizeInGusto('Acme Robotics Inc.');

    await see('Configure Access');
    await see('Acme Robotics Inc.');
    if (shoot) await screenshot(page, 'configure-access');
    await page.getByRole('button', { name: 'Save' }).click();
    await see('Connected to Acme Robotics Inc.');
    if (shoot) await screenshot(page, 'connected');
  });

  it('syncs a hire: Candidates, the Hired person, Click to add to Gusto, review, Add to Gusto', async () => {
    await openCandidate("Siobhán O'Connor");
    await page.getByRole('link', { name: 'Click to add to Gusto' }).click();
    if (shoot) await screenshot(page, 'review');
    await page.getByRole('button', { name: 'Add to Gusto' }).click();
    await see(/Added.* on /);
    if (shoot) await screenshot(page, 'added');

    const creates = (await gustoRequests()).filter(
      (r) => r.method === 'POST' && /^\/v1\/companies\/[^/]+\/employees$/.test(r.path),
    );
    expect(creates).toHaveLength(1);

    await page.goto(`${sandboxUrl()}/people/team_members`);
    await page
      .getByRole('navigation', { name: 'Team members' })
      .getByText('Onboarding team members')
      .click();
    await see("Siobhán O'Connor");
    if (shoot) await screenshot(page, 'gusto-onboarding');
  });

  it('reauthorizes after the grant is revoked, and the waiting hire completes by itself', async () => {
    await fetch(`${sandboxUrl()}/__sandbox/grants/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    await page.goto(`${running.url}/`);
    await openCandidate('Zoë Nuñez-Teståd');
    await page.getByRole('link', { name: 'Click to add to Gusto' }).click();
    await page.getByRole('button', { name: 'Add to Gusto' }).click();
    await see('Waiting for reauthorization');
    if (shoot) await screenshot(page, 'waiting-reauthorization');

    await menu().getByRole('link', { name: 'Integrations' }).click();
    await page.getByRole('button', { name: 'Reauthorize' }).click();
    await authorizeInGusto('Acme Robotics Inc.');
    await openCandidate('Zoë Nuñez-Teståd');
    await see(/Added.* on /);

    const creates = (await gustoRequests()).filter(
      (r) => r.method === 'POST' && /\/contractors$/.test(r.path) && r.status === 201,
    );
    expect(creates).toHaveLength(1);
  });

  it('switches company: Disconnect, then connect to the other company', async () => {
    await menu().getByRole('link', { name: 'Integrations' }).click();
    await page.getByRole('button', { name: 'Disconnect' }).click();
    await page.getByRole('link', { name: 'Activate' }).click();
    await page.getByRole('button', { name: 'We already have our own Gusto account' }).click();
    await authorizeInGusto('Acme Labs LLC');
    await see('Configure Access');
    await page.getByRole('button', { name: 'Save' }).click();
    await see('Connected to Acme Labs LLC');

    // The hires already sent keep their history.
    await openCandidate("Siobhán O'Connor");
    await see(/Added.* on /);
  });
});
