import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDialects } from '../../test/databases.js';
import type { Plan, Role } from '../accounts/accounts.js';
import type { WebApp } from '../web/context.js';
import { addTestAccount, createTestApp, TestBrowser } from '../web/testing.js';
import type { CallbackParams } from './callback.js';
import { getConnection } from './connection-repository.js';
import {
  authorizeInGusto,
  type ConnectionKit,
  requestViolations,
  revokeGrantsInGusto,
  sandboxRequests,
  startConnectionKit,
} from './connection-test-kit.js';
import { gustoConnectionExtension, gustoTile } from './web.js';

/** The path and query of Hirebridge's callback that Gusto's redirect points at. */
function callbackPath(params: CallbackParams): string {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) query.set(k, v);

  return `/integrations/gusto/callback?${query}`;
}

describe.each(testDialects)('Gusto connection pages (%s)', (dialect) => {
  let kit: ConnectionKit;
  let app: WebApp;
  beforeEach(async () => {
    kit = await startConnectionKit(dialect);
    app = createTestApp(kit.storage, {
      extensions: [gustoConnectionExtension(kit.deps.settings, { secretBox: kit.deps.secretBox })],
      integrationTiles: [gustoTile],
    });
  });
  afterEach(async () => {
    expect(requestViolations(kit)).toEqual([]);
    await kit.close();
  });

  async function signedIn(plan: Plan = 'scale', role: Role = 'admin') {
    const account = await addTestAccount(kit.storage, { plan, role });
    const browser = new TestBrowser(app);
    await browser.signIn(account.email);

    return { browser, account };
  }

  /** Activate → a choice → Gusto (signed in, one company picked) → back to Hirebridge. */
  async function throughGusto(
    browser: TestBrowser,
    company: string,
    fields: Record<string, string> = { account: 'existing' },
    decision: 'authorize' | 'deny' = 'authorize',
  ) {
    await browser.get('/integrations/gusto/activate');
    const toGusto = await browser.post('/integrations/gusto/authorize', fields);
    expect(toGusto.status).toBe(303);
    const authorizeUrl = toGusto.headers.get('location') ?? '';
    expect(authorizeUrl.startsWith(`${kit.listening.url}/oauth/authorize?`)).toBe(true);
    const params = await authorizeInGusto(kit, authorizeUrl, company, decision);

    return browser.request(callbackPath(params));
  }

  async function connectThroughPages(browser: TestBrowser, company: string) {
    const back = await throughGusto(browser, company);
    const configure = await browser.get(back.headers.get('location') ?? '');
    const flow = /name="flow_id" value="([^"]+)"/.exec(configure.text)?.[1] ?? '';
    const choice = /name="pending_grant_id" id="[^"]+" value="([^"]+)"/.exec(configure.text)?.[1];

    return browser.post('/integrations/gusto/save', {
      flow_id: flow,
      pending_grant_id: choice ?? '',
    });
  }

  it('locks the tile and refuses every connect route on the Free and Start plans', async () => {
    for (const plan of ['free', 'start'] as const) {
      const { browser } = await signedIn(plan);
      const tile = await browser.get('/integrations');
      expect(tile.text).toContain('Locked');
      expect(tile.text).toContain('Available on the Scale and Enterprise plans');
      expect(tile.text).not.toContain('Activate');

      const activate = await browser.get('/integrations/gusto/activate');
      expect(activate.status).toBe(403);
      expect(activate.text).toContain('Available on the Scale and Enterprise plans');
      for (const path of ['authorize', 'save', 'reauthorize']) {
        const res = await browser.post(`/integrations/gusto/${path}`, { account: 'existing' });
        expect(res.status).toBe(403);
      }
      expect((await browser.get('/integrations/gusto/callback?state=x&code=y')).status).toBe(403);
      expect((await browser.get('/integrations/gusto/configure?flow=x')).status).toBe(403);
    }
    expect(await sandboxRequests(kit)).toEqual([]);
  });

  it('lets only admins connect', async () => {
    const { browser } = await signedIn('scale', 'recruiter');
    const tile = await browser.get('/integrations');
    expect(tile.text).toContain('Ask an admin of your account to activate Gusto');
    expect((await browser.get('/integrations/gusto/activate')).status).toBe(403);
    expect((await browser.post('/integrations/gusto/authorize')).status).toBe(403);
    expect((await browser.post('/integrations/gusto/disconnect')).status).toBe(403);
  });

  it('connects through Activate, Gusto, Configure Access and Save', async () => {
    const { browser, account } = await signedIn();
    const tile = await browser.get('/integrations');
    expect(tile.text).toContain('>Gusto</h2>');
    expect(tile.text).toContain('href="/integrations/gusto/activate">Activate</a>');

    const activate = await browser.get('/integrations/gusto/activate');
    expect(activate.text).toContain('We already have our own Gusto account');
    expect(activate.text).toContain('We need a new Gusto account');

    const back = await throughGusto(browser, 'Acme Robotics Inc.');
    expect(back.status).toBe(303);
    const configure = await browser.get(back.headers.get('location') ?? '');
    expect(configure.text).toContain('aria-labelledby="configure-access-title"');
    expect(configure.text).toContain('>Configure Access</h1>');
    expect(configure.text).toContain('Acme Robotics Inc.');
    expect(configure.text).toContain('425 Harrison St, San Francisco, CA 94105');
    expect(await getConnection(kit.storage.db, account.accountId)).toBeUndefined();

    const flow = /name="flow_id" value="([^"]+)"/.exec(configure.text)?.[1] ?? '';
    const choice = /name="pending_grant_id" id="[^"]+" value="([^"]+)"/.exec(configure.text)?.[1];
    const saved = await browser.post('/integrations/gusto/save', {
      flow_id: flow,
      pending_grant_id: choice ?? '',
    });
    expect(saved.status).toBe(303);
    const after = await browser.get(saved.headers.get('location') ?? '');
    expect(after.text).toContain('Connected to Acme Robotics Inc.');
    expect(after.text).toMatch(/Last verified \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/);
    expect(after.text).toContain('Disconnect');
  });

  it('says so on the tile when the admin chooses Deny in Gusto', async () => {
    const { browser } = await signedIn();
    const back = await throughGusto(browser, 'Acme Robotics Inc.', undefined, 'deny');
    const tile = await browser.get(back.headers.get('location') ?? '');
    expect(tile.text).toContain('You chose Deny in Gusto; nothing was connected.');
    expect(tile.text).toContain('Activate');
  });

  it('refuses a callback whose state was not made for this session', async () => {
    const { browser } = await signedIn();
    await throughGusto(browser, 'Acme Robotics Inc.');
    const forged = await browser.get(callbackPath({ state: 'forged', code: 'stolen' }));
    expect(forged.status).toBe(400);
    expect(forged.text).toContain('Gusto connection refused');
    const missing = await browser.get(callbackPath({ code: 'stolen' }));
    expect(missing.status).toBe(400);

    // Another admin's browser replaying a real callback is refused too.
    const other = await signedIn();
    await other.browser.get('/integrations/gusto/activate');
    const toGusto = await browser.post('/integrations/gusto/authorize', { account: 'existing' });
    const params = await authorizeInGusto(
      kit,
      toGusto.headers.get('location') ?? '',
      'Acme Labs LLC',
    );
    const replay = await other.browser.get(callbackPath(params));
    expect(replay.status).toBe(400);
  });

  it('sends "We need a new Gusto account" to the sandbox sign-up, back to authorize', async () => {
    const { browser } = await signedIn();
    await browser.get('/integrations/gusto/activate');
    const res = await browser.post('/integrations/gusto/authorize', { account: 'new' });
    const location = new URL(res.headers.get('location') ?? '');
    expect(location.pathname).toBe('/oauth/sign_up');
    const returnTo = location.searchParams.get('return_to') ?? '';
    expect(returnTo.startsWith('/oauth/authorize?')).toBe(true);
    expect(new URLSearchParams(returnTo.split('?')[1]).get('state')).toBeTruthy();
  });

  it('makes the admin choose between two companies authorized in one flow', async () => {
    const { browser, account } = await signedIn();
    const first = await throughGusto(browser, 'Acme Robotics Inc.');
    const configure = await browser.get(first.headers.get('location') ?? '');
    const flow = /name="flow_id" value="([^"]+)"/.exec(configure.text)?.[1] ?? '';

    const again = await browser.post('/integrations/gusto/authorize', {
      account: 'existing',
      flow_id: flow,
    });
    const params = await authorizeInGusto(
      kit,
      again.headers.get('location') ?? '',
      'Acme Labs LLC',
    );
    const second = await browser.request(callbackPath(params));
    const both = await browser.get(second.headers.get('location') ?? '');
    expect(both.text).toContain('Acme Robotics Inc.');
    expect(both.text).toContain('Acme Labs LLC');
    expect(both.text).toContain('1200 Research Blvd');
    expect(both.text).not.toContain('checked');

    const unchosen = await browser.post('/integrations/gusto/save', { flow_id: flow });
    expect(unchosen.status).toBe(400);
    expect(await unchosen.text()).toContain(
      'Choose the Gusto company this account sends hires to.',
    );
    expect(await getConnection(kit.storage.db, account.accountId)).toBeUndefined();

    const labs = /value="([^"]+)" aria-describedby="[^"]+"\/?>\s*<label[^>]*>Acme Labs LLC/;
    const labsId = labs.exec(both.text)?.[1] ?? '';
    const saved = await browser.post('/integrations/gusto/save', {
      flow_id: flow,
      pending_grant_id: labsId,
    });
    const tile = await browser.get(saved.headers.get('location') ?? '');
    expect(tile.text).toContain('Connected to Acme Labs LLC');
  });

  it('shows Reauthorize after the grant is revoked, and refuses another company', async () => {
    const { browser, account } = await signedIn();
    await connectThroughPages(browser, 'Acme Robotics Inc.');
    const connection = await getConnection(kit.storage.db, account.accountId);
    await revokeGrantsInGusto(kit, connection?.company_uuid ?? '');
    const check = await browser.post('/integrations/gusto/check');
    const tile = await browser.get(check.headers.get('location') ?? '');
    expect(tile.text).toContain('Reauthorize');
    expect(tile.text).not.toContain('Connected to');

    const toGusto = await browser.post('/integrations/gusto/reauthorize');
    const other = await authorizeInGusto(
      kit,
      toGusto.headers.get('location') ?? '',
      'Acme Labs LLC',
    );
    const refused = await browser.get(callbackPath(other));
    expect(refused.status).toBe(409);
    expect(refused.text).toContain('Disconnect');
    expect(refused.text).toContain('first');

    const again = await browser.post('/integrations/gusto/reauthorize');
    const same = await authorizeInGusto(
      kit,
      again.headers.get('location') ?? '',
      'Acme Robotics Inc.',
    );
    const back = await browser.request(callbackPath(same));
    const healed = await browser.get(back.headers.get('location') ?? '');
    expect(healed.text).toContain('Connected to Acme Robotics Inc.');
  });

  it('disconnects with a POST carrying the CSRF token, then offers Activate again', async () => {
    const { browser } = await signedIn();
    await connectThroughPages(browser, 'Acme Robotics Inc.');
    await browser.get('/integrations');

    const forged = await browser.post('/integrations/gusto/disconnect', { _csrf: 'wrong' });
    expect(forged.status).toBe(403);

    const res = await browser.post('/integrations/gusto/disconnect');
    const tile = await browser.get(res.headers.get('location') ?? '');
    expect(tile.text).toContain('Gusto is disconnected and the grant was revoked in Gusto.');
    expect(tile.text).toContain('Activate');
    const revokes = (await sandboxRequests(kit)).filter((r) => r.path === '/oauth/revoke');
    expect(revokes).toHaveLength(1);
  });

  it('keeps each account to its own flow', async () => {
    const a = await signedIn();
    const back = await throughGusto(a.browser, 'Acme Robotics Inc.');
    const configurePath = back.headers.get('location') ?? '';

    const b = await signedIn();
    const peek = await b.browser.get(configurePath);
    expect(peek.status).toBe(400);
    expect(peek.text).not.toContain('Acme Robotics Inc.');
  });
});
