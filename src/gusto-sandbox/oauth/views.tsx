import { FieldError, Layout } from '../pages/layout.js';

/** Errors by form field name, shown next to the field. */
export type FieldErrors = Partial<Record<string, string>>;

/** Hidden fields every sandbox form carries. */
function Hidden(props: { fields: Record<string, string> }) {
  return (
    <>
      {Object.entries(props.fields).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
    </>
  );
}

/** A text input with its label and its error, values kept on a failed submit. */
function Field(props: {
  name: string;
  label: string;
  type?: string;
  value?: string | undefined;
  autocomplete: string;
  errors: FieldErrors;
}) {
  const error = props.errors[props.name];
  const errorId = `${props.name}-error`;

  return (
    <>
      <label for={props.name}>{props.label}</label>
      <input
        id={props.name}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value ?? ''}
        autocomplete={props.autocomplete}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? errorId : undefined}
      />
      <FieldError id={errorId} message={error} />
    </>
  );
}

/** The Gusto sign-in page. */
export function SignInPage(props: {
  csrf: string;
  return_to: string;
  email?: string;
  errors?: FieldErrors;
}) {
  const errors = props.errors ?? {};
  const signUp = `/oauth/sign_up?${new URLSearchParams({ return_to: props.return_to })}`;

  return (
    <Layout title="Sign in" narrow>
      <h1>Sign in to Gusto</h1>
      <form method="post" action="/oauth/sign_in" novalidate>
        <Hidden fields={{ _csrf: props.csrf, return_to: props.return_to }} />
        <Field
          name="email"
          label="Email"
          type="email"
          value={props.email ?? ''}
          autocomplete="username"
          errors={errors}
        />
        <Field
          name="password"
          label="Password"
          type="password"
          autocomplete="current-password"
          errors={errors}
        />
        <button type="submit" class="primary">
          Sign in
        </button>
      </form>
      <p>
        New to Gusto? <a href={signUp}>Create a Gusto account</a>
      </p>
    </Layout>
  );
}

/** Values of the sign-up form, kept when it is shown again. */
export interface SignUpValues {
  first_name: string;
  last_name: string;
  email: string;
  company_name: string;
}

/** The "Create a Gusto account" page: a new admin and their company. */
export function SignUpPage(props: {
  csrf: string;
  return_to: string;
  values?: SignUpValues;
  errors?: FieldErrors;
}) {
  const errors = props.errors ?? {};
  const v = props.values;

  return (
    <Layout title="Create a Gusto account" narrow>
      <h1>Create a Gusto account</h1>
      <form method="post" action="/oauth/sign_up" novalidate>
        <Hidden fields={{ _csrf: props.csrf, return_to: props.return_to }} />
        <Field
          name="first_name"
          label="First name"
          value={v?.first_name}
          autocomplete="given-name"
          errors={errors}
        />
        <Field
          name="last_name"
          label="Last name"
          value={v?.last_name}
          autocomplete="family-name"
          errors={errors}
        />
        <Field
          name="email"
          label="Email"
          type="email"
          value={v?.email}
          autocomplete="email"
          errors={errors}
        />
        <Field
          name="password"
          label="Password"
          type="password"
          autocomplete="new-password"
          errors={errors}
        />
        <Field
          name="company_name"
          label="Company name"
          value={v?.company_name}
          autocomplete="organization"
          errors={errors}
        />
        <button type="submit" class="primary">
          Create account
        </button>
      </form>
      <p>
        Already have an account?{' '}
        <a href={`/oauth/sign_in?${new URLSearchParams({ return_to: props.return_to })}`}>
          Sign in
        </a>
      </p>
    </Layout>
  );
}

/** A company the admin may connect. */
export interface CompanyChoice {
  uuid: string;
  name: string;
}

/** The consent page: names the application, and asks for a company when there are several. */
export function ConsentPage(props: {
  csrf: string;
  app_name: string;
  admin_email: string;
  companies: CompanyChoice[];
  authorize: Record<string, string>;
  /** Where sign-out continues: this authorization, to sign in as someone else. */
  return_to: string;
  error?: string | undefined;
}) {
  const only = props.companies.length === 1 ? props.companies[0] : undefined;

  return (
    <Layout title="Authorize" narrow>
      <h1>{`Authorize ${props.app_name} to connect to your account?`}</h1>
      <p>
        {`This will allow ${props.app_name} to view and access `}
        {only
          ? `${only.name}'s account information.`
          : 'the account information of the company you choose.'}
      </p>
      <form method="post" action="/oauth/authorize">
        <Hidden fields={{ ...props.authorize, _csrf: props.csrf }} />
        {only ? (
          <input type="hidden" name="company_uuid" value={only.uuid} />
        ) : (
          <CompanyPicker {...props} />
        )}
        <button type="submit" name="decision" value="authorize" class="primary">
          Authorize
        </button>
        <button type="submit" name="decision" value="deny">
          Deny
        </button>
      </form>
      <SignedInAs email={props.admin_email} csrf={props.csrf} return_to={props.return_to} />
    </Layout>
  );
}

function CompanyPicker(props: { companies: CompanyChoice[]; error?: string | undefined }) {
  return (
    <fieldset aria-describedby={props.error ? 'company_uuid-error' : undefined}>
      <legend>Configure access</legend>
      <p>Choose the company to connect. Each connection reaches one company.</p>
      {props.companies.map((company) => (
        <label>
          <input type="radio" name="company_uuid" value={company.uuid} /> {company.name}
        </label>
      ))}
      <FieldError id="company_uuid-error" message={props.error} />
    </fieldset>
  );
}

function SignedInAs(props: { email: string; csrf: string; return_to: string }) {
  return (
    <form method="post" action="/oauth/sign_out">
      <Hidden fields={{ _csrf: props.csrf, return_to: props.return_to }} />
      <p>
        {`Signed in as ${props.email}. `}
        <button type="submit">Sign out</button>
      </p>
    </form>
  );
}

/** An error shown instead of redirecting (bad client or redirect URI, expired form). */
export function ErrorPage(props: { title: string; message: string; retry?: string }) {
  return (
    <Layout title={props.title} narrow>
      <h1>{props.title}</h1>
      <p>{props.message}</p>
      {props.retry ? (
        <p>
          <a href={props.retry}>Try again</a>
        </p>
      ) : null}
    </Layout>
  );
}
