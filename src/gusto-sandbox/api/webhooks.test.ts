import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../app.js';
import { recordEvent } from './events.js';
import {
  type CompanyFixture,
  call,
  connectCompany,
  startTestSandbox,
  systemToken,
} from './test-support.js';

interface Delivery {
  body: string;
  signature: string | undefined;
}

/** A local webhook receiver that answers each delivery with the next planned status. */
async function startReceiver(
  statuses: number[],
): Promise<{ url: string; deliveries: Delivery[]; statuses: number[]; server: Server }> {
  const deliveries: Delivery[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const signature = request.headers['x-gusto-signature'];
      deliveries.push({
        body: Buffer.concat(chunks).toString('utf8'),
        signature: String(signature),
      });
      response.statusCode = statuses.shift() ?? 200;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  started = server;
  const { port } = server.address() as AddressInfo;

  return { url: `http://127.0.0.1:${port}/hooks`, deliveries, statuses, server };
}

let sandbox: Sandbox;
let acme: CompanyFixture;
let system: string;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let started: Server | undefined;

beforeEach(() => {
  sandbox = startTestSandbox({ webhookRetry: { attempts: 3, base_ms: 20 } });
  acme = connectCompany(sandbox.ctx.store, 'Acme Test Co');
  system = systemToken(sandbox.ctx.store);
});

afterEach(async () => {
  const server = started;
  started = undefined;
  if (server) await new Promise((resolve) => server.close(resolve));
});

/** Subscribes the receiver and completes the verification handshake. */
async function subscribe(types: string[]): Promise<{ uuid: string; token: string }> {
  const created = await call(sandbox, 'POST', '/v1/webhook_subscriptions', {
    token: system,
    body: { url: receiver.url, subscription_types: types },
  });
  await expect.poll(() => receiver.deliveries.length).toBe(1);
  const token = JSON.parse(receiver.deliveries[0]?.body ?? '{}').verification_token as string;
  const wrong = await call(
    sandbox,
    'PUT',
    `/v1/webhook_subscriptions/${created.body.uuid}/verify`,
    {
      token: system,
      body: { verification_token: 'wrong' },
    },
  );
  const verified = await call(
    sandbox,
    'PUT',
    `/v1/webhook_subscriptions/${created.body.uuid}/verify`,
    {
      token: system,
      body: { verification_token: token },
    },
  );
  expect(created.body.status).toBe('pending');
  expect(wrong.status).toBe(422);
  expect(verified.body.status).toBe('verified');
  receiver.deliveries.length = 0;

  return { uuid: created.body.uuid, token };
}

describe('webhook deliveries', () => {
  it('posts the thin payload signed with HMAC-SHA256 of the raw body, lowercase hex', async () => {
    receiver = await startReceiver([]);
    const { token } = await subscribe(['Employee']);
    const created = await call(sandbox, 'POST', `/v1/companies/${acme.company.uuid}/employees`, {
      token: acme.token,
      body: { first_name: 'Ada', last_name: 'Lovelace' },
    });

    await expect.poll(() => receiver.deliveries.length).toBe(1);
    const delivery = receiver.deliveries[0] as Delivery;
    const expected = createHmac('sha256', token).update(delivery.body).digest('hex');
    expect(delivery.signature).toBe(expected);
    expect(JSON.parse(delivery.body)).toEqual({
      uuid: expect.any(String),
      event_type: 'employee.created',
      resource_type: 'Company',
      resource_uuid: acme.company.uuid,
      entity_type: 'Employee',
      entity_uuid: created.body.uuid,
      timestamp: expect.any(Number),
    });
  });

  it('retries a delivery answered 500 with backoff until it succeeds', async () => {
    receiver = await startReceiver([]);
    await subscribe(['Contractor']);
    receiver.statuses.push(500, 503);
    recordEvent(sandbox.ctx, {
      event_type: 'contractor.onboarded',
      company_uuid: acme.company.uuid,
      entity_type: 'Contractor',
      entity_uuid: 'c-1',
    });

    await expect.poll(() => receiver.deliveries.length).toBe(3);
    const bodies = new Set(receiver.deliveries.map((d) => d.body));
    expect(bodies.size).toBe(1);
  });

  it('delivers nothing for unsubscribed types, unconnected companies, revoked grants', async () => {
    receiver = await startReceiver([]);
    await subscribe(['Contractor']);
    const elsewhere = connectCompany(sandbox.ctx.store, 'Elsewhere');
    elsewhere.grant.revoked = true;
    recordEvent(sandbox.ctx, {
      event_type: 'employee.updated',
      company_uuid: acme.company.uuid,
      entity_type: 'Employee',
      entity_uuid: 'e-1',
    });
    recordEvent(sandbox.ctx, {
      event_type: 'contractor.created',
      company_uuid: elsewhere.company.uuid,
      entity_type: 'Contractor',
      entity_uuid: 'c-2',
    });

    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(receiver.deliveries).toEqual([]);
  });
});

describe('webhook subscriptions', () => {
  it('lists, gets, updates, resends the token and deletes, for the system token only', async () => {
    receiver = await startReceiver([]);
    const { uuid } = await subscribe(['Employee']);
    const path = `/v1/webhook_subscriptions/${uuid}`;
    const listed = await call(sandbox, 'GET', '/v1/webhook_subscriptions', { token: system });
    const updated = await call(sandbox, 'PUT', path, {
      token: system,
      body: { subscription_types: ['Employee', 'Contractor'] },
    });
    const resent = await call(sandbox, 'GET', `${path}/request_verification_token`, {
      token: system,
    });
    const byCompanyToken = await call(sandbox, 'GET', path, { token: acme.token });
    const deleted = await call(sandbox, 'DELETE', path, { token: system });
    const gone = await call(sandbox, 'GET', path, { token: system });

    expect(listed.body).toHaveLength(1);
    expect(updated.body.subscription_types).toEqual(['Employee', 'Contractor']);
    expect(resent.body.message).toContain('verification token');
    await expect.poll(() => receiver.deliveries.length).toBe(1);
    expect(byCompanyToken.status).toBe(403);
    expect(deleted.status).toBe(204);
    expect(gone.status).toBe(404);
  });

  it('refuses a bad URL or unknown types; each version has its own event types', async () => {
    receiver = await startReceiver([]);
    const bad = await call(sandbox, 'POST', '/v1/webhook_subscriptions', {
      token: system,
      body: { url: 'ftp://x', subscription_types: ['Nope'] },
      invalidBody: true,
    });
    const created = await call(sandbox, 'POST', '/v1/webhook_subscriptions', {
      token: system,
      body: { url: receiver.url, subscription_types: ['Employee', 'PeopleBatch'] },
    });

    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { error_key: string }) => e.error_key).sort()).toEqual([
      'subscription_types.0',
      'url',
    ]);
    expect(created.body.subscription_types).toEqual(['Employee']);
  });
});

describe('GET /v1/events', () => {
  beforeEach(() => {
    for (const event_type of ['employee.created', 'contractor.created', 'employee.updated']) {
      recordEvent(sandbox.ctx, {
        event_type,
        company_uuid: acme.company.uuid,
        entity_type: event_type.startsWith('employee') ? 'Employee' : 'Contractor',
        entity_uuid: 'x',
      });
    }
  });

  it('filters by wildcard event_type, orders, limits, pages by starting_after_uuid', async () => {
    const wildcard = await call(sandbox, 'GET', '/v1/events?event_type=employee.*', {
      token: system,
    });
    const desc = await call(sandbox, 'GET', '/v1/events?sort_order=desc&limit=1', {
      token: system,
    });
    const first = await call(sandbox, 'GET', '/v1/events?limit=1', { token: system });
    const after = await call(
      sandbox,
      'GET',
      `/v1/events?starting_after_uuid=${first.body[0].uuid}`,
      {
        token: system,
      },
    );
    const company = await call(sandbox, 'GET', `/v1/events?resource_uuid=${acme.company.uuid}`, {
      token: system,
    });

    expect(wildcard.body.map((e: { event_type: string }) => e.event_type)).toEqual([
      'employee.created',
      'employee.updated',
    ]);
    expect(desc.body[0].event_type).toBe('employee.updated');
    expect(after.body.map((e: { event_type: string }) => e.event_type)).toEqual([
      'contractor.created',
      'employee.updated',
    ]);
    expect(company.body).toHaveLength(3);
  });

  it('refuses a bad limit or sort order with 422 and a company token with 403', async () => {
    const limit = await call(sandbox, 'GET', '/v1/events?limit=500', { token: system });
    const order = await call(sandbox, 'GET', '/v1/events?sort_order=up', { token: system });
    const company = await call(sandbox, 'GET', '/v1/events', { token: acme.token });

    expect([limit.status, order.status, company.status]).toEqual([422, 422, 403]);
  });

  it('shows no events of a company whose grant was revoked', async () => {
    acme.grant.revoked = true;
    const listed = await call(sandbox, 'GET', '/v1/events', { token: system });

    expect(listed.body).toEqual([]);
  });
});
