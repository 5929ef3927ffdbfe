// The sync engine worker, from the cache's opening to the app's end: it holds the cache's single writer
// (main's writes are `writes`, async calls to it), and syncs exactly the BALs it is given (`reconcile`):
// those whose right the operator just confirmed, with the person's token (asked at every connection),
// within the operator's connection cap. A withdrawn BAL stops syncing in the worker before its cache is
// purged there (`purge`). Engine events become bridge events.
import type { EventBus } from '../bridge/events';
import { imapCredentialsProvider, type CredentialsProvider } from '../auth/credentials';
import { EngineWorkerHost } from '../sync';
import { OfflineError } from '../sync/account-sync';
import type { OutgoingImap } from '../sync/protocol';
import type { EngineAccount } from '../sync/types';
import { errorFields, log } from '../log';
import type { StoredAccount } from '../accounts/accounts-file';
import type { OpenCache } from '../store/open-cache';
import { cacheWritesOver, type AppWriteOp, type CacheWrites } from '../store/app-writes';
import { UserError } from '../errors';
import { bridgeEventsFromEngine, folderIdsFromReader } from './engine-adapter';
import type { RuntimeConfig } from '../config/runtime-config';
import { imapServerOf } from '../accounts/imap-server';
import type { SoftwareCertificates } from '../auth/certificate/software-certificates';

export class SyncController {
  private host: EngineWorkerHost | null = null;
  private starting: Promise<EngineWorkerHost | null> | null = null;
  /** The cache file and key the worker opens (set when the cache opens). */
  private store: { file: string; keyHex: string } | null = null;
  private offlineSince = new Map<string, number>();
  private lastAccounts: StoredAccount[] = [];
  private restarts = 0;

  constructor(
    private readonly deps: {
      events: EventBus;
      runtime: RuntimeConfig;
      credentials: CredentialsProvider;
      /** BALs that log in with a software certificate (PKCS#12) instead of the person's PSC token. */
      certificates?: SoftwareCertificates;
      cache: () => OpenCache | null;
      /** Connection caps announced by the operators of the configured BALs. */
      connectionCaps: () => number[];
      setConnectivity: (online: boolean, since: number, reason?: string, connectionCap?: number, offlineBals?: string[]) => void;
    },
  ) {}

  /**
   * Starts the single writer on the cache (the worker opens it and runs the migrations) and returns main's
   * way to write: every call a message to the worker, never a lock waited on by this thread.
   */
  async open(file: string, keyHex: string): Promise<CacheWrites> {
    this.store = { file, keyHex };
    try {
      await this.engine();
    } catch (err) {
      this.store = null; // not retried at every write: the cache stays closed (cache.status says why)
      throw err;
    }
    return this.writes;
  }

  readonly writes: CacheWrites = cacheWritesOver(async (op: AppWriteOp, args: unknown[]) => {
    const host = await this.engine();
    if (!host) throw new UserError('cache.closed', { fr: 'Le cache des messages est fermé.', en: 'The message cache is closed.' });
    return (host.write as (op: AppWriteOp, ...a: unknown[]) => Promise<unknown>)(op, ...args);
  });

  /**
   * The operator's per-person cap (10 by default) minus the one connection of the rights check at login
   * (mailboxes/rights-check.ts, one BAL at a time). Sending has no connection of its own: it asks the
   * engine (outgoing()).
   */
  private budget(): number {
    const cap = Math.min(...this.deps.connectionCaps(), 10);
    return Math.max(1, cap - 1);
  }

  /** The engine (its worker started with the cache; again after a crash); null when the cache is closed. */
  async engine(): Promise<EngineWorkerHost | null> {
    if (this.host) return this.host;
    if (this.starting) return this.starting;
    const store = this.store;
    if (!store) return null;
    const host = new EngineWorkerHost(
      { dbFile: store.file, keyHex: store.keyHex, options: { connectionBudget: this.budget() } },
      imapCredentialsProvider(this.deps.credentials, (bal) => this.deps.certificates?.credentials(bal) ?? Promise.resolve(null)),
    );
    host.on((e) => {
      for (const ev of bridgeEventsFromEngine(e, (ids) => folderIdsFromReader(this.deps.cache()?.reader ?? null, ids))) {
        this.deps.events.emit(ev.name, ev.payload as never);
      }
      if (e.type === 'connectivity') this.onConnectivity(e.bal, e.online, e.since, e.reason);
      if (e.type === 'error') log.warn('sync.error', { code: e.code });
      if (e.type === 'error' && e.code === 'WORKER_EXIT' && this.host === host) void this.restartAfterCrash();
    });
    this.starting = host.ready.then(
      () => {
        this.host = host;
        return host;
      },
      async (err: unknown) => {
        await host.terminate().catch(() => undefined);
        throw err;
      },
    ).finally(() => {
      this.starting = null;
    });
    return this.starting;
  }

  /** The sending side's way to the IMAP server: the engine's background connections, inside its budget. */
  outgoing(): OutgoingImap {
    const engine = async () => {
      const e = await this.engine();
      if (!e) throw new OfflineError();
      return e;
    };
    return {
      appendSent: async (bal, raw, messageId) => (await engine()).appendSent(bal, raw, messageId),
      locateSent: async (bal, messageId, alsoInbox) => (await engine()).locateSent(bal, messageId, alsoInbox),
      appendDraft: async (bal, raw, uuid) => (await engine()).appendDraft(bal, raw, uuid),
      removeDraftCopies: async (bal, removal) => (await engine()).removeDraftCopies(bal, removal),
      fetchSource: async (messageId) => (await engine()).fetchSource(messageId),
      fetchHeaders: async (messageId, fields) => (await engine()).fetchHeaders(messageId, fields),
    };
  }

  private onConnectivity(bal: string, online: boolean, since: number, reason?: string): void {
    if (online) this.offlineSince.delete(bal);
    else this.offlineSince.set(bal, since);
    const anyOffline = [...this.offlineSince.values()];
    if (anyOffline.length === 0) this.deps.setConnectivity(true, Date.now());
    // The operator's cap reached: the banner says how many connections it allows.
    else this.deps.setConnectivity(false, Math.min(...anyOffline), reason, reason === 'SERVER_LIMIT' ? Math.min(...this.deps.connectionCaps(), 10) : undefined, [...this.offlineSince.keys()]);
  }

  private engineAccount(account: StoredAccount): EngineAccount {
    return {
      address: account.address,
      type: account.type,
      label: account.label,
      imap: imapServerOf(account, this.deps.runtime, this.deps.certificates?.has(account.address) ?? false),
    };
  }

  /** The worker died: a new one resumes every BAL from its last committed state (the store is the truth). */
  private async restartAfterCrash(): Promise<void> {
    this.host = null;
    const accounts = this.lastAccounts;
    this.restarts += 1;
    if (this.restarts > 5) {
      log.error('sync.worker-gave-up', { restarts: this.restarts });
      return;
    }
    await new Promise((r) => setTimeout(r, 1000 * this.restarts));
    await this.reconcile(accounts);
  }

  /** Syncs exactly these BALs: the others stop (awaited in the worker), the missing ones start. */
  async reconcile(accounts: StoredAccount[]): Promise<void> {
    this.lastAccounts = accounts;
    const engine = await this.engine();
    if (!engine) return;
    const wanted: EngineAccount[] = [];
    for (const account of accounts) {
      try {
        wanted.push(this.engineAccount(account));
      } catch (err) {
        log.warn('sync.start-failed', errorFields(err)); // host policy refusal: that BAL stays unsynced
      }
    }
    try {
      await engine.setConnectionBudget(this.budget());
      const r = await engine.reconcile(wanted);
      if (r.stopped.length > 0 || r.started.length > 0) log.info('sync.reconciled', { started: r.started.length, stopped: r.stopped.length });
    } catch (err) {
      log.warn('sync.start-failed', errorFields(err));
    }
  }

  /** A withdrawn right: the BAL's sync stops in the worker (awaited), then its cache is deleted there. */
  async purge(bal: string): Promise<void> {
    this.lastAccounts = this.lastAccounts.filter((a) => a.address.toLowerCase() !== bal.toLowerCase());
    const engine = await this.engine();
    if (!engine) return;
    await engine.purge(bal);
  }

  async stopAll(): Promise<void> {
    this.lastAccounts = [];
    if (!this.host) return;
    await this.host.stop().catch(() => undefined);
  }

  async dispose(): Promise<void> {
    await this.stopAll();
    await this.starting?.catch(() => null);
    await this.host?.terminate();
    this.host = null;
    this.store = null;
  }
}
