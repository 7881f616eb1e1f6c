import type { Context } from 'hono';
import { z } from 'zod';
import { MAX_PASSWORD_LENGTH } from '../../accounts/password.js';
import { deleteSession } from '../../accounts/sessions.js';
import { signIn } from '../../accounts/sign-in.js';
import { clientIp } from '../client-ip.js';
import type { AppEnv, WebApp } from '../context.js';
import { type FieldErrors, parseForm, readForm, searchText } from '../form.js';
import { ErrorSummary, TextField } from '../form-view.js';
import { CsrfField, renderPage } from '../layout.js';
import { clearSessionCookie, setSessionCookie } from '../session-cookie.js';

const signInSchema = z.object({
  email: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim() : ''),
    z
      .string()
      .min(1, 'Enter your email address')
      .max(254, 'Email addresses are at most 254 characters: check what you typed')
      .refine(
        (s) => searchText(s, 254) === s,
        'Enter your email address without control characters',
      ),
  ),
  password: z.preprocess(
    (v) => (typeof v === 'string' ? v : ''),
    z
      .string()
      .min(1, 'Enter your password')
      .max(
        MAX_PASSWORD_LENGTH,
        `Passwords are at most ${MAX_PASSWORD_LENGTH} characters: check what you typed`,
      ),
  ),
});

const LABELS = { email: 'Email', password: 'Password' };

/** Sign in, sign out, and the root address. */
export function mountSignInRoutes(app: WebApp): void {
  app.get('/', (c) => c.redirect(c.var.session ? '/dashboard' : '/sign-in', 303));
  app.get('/sign-in', (c) => {
    if (c.var.session) return c.redirect(safeNext(c.req.query('next')), 303);

    return signInPage(c, { email: '', next: c.req.query('next') ?? '' }, {});
  });
  app.post('/sign-in', handleSignIn);
  app.post('/sign-out', async (c) => {
    const session = c.var.session;
    if (session) await deleteSession(c.var.deps.storage.db, session.sessionId);
    clearSessionCookie(c);

    return c.redirect('/sign-in', 303);
  });
}

async function handleSignIn(c: Context<AppEnv>) {
  const values = await readForm(c);
  const kept = { email: values.email ?? '', next: values.next ?? '' };
  const form = parseForm(signInSchema, values);
  if (!form.ok) return signInPage(c, kept, form.errors, 400);

  const result = await signIn(c.var.deps.storage.db, { ...form.data, ip: clientIp(c) });
  c.var.log.info({ outcome: result.outcome }, 'sign-in attempt');
  if (result.outcome === 'throttled') {
    const minutes = Math.ceil(result.retryAfterSeconds / 60);
    c.header('Retry-After', String(result.retryAfterSeconds));
    const message = `Too many failed attempts. Wait ${minutes} minute${minutes === 1 ? '' : 's'} and try again.`;
    return signInPage(c, kept, { password: message }, 429);
  }
  if (result.outcome === 'invalid_credentials') {
    const message = 'Check your email and password: they do not match an account';
    return signInPage(c, kept, { password: message }, 400);
  }
  setSessionCookie(c, result.token);

  return c.redirect(safeNext(kept.next), 303);
}

/** Only a path on this site may follow sign-in, never another host. */
function safeNext(next: string | undefined): string {
  // Printable ASCII only: anything else could not go in a Location header anyway.
  if (!next || !/^\/(?![/\\])[\x21-\x7e]*$/.test(next)) return '/dashboard';

  return next;
}

function signInPage(
  c: Context<AppEnv>,
  kept: { email: string; next: string },
  errors: FieldErrors,
  status: 200 | 400 | 429 = 200,
) {
  return renderPage(
    c,
    { title: 'Sign in', status },
    <>
      <h1>Sign in to Hirebridge</h1>
      <ErrorSummary errors={errors} labels={LABELS} />
      <form method="post" action="/sign-in" novalidate>
        <CsrfField token={c.var.csrfToken} />
        <input type="hidden" name="next" value={kept.next} />
        <TextField
          name="email"
          label="Email"
          type="email"
          autocomplete="username"
          value={kept.email}
          error={errors.email}
        />
        <TextField
          name="password"
          label="Password"
          type="password"
          autocomplete="current-password"
          error={errors.password}
        />
        <button type="submit">Sign in</button>
      </form>
    </>,
  );
}
