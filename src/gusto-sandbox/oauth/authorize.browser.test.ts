import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { launchChromium } from '../../../test/browser.js';
import { createSandbox, type ListeningSandbox, listenSandbox, type Sandbox } from '../app.js';
import { SEED_ADMIN } from '../seed.js';

let sandbox: Sandbox;
let server: ListeningSandbox;
let browser: Browser;
let page: Page;
/** A stand-in for the client's callback endpoint, on loopback. */
let callback: { url: string; close: () => void };
let app: { client_id: string; client_secret: string };

beforeAll(async () => {
  sandbox = createSandbox({ stateFile: null });
  server = await listenSandbox(sandbox);
  callback = await startCallbackServer();
  const created = await fetch(`${server.url}/__sandbox/apps`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Browser Test App', redirect_uris: [callback.url] }),
  });
  app = (await created.json()) as { client_id: string; client_secret: string };
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  callback?.close();
  await server?.close();
});
beforeEach(async () => {
  page = await browser.newPage();
});
afterEach(async () => {
  await page.context().close();
});

function startCallbackServer(): Promise<{ url: string; close: () => void }> {
  const listener = http.createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html' }).end('<h1>Back at the client</h1>');
  });

  return new Promise((resolve) => {
    listener.listen(0, '127.0.0.1', () => {
      const { port } = listener.address() as AddressInfo;
      resolve({ url: `http://127.0.0.1:${port}/callback`, close: () => listener.close() });
    });
  });
}

function authorizeUrl(state: string): string {
  const query = new URLSearchParams({
    client_id: app.client_id,
    redirect_uri: callback.url,
    response_type: 'code',
    state,
  });

  return `${server.url}/oauth/authorize?${query}`;
}

async function signIn(): Promise<void> {
  await page.getByLabel('Email').fill(SEED_ADMIN.email);
  await page.getByLabel('Password').fill(SEED_ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

async function backAtClient(): Promise<URL> {
  await page.waitForURL((url) => url.href.startsWith(callback.url));
  await expect(page.getByRole('heading', { name: 'Back at the client' }).isVisible()).resolves.toBe(
    true,
  );

  return new URL(page.url());
}

async function companyOfCode(code: string): Promise<string | undefined> {
  const token = await fetch(`${server.url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      ...app,
      grant_type: 'authorization_code',
      code,
      redirect_uri: callback.url,
    }).toString(),
  });
  const { access_token } = (await token.json()) as { access_token: string };
  const info = await fetch(`${server.url}/v1/token_info`, {
    headers: { authorization: `Bearer ${access_token}` },
  });
  const { resource } = (await info.json()) as { resource: { uuid: string } };

  return sandbox.ctx.store.data.companies[resource.uuid]?.name;
}

describe('the OAuth dance in Chromium', () => {
  it('signs in, picks a company under Configure access, and returns a code for it', async () => {
    await page.goto(authorizeUrl('s-1'));
    await signIn();

    await page
      .getByRole('heading', { name: 'Authorize Browser Test App to connect to your account?' })
      .waitFor();
    const choice = page.getByRole('group', { name: 'Configure access' });
    await page.getByRole('button', { name: 'Authorize' }).click();
    await page.getByText('Pick a company before you authorize.').waitFor();

    await choice.getByLabel('Acme Labs LLC').check();
    await page.getByRole('button', { name: 'Authorize' }).click();
    const back = await backAtClient();

    expect(back.searchParams.get('state')).toBe('s-1');
    expect(await companyOfCode(back.searchParams.get('code') ?? '')).toBe('Acme Labs LLC');
  });

  it('returns access_denied with the state when the admin presses Deny', async () => {
    await page.goto(authorizeUrl('s-2'));
    await signIn();
    await page.getByRole('button', { name: 'Deny' }).click();
    const back = await backAtClient();

    expect(back.searchParams.get('error')).toBe('access_denied');
    expect(back.searchParams.get('state')).toBe('s-2');
  });

  it('creates a Gusto account from the sign-in page and continues the authorization', async () => {
    await page.goto(authorizeUrl('s-3'));
    await page.getByRole('link', { name: 'Create a Gusto account' }).click();
    await page.getByLabel('First name').fill('Ama');
    await page.getByLabel('Last name').fill('Mensah');
    await page.getByLabel('Email').fill('ama@browser.test');
    await page.getByLabel('Password').fill('short');
    await page.getByLabel('Company name').fill('Mensah Motors');
    await page.getByRole('button', { name: 'Create account' }).click();

    await page.getByText('Use at least 8 characters.').waitFor();
    expect(await page.getByLabel('Company name').inputValue()).toBe('Mensah Motors');
    await page.getByLabel('Password').fill('long enough now');
    await page.getByRole('button', { name: 'Create account' }).click();

    await page.getByText("view and access Mensah Motors's account information").waitFor();
    await page.getByRole('button', { name: 'Authorize' }).click();
    const back = await backAtClient();

    expect(back.searchParams.get('state')).toBe('s-3');
    expect(await companyOfCode(back.searchParams.get('code') ?? '')).toBe('Mensah Motors');
  });

  it('shows an error page and stays on the sandbox for an unregistered redirect URI', async () => {
    const query = new URLSearchParams({
      client_id: app.client_id,
      redirect_uri: `${callback.url}/other`,
      response_type: 'code',
    });
    const response = await page.goto(`${server.url}/oauth/authorize?${query}`);

    expect(response?.status()).toBe(400);
    expect(page.url().startsWith(server.url)).toBe(true);
    await page.getByRole('heading', { name: 'Something went wrong' }).waitFor();
  });
});
