// The sync engine: owns the StoreWriter and every IMAP connection of the person's open BALs, within one
// connection budget. Usable in-process (tests) or inside the engine worker (engine-worker.ts).
import { SyncQueries } from '../store/sync-queries';
import type { StoreWriter } from '../store/writer';
import { AccountSync } from './account-sync';
import { DEFAULT_BACKOFF } from './backoff';
import { ConnectionBudget } from './budget';
import type { ResolvedOptions } from './context';
import { planConnections, Rotation } from './rotation';
import { errorFields, log } from '../log';
import { Indexer } from './indexer';
import { normalizeFlagChange, normalizeKeywordChange } from './flag-mapping';
import type { SpecialRole } from './special-folders';
import type { ArchiveOptions, ArchiveOutcome } from './archive-run'; // ---- Archive & export
import { OfflineError } from './account-sync';
import { appendDraftCopy, appendSentCopy, fetchHeaderFields, fetchRaw, findSent, removeDrafts, type DraftRemoval, type ServerCopy } from './outgoing';
import type { CredentialsProvider, EngineAccount, EngineEvent, EngineEventListener, EngineOptions, EngineStats, LocalChange } from './types';

export function resolveOptions(o: EngineOptions = {}): ResolvedOptions {
  return {
    connectionBudget: o.connectionBudget ?? 10,
    headerBatchSize: o.headerBatchSize ?? 250,
    fullBodyMaxBytes: o.fullBodyMaxBytes ?? 2 * 1024 * 1024,
    bodyBatchBytes: o.bodyBatchBytes ?? 4 * 1024 * 1024,
    backgroundBodies: o.backgroundBodies ?? true,
    pollIntervalMs: o.pollIntervalMs ?? 60_000,
    backoff: o.backoff ?? DEFAULT_BACKOFF,
    socketTimeoutMs: o.socketTimeoutMs ?? 5 * 60_000,
  };
}

export class SyncEngine {
  private readonly accounts = new Map<string, AccountSync>();
  private readonly listeners = new Set<EngineEventListener>();
  readonly budget: ConnectionBudget;
  readonly options: ResolvedOptions;
  readonly queries: SyncQueries;
  /** BALs beyond the budget take turns (rotation.ts); lastUsed orders who keeps a connection. */
  private readonly rotation: Rotation<AccountSync>;
  private readonly lastUsed = new Map<AccountSync, number>();
  private useCounter = 0;
  private replanning: Promise<void> = Promise.resolve();
  /** In-thread indexer (option indexer: 'inline'); null when an index worker runs beside the engine. */
  private readonly indexer: Indexer | null;

  constructor(
    readonly store: StoreWriter,
    private readonly credentials: CredentialsProvider,
    options: EngineOptions = {},
  ) {
    this.options = resolveOptions(options);
    this.budget = new ConnectionBudget(this.options.connectionBudget);
    this.queries = new SyncQueries(store);
    this.rotation = new Rotation(this.options.pollIntervalMs, this.options.pollIntervalMs);
    this.indexer = (options.indexer ?? 'inline') === 'inline'
      ? new Indexer(store, (p) => this.emit({ type: 'indexProgress', pending: p.pending, indexed: p.indexed }))
      : null;
  }

  /** Subscribes to engine events; returns the unsubscribe function. */
  on(listener: EngineEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit = (e: EngineEvent): void => {
    for (const l of this.listeners) {
      try {
        l(e);
      } catch {
        // a listener's failure is not the engine's
      }
    }
  };

  /** Starts syncing a BAL; returns its account id in the store. */
  start(account: EngineAccount): number {
    this.indexer?.start();
    const key = account.address.toLowerCase();
    const existing = this.accounts.get(key);
    if (existing) {
      existing.start();
      return existing.accountId;
    }
    // Two connections per BAL (IDLE + background) while the budget allows it for every open BAL; otherwise
    // BALs give back their background connection (newest first) so each keeps one.
    const wanted = [...this.accounts.values()].reduce((n, x) => n + x.connectionsWanted, 0);
    const separate = wanted + 2 <= this.options.connectionBudget;
    const a = new AccountSync(account, this.store, this.queries, this.options, this.budget, this.credentials, this.emit, separate);
    let total = wanted + a.connectionsWanted;
    for (const other of [...this.accounts.values()].reverse()) {
      if (total <= this.options.connectionBudget) break;
      if (other.connectionsWanted === 2) {
        void other.shareConnection();
        total--;
      }
    }
    this.accounts.set(key, a);
    this.lastUsed.set(a, 0);
    // Over the budget: a BAL that does not keep a connection starts in the rotation, never connecting first.
    if (!this.plan().residents.includes(a)) void a.toRotation();
    a.start();
    this.replan();
    return a.accountId;
  }

  private plan() {
    return planConnections([...this.accounts.values()], (a) => this.lastUsed.get(a) ?? 0, this.options.connectionBudget);
  }

  /**
   * Applies the plan, one change at a time: BALs leaving the residents close their connections first, then
   * those joining ask for a slot (ahead of any new rotation turn), then the rotation resumes.
   */
  private replan(): void {
    this.replanning = this.replanning.then(async () => {
      const p = this.plan();
      this.rotation.hold();
      await Promise.all(p.rotating.map((a) => a.toRotation()));
      if (p.slots > 0) await Promise.all(p.residents.map((a) => a.shareConnection()));
      await Promise.all(p.residents.filter((a) => a.rotating).map((a) => a.toResident()));
      this.rotation.configure([...this.accounts.values()].filter((a) => a.rotating), p.slots);
    }).catch((err: unknown) => log.error('sync.replan-failed', errorFields(err)));
  }

  /** Stops one BAL, or all of them. */
  async stop(bal?: string): Promise<void> {
    const targets = bal ? [this.accounts.get(bal.toLowerCase())].filter((x): x is AccountSync => !!x) : [...this.accounts.values()];
    for (const a of targets) {
      this.accounts.delete(a.account.address.toLowerCase());
      this.lastUsed.delete(a);
    }
    await Promise.all(targets.map((a) => a.stop()));
    if (this.accounts.size === 0) await Promise.all([this.rotation.stop(), this.indexer?.stop()]);
    else this.replan();
    await this.replanning;
  }

  /**
   * Makes the set of synced BALs exactly `accounts`: the BALs not in it stop first (awaited: nothing more
   * is written for them), then the missing ones start. Returns what changed (lowercase addresses).
   */
  async reconcile(accounts: readonly EngineAccount[]): Promise<{ started: string[]; stopped: string[] }> {
    const wanted = new Map(accounts.map((a) => [a.address.toLowerCase(), a]));
    const stopped = [...this.accounts.keys()].filter((k) => !wanted.has(k));
    for (const k of stopped) await this.stop(k);
    const started: string[] = [];
    for (const [k, a] of wanted) {
      if (this.accounts.has(k)) continue;
      this.start(a);
      started.push(k);
    }
    return { started, stopped };
  }

  /** The BAL's sync is stopped (awaited), then its cache is deleted (account row, cascades). */
  async purge(bal: string): Promise<boolean> {
    await this.stop(bal);
    const account = this.store.getAccountByAddress(bal);
    if (!account) return false;
    this.store.deleteAccount(account.id);
    return true;
  }

  /** Lowercase addresses of the BALs being synced. */
  syncedBals(): string[] {
    return [...this.accounts.keys()];
  }

  /** The operators' cap changed (a BAL of another operator was added): plans within the new budget. */
  setConnectionBudget(budget: number): void {
    if (budget === this.options.connectionBudget) return;
    this.budget.setLimit(budget);
    (this.options as { connectionBudget: number }).connectionBudget = budget;
    if (this.accounts.size > 0) this.replan();
  }

  private accountOf(bal: string): AccountSync {
    const a = this.accounts.get(bal.toLowerCase());
    if (!a) throw new Error('BAL not started');
    return a;
  }

  private accountById(accountId: number): AccountSync | undefined {
    for (const a of this.accounts.values()) if (a.accountId === accountId) return a;
    return undefined;
  }

  /** The folder on screen. Its BAL gets a connection of its own at once if it was rotating. */
  setActiveFolder(bal: string, folderId: number): void {
    const a = this.accountOf(bal);
    a.setActiveFolder(folderId);
    this.lastUsed.set(a, ++this.useCounter);
    if (a.rotating) this.replan();
  }

  syncNow(bal?: string): void {
    for (const a of bal ? [this.accountOf(bal)] : this.accounts.values()) {
      a.syncNow();
      if (a.rotating) this.rotation.request(a);
    }
  }

  /** Applies a change to the cache at once and queues it for the server. Returns the queued change ids. */
  applyChange(change: LocalChange): number[] {
    let ids: number[] = [];
    const folders = new Set<number>();
    const accountIds = new Set<number>();
    for (const id of change.messageIds) {
      const loc = this.queries.getLocation(id);
      if (loc) {
        folders.add(loc.folderId);
        accountIds.add(loc.accountId);
      }
    }
    switch (change.kind) {
      case 'flags': {
        const { add, remove } = normalizeFlagChange(change.add, change.remove);
        const keywords = normalizeKeywordChange(change.keywords?.add, change.keywords?.remove);
        ids = this.store.changeFlagsLocally(change.messageIds, { add, remove, addKeywords: keywords.add, removeKeywords: keywords.remove }).map((c) => c.id);
        break;
      }
      case 'move':
      case 'copy':
        ids = this.queries.moveOrCopyLocally(change.messageIds, change.destFolderId, change.kind === 'copy').map((c) => c.id);
        folders.add(change.destFolderId);
        break;
      case 'delete':
        ids = this.queries.deleteLocally(change.messageIds).changes.map((c) => c.id);
        break;
    }
    for (const accountId of accountIds) {
      const a = this.accountById(accountId);
      if (!a) continue;
      this.emit({ type: 'messagesChanged', bal: a.account.address, folderId: null, ids: change.messageIds });
      this.emit({ type: 'folderChanged', bal: a.account.address, folderIds: [...folders] });
      a.changesQueued();
      if (a.rotating) this.rotation.request(a);
    }
    return ids;
  }

  /** Folder id of a BAL's Trash / Archives (created on the server when it has none). */
  specialFolder(bal: string, role: SpecialRole): Promise<number> {
    return this.accountOf(bal).specialFolder(role);
  }

  fetchBody(messageId: number): Promise<boolean> {
    const loc = this.queries.getLocation(messageId);
    const a = loc ? this.accountById(loc.accountId) : undefined;
    if (!a) return Promise.resolve(false);
    return a.fetchBody(messageId);
  }

  fetchAttachment(messageId: number, part: string): Promise<number> {
    const loc = this.queries.getLocation(messageId);
    const a = loc ? this.accountById(loc.accountId) : undefined;
    if (!a) return Promise.reject(new Error('unknown message'));
    return a.fetchAttachment(messageId, part);
  }

  // ---- Archive & export (archive helper): ids grouped by BAL, each BAL on its background connection
  async archive(messageIds: number[], o: ArchiveOptions): Promise<ArchiveOutcome> {
    const out: ArchiveOutcome = { archived: [], removedFromServer: [], failed: [] };
    for (const [a, ids] of this.groupByAccount(messageIds, out)) {
      const r = await a.archive(ids, o);
      out.archived.push(...r.archived);
      out.removedFromServer.push(...r.removedFromServer);
      out.failed.push(...r.failed);
    }
    return out;
  }

  async ensureRaw(messageIds: number[]): Promise<number[]> {
    const done: number[] = [];
    for (const [a, ids] of this.groupByAccount(messageIds, { failed: [] })) done.push(...(await a.ensureRaw(ids)));
    return done;
  }

  private groupByAccount(messageIds: number[], out: Pick<ArchiveOutcome, 'failed'>): Map<AccountSync, number[]> {
    const groups = new Map<AccountSync, number[]>();
    for (const id of messageIds) {
      const loc = this.queries.getLocation(id);
      const a = loc ? this.accountById(loc.accountId) : undefined;
      if (!a) {
        out.failed.push({ id, reason: 'unknown' });
        continue;
      }
      groups.set(a, [...(groups.get(a) ?? []), id]);
    }
    return groups;
  }
  // ---- end Archive & export

  // ---- Outgoing mail (main/send through OutgoingImap): on the BAL's background connection, inside the budget

  /** A BAL being synced; otherwise the work waits for it (offline for the sending side, which retries). */
  private syncing(bal: string): AccountSync {
    const a = this.accounts.get(bal.toLowerCase());
    if (!a) throw new OfflineError();
    return a;
  }

  appendSent(bal: string, raw: Uint8Array, messageId: string): Promise<boolean> {
    return this.syncing(bal).onBackground((c) => appendSentCopy(c, raw, messageId));
  }

  locateSent(bal: string, messageId: string, alsoInbox: boolean): Promise<{ inSent: boolean; inInbox: boolean }> {
    return this.syncing(bal).onBackground((c) => findSent(c, messageId, alsoInbox));
  }

  appendDraft(bal: string, raw: Uint8Array, draftUuid: string): Promise<ServerCopy> {
    return this.syncing(bal).onBackground((c) => appendDraftCopy(c, raw, draftUuid));
  }

  removeDraftCopies(bal: string, removal: DraftRemoval): Promise<number> {
    return this.syncing(bal).onBackground((c) => removeDrafts(c, removal));
  }

  /** Where a cached message is on the server (null: not there yet, e.g. a move still queued). */
  private onServer(messageId: number): { a: AccountSync; path: string; uid: number } | null {
    const loc = this.queries.getLocation(messageId);
    const a = loc ? this.accountById(loc.accountId) : undefined;
    if (!loc || !a) {
      if (loc) throw new OfflineError();
      return null;
    }
    const folder = this.store.getFolder(loc.folderId);
    return folder && loc.uid > 0 ? { a, path: folder.path, uid: loc.uid } : null;
  }

  async fetchSource(messageId: number): Promise<Uint8Array | null> {
    const m = this.onServer(messageId);
    return m ? m.a.onBackground((c) => fetchRaw(c, m.path, m.uid)) : null;
  }

  async fetchHeaders(messageId: number, fields: string[]): Promise<Record<string, string>> {
    const m = this.onServer(messageId);
    if (!m) return {};
    return Object.fromEntries(await m.a.onBackground((c) => fetchHeaderFields(c, m.path, m.uid, fields)));
  }
  // ---- end Outgoing mail

  connectivity(bal: string): { online: boolean; since: number } {
    return this.accountOf(bal).connectivity;
  }

  accountIdOf(bal: string): number {
    return this.accountOf(bal).accountId;
  }

  /** For tests: the sessions of a BAL. */
  sessionsOf(bal: string) {
    const a = this.accountOf(bal);
    return { active: a.active, background: a.background, rotating: a.rotating };
  }

  stats(): EngineStats {
    const commands: Record<string, number> = {};
    let opened = 0;
    for (const a of this.accounts.values()) {
      const sessions = a.active === a.background ? [a.active] : [a.active, a.background];
      for (const s of sessions) {
        opened += s.connectionsOpened;
        for (const [k, v] of Object.entries(s.counter.byVerb)) commands[k] = (commands[k] ?? 0) + v;
      }
    }
    const rotatingBals = [...this.accounts.values()].filter((a) => a.rotating).length;
    return { commands, connectionsOpened: opened, connectionsOpen: this.budget.inUse, rotatingBals };
  }
}
