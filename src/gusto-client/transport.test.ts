import { describe, expect, it } from 'vitest';
import { GustoTimeoutError } from './errors.js';
import { answersOnlyAbort, jsonResponse } from './test-fetch.js';
import { sendRequest, sendSignalled } from './transport.js';

const LABEL = { method: 'POST', path: '/v1/things' };

function post(init: RequestInit = {}): Request {
  return new Request('http://127.0.0.1:9/v1/things', { method: 'POST', body: '{"a":1}', ...init });
}

describe('sendRequest', () => {
  it('attaches a signal of its own, aborted when the limit passes', async () => {
    const sent: Request[] = [];
    const options = { fetch: answersOnlyAbort(sent), timeoutMs: 20 };
    const error = await sendRequest(options, LABEL, post()).catch((err: unknown) => err);

    expect(error).toBeInstanceOf(GustoTimeoutError);
    expect(sent[0]?.signal.aborted).toBe(true);
  });
});

describe('sendSignalled', () => {
  it('sends the request it is given, body intact, and reads the answer', async () => {
    const sent: Request[] = [];
    const fetch = async (request: Request) => {
      sent.push(request);
      return jsonResponse(201, { seen: await request.json() });
    };
    const controller = new AbortController();
    const request = post({ signal: controller.signal });
    const res = await sendSignalled({ fetch }, LABEL, request, controller);

    expect(sent[0]).toBe(request);
    expect(res).toMatchObject({ status: 201, body: '{"seen":{"a":1}}' });
  });

  it('aborts through the controller when the limit passes', async () => {
    const sent: Request[] = [];
    const controller = new AbortController();
    const options = { fetch: answersOnlyAbort(sent), timeoutMs: 20 };
    const request = post({ signal: controller.signal });
    const error = await sendSignalled(options, LABEL, request, controller).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(GustoTimeoutError);
    expect(controller.signal.aborted).toBe(true);
    expect(sent[0]?.signal.aborted).toBe(true);
  });
});
