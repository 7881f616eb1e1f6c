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

/** The part of the configuration the Gusto settings come from. */
export interface GustoSettingsConfig {
  GUSTO_CLIENT_ID?: string | undefined;
  GUSTO_CLIENT_SECRET?: string | undefined;
  GUSTO_BASE_URL?: string | undefined;
  PUBLIC_URL?: string | undefined;
  HOST: string;
  PORT: number;
}

/** Path of Hirebridge's OAuth callback; register `<public URL>` + this path with Gusto. */
export const GUSTO_CALLBACK_PATH = '/integrations/gusto/callback';

/** The ATS's public base URL: `PUBLIC_URL`, else its own listening address. */
function publicUrlOf(config: GustoSettingsConfig): string {
  return config.PUBLIC_URL ?? `http://${config.HOST}:${config.PORT}`;
}

/**
 * Settings for real Gusto from `GUSTO_CLIENT_ID`, `GUSTO_CLIENT_SECRET` and `GUSTO_BASE_URL`
 * (the config schema requires all three together), or undefined when they are unset and the
 * built-in sandbox is to be used instead.
 */
export function realGustoSettings(config: GustoSettingsConfig): GustoSettings | undefined {
  const { GUSTO_CLIENT_ID, GUSTO_CLIENT_SECRET, GUSTO_BASE_URL } = config;
  if (!GUSTO_CLIENT_ID || !GUSTO_CLIENT_SECRET || !GUSTO_BASE_URL) return undefined;

  return {
    baseUrl: GUSTO_BASE_URL,
    client_id: GUSTO_CLIENT_ID,
    client_secret: GUSTO_CLIENT_SECRET,
    redirect_uri: new URL(GUSTO_CALLBACK_PATH, publicUrlOf(config)).toString(),
    fetch,
    // Gusto's web app is assumed at app.gusto.com / app.gusto-demo.com; the API documents only
    // the api.* hosts, so "View in Gusto" links rest on this guess.
    appUrl: GUSTO_BASE_URL.replace('://api.', '://app.'),
  };
}

/** Settings for a sandbox application registered at `sandboxUrl` for this ATS's callback. */
export function sandboxGustoSettings(
  config: GustoSettingsConfig,
  sandboxUrl: string,
  app: { client_id: string; client_secret: string },
): GustoSettings {
  return {
    baseUrl: sandboxUrl,
    client_id: app.client_id,
    client_secret: app.client_secret,
    redirect_uri: new URL(GUSTO_CALLBACK_PATH, publicUrlOf(config)).toString(),
    fetch,
    appUrl: sandboxUrl,
  };
}
