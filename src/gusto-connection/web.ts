import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { HTTPException } from 'hono/http-exception';
import { createSecretBox, resolveSecretKey, type SecretBox } from '../crypto/secret-box.js';
import type { AppDeps, SignedInEnv, WebApp, WebExtension } from '../web/context.js';
import { readForm } from '../web/form.js';
import { requireAdmin, requireUser } from '../web/require-user.js';
import { handleCallback } from './callback.js';
import { checkConnection } from './check-connection.js';
import { getLiveConnection } from './connection-repository.js';
import type { GustoConnectionDeps } from './deps.js';
import { disconnect } from './disconnect.js';
import type { StateOwner } from './oauth-state.js';
import {
  activatePage,
  authorizationFailedPage,
  configureAccessPage,
  flowExpiredPage,
  otherCompanyPage,
  planLockedPage,
  signUpInterstitialPage,
  stateRefusedPage,
} from './pages.js';
import { type FlowScope, listPendingGrants } from './pending-grants.js';
import { saveConnection } from './save-connection.js';
import type { GustoSettings } from './settings.js';
import { signUpRoute } from './sign-up.js';
import { startAuthorization } from './start-authorization.js';
import { planAllowsGusto } from './tile.js';

export { gustoTile } from './tile.js';

type Ctx = Context<SignedInEnv>;

/** Options of the extension; each has a default. */
export interface GustoConnectionExtensionOptions {
  /** Defaults to a box keyed by `resolveSecretKey(config)` (HIREBRIDGE_SECRET_KEY or dev key). */
  secretBox?: SecretBox;
}

/** The connection deps the web routes use, built once from the app's deps. */
export function connectionDepsFor(
  app: AppDeps,
  settings: GustoSettings,
  secretBox?: SecretBox,
): GustoConnectionDeps {
  return {
    db: app.storage.db,
    secretBox: secretBox ?? createSecretBox(resolveSecretKey(app.config)),
    settings,
    logger: app.logger,
  };
}

/**
 * Mounts the Gusto connection routes under /integrations/gusto: Activate, the two choices, the
 * OAuth callback, Configure Access and Save, Check connection, Reauthorize and Disconnect. Every
 * route needs a signed-in admin; the connect routes also need the Scale or Enterprise plan.
 * State changes are POSTs, which the app's CSRF check covers.
 */
export function gustoConnectionExtension(
  settings: GustoSettings,
  options: GustoConnectionExtensionOptions = {},
): WebExtension {
  return (app: WebApp, appDeps: AppDeps) => {
    const deps = connectionDepsFor(appDeps, settings, options.secretBox);
    const base = '/integrations/gusto';
    const connect = [requireUser, requireAdmin, requireGustoPlan] as const;
    app.get(`${base}/activate`, ...connect, (c) => activate(c, deps));
    app.post(`${base}/authorize`, ...connect, (c) => authorize(c, deps));
    app.get(`${base}/callback`, ...connect, (c) => callback(c, deps));
    app.get(`${base}/configure`, ...connect, (c) => configure(c, deps));
    app.post(`${base}/save`, ...connect, (c) => save(c, deps));
    app.post(`${base}/reauthorize`, ...connect, (c) => reauthorize(c, deps));
    app.post(`${base}/check`, requireUser, (c) => check(c, deps));
    // Disconnect stays open on every plan, so a downgraded account can still revoke its grant.
    app.post(`${base}/disconnect`, requireUser, requireAdmin, (c) => leave(c, deps));
  };
}

const requireGustoPlan = createMiddleware<SignedInEnv>(async (c, next) => {
  if (!planAllowsGusto(c.var.account)) return planLockedPage(c);

  return next();
});

function ownerOf(c: Ctx): StateOwner {
  const session = c.var.session;
  if (!session) throw new HTTPException(401, { message: 'not_signed_in' });

  return { account_id: c.var.account.id, user_id: c.var.user.id, session_id: session.sessionId };
}

function toTile(c: Ctx, notice: string) {
  return c.redirect(`/integrations?gusto=${notice}#gusto`, 303);
}

async function activate(c: Ctx, deps: GustoConnectionDeps) {
  const live = await getLiveConnection(deps.db, c.var.account.id);
  if (live) return toTile(c, 'already_connected');

  return activatePage(c);
}

async function authorize(c: Ctx, deps: GustoConnectionDeps) {
  const form = await readForm(c);
  const live = await getLiveConnection(deps.db, c.var.account.id);
  if (live) return toTile(c, 'already_connected');

  const flow_id = uuidOrUndefined(form.flow_id);
  const start = await startAuthorization(deps, ownerOf(c), { purpose: 'connect', flow_id });
  if (form.account !== 'new') return c.redirect(start.authorizeUrl, 303);

  const signUp = signUpRoute(deps.settings, start.authorizeUrl);
  if (signUp.kind === 'redirect') return c.redirect(signUp.url, 303);

  return signUpInterstitialPage(c, signUp.signUpUrl, signUp.authorizeUrl);
}

function uuidOrUndefined(value: string | undefined): string | undefined {
  return value && /^[0-9a-f-]{36}$/i.test(value) ? value : undefined;
}

async function reauthorize(c: Ctx, deps: GustoConnectionDeps) {
  const live = await getLiveConnection(deps.db, c.var.account.id);
  if (!live) return toTile(c, 'not_connected');
  const start = await startAuthorization(deps, ownerOf(c), { purpose: 'reauthorize' });

  return c.redirect(start.authorizeUrl, 303);
}

async function callback(c: Ctx, deps: GustoConnectionDeps) {
  const outcome = await handleCallback(deps, ownerOf(c), {
    state: c.req.query('state'),
    code: c.req.query('code'),
    error: c.req.query('error'),
  });
  switch (outcome.kind) {
    case 'refused':
      return stateRefusedPage(c, outcome.reason);
    case 'denied':
      return toTile(c, 'denied');
    case 'failed':
      return authorizationFailedPage(c, outcome.reason);
    case 'authorized':
      return c.redirect(`/integrations/gusto/configure?flow=${outcome.flow_id}`, 303);
    case 'reauthorized':
      return toTile(c, 'reauthorized');
    case 'other_company':
      return otherCompanyPage(c, outcome.granted, outcome.connected);
  }
}

function flowScope(c: Ctx, flow_id: string | undefined): FlowScope | undefined {
  const id = uuidOrUndefined(flow_id);
  if (id === undefined) return undefined;

  return { account_id: c.var.account.id, user_id: c.var.user.id, flow_id: id };
}

async function configure(c: Ctx, deps: GustoConnectionDeps) {
  const scope = flowScope(c, c.req.query('flow'));
  const grants = scope ? await listPendingGrants(deps.db, scope, new Date()) : [];
  if (!scope || grants.length === 0) return flowExpiredPage(c);

  return configureAccessPage(c, scope.flow_id, grants);
}

async function save(c: Ctx, deps: GustoConnectionDeps) {
  const form = await readForm(c);
  const scope = flowScope(c, form.flow_id);
  if (!scope) return flowExpiredPage(c);

  const outcome = await saveConnection(deps, scope, form.pending_grant_id);
  if (outcome.kind === 'saved') return toTile(c, 'connected');
  if (outcome.kind === 'expired') return flowExpiredPage(c);
  if (outcome.kind === 'already_connected') return toTile(c, 'already_connected');

  const grants = await listPendingGrants(deps.db, scope, new Date());
  const error =
    outcome.kind === 'choose'
      ? 'Choose the Gusto company this account sends hires to.'
      : `Gusto did not confirm the access (${outcome.reason}). Nothing was saved; try Save again.`;

  return configureAccessPage(c, scope.flow_id, grants, error);
}

async function check(c: Ctx, deps: GustoConnectionDeps) {
  const outcome = await checkConnection(deps, c.var.account.id);
  if (outcome.kind === 'verified') return toTile(c, 'verified');
  if (outcome.kind === 'failed') return toTile(c, 'check_failed');

  return toTile(c, outcome.kind);
}

async function leave(c: Ctx, deps: GustoConnectionDeps) {
  const outcome = await disconnect(deps, c.var.account.id, c.var.user.id);
  if (outcome.kind === 'not_connected') return toTile(c, 'not_connected');

  return toTile(c, outcome.revoked ? 'disconnected' : 'disconnected_unrevoked');
}
