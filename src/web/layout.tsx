import type { Context } from 'hono';
import { html } from 'hono/html';
import type { Child } from 'hono/jsx';
import type { SessionContext } from '../accounts/sessions.js';
import type { AppEnv } from './context.js';
import { CSRF_FIELD } from './session-cookie.js';

/** The entries of the left menu, in order. */
export const MENU = [
  { key: 'dashboard', label: 'Dashboard', href: '/dashboard' },
  { key: 'jobs', label: 'Jobs', href: '/jobs' },
  { key: 'candidates', label: 'Candidates', href: '/candidates' },
  { key: 'integrations', label: 'Integrations', href: '/integrations' },
  { key: 'settings', label: 'Settings', href: '/settings' },
] as const;

/** Which menu entry a page belongs to. */
export type MenuKey = (typeof MENU)[number]['key'];

/** What a page tells the layout. */
export interface PageOptions {
  title: string;
  /** The menu entry to mark as current. */
  active?: MenuKey;
  /** A one-line confirmation shown above the content ("Job created."). */
  notice?: string | undefined;
  /** HTTP status of the page; 200 unless given. */
  status?: 200 | 400 | 401 | 403 | 404 | 409 | 413 | 429 | 500;
}

/** The hidden field carrying the CSRF token; every form that posts must include it. */
export function CsrfField(props: { token: string }) {
  return <input type="hidden" name={CSRF_FIELD} value={props.token} />;
}

function Menu(props: { active: MenuKey | undefined }) {
  return (
    <nav class="menu" aria-label="Main">
      <div class="brand">Hirebridge</div>
      <ul>
        {MENU.map((item) => (
          <li>
            <a href={item.href} aria-current={item.key === props.active ? 'page' : undefined}>
              {item.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function TopBar(props: { session: SessionContext; csrfToken: string }) {
  return (
    <header class="topbar">
      <span>
        {props.session.user.name} · {props.session.account.name}
      </span>
      <form method="post" action="/sign-out" class="inline">
        <CsrfField token={props.csrfToken} />
        <button type="submit" class="secondary">
          Sign out
        </button>
      </form>
    </header>
  );
}

/** The page shell: left menu and top bar for signed-in users, a bare page otherwise. */
export function Layout<E extends AppEnv>(props: PageOptions & { c: Context<E>; children?: Child }) {
  const session = props.c.var.session;
  const body = (
    <main class={session ? 'content' : 'content sign-in'} id="main">
      {props.notice ? (
        <p class="notice" role="status">
          {props.notice}
        </p>
      ) : null}
      {props.children}
    </main>
  );

  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · Hirebridge`}</title>
        <link rel="stylesheet" href="/assets/app.css" />
      </head>
      <body>
        {session ? (
          <div class="shell">
            <Menu active={props.active} />
            <div class="main">
              <TopBar session={session} csrfToken={props.c.var.csrfToken} />
              {body}
            </div>
          </div>
        ) : (
          body
        )}
      </body>
    </html>
  );
}

/** Renders a full page through the layout; the way every page of the app answers. */
export function renderPage<E extends AppEnv>(c: Context<E>, options: PageOptions, content: Child) {
  const page = (
    <Layout c={c} {...options}>
      {content}
    </Layout>
  );

  return c.html(html`<!doctype html>${page}`, options.status ?? 200);
}
