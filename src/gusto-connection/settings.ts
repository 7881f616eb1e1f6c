/**
 * How Hirebridge reaches Gusto: the OAuth application, the API host and the `fetch` to use.
 *
 * Built once at start-up (from `GUSTO_CLIENT_ID`, `GUSTO_CLIENT_SECRET`, `GUSTO_BASE_URL`, or the
 * built-in sandbox when none is set) and passed to the connection and hand-off extensions.
 */
export interface GustoSettings {
  /** API host, such as `https://api.gusto-demo.com`, or the sandbox's address. */
  baseUrl: string;
  /** OAuth client identifier of the Hirebridge application at Gusto. */
  client_id: string;
  /** OAuth client secret; never logged. */
  client_secret: string;
  /** Hirebridge's callback, registered with the Gusto application. */
  redirect_uri: string;
  /** The `fetch` every Gusto call goes through (the sandbox's in-process fetch in tests). */
  fetch: typeof fetch;
  /** Gusto web UI base for "View in Gusto" links; for the sandbox the same as `baseUrl`. */
  appUrl?: string;
}

/** The Gusto web UI base: `appUrl` when set, otherwise the API host (as for the sandbox). */
export function gustoAppUrl(settings: GustoSettings): string {
  return settings.appUrl ?? settings.baseUrl;
}
