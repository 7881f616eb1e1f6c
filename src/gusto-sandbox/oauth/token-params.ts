import type { Context } from 'hono';
import { OAuthError } from './oauth-error.js';

/** Largest token or revocation request body read; these requests are a few hundred bytes. */
const MAX_BODY_BYTES = 16 * 1024;

/**
 * Reads the parameters of a token or revocation request from a JSON body (what Gusto's reference
 * documents) or a form body (what RFC 6749 §4.1.3 specifies). Each parameter must be a string,
 * given once (RFC 6749 §3.2); the client secret never in the URL (Gusto answers 400 to that).
 */
export async function readOAuthParams(c: Context): Promise<Record<string, string>> {
  if (new URL(c.req.url).searchParams.has('client_secret')) {
    throw new OAuthError(
      'invalid_request',
      'The client_secret cannot be passed in the request URL.',
    );
  }

  const text = await readBodyText(c);
  const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  if (type === 'application/json') return jsonParams(text);
  if (type === 'application/x-www-form-urlencoded') return formParams(text);

  throw new OAuthError(
    'invalid_request',
    'The request body must be application/json or application/x-www-form-urlencoded.',
  );
}

async function readBodyText(c: Context): Promise<string> {
  const declared = Number(c.req.header('content-length') ?? '0');
  if (declared > MAX_BODY_BYTES) throw tooLarge();

  const text = await c.req.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) throw tooLarge();

  return text;
}

function tooLarge(): OAuthError {
  return new OAuthError(
    'invalid_request',
    `The request body is larger than ${MAX_BODY_BYTES} bytes.`,
  );
}

function jsonParams(text: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new OAuthError('invalid_request', 'The request body is not valid JSON.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new OAuthError('invalid_request', 'The request body must be a JSON object.');
  }

  const params: Record<string, string> = {};
  for (const [name, value] of Object.entries(parsed)) {
    if (value === null) continue;
    if (typeof value !== 'string') {
      throw new OAuthError('invalid_request', `The ${name} parameter must be a string.`);
    }
    params[name] = value;
  }

  return params;
}

function formParams(text: string): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(text)) {
    if (Object.hasOwn(params, name)) {
      throw new OAuthError('invalid_request', `The ${name} parameter is included more than once.`);
    }
    params[name] = value;
  }

  return params;
}

/** The named parameter, or `invalid_request` naming it when it is missing or empty. */
export function requiredParam(params: Record<string, string>, name: string): string {
  const value = params[name];
  if (!value) throw new OAuthError('invalid_request', `Missing required parameter: ${name}.`);

  return value;
}
