// Fakes for the client's tests: scripted answers behind Gusto's request contract check.
import { type ContractFetch, createContractFetch } from '../gusto-spec/index.js';
import type { FetchLike } from './transport.js';

/** A JSON Response as Gusto would send it, with a request id. */
export function jsonResponse(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): Response {
  return new Response(typeof body === 'string' ? body : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', 'x-request-id': `req-${status}`, ...headers },
  });
}

/** One scripted step: an answer, a thrown error, or a function of the request. */
export type Step = Response | Error | ((request: Request) => Promise<Response>);

/** A fetch that plays `steps` in order, records what it was sent, and checks the contract. */
export interface ScriptedFetch {
  fetch: FetchLike;
  /** Copies of the requests received (bodies still readable). */
  requests: Request[];
  /** Gusto's request-contract check over everything sent. */
  contract: ContractFetch;
}

/** Builds a ScriptedFetch; a request beyond the script fails the test loudly. */
export function scriptedFetch(...steps: Step[]): ScriptedFetch {
  const requests: Request[] = [];
  const queue = [...steps];
  const contract = createContractFetch(async (request) => {
    requests.push(request.clone());
    const step = queue.shift();
    if (step === undefined) throw new Error(`unscripted request ${request.method} ${request.url}`);
    if (step instanceof Error) throw step;

    return step instanceof Response ? step : step(request);
  });

  return { fetch: contract, requests, contract };
}

/** A FetchLike around a handler that takes a Request, built from the URL and init as fetch does. */
export function fetchVia(handler: (request: Request) => Response | Promise<Response>): FetchLike {
  return async (url, init) => handler(new Request(url, init));
}

/** Violations of Gusto's request schemas among what was sent. */
export function requestViolations(scripted: ScriptedFetch) {
  return scripted.contract.violations.filter((v) => v.direction === 'request');
}

/** A fetch that never answers, as a hung connection does. */
export const neverAnswers: FetchLike = () => new Promise<Response>(() => {});

/** The error undici throws when the connection drops after the request was sent. */
export function connectionReset(): Error {
  return new TypeError('fetch failed', {
    cause: Object.assign(new Error('reset'), { code: 'ECONNRESET' }),
  });
}

/**
 * A fetch that never answers unless aborted, and then fails as undici's does; it keeps the
 * request it built, so a test can see whether that request's own signal was aborted.
 */
export function answersOnlyAbort(sent: Request[]): FetchLike {
  return fetchVia((request) => {
    sent.push(request);
    return new Promise<Response>((_, reject) => {
      request.signal.addEventListener('abort', () => reject(request.signal.reason));
    });
  });
}
