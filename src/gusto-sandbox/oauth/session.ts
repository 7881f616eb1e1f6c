import { timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { SandboxAdmin, SandboxAdminSession, SandboxStore } from '../state.js';
import { newOpaqueToken } from '../state.js';

/** Name of the sandbox's browser session cookie. */
export const SESSION_COOKIE = 'gusto_sandbox_session';

/** A browser session lasts 12 hours of sandbox clock. */
const SESSION_LIFETIME_SECONDS = 12 * 60 * 60;

/** The live session named by the request's cookie, if any. */
export function currentSession(c: Context, store: SandboxStore): SandboxAdminSession | null {
  const id = getCookie(c, SESSION_COOKIE);
  const session = id ? store.data.admin_sessions[id] : undefined;
  if (!session || session.expires_at <= store.nowSeconds()) return null;

  return session;
}

/** The current session, or a new anonymous one (it carries the CSRF token for the forms). */
export function ensureSession(c: Context, store: SandboxStore): SandboxAdminSession {
  return currentSession(c, store) ?? startSession(c, store, null);
}

/** The admin signed in on this request's session, if any. */
export function signedInAdmin(c: Context, store: SandboxStore): SandboxAdmin | null {
  const admin_uuid = currentSession(c, store)?.admin_uuid;

  return admin_uuid ? (store.data.admins[admin_uuid] ?? null) : null;
}

/** Signs an admin in on a fresh session id, so a session planted before sign-in is worthless. */
export function signIn(c: Context, store: SandboxStore, admin: SandboxAdmin): SandboxAdminSession {
  endSession(c, store);

  return startSession(c, store, admin.uuid);
}

/** Ends the request's session (sign-out). */
export function endSession(c: Context, store: SandboxStore): void {
  const id = getCookie(c, SESSION_COOKIE);
  if (id && store.data.admin_sessions[id]) {
    delete store.data.admin_sessions[id];
    store.changed();
  }
}

/** Whether a submitted form carries this session's CSRF token. */
export function validCsrf(session: SandboxAdminSession | null, submitted: unknown): boolean {
  if (!session || typeof submitted !== 'string') return false;
  const expected = Buffer.from(session.csrf_token);
  const given = Buffer.from(submitted);

  return expected.length === given.length && timingSafeEqual(expected, given);
}

function startSession(
  c: Context,
  store: SandboxStore,
  admin_uuid: string | null,
): SandboxAdminSession {
  pruneExpired(store);
  const session: SandboxAdminSession = {
    id: newOpaqueToken(),
    csrf_token: newOpaqueToken(),
    admin_uuid,
    expires_at: store.nowSeconds() + SESSION_LIFETIME_SECONDS,
  };
  store.data.admin_sessions[session.id] = session;
  store.changed();
  setCookie(c, SESSION_COOKIE, session.id, { path: '/', httpOnly: true, sameSite: 'Lax' });

  return session;
}

function pruneExpired(store: SandboxStore): void {
  const now = store.nowSeconds();
  for (const [id, session] of Object.entries(store.data.admin_sessions)) {
    if (session.expires_at <= now) delete store.data.admin_sessions[id];
  }
}
