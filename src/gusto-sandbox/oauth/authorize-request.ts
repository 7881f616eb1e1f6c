import type { SandboxApp, SandboxStore } from '../state.js';

/** The parameters of an authorization request, as they travel through sign-in and consent. */
export interface AuthorizeParams {
  client_id: string;
  redirect_uri: string;
  response_type: string;
  state?: string;
}

/** What to do with an authorization request. */
export type AuthorizeCheck =
  /** The client or redirect URI cannot be trusted: show an error, never redirect. */
  | { kind: 'error_page'; message: string }
  /** The client is known: send the error back to it. */
  | { kind: 'redirect_error'; location: string }
  | { kind: 'valid'; app: SandboxApp; params: AuthorizeParams };

/**
 * Checks an authorization request. A bad `client_id` or a `redirect_uri` that is not exactly a
 * registered one is shown on the page; any other problem is redirected back with its error code.
 * Gusto takes its scopes from the application, so `scope` is ignored (FACTS §1.2).
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2.1
 */
export function checkAuthorizeRequest(store: SandboxStore, input: URLSearchParams): AuthorizeCheck {
  const client_id = single(input, 'client_id');
  const redirect_uri = single(input, 'redirect_uri');
  const app = client_id ? store.data.apps[client_id] : undefined;
  if (!app) return { kind: 'error_page', message: 'The client_id is missing or unknown.' };
  if (!redirect_uri || !app.redirect_uris.includes(redirect_uri)) {
    return {
      kind: 'error_page',
      message:
        'The redirect_uri is missing or does not match a URI registered for this application.',
    };
  }

  const state = input.get('state') ?? undefined;
  const response_type = single(input, 'response_type');
  const problem = responseTypeProblem(input, response_type);
  if (problem) {
    return { kind: 'redirect_error', location: redirectTo(redirect_uri, { ...problem, state }) };
  }

  const params: AuthorizeParams = { client_id: app.client_id, redirect_uri, response_type: 'code' };
  if (state !== undefined) params.state = state;

  return { kind: 'valid', app, params };
}

function responseTypeProblem(
  input: URLSearchParams,
  response_type: string | undefined,
): { error: string; error_description: string } | null {
  const duplicated = ['response_type', 'state'].find((name) => input.getAll(name).length > 1);
  if (duplicated) {
    return {
      error: 'invalid_request',
      error_description: `The ${duplicated} parameter is included more than once.`,
    };
  }
  if (!response_type) {
    return {
      error: 'invalid_request',
      error_description: 'Missing required parameter: response_type.',
    };
  }
  if (response_type !== 'code') {
    return {
      error: 'unsupported_response_type',
      error_description: 'The authorization server does not support this response type.',
    };
  }

  return null;
}

/** A parameter given exactly once (RFC 6749 §3.1: no repeats), else undefined. */
function single(input: URLSearchParams, name: string): string | undefined {
  const values = input.getAll(name);

  return values.length === 1 ? values[0] : undefined;
}

/**
 * The redirect URI with parameters added to its query; `state` is echoed exactly when the client
 * sent one (RFC 6749 §4.1.2).
 */
export function redirectTo(
  redirect_uri: string,
  params: Record<string, string | undefined>,
): string {
  const url = new URL(redirect_uri);
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined) url.searchParams.append(name, value);
  }

  return url.toString();
}

/** The authorize URL (path and query) that resumes this request after sign-in or sign-up. */
export function authorizePath(params: AuthorizeParams): string {
  return `/oauth/authorize?${new URLSearchParams({ ...params })}`;
}
