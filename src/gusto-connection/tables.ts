/** Health of a connection; only `active` lets calls reach Gusto. */
export type ConnectionStatus = 'active' | 'needs_reauthorization' | 'disconnected';

/** Why an OAuth round trip was started, checked again when Gusto sends the admin back. */
export type OAuthPurpose = 'connect' | 'reauthorize';

/** A row of `gusto_connections`: one per connection made, the live one unique per account. */
export interface GustoConnectionRow {
  id: string;
  account_id: string;
  /** `account_id` while active or needing reauthorization, NULL once disconnected. */
  live_account_id: string | null;
  status: ConnectionStatus;
  company_uuid: string;
  company_name: string;
  /** Sealed with the secret box; NULL once disconnected. */
  access_token: string | null;
  /** Sealed with the secret box; NULL once disconnected. */
  refresh_token: string | null;
  access_token_expires_at: string | null;
  scope: string;
  /** Bumped by every new token pair; the compare-and-set guard of a refresh. */
  token_generation: number;
  /** While in the future, one process holds the right to refresh. */
  refresh_lease_until: string | null;
  refresh_lease_owner: string | null;
  /** Why the status last changed away from active (logged words, no secrets). */
  status_reason: string | null;
  connected_by: string | null;
  connected_at: string;
  /** When a live call with this grant last succeeded. */
  last_verified_at: string | null;
  disconnected_by: string | null;
  disconnected_at: string | null;
  updated_at: string;
}

/** A row of `gusto_oauth_states`: one authorization request in flight. */
export interface GustoOAuthStateRow {
  /** SHA-256 (hex) of the `state` value, so a copy of the table cannot answer a callback. */
  id: string;
  account_id: string;
  user_id: string;
  session_id: string;
  purpose: OAuthPurpose;
  /** Groups the authorizations of one connect flow, so Configure Access can show them all. */
  flow_id: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

/** A row of `gusto_pending_grants`: a company authorized in a flow, awaiting Save. */
export interface GustoPendingGrantRow {
  id: string;
  account_id: string;
  flow_id: string;
  user_id: string;
  company_uuid: string;
  company_name: string;
  /** JSON array of `{ uuid, label }`, for the Configure Access box. */
  locations: string;
  access_token: string;
  refresh_token: string;
  access_token_expires_at: string;
  scope: string;
  created_at: string;
  expires_at: string;
}

/** Tables of the Gusto connection. */
export interface GustoConnectionTables {
  gusto_connections: GustoConnectionRow;
  gusto_oauth_states: GustoOAuthStateRow;
  gusto_pending_grants: GustoPendingGrantRow;
}
