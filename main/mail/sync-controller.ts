// Starts and stops the sync engine worker with the person's session: the BALs whose right the operator
// just confirmed are synced with the person's token (asked at every connection), within the operator's
// connection cap. Engine events become bridge events.
import type { EventBus } from '../bridge/events';
import { imapCredentialsProvider, type CredentialsProvider } from '../auth/credentials';
import { EngineWorkerHost } from '../sync';
import { OfflineError } from '../sync/account-sync';
import type { OutgoingImap } from '../sync/protocol';
import type { EngineAccount } from '../sync/types';
import { errorFields, log } from '../log';
import type { StoredAccount } from '../accounts/accounts-file';
import type { OpenCache } from '../store/open-cache';
import { bridgeEventsFromEngine, folderIdsFromReader } from './engine-adapter';
import type { RuntimeConfig } from '../config/runtime-config';
import { imapServerOf } from '../accounts/imap-server';
import type { SoftwareCertificates } from '../auth/certificate/software-certificates';

export class SyncController {
  private host: EngineWorkerHost | null = null;
  private running = new Set<string>();
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

  /** The engine, started on first use (null when the cache is closed). */
  async engine(): Promise<EngineWorkerHost | null> {
    if (this.host) return this.host;
    const cache = this.deps.cache();
    if (!cache) return null;
    // The operator's per-person cap (10 by default) minus the one connection of the rights check at login
    // (mailboxes/rights-check.ts, one BAL at a time). Sending has no connection of its own: it asks the
    // engine (outgoing()).
    const cap = Math.min(...this.deps.connectionCaps(), 10);
    const host = new EngineWorkerHost(
      { dbFile: cache.file, keyHex: cache.keyHex, options: { connectionBudget: Math.max(1, cap - 1) } },
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
    this.host = host;
    await host.ready;
    return host;
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
    this.running.clear();
    this.restarts += 1;
    if (this.restarts > 5) {
      log.error('sync.worker-gave-up', { restarts: this.restarts });
      return;
    }
    await new Promise((r) => setTimeout(r, 1000 * this.restarts));
    await this.startAll(accounts);
  }

  async startAll(accounts: StoredAccount[]): Promise<void> {
    this.lastAccounts = accounts;
    const engine = await this.engine();
    if (!engine) return;
    for (const account of accounts) {
      if (this.running.has(account.address.toLowerCase())) continue;
      try {
        await engine.start(this.engineAccount(account));
        this.running.add(account.address.toLowerCase());
      } catch (err) {
        log.warn('sync.start-failed', errorFields(err));
      }
    }
  }

  async stopAll(): Promise<void> {
    this.lastAccounts = [];
    if (!this.host) return;
    await this.host.stop().catch(() => undefined);
    this.running.clear();
  }

  async dispose(): Promise<void> {
    await this.stopAll();
    await this.host?.terminate();
    this.host = null;
  }
}
