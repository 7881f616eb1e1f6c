import { Ajv2020, type AnySchema, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { type GustoDocumentName, isRecord, loadGustoDocument } from './documents.js';

// ajv-formats is CommonJS; under NodeNext its default import is the module object.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

/**
 * Gusto's documents are OpenAPI 3.1 (JSON Schema 2020-12) but carry `example`, `x-*` and
 * OpenAPI 3.0 `nullable`, so strict mode is off; ajv itself honours `nullable: true`.
 */
const ajv = new Ajv2020({ strict: false, allErrors: true, logger: false });
addFormats(ajv);
// OpenAPI's numeric and binary formats (OpenAPI 3.1 §4.2) say nothing a JSON value can break.
for (const name of ['float', 'double', 'int32', 'int64']) {
  ajv.addFormat(name, { type: 'number', validate: () => true });
}
ajv.addFormat('binary', true);

const registered = new Set<GustoDocumentName>();
const compiled = new Map<string, ValidateFunction>();

/** Base URI under which a document's components are registered with ajv. */
function documentId(name: GustoDocumentName): string {
  return `https://gusto-spec.invalid/${name}`;
}

/**
 * Compiles `schema`, whose local `$ref`s point into `document`, once per `cacheKey`.
 * The document's components are registered with ajv on first use, under `documentId`.
 */
export function compileSchema(
  document: GustoDocumentName,
  cacheKey: string,
  schema: unknown,
): ValidateFunction {
  const key = `${document}|${cacheKey}`;
  const cached = compiled.get(key);
  if (cached) return cached;

  registerDocument(document);
  const validate = ajv.compile(prepareSchema(schema, documentId(document)) as AnySchema);
  compiled.set(key, validate);

  return validate;
}

function registerDocument(name: GustoDocumentName): void {
  if (registered.has(name)) return;

  const { components } = loadGustoDocument(name);
  ajv.addSchema({ $id: documentId(name), components: prepareSchema(components ?? {}) });
  registered.add(name);
}

/**
 * Copies a schema for ajv. Local `#/...` refs of an operation-level schema are pointed at the
 * document's resource when `base` is given.
 *
 * `oneOf` is read as `anyOf`: Gusto's documents use it for unions whose branches overlap, so
 * valid answers match two branches and fail "exactly one". `Refresh-Token-Authentication` is
 * `Create-Token-Authentication` plus fields, so no refresh answer could pass `Authentication`;
 * `Metadata-With-One-Entity` allows any property, so `Metadata-With-Multiple-Entities` always
 * matches it too. Gusto's generated SDKs read these unions the same way (first match wins).
 */
function prepareSchema(node: unknown, base?: string): unknown {
  if (Array.isArray(node)) return node.map((item) => prepareSchema(item, base));
  if (!isRecord(node)) return node;

  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    const isLocalRef = key === '$ref' && typeof value === 'string' && value.startsWith('#');
    copy[unionKey(key, node)] = isLocalRef && base ? `${base}${value}` : prepareSchema(value, base);
  }

  return copy;
}

/** `oneOf` becomes `anyOf`, unless the schema already has an `anyOf` of its own. */
function unionKey(key: string, schema: Record<string, unknown>): string {
  return key === 'oneOf' && !('anyOf' in schema) ? 'anyOf' : key;
}

/** Turns ajv errors into readable lines, each led by the JSON pointer of the faulty value. */
export function describeErrors(where: string, errors: readonly ErrorObject[]): string[] {
  return errors.map((error) => `${where} ${pointerOf(error)} ${messageOf(error)}`);
}

function pointerOf(error: ErrorObject): string {
  const missing = error.params.missingProperty;
  if (error.keyword === 'required' && typeof missing === 'string') {
    return `${error.instancePath}/${missing}`;
  }

  return error.instancePath === '' ? '/' : error.instancePath;
}

function messageOf(error: ErrorObject): string {
  if (error.keyword === 'required') return 'is required';
  if (error.keyword === 'enum' && Array.isArray(error.params.allowedValues)) {
    return `must be one of ${JSON.stringify(error.params.allowedValues)}`;
  }

  return error.message ?? error.keyword;
}
