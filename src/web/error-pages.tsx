import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from './context.js';
import { type PageOptions, renderPage } from './layout.js';

type ErrorStatus = NonNullable<PageOptions['status']>;

/** What each refusal tells the user to do, by the reason carried in the exception message. */
const REFUSALS: Record<string, { title: string; text: string }> = {
  csrf: {
    title: 'This form has expired',
    text: 'The form was too old or was not sent from Hirebridge. Go back, reload the page and submit it again.',
  },
  not_signed_in: {
    title: 'Sign in to continue',
    text: 'Your session has ended. Sign in again, then repeat what you were doing.',
  },
  admin_only: {
    title: 'Only admins can do this',
    text: 'Ask an admin of your account to make this change.',
  },
};

const STATUS_PAGES: Partial<Record<number, { title: string; text: string }>> = {
  400: { title: 'That request was not understood', text: 'Go back and try again.' },
  404: {
    title: 'Page not found',
    text: 'There is nothing here, or it belongs to another account. Check the address or go back.',
  },
};

/** Renders a refusal page for an HTTP error thrown by a route or middleware. */
export function renderHttpError<E extends AppEnv>(c: Context<E>, error: HTTPException) {
  const status = (error.status >= 400 && error.status < 500 ? error.status : 500) as ErrorStatus;
  const page = REFUSALS[error.message] ??
    STATUS_PAGES[status] ?? { title: 'Request refused', text: 'Go back and try again.' };

  return errorPage(c, status, page);
}

/** Renders the page for an unexpected failure; the details go to the log, not the user. */
export function renderServerError<E extends AppEnv>(c: Context<E>) {
  return errorPage(c, 500, {
    title: 'Something went wrong on our side',
    text: `Nothing you did caused this. Try again in a moment; if it keeps happening, give your administrator the reference ${c.var.requestId ?? 'unknown'}.`,
  });
}

/**
 * The page for a form over the size limit. Nothing was saved; the browser's Back button returns
 * to the form with what was typed still in it.
 */
export function renderTooLarge<E extends AppEnv>(c: Context<E>, maxBytes: number) {
  const limit = `${Math.floor(maxBytes / 1024)} KB`;

  return errorPage(c, 413, {
    title: 'That was too much to send',
    text: [
      `A form can send at most ${limit}, and this one was larger, so nothing was saved.`,
      "Use your browser's Back button to return to the form: what you typed is still there.",
      'Shorten the longest field, such as a note or pasted text, and submit it again.',
    ].join(' '),
  });
}

/** The 404 page for unknown addresses. */
export function renderNotFound<E extends AppEnv>(c: Context<E>) {
  return renderHttpError(c, new HTTPException(404));
}

function errorPage<E extends AppEnv>(
  c: Context<E>,
  status: ErrorStatus,
  page: { title: string; text: string },
) {
  const signIn = status === 401 || (status === 403 && !c.var.session);

  return renderPage(
    c,
    { title: page.title, status },
    <>
      <h1>{page.title}</h1>
      <p>{page.text}</p>
      <p>
        {signIn ? <a href="/sign-in">Sign in</a> : <a href="/dashboard">Go to the dashboard</a>}
      </p>
    </>,
  );
}

/** Whether an error is an HTTP refusal rather than a failure. */
export function isHttpError(error: unknown): error is HTTPException {
  return error instanceof HTTPException;
}
