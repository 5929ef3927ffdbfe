// Drafts kept on the server: after a local save settles (no change for `draftSyncDelayMs`, or at once when
// the composer closes), the draft is APPENDed to the BAL's Drafts folder as the message it would send
// (\Draft, X-MSS-* headers, a stable X-Mss-Draft-Id), THEN the older copies are removed — so a crash never
// leaves zero copies, at worst one extra copy that the next save removes (found by its draft id).
// Sent or discarded drafts leave a "gone" record until their copies are removed from the server.
//
// Durable state (tables draft_sync, draft_sync_gone, draft_server_copies; main/store/send-queries.ts): per
// local draft its draft id, local revision, revision on the server, known server copies (folder,
// UIDVALIDITY, UID), written by the cache's single writer (APP_WRITES in main/store/app-writes.ts: a save
// and its sync entry in one transaction). Offline or locked: nothing is lost, the
// pass runs again when the sender is kicked (back online, session active) or after a delay. The APPENDs and
// removals go through the sync engine (deps.imap: the BAL's background connection, inside its budget).
import { errorFields, log } from '../log';
import type { CacheWrites } from '../store/app-writes';
import type { StoreReader } from '../store/reader';
import type { DraftSyncEntry, ServerCopy } from '../store/send-queries';
import type { SendContext } from './context';
import { sendReads } from './outbox-meta';
import { CoalescedPass } from './coalesced-pass';

/** Builds the MIME copy of a local draft (null: the draft is gone). */
export type DraftBuilder = (draftId: number, uuid: string) => Promise<Buffer | null>;

export class DraftSync {
  private readonly passes = new CoalescedPass(() => this.pass(), {
    stopped: () => this.disposed,
    onError: (err) => log.warn('send.drafts-pass-failed', errorFields(err)),
    after: () => this.scheduleNext(),
  });
  private timer: NodeJS.Timeout | null = null;
  private timerAt = 0;
  /** After a failure (offline, server refusing), the timer waits this long; a kick (back online) does not. */
  private retryAt = 0;
  private disposed = false;

  constructor(private readonly ctx: SendContext, private readonly build: DraftBuilder) {}

  // ---- durable state

  entry(reader: StoreReader, draftId: number): DraftSyncEntry | null {
    return sendReads(reader).draftSyncEntry(draftId);
  }

  /** The local draft whose server copies carry this draft id. */
  findByUuid(reader: StoreReader, uuid: string): number | null {
    return sendReads(reader).draftSyncByUuid(uuid)?.draftId ?? null;
  }

  /** The local draft that took over this server copy (opened twice from the Drafts folder). */
  findByCopy(reader: StoreReader, copy: ServerCopy): number | null {
    return sendReads(reader).draftSyncByCopy(copy)?.draftId ?? null;
  }

  /** When the server copy of a draft saved now is due (after the delay, or now). */
  dueAfterSave(now = false): number {
    return Date.now() + (now ? 0 : this.ctx.options.draftSyncDelayMs);
  }

  /** A local save was written (its entry due at `at`) : the pass wakes up then. */
  saved(at: number): void {
    this.schedule(at);
  }

  /** The composer closed: what is saved goes to the server now. */
  async flush(writes: CacheWrites, draftId: number): Promise<boolean> {
    const pending = await writes.flushDraft(draftId, Date.now());
    if (pending) void this.kick();
    return pending;
  }

  /** The draft was sent or discarded (the writer made its entry a "gone" record): its server copies go. */
  forgotten(gone: boolean): void {
    // Never written to the server and no copy known: nothing to remove there (the entry is simply dropped).
    if (gone) this.schedule(Date.now());
  }

  // ---- the pass

  start(): void {
    this.schedule(Date.now());
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Runs a pass soon (coalesced); resolves when the pass that covers this call is done. */
  kick(): Promise<void> {
    return this.passes.kick();
  }

  /** Wakes up at `at` unless an earlier wake-up is set already. */
  private schedule(at: number): void {
    if (this.disposed) return;
    if (this.timer && this.timerAt <= at) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.kick();
    }, Math.max(0, at - Date.now()));
    this.timer.unref();
  }

  private scheduleNext(): void {
    const cache = this.ctx.deps.cache();
    if (!cache || this.disposed) return;
    const q = sendReads(cache.reader);
    const due = q.draftSyncEntries().filter((e) => e.revision > e.syncedRevision).map((e) => e.dueAt);
    if (q.goneDrafts().length > 0) due.push(Date.now());
    if (due.length === 0) return;
    this.schedule(Math.max(Math.min(...due), this.retryAt));
  }

  private failed(err: unknown): void {
    this.retryAt = Date.now() + (this.ctx.options.retryDelaysMs[1] ?? 60_000);
    log.warn('send.drafts-sync-failed', errorFields(err));
  }

  private async pass(): Promise<void> {
    const cache = this.ctx.deps.cache();
    if (!cache || !this.ctx.sessionActive()) return;
    const { writes } = cache;
    const allowed = new Set(this.ctx.allowed().map((b) => b.address.toLowerCase()));
    // 1. Sent or discarded drafts: their copies leave the server.
    const q = sendReads(cache.reader);
    for (const gone of q.goneDrafts()) {
      if (this.disposed || !allowed.has(gone.bal.toLowerCase())) continue;
      try {
        await this.ctx.deps.imap.removeDraftCopies(gone.bal, { uuid: gone.uuid, known: gone.copies, keep: null, withDraftsFolder: true });
        await writes.deleteGoneDraft(gone.id);
      } catch (err) {
        return this.failed(err);
      }
    }
    // 2. Drafts whose latest save settled: new copy first, then the older ones go.
    const now = Date.now();
    for (const e of q.draftSyncEntries()) {
      if (this.disposed || !this.ctx.sessionActive()) return;
      if (e.revision <= e.syncedRevision || e.dueAt > now || !allowed.has(e.bal.toLowerCase())) continue;
      const revision = e.revision;
      const raw = await this.build(e.draftId, e.uuid);
      if (!raw) continue;
      try {
        const copy = await this.ctx.deps.imap.appendDraft(e.bal, raw, e.uuid);
        // Known before anything is removed: a crash from here on leaves two copies, never zero. Sent or
        // discarded meanwhile: this copy goes too (the "gone" record finds it by draft id).
        const { stillLocal, older } = await writes.draftCopyStored({ draftId: e.draftId, uuid: e.uuid, bal: e.bal, copy, revision, at: Date.now() });
        if (!stillLocal) {
          this.passes.repeat();
          continue;
        }
        await this.ctx.deps.imap.removeDraftCopies(e.bal, { uuid: e.uuid, known: older, keep: copy, withDraftsFolder: false });
        await writes.draftOlderCopiesRemoved(e.draftId, older);
        log.info('send.draft-synced', { draftId: e.draftId });
      } catch (err) {
        return this.failed(err);
      }
    }
    this.retryAt = 0;
  }
}
