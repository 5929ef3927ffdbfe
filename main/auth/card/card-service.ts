// Main-thread API of the CPS card. PKCS#11 calls block (a PIN-pad login waits for the user), so the
// module lives in a worker thread (card-worker.ts); this class only sends typed requests to it.
//
//   const card = await CardService.start({ modulePath });     // rejects CardError('module-missing' | ...)
//   card.on('inserted', e => ...); card.on('removed', e => ...); await card.watch();
//   const id = await card.readIdentity(slot);                   // no PIN
//   const r = await card.login(slot, pinBytes);                 // one attempt, never retried
//   const { signature } = await card.sign(slot, challenge);     // authentication key only
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { CardError, type CardReason } from './messages';
import { resolveModulePath } from './module-path';
import type { PinStatus } from './pin-status';
import type {
  CardIdentity, CardInsertedEvent, CardRemovedEvent, CardUnrecognizedEvent, LoginResult, ModuleInfo, ReaderInfo,
  SignResult, SlotId, WorkerMessage, WorkerRequest,
} from './types';

export interface CardServiceOptions {
  /** PKCS#11 module (settings); defaults to Cryptolib CPS's path for this OS. */
  modulePath?: string;
  /** Presence poll period, ms (≤ 1000 so removal is seen within 2 s). Default 500. */
  pollIntervalMs?: number;
  /** Re-initialise the module on each poll to see insertions ('auto': only for SoftHSM). */
  reinitializeOnPoll?: 'auto' | boolean;
  /** Override the worker script (tests, packaged builds). */
  workerUrl?: URL;
}

export interface CardServiceEvents {
  inserted: [CardInsertedEvent];
  removed: [CardRemovedEvent];
  unrecognized: [CardUnrecognizedEvent];
  'watch-error': [CardError];
}

function defaultWorkerUrl(): URL {
  const js = new URL('./card-worker.js', import.meta.url);
  if (js.protocol === 'file:' && fs.existsSync(fileURLToPath(js))) return js;
  return new URL('./card-worker.ts', import.meta.url);
}

function spawnWorker(url: URL): Worker {
  if (!url.pathname.endsWith('.ts')) return new Worker(url);
  // Source run (tests, tsx): the worker needs the tsx loader unless the process already has it.
  const hasTsx = process.execArgv.some((a) => a.includes('tsx'));
  return new Worker(url, { execArgv: hasTsx ? process.execArgv : [...process.execArgv, '--import', 'tsx'] });
}

type Pending = { resolve: (v: unknown) => void; reject: (e: CardError) => void };

export class CardService extends EventEmitter<CardServiceEvents> {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;
  private module: ModuleInfo | null = null;

  private constructor(
    private readonly worker: Worker,
    private readonly pollIntervalMs: number,
  ) {
    super();
    worker.on('message', (m: WorkerMessage) => this.onMessage(m));
    worker.on('error', (e) => this.failAll('worker-crashed', e.message));
    worker.on('exit', (code) => {
      if (!this.closed) this.failAll('worker-crashed', `worker exited with ${code}`);
      this.closed = true;
    });
  }

  /** Starts the worker and loads the module. Rejects with CardError('module-missing' | 'module-load-failed'). */
  static async start(opts: CardServiceOptions = {}): Promise<CardService> {
    const modulePath = resolveModulePath(opts.modulePath);
    if (!modulePath) throw new CardError('module-missing', `no default module path for ${process.platform}`);
    const poll = Math.min(1000, Math.max(100, opts.pollIntervalMs ?? 500));
    const svc = new CardService(spawnWorker(opts.workerUrl ?? defaultWorkerUrl()), poll);
    try {
      svc.module = (await svc.call({ op: 'init', init: { modulePath, reinitializeOnPoll: opts.reinitializeOnPoll ?? 'auto' } })) as ModuleInfo;
    } catch (e) {
      await svc.close();
      throw e;
    }
    return svc;
  }

  /** How often the watcher polls the readers: a removal is seen at the next poll (≤ 1 s, so the app locks within 2 s). */
  get watchIntervalMs(): number {
    return this.pollIntervalMs;
  }

  get moduleInfo(): ModuleInfo | null {
    return this.module;
  }

  private onMessage(m: WorkerMessage): void {
    if (m.kind === 'reply') {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.ok) p.resolve(m.value);
      else p.reject(new CardError(m.reason, m.detail));
      return;
    }
    switch (m.type) {
      case 'inserted':
        this.emit('inserted', m.payload);
        break;
      case 'removed':
        this.emit('removed', m.payload);
        break;
      case 'unrecognized':
        this.emit('unrecognized', m.payload);
        break;
      case 'watch-error':
        this.emit('watch-error', new CardError(m.payload.reason, m.payload.detail));
        break;
    }
  }

  private failAll(reason: CardReason, detail: string): void {
    for (const p of this.pending.values()) p.reject(new CardError(reason, detail));
    this.pending.clear();
  }

  private call(req: WorkerRequest, transfer: ArrayBuffer[] = []): Promise<unknown> {
    if (this.closed) return Promise.reject(new CardError('service-closed'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...req, id }, transfer);
    });
  }

  listReaders(): Promise<ReaderInfo[]> {
    return this.call({ op: 'listReaders' }) as Promise<ReaderInfo[]>;
  }

  /** Identity of the card in this slot, read without PIN. */
  readIdentity(slotId: SlotId): Promise<CardIdentity> {
    return this.call({ op: 'readIdentity', slotId }) as Promise<CardIdentity>;
  }

  pinStatus(slotId: SlotId): Promise<PinStatus> {
    return this.call({ op: 'pinStatus', slotId }) as Promise<PinStatus>;
  }

  /**
   * One PIN attempt (never retried). Pass the PIN as bytes: the buffer is handed over to the worker
   * (transferred, so it is detached here) and zeroed there after C_Login. A string PIN is accepted for
   * convenience but cannot be wiped from memory. null = PIN-pad reader: the UI shows cardMessage('pin-pad').
   */
  login(slotId: SlotId, pin: Uint8Array | string | null): Promise<LoginResult> {
    if (pin === null) return this.call({ op: 'login', slotId, pin: null }) as Promise<LoginResult>;
    const bytes = typeof pin === 'string' ? new TextEncoder().encode(pin) : pin;
    // own buffer so it can be transferred without detaching memory shared with other views
    const owned = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer ? bytes : Uint8Array.from(bytes);
    if (owned !== bytes) bytes.fill(0);
    return this.call({ op: 'login', slotId, pin: owned }, [owned.buffer as ArrayBuffer]) as Promise<LoginResult>;
  }

  /** RSA PKCS#1 v1.5 SHA-256 signature with the AUTHENTICATION key (proof of possession); needs login. */
  sign(slotId: SlotId, data: Uint8Array): Promise<SignResult> {
    return this.call({ op: 'sign', slotId, data }) as Promise<SignResult>;
  }

  logout(slotId: SlotId): Promise<void> {
    return this.call({ op: 'logout', slotId }) as Promise<void>;
  }

  /** Starts the presence watcher; 'inserted' fires (initial: true) for cards already in a reader. */
  watch(): Promise<Array<{ slotId: SlotId; tokenSerial: string; idNat: string | null }>> {
    return this.call({ op: 'watch', intervalMs: this.pollIntervalMs }) as Promise<Array<{ slotId: SlotId; tokenSerial: string; idNat: string | null }>>;
  }

  unwatch(): Promise<void> {
    return this.call({ op: 'unwatch' }) as Promise<void>;
  }

  /** Logs out, finalises the module and stops the worker. */
  async close(): Promise<void> {
    if (this.closed) return;
    try {
      await Promise.race([this.call({ op: 'close' }), new Promise((r) => setTimeout(r, 2000))]);
    } catch {
      /* worker already gone */
    }
    this.closed = true;
    this.failAll('service-closed', 'closed');
    await this.worker.terminate();
  }
}
