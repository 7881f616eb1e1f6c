import { type Context, Hono } from 'hono';
import { z } from 'zod';
import type { SandboxContext } from '../context.js';
import { revokeGrantsWhere } from '../oauth/grants.js';
import type { SandboxApp, SandboxStore } from '../state.js';
import { newOpaqueToken } from '../state.js';

/**
 * A redirect URI must be absolute and carry no fragment.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-3.1.2
 */
const redirectUri = z
  .string()
  .max(2000)
  .refine((value) => URL.canParse(value) && !value.includes('#'), {
    message: 'must be an absolute URL without a fragment',
  });

const appBody = z.strictObject({
  name: z.string().trim().min(1).max(200),
  redirect_uris: z.array(redirectUri).min(1).max(20),
});

const companyFilter = z.strictObject({ company_uuid: z.string().min(1).optional() });

/** At most ten years per call, so a typo cannot overflow the clock. */
const clockBody = z.strictObject({
  advance_seconds: z
    .number()
    .int()
    .min(0)
    .max(10 * 365 * 24 * 3600),
});

/** Control API for apps, tokens, grants, clock and reset (JSON in and out, local use only). */
export function adminControlRoutes(ctx: SandboxContext): Hono {
  const app = new Hono();
  const { store } = ctx;
  app.post('/apps', (c) => withBody(c, appBody, (body) => c.json(registerApp(store, body), 201)));
  app.post('/tokens/expire', (c) =>
    withCompany(c, store, (company_uuid) => c.json({ expired: expireTokens(store, company_uuid) })),
  );
  app.post('/grants/revoke', (c) =>
    withCompany(c, store, (company_uuid) => c.json({ revoked: revokeGrants(store, company_uuid) })),
  );
  app.post('/clock', (c) => withBody(c, clockBody, (body) => c.json(advanceClock(store, body))));
  app.post('/reset', (c) => withBody(c, z.strictObject({}), () => c.json(reset(store))));

  return app;
}

/** Registers an OAuth application with fresh Gusto-style credentials (43 characters each). */
function registerApp(store: SandboxStore, body: z.infer<typeof appBody>): SandboxApp {
  const app: SandboxApp = {
    client_id: newOpaqueToken(),
    client_secret: newOpaqueToken(),
    name: body.name,
    redirect_uris: body.redirect_uris,
  };
  store.data.apps[app.client_id] = app;
  store.changed();

  return app;
}

/** Ends the life of every live access token (of one company's grants, when given). */
function expireTokens(store: SandboxStore, company_uuid: string | undefined): number {
  const now = store.nowSeconds();
  let expired = 0;
  for (const token of Object.values(store.data.access_tokens)) {
    const grant = token.grant_id ? store.data.grants[token.grant_id] : undefined;
    if (company_uuid !== undefined && grant?.company_uuid !== company_uuid) continue;
    if (token.revoked || now >= token.created_at + token.expires_in) continue;
    token.created_at = now - token.expires_in;
    expired += 1;
  }
  store.changed();

  return expired;
}

function revokeGrants(store: SandboxStore, company_uuid: string | undefined): number {
  return revokeGrantsWhere(
    store,
    (g) => company_uuid === undefined || g.company_uuid === company_uuid,
  );
}

function advanceClock(store: SandboxStore, body: z.infer<typeof clockBody>) {
  store.data.clock_offset_seconds += body.advance_seconds;
  store.changed();

  return {
    clock_offset_seconds: store.data.clock_offset_seconds,
    now: store.nowSeconds(),
    now_iso: store.nowIso(),
  };
}

/**
 * Seeds again from scratch but keeps the registered applications with every redirect URI added
 * since, so an ATS running beside the sandbox can still connect after a reset.
 */
function reset(store: SandboxStore): { reset: true } {
  const apps = store.data.apps;
  store.reset();
  for (const [client_id, app] of Object.entries(apps)) {
    const seeded = store.data.apps[client_id];
    const redirect_uris = [...new Set([...(seeded?.redirect_uris ?? []), ...app.redirect_uris])];
    store.data.apps[client_id] = { ...app, redirect_uris };
  }
  store.changed();

  return { reset: true };
}

async function withCompany(
  c: Context,
  store: SandboxStore,
  act: (company_uuid: string | undefined) => Response,
): Promise<Response> {
  return withBody(c, companyFilter, ({ company_uuid }) => {
    if (company_uuid !== undefined && !store.data.companies[company_uuid]) {
      return badInput(c, [`company_uuid: no company ${company_uuid} in the sandbox`]);
    }

    return act(company_uuid);
  });
}

/** Parses the JSON body (an empty body reads as `{}`), or answers 400 naming every problem. */
async function withBody<T>(
  c: Context,
  schema: z.ZodType<T>,
  act: (body: T) => Response,
): Promise<Response> {
  const text = await c.req.text();
  let json: unknown;
  try {
    json = text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    return badInput(c, ['body: not valid JSON']);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    return badInput(
      c,
      parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`),
    );
  }

  return act(parsed.data);
}

function badInput(c: Context, issues: string[]): Response {
  return c.json({ error: 'invalid_request', message: issues.join('; '), issues }, 400);
}
