import {
  type GustoDocumentName,
  gustoDocumentOrder,
  isRecord,
  loadGustoDocument,
} from './documents.js';

/** One operation of a Gusto document, found for a concrete request. */
export interface FoundOperation {
  readonly operationId: string;
  readonly method: string;
  readonly pathTemplate: string;
  readonly document: GustoDocumentName;
  /** The OpenAPI operation object, as written in the document. */
  readonly operation: Record<string, unknown>;
}

interface Route extends FoundOperation {
  readonly segments: readonly (string | null)[];
  /** Literal segments count: `/v1/jobs/{job_id}` loses to `/v1/jobs/search` for one path. */
  readonly literals: number;
}

const httpMethods = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options']);
const routeTables = new Map<GustoDocumentName, Map<string, Route[]>>();

/**
 * Finds the operation that answers `method concretePath` (query string ignored), asking the
 * documents in `gustoDocumentOrder` unless another order is given. Unknown: `undefined`.
 */
export function findOperation(
  method: string,
  concretePath: string,
  documents: readonly GustoDocumentName[] = gustoDocumentOrder,
): FoundOperation | undefined {
  const segments = splitPath(concretePath);
  for (const name of documents) {
    const found = matchRoute(routesOf(name).get(method.toLowerCase()) ?? [], segments);
    if (found) return found;
  }

  return undefined;
}

/** Every operationId a document declares, in document order. */
export function listOperationIds(document: GustoDocumentName): string[] {
  return [...routesOf(document).values()].flat().map((route) => route.operationId);
}

/** Every operation a document declares, as method, path template and operationId. */
export function listOperations(document: GustoDocumentName): FoundOperation[] {
  return [...routesOf(document).values()].flat().map(toFoundOperation);
}

function matchRoute(
  routes: readonly Route[],
  segments: readonly string[],
): FoundOperation | undefined {
  let best: Route | undefined;
  for (const route of routes) {
    if (!segmentsMatch(route.segments, segments)) continue;
    if (!best || route.literals > best.literals) best = route;
  }

  return best && toFoundOperation(best);
}

function segmentsMatch(template: readonly (string | null)[], segments: readonly string[]): boolean {
  if (template.length !== segments.length) return false;

  return template.every((part, index) => part === null || part === segments[index]);
}

function toFoundOperation(route: Route): FoundOperation {
  const { operationId, method, pathTemplate, document, operation } = route;

  return { operationId, method, pathTemplate, document, operation };
}

function routesOf(name: GustoDocumentName): Map<string, Route[]> {
  const cached = routeTables.get(name);
  if (cached) return cached;

  const table = buildRouteTable(name);
  routeTables.set(name, table);

  return table;
}

function buildRouteTable(name: GustoDocumentName): Map<string, Route[]> {
  const table = new Map<string, Route[]>();
  for (const [pathTemplate, pathItem] of Object.entries(loadGustoDocument(name).paths)) {
    for (const [method, operation] of Object.entries(pathItem)) {
      if (!httpMethods.has(method) || !isRecord(operation)) continue;
      const route = toRoute(name, method, pathTemplate, operation);
      table.set(method, [...(table.get(method) ?? []), route]);
    }
  }

  return table;
}

function toRoute(
  document: GustoDocumentName,
  method: string,
  pathTemplate: string,
  operation: Record<string, unknown>,
): Route {
  // Every Gusto template parameter fills a whole segment, so a segment is a literal or a slot.
  const segments = splitPath(pathTemplate).map((part) => (/^\{[^}]+\}$/.test(part) ? null : part));
  const operationId =
    typeof operation.operationId === 'string' ? operation.operationId : `${method} ${pathTemplate}`;

  return {
    operationId,
    method: method.toUpperCase(),
    pathTemplate,
    document,
    operation,
    segments,
    literals: segments.filter((part) => part !== null).length,
  };
}

function splitPath(path: string): string[] {
  const withoutQuery = path.split('?')[0] ?? '';

  return withoutQuery
    .split('/')
    .filter((part) => part !== '')
    .map(decodeSegment);
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
