import { getRequestListener } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GustoContext } from './call-gusto.js';
import { createEmployee } from './employees.js';
import { jsonResponse } from './test-fetch.js';

const EMPLOYEE = { uuid: 'e1', first_name: 'Ada', last_name: 'Lovelace', payment_method: 'Check' };

// The web process serves through @hono/node-server, which replaces the global Request and
// Response with its own subclasses; the SDK's request, a clone made by undici, is then no
// instance of the global Request. A file of its own: the replaced globals stay replaced.
describe('a call where @hono/node-server replaced the global Request', () => {
  const original = globalThis.Request;
  let built = 0;

  beforeAll(() => {
    getRequestListener(() => new Response(null));
    const Replaced = globalThis.Request;
    expect(Replaced).not.toBe(original);
    class Counted extends Replaced {
      constructor(input: RequestInfo | URL, init?: RequestInit) {
        super(input, init);
        built += 1;
      }
    }
    Object.defineProperty(globalThis, 'Request', { value: Counted });
  });
  afterAll(() => {
    Object.defineProperty(globalThis, 'Request', { value: original });
  });

  it('sends the request the SDK built without building it again', async () => {
    const sent: { url: string; init: RequestInit }[] = [];
    const ctx: GustoContext = {
      baseUrl: 'http://127.0.0.1:9',
      access_token: 'test-access-token-0007',
      fetch: async (url, init) => {
        sent.push({ url, init });
        return jsonResponse(201, EMPLOYEE);
      },
    };
    const made = await createEmployee(ctx, {
      company_id: 'c0ffee00-0000-4000-8000-000000000001',
      first_name: 'Ada',
      last_name: 'Lovelace',
    });

    expect(made.uuid).toBe('e1');
    // The SDK's own `new Request`; a copy of its clone would be a second.
    expect(built).toBe(1);
    expect(sent).toHaveLength(1);
    const body = new TextDecoder().decode(sent[0]?.init.body as ArrayBuffer);
    expect(JSON.parse(body)).toEqual({ first_name: 'Ada', last_name: 'Lovelace' });
  });
});
