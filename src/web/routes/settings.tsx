import type { Context } from 'hono';
import { z } from 'zod';
import {
  createUser,
  EmailTakenError,
  listUsers,
  PLAN_LABELS,
  PLANS,
  ROLE_LABELS,
  ROLES,
  type User,
  updateAccount,
} from '../../accounts/accounts.js';
import { newPasswordProblem, PASSWORD_RULE } from '../../accounts/password.js';
import type { SignedInEnv, WebApp } from '../context.js';
import {
  choice,
  type FieldErrors,
  parseForm,
  readForm,
  requiredEmail,
  requiredText,
} from '../form.js';
import { ErrorSummary, SelectField, TextField } from '../form-view.js';
import { CsrfField, renderPage } from '../layout.js';
import { requireAdmin, requireUser } from '../require-user.js';

const ACCOUNT_LABELS = { name: 'Account name', plan: 'Plan' };
const USER_LABELS = { user_name: 'Name', user_email: 'Email', role: 'Role', password: 'Password' };

const accountSchema = z.object({
  name: requiredText('account name'),
  plan: choice(PLANS, 'Choose a plan: Free, Start, Scale or Enterprise'),
});

const userSchema = z.object({
  user_name: requiredText('name', 100),
  user_email: requiredEmail('email'),
  role: choice(ROLES, 'Choose a role: Admin or Recruiter'),
  password: z.preprocess(
    (v) => (typeof v === 'string' ? v : ''),
    z.string().superRefine((password, ctx) => {
      const problem = newPasswordProblem(password);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
  ),
});

const NOTICES: Record<string, string> = {
  account: 'Account settings saved.',
  user: 'User added.',
};

type Ctx = Context<SignedInEnv>;
type Kept = Record<string, string | undefined>;

/** Settings: account name and plan, and the account's users. Changes are for admins. */
export function mountSettingsRoutes(app: WebApp): void {
  app.get('/settings', requireUser, (c) => settingsPage(c, {}, {}));
  app.post('/settings/account', requireUser, requireAdmin, async (c) => {
    const values = await readForm(c);
    const form = parseForm(accountSchema, values);
    if (!form.ok) return settingsPage(c, values, form.errors);
    await updateAccount(c.var.deps.storage.db, c.var.account.id, form.data);
    c.var.log.info({ plan: form.data.plan }, 'account settings changed');

    return c.redirect('/settings?notice=account', 303);
  });
  app.post('/settings/users', requireUser, requireAdmin, async (c) => {
    const values = await readForm(c);
    const form = parseForm(userSchema, values);
    if (!form.ok) return settingsPage(c, withoutPassword(values), form.errors);
    const { user_name, user_email, role, password } = form.data;
    try {
      const input = { accountId: c.var.account.id, name: user_name, email: user_email };
      await createUser(c.var.deps.storage.db, { ...input, role, password });
    } catch (error) {
      if (!(error instanceof EmailTakenError)) throw error;
      const message = 'Use another email: this one already signs in to Hirebridge';
      return settingsPage(c, withoutPassword(values), { user_email: message });
    }

    return c.redirect('/settings?notice=user', 303);
  });
}

function withoutPassword(values: Kept): Kept {
  return { ...values, password: '' };
}

async function settingsPage(c: Ctx, values: Kept, errors: FieldErrors) {
  const users = await listUsers(c.var.deps.storage.db, c.var.account.id);
  const isAdmin = c.var.user.role === 'admin';
  const status = Object.keys(errors).length > 0 ? 400 : 200;
  const notice = NOTICES[c.req.query('notice') ?? ''];

  return renderPage(
    c,
    { title: 'Settings', active: 'settings', status, notice },
    <>
      <h1>Settings</h1>
      <ErrorSummary errors={errors} labels={{ ...ACCOUNT_LABELS, ...USER_LABELS }} />
      <AccountSection c={c} values={values} errors={errors} isAdmin={isAdmin} />
      <h2>Users</h2>
      <UserTable users={users} />
      {isAdmin ? <AddUserForm c={c} values={values} errors={errors} /> : null}
    </>,
  );
}

function AccountSection(props: { c: Ctx; values: Kept; errors: FieldErrors; isAdmin: boolean }) {
  const account = props.c.var.account;
  if (!props.isAdmin) {
    return (
      <dl class="details card">
        <dt>Account name</dt>
        <dd>{account.name}</dd>
        <dt>Plan</dt>
        <dd>{PLAN_LABELS[account.plan]}</dd>
      </dl>
    );
  }

  return (
    <form method="post" action="/settings/account" class="card" novalidate>
      <h2>Account</h2>
      <CsrfField token={props.c.var.csrfToken} />
      <TextField
        name="name"
        label={ACCOUNT_LABELS.name}
        value={props.values.name ?? account.name}
        error={props.errors.name}
      />
      <SelectField
        name="plan"
        label={ACCOUNT_LABELS.plan}
        hint="The Gusto integration belongs to the Scale and Enterprise plans."
        options={PLANS.map((p) => [p, PLAN_LABELS[p]] as const)}
        value={props.values.plan ?? account.plan}
        error={props.errors.plan}
      />
      <button type="submit">Save account</button>
    </form>
  );
}

function UserTable(props: { users: User[] }) {
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Email</th>
          <th scope="col">Role</th>
        </tr>
      </thead>
      <tbody>
        {props.users.map((u) => (
          <tr>
            <td>{u.name}</td>
            <td>{u.email}</td>
            <td>{ROLE_LABELS[u.role]}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function AddUserForm(props: { c: Ctx; values: Kept; errors: FieldErrors }) {
  const { values, errors } = props;

  return (
    <form method="post" action="/settings/users" class="card" novalidate>
      <h2>Add a user</h2>
      <CsrfField token={props.c.var.csrfToken} />
      <TextField name="user_name" label="Name" value={values.user_name} error={errors.user_name} />
      <TextField
        name="user_email"
        label="Email"
        type="email"
        value={values.user_email}
        error={errors.user_email}
      />
      <SelectField
        name="role"
        label="Role"
        options={ROLES.map((r) => [r, ROLE_LABELS[r]] as const)}
        value={values.role ?? 'recruiter'}
        error={errors.role}
      />
      <TextField
        name="password"
        label="Password"
        type="password"
        autocomplete="new-password"
        hint={`${PASSWORD_RULE} Share it with the user in person.`}
        error={errors.password}
      />
      <button type="submit">Add user</button>
    </form>
  );
}
