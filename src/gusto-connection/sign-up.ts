import type { GustoSettings } from './settings.js';

/** Gusto's own API hosts (FACTS §0); any other base URL is a sandbox. */
const REAL_GUSTO_HOSTS = new Set(['api.gusto.com', 'api.gusto-demo.com']);

/** Whether the settings point at real Gusto (production or demo) rather than a sandbox. */
export function isRealGusto(settings: Pick<GustoSettings, 'baseUrl'>): boolean {
  return REAL_GUSTO_HOSTS.has(new URL(settings.baseUrl).host);
}

/**
 * Where "We need a new Gusto account" goes. The sandbox's "Create a Gusto account" page takes a
 * `return_to` and sends the new admin straight on to the authorize page, so the flow continues
 * by itself. Real Gusto has no such return, so Hirebridge shows a page with Gusto's sign-up
 * (demo companies are made in the Developer Portal, FACTS §9) and a button back into the flow.
 */
export type SignUpRoute =
  | { kind: 'redirect'; url: string }
  | { kind: 'interstitial'; signUpUrl: string; authorizeUrl: string };

/** The sign-up route for an authorize URL already carrying its `state`. */
export function signUpRoute(settings: GustoSettings, authorizeUrl: string): SignUpRoute {
  if (isRealGusto(settings)) {
    return { kind: 'interstitial', signUpUrl: realSignUpUrl(settings), authorizeUrl };
  }
  const authorize = new URL(authorizeUrl);
  const url = new URL('/oauth/sign_up', settings.baseUrl);
  url.searchParams.set('return_to', `${authorize.pathname}${authorize.search}`);

  return { kind: 'redirect', url: url.toString() };
}

function realSignUpUrl(settings: Pick<GustoSettings, 'baseUrl'>): string {
  return new URL(settings.baseUrl).host === 'api.gusto-demo.com'
    ? 'https://dev.gusto.com/demo_companies/new'
    : 'https://gusto.com/';
}
