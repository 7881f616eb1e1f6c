/**
 * The account's Gusto grant no longer works (refresh token refused, or a 401 that a fresh token
 * did not cure): an admin must Reauthorize. The hand-off parks its task on this error with
 * park_reason `gusto_reauth:<account_id>`.
 */
export class ReauthorizationRequiredError extends Error {
  override name = 'ReauthorizationRequiredError';

  constructor(
    readonly account_id: string,
    readonly reason: string,
  ) {
    super(`The Gusto connection of account ${account_id} needs reauthorization: ${reason}`);
  }
}

/** The account has no live Gusto connection (never connected, or disconnected). */
export class GustoNotConnectedError extends Error {
  override name = 'GustoNotConnectedError';

  constructor(readonly account_id: string) {
    super(`Account ${account_id} is not connected to Gusto`);
  }
}

/**
 * Another process held the refresh lease for longer than a refresh can take and the token did
 * not change; a transient condition, the caller retries later.
 */
export class RefreshWaitTimeoutError extends Error {
  override name = 'RefreshWaitTimeoutError';

  constructor(readonly account_id: string) {
    super(`Timed out waiting for another process to refresh the Gusto token of ${account_id}`);
  }
}

/** The park_reason under which hand-offs wait for this account's reauthorization. */
export function reauthParkReason(account_id: string): string {
  return `gusto_reauth:${account_id}`;
}
