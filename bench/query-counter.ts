import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';
import type { Storage } from '../src/storage/database.js';

/**
 * Counts every statement run through a Kysely instance it is plugged into, once its answer is
 * in. Counted at the answer, not when the query is built: a query built into another statement
 * (a data-modifying `with`, a write carried by the budget grant) passes through the plugin too,
 * but runs only as part of that one statement.
 */
export class QueryCounter implements KyselyPlugin {
  count = 0;

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    this.count += 1;

    return args.result;
  }
}

/** The same storage whose queries are counted by `counter`. */
export function countedStorage(storage: Storage, counter: QueryCounter): Storage {
  return { ...storage, db: storage.db.withPlugin(counter) };
}
