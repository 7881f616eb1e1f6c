import { createHmac } from 'node:crypto';
import type { SandboxContext } from '../context.js';
import type { SandboxEvent, SandboxWebhookSubscription } from '../state.js';

/**
 * `X-Gusto-Signature`: "a hash message authenticate code (HMAC) of the event payload using the
 * verification_code as the secret and SHA256 as the hash function" (Gusto webhooks guide), as
 * lowercase hex of the raw body.
 */
export function signPayload(rawBody: string, verification_token: string): string {
  return createHmac('sha256', verification_token).update(rawBody).digest('hex');
}

/** The thin event payload Gusto posts (Employee events guide; spec `Event`). */
export function eventPayload(event: SandboxEvent): string {
  const { uuid, event_type, resource_type, resource_uuid, entity_type, entity_uuid, timestamp } =
    event;

  return JSON.stringify({
    uuid,
    event_type,
    resource_type,
    resource_uuid,
    entity_type,
    entity_uuid,
    timestamp,
  });
}

/**
 * The verified subscriptions that receive an event: those of every application holding a live
 * grant on the event's company, subscribed to the event's entity type.
 */
export function subscribersOf(
  ctx: SandboxContext,
  event: SandboxEvent,
): SandboxWebhookSubscription[] {
  const data = ctx.store.data;
  const apps = new Set(
    Object.values(data.grants)
      .filter((g) => !g.revoked && g.company_uuid === event.resource_uuid)
      .map((g) => g.client_id),
  );

  return Object.values(data.webhook_subscriptions).filter(
    (s) =>
      s.status === 'verified' &&
      apps.has(s.client_id) &&
      s.subscription_types.includes(event.entity_type),
  );
}

/**
 * Posts `body` to a subscription, signed with its verification token. A non-2xx answer or a
 * network failure is retried with exponential backoff ("retry the request up to 16 times with an
 * exponential backoff", Gusto webhooks guide); retry timers never hold the process open.
 */
export function deliver(
  ctx: SandboxContext,
  subscription: SandboxWebhookSubscription,
  body: string,
  attempt = 1,
): void {
  void postOnce(ctx, subscription, body).then((delivered) => {
    const { attempts, base_ms } = ctx.options.webhookRetry;
    if (delivered || attempt >= attempts) {
      if (!delivered) ctx.logger.warn({ subscription: subscription.uuid }, 'webhook given up');
      return;
    }
    const timer = setTimeout(
      () => deliver(ctx, subscription, body, attempt + 1),
      base_ms * 2 ** (attempt - 1),
    );
    timer.unref();
  });
}

async function postOnce(
  ctx: SandboxContext,
  subscription: SandboxWebhookSubscription,
  body: string,
): Promise<boolean> {
  try {
    const response = await ctx.options.webhookFetch(subscription.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-gusto-signature': signPayload(body, subscription.verification_token),
      },
      body,
      signal: AbortSignal.timeout(10_000),
    });
    await response.body?.cancel();

    return response.ok;
  } catch (error) {
    ctx.logger.info({ subscription: subscription.uuid, err: error }, 'webhook delivery failed');

    return false;
  }
}
