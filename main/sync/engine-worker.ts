// Engine worker entry (node:worker_threads): opens the cache's single writer and runs the SyncEngine off
// the UI thread. It is also where main's writes run (main/store/app-writes.ts): main has no write connection. Credentials are asked from the main thread at every (re)connection. Text extraction and
// full-text indexing run in a worker of their own, started from here (index-worker-host.ts), whose
// progress is forwarded as the engine's 'indexProgress' event.
import { parentPort, workerData } from 'node:worker_threads';
import { errorFields, log } from '../log';
import { runAppWrite } from '../store/app-writes';
import { openWriter } from '../store/open-store';
import type { StoreWriter } from '../store/writer';
import { SyncEngine } from './engine';
import { IndexWorkerHost } from './index-worker-host';
import { ENGINE_METHODS, errorPayload, type FromWorker, type ToWorker, type WorkerInit } from './protocol';
import type { ImapCredentials } from './types';

/** The main thread may need the person (PIN, phone approval) to refresh a token. */
const CREDENTIALS_TIMEOUT_MS = 120_000;
const port = parentPort;
if (!port) throw new Error('engine-worker must run in a worker thread');
const send = (m: FromWorker): void => port.postMessage(m);

// A stray rejection is logged (class and code only) rather than ending the thread and every connection.
process.on('unhandledRejection', (err) => log.error('sync.unhandled-rejection', errorFields(err)));

const init = workerData as WorkerInit;
let engine: SyncEngine;
let writer: StoreWriter;
/** Which BALs sync (reconcile, purge, start, stop) changes one call at a time, in the order asked. */
let lifecycle: Promise<unknown> = Promise.resolve();
const serial = <T>(fn: () => Promise<T>): Promise<T> => {
  const run = lifecycle.then(fn, fn);
  lifecycle = run.catch(() => undefined);
  return run;
};
try {
  writer = openWriter(init.dbFile, init.keyHex);
  const pending = new Map<number, { resolve: (c: ImapCredentials) => void; reject: (e: Error) => void }>();
  let nextRequest = 1;
  engine = new SyncEngine(
    writer,
    (bal, { forceRefresh }) => new Promise<ImapCredentials>((resolve, reject) => {
      const requestId = nextRequest++;
      const timer = setTimeout(() => {
        pending.delete(requestId);
        reject(Object.assign(new Error('credentials timeout'), { code: 'CREDENTIALS_TIMEOUT' }));
      }, CREDENTIALS_TIMEOUT_MS);
      pending.set(requestId, {
        resolve: (c) => { clearTimeout(timer); resolve(c); },
        reject: (e) => { clearTimeout(timer); reject(e); },
      });
      send({ type: 'credentialsRequest', requestId, bal, forceRefresh });
    }),
    { ...(init.options ?? {}), indexer: 'external' },
  );
  engine.on((event) => send({ type: 'event', event }));
  const indexer = new IndexWorkerHost({ dbFile: init.dbFile, keyHex: init.keyHex });
  indexer.onProgress((p) => send({ type: 'event', event: { type: 'indexProgress', pending: p.pending, indexed: p.indexed } }));
  indexer.ready.catch((err: unknown) => log.error('index.worker-failed', errorFields(err)));
  port.on('message', (m: ToWorker) => {
    if (m.type === 'credentials') {
      const p = pending.get(m.requestId);
      if (!p) return;
      pending.delete(m.requestId);
      if (m.ok) p.resolve(m.credentials);
      else p.reject(Object.assign(new Error('credentials unavailable'), { code: m.code }));
      return;
    }
    if (m.type === 'call') void handleCall(m.reqId, m.method, m.args);
    else if (m.type === 'write') handleWrite(m.reqId, m.op, m.args);
  });
  send({ type: 'ready' });
} catch (err) {
  send({ type: 'fatal', ...errorPayload(err) });
}

/** main's writes: run at once, between two of the engine's transactions (same connection, no lock wait). */
function handleWrite(reqId: number, op: string, args: unknown[]): void {
  try {
    send({ type: 'reply', reqId, ok: true, value: runAppWrite(writer, op, args) ?? null });
  } catch (err) {
    send({ type: 'reply', reqId, ok: false, ...errorPayload(err) });
  }
}

async function handleCall(reqId: number, method: string, args: unknown[]): Promise<void> {
  try {
    if (!(ENGINE_METHODS as readonly string[]).includes(method)) throw Object.assign(new Error('unknown method'), { code: 'BAD_METHOD' });
    let value: unknown;
    switch (method) {
      case 'start': value = await serial(async () => engine.start(args[0] as Parameters<SyncEngine['start']>[0])); break;
      case 'stop': value = await serial(() => engine.stop(args[0] as string | undefined)); break;
      case 'reconcile': value = await serial(() => engine.reconcile(args[0] as Parameters<SyncEngine['reconcile']>[0])); break;
      case 'purge': value = await serial(() => engine.purge(args[0] as string)); break;
      case 'setConnectionBudget': value = engine.setConnectionBudget(args[0] as number); break;
      case 'setActiveFolder': value = engine.setActiveFolder(args[0] as string, args[1] as number); break;
      case 'syncNow': value = engine.syncNow(args[0] as string | undefined); break;
      case 'applyChange': value = engine.applyChange(args[0] as Parameters<SyncEngine['applyChange']>[0]); break;
      case 'specialFolder': value = await engine.specialFolder(args[0] as string, args[1] === 'archive' ? 'archive' : 'trash'); break;
      case 'fetchBody': value = await engine.fetchBody(args[0] as number); break;
      case 'fetchAttachment': value = await engine.fetchAttachment(args[0] as number, args[1] as string); break;
      case 'connectivity': value = engine.connectivity(args[0] as string); break;
      case 'stats': value = engine.stats(); break;
      // ---- Archive & export
      case 'archive': value = await engine.archive(args[0] as number[], args[1] as Parameters<SyncEngine['archive']>[1]); break;
      case 'ensureRaw': value = await engine.ensureRaw(args[0] as number[]); break;
      // ---- Outgoing mail (the sending side's IMAP work)
      case 'appendSent': value = await engine.appendSent(args[0] as string, args[1] as Uint8Array, args[2] as string); break;
      case 'locateSent': value = await engine.locateSent(args[0] as string, args[1] as string, args[2] === true); break;
      case 'appendDraft': value = await engine.appendDraft(args[0] as string, args[1] as Uint8Array, args[2] as string); break;
      case 'removeDraftCopies': value = await engine.removeDraftCopies(args[0] as string, args[1] as Parameters<SyncEngine['removeDraftCopies']>[1]); break;
      case 'fetchSource': value = await engine.fetchSource(args[0] as number); break;
      case 'fetchHeaders': value = await engine.fetchHeaders(args[0] as number, args[1] as string[]); break;
    }
    send({ type: 'reply', reqId, ok: true, value: value ?? null });
  } catch (err) {
    send({ type: 'reply', reqId, ok: false, ...errorPayload(err) });
  }
}
