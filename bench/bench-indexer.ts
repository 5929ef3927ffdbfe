// The index side of the sync benchmark, as the app runs it: the index worker (its own thread and
// connection, main/sync/index-worker.ts) beside an engine whose indexer is 'external'. `pending()` is how
// many messages still wait to be indexed. Its CPU is in this process's cpuUsage (worker threads share it).
import { IndexQueries } from '../main/store/index-queries';
import type { StoreWriter } from '../main/store/writer';
import { IndexWorkerHost } from '../main/sync/index-worker-host';
import type { EngineOptions } from '../main/sync/types';

export interface BenchIndexer {
  engineOptions: EngineOptions;
  pending(): number;
  stop(): Promise<void>;
}

export async function benchIndexer(writer: StoreWriter, dbFile: string, keyHex: string): Promise<BenchIndexer> {
  const host = new IndexWorkerHost({ dbFile, keyHex });
  await host.ready;
  const q = new IndexQueries(writer);
  return { engineOptions: { indexer: 'external' }, pending: () => q.pending(), stop: () => host.stop() };
}
