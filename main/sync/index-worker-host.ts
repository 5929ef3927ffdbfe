// Starts the index worker and relays its progress. Used by the engine worker (engine-worker.ts) and the
// benchmark; the Indexer can also run in process (SyncEngine's default, tests).
import { Worker } from 'node:worker_threads';
import type { IndexProgress } from './indexer';
import type { FromIndexWorker, IndexWorkerInit, ToIndexWorker } from './index-protocol';
import { resolveWorkerEntry, type WorkerEntry } from './resolve-worker-entry';

export class IndexWorkerHost {
  private readonly worker: Worker;
  private readonly listeners = new Set<(p: IndexProgress) => void>();
  private exited = false;
  private readonly stopped: Promise<void>;
  private last: IndexProgress | null = null;
  readonly ready: Promise<void>;

  constructor(init: IndexWorkerInit, entry: WorkerEntry = resolveWorkerEntry(undefined, undefined, 'index')) {
    this.worker = new Worker(entry.file, { workerData: init, execArgv: entry.execArgv });
    this.stopped = new Promise((resolve) => this.worker.once('exit', () => { this.exited = true; resolve(); }));
    this.ready = new Promise((resolve, reject) => {
      this.worker.on('message', (m: FromIndexWorker) => {
        if (m.type === 'ready') resolve();
        else if (m.type === 'fatal') reject(new Error(`index worker failed to start (${m.message})`));
        else if (m.type === 'progress') {
          this.last = { pending: m.pending, indexed: m.indexed };
          for (const l of this.listeners) l(this.last);
        }
      });
      this.worker.once('exit', (code) => reject(new Error(`index worker exited (${code})`)));
    });
    this.ready.catch(() => {}); // awaited by whoever needs it
  }

  onProgress(listener: (p: IndexProgress) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  lastProgress(): IndexProgress | null {
    return this.last;
  }

  wake(): void {
    if (!this.exited) this.post({ type: 'wake' });
  }

  /** Lets the current round commit, closes the worker's connection, and waits for the thread to end. */
  async stop(): Promise<void> {
    if (!this.exited) this.post({ type: 'stop' });
    // A round is one parse batch and one transaction; beyond this the thread is ended (the queue is intact).
    const timer = setTimeout(() => void this.worker.terminate(), 30_000);
    await this.stopped;
    clearTimeout(timer);
  }

  private post(m: ToIndexWorker): void {
    this.worker.postMessage(m);
  }
}
