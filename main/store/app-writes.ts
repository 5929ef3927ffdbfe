// The writes the main process asks of the cache's single writer. main holds a read-only StoreReader and a
// CacheWrites: every method of CacheWrites is an async call to the engine worker, which runs the named
// operation below on its StoreWriter, in one transaction, between two of its own transactions. So a write
// asked by the Electron main thread (audit, rights, drafts, outbox...) never waits on a SQLite lock there:
// it is a message, and the thread keeps serving the UI while the worker finishes a sync batch.
// Arguments and results cross the thread boundary by structured clone (Buffers arrive as Uint8Array:
// reviveBuffers turns them back).
import crypto from 'node:crypto';
import type { Db } from './db';
import { SendWrites, type DraftAttachment, type DraftOptions, type MdnResponse, type OutboxMeta, type ServerCopy } from './send-queries';
import type { AccountInput, AuditEntryInput, Draft, DraftInput, OutboxInput, OutboxItem, Right } from './types';
import type { StoreWriter } from './writer';

const sendWrites = new WeakMap<StoreWriter, SendWrites>();
function send(w: StoreWriter): SendWrites {
  let q = sendWrites.get(w);
  if (!q) sendWrites.set(w, (q = new SendWrites(w)));
  return q;
}

const sameCopy = (a: ServerCopy, b: ServerCopy) => a.path === b.path && a.uidValidity === b.uidValidity && a.uid === b.uid;

/** How a saved draft's server copy follows: due at `dueAt`, or the draft took over a copy opened from the server. */
export type DraftSyncAfterSave =
  | { kind: 'saved'; bal: string; dueAt: number }
  | { kind: 'adopt'; bal: string; uuid: string; copy: ServerCopy };

/** The per-BAL archiving policy row (validated by main/archive/policy-store.ts before it gets here). */
export function writeArchivePolicy(w: StoreWriter, bal: string, policy: { days: number; serverAction: 'expunge' | 'trash' } | null, setBy: string, now = Date.now()): void {
  const db = (w as unknown as { db: Db }).db;
  if (!policy) {
    db.prepare('DELETE FROM archive_policies WHERE bal = ?').run(bal);
    return;
  }
  db.prepare(
    `INSERT INTO archive_policies(bal, days, server_action, set_by, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT(bal) DO UPDATE SET days = excluded.days, server_action = excluded.server_action, set_by = excluded.set_by, updated_at = excluded.updated_at`,
  ).run(bal, policy.days, policy.serverAction, setBy, now);
}

/** The draft was sent or discarded: its sync entry becomes a "gone" record (true: copies to remove on the server). */
function forgetDraft(w: StoreWriter, draftId: number, at: number): boolean {
  return send(w).draftSyncToGone(draftId, at);
}

/** Every write main may ask, by name. Each runs inside one transaction on the writer connection. */
export const APP_WRITES = {
  // ---- audit, rights, accounts, settings
  appendAudit: (w: StoreWriter, e: AuditEntryInput): number => w.appendAudit(e),
  /** The audit trail's queue, in order; an entry the store refuses (content-like detail) is skipped and counted. */
  appendAudits: (w: StoreWriter, entries: AuditEntryInput[]): { written: number; refused: number } => {
    let written = 0;
    for (const e of entries) {
      try {
        w.appendAudit(e);
        written++;
      } catch {
        /* counted below; the caller logs the count, never the entry */
      }
    }
    return { written, refused: entries.length - written };
  },
  setRights: (w: StoreWriter, idnat: string, rights: Array<Pick<Right, 'bal' | 'role'>>): void => w.setRights(idnat, rights),
  /** The account row of a BAL (created when it was never synced yet: first use offline). */
  ensureAccount: (w: StoreWriter, a: AccountInput): number => w.getAccountByAddress(a.address)?.id ?? w.upsertAccount(a),
  setArchivePolicy: (w: StoreWriter, bal: string, policy: { days: number; serverAction: 'expunge' | 'trash' } | null, setBy: string): void =>
    writeArchivePolicy(w, bal, policy, setBy),

  // ---- drafts
  saveDraft: (w: StoreWriter, d: DraftInput, options: DraftOptions, attachments: DraftAttachment[], sync: DraftSyncAfterSave): Draft => {
    const r = w.saveDraft(d);
    const q = send(w);
    q.putDraftState(r.id, options, attachments);
    if (sync.kind === 'adopt') {
      q.putDraftSyncEntry({ draftId: r.id, accountId: r.accountId, bal: sync.bal, uuid: sync.uuid, revision: 0, syncedRevision: 0, dueAt: Date.now(), copies: [sync.copy] });
    } else {
      const e = q.draftSyncEntry(r.id);
      q.putDraftSyncEntry(e
        ? { ...e, copies: undefined, bal: sync.bal, accountId: r.accountId, revision: e.revision + 1, dueAt: sync.dueAt }
        : { draftId: r.id, accountId: r.accountId, bal: sync.bal, uuid: crypto.randomUUID(), revision: 1, syncedRevision: 0, dueAt: sync.dueAt, copies: [] });
    }
    return r;
  },
  /** The composer closed: the saved revision is due now. Returns whether one was pending. */
  flushDraft: (w: StoreWriter, draftId: number, at: number): boolean => {
    const q = send(w);
    const e = q.draftSyncEntry(draftId);
    const pending = !!e && e.revision > e.syncedRevision;
    if (e && pending) q.putDraftSyncEntry({ ...e, copies: undefined, dueAt: at });
    return pending;
  },
  deleteDraft: (w: StoreWriter, draftId: number, at: number): { deleted: boolean; gone: boolean } => {
    const gone = forgetDraft(w, draftId, at); // its server copies go too (options and attachments go with the row)
    return { deleted: w.deleteDraft(draftId), gone };
  },
  deleteGoneDraft: (w: StoreWriter, id: number): void => send(w).deleteGoneDraft(id),
  /** A new server copy of a draft was APPENDed: recorded before any older copy is removed. */
  draftCopyStored: (w: StoreWriter, e: { draftId: number; uuid: string; bal: string; copy: ServerCopy; revision: number; at: number }): { stillLocal: boolean; older: ServerCopy[] } => {
    const q = send(w);
    const cur = q.draftSyncEntry(e.draftId);
    if (!cur) {
      // Sent or discarded meanwhile: this copy goes too (the "gone" record finds it by draft id).
      if (!q.goneDrafts().some((g) => g.uuid === e.uuid)) q.addGoneDraft({ uuid: e.uuid, bal: e.bal, copies: [e.copy], at: e.at });
      return { stillLocal: false, older: [] };
    }
    const older = cur.copies.filter((c) => !sameCopy(c, e.copy));
    q.putDraftSyncEntry({ ...cur, syncedRevision: Math.max(cur.syncedRevision, e.revision), copies: [...older, e.copy] });
    return { stillLocal: true, older };
  },
  draftOlderCopiesRemoved: (w: StoreWriter, draftId: number, older: ServerCopy[]): void => {
    const q = send(w);
    const cur = q.draftSyncEntry(draftId);
    if (cur) q.putDraftSyncEntry({ ...cur, copies: cur.copies.filter((c) => !older.some((o) => sameCopy(o, c))) });
  },

  // ---- outbox
  /** Queues a message with its metadata; the draft it came from (same BAL) goes with it. */
  enqueueOutbox: (w: StoreWriter, o: OutboxInput, meta: OutboxMeta, draftId: number | null, at: number): { item: OutboxItem; gone: boolean } => {
    const item = w.enqueueOutbox(o);
    send(w).putOutboxMeta(meta);
    let gone = false;
    if (draftId !== null && w.getDraft(draftId)?.accountId === o.accountId) {
      gone = forgetDraft(w, draftId, at); // the server copy of the draft goes once sent
      w.deleteDraft(draftId);
    }
    return { item, gone };
  },
  putOutboxMeta: (w: StoreWriter, meta: OutboxMeta): void => send(w).putOutboxMeta(meta),
  putMdnResponse: (w: StoreWriter, accountId: number, messageId: string, r: MdnResponse): void => send(w).putMdnResponse(accountId, messageId, r),
  /** "Renvoyer": the new sender recorded; an interrupted send is verified in Sent first, never requeued blindly. */
  retryOutbox: (w: StoreWriter, id: number, meta: OutboxMeta, requeue: boolean): OutboxItem | null => {
    send(w).putOutboxMeta(meta);
    if (requeue) w.requeueOutbox(id);
    return w.getOutboxByMessageId(meta.messageId);
  },
  recoverInterruptedSends: (w: StoreWriter): number => w.recoverInterruptedSends(),
  /** Claims ONE given queued item (the sender only sends what the person logged in queued). */
  claimOutbox: (w: StoreWriter, id: number, meta: OutboxMeta): (OutboxItem & { raw: Buffer }) | null => {
    const claimed = w.claimOutboxItem(id);
    if (claimed) send(w).putOutboxMeta(meta);
    return claimed;
  },
  outboxSent: (w: StoreWriter, id: number, smtpResponse: string, meta: OutboxMeta): void => {
    w.markOutboxSent(id, smtpResponse);
    send(w).putOutboxMeta(meta);
  },
  outboxFailed: (w: StoreWriter, id: number, error: string, smtpResponse: string | null, meta: OutboxMeta | null, requeue: boolean): void => {
    w.markOutboxFailed(id, error, smtpResponse ?? undefined);
    if (meta) send(w).putOutboxMeta(meta);
    if (requeue) w.requeueOutbox(id);
  },
  markOutboxInterrupted: (w: StoreWriter, id: number): void => w.markOutboxInterrupted(id),
  /** An interrupted send found on the server. */
  outboxFound: (w: StoreWriter, id: number, smtpResponse: string, inSent: boolean): void => {
    w.markOutboxSent(id, smtpResponse);
    if (inSent) w.markOutboxAppendedToSent(id);
  },
  requeueOutbox: (w: StoreWriter, id: number): void => w.requeueOutbox(id),
  markOutboxAppendedToSent: (w: StoreWriter, id: number): void => w.markOutboxAppendedToSent(id),
  pruneSentOutbox: (w: StoreWriter, olderThan: number): number => w.pruneSentOutbox(olderThan),
} satisfies Record<string, (w: StoreWriter, ...args: never[]) => unknown>;

type Ops = typeof APP_WRITES;
export type AppWriteOp = keyof Ops;
type Tail<T extends unknown[]> = T extends [unknown, ...infer R] ? R : never;
export type AppWriteArgs<K extends AppWriteOp> = Tail<Parameters<Ops[K]>>;
export type AppWriteResult<K extends AppWriteOp> = ReturnType<Ops[K]>;

/** main's only way to write the cache: every call is a message to the single writer (engine worker). */
export type CacheWrites = { readonly [K in AppWriteOp]: (...args: AppWriteArgs<K>) => Promise<AppWriteResult<K>> };

export const isAppWriteOp = (op: string): op is AppWriteOp => Object.hasOwn(APP_WRITES, op);

/** Runs one named write on the writer, in one transaction (the engine worker's side). */
export function runAppWrite(w: StoreWriter, op: string, args: unknown[]): unknown {
  if (!isAppWriteOp(op)) throw Object.assign(new Error('unknown write'), { code: 'BAD_WRITE' });
  const fn = APP_WRITES[op] as (w: StoreWriter, ...a: unknown[]) => unknown;
  return w.transaction(() => fn(w, ...reviveBuffers(args)));
}

/** CacheWrites over a transport (the engine worker host's `write`). */
export function cacheWritesOver(call: (op: AppWriteOp, args: unknown[]) => Promise<unknown>): CacheWrites {
  const out: Record<string, (...a: unknown[]) => Promise<unknown>> = {};
  for (const op of Object.keys(APP_WRITES) as AppWriteOp[]) out[op] = async (...args) => reviveBuffers(await call(op, args));
  return out as unknown as CacheWrites;
}

/**
 * The same operations run on a StoreWriter of this thread, for code that already owns the writer (the
 * engine's own tests, benches and harnesses that fill a store directly). Never used by the app's main process.
 */
export function writesOn(w: StoreWriter): CacheWrites {
  return cacheWritesOver(async (op, args) => runAppWrite(w, op, args));
}

/** Structured clone turns Buffers into Uint8Arrays: turns them back, deep in plain objects and arrays. */
export function reviveBuffers<T>(v: T): T {
  if (v instanceof Uint8Array) return (Buffer.isBuffer(v) ? v : Buffer.from(v.buffer, v.byteOffset, v.byteLength)) as T;
  if (Array.isArray(v)) return v.map((x) => reviveBuffers(x)) as T;
  if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) o[k] = reviveBuffers(x);
    return o as T;
  }
  return v;
}
