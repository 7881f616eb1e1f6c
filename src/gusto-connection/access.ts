import { classify } from '../gusto-client/classify.js';
import { GustoUnauthorizedError } from '../gusto-client/errors.js';
import { refreshAccessToken } from '../gusto-client/oauth.js';
import {
  type GustoConnection,
  getLiveConnection,
  markNeedsReauthorization,
} from './connection-repository.js';
import { type GustoConnectionDeps, nowOf } from './deps.js';
import {
  GustoNotConnectedError,
  ReauthorizationRequiredError,
  RefreshWaitTimeoutError,
} from './errors.js';
import {
  type LeaseScope,
  releaseRefreshLease,
  storeRefreshedTokens,
  takeRefreshLease,
} from './refresh-lease.js';
import { sealTokenResponse } from './seal-tokens.js';

export { getConnection } from './connection-repository.js';
export { GustoNotConnectedError, ReauthorizationRequiredError } from './errors.js';

/** What a Gusto call needs: the host, a live access token, the company and the fetch. */
export interface GustoAccess {
  /** The connection (one Gusto grant) the token belongs to: the key of its rate budget. */
  connection_id: string;
  baseUrl: string;
  access_token: string;
  company_uuid: string;
  fetch: typeof fetch;
}

/** Refresh this long before the access token expires, so no call starts with a dying token. */
export const REFRESH_MARGIN_MS = 5 * 60 * 1000;
/** How long a refresh lease lasts: longer than the client's 15 s request limit. */
export const REFRESH_LEASE_MS = 30 * 1000;
/** How often a caller waiting on another's refresh re-reads the row. */
const REFRESH_POLL_MS = 50;

/**
 * The account's live connection as the caller already read it (`getLiveConnection`), so a caller
 * that reads other rows first can read it alongside them instead of after. `row` is undefined
 * when the account has none.
 */
export interface ConnectionRead {
  row: GustoConnection | undefined;
}

/** A connection's token as one call uses it, and whether this call just refreshed it. */
interface HeldToken {
  connection: GustoConnection;
  refreshedNow: boolean;
}

/**
 * Runs `fn` with a working access token of the account's Gusto connection. Refreshes
 * single-flight when the token is near expiry; on a 401, refreshes once and retries (a 401 means
 * Gusto did nothing). A refused refresh, or a 401 with a token just refreshed, marks the
 * connection `needs_reauthorization` and throws ReauthorizationRequiredError.
 */
export async function withGustoAccess<T>(
  deps: GustoConnectionDeps,
  account_id: string,
  fn: (access: GustoAccess) => Promise<T>,
  read?: ConnectionRead,
): Promise<T> {
  const held = await heldToken(deps, account_id, read);
  try {
    return await fn(accessOf(deps, held.connection));
  } catch (error) {
    if (!(error instanceof GustoUnauthorizedError)) throw error;
    if (held.refreshedNow) throw await refusedAfterRefresh(deps, held.connection);

    return retryWithRefreshedToken(deps, held.connection, fn);
  }
}

async function retryWithRefreshedToken<T>(
  deps: GustoConnectionDeps,
  refused: GustoConnection,
  fn: (access: GustoAccess) => Promise<T>,
): Promise<T> {
  const held = await refreshSingleFlight(deps, refused);
  try {
    return await fn(accessOf(deps, held.connection));
  } catch (error) {
    if (error instanceof GustoUnauthorizedError)
      throw await refusedAfterRefresh(deps, held.connection);
    throw error;
  }
}

async function refusedAfterRefresh(
  deps: GustoConnectionDeps,
  connection: GustoConnection,
): Promise<ReauthorizationRequiredError> {
  return needsReauthorization(
    deps,
    connection,
    'Gusto refused a freshly refreshed access token (401)',
  );
}

async function needsReauthorization(
  deps: GustoConnectionDeps,
  connection: GustoConnection,
  reason: string,
): Promise<ReauthorizationRequiredError> {
  const at = nowOf(deps).toISOString();
  const changed = await markNeedsReauthorization(deps.db, connection, reason, at);
  if (changed) {
    deps.logger.warn(
      { account_id: connection.account_id, connection_id: connection.id, reason },
      'gusto connection needs reauthorization',
    );
  }

  return new ReauthorizationRequiredError(connection.account_id, reason);
}

function accessOf(deps: GustoConnectionDeps, connection: GustoConnection): GustoAccess {
  if (connection.access_token === null) throw new GustoNotConnectedError(connection.account_id);

  return {
    connection_id: connection.id,
    baseUrl: deps.settings.baseUrl,
    access_token: deps.secretBox.open(connection.access_token),
    company_uuid: connection.company_uuid,
    fetch: deps.settings.fetch,
  };
}

/** The live connection, refreshed first when its token is within the margin of expiry. */
async function heldToken(
  deps: GustoConnectionDeps,
  account_id: string,
  read?: ConnectionRead,
): Promise<HeldToken> {
  const row = read ? read.row : await getLiveConnection(deps.db, account_id);
  const connection = usableConnection(account_id, row);
  if (isFresh(connection, nowOf(deps))) return { connection, refreshedNow: false };

  return refreshSingleFlight(deps, connection);
}

function usableConnection(account_id: string, row: GustoConnection | undefined): GustoConnection {
  if (row === undefined || row.status === 'disconnected') {
    throw new GustoNotConnectedError(account_id);
  }
  if (row.status === 'needs_reauthorization') {
    throw new ReauthorizationRequiredError(account_id, row.status_reason ?? 'grant refused');
  }

  return row;
}

function isFresh(connection: GustoConnection, now: Date): boolean {
  const expiresAt = connection.access_token_expires_at;
  if (expiresAt === null) return false;

  return Date.parse(expiresAt) - REFRESH_MARGIN_MS > now.getTime();
}

/**
 * Single-flight refresh across processes, by compare-and-set on the connection row rather than a
 * row lock: holding a transaction (and on SQLite the whole database) open across a network call
 * to Gusto would stall every other writer. Each caller that saw generation N tries to take the
 * lease for N in one UPDATE; exactly one succeeds. The winner refreshes, stores the NEW pair with
 * generation N+1 before anyone uses the new access token, and frees the lease. The losers poll
 * the row until the generation moves, then use the stored pair; if the winner vanished, its lease
 * expires and the next caller takes over.
 *
 * A crash after Gusto answered but before the new pair was stored is safe: Gusto revokes the old
 * refresh token only on the first use of the new access token, which nobody ever received, so
 * the next lease holder refreshes again with the stored one.
 * @see https://docs.gusto.com/app-integrations/v2024-04-01/reference/refresh-access-token
 */
async function refreshSingleFlight(
  deps: GustoConnectionDeps,
  seen: GustoConnection,
): Promise<HeldToken> {
  const owner = crypto.randomUUID();
  const deadline = nowOf(deps).getTime() + REFRESH_LEASE_MS + 5_000;
  for (;;) {
    if (await takeRefreshLease(deps.db, seen, owner, nowOf(deps), REFRESH_LEASE_MS)) {
      return refreshAsLeaseHolder(deps, seen, owner);
    }
    await sleep(REFRESH_POLL_MS);

    const latest = usableConnection(
      seen.account_id,
      await getLiveConnection(deps.db, seen.account_id),
    );
    if (latest.id !== seen.id) throw new GustoNotConnectedError(seen.account_id);
    if (latest.token_generation !== seen.token_generation) {
      return { connection: latest, refreshedNow: true };
    }
    if (nowOf(deps).getTime() > deadline) throw new RefreshWaitTimeoutError(seen.account_id);
  }
}

async function refreshAsLeaseHolder(
  deps: GustoConnectionDeps,
  held: GustoConnection,
  owner: string,
): Promise<HeldToken> {
  const sealed = await callRefresh(deps, held, owner);
  const stored = await storeRefreshedTokens(
    deps.db,
    held,
    owner,
    sealed,
    nowOf(deps).toISOString(),
  );
  if (!stored) return lostLease(deps, held);
  deps.logger.info(
    { account_id: held.account_id, connection_id: held.id, generation: held.token_generation + 1 },
    'gusto token refreshed',
  );

  const connection = { ...held, ...sealed, token_generation: held.token_generation + 1 };
  return { connection, refreshedNow: true };
}

async function callRefresh(deps: GustoConnectionDeps, held: GustoConnection, owner: string) {
  if (held.refresh_token === null) throw new GustoNotConnectedError(held.account_id);
  const { settings } = deps;
  try {
    const tokens = await refreshAccessToken(
      {
        baseUrl: settings.baseUrl,
        client_id: settings.client_id,
        client_secret: settings.client_secret,
        refresh_token: deps.secretBox.open(held.refresh_token),
      },
      { fetch: settings.fetch, logger: deps.logger },
    );

    return sealTokenResponse(deps.secretBox, tokens);
  } catch (error) {
    throw await refreshFailed(deps, held, owner, error);
  }
}

async function refreshFailed(
  deps: GustoConnectionDeps,
  held: LeaseScope & GustoConnection,
  owner: string,
  error: unknown,
): Promise<unknown> {
  await releaseRefreshLease(deps.db, held, owner, nowOf(deps).toISOString());
  const verdict = classify(error);
  if (verdict.kind !== 'reauth') return error;

  return needsReauthorization(deps, held, `Gusto refused the refresh token (${verdict.reason})`);
}

/**
 * Our lease expired while Gusto answered and another process stored a newer pair: ours is never
 * used (so it never revokes theirs), and we take theirs.
 */
async function lostLease(deps: GustoConnectionDeps, held: GustoConnection): Promise<HeldToken> {
  const latest = usableConnection(
    held.account_id,
    await getLiveConnection(deps.db, held.account_id),
  );
  if (latest.id !== held.id || latest.token_generation === held.token_generation) {
    throw new RefreshWaitTimeoutError(held.account_id);
  }

  return { connection: latest, refreshedNow: true };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
