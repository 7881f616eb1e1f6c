import { type Context, Hono } from 'hono';
import type { SandboxContext } from '../context.js';
import { addLocation, createAdmin, createCompany } from '../seed.js';
import type { SandboxAdmin, SandboxStore } from '../state.js';
import { expiredFormPage } from './authorize-routes.js';
import { field, readForm, safeReturnTo } from './form.js';
import { verifyPassword } from './passwords.js';
import { endSession, ensureSession, signIn, validCsrf } from './session.js';
import { type FieldErrors, SignInPage, SignUpPage, type SignUpValues } from './views.js';

/** Shortest password the sign-up form accepts. */
const MIN_PASSWORD_LENGTH = 8;

/** Sign-in, "Create a Gusto account" and sign-out, each continuing to a local `return_to`. */
export function accountRoutes(ctx: SandboxContext): Hono {
  const app = new Hono();
  const { store } = ctx;
  app.get('/oauth/sign_in', (c) => {
    const return_to = safeReturnTo(c.req.query('return_to'));
    return c.html(<SignInPage csrf={ensureSession(c, store).csrf_token} return_to={return_to} />);
  });
  app.post('/oauth/sign_in', (c) => postSignIn(c, store));
  app.get('/oauth/sign_up', (c) => {
    const return_to = safeReturnTo(c.req.query('return_to'));
    return c.html(<SignUpPage csrf={ensureSession(c, store).csrf_token} return_to={return_to} />);
  });
  app.post('/oauth/sign_up', (c) => postSignUp(c, store));
  app.post('/oauth/sign_out', (c) => postSignOut(c, store));

  return app;
}

async function postSignIn(c: Context, store: SandboxStore): Promise<Response> {
  const form = await readForm(c);
  const return_to = safeReturnTo(form.get('return_to'));
  const session = ensureSession(c, store);
  if (!validCsrf(session, form.get('_csrf'))) return expiredFormPage(c, return_to);

  const email = field(form, 'email');
  const password = form.get('password') ?? '';
  const errors: FieldErrors = {};
  if (!email) errors.email = 'Enter your email.';
  if (!password) errors.password = 'Enter your password.';
  const admin = email && password ? findAdmin(store, email) : undefined;
  if (email && password && (!admin || !verifyPassword(password, admin.password_hash))) {
    errors.password = 'Incorrect email or password.';
  }
  if (!admin || Object.keys(errors).length > 0) {
    const page = (
      <SignInPage csrf={session.csrf_token} return_to={return_to} email={email} errors={errors} />
    );
    return c.html(page, 400);
  }

  signIn(c, store, admin);

  return c.redirect(return_to, 303);
}

/** Admins are found by email, case-insensitively. */
function findAdmin(store: SandboxStore, email: string): SandboxAdmin | undefined {
  const wanted = email.toLowerCase();

  return Object.values(store.data.admins).find((a) => a.email.toLowerCase() === wanted);
}

/**
 * Creates an admin and their company (one default location, no departments), signs them in and
 * continues the authorization that sent them here.
 */
async function postSignUp(c: Context, store: SandboxStore): Promise<Response> {
  const form = await readForm(c);
  const return_to = safeReturnTo(form.get('return_to'));
  const session = ensureSession(c, store);
  if (!validCsrf(session, form.get('_csrf'))) return expiredFormPage(c, return_to);

  const values: SignUpValues = {
    first_name: field(form, 'first_name'),
    last_name: field(form, 'last_name'),
    email: field(form, 'email'),
    company_name: field(form, 'company_name'),
  };
  const password = form.get('password') ?? '';
  const errors = signUpErrors(store, values, password);
  if (Object.keys(errors).length > 0) {
    const page = (
      <SignUpPage csrf={session.csrf_token} return_to={return_to} values={values} errors={errors} />
    );
    return c.html(page, 400);
  }

  signIn(c, store, createAccount(store, values, password));

  return c.redirect(return_to, 303);
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function signUpErrors(store: SandboxStore, v: SignUpValues, password: string): FieldErrors {
  const errors: FieldErrors = {};
  if (!v.first_name) errors.first_name = 'Enter your first name.';
  if (!v.last_name) errors.last_name = 'Enter your last name.';
  if (!EMAIL.test(v.email)) errors.email = 'Enter a valid email address, like name@example.com.';
  else if (findAdmin(store, v.email)) {
    errors.email = 'An account with this email already exists. Sign in instead.';
  }
  if (password.length < MIN_PASSWORD_LENGTH) {
    errors.password = `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
  }
  if (!v.company_name) errors.company_name = 'Enter your company name.';
  for (const [name, value] of Object.entries(v)) {
    if (value.length > 200) errors[name] = 'Use at most 200 characters.';
  }

  return errors;
}

function createAccount(store: SandboxStore, v: SignUpValues, password: string): SandboxAdmin {
  const contact = { first_name: v.first_name, last_name: v.last_name, email: v.email };
  const company = createCompany(store, v.company_name, 'LLC', { ...contact, phone: '4155550199' });

  // The sign-up form asks for no address; the company starts with a placeholder office.
  addLocation(store, company.uuid, {
    street_1: '100 Market St',
    city: 'San Francisco',
    state: 'CA',
    zip: '94105',
    phone_number: '4155550199',
  });
  const admin = createAdmin(store, { ...contact, password });
  admin.company_uuids.push(company.uuid);

  return admin;
}

async function postSignOut(c: Context, store: SandboxStore): Promise<Response> {
  const form = await readForm(c);
  const session = ensureSession(c, store);
  const return_to = safeReturnTo(form.get('return_to'));
  if (!validCsrf(session, form.get('_csrf'))) return expiredFormPage(c, return_to);
  endSession(c, store);

  return c.redirect(return_to, 303);
}
