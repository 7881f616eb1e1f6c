import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDialects } from '../../test/databases.js';
import { handleCallback } from './callback.js';
import { getConnection } from './connection-repository.js';
import {
  authorizeInGusto,
  type ConnectionKit,
  connectTo,
  requestViolations,
  sandboxRequests,
  startConnectionKit,
} from './connection-test-kit.js';
import { disconnect } from './disconnect.js';
import { listPendingGrants } from './pending-grants.js';
import { saveConnection } from './save-connection.js';
import { startAuthorization } from './start-authorization.js';

describe.each(testDialects)('connecting Gusto (%s)', (dialect) => {
  let kit: ConnectionKit;
  beforeEach(async () => {
    kit = await startConnectionKit(dialect);
  });
  afterEach(async () => {
    expect(requestViolations(kit)).toEqual([]);
    await kit.close();
  });

  it('connects a company through authorize, Configure Access and Save', async () => {
    const start = await startAuthorization(kit.deps, kit.owner, { purpose: 'connect' });
    const params = await authorizeInGusto(kit, start.authorizeUrl, 'Acme Robotics Inc.');
    expect(await handleCallback(kit.deps, kit.owner, params)).toEqual({
      kind: 'authorized',
      flow_id: start.flow_id,
    });

    const scope = { ...kit.owner, flow_id: start.flow_id };
    const [grant, ...others] = await listPendingGrants(kit.deps.db, scope, new Date());
    expect(others).toEqual([]);
    expect(grant?.company_name).toBe('Acme Robotics Inc.');
    expect(grant?.locations.map((l) => l.label)).toContain(
      '425 Harrison St, San Francisco, CA 94105',
    );

    const saved = await saveConnection(kit.deps, scope, grant?.id);
    expect(saved.kind).toBe('saved');
    const row = await getConnection(kit.deps.db, kit.owner.account_id);
    expect(row).toMatchObject({ status: 'active', company_name: 'Acme Robotics Inc.' });
    expect(row?.last_verified_at).not.toBeNull();
    // "Connected" rests on a live call made at Save: token_info was asked twice (callback, Save).
    const tokenInfo = (await sandboxRequests(kit)).filter((r) => r.path === '/v1/token_info');
    expect(tokenInfo).toHaveLength(2);
  });

  it('stores only ciphertext of the tokens in the connection row', async () => {
    await connectTo(kit, 'Acme Robotics Inc.');
    const raw = await kit.storage.db
      .selectFrom('gusto_connections')
      .select(['access_token', 'refresh_token'])
      .executeTakeFirstOrThrow();
    const issued = Object.values(kit.sandbox.ctx.store.data.access_tokens);
    const plain = issued.flatMap((t) => [t.token, t.refresh_token ?? '']).filter(Boolean);
    expect(plain.length).toBeGreaterThan(0);
    for (const value of [raw.access_token, raw.refresh_token]) {
      expect(value).toMatch(/^v1\./);
      for (const token of plain) expect(value).not.toContain(token);
    }
    expect(plain).toContain(kit.deps.secretBox.open(raw.access_token ?? ''));
  });

  it('refuses a callback whose state is missing, foreign, reused or expired', async () => {
    const start = await startAuthorization(kit.deps, kit.owner, { purpose: 'connect' });
    const params = await authorizeInGusto(kit, start.authorizeUrl, 'Acme Robotics Inc.');
    const otherSession = { ...kit.owner, session_id: crypto.randomUUID() };

    const refusal = async (p: typeof params, owner = kit.owner) =>
      handleCallback(kit.deps, owner, p);
    expect(await refusal({ ...params, state: undefined })).toEqual({
      kind: 'refused',
      reason: 'missing',
    });
    expect(await refusal({ ...params, state: 'forged' })).toEqual({
      kind: 'refused',
      reason: 'unknown',
    });
    expect(await refusal(params, otherSession)).toEqual({
      kind: 'refused',
      reason: 'other_session',
    });
    expect((await refusal(params)).kind).toBe('authorized');
    expect(await refusal(params)).toEqual({ kind: 'refused', reason: 'used' });

    const late = await startAuthorization(kit.deps, kit.owner, { purpose: 'connect' });
    const lateParams = await authorizeInGusto(kit, late.authorizeUrl, 'Acme Robotics Inc.');
    const elevenMinutes = new Date(Date.now() + 11 * 60 * 1000);
    const lateDeps = { ...kit.deps, now: () => elevenMinutes };
    expect(await handleCallback(lateDeps, kit.owner, lateParams)).toEqual({
      kind: 'refused',
      reason: 'expired',
    });
  });

  it('connects nothing when the admin chooses Deny in Gusto', async () => {
    const start = await startAuthorization(kit.deps, kit.owner, { purpose: 'connect' });
    const params = await authorizeInGusto(kit, start.authorizeUrl, 'Acme Robotics Inc.', 'deny');
    expect(params.error).toBe('access_denied');
    expect(await handleCallback(kit.deps, kit.owner, params)).toEqual({ kind: 'denied' });
    expect(await getConnection(kit.deps.db, kit.owner.account_id)).toBeUndefined();
  });

  it('makes the admin choose explicitly between two companies authorized in one flow', async () => {
    const first = await startAuthorization(kit.deps, kit.owner, { purpose: 'connect' });
    const flow_id = first.flow_id;
    await handleCallback(
      kit.deps,
      kit.owner,
      await authorizeInGusto(kit, first.authorizeUrl, 'Acme Robotics Inc.'),
    );
    const second = await startAuthorization(kit.deps, kit.owner, { purpose: 'connect', flow_id });
    await handleCallback(
      kit.deps,
      kit.owner,
      await authorizeInGusto(kit, second.authorizeUrl, 'Acme Labs LLC'),
    );

    const scope = { ...kit.owner, flow_id };
    const grants = await listPendingGrants(kit.deps.db, scope, new Date());
    expect(grants.map((g) => g.company_name)).toEqual(['Acme Robotics Inc.', 'Acme Labs LLC']);
    expect(await saveConnection(kit.deps, scope, undefined)).toEqual({ kind: 'choose' });
    expect(await getConnection(kit.deps.db, kit.owner.account_id)).toBeUndefined();

    const labs = grants.find((g) => g.company_name === 'Acme Labs LLC');
    expect((await saveConnection(kit.deps, scope, labs?.id)).kind).toBe('saved');
    expect(await getConnection(kit.deps.db, kit.owner.account_id)).toMatchObject({
      company_name: 'Acme Labs LLC',
    });
    // The grant not chosen is revoked at Gusto rather than left behind.
    const grantsInGusto = Object.values(kit.sandbox.ctx.store.data.grants);
    const robotics = grantsInGusto.filter((g) => g.company_uuid !== labs?.company_uuid);
    expect(robotics.map((g) => g.revoked)).toEqual([true]);
  });

  it('disconnects by revoking at Gusto, keeps the row, and may connect another company', async () => {
    const first = await connectTo(kit, 'Acme Robotics Inc.');
    const outcome = await disconnect(kit.deps, kit.owner.account_id, kit.owner.user_id);
    expect(outcome).toEqual({
      kind: 'disconnected',
      company_name: 'Acme Robotics Inc.',
      revoked: true,
    });
    const revokes = (await sandboxRequests(kit)).filter((r) => r.path === '/oauth/revoke');
    expect(revokes).toHaveLength(1);
    const grant = Object.values(kit.sandbox.ctx.store.data.grants)[0];
    expect(grant?.revoked).toBe(true);

    const old = await kit.storage.db
      .selectFrom('gusto_connections')
      .selectAll()
      .where('id', '=', first.id)
      .executeTakeFirstOrThrow();
    expect(old).toMatchObject({ status: 'disconnected', access_token: null, refresh_token: null });

    await connectTo(kit, 'Acme Labs LLC');
    expect(await getConnection(kit.deps.db, kit.owner.account_id)).toMatchObject({
      status: 'active',
      company_name: 'Acme Labs LLC',
    });
  });

  it('disconnects locally when Gusto cannot be reached, and says the grant may remain', async () => {
    await connectTo(kit, 'Acme Robotics Inc.');
    const unreachable = async () => {
      throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
    };
    const deps = { ...kit.deps, settings: { ...kit.deps.settings, fetch: unreachable } };
    const outcome = await disconnect(deps, kit.owner.account_id, kit.owner.user_id);
    expect(outcome).toMatchObject({ kind: 'disconnected', revoked: false });
    expect(await getConnection(kit.deps.db, kit.owner.account_id)).toMatchObject({
      status: 'disconnected',
    });
  });
});
