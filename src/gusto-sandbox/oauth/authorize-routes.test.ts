import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, type ListeningSandbox, listenSandbox, type Sandbox } from '../app.js';
import { SEED_ADMIN, SEED_APP } from '../seed.js';
import { CookieJarClient, companyChoices, hiddenFields, runOAuthDance } from './oauth-dance.js';

let sandbox: Sandbox;
let server: ListeningSandbox;

beforeAll(async () => {
  sandbox = createSandbox({ stateFile: null });
  server = await listenSandbox(sandbox);
});
afterAll(() => server.close());

const client = { client_id: SEED_APP.client_id, client_secret: SEED_APP.client_secret };

function authorizeUrl(overrides: Record<string, string | null> = {}): string {
  const params: Record<string, string | null> = {
    client_id: SEED_APP.client_id,
    redirect_uri: SEED_APP.redirect_uri,
    response_type: 'code',
    state: 'st&te=1 ü',
    ...overrides,
  };
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== null) query.set(name, value);

  return `/oauth/authorize?${query}`;
}

async function signedInClient(): Promise<CookieJarClient> {
  const jar = new CookieJarClient(server.url);
  const page = await (await jar.get('/oauth/sign_in')).text();
  const response = await jar.postForm('/oauth/sign_in', {
    ...hiddenFields(page),
    email: SEED_ADMIN.email,
    password: SEED_ADMIN.password,
  });
  expect(response.status).toBe(303);

  return jar;
}

describe('requests that must not be redirected (RFC 6749 §4.1.2.1)', () => {
  const untrusted = {
    'an unknown client_id': { client_id: 'nobody' },
    'a missing client_id': { client_id: null },
    'a redirect_uri with a trailing slash': { redirect_uri: `${SEED_APP.redirect_uri}/` },
    'a redirect_uri on another host': { redirect_uri: 'https://attacker.test/callback' },
    'a missing redirect_uri': { redirect_uri: null },
  };

  for (const [name, overrides] of Object.entries(untrusted)) {
    it(`shows an error page for ${name}`, async () => {
      const response = await fetch(`${server.url}${authorizeUrl(overrides)}`, {
        redirect: 'manual',
      });

      expect(response.status).toBe(400);
      expect(response.headers.get('location')).toBeNull();
      expect(await response.text()).toContain('Something went wrong');
    });
  }
});

describe('errors sent back to a trusted client', () => {
  it('redirects an unsupported response_type with the state echoed', async () => {
    const response = await fetch(`${server.url}${authorizeUrl({ response_type: 'token' })}`, {
      redirect: 'manual',
    });
    const location = new URL(response.headers.get('location') ?? '');

    expect(response.status).toBe(302);
    expect(`${location.origin}${location.pathname}`).toBe(SEED_APP.redirect_uri);
    expect(location.searchParams.get('error')).toBe('unsupported_response_type');
    expect(location.searchParams.get('state')).toBe('st&te=1 ü');
  });

  it('redirects a missing response_type as invalid_request', async () => {
    const response = await fetch(`${server.url}${authorizeUrl({ response_type: null })}`, {
      redirect: 'manual',
    });

    expect(new URL(response.headers.get('location') ?? '').searchParams.get('error')).toBe(
      'invalid_request',
    );
  });
});

describe('sign-in', () => {
  it('asks an anonymous visitor to sign in, with a way to create an account', async () => {
    const jar = new CookieJarClient(server.url);
    const response = await jar.get(authorizeUrl());
    const html = await response.text();

    expect(response.status).toBe(200);
    expect(html).toContain('<label for="email">Email</label>');
    expect(html).toContain('<label for="password">Password</label>');
    expect(html).toMatch(/<button[^>]*>\s*Sign in\s*<\/button>/);
    expect(html).toMatch(/<a href="\/oauth\/sign_up\?return_to=[^"]+">Create a Gusto account<\/a>/);
    const cookie = response.headers.getSetCookie().join(';');
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
  });

  it('shows the form again with the error beside the field and the email kept', async () => {
    const jar = new CookieJarClient(server.url);
    const page = await (await jar.get(authorizeUrl())).text();
    const response = await jar.postForm('/oauth/sign_in', {
      ...hiddenFields(page),
      email: SEED_ADMIN.email,
      password: 'wrong-password',
    });
    const html = await response.text();

    expect(response.status).toBe(400);
    expect(html).toContain(`value="${SEED_ADMIN.email}"`);
    expect(html).toMatch(
      new RegExp(
        'aria-describedby="password-error"[^>]*/?>\\s*' +
          '<p class="error" id="password-error">Incorrect email or password\\.</p>',
      ),
    );
  });

  it('refuses a form without the session CSRF token', async () => {
    const jar = new CookieJarClient(server.url);
    const page = await (await jar.get(authorizeUrl())).text();
    const fields = { ...hiddenFields(page), _csrf: 'forged', ...SEED_ADMIN };
    const response = await jar.postForm('/oauth/sign_in', fields);

    expect(response.status).toBe(403);
    expect(response.headers.get('set-cookie') ?? '').not.toContain('gusto_sandbox_session=;');
  });

  it('continues only to a local path after sign-in', async () => {
    const jar = new CookieJarClient(server.url);
    const page = await (await jar.get('/oauth/sign_in?return_to=//attacker.test/x')).text();
    const response = await jar.postForm('/oauth/sign_in', {
      ...hiddenFields(page),
      email: SEED_ADMIN.email,
      password: SEED_ADMIN.password,
    });

    expect(response.headers.get('location')).toBe('/people/team_members');
  });
});

describe('consent', () => {
  it('names the application and asks which company, choosing none by itself', async () => {
    const jar = await signedInClient();
    const html = await (await jar.get(authorizeUrl())).text();

    expect(html).toContain('Authorize Hirebridge (local) to connect to your account?');
    expect(html).toContain('<legend>Configure access</legend>');
    expect(Object.keys(companyChoices(html)).sort()).toEqual([
      'Acme Labs LLC',
      'Acme Robotics Inc.',
    ]);
    expect(html).not.toContain('checked');
    expect(html).toMatch(/<button[^>]*value="authorize"[^>]*>\s*Authorize\s*<\/button>/);
    expect(html).toMatch(/<button[^>]*value="deny"[^>]*>\s*Deny\s*<\/button>/);
  });

  it('shows the consent page again when Authorize is pressed without a company', async () => {
    const jar = await signedInClient();
    const page = await (await jar.get(authorizeUrl())).text();
    const response = await jar.postForm('/oauth/authorize', {
      ...hiddenFields(page),
      decision: 'authorize',
    });

    expect(response.status).toBe(400);
    expect(await response.text()).toContain('Pick a company before you authorize.');
  });

  it('redirects Deny with access_denied and the state', async () => {
    const back = await runOAuthDance(server.url, {
      ...SEED_APP,
      ...SEED_ADMIN,
      state: 'xyz',
      company_name: 'Acme Labs LLC',
      decision: 'deny',
    });

    expect(back.searchParams.get('error')).toBe('access_denied');
    expect(back.searchParams.get('state')).toBe('xyz');
    expect(back.searchParams.get('code')).toBeNull();
  });

  it('binds the code, and so the grant, to the chosen company', async () => {
    const back = await runOAuthDance(server.url, {
      ...SEED_APP,
      ...SEED_ADMIN,
      state: 'abc',
      company_name: 'Acme Labs LLC',
    });
    const code = back.searchParams.get('code') ?? '';
    expect(back.searchParams.get('state')).toBe('abc');
    expect(`${back.origin}${back.pathname}`).toBe(SEED_APP.redirect_uri);

    const tokens = await exchange(code);
    const info = await tokenInfo(tokens.access_token);
    const labs = Object.values(sandbox.ctx.store.data.companies).find(
      (c) => c.name === 'Acme Labs LLC',
    );
    expect(info.resource).toEqual({ type: 'Company', uuid: labs?.uuid });
  });

  it('refuses a company the signed-in admin does not run', async () => {
    const jar = await signedInClient();
    const page = await (await jar.get(authorizeUrl())).text();
    const response = await jar.postForm('/oauth/authorize', {
      ...hiddenFields(page),
      company_uuid: '00000000-0000-4000-8000-000000000000',
      decision: 'authorize',
    });

    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
  });
});

describe('Create a Gusto account', () => {
  it('creates an admin and a company, then continues the same authorization', async () => {
    const jar = new CookieJarClient(server.url);
    const signIn = await (await jar.get(authorizeUrl({ state: 'new' }))).text();
    const signUpPath = /href="(\/oauth\/sign_up\?[^"]+)"/
      .exec(signIn)?.[1]
      ?.replaceAll('&amp;', '&');
    const signUp = await (await jar.get(signUpPath ?? '')).text();
    const created = await jar.postForm('/oauth/sign_up', {
      ...hiddenFields(signUp),
      first_name: 'Noor',
      last_name: 'Haddad',
      email: 'noor@newco.test',
      password: 'long enough',
      company_name: 'Newco Widgets',
    });
    expect(created.status).toBe(303);

    const consent = await (await jar.get(created.headers.get('location') ?? '')).text();
    expect(consent).toContain('view and access Newco Widgets&#39;s account information');
    expect(consent).not.toContain('Configure access');
    const decided = await jar.postForm('/oauth/authorize', {
      ...hiddenFields(consent),
      decision: 'authorize',
    });
    const back = new URL(decided.headers.get('location') ?? '');
    expect(back.searchParams.get('state')).toBe('new');

    const info = await tokenInfo(
      (await exchange(back.searchParams.get('code') ?? '')).access_token,
    );
    const store = sandbox.ctx.store.data;
    expect(store.companies[info.resource.uuid]?.name).toBe('Newco Widgets');
    const locations = Object.values(store.locations).filter(
      (l) => l.company_uuid === info.resource.uuid,
    );
    const departments = Object.values(store.departments).filter(
      (d) => d.company_uuid === info.resource.uuid,
    );
    expect([locations.length, departments.length]).toEqual([1, 0]);
  });

  it('shows each problem beside its field and keeps what was typed', async () => {
    const jar = new CookieJarClient(server.url);
    const signUp = await (await jar.get('/oauth/sign_up?return_to=/people/team_members')).text();
    const response = await jar.postForm('/oauth/sign_up', {
      ...hiddenFields(signUp),
      first_name: "D'Arcy",
      last_name: '',
      email: SEED_ADMIN.email.toUpperCase(),
      password: 'short',
      company_name: 'Kept Co',
    });
    const html = await response.text();

    expect(response.status).toBe(400);
    expect(html).toContain('value="D&#39;Arcy"');
    expect(html).toContain('value="Kept Co"');
    expect(html).toContain('id="last_name-error">Enter your last name.');
    expect(html).toContain('id="email-error">An account with this email already exists.');
    expect(html).toContain('id="password-error">Use at least 8 characters.');
  });
});

interface TokenBody {
  access_token: string;
}

async function exchange(code: string): Promise<TokenBody> {
  const response = await fetch(`${server.url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      ...client,
      grant_type: 'authorization_code',
      code,
      redirect_uri: SEED_APP.redirect_uri,
    }),
  });
  expect(response.status).toBe(200);

  return (await response.json()) as TokenBody;
}

async function tokenInfo(
  access_token: string,
): Promise<{ resource: { type: string; uuid: string } }> {
  const response = await fetch(`${server.url}/v1/token_info`, {
    headers: { authorization: `Bearer ${access_token}` },
  });
  expect(response.status).toBe(200);

  return (await response.json()) as { resource: { type: string; uuid: string } };
}
