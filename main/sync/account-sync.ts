// One BAL: an "active" connection that keeps the folder on screen selected and IDLEs, and a "background"
// connection (the same one when the budget is short) for the folder list, replaying local changes,
// syncing the other folders (STATUS polling), and bodies. Each loop reconnects with backoff after any
// failure and resumes from the state kept in the store. A BAL beyond the budget has neither: it is
// "rotating" and does the background work in turns (turn(), scheduled by rotation.ts).
import type { ImapFlow } from 'imapflow';
import { errorFields, log } from '../log';
import type { ConnectionBudget } from './budget';
import { AuthFailedError, CredentialsUnavailableError } from './connection';
import type { ResolvedOptions, SyncContext } from './context';
import { extractStoredBody, fetchAttachment, fetchBodyNow, fetchSomeBodies } from './bodies';
import { syncFolderList, unchangedOnServer } from './folder-list';
import { catchUpSelected, selectAndSync } from './folder-sync';
import { replayChanges } from './replay';
import { ensureSpecialFolder, findSpecialFolder, type SpecialRole } from './special-folders';
// ---- Archive & export (archive helper)
import { archiveMessages, ensureRawSources, runArchiveMaintenance, type ArchiveOptions, type ArchiveOutcome } from './archive-run';
import { Session } from './session';
import { Signal } from './signal';
import type { CredentialsProvider, EngineAccount, EngineEvent } from './types';
import type { StoreWriter } from '../store/writer';
import type { SyncQueries } from '../store/sync-queries';
import type { Folder } from '../store/types';

/**
 * Messages per body round on the background connection (batches inside are pipelined). Bigger rounds stall
 * less between batches; an on-demand fetchBody waits at most one round.
 */
const BODY_ROUND = 500;
/** Messages per body round during a rotation turn (the turn's body time is bounded as well). */
const TURN_BODY_ROUND = 100;
/** ServerRefusedLoginError's code for a [LIMIT] refusal (the operator's connection cap). */
const LIMIT_REASON = 'SERVER_LIMIT';

export class OfflineError extends Error {
  override readonly name = 'OfflineError';
  readonly code = 'OFFLINE';
  constructor() {
    super('Le serveur de messagerie est injoignable : cette action sera possible une fois la connexion rétablie.');
  }
}

export class AccountSync {
  readonly ctx: SyncContext;
  readonly active: Session;
  /** The active session itself when the budget is short (see shareConnection). */
  background: Session;
  private running = false;
  private activePath = 'INBOX';
  private readonly activeWake = new Signal();
  private readonly bgWake = new Signal();
  private activeStepQueued = false;
  private online: boolean | null = null;
  private offlineReason: string | undefined;
  private since = Date.now();
  private authBlocked = false;
  private readonly bodySkip = new Set<number>();
  private loops: Promise<void>[] = [];
  private fullRoundDone = false;
  /** 'resident': own connection(s) and loops; 'rotating': connected only during turns (rotation.ts). */
  private mode: 'resident' | 'rotating' = 'resident';
  /** End of the rotation turn under way (null outside turns). */
  private turnDeadline: number | null = null;
  private turning: Promise<void> | null = null;

  constructor(
    readonly account: EngineAccount,
    store: StoreWriter,
    q: SyncQueries,
    options: ResolvedOptions,
    budget: ConnectionBudget,
    credentials: CredentialsProvider,
    emit: (e: EngineEvent) => void,
    separateBackground: boolean,
  ) {
    const accountId = store.upsertAccount({
      address: account.address,
      type: account.type,
      label: account.label ?? '',
      config: { imap: { host: account.imap.host, port: account.imap.port, security: account.imap.security, servername: account.imap.servername ?? null } },
    });
    this.ctx = { bal: account.address, accountId, account, store, q, options, emit, stopped: () => !this.running || this.turnOver() };
    const hooks = (name: string) => ({
      onMailboxEvent: (path: string) => this.onMailboxEvent(path),
      onConnected: () => {
        this.setOnline(true);
        // A shared connection: the background loop waits for the active loop to connect it.
        if (this.background === this.active) this.bgWake.notify();
      },
      onClosed: () => {
        if (this.running) {
          // Wake both loops: the one waiting on this connection reconnects.
          this.activeWake.notify();
          this.bgWake.notify();
        }
        void name;
      },
    });
    const make = (name: string) => new Session(name, account.address, () => this.account.imap, credentials, budget, hooks(name), options.backoff, options.socketTimeoutMs);
    this.active = make('active');
    this.background = separateBackground ? make('background') : this.active;
  }

  get accountId(): number {
    return this.ctx.accountId;
  }

  get connectivity(): { online: boolean; since: number } {
    return { online: this.online === true, since: this.since };
  }

  get rotating(): boolean {
    return this.mode === 'rotating';
  }

  /** The loops run (started, and holding a connection of its own). */
  private get live(): boolean {
    return this.running && this.mode === 'resident';
  }

  private turnOver(): boolean {
    return this.turnDeadline !== null && (this.mode === 'resident' || Date.now() >= this.turnDeadline);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.authBlocked = false;
    if (this.mode === 'resident') this.startLoops();
  }

  private guardLoop = (name: string) => (err: unknown) => {
    // A bug in a loop must not become an unhandled rejection (that would end the worker thread).
    log.error('sync.loop-crashed', { accountId: this.accountId, loop: name, ...errorFields(err) });
    if (!this.running) return;
    // Stop this BAL cleanly; syncNow starts it again.
    this.running = false;
    this.activeWake.notify();
    this.bgWake.notify();
    void this.active.close();
    void this.background.close();
    this.ctx.emit({ type: 'error', bal: this.ctx.bal, code: 'SYNC_LOOP_FAILED', message: 'La synchronisation de cette boîte s’est arrêtée sur une erreur interne ; relancez-la (Synchroniser).' });
  };

  private startLoops(guard = this.guardLoop): void {
    this.loops = [this.activeLoop().catch(guard('active')), this.backgroundLoop().catch(guard('background'))];
  }

  /**
   * Gives up its connection(s) and waits for rotation turns (another BAL was shown and needs the slot).
   * Resolves once the connections are closed.
   */
  async toRotation(): Promise<void> {
    if (this.mode === 'rotating') return;
    this.mode = 'rotating';
    this.activeWake.notify();
    this.bgWake.notify();
    await this.shareConnection();
    await this.active.close();
    await Promise.allSettled(this.loops);
    this.loops = [];
    await this.active.close();
  }

  /**
   * Gets a connection of its own again (the BAL is shown): a turn under way ends at its next step, then the
   * loops start and ask for a slot at once (before this resolves), ahead of any new turn.
   */
  async toResident(): Promise<void> {
    if (this.mode === 'resident') return;
    this.mode = 'resident';
    await this.turning;
    if (this.running && this.mode === 'resident' && this.loops.length === 0) this.startLoops();
  }

  /** One rotation turn (see rotation.ts): everything the background loop does, then disconnect. */
  async turn(maxMs: number): Promise<void> {
    if (!this.running || this.mode !== 'rotating' || this.authBlocked) return;
    const s = this.active; // background === active while rotating
    const started = Date.now();
    this.turnDeadline = started + maxMs;
    let done!: () => void;
    this.turning = new Promise<void>((r) => (done = r));
    try {
      await s.ensure();
      await s.mutex.run(async () => {
        await this.backgroundRound(true);
        // Bodies get a quarter of the turn at most: the other BALs are waiting for the slot.
        while (!this.ctx.stopped() && this.ctx.options.backgroundBodies && Date.now() < started + maxMs / 4) {
          const client = s.client;
          if (!client) break;
          if ((await fetchSomeBodies(this.ctx, client, TURN_BODY_ROUND, null, this.bodySkip)) === 0) break;
        }
      });
      s.backoff.reset();
    } catch (err) {
      await this.failure(s, err);
    } finally {
      this.turnDeadline = null;
      await s.mutex.run(() => s.close());
      this.turning = null;
      done();
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    this.activeWake.notify();
    this.bgWake.notify();
    await Promise.all([this.active.close(), this.background.close()]);
    await Promise.allSettled([...this.loops, this.turning]);
    this.loops = [];
    // A connection attempt in flight during the first close may have completed since.
    await Promise.all([this.active.close(), this.background.close()]);
  }

  setActiveFolder(folderId: number): void {
    const f = this.ctx.store.getFolder(folderId);
    if (!f || f.accountId !== this.accountId) throw new Error('unknown folder');
    this.activePath = f.path;
    this.scheduleActiveStep();
  }

  syncNow(): void {
    if (!this.running) {
      // Restarted after a loop failure.
      void Promise.allSettled(this.loops).then(() => this.start());
      return;
    }
    this.authBlocked = false;
    this.fullRoundDone = false;
    this.activeWake.notify();
    this.bgWake.notify();
    this.scheduleActiveStep();
  }

  /** New local changes: replay soon. */
  changesQueued(): void {
    this.bgWake.notify();
  }

  async fetchBody(messageId: number): Promise<boolean> {
    // Stored raw but not extracted yet: from the cache, online or not.
    if (await extractStoredBody(this.ctx, messageId)) return true;
    return this.onBackground((client) => fetchBodyNow(this.ctx, client, messageId));
  }

  async fetchAttachment(messageId: number, part: string): Promise<number> {
    return this.onBackground((client) => fetchAttachment(this.ctx, client, messageId, part));
  }

  /** Folder id of the BAL's Trash / Archives, created on the server when missing (needs the connection then). */
  async specialFolder(role: SpecialRole): Promise<number> {
    const known = findSpecialFolder(this.ctx.store.listFolders(this.accountId), role);
    if (known) return known.id;
    return (await this.onBackground((client) => ensureSpecialFolder(this.ctx, client, role))).id;
  }

  // ---- Archive & export (archive helper): on the background connection, like bodies
  async archive(ids: number[], o: ArchiveOptions): Promise<ArchiveOutcome> {
    return this.onBackground((client) => archiveMessages(this.ctx, client, ids, o));
  }

  async ensureRaw(ids: number[]): Promise<number[]> {
    return this.onBackground((client) => ensureRawSources(this.ctx, client, ids));
  }
  // ---- end Archive & export

  /**
   * On-demand work on the background connection (bodies, archive, the sending side's Sent / Drafts / raw
   * fetches); a rotating BAL connects for it, inside the budget, and disconnects after.
   */
  onBackground<T>(work: (client: ImapFlow) => Promise<T>): Promise<T> {
    const s = this.background;
    return s.mutex.run(async () => {
      try {
        return await work(await this.connectedClient(s));
      } finally {
        if (this.mode === 'rotating' && this.turnDeadline === null) await s.close();
      }
    });
  }

  private async connectedClient(s: Session) {
    if (!this.running) throw new OfflineError();
    try {
      return await s.ensure();
    } catch (err) {
      if (err instanceof AuthFailedError || err instanceof CredentialsUnavailableError) throw err;
      throw new OfflineError();
    }
  }

  // ---- state

  private setOnline(online: boolean, reason?: string): void {
    // Still offline, now because of the operator's connection cap (or no longer): tell it, the UI explains it.
    const newReason = !online && this.online === false && reason !== undefined && reason !== this.offlineReason &&
      (reason === LIMIT_REASON || this.offlineReason === LIMIT_REASON);
    this.offlineReason = online ? undefined : (reason ?? this.offlineReason);
    if (this.online === online && !newReason) return;
    if (this.online !== online) this.since = Date.now();
    this.online = online;
    this.ctx.emit({ type: 'connectivity', bal: this.ctx.bal, online, since: this.since, ...(reason ? { reason } : {}) });
  }

  private onMailboxEvent(path: string): void {
    if (path === this.activePath) this.scheduleActiveStep();
  }

  /** Runs a catch-up of the active folder on the active connection (breaks its IDLE). */
  private scheduleActiveStep(): void {
    if (this.activeStepQueued || !this.live) return;
    this.activeStepQueued = true;
    setImmediate(() => {
      this.activeStepQueued = false;
      if (!this.live) return;
      if (!this.active.connected) {
        this.activeWake.notify();
        return;
      }
      this.active.mutex.run(() => this.activeStep()).catch(() => {
        // connection problems are handled by the loop
        this.activeWake.notify();
      });
    });
  }

  private async failure(s: Session, err: unknown): Promise<boolean> {
    if (err instanceof AuthFailedError || err instanceof CredentialsUnavailableError) {
      // Refused twice, or no credentials to give: retrying alone cannot help; the person logs in again
      // (the UI reacts to authFailed) and syncNow resumes.
      if (!this.authBlocked) {
        this.authBlocked = true;
        this.ctx.emit({ type: 'authFailed', bal: this.ctx.bal });
      }
      this.setOnline(false, err.code);
      return false;
    }
    if (!this.running) return false;
    log.warn('sync.session-failed', { accountId: this.accountId, session: s.name, connected: s.connected, ...errorFields(err) });
    if (!s.connected) this.setOnline(false, errorReason(err));
    else {
      // The command failed, not the connection: report and carry on after a pause.
      this.ctx.emit({ type: 'error', bal: this.ctx.bal, code: 'SYNC_FAILED', message: 'La synchronisation a rencontré une erreur ; nouvel essai automatique.' });
    }
    s.discard();
    return true;
  }

  private async pause(signal: Signal, ms: number): Promise<void> {
    await signal.wait(ms);
  }

  // ---- active loop: select the folder on screen, IDLE, react to notifications

  private async activeStep(): Promise<void> {
    const s = this.active;
    if (!s.client) return;
    let folder = this.resolveActiveFolder();
    if (!folder) {
      await syncFolderList(this.ctx, s.client);
      folder = this.resolveActiveFolder();
      if (!folder) return;
    }
    // Selected by selectAndSync itself (not by a replay or a body fetch on a shared connection, whose plain
    // SELECT would hide what changed since the resume point).
    const selected = s.client.mailbox && s.client.mailbox === s.syncedMailbox && s.client.mailbox.path === folder.path && folder.highestmodseq !== null;
    let r;
    try {
      r = selected ? await catchUpSelected(this.ctx, s, folder) : await selectAndSync(this.ctx, s, folder);
    } catch (err) {
      const e = err as { mailboxMissing?: boolean; responseStatus?: string };
      if (!s.client || !s.client.usable || (!e.mailboxMissing && e.responseStatus !== 'NO')) throw err;
      // The folder on screen is gone (deleted or renamed elsewhere): refresh the list, fall back to INBOX.
      await syncFolderList(this.ctx, s.client);
      if (!this.ctx.store.getFolderByPath(this.accountId, this.activePath)) this.activePath = 'INBOX';
      return;
    }
    // New headers: the background connection downloads their bodies.
    if (r.inserted > 0 && this.background !== this.active) this.bgWake.notify();
    // A renumbered folder was reconciled by Message-ID: changes queued against its old UIDs (replays,
    // interrupted archive deletions) can run now on the new ones, not at the next poll.
    else if (r.uidValidityChanged) this.bgWake.notify();
    if (!selected) {
      const n = this.ctx.q.countMessages(folder.id);
      this.ctx.emit({ type: 'progress', bal: this.ctx.bal, folder: folder.path, phase: 'idle', done: n, total: n });
    }
  }

  /** The folder on screen; INBOX (or the first folder) until the UI says otherwise. */
  private resolveActiveFolder(): Folder | null {
    const f = this.ctx.store.getFolderByPath(this.accountId, this.activePath);
    if (f) return f;
    const all = this.ctx.store.listFolders(this.accountId);
    const fallback = all.find((x) => x.path.toUpperCase() === 'INBOX') ?? all[0];
    if (fallback) this.activePath = fallback.path;
    return fallback ?? null;
  }

  private async activeLoop(): Promise<void> {
    const s = this.active;
    while (this.live) {
      if (this.authBlocked) {
        await this.pause(this.activeWake, 60_000);
        continue;
      }
      try {
        await s.ensure();
        await s.mutex.run(() => this.activeStep());
        s.backoff.reset();
        if (!this.live) break;
        const client = s.client;
        if (!client || !client.usable) continue;
        if (!client.mailbox) {
          // Nothing to watch (no folder yet): wait for a change instead of idling unselected.
          await this.pause(this.activeWake, this.ctx.options.pollIntervalMs);
          continue;
        }
        if (s.mutex.busy) {
          // Other work queued on this connection: let it run before idling.
          await s.mutex.run(async () => {});
          continue;
        }
        // Wakes on any command issued on this connection (IDLE is broken first) or on its close.
        await client.idle();
      } catch (err) {
        if (!(await this.failure(s, err))) {
          if (this.authBlocked) continue;
          break;
        }
        await this.pause(this.activeWake, s.backoff.next());
      }
    }
  }

  // ---- background loop: folder list, replay, other folders, bodies

  /** `withActive`: also the folder on screen (a rotating BAL has no active connection watching it). */
  private async backgroundRound(withActive = false): Promise<void> {
    const s = this.background;
    const client = s.client!;
    const { folders, status } = await syncFolderList(this.ctx, client);
    const replay = await replayChanges(this.ctx, client);
    if (replay.applied > 0) this.ctx.emit({ type: 'folderChanged', bal: this.ctx.bal, folderIds: [...replay.folderIds] });
    this.resolveActiveFolder();
    const order = sortForSync(folders, this.activePath);
    for (const f of order) {
      if (this.ctx.stopped()) return;
      if (f.path === this.activePath && !withActive) continue; // the active connection covers it
      try {
        // LIST-STATUS told the server's state: an unchanged folder costs nothing (QRESYNC resume point equal).
        if (status.size > 0 ? unchangedOnServer(f, status.get(f.path)) : this.fullRoundDone && !(await this.changedOnServer(f))) continue;
        await selectAndSync(this.ctx, s, f);
      } catch (err) {
        // One folder refusing (deleted meanwhile, no right to select it) must not stop the others.
        if (!s.client || !s.client.usable) throw err;
        log.warn('sync.folder-failed', { accountId: this.accountId, folderId: f.id, ...errorFields(err) });
      }
    }
    this.fullRoundDone = true;
    // ---- Archive & export (archive helper): interrupted server deletions, then the BAL's policy
    await runArchiveMaintenance(this.ctx, client);
    // Changes still queued (e.g. on a message whose new UID the folder sync just learned): once more.
    if (this.ctx.store.countPendingChanges(this.accountId) > 0) {
      const again = await replayChanges(this.ctx, client);
      if (again.applied > 0) this.ctx.emit({ type: 'folderChanged', bal: this.ctx.bal, folderIds: [...again.folderIds] });
    }
    // Leave the active folder selected on a shared connection so IDLE watches it.
    if (this.background === this.active) this.scheduleActiveStep();
  }

  /** STATUS against the cached resume point. */
  private async changedOnServer(f: Folder): Promise<boolean> {
    const client = this.background.client!;
    if (f.highestmodseq === null || f.uidvalidity === null) return true;
    const st = await client.status(f.path, { uidNext: true, uidValidity: true, highestModseq: true, messages: true });
    if (!st) return true;
    return Number(st.uidValidity) !== f.uidvalidity || st.uidNext !== f.uidnext || String(st.highestModseq) !== f.highestmodseq;
  }

  private async backgroundLoop(): Promise<void> {
    while (this.live) {
      const s = this.background;
      if (this.authBlocked) {
        await this.pause(this.bgWake, 60_000);
        continue;
      }
      if (s === this.active && !s.connected) {
        // Shared connection: the active loop owns (re)connecting and its backoff.
        await this.pause(this.bgWake, 60_000);
        continue;
      }
      try {
        await s.ensure();
        await s.mutex.run(() => this.backgroundRound());
        while (this.live && this.ctx.options.backgroundBodies && !this.bgWake.pending) {
          const client = s.client;
          if (!client) break;
          const activeFolder = this.ctx.store.getFolderByPath(this.accountId, this.activePath);
          const n = await s.mutex.run(() => fetchSomeBodies(this.ctx, client, BODY_ROUND, activeFolder?.id ?? null, this.bodySkip));
          if (n === 0) break;
        }
        if (this.background === this.active) this.scheduleActiveStep();
        s.backoff.reset();
        await this.pause(this.bgWake, this.ctx.options.pollIntervalMs);
      } catch (err) {
        if (s !== this.background) continue; // the session was retired meanwhile (shareConnection)
        if (!(await this.failure(s, err))) {
          if (this.authBlocked) continue;
          break;
        }
        await this.pause(this.bgWake, s.backoff.next());
      }
    }
  }

  /** Gives back the background connection (another BAL needs the slot): background work shares the active one. */
  async shareConnection(): Promise<void> {
    if (this.background === this.active) return;
    const old = this.background;
    this.background = this.active;
    this.bgWake.notify();
    await old.close();
  }

  get connectionsWanted(): number {
    if (this.mode === 'rotating') return 0;
    return this.background === this.active ? 1 : 2;
  }
}

function sortForSync(folders: Folder[], activePath: string): Folder[] {
  const rank = (f: Folder) => (f.path === activePath ? 0 : f.path.toUpperCase() === 'INBOX' ? 1 : f.specialUse === '\\Sent' ? 2 : 3);
  return [...folders].sort((a, b) => rank(a) - rank(b) || a.path.localeCompare(b.path));
}

function errorReason(err: unknown): string {
  const e = err as { code?: unknown; name?: unknown } | null;
  if (e && typeof e.code === 'string') return e.code;
  if (e && typeof e.name === 'string') return e.name;
  return 'error';
}
