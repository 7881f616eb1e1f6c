import { withGustoAccess } from '../src/gusto-connection/access.js';
import type { ConnectedAccount, GustoBench } from './gusto-setup.js';
import { type LatencySummary, round, summarize } from './stats.js';
import type { SandboxCall } from './timed-sandbox.js';

/**
 * What a client doing nothing but HTTP spends around the sandbox: the share a hand-off could
 * have at best against the same sandbox, whatever its own code did.
 */
export interface HttpFloor {
  /** The call every round repeats: cheap, read-only, with a valid token. */
  operation: string;
  /** Sequential calls per round: the hand-off's measured Gusto calls per hire, rounded. */
  calls_per_round: number;
  rounds: number;
  /** A round's time inside the sandbox's handlers. */
  in_sandbox: LatencySummary;
  /** A round's time from its first request sent to its last answer read. */
  total: LatencySummary;
  /** total - in_sandbox per round: the HTTP client and the loopback network. */
  own_ms: LatencySummary;
  /** (total - in_sandbox) / total over all rounds. */
  share: number;
  /** The same with the sandbox's HTTP server counted as the sandbox's (`SandboxCall.served`). */
  in_sandbox_server?: LatencySummary;
  own_ms_server?: LatencySummary;
  share_server?: number;
}

/**
 * Sends `calls_per_round` sequential requests `rounds` times with plain `fetch` (keep-alive, as
 * Node's fetch does by default) to the sandbox the bench's hand-offs used, nothing else.
 */
export async function measureHttpFloor(
  bench: GustoBench,
  calls_per_round: number,
  rounds: number,
): Promise<HttpFloor> {
  const request = await departmentsRequest(bench);
  const totals: number[] = [];
  const inside: number[] = [];
  const served: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const from = bench.sandbox.calls.length;
    const began = performance.now();
    for (let i = 0; i < calls_per_round; i++) await send(request);
    totals.push(performance.now() - began);
    inside.push(timeInside(bench.sandbox.calls.slice(from)));
    served.push(timeServed(bench.sandbox.calls.slice(from)));
  }

  return floorFrom(calls_per_round, totals, inside, served);
}

interface PlainRequest {
  url: string;
  headers: Record<string, string>;
}

/** `GET /v1/companies/{company_uuid}/departments` with the account's live access token. */
async function departmentsRequest(bench: GustoBench): Promise<PlainRequest> {
  const account: ConnectedAccount | undefined = bench.accounts[0];
  if (!account) throw new Error('no connected account');
  const access = await withGustoAccess(bench.connection, account.owner.account_id, async (a) => a);
  const path = `/v1/companies/${access.company_uuid}/departments`;

  return {
    url: new URL(path, bench.sandbox.url).href,
    headers: {
      authorization: `Bearer ${access.access_token}`,
      'x-gusto-api-version': '2026-06-15',
      accept: 'application/json',
    },
  };
}

async function send(request: PlainRequest): Promise<void> {
  const response = await fetch(request.url, { headers: request.headers });
  // Read the body as a client must before its connection serves the next request.
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`HTTP floor call answered ${response.status}`);
}

function timeInside(calls: readonly SandboxCall[]): number {
  return calls.reduce((sum, c) => sum + (c.ended - c.started), 0);
}

/** The server's span of each call; one not yet written counts until its answer was ready. */
function timeServed(calls: readonly SandboxCall[]): number {
  return calls.reduce((sum, c) => sum + (c.served.written ?? c.ended) - c.served.received, 0);
}

function floorFrom(
  calls_per_round: number,
  totals: number[],
  inside: number[],
  served: number[],
): HttpFloor {
  const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);

  return {
    operation: 'GET /v1/companies/{id}/departments',
    calls_per_round,
    rounds: totals.length,
    in_sandbox: summarize(inside),
    total: summarize(totals),
    own_ms: summarize(totals.map((t, i) => t - (inside[i] ?? 0))),
    share: round(1 - sum(inside) / sum(totals), 3),
    in_sandbox_server: summarize(served),
    own_ms_server: summarize(totals.map((t, i) => t - (served[i] ?? 0))),
    share_server: round(1 - sum(served) / sum(totals), 3),
  };
}
