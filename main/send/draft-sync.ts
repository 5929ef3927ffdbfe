// Drafts kept on the server: after a local save settles (no change for `draftSyncDelayMs`, or at once when
// the composer closes), the draft is APPENDed to the BAL's Drafts folder as the message it would send
// (\Draft, X-MSS-* headers, a stable X-Mss-Draft-Id), THEN the older copies are removed — so a crash never
// leaves zero copies, at worst one extra copy that the next save removes (found by its draft id).
// Sent or discarded drafts leave a "gone" record until their copies are removed from the server.
//
// Durable state (settings table, one JSON value): per local draft its draft id, local revision, revision
// on the server, known server copies (folder, UIDVALIDITY, UID). Offline or locked: nothing is lost, the
// pass runs again when the sender is kicked (back online, session active) or after a delay.
import crypto from 'node:crypto';
import { errorFields, log } from '../log';
import type { StoreReader } from '../store/reader';
import type { StoreWriter } from '../store/writer';
import type { SendContext } from './context';
import { appendDraft, draftsFolderPath, removeDraftCopies, type ServerCopy } from './drafts-folder';
import { withImap } from './sent-folder';
import { CoalescedPass } from './coalesced-pass';

export interface DraftSyncEntry {
  draftId: number;
  accountId: number;
  bal: string;
  /** X-Mss-Draft-Id of every server copy of this draft. */
  uuid: string;
  /** Local saves (incremented by each) and the last one written to the server. */
  revision: number;
  syncedRevision: number;
  /** When the latest save is old enough to go to the server. */
  dueAt: number;
  copies: ServerCopy[];
}

interface GoneDraft {
  uuid: string | null;
  bal: string;
  copies: ServerCopy[];
  at: number;
}

interface DraftSyncIndex {
  v: 1;
  drafts: Record<string, DraftSyncEntry>;
  gone: GoneDraft[];
}

const INDEX_KEY = 'send.drafts-sync';
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

  // ---- durable index

  private read(reader: StoreReader): DraftSyncIndex {
    const v = reader.getSetting<DraftSyncIndex>(INDEX_KEY);
    return v && v.v === 1 ? v : { v: 1, drafts: {}, gone: [] };
  }

  private change(writer: StoreWriter, fn: (index: DraftSyncIndex) => void): void {
    writer.transaction(() => {
      const index = this.read(writer);
      fn(index);
      writer.setSetting(INDEX_KEY, index);
    });
  }

  entry(reader: StoreReader, draftId: number): DraftSyncEntry | null {
    return this.read(reader).drafts[String(draftId)] ?? null;
  }

  /** The local draft whose server copies carry this draft id. */
  findByUuid(reader: StoreReader, uuid: string): number | null {
    const e = Object.values(this.read(reader).drafts).find((d) => d.uuid === uuid);
    return e ? e.draftId : null;
  }

  /** The local draft that took over this server copy (opened twice from the Drafts folder). */
  findByCopy(reader: StoreReader, copy: ServerCopy): number | null {
    const e = Object.values(this.read(reader).drafts).find((d) => d.copies.some((c) => sameCopy(c, copy)));
    return e ? e.draftId : null;
  }

  /** A local save (call inside its transaction): the server copy is due after the delay, or now. */
  saved(writer: StoreWriter, draftId: number, accountId: number, bal: string, now = false): void {
    const at = Date.now() + (now ? 0 : this.ctx.options.draftSyncDelayMs);
    this.change(writer, (index) => {
      const e = index.drafts[String(draftId)];
      index.drafts[String(draftId)] = e
        ? { ...e, bal, accountId, revision: e.revision + 1, dueAt: at }
        : { draftId, accountId, bal, uuid: crypto.randomUUID(), revision: 1, syncedRevision: 0, dueAt: at, copies: [] };
    });
    this.schedule(at);
  }

  /** A draft opened from the server: the local draft takes over its copy (replaced at the next save). */
  adopt(writer: StoreWriter, draftId: number, accountId: number, bal: string, uuid: string, copy: ServerCopy): void {
    this.change(writer, (index) => {
      index.drafts[String(draftId)] = { draftId, accountId, bal, uuid, revision: 0, syncedRevision: 0, dueAt: Date.now(), copies: [copy] };
    });
  }

  /** The composer closed: what is saved goes to the server now. */
  flush(writer: StoreWriter, draftId: number): boolean {
    let pending = false;
    this.change(writer, (index) => {
      const e = index.drafts[String(draftId)];
      if (e && e.revision > e.syncedRevision) {
        e.dueAt = Date.now();
        pending = true;
      }
    });
    if (pending) void this.kick();
    return pending;
  }

  /** The draft was sent or discarded (call inside that transaction): its server copies go. */
  forget(writer: StoreWriter, draftId: number): void {
    let had = false;
    this.change(writer, (index) => {
      const e = index.drafts[String(draftId)];
      if (!e) return;
      delete index.drafts[String(draftId)];
      // Never written to the server and no copy known: nothing to remove there.
      if (e.syncedRevision === 0 && e.copies.length === 0) return;
      index.gone.push({ uuid: e.uuid, bal: e.bal, copies: e.copies, at: Date.now() });
      had = true;
    });
    if (had) this.schedule(Date.now());
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
    const index = this.read(cache.reader);
    const due = Object.values(index.drafts).filter((e) => e.revision > e.syncedRevision).map((e) => e.dueAt);
    if (index.gone.length > 0) due.push(Date.now());
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
    for (const gone of this.read(writer).gone) {
      if (this.disposed || !allowed.has(gone.bal.toLowerCase())) continue;
      const server = this.ctx.imapServer(gone.bal);
      if (!server) continue;
      try {
        await withImap(gone.bal, server, this.ctx.deps.credentials, async (client) => {
          const path = await draftsFolderPath(client, false);
          const paths = new Set(gone.copies.map((c) => c.path));
          if (path) paths.add(path);
          for (const p of paths) await removeDraftCopies(client, p, gone.uuid, gone.copies, null);
        });
        this.change(writer, (index) => {
          index.gone = index.gone.filter((g) => !(g.uuid === gone.uuid && g.at === gone.at));
        });
      } catch (err) {
        return this.failed(err);
      }
    }
    // 2. Drafts whose latest save settled: new copy first, then the older ones go.
    const now = Date.now();
    for (const e of Object.values(this.read(writer).drafts)) {
      if (this.disposed || !this.ctx.sessionActive()) return;
      if (e.revision <= e.syncedRevision || e.dueAt > now || !allowed.has(e.bal.toLowerCase())) continue;
      const server = this.ctx.imapServer(e.bal);
      if (!server) continue;
      const revision = e.revision;
      const raw = await this.build(e.draftId, e.uuid);
      if (!raw) continue;
      try {
        await withImap(e.bal, server, this.ctx.deps.credentials, async (client) => {
          const path = (await draftsFolderPath(client, true))!;
          const copy = await appendDraft(client, path, raw, e.uuid);
          // Known before anything is removed: a crash from here on leaves two copies, never zero.
          let older: ServerCopy[] = [];
          let stillLocal = false;
          this.change(writer, (index) => {
            const cur = index.drafts[String(e.draftId)];
            if (!cur) {
              // Sent or discarded meanwhile: this copy goes too (the "gone" record finds it by draft id).
              if (!index.gone.some((g) => g.uuid === e.uuid)) index.gone.push({ uuid: e.uuid, bal: e.bal, copies: [copy], at: Date.now() });
              return;
            }
            stillLocal = true;
            older = cur.copies.filter((c) => !sameCopy(c, copy));
            cur.syncedRevision = Math.max(cur.syncedRevision, revision);
            cur.copies = [...older, copy];
          });
          if (!stillLocal) {
            this.passes.repeat();
            return;
          }
          const paths = new Set([path, ...older.map((c) => c.path)]);
          for (const p of paths) await removeDraftCopies(client, p, e.uuid, older, p === path ? copy.uid : null);
          this.change(writer, (index) => {
            const cur = index.drafts[String(e.draftId)];
            if (cur) cur.copies = cur.copies.filter((c) => !older.some((o) => sameCopy(o, c)));
          });
        });
        log.info('send.draft-synced', { draftId: e.draftId });
      } catch (err) {
        return this.failed(err);
      }
    }
    this.retryAt = 0;
  }
}
