import type { GustoDocumentName } from './documents.js';
import type { FoundOperation } from './find-operation.js';
import { compileSchema, describeErrors } from './schema-compiler.js';

/** Outcome of one contract check: which operation judged it and, on failure, why. */
export type ContractResult =
  | { readonly ok: true; readonly operationId: string; readonly document: GustoDocumentName }
  | {
      readonly ok: false;
      readonly operationId: string | undefined;
      readonly document: GustoDocumentName | undefined;
      readonly errors: readonly string[];
    };

/**
 * Validates `value` against `schema` (compiled once per operation and `direction`), and
 * prefixes each error with `where`.
 */
export function checkAgainstSchema(
  found: FoundOperation,
  direction: string,
  schema: unknown,
  value: unknown,
  where: string,
): ContractResult {
  const validate = compileSchema(found.document, `${found.operationId}|${direction}`, schema);
  if (validate(value)) return pass(found);

  return fail(found, describeErrors(where, validate.errors ?? []));
}

/** A success judged by `found`. */
export function pass(found: FoundOperation): ContractResult {
  return { ok: true, operationId: found.operationId, document: found.document };
}

/** A failure judged by `found`. */
export function fail(found: FoundOperation, errors: readonly string[]): ContractResult {
  return { ok: false, operationId: found.operationId, document: found.document, errors };
}

/** A failure for a request no Gusto document describes. */
export function unknownOperation(method: string, path: string): ContractResult {
  const errors = [`${method.toUpperCase()} ${path}: no operation in Gusto's documents`];

  return { ok: false, operationId: undefined, document: undefined, errors };
}

/** `result` turned into a failure that also carries `errors`. */
export function withErrors(result: ContractResult, errors: readonly string[]): ContractResult {
  const previous = result.ok ? [] : result.errors;

  return {
    ok: false,
    operationId: result.operationId,
    document: result.document,
    errors: [...previous, ...errors],
  };
}
