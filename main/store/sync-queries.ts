// Queries the sync engine needs beyond StoreWriter's API (added by the sync engine; kept apart from the
// store's own files). Works on the writer's connection: same single writer, same transactions.
import zlib from 'node:zlib';
import type BetterSqlite3 from '../../node_modules/better-sqlite3-multiple-ciphers/index';
import type { Db } from './db';
import { bitsOf, withKeywordChange, type FlagName } from './flags';
import { freeIdForDate } from './ids';
import { toChange } from './rows';
import type { StoreWriter } from './writer';
import type { PendingChange } from './types';

type Row = Record<string, unknown>;

export interface MessageLocation {
  id: number;
  accountId: number;
  folderId: number;
  uidvalidity: number;
  uid: number;
  messageId: string | null;
  size: number | null;
  date: number;
}

/** A message local changes moved or copied: it has no server UID yet (uid < 0 = -pending change id). */
export const isPlaceholderUid = (uid: number): boolean => uid < 0;

export class SyncQueries {
  private readonly db: Db;
  private readonly statements = new Map<string, BetterSqlite3.Statement<unknown[], unknown>>();

  constructor(readonly writer: StoreWriter) {
    // The writer keeps its connection protected; the engine is the one writer, so it shares it.
    this.db = (writer as unknown as { db: Db }).db;
  }

  private st(sql: string): BetterSqlite3.Statement<unknown[], unknown> {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare<unknown[], unknown>(sql);
      this.statements.set(sql, s);
    }
    return s;
  }
  private all(sql: string, ...p: unknown[]): Row[] {
    return this.st(sql).all(...p) as Row[];
  }
  private one(sql: string, ...p: unknown[]): Row | undefined {
    return this.st(sql).get(...p) as Row | undefined;
  }

  // ---- folder state

  /** Server UIDs cached for a folder (live rows, placeholders excluded), ascending. */
  localUids(folderId: number, uidvalidity: number): number[] {
    return this.all('SELECT uid FROM messages WHERE folder_id = ? AND uidvalidity = ? AND stale = 0 AND uid > 0 ORDER BY uid', folderId, uidvalidity)
      .map((r) => Number(r.uid));
  }

  maxUid(folderId: number, uidvalidity: number): number {
    return Number(this.one('SELECT max(uid) AS m FROM messages WHERE folder_id = ? AND uidvalidity = ? AND uid > 0', folderId, uidvalidity)?.m ?? 0);
  }

  countMessages(folderId: number): number {
    return Number(this.one('SELECT count(*) AS n FROM messages WHERE folder_id = ? AND stale = 0', folderId)?.n ?? 0);
  }

  /** Folder renamed on the server (same UIDVALIDITY/OBJECTID): keeps its id and its messages. */
  renameFolder(folderId: number, path: string, name: string, delimiter: string | null): void {
    this.st('UPDATE folders SET path = ?, name = ?, delimiter = ? WHERE id = ?').run(path, name, delimiter, folderId);
  }

  /** Clears the resume point so the next sync of the folder is a full one. */
  resetFolderSyncState(folderId: number): void {
    this.st('UPDATE folders SET uidnext = NULL, highestmodseq = NULL WHERE id = ?').run(folderId);
  }

  // ---- messages

  getLocation(id: number): MessageLocation | null {
    const r = this.one('SELECT id, account_id, folder_id, uidvalidity, uid, message_id, size, date FROM messages WHERE id = ? AND stale = 0', id);
    return r ? toLocation(r) : null;
  }

  /** Messages still without a body nor a stored raw source, newest first (optionally in one folder). */
  messagesNeedingBody(accountId: number, folderId: number | null, limit: number): MessageLocation[] {
    if (folderId !== null) {
      // Walks the (folder_id, date DESC) index newest first.
      return this.all(
        `SELECT id, account_id, folder_id, uidvalidity, uid, message_id, size, date FROM messages INDEXED BY messages_folder_date
         WHERE folder_id = @f AND account_id = @a AND body_state = 'headers' AND raw_id IS NULL AND stale = 0 AND uid > 0
         ORDER BY date DESC LIMIT @limit`,
        { a: accountId, f: folderId, limit },
      ).map(toLocation);
    }
    return this.all(
      `SELECT id, account_id, folder_id, uidvalidity, uid, message_id, size, date FROM messages
       WHERE account_id = @a AND (@f IS NULL OR folder_id = @f) AND body_state = 'headers' AND raw_id IS NULL AND stale = 0 AND uid > 0
       ORDER BY date DESC LIMIT @limit`,
      { a: accountId, f: folderId, limit },
    ).map(toLocation);
  }

  /** Messages of a folder still without a body nor a stored raw source (not readable offline yet). */
  countNeedingBody(folderId: number): number {
    return Number(this.one(`SELECT count(*) AS n FROM messages WHERE folder_id = ? AND body_state = 'headers' AND raw_id IS NULL AND stale = 0 AND uid > 0`, folderId)?.n ?? 0);
  }

  /**
   * Keeps a fetched raw source (RFC822, as the server sent it) once by SHA-256 and links the message to it:
   * the message is readable offline from now on; its text is extracted by the index worker. Stored as is
   * (the cache is encrypted as a whole; compressing would put CPU back on the sync path). Returns false
   * when the row is gone. Runs inside the caller's transaction.
   */
  storeFetchedRaw(messageRowId: number, raw: Buffer, sha256: string): boolean {
    const r = this.one(
      `INSERT INTO raw_messages(sha256, size, encoding, data, stored_at) VALUES (?, ?, 'identity', ?, ?)
       ON CONFLICT(sha256) DO UPDATE SET stored_at = stored_at RETURNING id`,
      sha256, raw.length, raw, Date.now(),
    );
    return this.st('UPDATE messages SET raw_id = coalesce(raw_id, ?) WHERE id = ?').run(r!.id, messageRowId).changes === 1;
  }

  /** The stored raw source of a message whose text is not extracted yet (null: none, or extracted). */
  rawToExtract(messageRowId: number): Buffer | null {
    const r = this.one(
      `SELECT r.encoding, r.data FROM messages m JOIN raw_messages r ON r.id = m.raw_id WHERE m.id = ? AND m.body_id IS NULL`,
      messageRowId,
    );
    if (!r) return null;
    return r.encoding === 'zlib' ? zlib.inflateSync(r.data as Buffer) : (r.data as Buffer);
  }

  /** Row ids of the given UIDs (to report deletions before they happen). */
  idsOfUids(folderId: number, uidvalidity: number, uids: readonly number[]): number[] {
    const ids: number[] = [];
    for (const uid of uids) {
      const r = this.one('SELECT id FROM messages WHERE folder_id = ? AND uidvalidity = ? AND uid = ?', folderId, uidvalidity, uid);
      if (r) ids.push(Number(r.id));
    }
    return ids;
  }

  /**
   * UIDs of a folder the server must not overwrite locally: a queued move/delete removed them from the
   * cache already (a sync before the replay would bring them back).
   */
  uidsWithPendingRemoval(folderId: number): Set<number> {
    return new Set(
      this.all(`SELECT uid FROM pending_changes WHERE folder_id = ? AND uid IS NOT NULL AND kind IN ('move','delete')`, folderId)
        .map((r) => Number(r.uid)),
    );
  }

  /**
   * Server flags overwrite the cache; queued local flag changes not replayed yet are applied again on
   * top, so the optimistic state survives a sync that runs before the replay.
   */
  reapplyPendingFlags(folderId: number): number {
    let n = 0;
    for (const r of this.all(`SELECT * FROM pending_changes WHERE folder_id = ? AND kind = 'flags' ORDER BY id`, folderId)) {
      const c = toChange(r);
      const add = bitsOf((c.payload.add as FlagName[] | undefined) ?? []);
      const remove = bitsOf((c.payload.remove as FlagName[] | undefined) ?? []);
      n += this.st('UPDATE messages SET flags = (flags | ?) & ~? WHERE folder_id = ? AND uidvalidity = ? AND uid = ?')
        .run(add, remove, folderId, c.uidvalidity, c.uid).changes;
      const addKw = (c.payload.addKeywords as string[] | undefined) ?? [];
      const removeKw = (c.payload.removeKeywords as string[] | undefined) ?? [];
      if (addKw.length > 0 || removeKw.length > 0) {
        // Queued keywords ($MDNSent) too: a server flag sync before the replay must not hide them.
        const row = this.one('SELECT id, keywords_json FROM messages WHERE folder_id = ? AND uidvalidity = ? AND uid = ?', folderId, c.uidvalidity, c.uid);
        if (row) this.st('UPDATE messages SET keywords_json = ? WHERE id = ?').run(withKeywordChange(row.keywords_json, addKw, removeKw), row.id);
      }
    }
    return n;
  }

  /**
   * Messages arriving in a folder where a local move/copy left a placeholder with the same Message-ID:
   * the placeholder takes the server UID (keeps its row id, body, local state). Returns claimed uids.
   */
  claimPlaceholders(folderId: number, uidvalidity: number, items: ReadonlyArray<{ uid: number; messageId: string | null }>): number[] {
    if (!this.one('SELECT 1 AS x FROM messages WHERE folder_id = ? AND uid < 0 LIMIT 1', folderId)) return [];
    const claimed: number[] = [];
    for (const it of items) {
      if (!it.messageId) continue;
      const mid = it.messageId.startsWith('<') ? it.messageId : `<${it.messageId}>`;
      const exists = this.one('SELECT 1 AS x FROM messages WHERE folder_id = ? AND uidvalidity = ? AND uid = ?', folderId, uidvalidity, it.uid);
      if (exists) continue;
      const r = this.one('SELECT id FROM messages WHERE folder_id = ? AND uid < 0 AND message_id = ? ORDER BY id LIMIT 1', folderId, mid);
      if (!r) continue;
      this.assignUid(Number(r.id), it.uid, uidvalidity);
      claimed.push(it.uid);
    }
    return claimed;
  }

  /** Gives a placeholder its server UID once the server told it (COPYUID). */
  resolvePlaceholder(rowId: number, uid: number, uidvalidity: number): void {
    const clash = this.one('SELECT id FROM messages WHERE folder_id = (SELECT folder_id FROM messages WHERE id = ?) AND uidvalidity = ? AND uid = ?', rowId, uidvalidity, uid);
    if (clash && Number(clash.id) !== rowId) {
      // The destination was synced first: the real row exists, the placeholder is redundant.
      this.st('DELETE FROM messages WHERE id = ? AND uid < 0').run(rowId);
      return;
    }
    this.assignUid(rowId, uid, uidvalidity);
  }

  /** Placeholder → server UID, and changes queued against the placeholder follow it. */
  private assignUid(rowId: number, uid: number, uidvalidity: number): void {
    const r = this.one('SELECT folder_id, uid FROM messages WHERE id = ? AND uid < 0', rowId);
    if (!r) return;
    this.st('UPDATE messages SET uid = ?, uidvalidity = ?, stale = 0 WHERE id = ?').run(uid, uidvalidity, rowId);
    this.st('UPDATE pending_changes SET uid = ?, uidvalidity = ? WHERE folder_id = ? AND uid = ?').run(uid, uidvalidity, r.folder_id, r.uid);
  }

  dropPlaceholder(rowId: number): void {
    this.st('DELETE FROM messages WHERE id = ? AND uid < 0').run(rowId);
  }

  // ---- local changes (optimistic update + queue, one transaction)

  /**
   * Move/copy: the message shows in the destination at once (placeholder row, uid < 0); a move removes
   * it from the source. Queued with the source UID and the Message-ID (used to make the replay idempotent).
   */
  moveOrCopyLocally(messageIds: readonly number[], destFolderId: number, copy: boolean): PendingChange[] {
    return this.writer.transaction(() => {
      const dest = this.one('SELECT id, account_id, path, uidvalidity FROM folders WHERE id = ?', destFolderId);
      if (!dest) throw new Error(`unknown folder ${destFolderId}`);
      const queued: PendingChange[] = [];
      for (const id of messageIds) {
        const m = this.getLocation(id);
        // Moved back before its move reached the server (the undo of a delete): the queued move is dropped.
        if (m && m.uid < 0 && !copy && this.cancelQueuedMove(m, destFolderId)) continue;
        if (!m || m.uid < 0 || m.folderId === destFolderId) continue;
        if (m.accountId !== Number(dest.account_id)) throw new Error('move across accounts is not supported');
        const change = this.writer.enqueueChange({
          accountId: m.accountId, folderId: m.folderId, uid: m.uid, uidvalidity: m.uidvalidity,
          kind: copy ? 'copy' : 'move',
          payload: { destFolderId, destPath: String(dest.path), messageId: m.messageId },
        });
        const placeholderUid = -change.id;
        const destUv = dest.uidvalidity === null ? 0 : Number(dest.uidvalidity);
        let rowId = id;
        if (copy) {
          rowId = freeIdForDate((sql, ...a) => this.one(sql, ...a), m.date);
          this.st(
            `INSERT INTO messages(id, account_id, folder_id, uidvalidity, uid, message_id, thread_id, in_reply_to, references_json,
               subject, from_name, from_addr, to_json, cc_json, date, sent_date, internaldate, size, flags, keywords_json, has_attachments,
               preview, body_state, body_id, mss_headers_json, smime)
             SELECT ?, account_id, ?, ?, ?, message_id, thread_id, in_reply_to, references_json, subject, from_name, from_addr,
               to_json, cc_json, date, sent_date, internaldate, size, flags, keywords_json, has_attachments, preview, body_state, body_id,
               mss_headers_json, smime FROM messages WHERE id = ?`,
          ).run(rowId, destFolderId, destUv, placeholderUid, id);
          this.st(
            `INSERT INTO message_attachments(message_id, attachment_id, part, filename, content_id, disposition, size, mime, damaged)
             SELECT ?, attachment_id, part, filename, content_id, disposition, size, mime, damaged FROM message_attachments WHERE message_id = ?`,
          ).run(rowId, id);
        } else {
          // Changes queued earlier stay on the source UID: they replay before the move (id order).
          this.st('UPDATE messages SET folder_id = ?, uidvalidity = ?, uid = ?, modseq = NULL WHERE id = ?').run(destFolderId, destUv, placeholderUid, id);
        }
        this.setPayload(change.id, { ...change.payload, placeholderRowId: rowId });
        queued.push({ ...change, payload: { ...change.payload, placeholderRowId: rowId } });
      }
      return queued;
    });
  }

  /**
   * A message moved locally (placeholder uid = -change id) goes back to `destFolderId` when that is where
   * the queued move started and the move is not in flight: the change is dropped, the row gets its source
   * UID again, and changes queued against the placeholder follow it. False otherwise.
   */
  private cancelQueuedMove(m: MessageLocation, destFolderId: number): boolean {
    const r = this.one(`SELECT * FROM pending_changes WHERE id = ? AND kind = 'move'`, -m.uid);
    if (!r) return false;
    const c = toChange(r);
    if (c.folderId !== destFolderId || c.uid === null || c.uid <= 0 || c.uidvalidity === null || c.payload.inFlight === true) return false;
    if (Number(c.payload.placeholderRowId ?? 0) !== m.id) return false;
    this.st('UPDATE messages SET folder_id = ?, uidvalidity = ?, uid = ? WHERE id = ?').run(c.folderId, c.uidvalidity, c.uid, m.id);
    this.st('UPDATE pending_changes SET folder_id = ?, uidvalidity = ?, uid = ? WHERE folder_id = ? AND uid = ? AND id <> ?')
      .run(c.folderId, c.uidvalidity, c.uid, m.folderId, m.uid, c.id);
    this.st('DELETE FROM pending_changes WHERE id = ?').run(c.id);
    return true;
  }

  /** Permanent deletion (\Deleted + UID EXPUNGE on replay): gone from the cache at once. */
  deleteLocally(messageIds: readonly number[]): { changes: PendingChange[]; folderIds: number[] } {
    return this.writer.transaction(() => {
      const changes: PendingChange[] = [];
      const folders = new Set<number>();
      for (const id of messageIds) {
        const m = this.getLocation(id);
        if (!m) continue;
        folders.add(m.folderId);
        if (m.uid > 0) {
          changes.push(this.writer.enqueueChange({
            accountId: m.accountId, folderId: m.folderId, uid: m.uid, uidvalidity: m.uidvalidity, kind: 'delete',
            payload: { messageId: m.messageId },
          }));
        }
        // Flag changes queued for a message that is going away are moot.
        this.st(`DELETE FROM pending_changes WHERE folder_id = ? AND uidvalidity = ? AND uid = ? AND kind = 'flags'`).run(m.folderId, m.uidvalidity, m.uid);
        this.st('DELETE FROM messages WHERE id = ? AND archived = 0').run(id);
        this.st('UPDATE messages SET on_server = 0 WHERE id = ?').run(id);
      }
      return { changes, folderIds: [...folders] };
    });
  }

  /** A queued change as it is now (placeholders may have been resolved since it was read). */
  getChange(changeId: number): PendingChange | null {
    const r = this.one('SELECT * FROM pending_changes WHERE id = ?', changeId);
    return r ? toChange(r) : null;
  }

  /** Recorded before a non-idempotent command is sent: a replay after a crash checks the server first. */
  markInFlight(changeId: number): void {
    const r = this.one('SELECT payload_json FROM pending_changes WHERE id = ?', changeId);
    if (!r) return;
    const payload = JSON.parse(String(r.payload_json)) as Record<string, unknown>;
    this.setPayload(changeId, { ...payload, inFlight: true });
  }

  private setPayload(changeId: number, payload: Record<string, unknown>): void {
    this.st('UPDATE pending_changes SET payload_json = ? WHERE id = ?').run(JSON.stringify(payload), changeId);
  }

  /** Drops a change without replaying it (its message disappeared); returns whether it existed. */
  discardChange(changeId: number, error: string): void {
    this.writer.failChange(changeId, error);
    this.writer.ackChange(changeId);
  }

  // ---- attachments fetched on demand

  /**
   * Attachments of large messages are listed from BODYSTRUCTURE before their content is known: they get
   * a provisional hash; storeFetchedAttachment swaps in the real one.
   */
  storeFetchedAttachment(messageRowId: number, part: string, data: Buffer, sha256: string, mime: string): void {
    this.writer.transaction(() => {
      const a = this.one(
        `INSERT INTO attachments(sha256, size, mime, data) VALUES (?, ?, ?, ?)
         ON CONFLICT(sha256) DO UPDATE SET data = coalesce(data, excluded.data) RETURNING id`,
        sha256, data.length, mime, data,
      );
      const prev = this.one('SELECT attachment_id FROM message_attachments WHERE message_id = ? AND part = ?', messageRowId, part);
      this.st('UPDATE message_attachments SET attachment_id = ?, size = ? WHERE message_id = ? AND part = ?').run(a!.id, data.length, messageRowId, part);
      if (prev && Number(prev.attachment_id) !== Number(a!.id)) {
        this.st('DELETE FROM attachments WHERE id = ? AND NOT EXISTS (SELECT 1 FROM message_attachments WHERE attachment_id = ?)')
          .run(prev.attachment_id, prev.attachment_id);
      }
    });
  }

  attachmentInfo(messageRowId: number, part: string): { sha256: string; mime: string | null; fetched: boolean } | null {
    const r = this.one(
      `SELECT a.sha256, ma.mime, a.data IS NOT NULL AS fetched FROM message_attachments ma JOIN attachments a ON a.id = ma.attachment_id
       WHERE ma.message_id = ? AND ma.part = ?`,
      messageRowId, part,
    );
    return r ? { sha256: String(r.sha256), mime: r.mime === null ? null : String(r.mime), fetched: Number(r.fetched) === 1 } : null;
  }

}

/** A messages row (id, account_id, folder_id, uidvalidity, uid, message_id, size, date) as a location. */
export function toLocation(r: Row): MessageLocation {
  return {
    id: Number(r.id),
    accountId: Number(r.account_id),
    folderId: Number(r.folder_id),
    uidvalidity: Number(r.uidvalidity),
    uid: Number(r.uid),
    messageId: r.message_id === null ? null : String(r.message_id),
    size: r.size === null ? null : Number(r.size),
    date: Number(r.date),
  };
}
