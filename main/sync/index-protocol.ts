// Messages between the index worker (index-worker.ts) and its host (index-worker-host.ts). Plain data.
import type { IndexerOptions, IndexProgress } from './indexer';

export interface IndexWorkerInit {
  dbFile: string;
  keyHex: string;
  options?: Omit<IndexerOptions, 'now'>;
}

export type ToIndexWorker = { type: 'wake' } | { type: 'stop' };

export type FromIndexWorker =
  | { type: 'ready' }
  | ({ type: 'progress' } & IndexProgress)
  | { type: 'stopped' }
  | { type: 'fatal'; message: string };
