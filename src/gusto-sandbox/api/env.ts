import type { TokenAuth } from '../oauth/tokens.js';

/** API versions the sandbox answers; the first is the default when the header is absent. */
export const SUPPORTED_API_VERSIONS = ['2025-06-15', '2026-06-15'] as const;

/** One of `SUPPORTED_API_VERSIONS`. */
export type ApiVersion = (typeof SUPPORTED_API_VERSIONS)[number];

/** Per-request values the API middleware sets for route handlers and the request log. */
export interface ApiVariables {
  /** The checked bearer token. */
  auth: TokenAuth;
  /** The `X-Gusto-API-Version` this request is answered as. */
  api_version: ApiVersion;
  /** The company the request acted for, for the request log. */
  company_uuid: string | null;
}

/** The Hono environment of the v1 API. */
export interface ApiEnv {
  Variables: ApiVariables;
}
