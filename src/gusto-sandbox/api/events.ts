import { type Context, Hono } from 'hono';
import type { SandboxContext } from '../context.js';
import type { SandboxEvent } from '../state.js';
import { newUuid } from '../state.js';
import { requireScope } from './access.js';
import type { ApiEnv } from './env.js';
import { invalidParameter, positiveInteger } from './pagination.js';
import { deliver, eventPayload, subscribersOf } from './webhook-delivery.js';

/** What happened, to whom: the input of `recordEvent`. */
export interface EventInput {
  event_type: string;
  company_uuid: string;
  entity_type: string;
  entity_uuid: string;
}

/** How far back `GET /v1/events` reaches: "up to 30 days" (spec, Get all events). */
const EVENT_RETENTION_SECONDS = 30 * 24 * 3600;

/**
 * Records an event (kept for `GET /v1/events`) and posts it to the verified webhook
 * subscriptions of the applications connected to the company.
 */
export function recordEvent(ctx: SandboxContext, input: EventInput): SandboxEvent {
  const event: SandboxEvent = {
    uuid: newUuid(),
    event_type: input.event_type,
    resource_type: 'Company',
    resource_uuid: input.company_uuid,
    entity_type: input.entity_type,
    entity_uuid: input.entity_uuid,
    timestamp: ctx.store.nowSeconds(),
  };
  ctx.store.data.events.push(event);
  ctx.store.changed();

  const body = eventPayload(event);
  for (const subscription of subscribersOf(ctx, event)) deliver(ctx, subscription, body);

  return event;
}

/** `GET /v1/events` (system access token, `events:read`). */
export function eventRoutes(ctx: SandboxContext): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.get('/v1/events', (c) => listEvents(ctx, c));

  return app;
}

function listEvents(ctx: SandboxContext, c: Context<ApiEnv>): Response {
  requireScope(c, 'events:read');
  const limit = positiveInteger(c.req.query('limit'), 'limit', 25);
  if (limit > 100) throw invalidParameter('limit');
  const order = c.req.query('sort_order') ?? 'asc';
  if (order !== 'asc' && order !== 'desc') throw invalidParameter('sort_order');

  const visible = visibleEvents(ctx, c);
  const ordered = order === 'asc' ? visible : [...visible].reverse();
  const after = c.req.query('starting_after_uuid');
  const start = after ? ordered.findIndex((e) => e.uuid === after) + 1 : 0;
  if (after && start === 0) throw invalidParameter('starting_after_uuid');

  return c.json(ordered.slice(start, start + limit));
}

/**
 * Events of the companies the application is connected to, within the retention window,
 * filtered by `resource_uuid` and `event_type` (exact, or a wildcard such as `employee.*`).
 */
function visibleEvents(ctx: SandboxContext, c: Context<ApiEnv>): SandboxEvent[] {
  const data = ctx.store.data;
  const client_id = c.get('auth').token.client_id;
  const companies = new Set(
    Object.values(data.grants)
      .filter((g) => g.client_id === client_id && !g.revoked)
      .map((g) => g.company_uuid),
  );
  const since = ctx.store.nowSeconds() - EVENT_RETENTION_SECONDS;
  const resource = c.req.query('resource_uuid');
  const type = eventTypeMatcher(c.req.query('event_type'));

  return data.events.filter(
    (e) =>
      companies.has(e.resource_uuid) &&
      e.timestamp >= since &&
      (!resource || e.resource_uuid === resource) &&
      type(e.event_type),
  );
}

function eventTypeMatcher(pattern: string | undefined): (event_type: string) => boolean {
  if (!pattern) return () => true;
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*');
  const regex = new RegExp(`^${escaped}$`);

  return (event_type) => regex.test(event_type);
}
