// The full-text index queue (migration 010): what the index worker reads and writes. Works on the
// connection of the StoreWriter it is given (the index worker opens its own).
import zlib from 'node:zlib';
import type BetterSqlite3 from '../../node_modules/better-sqlite3-multiple-ciphers/index';
import type { Db } from './db';
import { addressesOf } from './migrations/001-initial';
import type { AttachmentInput, BodyInput } from './types';
import type { StoreWriter } from './writer';

type Row = Record<string, unknown>;

/** A queued message whose raw source is stored but whose text is not extracted yet. */
export interface RawToExtract {
  id: number;
  raw: Buffer;
}

export interface Extracted {
  id: number;
  body: BodyInput;
  attachments: AttachmentInput[];
}

export class IndexQueries {
  private readonly db: Db;
  private readonly statements = new Map<string, BetterSqlite3.Statement<unknown[], unknown>>();

  constructor(readonly writer: StoreWriter, private readonly now: () => number = Date.now) {
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

  /** Messages waiting to be indexed. */
  pending(): number {
    return Number((this.st('SELECT count(*) AS n FROM fts_queue').get() as Row).n);
  }

  /** Newest first, up to `limit` messages or about `maxBytes` of raw source. */
  takeRawToExtract(limit: number, maxBytes: number): RawToExtract[] {
    const rows = this.st(
      `SELECT q.message_id AS id, r.encoding, r.data FROM fts_queue q
       JOIN messages m ON m.id = q.message_id JOIN raw_messages r ON r.id = m.raw_id
       WHERE m.body_id IS NULL ORDER BY q.message_id DESC LIMIT ?`,
    ).iterate(limit) as IterableIterator<Row>;
    const out: RawToExtract[] = [];
    let bytes = 0;
    for (const r of rows) {
      let raw: Buffer;
      try {
        raw = r.encoding === 'zlib' ? zlib.inflateSync(r.data as Buffer) : (r.data as Buffer); // raw_messages (v5)
      } catch {
        raw = Buffer.alloc(0); // unreadable copy: indexed from its headers, shown as such
      }
      out.push({ id: Number(r.id), raw });
      bytes += raw.length;
      if (bytes >= maxBytes) break;
    }
    return out;
  }

  /**
   * Stores the extracted bodies and indexes those messages, in one transaction: the queue rows go with the
   * index entries, so an interruption leaves them queued (never half-indexed, never indexed twice).
   */
  storeExtracted(items: readonly Extracted[]): number {
    return this.writer.transaction(() => {
      let n = 0;
      for (const it of items) {
        try {
          this.writer.storeBody(it.id, it.body, it.attachments);
        } catch {
          continue; // the row went away meanwhile (its queue row with it)
        }
        n += this.indexOne(it.id);
      }
      return n;
    });
  }

  /**
   * Indexes up to `limit` queued messages that need no extraction: text already stored (bodies), or no
   * raw source and queued before `headersOnlyBefore` (headers only; the raw source arriving later queues
   * them again). Newest first. Returns how many were indexed.
   */
  indexReady(limit: number, headersOnlyBefore: number = this.now()): number {
    return this.writer.transaction(() => {
      const ids = (this.st(
        `SELECT q.message_id AS id FROM fts_queue q JOIN messages m ON m.id = q.message_id
         WHERE m.body_id IS NOT NULL OR (m.raw_id IS NULL AND q.queued_at < ?) ORDER BY q.message_id DESC LIMIT ?`,
      ).all(headersOnlyBefore, limit) as Row[]).map((r) => Number(r.id));
      let n = 0;
      for (const id of ids) n += this.indexOne(id);
      return n;
    });
  }

  /** Everything that needs no extraction, now (stores filled without an index worker: tests, benchmarks). */
  indexAllReady(): number {
    let total = 0;
    for (;;) {
      const n = this.indexReady(1000, Number.MAX_SAFE_INTEGER);
      total += n;
      if (n === 0) return total;
    }
  }

  private indexOne(id: number): number {
    const q = this.st('SELECT reindex FROM fts_queue WHERE message_id = ?').get(id) as Row | undefined;
    if (!q) return 0;
    if (Number(q.reindex) === 1) this.st('DELETE FROM messages_fts WHERE rowid = ?').run(id);
    this.st(
      `INSERT INTO messages_fts(rowid, subject, addresses, body)
       SELECT m.id, coalesce(m.subject, ''), ${addressesOf('m')}, coalesce((SELECT text FROM bodies WHERE id = m.body_id), '')
       FROM messages m WHERE m.id = ?`,
    ).run(id);
    this.st('DELETE FROM fts_queue WHERE message_id = ?').run(id);
    return 1;
  }
}
