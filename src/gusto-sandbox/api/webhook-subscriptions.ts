import { type Context, Hono } from 'hono';
import { z } from 'zod';
import type { SandboxContext } from '../context.js';
import type { SandboxWebhookSubscription } from '../state.js';
import { newUuid } from '../state.js';
import { apiVersionOf, requireScope } from './access.js';
import { readBody } from './body.js';
import type { ApiEnv, ApiVersion } from './env.js';
import { attributeError, notFoundError, unprocessableError } from './errors.js';
import { requiredText } from './fields.js';
import { deliver } from './webhook-delivery.js';

/** `subscription_types` values of the create body (spec `post-v1-webhook-subscription`). */
const SUBSCRIPTION_TYPES = [
  'BankAccount',
  'Company',
  'CompanyBenefit',
  'Contractor',
  'ContractorPayment',
  'Employee',
  'EmployeeBenefit',
  'EmployeeJobCompensation',
  'ExternalPayroll',
  'Form',
  'Location',
  'Notification',
  'Payroll',
  'PayrollSync',
  'PaySchedule',
  'PeopleBatch',
  'Signatory',
] as const;

/** 2026-06-15 adds `TimeOffRequest` to the types a request may name (Gusto SDK 2026-06-15). */
const SUBSCRIPTION_TYPES_2026 = [...SUBSCRIPTION_TYPES, 'TimeOffRequest'] as const;

/**
 * Types each version's `Webhook-Subscription` answer may carry: neither document lists
 * `PeopleBatch` there although both accept it in requests, and only 2026-06-15 lists
 * `TimeOffRequest`. A stored type the version cannot answer is left out of the answer.
 */
const ANSWERABLE_TYPES: Record<ApiVersion, ReadonlySet<string>> = {
  '2025-06-15': new Set(SUBSCRIPTION_TYPES.filter((t) => t !== 'PeopleBatch')),
  '2026-06-15': new Set(SUBSCRIPTION_TYPES_2026.filter((t) => t !== 'PeopleBatch')),
};

function subscriptionTypesFor(version: ApiVersion) {
  const allowed = version === '2025-06-15' ? SUBSCRIPTION_TYPES : SUBSCRIPTION_TYPES_2026;

  return z
    .array(z.enum(allowed), {
      error: `Subscription types must be an array of: ${allowed.join(', ')}`,
    })
    .min(1, "Subscription types can't be blank");
}

function createSubscriptionBody(version: ApiVersion) {
  return z.object({
    url: requiredText('Url').refine(isHttpUrl, 'Url is not a valid URL'),
    subscription_types: subscriptionTypesFor(version),
  });
}

function updateSubscriptionBody(version: ApiVersion) {
  return z.object({ subscription_types: subscriptionTypesFor(version) });
}

const verifyBody = z.object({ verification_token: requiredText('Verification token') });

function isHttpUrl(value: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

/** Webhook subscriptions of the calling application (system access token). */
export function webhookSubscriptionRoutes(ctx: SandboxContext): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  const base = '/v1/webhook_subscriptions';
  app.get(base, (c) => listSubscriptions(ctx, c));
  app.post(base, (c) => createSubscription(ctx, c));
  app.get(`${base}/:uuid`, (c) => getSubscription(ctx, c));
  app.put(`${base}/:uuid`, (c) => updateSubscription(ctx, c));
  app.delete(`${base}/:uuid`, (c) => deleteSubscription(ctx, c));
  app.put(`${base}/:uuid/verify`, (c) => verifySubscription(ctx, c));
  app.get(`${base}/:uuid/request_verification_token`, (c) => resendToken(ctx, c));

  return app;
}

/** `Webhook-Subscription` as `version` answers it; the verification token stays secret. */
function subscriptionView(
  subscription: SandboxWebhookSubscription,
  version: ApiVersion,
): Record<string, unknown> {
  const { uuid, url, status } = subscription;
  const answerable = ANSWERABLE_TYPES[version];
  const subscription_types = subscription.subscription_types.filter((t) => answerable.has(t));

  return { uuid, url, status, subscription_types };
}

/** A subscription of the calling application; others' are answered as not found. */
function subscriptionFor(ctx: SandboxContext, c: Context<ApiEnv>): SandboxWebhookSubscription {
  const subscription = ctx.store.data.webhook_subscriptions[c.req.param('uuid') ?? ''];
  if (subscription?.client_id !== c.get('auth').token.client_id) throw notFoundError();

  return subscription;
}

function listSubscriptions(ctx: SandboxContext, c: Context<ApiEnv>): Response {
  requireScope(c, 'webhook_subscriptions:read');
  const client_id = c.get('auth').token.client_id;
  const mine = Object.values(ctx.store.data.webhook_subscriptions).filter(
    (s) => s.client_id === client_id,
  );

  return c.json(mine.map((s) => subscriptionView(s, apiVersionOf(c))));
}

/**
 * Creates a pending subscription and posts `{"verification_token": …}` to its URL, which the
 * receiver sends back through `PUT …/verify` (Gusto webhooks guide).
 */
async function createSubscription(ctx: SandboxContext, c: Context<ApiEnv>): Promise<Response> {
  requireScope(c, 'webhook_subscriptions:write');
  const body = await readBody(c, createSubscriptionBody(apiVersionOf(c)));
  const subscription: SandboxWebhookSubscription = {
    uuid: newUuid(),
    client_id: c.get('auth').token.client_id,
    url: body.url,
    status: 'pending',
    subscription_types: [...new Set(body.subscription_types)],
    verification_token: newUuid(),
  };
  ctx.store.data.webhook_subscriptions[subscription.uuid] = subscription;
  ctx.store.changed();
  sendVerificationToken(ctx, subscription);

  return c.json(subscriptionView(subscription, apiVersionOf(c)), 201);
}

function sendVerificationToken(
  ctx: SandboxContext,
  subscription: SandboxWebhookSubscription,
): void {
  deliver(
    ctx,
    subscription,
    JSON.stringify({ verification_token: subscription.verification_token }),
  );
}

function getSubscription(ctx: SandboxContext, c: Context<ApiEnv>): Response {
  requireScope(c, 'webhook_subscriptions:read');

  return c.json(subscriptionView(subscriptionFor(ctx, c), apiVersionOf(c)));
}

async function updateSubscription(ctx: SandboxContext, c: Context<ApiEnv>): Promise<Response> {
  requireScope(c, 'webhook_subscriptions:write');
  const subscription = subscriptionFor(ctx, c);
  const body = await readBody(c, updateSubscriptionBody(apiVersionOf(c)));
  subscription.subscription_types = [...new Set(body.subscription_types)];
  ctx.store.changed();

  return c.json(subscriptionView(subscription, apiVersionOf(c)));
}

function deleteSubscription(ctx: SandboxContext, c: Context<ApiEnv>): Response {
  requireScope(c, 'webhook_subscriptions:write');
  const subscription = subscriptionFor(ctx, c);
  delete ctx.store.data.webhook_subscriptions[subscription.uuid];
  ctx.store.changed();

  return c.body(null, 204);
}

async function verifySubscription(ctx: SandboxContext, c: Context<ApiEnv>): Promise<Response> {
  requireScope(c, 'webhook_subscriptions:write');
  const subscription = subscriptionFor(ctx, c);
  const { verification_token } = await readBody(c, verifyBody);
  if (verification_token !== subscription.verification_token) {
    throw unprocessableError([
      attributeError('verification_token', 'Verification token is invalid'),
    ]);
  }
  subscription.status = 'verified';
  ctx.store.changed();

  return c.json(subscriptionView(subscription, apiVersionOf(c)));
}

function resendToken(ctx: SandboxContext, c: Context<ApiEnv>): Response {
  requireScope(c, 'webhook_subscriptions:read');
  sendVerificationToken(ctx, subscriptionFor(ctx, c));

  // The message Gusto's document gives for this operation.
  return c.json({
    message: 'Success! The subscriber will be notified with the verification token',
  });
}
