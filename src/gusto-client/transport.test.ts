import { describe, expect, it } from 'vitest';
import { GustoConnectionError, GustoRedirectError, GustoTimeoutError } from './errors.js';
import { answersOnlyAbort, jsonResponse } from './test-fetch.js';
import { sendRequest } from './transport.js';

const LABEL = { method: 'POST', path: '/v1/things' };

function post(init: RequestInit = {}): Request {
  return new Request('http://127.0.0.1:9/v1/things?page=2', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer t-0001' },
    body: '{"a":1}',
    ...init,
  });
}

/** What undici rejects with when a fetch with `redirect: 'error'` meets a redirect. */
function refusedRedirect(): Error {
  return new TypeError('fetch failed', { cause: new Error('unexpected redirect') });
}

describe('sendRequest', () => {
  it('hands fetch the parts of the request, the body as bytes, and refuses redirects', async () => {
    const seen: [string, RequestInit][] = [];
    const fetch = async (url: string, init: RequestInit) => {
      seen.push([url, init]);
      return jsonResponse(201, { ok: true });
    };
    const res = await sendRequest({ fetch }, LABEL, post());
    const [url, init] = seen[0] ?? ['', {}];

    expect(res).toMatchObject({ status: 201, body: '{"ok":true}' });
    expect(url).toBe('http://127.0.0.1:9/v1/things?page=2');
    expect(init).toMatchObject({ method: 'POST', redirect: 'error' });
    expect(new Headers(init.headers).get('authorization')).toBe('Bearer t-0001');
    expect(init.body).toBeInstanceOf(ArrayBuffer);
    expect(await new Response(init.body).text()).toBe('{"a":1}');
  });

  it('hands a request without a body a null body', async () => {
    const bodies: unknown[] = [];
    const fetch = async (_url: string, init: RequestInit) => {
      bodies.push(init.body);
      return jsonResponse(200, []);
    };
    await sendRequest({ fetch }, { method: 'GET', path: '/v1/things' }, new Request(post().url));

    expect(bodies).toEqual([null]);
  });

  it('aborts the request fetch builds when the limit passes', async () => {
    const sent: Request[] = [];
    const options = { fetch: answersOnlyAbort(sent), timeoutMs: 20 };
    const error = await sendRequest(options, LABEL, post()).catch((err: unknown) => err);

    expect(error).toBeInstanceOf(GustoTimeoutError);
    expect(sent[0]?.signal.aborted).toBe(true);
  });

  it('ignores a signal on the request it is given, which it does not send', async () => {
    const sent: Request[] = [];
    const options = { fetch: answersOnlyAbort(sent), timeoutMs: 20 };
    const aborted = AbortSignal.abort();
    const error = await sendRequest(options, LABEL, post({ signal: aborted })).catch(
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(GustoTimeoutError);
  });

  it('names a refused redirect, not a failed connection', async () => {
    const fetch = () => Promise.reject(refusedRedirect());
    const error = await sendRequest({ fetch }, LABEL, post()).catch((err: unknown) => err);

    expect(error).toBeInstanceOf(GustoRedirectError);
    expect(error).not.toBeInstanceOf(GustoConnectionError);
    expect(String(error)).toContain('with a redirect, which Hirebridge does not follow');
  });

  // Every request a hand-off run sends passes here, those made outside the SDK too; one that
  // skipped beforeSend would leave without its place in the rate budget.
  it('sends only once beforeSend allows, and nothing when it refuses', async () => {
    const sent: string[] = [];
    const fetch = async (url: string) => {
      sent.push(url);
      return jsonResponse(200, []);
    };
    const order: string[] = [];
    const beforeSend = async () => {
      order.push(`asked after ${sent.length} sent`);
    };
    await sendRequest({ fetch, beforeSend }, LABEL, post());
    const refusal = new Error('the budget is spent');
    const refused = () => Promise.reject(refusal);
    const error = await sendRequest({ fetch, beforeSend: refused }, LABEL, post()).catch(
      (err: unknown) => err,
    );

    expect(order).toEqual(['asked after 0 sent']);
    expect(error).toBe(refusal);
    expect(sent).toHaveLength(1);
  });
});
