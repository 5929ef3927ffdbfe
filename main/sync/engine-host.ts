// Main-thread side of the engine worker: spawns it, exposes the engine's commands as typed async calls,
// answers its credential requests, and forwards its events. No SQLite write and no IMAP on this thread:
// main's writes are messages too (`write`, main/store/app-writes.ts).
import { Worker } from 'node:worker_threads';
import type { AppWriteArgs, AppWriteOp, AppWriteResult } from '../store/app-writes';
import type { EngineApi, EngineMethod, FromWorker, ToWorker, WorkerInit } from './protocol';
import { resolveWorkerEntry, type WorkerEntry } from './resolve-worker-entry';
import type { CredentialsProvider, EngineEvent, EngineEventListener } from './types';

export class EngineWorkerError extends Error {
  override readonly name = 'EngineWorkerError';
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

export class EngineWorkerHost implements EngineApi {
  private readonly worker: Worker;
  private readonly listeners = new Set<EngineEventListener>();
  private readonly calls = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private nextReq = 1;
  readonly ready: Promise<void>;
  private exited = false;
  private terminating = false;

  constructor(init: WorkerInit, private readonly credentials: CredentialsProvider, entry: WorkerEntry = resolveWorkerEntry()) {
    this.worker = new Worker(entry.file, { workerData: init, execArgv: entry.execArgv });
    this.ready = new Promise((resolve, reject) => {
      const onMessage = (m: FromWorker) => {
        if (m.type === 'ready') resolve();
        else if (m.type === 'fatal') reject(new EngineWorkerError(m.code, m.message));
      };
      this.worker.on('message', onMessage);
      this.worker.once('error', (e) => reject(e));
      this.worker.once('exit', (code) => reject(new EngineWorkerError('WORKER_EXIT', `engine worker exited (${code})`)));
    });
    this.worker.on('message', (m: FromWorker) => this.onMessage(m));
    this.worker.on('exit', (code) => {
      this.exited = true;
      // Listeners learn that sync stopped unexpectedly (the owner may start a new host).
      if (!this.terminating) this.dispatch({ type: 'error', bal: null, code: 'WORKER_EXIT', message: `Le moteur de synchronisation s’est arrêté de façon inattendue (code ${code}) ; redémarrez l’application si la synchronisation ne reprend pas.` });
      for (const c of this.calls.values()) c.reject(new EngineWorkerError('WORKER_EXIT', 'Le moteur de synchronisation s’est arrêté.'));
      this.calls.clear();
    });
    this.worker.on('error', () => {});
  }

  on(listener: EngineEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private dispatch(e: EngineEvent): void {
    for (const l of this.listeners) {
      try {
        l(e);
      } catch {
        // listener failure is not the engine's
      }
    }
  }

  private post(m: ToWorker): void {
    if (!this.exited) this.worker.postMessage(m);
  }

  private onMessage(m: FromWorker): void {
    switch (m.type) {
      case 'reply': {
        const c = this.calls.get(m.reqId);
        if (!c) return;
        this.calls.delete(m.reqId);
        if (m.ok) c.resolve(m.value);
        else c.reject(new EngineWorkerError(m.code, m.message));
        return;
      }
      case 'event':
        this.dispatch(m.event);
        return;
      case 'credentialsRequest':
        this.credentials(m.bal, { forceRefresh: m.forceRefresh }).then(
          (credentials) => this.post({ type: 'credentials', requestId: m.requestId, ok: true, credentials }),
          (err: unknown) => this.post({ type: 'credentials', requestId: m.requestId, ok: false, code: String((err as { code?: unknown })?.code ?? 'CREDENTIALS_UNAVAILABLE') }),
        );
        return;
      default:
        return;
    }
  }

  private call<K extends EngineMethod>(method: K, ...args: Parameters<EngineApi[K]>): ReturnType<EngineApi[K]> {
    const reqId = this.nextReq++;
    const p = new Promise((resolve, reject) => {
      if (this.exited) return reject(new EngineWorkerError('WORKER_EXIT', 'Le moteur de synchronisation est arrêté.'));
      this.calls.set(reqId, { resolve, reject });
      this.post({ type: 'call', reqId, method, args });
    });
    return p as ReturnType<EngineApi[K]>;
  }

  /** One of main's writes, run by the worker on the single writer connection (main never waits on a lock). */
  write<K extends AppWriteOp>(op: K, ...args: AppWriteArgs<K>): Promise<AppWriteResult<K>> {
    const reqId = this.nextReq++;
    return new Promise((resolve, reject) => {
      if (this.exited) return reject(new EngineWorkerError('WORKER_EXIT', 'Le moteur de synchronisation est arrêté.'));
      this.calls.set(reqId, { resolve: resolve as (v: unknown) => void, reject });
      this.post({ type: 'write', reqId, op, args });
    });
  }

  start: EngineApi['start'] = (account) => this.call('start', account);
  stop: EngineApi['stop'] = (bal) => this.call('stop', bal);
  setActiveFolder: EngineApi['setActiveFolder'] = (bal, folderId) => this.call('setActiveFolder', bal, folderId);
  syncNow: EngineApi['syncNow'] = (bal) => this.call('syncNow', bal);
  applyChange: EngineApi['applyChange'] = (change) => this.call('applyChange', change);
  specialFolder: EngineApi['specialFolder'] = (bal, role) => this.call('specialFolder', bal, role);
  fetchBody: EngineApi['fetchBody'] = (messageId) => this.call('fetchBody', messageId);
  fetchAttachment: EngineApi['fetchAttachment'] = (messageId, part) => this.call('fetchAttachment', messageId, part);
  connectivity: EngineApi['connectivity'] = (bal) => this.call('connectivity', bal);
  stats: EngineApi['stats'] = () => this.call('stats');
  archive: EngineApi['archive'] = (ids, options) => this.call('archive', ids, options); // ---- Archive & export
  ensureRaw: EngineApi['ensureRaw'] = (ids) => this.call('ensureRaw', ids); // ---- Archive & export
  reconcile: EngineApi['reconcile'] = (accounts) => this.call('reconcile', accounts);
  purge: EngineApi['purge'] = (bal) => this.call('purge', bal);
  setConnectionBudget: EngineApi['setConnectionBudget'] = (budget) => this.call('setConnectionBudget', budget);
  // ---- Outgoing mail
  appendSent: EngineApi['appendSent'] = (bal, raw, messageId) => this.call('appendSent', bal, raw, messageId);
  locateSent: EngineApi['locateSent'] = (bal, messageId, alsoInbox) => this.call('locateSent', bal, messageId, alsoInbox);
  appendDraft: EngineApi['appendDraft'] = (bal, raw, draftUuid) => this.call('appendDraft', bal, raw, draftUuid);
  removeDraftCopies: EngineApi['removeDraftCopies'] = (bal, removal) => this.call('removeDraftCopies', bal, removal);
  fetchSource: EngineApi['fetchSource'] = (messageId) => this.call('fetchSource', messageId);
  fetchHeaders: EngineApi['fetchHeaders'] = (messageId, fields) => this.call('fetchHeaders', messageId, fields);

  /** Stops every BAL (LOGOUT) and ends the worker. */
  async terminate(): Promise<void> {
    if (this.exited) return;
    this.terminating = true;
    try {
      // A worker still opening the cache is not cut inside SQLite's native code (N-API would abort the process).
      await within(this.ready.catch(() => undefined), 15_000);
      await within(this.stop(), 5_000);
    } finally {
      await this.worker.terminate();
    }
  }
}

/** Waits for p, at most ms (the guard's timer is cleared either way: nothing outlives terminate()). */
async function within(p: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([p, new Promise((r) => (timer = setTimeout(r, ms)))]);
  } finally {
    clearTimeout(timer);
  }
}
