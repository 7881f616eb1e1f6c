import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';
import type { Storage } from '../src/storage/database.js';

/** Counts every query built through a Kysely instance it is plugged into. */
export class QueryCounter implements KyselyPlugin {
  count = 0;

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.count += 1;

    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

/** The same storage whose queries are counted by `counter`. */
export function countedStorage(storage: Storage, counter: QueryCounter): Storage {
  return { ...storage, db: storage.db.withPlugin(counter) };
}
