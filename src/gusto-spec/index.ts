/** Contract checks of requests and responses against Gusto's vendored OpenAPI documents. */

export {
  type ContractFetch,
  type ContractViolation,
  createContractFetch,
} from './contract-fetch.js';
export type { ContractResult } from './contract-result.js';
export {
  type GustoDocumentName,
  gustoDocumentFiles,
  gustoDocumentOrder,
  loadGustoDocument,
} from './documents.js';
export {
  type FoundOperation,
  findOperation,
  listOperationIds,
  listOperations,
} from './find-operation.js';
export { validateRequestBody, validateResponse } from './validate.js';
export { validateRequestQuery } from './validate-query.js';
