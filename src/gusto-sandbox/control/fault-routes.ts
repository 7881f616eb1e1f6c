import { Hono } from 'hono';
import { z } from 'zod';
import type { SandboxContext } from '../context.js';
import { type Fault, trafficOf } from './traffic.js';

/** `POST /__sandbox/faults` body; every field but `path` and `status` has a default. */
const faultBody = z.object({
  method: z
    .string()
    .regex(/^[A-Za-z]+$|^\*$/)
    .default('*')
    .transform((m) => m.toUpperCase()),
  path: z.string().startsWith('/').max(2000),
  status: z.number().int().min(100).max(599),
  when: z.enum(['before', 'after', 'drop']).default('before'),
  delay_ms: z.number().int().min(0).max(120_000).default(0),
  times: z.number().int().min(1).max(1_000_000).default(1),
});

/** Control API for faults and the request log (JSON in and out, local use only). */
export function faultControlRoutes(ctx: SandboxContext): Hono {
  const app = new Hono();
  app.post('/faults', async (c) => {
    const parsed = faultBody.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) {
      return c.json({ error: 'invalid_fault', issues: parsed.error.issues.map(describe) }, 400);
    }
    const fault: Fault = parsed.data;
    trafficOf(ctx).faults.push(fault);

    return c.json(fault, 201);
  });
  app.get('/faults', (c) => c.json(trafficOf(ctx).faults));
  app.delete('/faults', (c) => {
    trafficOf(ctx).faults.length = 0;

    return c.body(null, 204);
  });
  app.get('/requests', (c) => c.json(trafficOf(ctx).requests));
  app.delete('/requests', (c) => {
    trafficOf(ctx).requests.length = 0;

    return c.body(null, 204);
  });

  return app;
}

function describe(issue: z.core.$ZodIssue): string {
  return `${issue.path.join('.') || 'body'}: ${issue.message}`;
}
