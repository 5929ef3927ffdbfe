// Worker entry used by worker.test.ts: the sync engine's shape (writer in a worker thread, key from workerData).
import { parentPort, workerData } from 'node:worker_threads';
import { openWriter } from '../../../main/store/open-store';

const { file, keyHex } = workerData as { file: string; keyHex: string };
const w = openWriter(file, keyHex);
const accountId = w.upsertAccount({ address: 'alice.martin@test.mssante.fr', type: 'PER' });
const folderId = w.upsertFolder(accountId, { path: 'INBOX', delimiter: '/', uidvalidity: 1 }).id;
w.upsertMessages(folderId, 1, [{ uid: 1, subject: 'Depuis le worker', date: Date.UTC(2026, 0, 1) }]);
w.close();
parentPort!.postMessage({ folderId });
