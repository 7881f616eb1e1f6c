/** Contract checks of requests and responses against Gusto's vendored OpenAPI documents. */
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
export { type ContractResult, validateRequestBody, validateResponse } from './validate.js';
