import type { Context, Hono } from 'hono';
import type { Child } from 'hono/jsx';
import type { Account, User } from '../accounts/accounts.js';
import type { SessionContext } from '../accounts/sessions.js';
import type { Candidate } from '../candidates/candidates.js';
import type { Hire } from '../candidates/hires.js';
import type { Config } from '../config/config.js';
import type { Logger } from '../logging/logger.js';
import type { Storage } from '../storage/database.js';

/** Form fields of a request, first value per name; files are ignored. */
export type FormValues = Record<string, string>;

/** What every request handler can reach through `c.var`. */
export type AppEnv = {
  Variables: {
    deps: AppDeps;
    /** Request-scoped logger carrying the request id (and account and user once known). */
    log: Logger;
    requestId: string;
    /** The signed-in session, if the request carries a live session cookie. */
    session: SessionContext | undefined;
    /** The token forms must echo in their `_csrf` field. */
    csrfToken: string;
  };
};

/** The environment after `requireUser`: the signed-in user and their account. */
export type SignedInEnv = AppEnv & { Variables: { user: User; account: Account } };

/** The Hono app type extensions mount their routes on. */
export type WebApp = Hono<AppEnv>;

/** Mounts extra routes (an integration's pages, callbacks, webhooks) on the app. */
export type WebExtension = (app: WebApp, deps: AppDeps) => void;

/** Where a hire panel is shown: the profile's Hire Information, or right after the hire step. */
export type HirePanelPlacement = 'profile' | 'after_hire';

/** What a hire panel is given to render. */
export interface HirePanelInput {
  c: Context<SignedInEnv>;
  user: User;
  account: Account;
  candidate: Candidate;
  hire: Hire | undefined;
  placement: HirePanelPlacement;
}

/**
 * Renders an extra block inside a candidate's "Hire Information" (and after the hire step), such
 * as a payroll integration's "send this hire" action and its state.
 */
export type HirePanel = (input: HirePanelInput) => Child | Promise<Child>;

/** Renders one tile of the Integrations page. */
export type IntegrationTile = (input: {
  c: Context<SignedInEnv>;
  user: User;
  account: Account;
}) => Child | Promise<Child>;

/** Everything the web app is built from. */
export interface AppDeps {
  storage: Storage;
  config: Config;
  logger: Logger;
  /** Route-mounting functions, run after the core routes are registered. */
  extensions?: readonly WebExtension[];
  /** Extra block for Hire Information and the page after the hire step. */
  hirePanel?: HirePanel;
  /** Tiles of the Integrations page, in order. */
  integrationTiles?: readonly IntegrationTile[];
}
