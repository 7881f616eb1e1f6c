import { type ContractResult, checkAgainstSchema, unknownOperation } from './contract-result.js';
import { dereference, isRecord, loadGustoDocument } from './documents.js';
import { type FoundOperation, findOperation } from './find-operation.js';

interface QueryParameter {
  readonly name: string;
  readonly required: boolean;
  readonly schema: Record<string, unknown>;
  /** OpenAPI 3.1 §4.8.12.4: `form` style explodes unless told otherwise. */
  readonly explode: boolean;
}

/**
 * Checks the query string of `pathWithQuery` against the operation's declared query
 * parameters: types (integers, booleans, arrays), enums, patterns and required ones.
 * Parameters the operation does not declare are let through, as Gusto ignores them.
 */
export function validateRequestQuery(method: string, pathWithQuery: string): ContractResult {
  const found = findOperation(method, pathWithQuery);
  if (!found) return unknownOperation(method, pathWithQuery);

  const parameters = queryParametersOf(found);
  const search = new URLSearchParams(pathWithQuery.split('?')[1] ?? '');
  const values: Record<string, unknown> = {};
  for (const parameter of parameters) {
    const value = readParameter(search, parameter);
    if (value !== undefined) values[parameter.name] = value;
  }

  const schema = {
    type: 'object',
    required: parameters.filter((parameter) => parameter.required).map(({ name }) => name),
    properties: Object.fromEntries(parameters.map(({ name, schema }) => [name, schema])),
  };

  return checkAgainstSchema(found, 'query', schema, values, 'query');
}

function queryParametersOf(found: FoundOperation): QueryParameter[] {
  const document = loadGustoDocument(found.document);
  const declared = Array.isArray(found.operation.parameters) ? found.operation.parameters : [];

  return declared
    .map((parameter) => dereference(document, parameter))
    .filter((parameter) => isRecord(parameter) && parameter.in === 'query')
    .map((parameter) => toQueryParameter(parameter as Record<string, unknown>));
}

function toQueryParameter(parameter: Record<string, unknown>): QueryParameter {
  return {
    name: String(parameter.name),
    required: parameter.required === true,
    schema: isRecord(parameter.schema) ? parameter.schema : {},
    explode: parameter.explode !== false,
  };
}

function readParameter(search: URLSearchParams, parameter: QueryParameter): unknown {
  const raw = [...search.getAll(parameter.name), ...search.getAll(`${parameter.name}[]`)];
  if (raw.length === 0) return undefined;
  if (parameter.schema.type !== 'array') return coerce(raw[0] ?? '', parameter.schema.type);

  const items = isRecord(parameter.schema.items) ? parameter.schema.items : {};
  const listed = parameter.explode ? raw : raw.flatMap((value) => value.split(','));

  return listed.map((value) => coerce(value, items.type));
}

/** A query value is text; it becomes the declared scalar type only when it spells one. */
function coerce(value: string, type: unknown): unknown {
  if ((type === 'integer' || type === 'number') && /^-?\d+(\.\d+)?$/.test(value)) {
    return Number(value);
  }
  if (type === 'boolean' && (value === 'true' || value === 'false')) return value === 'true';

  return value;
}
