/**
 * The Gusto API version this client speaks, sent as `X-Gusto-API-Version` on every call; it
 * matches the SDK package `@gusto/embedded-api-v-2026-06-15`.
 * @see https://docs.gusto.com/app-integrations/docs/getting-setup
 */
export const GUSTO_API_VERSION = '2026-06-15';
