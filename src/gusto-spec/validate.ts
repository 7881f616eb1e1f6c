import {
  type ContractResult,
  checkAgainstSchema,
  fail,
  pass,
  unknownOperation,
} from './contract-result.js';
import { dereference, isRecord, loadGustoDocument } from './documents.js';
import { type FoundOperation, findOperation } from './find-operation.js';
import {
  authorizationCodeRequestSchema,
  crossCuttingErrorSchema,
  crossCuttingErrorStatuses,
  oauthErrorResponseSchema,
  oauthErrorStatuses,
} from './local-schemas.js';

const jsonType = 'application/json';
const formType = 'application/x-www-form-urlencoded';

/**
 * Checks a request body against the operation's request schema. `body` is the parsed body
 * (`undefined` when none was sent); `contentType` picks the media type, JSON by default.
 */
export function validateRequestBody(
  method: string,
  path: string,
  body: unknown,
  contentType: string = jsonType,
): ContractResult {
  const found = findOperation(method, path);
  if (!found) return unknownOperation(method, path);

  const requestBody = dereference(loadGustoDocument(found.document), found.operation.requestBody);
  if (body === undefined) return checkMissingBody(found, requestBody);
  if (!isRecord(requestBody)) return fail(found, ['request body: the operation declares none']);

  const schema = requestSchemaFor(found, requestBody, mediaTypeOf(contentType), body);
  if (typeof schema === 'string') return fail(found, [schema]);

  return checkAgainstSchema(found, `request|${schema.key}`, schema.schema, body, 'request body');
}

/**
 * Checks a response against the schema declared for its status. An undeclared status fails,
 * except the documented cross-cutting errors (see `local-schemas.ts`). `body` is the parsed
 * JSON body, `undefined` when the response had none; a status without content needs none.
 */
export function validateResponse(
  method: string,
  path: string,
  status: number,
  body: unknown,
): ContractResult {
  const found = findOperation(method, path);
  if (!found) return unknownOperation(method, path);

  const declared = declaredResponse(found, status);
  if (declared) return checkDeclaredResponse(found, status, declared, body);

  const local = localResponseSchema(found, status);
  if (!local) return fail(found, [`response ${status}: status not declared for the operation`]);

  return checkAgainstSchema(found, `response|local|${status}`, local, body, `response ${status}`);
}

function checkMissingBody(found: FoundOperation, requestBody: unknown): ContractResult {
  if (isRecord(requestBody) && requestBody.required === true) {
    return fail(found, ['request body: required by the operation but none was sent']);
  }

  return pass(found);
}

interface KeyedSchema {
  readonly key: string;
  readonly schema: unknown;
}

function requestSchemaFor(
  found: FoundOperation,
  requestBody: Record<string, unknown>,
  mediaType: string,
  body: unknown,
): KeyedSchema | string {
  if (isAuthorizationCodeRequest(found, body)) {
    return { key: 'local|authorization_code', schema: authorizationCodeRequestSchema };
  }

  const content = isRecord(requestBody.content) ? requestBody.content : {};
  // RFC 6749 §4.1.3 and §6 send token requests form-encoded; Gusto documents JSON for both
  // OAuth endpoints, so a form body is held to the JSON schema of the same operation.
  const isOAuthForm = mediaType === formType && found.pathTemplate.startsWith('/oauth/');
  const chosen = isOAuthForm ? jsonType : mediaType;
  const media = content[chosen];
  if (!isRecord(media)) return `request body: content type ${mediaType} is not declared`;

  return { key: chosen, schema: media.schema ?? {} };
}

/** Gusto's document does not model this grant; see `authorizationCodeRequestSchema`. */
function isAuthorizationCodeRequest(found: FoundOperation, body: unknown): boolean {
  return (
    found.pathTemplate === '/oauth/token' &&
    isRecord(body) &&
    body.grant_type === 'authorization_code'
  );
}

function declaredResponse(
  found: FoundOperation,
  status: number,
): Record<string, unknown> | undefined {
  const responses = isRecord(found.operation.responses) ? found.operation.responses : {};
  const declared =
    responses[String(status)] ?? responses[`${Math.floor(status / 100)}XX`] ?? responses.default;
  const response = dereference(loadGustoDocument(found.document), declared);

  return isRecord(response) ? response : undefined;
}

function checkDeclaredResponse(
  found: FoundOperation,
  status: number,
  response: Record<string, unknown>,
  body: unknown,
): ContractResult {
  const where = `response ${status}`;
  const content = isRecord(response.content) ? response.content : undefined;
  if (!content) {
    return body === undefined ? pass(found) : fail(found, [`${where}: must have no body`]);
  }

  const media = content[jsonType];
  // Non-JSON answers (PDF documents) are outside what this checker reads.
  if (!isRecord(media)) return pass(found);
  if (body === undefined) return fail(found, [`${where}: a JSON body is required`]);

  return checkAgainstSchema(found, `response|${status}`, media.schema ?? {}, body, where);
}

function localResponseSchema(found: FoundOperation, status: number): unknown {
  const isOAuth = found.pathTemplate.startsWith('/oauth/');
  if (isOAuth && oauthErrorStatuses.has(status)) return oauthErrorResponseSchema;
  if (!isOAuth && crossCuttingErrorStatuses.has(status)) return crossCuttingErrorSchema;

  return undefined;
}

function mediaTypeOf(contentType: string): string {
  return (contentType.split(';')[0] ?? '').trim().toLowerCase();
}
