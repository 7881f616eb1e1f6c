import type { SandboxGrant, SandboxStore } from '../state.js';
import { newUuid } from '../state.js';

/** Records one application's authorization for one company (strict access: one company). */
export function createGrant(
  store: SandboxStore,
  input: { client_id: string; company_uuid: string; admin_uuid: string },
): SandboxGrant {
  const grant: SandboxGrant = {
    id: newUuid(),
    ...input,
    revoked: false,
    created_at: store.nowSeconds(),
  };
  store.data.grants[grant.id] = grant;
  store.changed();

  return grant;
}

/** Revokes a grant with every access and refresh token issued under it. */
export function revokeGrant(store: SandboxStore, grant: SandboxGrant): void {
  grant.revoked = true;
  for (const token of Object.values(store.data.access_tokens)) {
    if (token.grant_id === grant.id) token.revoked = true;
  }
  for (const token of Object.values(store.data.refresh_tokens)) {
    if (token.grant_id === grant.id) token.revoked = true;
  }
  store.changed();
}

/** Revokes every live grant that matches; returns how many were revoked. */
export function revokeGrantsWhere(
  store: SandboxStore,
  matches: (grant: SandboxGrant) => boolean,
): number {
  const live = Object.values(store.data.grants).filter((g) => !g.revoked && matches(g));
  for (const grant of live) revokeGrant(store, grant);

  return live.length;
}
