import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The sandbox's whole state: plain JSON, kept in memory and saved to one file so a restart keeps
 * it. Resources are stored in the shape Gusto answers with (snake_case, string money, `version`),
 * so the API can return them with little mapping.
 */
export interface SandboxData {
  /** Gusto admins who can sign in on the authorize page. */
  admins: Record<string, SandboxAdmin>;
  /** OAuth applications by client_id. */
  apps: Record<string, SandboxApp>;
  companies: Record<string, SandboxCompany>;
  locations: Record<string, SandboxLocation>;
  departments: Record<string, SandboxDepartment>;
  employees: Record<string, SandboxEmployee>;
  jobs: Record<string, SandboxJob>;
  compensations: Record<string, SandboxCompensation>;
  contractors: Record<string, SandboxContractor>;
  work_addresses: Record<string, SandboxWorkAddress>;
  home_addresses: Record<string, SandboxHomeAddress>;
  /** Authorization codes by code value. */
  authorization_codes: Record<string, SandboxAuthorizationCode>;
  /** One grant per (application, company) authorization; tokens hang off it. */
  grants: Record<string, SandboxGrant>;
  /** Access tokens by token value. */
  access_tokens: Record<string, SandboxAccessToken>;
  /** Refresh tokens by token value. */
  refresh_tokens: Record<string, SandboxRefreshToken>;
  webhook_subscriptions: Record<string, SandboxWebhookSubscription>;
  /** Events, oldest first. */
  events: SandboxEvent[];
  /** Seconds added to the wall clock by `POST /__sandbox/clock`. */
  clock_offset_seconds: number;
  /** Browser sessions on the sandbox's own pages (sign-in, consent, Team members), by id. */
  admin_sessions: Record<string, SandboxAdminSession>;
}

/** A Gusto admin account (sign-in identity) administering one or more companies. */
export interface SandboxAdmin {
  uuid: string;
  email: string;
  first_name: string;
  last_name: string;
  /** scrypt hash as `salt:hash` hex. */
  password_hash: string;
  company_uuids: string[];
}

/** A registered OAuth application. */
export interface SandboxApp {
  client_id: string;
  client_secret: string;
  name: string;
  redirect_uris: string[];
}

/** A company, as `GET /v1/companies/{id}` answers (locations are joined in at read time). */
export interface SandboxCompany {
  uuid: string;
  name: string;
  trade_name: string | null;
  ein: string;
  entity_type: string;
  company_status: string;
  is_suspended: boolean;
  tier: string | null;
  primary_payroll_admin: { first_name: string; last_name: string; phone: string; email: string };
}

/** A company location (`Location` schema). */
export interface SandboxLocation {
  uuid: string;
  company_uuid: string;
  version: string;
  phone_number: string;
  street_1: string;
  street_2: string | null;
  city: string;
  state: string;
  zip: string;
  country: string;
  active: boolean;
  mailing_address: boolean;
  filing_address: boolean;
  created_at: string;
  updated_at: string;
}

/** A department (`Department` schema; members are derived from employees and contractors). */
export interface SandboxDepartment {
  uuid: string;
  company_uuid: string;
  version: string;
  title: string;
}

/** An employee. Extra Gusto fields are added by the API as needed. */
export interface SandboxEmployee {
  uuid: string;
  company_uuid: string;
  version: string;
  first_name: string;
  middle_initial: string | null;
  last_name: string;
  preferred_first_name: string | null;
  email: string | null;
  work_email: string | null;
  date_of_birth: string | null;
  phone: string | null;
  has_ssn: boolean;
  self_onboarding: boolean;
  onboarded: boolean;
  onboarding_status: string;
  terminated: boolean;
  department_uuid: string | null;
  payment_method: string;
  created_at: string;
  /** Who created it: the grant id, or `seed` for seeded people. */
  created_by_grant: string | null;
  /** Set through `PUT /v1/employees/{id}`; absent reads as null. */
  two_percent_shareholder?: boolean | null;
}

/** A job on an employee (2024-04-01 app-integrations surface). */
export interface SandboxJob {
  uuid: string;
  employee_uuid: string;
  version: string;
  title: string;
  hire_date: string;
  location_uuid: string | null;
  primary: boolean;
  two_percent_shareholder: boolean;
  state_wc_covered: boolean | null;
  state_wc_class_code: string | null;
}

/** A compensation on a job. */
export interface SandboxCompensation {
  uuid: string;
  job_uuid: string;
  version: string;
  rate: string;
  payment_unit: string;
  flsa_status: string;
  effective_date: string;
  adjust_for_minimum_wage: boolean;
  /** The compensation's own title; absent reads as the job's title. */
  title?: string | null;
}

/** A contractor (`Contractor` schema). */
export interface SandboxContractor {
  uuid: string;
  company_uuid: string;
  version: string;
  type: 'Individual' | 'Business';
  wage_type: 'Fixed' | 'Hourly';
  first_name: string | null;
  last_name: string | null;
  middle_initial: string | null;
  business_name: string | null;
  ein: string | null;
  email: string | null;
  start_date: string;
  hourly_rate: string;
  self_onboarding: boolean;
  file_new_hire_report: boolean;
  work_state: string | null;
  is_active: boolean;
  onboarded: boolean;
  onboarding_status: string;
  has_ssn: boolean;
  department_uuid: string | null;
  created_at: string;
  created_by_grant: string | null;
}

/** An employee work address (`Employee-Work-Address`). */
export interface SandboxWorkAddress {
  uuid: string;
  employee_uuid: string;
  location_uuid: string;
  version: string;
  effective_date: string;
  active: boolean;
}

/** An employee home address (`Employee-Address`). */
export interface SandboxHomeAddress {
  uuid: string;
  employee_uuid: string;
  version: string;
  street_1: string;
  street_2: string | null;
  city: string;
  state: string;
  zip: string;
  country: string;
  effective_date: string;
  courtesy_withholding: boolean;
  active: boolean;
}

/** An issued authorization code: single use, 10 minutes. */
export interface SandboxAuthorizationCode {
  code: string;
  client_id: string;
  redirect_uri: string;
  company_uuid: string;
  admin_uuid: string;
  /** Epoch seconds (sandbox clock). */
  expires_at: number;
  used: boolean;
  /** The grant created when the code was exchanged, so a replay can revoke its tokens. */
  grant_id?: string | null;
}

/** A browser session: a CSRF token from the first page view, an admin once signed in. */
export interface SandboxAdminSession {
  id: string;
  csrf_token: string;
  admin_uuid: string | null;
  /** Epoch seconds (sandbox clock). */
  expires_at: number;
}

/** One application's authorization for one company (strict access: one company per grant). */
export interface SandboxGrant {
  id: string;
  client_id: string;
  company_uuid: string;
  admin_uuid: string;
  revoked: boolean;
  created_at: number;
}

/** An access token; `system` tokens belong to the application, not a company. */
export interface SandboxAccessToken {
  token: string;
  kind: 'company' | 'system';
  client_id: string;
  /** Null for system tokens. */
  grant_id: string | null;
  scope: string;
  created_at: number;
  expires_in: number;
  revoked: boolean;
  /** Whether the token has been used for an API call yet. */
  used: boolean;
  /** The refresh token issued beside it; null for system tokens. */
  refresh_token: string | null;
  /**
   * The refresh token that was exchanged to get this one. Gusto revokes it on the first use of
   * this access token ("The previous refresh_token will be revoked on the first usage of the new
   * access_token", Refresh access token reference).
   */
  previous_refresh_token: string | null;
}

/** A refresh token. */
export interface SandboxRefreshToken {
  token: string;
  grant_id: string;
  client_id: string;
  revoked: boolean;
}

/** A webhook subscription (`Webhook-Subscription`) plus its secret verification token. */
export interface SandboxWebhookSubscription {
  uuid: string;
  client_id: string;
  url: string;
  status: 'pending' | 'verified' | 'removed' | 'unreachable';
  subscription_types: string[];
  verification_token: string;
}

/** An event (`Event` schema). */
export interface SandboxEvent {
  uuid: string;
  event_type: string;
  resource_type: 'Company';
  resource_uuid: string;
  entity_type: string;
  entity_uuid: string;
  /** Epoch seconds. */
  timestamp: number;
}

/** An empty state. */
export function emptySandboxData(): SandboxData {
  return {
    admins: {},
    apps: {},
    companies: {},
    locations: {},
    departments: {},
    employees: {},
    jobs: {},
    compensations: {},
    contractors: {},
    work_addresses: {},
    home_addresses: {},
    authorization_codes: {},
    grants: {},
    access_tokens: {},
    refresh_tokens: {},
    webhook_subscriptions: {},
    events: [],
    clock_offset_seconds: 0,
    admin_sessions: {},
  };
}

/** A new Gusto-style opaque token: 43 characters of URL-safe base64, as Gusto issues. */
export function newOpaqueToken(): string {
  return randomBytes(32).toString('base64url');
}

/** A new resource version: 32 hex characters, as Gusto's `version` values look. */
export function newVersion(): string {
  return randomBytes(16).toString('hex');
}

/** A new resource uuid. */
export function newUuid(): string {
  return randomUUID();
}

/**
 * The store: state in memory, saved to `file` (when given) shortly after each change, and
 * written synchronously on `flush()`. One sandbox process owns its file.
 */
export class SandboxStore {
  data: SandboxData;
  private saveTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly file: string | null,
    private readonly seed: (store: SandboxStore) => void,
  ) {
    this.data = this.load() ?? emptySandboxData();
    if (Object.keys(this.data.admins).length === 0) {
      this.seed(this);
      this.changed();
    }
  }

  /** The sandbox clock in epoch seconds: wall time plus any advance from the control API. */
  nowSeconds(): number {
    return Math.floor(Date.now() / 1000) + this.data.clock_offset_seconds;
  }

  /** The sandbox clock as an ISO-8601 instant. */
  nowIso(): string {
    return new Date(this.nowSeconds() * 1000).toISOString();
  }

  /** The sandbox clock's calendar date, `YYYY-MM-DD` (UTC). */
  today(): string {
    return this.nowIso().slice(0, 10);
  }

  /** Marks the state dirty; it is saved within 50 ms. */
  changed(): void {
    if (!this.file || this.saveTimer) return;
    this.saveTimer = setTimeout(() => this.flush(), 50);
    this.saveTimer.unref();
  }

  /** Writes the state now (atomically: temp file then rename). */
  flush(): void {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = null;
    if (!this.file) return;
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(this.data), { mode: 0o600 });
    fs.renameSync(tmp, this.file);
  }

  /** Drops everything and seeds again. */
  reset(): void {
    this.data = emptySandboxData();
    this.seed(this);
    this.changed();
  }

  private load(): SandboxData | null {
    if (!this.file || !fs.existsSync(this.file)) return null;
    const parsed = JSON.parse(fs.readFileSync(this.file, 'utf8')) as Partial<SandboxData>;

    // Tolerate a file written before a collection existed.
    return { ...emptySandboxData(), ...parsed };
  }
}
