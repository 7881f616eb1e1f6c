import { createAccount, createUser, type Plan, type Role } from '../accounts/accounts.js';
import { loadConfig } from '../config/config.js';
import { createLogger } from '../logging/logger.js';
import type { Storage } from '../storage/database.js';
import { createApp } from './app.js';
import type { AppDeps, WebApp } from './context.js';

/** Password of every user made by `addTestUser`. */
export const TEST_PASSWORD = 'correct horse battery';

/** A browser-like client of an in-process app: keeps cookies, finds CSRF tokens in pages. */
export class TestBrowser {
  private readonly cookies = new Map<string, string>();
  /** The CSRF token of the last page fetched. */
  csrf = '';

  constructor(readonly app: WebApp) {}

  /** Sends a request as this browser would, following no redirects. */
  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) headers.set('cookie', this.cookieHeader());
    const response = await this.app.request(path, { ...init, headers });
    this.remember(response);

    return response;
  }

  /** Fetches a page and remembers its CSRF token. */
  async get(path: string): Promise<{ status: number; text: string; response: Response }> {
    const response = await this.request(path);
    const text = await response.text();
    const token = /name="_csrf" value="([^"]+)"/.exec(text)?.[1];
    if (token) this.csrf = token;

    return { status: response.status, text, response };
  }

  /** Posts a form with the current CSRF token unless `_csrf` is given. */
  async post(path: string, fields: Record<string, string> = {}): Promise<Response> {
    const body = new URLSearchParams({ _csrf: this.csrf, ...fields });

    return this.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });
  }

  /** Signs in through the sign-in form. */
  async signIn(email: string, password = TEST_PASSWORD): Promise<Response> {
    await this.get('/sign-in');
    const response = await this.post('/sign-in', { email, password });
    await this.get('/dashboard');

    return response;
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private remember(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const [name = '', value = ''] = pair.split('=');
      const expired = attributes.some((a) => /max-age=0\b/i.test(a.trim()));
      if (expired || value === '') this.cookies.delete(name.trim());
      else this.cookies.set(name.trim(), value);
    }
  }
}

/** Builds the app over a test database, with a quiet logger and default configuration. */
export function createTestApp(storage: Storage, extra: Partial<AppDeps> = {}): WebApp {
  const config = loadConfig({ NODE_ENV: 'test', HIREBRIDGE_DATA_DIR: '/nonexistent' });
  const logger = createLogger({ level: 'silent' });

  return createApp({ storage, config, logger, ...extra });
}

/** Adds an account with one user; returns both ids and the user's email. */
export async function addTestAccount(
  storage: Storage,
  options: { name?: string; plan?: Plan; role?: Role } = {},
): Promise<{ accountId: string; userId: string; email: string }> {
  const account = await createAccount(storage.db, {
    name: options.name ?? 'Test Co',
    plan: options.plan ?? 'scale',
  });
  const email = `user-${crypto.randomUUID()}@example.test`;
  const user = await addTestUser(storage, account.id, email, options.role ?? 'admin');

  return { accountId: account.id, userId: user.id, email };
}

/** Adds a user with `TEST_PASSWORD` to an account. */
export async function addTestUser(storage: Storage, accountId: string, email: string, role: Role) {
  return createUser(storage.db, {
    accountId,
    email,
    name: 'Test User',
    role,
    password: TEST_PASSWORD,
  });
}
