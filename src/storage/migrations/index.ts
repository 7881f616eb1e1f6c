import type { Migration } from 'kysely';
import * as atsCore from './0001-ats-core.js';
import * as outbox from './0002-outbox.js';
import * as gustoConnection from './0003-gusto-connection.js';
import * as handoff from './0004-handoff.js';
import * as candidateSearch from './0005-candidate-search.js';
import * as outboxBudgetGate from './0006-outbox-budget-gate.js';
import * as rateBudgetFunction from './0007-rate-budget-function.js';
import * as rateBudgetCountByIndex from './0008-rate-budget-count-by-index.js';

/**
 * Numbered, forward-only migrations. Add new ones at the end with the next number; never edit or
 * reorder one that has shipped.
 */
export const migrations: Record<string, Migration> = {
  '0001-ats-core': atsCore,
  '0002-outbox': outbox,
  '0003-gusto-connection': gustoConnection,
  '0004-handoff': handoff,
  '0005-candidate-search': candidateSearch,
  '0006-outbox-budget-gate': outboxBudgetGate,
  '0007-rate-budget-function': rateBudgetFunction,
  '0008-rate-budget-count-by-index': rateBudgetCountByIndex,
};
