// The Gusto client: OAuth and the v1 calls the hand-off needs, typed errors, classify().
export type { GustoContext } from './call-gusto.js';
export { type Classification, classify, type ErrorKind } from './classify.js';
export {
  addPeopleToDepartment,
  getCompany,
  getTokenInfo,
  listDepartments,
  listLocations,
} from './company.js';
export { createContractor, getContractor, listContractors } from './contractors.js';
export { createEmployee, createWorkAddress, getEmployee, listEmployees } from './employees.js';
export { parseRetryAfter } from './error-from-response.js';
export * from './errors.js';
export { GUSTO_API_VERSION } from './gusto-api-version.js';
export { createCompensation, createJob, getJob, updateCompensation } from './jobs.js';
export * from './oauth.js';
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry.js';
export { DEFAULT_TIMEOUT_MS, type FetchLike, type TransportOptions } from './transport.js';
export type * from './types.js';
