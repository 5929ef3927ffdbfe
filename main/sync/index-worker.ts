// Index worker entry (node:worker_threads): its own connection to the cache, running the Indexer so that
// text extraction and full-text indexing never take the sync engine's thread (index-worker-host.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { errorFields, log } from '../log';
import { openWriter } from '../store/open-store';
import { Indexer, type IndexerOptions } from './indexer';
import type { FromIndexWorker, IndexWorkerInit, ToIndexWorker } from './index-protocol';

const port = parentPort;
if (!port) throw new Error('index-worker must run in a worker thread');
const send = (m: FromIndexWorker): void => port.postMessage(m);
process.on('unhandledRejection', (err) => log.error('index.unhandled-rejection', errorFields(err)));

const init = workerData as IndexWorkerInit;
try {
  const writer = openWriter(init.dbFile, init.keyHex);
  const indexer = new Indexer(writer, (p) => send({ type: 'progress', ...p }), (init.options ?? {}) as IndexerOptions);
  port.on('message', (m: ToIndexWorker) => {
    if (m.type === 'wake') indexer.wake();
    else if (m.type === 'stop') {
      void indexer.stop().then(() => {
        writer.close();
        send({ type: 'stopped' });
        port.close();
      });
    }
  });
  indexer.start();
  send({ type: 'ready' });
} catch (err) {
  send({ type: 'fatal', message: err instanceof Error ? err.name : 'error' });
}
