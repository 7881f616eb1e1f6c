import type { RequestLogEntry } from '../src/gusto-sandbox/control/traffic.js';
import { isApiCall } from './timed-sandbox.js';

/** Gusto API calls of a run, as the sandbox's request log counted them. */
export interface GustoCallCount {
  total: number;
  per_hire: number;
  /** Calls per operation, ids in paths replaced by `{id}`. */
  by_operation: Record<string, number>;
  /** Answers by status, such as `{ "200": 3, "429": 0 }`. */
  by_status: Record<string, number>;
  /** Whether the log reached the sandbox's cap, so older entries were dropped. */
  log_capped: boolean;
}

const ID = /\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?=\/|$)/g;

/** The operation of a request: method and path with ids replaced. */
export function operationOf(entry: Pick<RequestLogEntry, 'method' | 'path'>): string {
  return `${entry.method} ${entry.path.replace(ID, '/{id}')}`;
}

/** Counts the API calls of a request log, per hire of `hires`. */
export function countGustoCalls(log: readonly RequestLogEntry[], hires: number): GustoCallCount {
  const api = log.filter(isApiCall);
  const by_operation: Record<string, number> = {};
  const by_status: Record<string, number> = {};
  for (const entry of api) {
    const op = operationOf(entry);
    by_operation[op] = (by_operation[op] ?? 0) + 1;
    by_status[String(entry.status)] = (by_status[String(entry.status)] ?? 0) + 1;
  }

  return {
    total: api.length,
    per_hire: hires > 0 ? Math.round((api.length / hires) * 100) / 100 : 0,
    by_operation,
    by_status,
    log_capped: log.length >= 10_000,
  };
}

/**
 * The fewest Gusto calls an employee with a work location, pay and department needs: create the
 * employee, its work address and its job; update the default compensation, whose uuid and
 * version the job's create answer already carries; read the department's version, then add the
 * person to it (Gusto's department update requires the current `version`).
 */
export const FEWEST_CALLS_PER_EMPLOYEE = 6;
