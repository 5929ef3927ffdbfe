// Store access of the local archive on the engine's (single writer) connection: raw sources by SHA-256,
// archive state of a message, the archive commit with its audit entry, and what a replay must resume.
import type BetterSqlite3 from '../../node_modules/better-sqlite3-multiple-ciphers/index';
import { decodeRaw, encodeRaw } from '../archive/raw-codec';
import type { ArchivePolicy, PolicyCandidate } from '../archive/policy';
import type { Db } from '../store/db';
import { toLocation, type MessageLocation } from '../store/sync-queries';
import type { StoreWriter } from '../store/writer';

type Row = Record<string, unknown>;

export interface ArchiveState extends MessageLocation {
  archived: boolean;
  onServer: boolean;
  bodyStored: boolean;
  attachmentsMissing: number;
  raw: { sha256: string; size: number; stored: Buffer } | null;
}

export interface ArchiveActor {
  idNat: string;
  name: string;
}

const cache = new WeakMap<StoreWriter, ArchiveQueries>();

export class ArchiveQueries {
  private readonly db: Db;
  private readonly statements = new Map<string, BetterSqlite3.Statement<unknown[], unknown>>();

  static of(writer: StoreWriter): ArchiveQueries {
    let q = cache.get(writer);
    if (!q) cache.set(writer, (q = new ArchiveQueries(writer)));
    return q;
  }

  constructor(readonly writer: StoreWriter, private readonly now: () => number = Date.now) {
    // Same single writer as the engine (see SyncQueries).
    this.db = (writer as unknown as { db: Db }).db;
  }

  private st(sql: string): BetterSqlite3.Statement<unknown[], unknown> {
    let s = this.statements.get(sql);
    if (!s) this.statements.set(sql, (s = this.db.prepare<unknown[], unknown>(sql)));
    return s;
  }
  private one(sql: string, ...p: unknown[]): Row | undefined {
    return this.st(sql).get(...p) as Row | undefined;
  }
  private all(sql: string, ...p: unknown[]): Row[] {
    return this.st(sql).all(...p) as Row[];
  }

  state(id: number): ArchiveState | null {
    const r = this.one(
      `SELECT m.id, m.account_id, m.folder_id, m.uidvalidity, m.uid, m.message_id, m.size, m.date, m.archived, m.on_server,
              m.body_state, m.body_id, r.sha256 AS raw_sha, r.size AS raw_size, r.encoding AS raw_enc, r.data AS raw_data,
              (SELECT count(*) FROM message_attachments ma JOIN attachments a ON a.id = ma.attachment_id
                 WHERE ma.message_id = m.id AND a.data IS NULL AND m.raw_id IS NULL) AS missing
       FROM messages m LEFT JOIN raw_messages r ON r.id = m.raw_id WHERE m.id = ? AND m.stale = 0`,
      id,
    );
    if (!r) return null;
    let raw: ArchiveState['raw'] = null;
    if (r.raw_sha !== null && r.raw_sha !== undefined) {
      try {
        raw = { sha256: String(r.raw_sha), size: Number(r.raw_size), stored: decodeRaw({ encoding: String(r.raw_enc), data: r.raw_data as Buffer }) };
      } catch {
        raw = { sha256: String(r.raw_sha), size: Number(r.raw_size), stored: Buffer.alloc(0) }; // corrupt: fails verification
      }
    }
    return {
      ...toLocation(r),
      archived: Number(r.archived) === 1,
      onServer: Number(r.on_server) === 1,
      bodyStored: r.body_state === 'full' && r.body_id !== null,
      attachmentsMissing: Number(r.missing),
      raw,
    };
  }

  /** Stores a raw source once (by hash) and links the message to it. Runs inside the caller's transaction. */
  storeRaw(messageRowId: number, raw: Buffer): string {
    const e = encodeRaw(raw);
    const r = this.one(
      `INSERT INTO raw_messages(sha256, size, encoding, data, stored_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(sha256) DO UPDATE SET sha256 = excluded.sha256 RETURNING id`,
      e.sha256, e.size, e.encoding, e.data, this.now(),
    );
    const changed = this.st('UPDATE messages SET raw_id = ? WHERE id = ?').run(r!.id, messageRowId).changes;
    if (changed === 0) throw new Error('message row gone');
    return e.sha256;
  }

  /** The verified copy becomes the archive (archived = 1; on_server stays 1 until the server copy is gone). */
  commitArchived(id: number, audit: { actor: ArchiveActor; bal: string; auto: boolean; folder: string | null; messageId: string | null }): void {
    this.writer.transaction(() => {
      const n = this.st('UPDATE messages SET archived = 1, archived_at = coalesce(archived_at, ?) WHERE id = ? AND archived = 0').run(this.now(), id).changes;
      if (n === 0) return;
      this.writer.appendAudit({
        idnat: audit.actor.idNat,
        bal: audit.bal,
        action: 'archive',
        target: (audit.messageId ?? `local:${id}`).slice(0, 500),
        result: 'ok',
        detail: { who: audit.actor.name.slice(0, 200), mode: audit.auto ? 'automatique' : 'manuel', ...(audit.folder ? { folder: audit.folder.slice(0, 200) } : {}) },
      });
    });
  }

  /** The server copy is gone: local-only from now on; flag changes queued for it are moot. */
  markGoneFromServer(id: number): void {
    this.writer.transaction(() => {
      const m = this.one('SELECT folder_id, uidvalidity, uid FROM messages WHERE id = ? AND archived = 1', id);
      if (!m) return;
      this.st('UPDATE messages SET on_server = 0 WHERE id = ?').run(id);
      this.st(`DELETE FROM pending_changes WHERE folder_id = ? AND uidvalidity = ? AND uid = ? AND kind = 'flags'`).run(m.folder_id, m.uidvalidity, m.uid);
    });
  }

  /** Archived and verified, server copy still there: a crash interrupted the deletion. */
  pendingServerDeletes(accountId: number, limit = 200): number[] {
    return this.all(
      `SELECT id FROM messages WHERE account_id = ? AND archived = 1 AND on_server = 1 AND raw_id IS NOT NULL AND stale = 0 AND uid > 0
       ORDER BY id LIMIT ?`,
      accountId, limit,
    ).map((r) => Number(r.id));
  }

  /** Seen, not archived, still on the server, in one folder (the date filter is policy.ts). */
  policyCandidates(folderId: number, limit = 5000): PolicyCandidate[] {
    return this.all(
      `SELECT id, flags, date, internaldate, archived, on_server, uid FROM messages
       WHERE folder_id = ? AND stale = 0 AND archived = 0 AND on_server = 1 AND uid > 0 AND (flags & 1) = 1
       ORDER BY date LIMIT ?`,
      folderId, limit,
    ).map((r) => ({
      id: Number(r.id), flags: Number(r.flags), date: Number(r.date), internaldate: r.internaldate === null ? null : Number(r.internaldate),
      archived: Number(r.archived) === 1, onServer: Number(r.on_server) === 1, uid: Number(r.uid),
    }));
  }

  policy(bal: string): ArchivePolicy | null {
    const r = this.one('SELECT * FROM archive_policies WHERE bal = ?', bal);
    return r ? { bal: String(r.bal), days: Number(r.days), serverAction: r.server_action === 'trash' ? 'trash' : 'expunge', setBy: String(r.set_by), updatedAt: Number(r.updated_at) } : null;
  }
}
