import { classify } from '../gusto-client/classify.js';
import { GustoError } from '../gusto-client/errors.js';
import { exchangeAuthorizationCode, type TokenResponse } from '../gusto-client/oauth.js';
import { unparkWhere } from '../outbox/unpark-where.js';
import { getLiveConnection, storeReauthorizedTokens } from './connection-repository.js';
import { type GustoConnectionDeps, nowOf } from './deps.js';
import { reauthParkReason } from './errors.js';
import { gustoContext, NotACompanyGrantError, readCompanyOfGrant } from './granted-company.js';
import { consumeOAuthState, type StateOwner, type StateRefusal } from './oauth-state.js';
import { addPendingGrant } from './pending-grants.js';
import { revokeQuietly } from './revoke-quietly.js';
import { sealTokenResponse } from './seal-tokens.js';
import type { GustoOAuthStateRow } from './tables.js';

/** The query Gusto sends the browser back with. @see RFC 6749 §4.1.2 and §4.1.2.1 */
export interface CallbackParams {
  state?: string | undefined;
  code?: string | undefined;
  error?: string | undefined;
}

/** What came of a callback, for the page to say. */
export type CallbackOutcome =
  | { kind: 'refused'; reason: StateRefusal }
  | { kind: 'denied' }
  | { kind: 'failed'; reason: string }
  | { kind: 'authorized'; flow_id: string }
  | { kind: 'reauthorized'; company_name: string; resumed: number }
  | { kind: 'other_company'; granted: string; connected: string };

/**
 * Handles Gusto's redirect back: the state must be this session's unspent one (RFC 6749 §10.12)
 * before anything else is believed; then a denial, or the code is exchanged and the company the
 * grant reaches is read live from Gusto.
 */
export async function handleCallback(
  deps: GustoConnectionDeps,
  owner: StateOwner,
  params: CallbackParams,
): Promise<CallbackOutcome> {
  const verdict = await consumeOAuthState(deps.db, params.state, owner, nowOf(deps));
  if (!verdict.ok) {
    deps.logger.warn(
      { account_id: owner.account_id, reason: verdict.reason },
      'oauth state refused',
    );
    return { kind: 'refused', reason: verdict.reason };
  }
  // RFC 6749 §4.1.2.1: the resource owner denied the request.
  if (params.error === 'access_denied') return { kind: 'denied' };
  if (params.error !== undefined || !params.code) {
    return { kind: 'failed', reason: `Gusto answered ${params.error ?? 'without a code'}` };
  }

  return afterCode(deps, verdict.state, params.code);
}

async function afterCode(
  deps: GustoConnectionDeps,
  state: GustoOAuthStateRow,
  code: string,
): Promise<CallbackOutcome> {
  try {
    const tokens = await exchange(deps, code);
    if (state.purpose === 'reauthorize') return await reauthorize(deps, state, tokens);

    return await addToFlow(deps, state, tokens);
  } catch (error) {
    if (!isGustoFailure(error)) throw error;
    const reason = classify(error).reason;
    deps.logger.warn({ account_id: state.account_id, reason }, 'gusto authorization failed');

    return { kind: 'failed', reason };
  }
}

/** Failures of the conversation with Gusto, shown to the admin; anything else is a bug. */
function isGustoFailure(error: unknown): boolean {
  return error instanceof GustoError || error instanceof NotACompanyGrantError;
}

function exchange(deps: GustoConnectionDeps, code: string): Promise<TokenResponse> {
  const { settings } = deps;

  return exchangeAuthorizationCode(
    {
      baseUrl: settings.baseUrl,
      client_id: settings.client_id,
      client_secret: settings.client_secret,
      code,
      redirect_uri: settings.redirect_uri,
    },
    { fetch: settings.fetch, logger: deps.logger },
  );
}

async function addToFlow(
  deps: GustoConnectionDeps,
  state: GustoOAuthStateRow,
  tokens: TokenResponse,
): Promise<CallbackOutcome> {
  const ctx = gustoContext(deps, tokens.access_token, state.account_id);
  const company = await readCompanyOfGrant(ctx);
  const sealed = sealTokenResponse(deps.secretBox, tokens);
  const replaced = await addPendingGrant(
    deps.db,
    state,
    { ...company, tokens: sealed },
    nowOf(deps),
  );
  for (const old of replaced) {
    await revokeQuietly(deps, old.tokens.refresh_token, { account_id: state.account_id });
  }

  return { kind: 'authorized', flow_id: state.flow_id };
}

/**
 * A repeated authorization must reach the company already connected: one account, one company.
 * Another company changes nothing (its fresh grant is revoked) and the admin is told to
 * Disconnect first. The same company gets the new pair, and the hand-offs parked waiting for it
 * resume.
 */
async function reauthorize(
  deps: GustoConnectionDeps,
  state: GustoOAuthStateRow,
  tokens: TokenResponse,
): Promise<CallbackOutcome> {
  const ctx = gustoContext(deps, tokens.access_token, state.account_id);
  const company = await readCompanyOfGrant(ctx);
  const live = await getLiveConnection(deps.db, state.account_id);
  const sealed = sealTokenResponse(deps.secretBox, tokens);
  if (live === undefined) {
    await revokeQuietly(deps, sealed.refresh_token, { account_id: state.account_id });
    return { kind: 'failed', reason: 'no connection to reauthorize' };
  }
  if (live.company_uuid !== company.company_uuid) {
    await revokeQuietly(deps, sealed.refresh_token, { account_id: state.account_id });
    return { kind: 'other_company', granted: company.company_name, connected: live.company_name };
  }

  await storeReauthorizedTokens(deps.db, live, sealed, nowOf(deps).toISOString());
  const resumed = await unparkWhere(deps.db, { park_reason: reauthParkReason(state.account_id) });
  deps.logger.info(
    { account_id: state.account_id, connection_id: live.id, resumed },
    'gusto connection reauthorized',
  );

  return { kind: 'reauthorized', company_name: live.company_name, resumed };
}
