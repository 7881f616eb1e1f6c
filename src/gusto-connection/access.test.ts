import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDialects } from '../../test/databases.js';
import { getTokenInfo } from '../gusto-client/company.js';
import { refreshAccessToken } from '../gusto-client/oauth.js';
import { withGustoAccess } from './access.js';
import { handleCallback } from './callback.js';
import { type GustoConnection, getConnection } from './connection-repository.js';
import {
  authorizeInGusto,
  type ConnectionKit,
  connectTo,
  requestViolations,
  revokeGrantsInGusto,
  sandboxRequests,
  startConnectionKit,
} from './connection-test-kit.js';
import type { GustoConnectionDeps } from './deps.js';
import { ReauthorizationRequiredError } from './errors.js';
import { startAuthorization } from './start-authorization.js';

/** Asks token_info with the connection's token: any call would do. */
function tokenInfoVia(deps: GustoConnectionDeps, account_id: string) {
  return withGustoAccess(deps, account_id, (a) =>
    getTokenInfo({ baseUrl: a.baseUrl, access_token: a.access_token, fetch: a.fetch }),
  );
}

/** Makes the stored token look expired to Hirebridge (Gusto still honours it). */
async function expireLocally(kit: ConnectionKit, connection: GustoConnection): Promise<void> {
  await kit.storage.db
    .updateTable('gusto_connections')
    .set({ access_token_expires_at: new Date(Date.now() - 1000).toISOString() })
    .where('id', '=', connection.id)
    .execute();
}

async function refreshCalls(kit: ConnectionKit): Promise<number> {
  const requests = await sandboxRequests(kit);

  return requests.filter((r) => r.method === 'POST' && r.path === '/oauth/token').length;
}

async function reauthorizeIn(kit: ConnectionKit, company_name: string) {
  const start = await startAuthorization(kit.deps, kit.owner, { purpose: 'reauthorize' });
  const params = await authorizeInGusto(kit, start.authorizeUrl, company_name);

  return handleCallback(kit.deps, kit.owner, params);
}

async function insertParkedTask(kit: ConnectionKit, park_reason: string): Promise<string> {
  const id = crypto.randomUUID();
  const now = new Date().toISOString();
  await kit.storage.db
    .insertInto('outbox_tasks')
    .values({
      id,
      kind: 'gusto.handoff',
      payload: '{}',
      dedup_key: id,
      live_key: id,
      status: 'parked',
      attempts: 1,
      max_attempts: 10,
      run_at: now,
      locked_by: null,
      lock_token: null,
      locked_until: null,
      last_error: null,
      park_reason,
      created_at: now,
      updated_at: now,
    })
    .execute();

  return id;
}

describe.each(testDialects)('access to Gusto (%s)', (dialect) => {
  let kit: ConnectionKit;
  let connection: GustoConnection;
  beforeEach(async () => {
    kit = await startConnectionKit(dialect);
    connection = await connectTo(kit, 'Acme Robotics Inc.');
  });
  afterEach(async () => {
    expect(requestViolations(kit)).toEqual([]);
    await kit.close();
  });

  it('uses the stored token while it is fresh, without refreshing', async () => {
    const before = await refreshCalls(kit);
    const info = await tokenInfoVia(kit.deps, kit.owner.account_id);
    expect(info.resource?.uuid).toBe(connection.company_uuid);
    expect(await refreshCalls(kit)).toBe(before);
  });

  it('refreshes exactly once when two callers find the token expired at once', async () => {
    await expireLocally(kit, connection);
    const before = await refreshCalls(kit);
    // Two deps objects, as two processes would have: nothing is shared but the database.
    const [a, b] = await Promise.all([
      tokenInfoVia({ ...kit.deps }, kit.owner.account_id),
      tokenInfoVia({ ...kit.deps }, kit.owner.account_id),
    ]);
    expect(a.resource?.uuid).toBe(connection.company_uuid);
    expect(b.resource?.uuid).toBe(connection.company_uuid);
    expect((await refreshCalls(kit)) - before).toBe(1);

    const after = await getConnection(kit.deps.db, kit.owner.account_id);
    expect(after?.token_generation).toBe(connection.token_generation + 1);
    expect(after?.refresh_lease_until).toBeNull();
    expect(Date.parse(after?.access_token_expires_at ?? '')).toBeGreaterThan(Date.now());
  });

  it('stores the new pair before the new access token is used', async () => {
    await expireLocally(kit, connection);
    let storedWhenUsed: GustoConnection | undefined;
    await withGustoAccess(kit.deps, kit.owner.account_id, async (a) => {
      storedWhenUsed = await getConnection(kit.deps.db, kit.owner.account_id);
      expect(kit.deps.secretBox.open(storedWhenUsed?.access_token ?? '')).toBe(a.access_token);
    });
    expect(storedWhenUsed?.token_generation).toBe(connection.token_generation + 1);
  });

  it('recovers from a process that died after Gusto refreshed, before storing', async () => {
    await expireLocally(kit, connection);
    // The dead process: it took the lease, Gusto answered its refresh, and it never stored it.
    await kit.storage.db
      .updateTable('gusto_connections')
      .set({ refresh_lease_owner: 'dead', refresh_lease_until: new Date().toISOString() })
      .where('id', '=', connection.id)
      .execute();
    const { settings } = kit.deps;
    await refreshAccessToken(
      {
        baseUrl: settings.baseUrl,
        client_id: settings.client_id,
        client_secret: settings.client_secret,
        refresh_token: kit.deps.secretBox.open(connection.refresh_token ?? ''),
      },
      { fetch: settings.fetch },
    );

    // Its lease has lapsed; the next caller refreshes again with the stored refresh token,
    // which Gusto still honours because the lost access token was never used.
    const info = await tokenInfoVia(kit.deps, kit.owner.account_id);
    expect(info.resource?.uuid).toBe(connection.company_uuid);
    expect(await getConnection(kit.deps.db, kit.owner.account_id)).toMatchObject({
      status: 'active',
      token_generation: connection.token_generation + 1,
    });
  });

  it('marks the connection needs_reauthorization when Gusto refuses the refresh', async () => {
    await revokeGrantsInGusto(kit, connection.company_uuid);
    await expireLocally(kit, connection);
    await expect(tokenInfoVia(kit.deps, kit.owner.account_id)).rejects.toBeInstanceOf(
      ReauthorizationRequiredError,
    );
    expect(await getConnection(kit.deps.db, kit.owner.account_id)).toMatchObject({
      status: 'needs_reauthorization',
    });
    // Later calls fail fast, without asking Gusto again.
    const before = (await sandboxRequests(kit)).length;
    await expect(tokenInfoVia(kit.deps, kit.owner.account_id)).rejects.toBeInstanceOf(
      ReauthorizationRequiredError,
    );
    expect((await sandboxRequests(kit)).length).toBe(before);
  });

  it('on a 401 with a fresh-looking token, refreshes once, then asks to reauthorize', async () => {
    await revokeGrantsInGusto(kit, connection.company_uuid);
    await expect(tokenInfoVia(kit.deps, kit.owner.account_id)).rejects.toBeInstanceOf(
      ReauthorizationRequiredError,
    );
    const calls = (await sandboxRequests(kit)).map((r) => `${r.method} ${r.path} ${r.status}`);
    expect(calls.slice(-2)).toEqual(['GET /v1/token_info 401', 'POST /oauth/token 400']);
  });

  it('asks for reauthorization when Gusto refuses even a freshly refreshed token', async () => {
    const before = await refreshCalls(kit);
    await fetch(new URL('/__sandbox/faults', kit.listening.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ method: 'GET', path: '/v1/token_info', status: 401, times: 2 }),
    });
    await expect(tokenInfoVia(kit.deps, kit.owner.account_id)).rejects.toBeInstanceOf(
      ReauthorizationRequiredError,
    );
    expect((await refreshCalls(kit)) - before).toBe(1);
    expect(await getConnection(kit.deps.db, kit.owner.account_id)).toMatchObject({
      status: 'needs_reauthorization',
      token_generation: connection.token_generation + 1,
    });
  });

  it('reauthorizing the same company stores new tokens and resumes parked hand-offs', async () => {
    const parked = await insertParkedTask(kit, `gusto_reauth:${kit.owner.account_id}`);
    const elsewhere = await insertParkedTask(kit, 'gusto_reauth:another-account');
    await revokeGrantsInGusto(kit, connection.company_uuid);
    await expect(tokenInfoVia(kit.deps, kit.owner.account_id)).rejects.toThrow();

    expect(await reauthorizeIn(kit, 'Acme Robotics Inc.')).toEqual({
      kind: 'reauthorized',
      company_name: 'Acme Robotics Inc.',
      resumed: 1,
    });
    expect(await getConnection(kit.deps.db, kit.owner.account_id)).toMatchObject({
      id: connection.id,
      status: 'active',
    });
    const info = await tokenInfoVia(kit.deps, kit.owner.account_id);
    expect(info.resource?.uuid).toBe(connection.company_uuid);

    const tasks = await kit.storage.db
      .selectFrom('outbox_tasks')
      .select(['id', 'status'])
      .orderBy('id')
      .execute();
    expect(tasks.find((t) => t.id === parked)?.status).toBe('queued');
    expect(tasks.find((t) => t.id === elsewhere)?.status).toBe('parked');
  });

  it('reauthorizing another company changes nothing and revokes that grant', async () => {
    await revokeGrantsInGusto(kit, connection.company_uuid);
    await expect(tokenInfoVia(kit.deps, kit.owner.account_id)).rejects.toThrow();
    const before = await getConnection(kit.deps.db, kit.owner.account_id);

    expect(await reauthorizeIn(kit, 'Acme Labs LLC')).toEqual({
      kind: 'other_company',
      granted: 'Acme Labs LLC',
      connected: 'Acme Robotics Inc.',
    });
    expect(await getConnection(kit.deps.db, kit.owner.account_id)).toEqual(before);
    const labsGrants = Object.values(kit.sandbox.ctx.store.data.grants).filter(
      (g) => g.company_uuid !== connection.company_uuid,
    );
    expect(labsGrants.map((g) => g.revoked)).toEqual([true]);
  });
});
