// Drafts kept on the server: after a local save settles (no change for `draftSyncDelayMs`, or at once when
// the composer closes), the draft is APPENDed to the BAL's Drafts folder as the message it would send
// (\Draft, X-MSS-* headers, a stable X-Mss-Draft-Id), THEN the older copies are removed — so a crash never
// leaves zero copies, at worst one extra copy that the next save removes (found by its draft id).
// Sent or discarded drafts leave a "gone" record until their copies are removed from the server.
//
// Durable state (tables draft_sync, draft_sync_gone, draft_server_copies; main/store/send-queries.ts): per
// local draft its draft id, local revision, revision on the server, known server copies (folder,
// UIDVALIDITY, UID). Offline or locked: nothing is lost, the
// pass runs again when the sender is kicked (back online, session active) or after a delay. The APPENDs and
// removals go through the sync engine (deps.imap: the BAL's background connection, inside its budget).
import crypto from 'node:crypto';
import { errorFields, log } from '../log';
import type { StoreReader } from '../store/reader';
import type { StoreWriter } from '../store/writer';
import type { DraftSyncEntry, ServerCopy } from '../store/send-queries';
import type { SendContext } from './context';
import { sendReads, sendWrites } from './outbox-meta';
import { CoalescedPass } from './coalesced-pass';

const sameCopy = (a: ServerCopy, b: ServerCopy) => a.path === b.path && a.uidValidity === b.uidValidity && a.uid === b.uid;

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

  /** A local save (call inside its transaction): the server copy is due after the delay, or now. */
  saved(writer: StoreWriter, draftId: number, accountId: number, bal: string, now = false): void {
    const at = Date.now() + (now ? 0 : this.ctx.options.draftSyncDelayMs);
    const q = sendWrites(writer);
    const e = q.draftSyncEntry(draftId);
    q.putDraftSyncEntry(e
      ? { ...e, copies: undefined, bal, accountId, revision: e.revision + 1, dueAt: at }
      : { draftId, accountId, bal, uuid: crypto.randomUUID(), revision: 1, syncedRevision: 0, dueAt: at, copies: [] });
    this.schedule(at);
  }

  /** A draft opened from the server: the local draft takes over its copy (replaced at the next save). */
  adopt(writer: StoreWriter, draftId: number, accountId: number, bal: string, uuid: string, copy: ServerCopy): void {
    sendWrites(writer).putDraftSyncEntry({ draftId, accountId, bal, uuid, revision: 0, syncedRevision: 0, dueAt: Date.now(), copies: [copy] });
  }

  /** The composer closed: what is saved goes to the server now. */
  flush(writer: StoreWriter, draftId: number): boolean {
    const q = sendWrites(writer);
    const e = q.draftSyncEntry(draftId);
    const pending = !!e && e.revision > e.syncedRevision;
    if (e && pending) q.putDraftSyncEntry({ ...e, copies: undefined, dueAt: Date.now() });
    if (pending) void this.kick();
    return pending;
  }

  /** The draft was sent or discarded (call inside that transaction): its server copies go. */
  forget(writer: StoreWriter, draftId: number): void {
    // Never written to the server and no copy known: nothing to remove there (the entry is simply dropped).
    if (sendWrites(writer).draftSyncToGone(draftId, Date.now())) this.schedule(Date.now());
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
    const writer = cache.appWriter;
    const allowed = new Set(this.ctx.allowed().map((b) => b.address.toLowerCase()));
    // 1. Sent or discarded drafts: their copies leave the server.
    const q = sendWrites(writer);
    for (const gone of q.goneDrafts()) {
      if (this.disposed || !allowed.has(gone.bal.toLowerCase())) continue;
      try {
        await this.ctx.deps.imap.removeDraftCopies(gone.bal, { uuid: gone.uuid, known: gone.copies, keep: null, withDraftsFolder: true });
        q.deleteGoneDraft(gone.id);
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
        // Known before anything is removed: a crash from here on leaves two copies, never zero.
        let older: ServerCopy[] = [];
        let stillLocal = false;
        writer.transaction(() => {
          const cur = q.draftSyncEntry(e.draftId);
          if (!cur) {
            // Sent or discarded meanwhile: this copy goes too (the "gone" record finds it by draft id).
            if (!q.goneDrafts().some((g) => g.uuid === e.uuid)) q.addGoneDraft({ uuid: e.uuid, bal: e.bal, copies: [copy], at: Date.now() });
            return;
          }
          stillLocal = true;
          older = cur.copies.filter((c) => !sameCopy(c, copy));
          q.putDraftSyncEntry({ ...cur, syncedRevision: Math.max(cur.syncedRevision, revision), copies: [...older, copy] });
        });
        if (!stillLocal) {
          this.passes.repeat();
          continue;
        }
        await this.ctx.deps.imap.removeDraftCopies(e.bal, { uuid: e.uuid, known: older, keep: copy, withDraftsFolder: false });
        writer.transaction(() => {
          const cur = q.draftSyncEntry(e.draftId);
          if (cur) q.putDraftSyncEntry({ ...cur, copies: cur.copies.filter((c) => !older.some((o) => sameCopy(o, c))) });
        });
        log.info('send.draft-synced', { draftId: e.draftId });
      } catch (err) {
        return this.failed(err);
      }
    }
    this.retryAt = 0;
  }
}
