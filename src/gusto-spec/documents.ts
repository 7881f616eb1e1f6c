import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { load } from 'js-yaml';

/** The vendored Gusto OpenAPI documents, by the name this package gives each. */
export const gustoDocumentFiles = {
  'app-integrations-2025-06-15': 'gusto-app-integrations.v2025-06-15.openapi.yaml',
  'embedded-2025-11-15': 'gusto-embedded.v2025-11-15.openapi.yaml',
  'app-integrations-2024-04-01': 'gusto-app-integrations.v2024-04-01.openapi.yaml',
} as const;

/** Name of one vendored Gusto OpenAPI document. */
export type GustoDocumentName = keyof typeof gustoDocumentFiles;

/**
 * Order in which documents answer for an operation: the App Integrations contract first, then
 * the Embedded superset, then the 2024-04-01 App Integrations surface, which alone still lists
 * `POST /v1/employees/{employee_id}/jobs` for app integrations.
 */
export const gustoDocumentOrder: readonly GustoDocumentName[] = [
  'app-integrations-2025-06-15',
  'embedded-2025-11-15',
  'app-integrations-2024-04-01',
];

/** The parts of an OpenAPI 3.1 document this package reads; everything else stays `unknown`. */
export interface OpenApiDocument {
  readonly openapi: string;
  readonly paths: Record<string, Record<string, unknown>>;
  readonly components?: Record<string, Record<string, unknown>>;
}

const specFolder = new URL('../../spec/gusto/', import.meta.url);
const loaded = new Map<GustoDocumentName, OpenApiDocument>();

/** Parses a vendored document on first use and keeps it for the life of the process. */
export function loadGustoDocument(name: GustoDocumentName): OpenApiDocument {
  const cached = loaded.get(name);
  if (cached) return cached;

  const path = fileURLToPath(new URL(gustoDocumentFiles[name], specFolder));
  const document = parseDocument(readFileSync(path, 'utf8'), name);
  loaded.set(name, document);

  return document;
}

function parseDocument(text: string, name: GustoDocumentName): OpenApiDocument {
  const parsed: unknown = load(text);
  if (!isRecord(parsed) || typeof parsed.openapi !== 'string' || !isRecord(parsed.paths)) {
    throw new Error(`${gustoDocumentFiles[name]} is not an OpenAPI document`);
  }

  return parsed as unknown as OpenApiDocument;
}

/** Follows a local `#/...` JSON pointer inside a document. */
export function resolvePointer(document: OpenApiDocument, ref: string): unknown {
  if (!ref.startsWith('#/')) throw new Error(`only local references are supported: ${ref}`);

  let node: unknown = document;
  for (const segment of ref.slice(2).split('/')) {
    const key = segment.replaceAll('~1', '/').replaceAll('~0', '~');
    node = isRecord(node) ? node[key] : undefined;
  }

  return node;
}

/** Replaces a `{ $ref }` object (OpenAPI response, parameter or request body) by its target. */
export function dereference(document: OpenApiDocument, node: unknown): unknown {
  let current = node;
  for (let depth = 0; isRecord(current) && typeof current.$ref === 'string'; depth += 1) {
    if (depth > 10) throw new Error(`reference loop at ${current.$ref}`);
    current = resolvePointer(document, current.$ref);
  }

  return current;
}

/** True for plain objects (not arrays, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
