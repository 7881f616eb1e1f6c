import { z } from 'zod';
import type { GustoContext } from '../gusto-client/call-gusto.js';
import { errorFromResponse, unexpectedBody } from '../gusto-client/error-from-response.js';
import type { RequestLabel } from '../gusto-client/errors.js';
import { GUSTO_API_VERSION } from '../gusto-client/gusto-api-version.js';
import { sendRequest } from '../gusto-client/transport.js';

// The Gusto client has no call to list an employee's work addresses yet; this adapter makes the
// one GET the work address step needs with the client's own transport and typed errors, so
// classify() treats its failures like any other call's.

const LIST: RequestLabel = { method: 'GET', path: '/v1/employees/{employee_id}/work_addresses' };

const workAddressesSchema = z.array(
  z.object({
    uuid: z.string(),
    location_uuid: z.string().nullish(),
    effective_date: z.string().nullish(),
    active: z.boolean().nullish(),
  }),
);

/** One of an employee's work addresses, as the work address step compares them. */
export type ListedWorkAddress = z.infer<typeof workAddressesSchema>[number];

/**
 * `GET /v1/employees/{employee_id}/work_addresses`: lets the step see whether a work address it
 * may already have created (unknown outcome) is there before creating one.
 * @see https://docs.gusto.com/app-integrations/reference/get-v1-employees-employee_id-work_addresses
 */
export async function listWorkAddresses(
  ctx: GustoContext,
  employee_id: string,
): Promise<ListedWorkAddress[]> {
  const url = new URL(
    `/v1/employees/${encodeURIComponent(employee_id)}/work_addresses`,
    ctx.baseUrl,
  );
  const request = new Request(url, {
    headers: {
      accept: 'application/json',
      authorization: `Bearer ${ctx.access_token}`,
      'x-gusto-api-version': GUSTO_API_VERSION,
    },
  });
  const res = await sendRequest(ctx, LIST, request);
  if (res.status < 200 || res.status > 299) throw errorFromResponse(LIST, res);

  const parsed = workAddressesSchema.safeParse(parseJson(res.body));
  if (!parsed.success)
    throw unexpectedBody(LIST, res, 'work addresses are not the documented list');

  return parsed.data;
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}
