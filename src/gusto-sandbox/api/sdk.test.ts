import { GustoEmbeddedCore } from '@gusto/embedded-api-v-2026-06-15/core.js';
import { companiesGet } from '@gusto/embedded-api-v-2026-06-15/funcs/companiesGet.js';
import { contractorsCreate } from '@gusto/embedded-api-v-2026-06-15/funcs/contractorsCreate.js';
import { contractorsGet } from '@gusto/embedded-api-v-2026-06-15/funcs/contractorsGet.js';
import { contractorsList } from '@gusto/embedded-api-v-2026-06-15/funcs/contractorsList.js';
import { contractorsUpdate } from '@gusto/embedded-api-v-2026-06-15/funcs/contractorsUpdate.js';
import { departmentsAddPeople } from '@gusto/embedded-api-v-2026-06-15/funcs/departmentsAddPeople.js';
import { departmentsCreate } from '@gusto/embedded-api-v-2026-06-15/funcs/departmentsCreate.js';
import { departmentsGet } from '@gusto/embedded-api-v-2026-06-15/funcs/departmentsGet.js';
import { departmentsGetAll } from '@gusto/embedded-api-v-2026-06-15/funcs/departmentsGetAll.js';
import { departmentsRemovePeople } from '@gusto/embedded-api-v-2026-06-15/funcs/departmentsRemovePeople.js';
import { employeeAddressesCreate } from '@gusto/embedded-api-v-2026-06-15/funcs/employeeAddressesCreate.js';
import { employeeAddressesCreateWorkAddress } from '@gusto/embedded-api-v-2026-06-15/funcs/employeeAddressesCreateWorkAddress.js';
import { employeeAddressesGet } from '@gusto/embedded-api-v-2026-06-15/funcs/employeeAddressesGet.js';
import { employeeAddressesGetWorkAddresses } from '@gusto/embedded-api-v-2026-06-15/funcs/employeeAddressesGetWorkAddresses.js';
import { employeesCreate } from '@gusto/embedded-api-v-2026-06-15/funcs/employeesCreate.js';
import { employeesDelete } from '@gusto/embedded-api-v-2026-06-15/funcs/employeesDelete.js';
import { employeesGet } from '@gusto/embedded-api-v-2026-06-15/funcs/employeesGet.js';
import { employeesList } from '@gusto/embedded-api-v-2026-06-15/funcs/employeesList.js';
import { employeesUpdate } from '@gusto/embedded-api-v-2026-06-15/funcs/employeesUpdate.js';
import { eventsGet } from '@gusto/embedded-api-v-2026-06-15/funcs/eventsGet.js';
import { introspectionGetInfo } from '@gusto/embedded-api-v-2026-06-15/funcs/introspectionGetInfo.js';
import { jobsAndCompensationsCreateCompensation } from '@gusto/embedded-api-v-2026-06-15/funcs/jobsAndCompensationsCreateCompensation.js';
import { jobsAndCompensationsCreateJob } from '@gusto/embedded-api-v-2026-06-15/funcs/jobsAndCompensationsCreateJob.js';
import { jobsAndCompensationsGetCompensation } from '@gusto/embedded-api-v-2026-06-15/funcs/jobsAndCompensationsGetCompensation.js';
import { jobsAndCompensationsGetCompensations } from '@gusto/embedded-api-v-2026-06-15/funcs/jobsAndCompensationsGetCompensations.js';
import { jobsAndCompensationsGetJob } from '@gusto/embedded-api-v-2026-06-15/funcs/jobsAndCompensationsGetJob.js';
import { jobsAndCompensationsGetJobs } from '@gusto/embedded-api-v-2026-06-15/funcs/jobsAndCompensationsGetJobs.js';
import { jobsAndCompensationsUpdate } from '@gusto/embedded-api-v-2026-06-15/funcs/jobsAndCompensationsUpdate.js';
import { jobsAndCompensationsUpdateCompensation } from '@gusto/embedded-api-v-2026-06-15/funcs/jobsAndCompensationsUpdateCompensation.js';
import { locationsCreate } from '@gusto/embedded-api-v-2026-06-15/funcs/locationsCreate.js';
import { locationsGet } from '@gusto/embedded-api-v-2026-06-15/funcs/locationsGet.js';
import { webhooksCreateSubscription } from '@gusto/embedded-api-v-2026-06-15/funcs/webhooksCreateSubscription.js';
import { webhooksDeleteSubscription } from '@gusto/embedded-api-v-2026-06-15/funcs/webhooksDeleteSubscription.js';
import { webhooksGetSubscription } from '@gusto/embedded-api-v-2026-06-15/funcs/webhooksGetSubscription.js';
import { webhooksListSubscriptions } from '@gusto/embedded-api-v-2026-06-15/funcs/webhooksListSubscriptions.js';
import { webhooksRequestVerificationToken } from '@gusto/embedded-api-v-2026-06-15/funcs/webhooksRequestVerificationToken.js';
import { webhooksUpdateSubscription } from '@gusto/embedded-api-v-2026-06-15/funcs/webhooksUpdateSubscription.js';
import { webhooksVerify } from '@gusto/embedded-api-v-2026-06-15/funcs/webhooksVerify.js';
import { HTTPClient } from '@gusto/embedded-api-v-2026-06-15/lib/http.js';
import { RFCDate } from '@gusto/embedded-api-v-2026-06-15/types/rfcdate.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContractFetch, findOperation } from '../../gusto-spec/index.js';
import { type ListeningSandbox, listenSandbox } from '../app.js';
import { implementedOperations } from './operations.js';
import {
  type CompanyFixture,
  connectCompany,
  startTestSandbox,
  systemToken,
} from './test-support.js';

/*
 * Gusto's own SDK for API version 2026-06-15 drives every implemented operation against the
 * sandbox as a real HTTP server. The SDK checks every answer with its schemas; a
 * ResponseValidationError (or any other failure) fails the test. The same traffic is checked
 * against Gusto's OpenAPI documents by a contract fetch.
 */

const version = '2026-06-15' as const;
const received: string[] = [];
let server: ListeningSandbox;
let acme: CompanyFixture;
let systemAuth: { systemAccessAuth: string };
const contract = createContractFetch((request) => fetch(request));

type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** The value of a successful SDK call; any error (a ResponseValidationError first) fails. */
async function ok<T>(call: Promise<Outcome<T>>): Promise<T> {
  const outcome = await call;
  if (!outcome.ok) throw outcome.error;

  return outcome.value;
}

function client(token: string): GustoEmbeddedCore {
  return new GustoEmbeddedCore({
    serverURL: server.url,
    companyAccessAuth: token,
    httpClient: new HTTPClient({ fetcher: contract }),
    retryConfig: { strategy: 'none' },
  });
}

beforeAll(async () => {
  const sandbox = startTestSandbox({
    webhookFetch: async (url, init) => {
      received.push(`${String(url)} ${String(init?.body)}`);
      return new Response(null, { status: 200 });
    },
  });
  acme = connectCompany(sandbox.ctx.store, 'SDK Test Co');
  systemAuth = { systemAccessAuth: systemToken(sandbox.ctx.store) };
  server = await listenSandbox(sandbox);
});

afterAll(async () => {
  await server.close();
});

describe("Gusto's SDK against the sandbox", () => {
  it('drives every implemented operation without a ResponseValidationError', async () => {
    const gusto = client(acme.token);
    const companyId = acme.company.uuid;

    const info = await ok(introspectionGetInfo(gusto, { xGustoAPIVersion: version }));
    expect(info.tokenInfo?.resource?.uuid).toBe(companyId);
    await ok(companiesGet(gusto, { companyId, xGustoAPIVersion: version }));
    await ok(locationsGet(gusto, { companyId, xGustoAPIVersion: version }));
    const location = await ok(
      locationsCreate(gusto, {
        companyId,
        xGustoAPIVersion: version,
        companyLocationRequest: {
          phoneNumber: '5125550100',
          street1: '2 Oak Ave',
          city: 'Austin',
          state: 'TX',
          zip: '78701',
        },
      }),
    );
    const locationUuid = location.location?.uuid ?? '';

    const employee = await ok(
      employeesCreate(gusto, {
        companyId,
        xGustoAPIVersion: version,
        requestBody: {
          firstName: 'Zoë',
          lastName: "D'Angelo",
          email: 'zoe@example.test',
          dateOfBirth: new RFCDate('1991-04-12'),
          selfOnboarding: true,
        },
      }),
    );
    const employeeId = employee.employee?.uuid ?? '';
    await ok(
      employeesList(gusto, {
        companyId,
        xGustoAPIVersion: version,
        searchTerm: 'zo',
        page: 1,
        per: 10,
      }),
    );
    const got = await ok(employeesGet(gusto, { employeeId, xGustoAPIVersion: version }));
    await ok(
      employeesUpdate(gusto, {
        employeeId,
        xGustoAPIVersion: version,
        requestBody: { version: got.employee?.version ?? '', preferredFirstName: 'Zo' },
      }),
    );

    await ok(
      employeeAddressesCreate(gusto, {
        employeeId,
        xGustoAPIVersion: version,
        requestBody: { street1: '3 Elm St', city: 'Austin', state: 'TX', zip: '78702' },
      }),
    );
    await ok(employeeAddressesGet(gusto, { employeeId, xGustoAPIVersion: version }));
    await ok(
      employeeAddressesCreateWorkAddress(gusto, {
        employeeId,
        xGustoAPIVersion: version,
        requestBody: { locationUuid },
      }),
    );
    await ok(employeeAddressesGetWorkAddresses(gusto, { employeeId, xGustoAPIVersion: version }));

    const job = await ok(
      jobsAndCompensationsCreateJob(gusto, {
        employeeId,
        xGustoAPIVersion: version,
        jobsCreateRequestBody: { title: 'Engineer', hireDate: '2026-01-05' },
      }),
    );
    const jobId = job.job?.uuid ?? '';
    expect(job.job?.compensations?.[0]?.rate).toBe('0.00');
    await ok(jobsAndCompensationsGetJobs(gusto, { employeeId, xGustoAPIVersion: version }));
    const fetchedJob = await ok(
      jobsAndCompensationsGetJob(gusto, { jobId, xGustoAPIVersion: version }),
    );
    await ok(
      jobsAndCompensationsUpdate(gusto, {
        jobId,
        xGustoAPIVersion: version,
        jobsUpdateRequestBody: { version: fetchedJob.job?.version ?? '', title: 'Senior Engineer' },
      }),
    );
    const compensations = await ok(
      jobsAndCompensationsGetCompensations(gusto, { jobId, xGustoAPIVersion: version }),
    );
    const defaultCompensation = compensations.compensations?.[0];
    await ok(
      jobsAndCompensationsUpdateCompensation(gusto, {
        compensationId: defaultCompensation?.uuid ?? '',
        xGustoAPIVersion: version,
        compensationsUpdateRequestBody: {
          version: defaultCompensation?.version ?? '',
          rate: '98000.00',
          paymentUnit: 'Year',
          flsaStatus: 'Exempt',
        },
      }),
    );
    const raise = await ok(
      jobsAndCompensationsCreateCompensation(gusto, {
        jobId,
        xGustoAPIVersion: version,
        compensationsRequestBody: {
          rate: '105000.00',
          paymentUnit: 'Year',
          flsaStatus: 'Exempt',
          effectiveDate: '2026-07-01',
        },
      }),
    );
    await ok(
      jobsAndCompensationsGetCompensation(gusto, {
        compensationId: raise.compensation?.uuid ?? '',
        xGustoAPIVersion: version,
      }),
    );

    const contractor = await ok(
      contractorsCreate(gusto, {
        companyUuid: companyId,
        xGustoAPIVersion: version,
        contractorCreateRequestBody: {
          type: 'Individual',
          wageType: 'Hourly',
          hourlyRate: '60.00',
          firstName: 'Kai',
          lastName: 'Nakamura',
          startDate: '2026-02-01',
          email: 'kai@example.test',
          selfOnboarding: true,
        },
      }),
    );
    const contractorUuid = contractor.contractor?.uuid ?? '';
    await ok(contractorsList(gusto, { companyUuid: companyId, xGustoAPIVersion: version }));
    const fetchedContractor = await ok(
      contractorsGet(gusto, { contractorUuid, xGustoAPIVersion: version }),
    );
    await ok(
      contractorsUpdate(gusto, {
        contractorUuid,
        xGustoAPIVersion: version,
        contractorUpdateRequestBody: {
          version: fetchedContractor.contractor?.version ?? '',
          hourlyRate: '65.00',
        },
      }),
    );
    await ok(
      contractorsCreate(gusto, {
        companyUuid: companyId,
        xGustoAPIVersion: version,
        contractorCreateRequestBody: {
          type: 'Business',
          wageType: 'Fixed',
          businessName: 'Tern & Co',
          startDate: '2026-02-01',
        },
      }),
    );

    const department = await ok(
      departmentsCreate(gusto, {
        companyUuid: companyId,
        xGustoAPIVersion: version,
        departmentCreateRequestBody: { title: 'Research' },
      }),
    );
    const departmentUuid = department.department?.uuid ?? '';
    await ok(departmentsGetAll(gusto, { companyUuid: companyId, xGustoAPIVersion: version }));
    const added = await ok(
      departmentsAddPeople(gusto, {
        departmentUuid,
        xGustoAPIVersion: version,
        departmentPeopleRequestBody: {
          version: department.department?.version ?? '',
          employees: [{ uuid: employeeId }],
          contractors: [{ uuid: contractorUuid }],
        },
      }),
    );
    await ok(
      departmentsRemovePeople(gusto, {
        departmentUuid,
        xGustoAPIVersion: version,
        departmentPeopleRequestBody: {
          version: added.department?.version ?? '',
          contractors: [{ uuid: contractorUuid }],
        },
      }),
    );
    await ok(departmentsGet(gusto, { departmentUuid, xGustoAPIVersion: version }));

    const throwaway = await ok(
      employeesCreate(gusto, {
        companyId,
        xGustoAPIVersion: version,
        requestBody: { firstName: 'Temp', lastName: 'Person' },
      }),
    );
    await ok(
      employeesDelete(gusto, {
        employeeId: throwaway.employee?.uuid ?? '',
        xGustoAPIVersion: version,
      }),
    );
  });

  it('drives the webhook subscription and events operations with a system token', async () => {
    const gusto = client('unused');
    const created = await ok(
      webhooksCreateSubscription(gusto, systemAuth, {
        xGustoAPIVersion: version,
        requestBody: {
          url: 'http://127.0.0.1:9/hooks',
          subscriptionTypes: ['Employee', 'Contractor'],
        },
      }),
    );
    const uuid = created.webhookSubscription?.uuid ?? '';
    await expect
      .poll(() => received.find((line) => line.includes('verification_token')))
      .toBeTruthy();
    const token = JSON.parse(
      received.find((l) => l.includes('verification_token'))?.split(' ')[1] ?? '{}',
    );

    await ok(webhooksListSubscriptions(gusto, systemAuth, { xGustoAPIVersion: version }));
    await ok(
      webhooksRequestVerificationToken(gusto, systemAuth, {
        webhookSubscriptionUuid: uuid,
        xGustoAPIVersion: version,
      }),
    );
    const verified = await ok(
      webhooksVerify(gusto, systemAuth, {
        webhookSubscriptionUuid: uuid,
        xGustoAPIVersion: version,
        requestBody: { verificationToken: token.verification_token },
      }),
    );
    expect(verified.webhookSubscription?.status).toBe('verified');
    await ok(
      webhooksGetSubscription(gusto, systemAuth, {
        webhookSubscriptionUuid: uuid,
        xGustoAPIVersion: version,
      }),
    );
    await ok(
      webhooksUpdateSubscription(gusto, systemAuth, {
        webhookSubscriptionUuid: uuid,
        xGustoAPIVersion: version,
        requestBody: { subscriptionTypes: ['Employee'] },
      }),
    );
    const events = await ok(
      eventsGet(gusto, systemAuth, {
        xGustoAPIVersion: version,
        eventType: 'employee.*',
        sortOrder: 'desc',
        limit: '50',
      }),
    );
    expect(events.eventList?.length ?? 0).toBeGreaterThan(0);
    await ok(
      webhooksDeleteSubscription(gusto, systemAuth, {
        webhookSubscriptionUuid: uuid,
        xGustoAPIVersion: version,
      }),
    );
  });

  it("matched Gusto's documents on every exchange and exercised every listed operation", () => {
    expect(contract.violations).toEqual([]);
    const unexercised = implementedOperations.filter((op) => {
      // The contract fetch names an exchange by the first document that has it (jobs: Embedded).
      const seenAs = findOperation(op.method, op.path)?.operationId ?? '';
      return !contract.operationsSeen.includes(seenAs);
    });
    expect(unexercised).toEqual([]);
  });

  it('lists each operation under the operationId its document gives it', () => {
    const misnamed = implementedOperations.filter(
      (op) => findOperation(op.method, op.path, [op.document])?.operationId !== op.operationId,
    );
    expect(misnamed).toEqual([]);
  });
});
