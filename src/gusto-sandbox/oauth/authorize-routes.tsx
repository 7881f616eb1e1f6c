import { type Context, Hono } from 'hono';
import type { SandboxContext } from '../context.js';
import type { SandboxAdmin, SandboxAdminSession, SandboxStore } from '../state.js';
import { newOpaqueToken } from '../state.js';
import {
  type AuthorizeParams,
  authorizePath,
  checkAuthorizeRequest,
  redirectTo,
} from './authorize-request.js';
import { readForm } from './form.js';
import { ensureSession, signedInAdmin, validCsrf } from './session.js';
import { ConsentPage, ErrorPage, SignInPage } from './views.js';

/** Authorization codes live 10 minutes (Gusto OAuth guide: "Expiration Time: 10 minutes"). */
export const AUTHORIZATION_CODE_LIFETIME_SECONDS = 600;

/**
 * `GET /oauth/authorize` (sign-in, then consent) and `POST /oauth/authorize` (the decision).
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.1
 */
export function authorizeRoutes(ctx: SandboxContext): Hono {
  const app = new Hono();
  app.get('/oauth/authorize', (c) => showAuthorize(c, ctx.store));
  app.post('/oauth/authorize', (c) => decide(c, ctx.store));

  return app;
}

function showAuthorize(c: Context, store: SandboxStore): Response | Promise<Response> {
  const check = checkAuthorizeRequest(store, new URL(c.req.url).searchParams);
  if (check.kind === 'error_page') return badRequestPage(c, check.message);
  if (check.kind === 'redirect_error') return c.redirect(check.location, 302);

  const session = ensureSession(c, store);
  const admin = signedInAdmin(c, store);
  if (!admin) {
    return c.html(<SignInPage csrf={session.csrf_token} return_to={authorizePath(check.params)} />);
  }

  return consent(c, store, { session, admin, params: check.params, app_name: check.app.name });
}

interface ConsentInput {
  session: SandboxAdminSession;
  admin: SandboxAdmin;
  params: AuthorizeParams;
  app_name: string;
  error?: string;
}

function consent(
  c: Context,
  store: SandboxStore,
  input: ConsentInput,
): Response | Promise<Response> {
  const companies = input.admin.company_uuids.flatMap((uuid) => {
    const company = store.data.companies[uuid];
    return company ? [{ uuid, name: company.name }] : [];
  });
  if (companies.length === 0) {
    return badRequestPage(c, `${input.admin.email} administers no company to connect.`);
  }

  const page = (
    <ConsentPage
      csrf={input.session.csrf_token}
      app_name={input.app_name}
      admin_email={input.admin.email}
      companies={companies}
      authorize={{ ...input.params }}
      return_to={authorizePath(input.params)}
      error={input.error}
    />
  );

  return c.html(page, input.error ? 400 : 200);
}

/**
 * Authorize or Deny. Deny sends `access_denied` (RFC 6749 §4.1.2.1); Authorize binds a code to the
 * chosen company, one company per grant (Gusto strict access).
 */
async function decide(c: Context, store: SandboxStore): Promise<Response> {
  const form = await readForm(c);
  const check = checkAuthorizeRequest(store, form);
  if (check.kind === 'error_page') return badRequestPage(c, check.message);
  if (check.kind === 'redirect_error') return c.redirect(check.location, 302);

  const session = ensureSession(c, store);
  if (!validCsrf(session, form.get('_csrf')))
    return expiredFormPage(c, authorizePath(check.params));
  const admin = signedInAdmin(c, store);
  if (!admin) return c.redirect(authorizePath(check.params), 303);

  const { params } = check;
  if (form.get('decision') !== 'authorize') {
    return c.redirect(
      redirectTo(params.redirect_uri, { error: 'access_denied', state: params.state }),
      302,
    );
  }

  const company_uuid = form.get('company_uuid') ?? '';
  if (!admin.company_uuids.includes(company_uuid) || !store.data.companies[company_uuid]) {
    const error = 'Pick a company before you authorize.';
    return consent(c, store, { session, admin, params, app_name: check.app.name, error });
  }

  const code = issueAuthorizationCode(store, params, admin, company_uuid);

  return c.redirect(redirectTo(params.redirect_uri, { code, state: params.state }), 302);
}

function issueAuthorizationCode(
  store: SandboxStore,
  params: AuthorizeParams,
  admin: SandboxAdmin,
  company_uuid: string,
): string {
  const code = newOpaqueToken();
  store.data.authorization_codes[code] = {
    code,
    client_id: params.client_id,
    redirect_uri: params.redirect_uri,
    company_uuid,
    admin_uuid: admin.uuid,
    expires_at: store.nowSeconds() + AUTHORIZATION_CODE_LIFETIME_SECONDS,
    used: false,
    grant_id: null,
  };
  store.changed();

  return code;
}

/** The page for a request that must not be redirected (RFC 6749 §4.1.2.1). */
export function badRequestPage(c: Context, message: string): Response | Promise<Response> {
  return c.html(<ErrorPage title="Something went wrong" message={message} />, 400);
}

/** The page for a form whose CSRF token does not match the session. */
export function expiredFormPage(c: Context, retry: string): Response | Promise<Response> {
  const message = 'This form expired or did not come from this site.';

  return c.html(<ErrorPage title="Form expired" message={message} retry={retry} />, 403);
}
