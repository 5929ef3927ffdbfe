// The index side of the sync benchmark: what the app runs beside the engine to extract text and fill the
// full-text index. `pending()` is how many messages still wait to be indexed.
import type { StoreWriter } from '../main/store/writer';
import type { EngineOptions } from '../main/sync/types';

export interface BenchIndexer {
  engineOptions: EngineOptions;
  pending(): number;
  /** CPU time of the indexer where it runs outside this thread (0 when inside the engine's). */
  cpuMs(): number;
  stop(): Promise<void>;
}

export async function benchIndexer(writer: StoreWriter, _dbFile: string, _keyHex: string): Promise<BenchIndexer> {
  void writer;
  // Bodies are indexed on the sync path: once stored, nothing is pending.
  return {
    engineOptions: {},
    pending: () => 0,
    cpuMs: () => 0,
    stop: async () => {},
  };
}
