import type { GustoDocumentName } from '../../gusto-spec/index.js';

/** One implemented operation, named as the Gusto document that defines it for app integrations. */
export interface ImplementedOperation {
  operationId: string;
  method: string;
  path: string;
  document: GustoDocumentName;
}

/**
 * Every operation the sandbox implements: the 2025-06-15 App Integrations document, and the
 * jobs operations of the 2024-04-01 one (the later app-integrations documents dropped them).
 * The README lists the same set, and the SDK test proves each one is exercised.
 */
export const implementedOperations: readonly ImplementedOperation[] = [
  {
    operationId: 'get-v1-token-info',
    method: 'GET',
    path: '/v1/token_info',
    document: 'app-integrations-2025-06-15',
  },
  {
    operationId: 'get-v1-companies',
    method: 'GET',
    path: '/v1/companies/{company_id}',
    document: 'app-integrations-2025-06-15',
  },
  {
    operationId: 'get-v1-companies-company_id-locations',
    method: 'GET',
    path: '/v1/companies/{company_id}/locations',
    document: 'app-integrations-2025-06-15',
  },
  {
    operationId: 'post-v1-companies-company_id-locations',
    method: 'POST',
    path: '/v1/companies/{company_id}/locations',
    document: 'app-integrations-2025-06-15',
  },
  {
    operationId: 'get-companies-departments',
    method: 'GET',
    path: '/v1/companies/{company_uuid}/departments',
    document: 'app-integrations-2025-06-15',
  },
  {
    operationId: 'post-departments',
    method: 'POST',
    path: '/v1/companies/{company_uuid}/departments',
    document: 'app-integrations-2025-06-15',
  },
  {
    operationId: 'get-department',
    method: 'GET',
    path: '/v1/departments/{department_uuid}',
    document: 'app-integrations-2025-06-15',
  },
  {
    operationId: 'put-add-people-to-department',
    method: 'PUT',
    path: '/v1/departments/{department_uuid}/add',
    document: 'app-integrations-2025-06-15',
  },
  {
    operationId: 'put-remove-people-from-department',
    method: 'PUT',
    path: '/v1/departments/{department_uuid}/remove',
    document: 'app-integrations-2025-06-15',
  },
  {
    operationId: 'post-v1-employees',
    method: 'POST',
    path: '/v1/companies/{company_id}/employees',
    document: 'app-integrations-2025-06-15',
  },
  {
    operationId: 'get-v1-companies-company_id-employees',
    method: 'GET',
    path: '/v1/companies/{company_id}/employees',
    document: 'app-integrations-2025-06-15',
  },
  {
    operationId: 'get-v1-employees',
    method: 'GET',
    path: '/v1/employees/{employee_id}',
    document: 'app-integrations-2025-06-15',
  },
  {
    operationId: 'put-v1-employees',
    method: 'PUT',
    path: '/v1/employees/{employee_id}',
    document: 'app-integrations-2025-06-15',
  },
  {
    operationId: 'delete-v1-employee',
    method: 'DELETE',
    path: '/v1/employees/{employee_id}',
    document: 'app-integrations-2025-06-15',
  },
  {
    operationId: 'get-v1-employees-employee_id-home_addresses',
    method: 'GET',
    path: '/v1/employees/{employee_id}/home_addresses',
    document: 'app-integrations-2025-06-15',
  },
  {
    operationId: 'post-v1-employees-employee_id-home_addresses',
    method: 'POST',
    path: '/v1/employees/{employee_id}/home_addresses',
    document: 'app-integrations-2025-06-15',
  },
  {
    operationId: 'get-v1-employees-employee_id-work_addresses',
    method: 'GET',
    path: '/v1/employees/{employee_id}/work_addresses',
    document: 'app-integrations-2025-06-15',
  },
  {
    operationId: 'post-v1-employees-employee_id-work_addresses',
    method: 'POST',
    path: '/v1/employees/{employee_id}/work_addresses',
    document: 'app-integrations-2025-06-15',
  },
  {
    operationId: 'post-v1-jobs-job_id',
    method: 'POST',
    path: '/v1/employees/{employee_id}/jobs',
    document: 'app-integrations-2024-04-01',
  },
  {
    operationId: 'get-v1-employees-employee_id-jobs',
    method: 'GET',
    path: '/v1/employees/{employee_id}/jobs',
    document: 'app-integrations-2024-04-01',
  },
  {
    operationId: 'get-v1-jobs-job_id',
    method: 'GET',
    path: '/v1/jobs/{job_id}',
    document: 'app-integrations-2024-04-01',
  },
  {
    operationId: 'put-v1-jobs-job_id',
    method: 'PUT',
    path: '/v1/jobs/{job_id}',
    document: 'app-integrations-2024-04-01',
  },
  {
    operationId: 'get-v1-jobs-job_id-compensations',
    method: 'GET',
    path: '/v1/jobs/{job_id}/compensations',
    document: 'app-integrations-2025-06-15',
  },
  {
    operationId: 'post-v1-compensations-compensation_id',
    method: 'POST',
    path: '/v1/jobs/{job_id}/compensations',
    document: 'app-integrations-2025-06-15',
  },
  {
    operationId: 'get-v1-compensations-compensation_id',
    method: 'GET',
    path: '/v1/compensations/{compensation_id}',
    document: 'app-integrations-2025-06-15',
  },
  {
    operationId: 'put-v1-compensations-compensation_id',
    method: 'PUT',
    path: '/v1/compensations/{compensation_id}',
    document: 'app-integrations-2025-06-15',
  },
  {
    operationId: 'post-v1-companies-company_uuid-contractors',
    method: 'POST',
    path: '/v1/companies/{company_uuid}/contractors',
    document: 'app-integrations-2025-06-15',
  },
  {
    operationId: 'get-v1-companies-company_uuid-contractors',
    method: 'GET',
    path: '/v1/companies/{company_uuid}/contractors',
    document: 'app-integrations-2025-06-15',
  },
  {
    operationId: 'get-v1-contractors-contractor_uuid',
    method: 'GET',
    path: '/v1/contractors/{contractor_uuid}',
    document: 'app-integrations-2025-06-15',
  },
  {
    operationId: 'put-v1-contractors-contractor_uuid',
    method: 'PUT',
    path: '/v1/contractors/{contractor_uuid}',
    document: 'app-integrations-2025-06-15',
  },
  {
    operationId: 'get-v1-webhook-subscriptions',
    method: 'GET',
    path: '/v1/webhook_subscriptions',
    document: 'app-integrations-2025-06-15',
  },
  {
    operationId: 'post-v1-webhook-subscription',
    method: 'POST',
    path: '/v1/webhook_subscriptions',
    document: 'app-integrations-2025-06-15',
  },
  {
    operationId: 'get-v1-webhook-subscription-uuid',
    method: 'GET',
    path: '/v1/webhook_subscriptions/{webhook_subscription_uuid}',
    document: 'app-integrations-2025-06-15',
  },
  {
    operationId: 'put-v1-webhook-subscription-uuid',
    method: 'PUT',
    path: '/v1/webhook_subscriptions/{webhook_subscription_uuid}',
    document: 'app-integrations-2025-06-15',
  },
  {
    operationId: 'delete-v1-webhook-subscription-uuid',
    method: 'DELETE',
    path: '/v1/webhook_subscriptions/{webhook_subscription_uuid}',
    document: 'app-integrations-2025-06-15',
  },
  {
    operationId: 'put-v1-verify-webhook-subscription-uuid',
    method: 'PUT',
    path: '/v1/webhook_subscriptions/{webhook_subscription_uuid}/verify',
    document: 'app-integrations-2025-06-15',
  },
  {
    operationId: 'get-v1-webhook-subscription-verification-token-uuid',
    method: 'GET',
    path: '/v1/webhook_subscriptions/{webhook_subscription_uuid}/request_verification_token',
    document: 'app-integrations-2025-06-15',
  },
  {
    operationId: 'get-events',
    method: 'GET',
    path: '/v1/events',
    document: 'app-integrations-2025-06-15',
  },
];
