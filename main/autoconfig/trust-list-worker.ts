// Worker thread that parses a trust list (3.7 MB, ~0.3 s of XML work) off the main process's event loop,
// so the UI's calls are never held up by it. Emitted as its own file by the build (vite.node.config.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { AutoconfigError } from './errors';
import { parseTrustListXml } from './trust-list-xml';

if (!parentPort) throw new Error('trust-list-worker must run in a worker thread');
const bytes = Buffer.from(workerData as Uint8Array);
try {
  parentPort.postMessage({ ok: true, parsed: parseTrustListXml(bytes) });
} catch (e) {
  const err = e instanceof AutoconfigError ? e : new AutoconfigError('trust-list-invalid', String((e as Error)?.message ?? e));
  parentPort.postMessage({ ok: false, code: err.code, message: err.message });
}
