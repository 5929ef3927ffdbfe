// Read side of the local archive (UI connection): the "Archives locales" list of a BAL, raw sources for
// exports, the BAL's policy. Plain SQL over the reader's connection (read-only, query_only).
import type { Db } from '../store/db';
import type { StoreReader } from '../store/reader';
import { SUMMARY_COLS } from '../store/reader';
import { toSummary } from '../store/rows';
import type { MessageSummary } from '../store/types';
import type { ArchivePolicy } from './policy';
import { decodeRaw } from './raw-codec';

type Row = Record<string, unknown>;

export interface ExportRow {
  id: number;
  date: number;
  fromAddr: string | null;
  messageId: string | null;
  hasRaw: boolean;
}

export class ArchiveReader {
  private readonly db: Db;

  constructor(reader: StoreReader) {
    this.db = (reader as unknown as { db: Db }).db;
  }

  private all(sql: string, ...p: unknown[]): Row[] {
    return this.db.prepare(sql).all(...p) as Row[];
  }
  private one(sql: string, ...p: unknown[]): Row | undefined {
    return this.db.prepare(sql).get(...p) as Row | undefined;
  }

  /** Archived messages no longer on the server, newest first (ids follow dates). */
  listLocal(accountId: number, o: { limit: number; before?: number }): MessageSummary[] {
    return this.all(
      `SELECT ${SUMMARY_COLS} FROM messages m WHERE m.account_id = ? AND m.archived = 1 AND m.on_server = 0 AND m.stale = 0
       AND (? IS NULL OR m.id < ?) ORDER BY m.id DESC LIMIT ?`,
      accountId, o.before ?? null, o.before ?? null, o.limit,
    ).map(toSummary);
  }

  countLocal(accountId: number): number {
    return Number(this.one('SELECT count(*) AS n FROM messages WHERE account_id = ? AND archived = 1 AND on_server = 0 AND stale = 0', accountId)?.n ?? 0);
  }

  /** The stored source, decoded and checked against its recorded hash; null when not stored. */
  raw(messageId: number): Buffer | null {
    const r = this.one('SELECT r.sha256, r.encoding, r.data FROM messages m JOIN raw_messages r ON r.id = m.raw_id WHERE m.id = ?', messageId);
    if (!r) return null;
    return decodeRaw({ encoding: String(r.encoding), data: r.data as Buffer });
  }

  private toExport = (r: Row): ExportRow => ({
    id: Number(r.id), date: Number(r.date), fromAddr: r.from_addr === null ? null : String(r.from_addr),
    messageId: r.message_id === null ? null : String(r.message_id), hasRaw: r.raw_id !== null,
  });

  /** Messages of a folder (oldest first, the mbox order). */
  folderMessages(folderId: number): ExportRow[] {
    return this.all('SELECT id, date, from_addr, message_id, raw_id FROM messages WHERE folder_id = ? AND stale = 0 ORDER BY date, id', folderId).map(this.toExport);
  }

  localArchiveMessages(accountId: number): ExportRow[] {
    return this.all(
      'SELECT id, date, from_addr, message_id, raw_id FROM messages WHERE account_id = ? AND archived = 1 AND on_server = 0 AND stale = 0 ORDER BY date, id',
      accountId,
    ).map(this.toExport);
  }

  policy(bal: string): ArchivePolicy | null {
    const r = this.one('SELECT * FROM archive_policies WHERE bal = ?', bal);
    return r ? { bal: String(r.bal), days: Number(r.days), serverAction: r.server_action === 'trash' ? 'trash' : 'expunge', setBy: String(r.set_by), updatedAt: Number(r.updated_at) } : null;
  }
}
