// Read side of the store: every query the UI needs. Runs on a read-only (query_only) connection; the
// writer extends it so the sync engine can read its own writes. Statements are prepared once and cached.
import zlib from 'node:zlib';
import type { z } from 'zod';
import { auditToCsv, type AuditCsvOptions } from './audit-csv';
import type BetterSqlite3 from '../../node_modules/better-sqlite3-multiple-ciphers/index';
import type { Db } from './db';
import { FtsTermLister } from './fts-prefix';
import { hasUnindexedPrefix, longPrefixQuery, SHORT_PREFIX_INDEX, toFtsQuery, unindexedMatcher, withPrefixExpansions } from './fts-query';
import { dateOfId, idFloorForDate } from './ids';
import { ThreadQueries } from './threads-queries';
import {
  toAccount, toAttachmentRef, toAudit, toChange, toDetail, toDraft, toFolder, toOutbox, toRight, toSummary,
} from './rows';
import type {
  Account, AuditEntry, Body, Draft, Folder, FolderNode, ListOptions, MessageDetail, MessageSummary, OutboxItem,
  OutboxState, PendingChange, Right, SearchFilter, UnreadCount,
} from './types';

type Row = Record<string, unknown>;
const MAX_LIMIT = 1000;
/** Below this many messages, a folder-filtered search walks the folder instead of the FTS index. */
const SMALL_FOLDER = 200;
/**
 * A final prefix longer than the prefix indexes becomes an OR of at most this many index terms (beyond
 * that, each term is rare and the plain prefix query is cheap enough). See fts-prefix.ts.
 */
const MAX_PREFIX_EXPANSIONS = 64;
/** Newest not-yet-indexed messages a search also looks at (see withNotYetIndexed). */
export const UNINDEXED_SCAN = 2000;

/** Columns of a message list row (no body, no large JSON except addresses). */
export const SUMMARY_COLS = `m.id, m.account_id, m.folder_id, m.uidvalidity, m.uid, m.message_id, m.thread_id,
  m.subject, m.from_name, m.from_addr, m.to_json, m.cc_json, m.date, m.sent_date, m.flags, m.keywords_json, m.has_attachments,
  m.preview, m.body_state, m.archived, m.on_server`;

export class StoreReader {
  private readonly statements = new Map<string, BetterSqlite3.Statement<unknown[], unknown>>();
  private ftsTerms: FtsTermLister | undefined;
  private threadQueries: ThreadQueries | undefined;

  constructor(protected readonly db: Db) {}

  close(): void {
    this.statements.clear();
    if (this.db.open) this.db.close();
  }

  /** Prepared once per distinct SQL text. */
  protected st(sql: string): BetterSqlite3.Statement<unknown[], unknown> {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare<unknown[], unknown>(sql);
      this.statements.set(sql, s);
    }
    return s;
  }
  protected all(sql: string, ...params: unknown[]): Row[] {
    return this.st(sql).all(...params) as Row[];
  }
  protected one(sql: string, ...params: unknown[]): Row | undefined {
    return this.st(sql).get(...params) as Row | undefined;
  }

  // ---- accounts & folders

  listAccounts(): Account[] {
    return this.all('SELECT * FROM accounts ORDER BY id').map(toAccount);
  }

  getAccountByAddress(address: string): Account | null {
    const r = this.one('SELECT * FROM accounts WHERE address = ?', address);
    return r ? toAccount(r) : null;
  }

  listFolders(accountId: number): Folder[] {
    return this.all('SELECT * FROM folders WHERE account_id = ? ORDER BY path', accountId).map(toFolder);
  }

  getFolder(folderId: number): Folder | null {
    const r = this.one('SELECT * FROM folders WHERE id = ?', folderId);
    return r ? toFolder(r) : null;
  }

  getFolderByPath(accountId: number, path: string): Folder | null {
    const r = this.one('SELECT * FROM folders WHERE account_id = ? AND path = ?', accountId, path);
    return r ? toFolder(r) : null;
  }

  /** Folders as a tree (by path and delimiter), with unread/total counts; orphans hang at the root. */
  folderTree(accountId: number): FolderNode[] {
    // Index-only counts per folder: total (minus the rare stale rows) and unread (partial index).
    const nodes = this.all(
      `SELECT f.*,
         (SELECT count(*) FROM messages m WHERE m.folder_id = f.id)
           - (SELECT count(*) FROM messages m WHERE m.folder_id = f.id AND (m.stale = 1 OR m.on_server = 0)) AS total,
         (SELECT count(*) FROM messages m WHERE m.folder_id = f.id AND (m.flags & 1) = 0 AND m.stale = 0 AND m.on_server = 1) AS unread
       FROM folders f WHERE f.account_id = ? ORDER BY f.path`,
      accountId,
    ).map((r): FolderNode => ({ ...toFolder(r), unread: Number(r.unread), total: Number(r.total), children: [] }));
    const byPath = new Map(nodes.map((n) => [n.path, n]));
    const roots: FolderNode[] = [];
    for (const n of nodes) {
      const cut = n.delimiter ? n.path.lastIndexOf(n.delimiter) : -1;
      const parent = cut > 0 ? byPath.get(n.path.slice(0, cut)) : undefined;
      (parent ? parent.children : roots).push(n);
    }
    const rank = (n: FolderNode): number =>
      n.path.toUpperCase() === 'INBOX' ? 0 : n.specialUse ? 1 : 2;
    const sort = (list: FolderNode[]): void => {
      list.sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name, 'fr'));
      list.forEach((c) => sort(c.children));
    };
    sort(roots);
    return roots;
  }

  /** Unread (not \Seen, not stale) messages per account and folder. */
  unreadCounts(accountIds: readonly number[]): UnreadCount[] {
    const result = new Map<number, UnreadCount>(
      accountIds.map((id) => [id, { accountId: id, unread: 0, folders: [] }]),
    );
    for (const accountId of accountIds) {
      for (const r of this.all(
        `SELECT f.id AS folder_id,
                (SELECT count(*) FROM messages m WHERE m.folder_id = f.id AND (m.flags & 1) = 0 AND m.stale = 0) AS unread
         FROM folders f WHERE f.account_id = ? ORDER BY f.id`,
        accountId,
      )) {
        const entry = result.get(accountId)!;
        const unread = Number(r.unread);
        entry.folders.push({ folderId: Number(r.folder_id), unread });
        entry.unread += unread;
      }
    }
    return [...result.values()];
  }

  // ---- messages

  /** One page of a folder, newest first by default; pass the last id seen as beforeRowid for the next page. */
  listMessages(folderId: number, options: ListOptions = {}): MessageSummary[] {
    const limit = clampLimit(options.limit ?? 100);
    const asc = options.sort === 'date-asc';
    const where = ['m.folder_id = @folderId', 'm.stale = 0'];
    if (options.unreadOnly) where.push('(m.flags & 1) = 0');
    // Archived messages removed from the server live in the local archive view, not in their old folder.
    if (options.archivedOnly) where.push('m.archived = 1');
    else where.push('m.on_server = 1');
    if (options.beforeRowid !== undefined) {
      where.push(
        asc
          ? '(m.date > @cd OR (m.date = @cd AND m.id < @cid))'
          : '(m.date < @cd OR (m.date = @cd AND m.id > @cid))',
      );
    }
    const sql = `SELECT ${SUMMARY_COLS} FROM messages m WHERE ${where.join(' AND ')}
      ORDER BY m.date ${asc ? 'ASC' : 'DESC'}, m.id ${asc ? 'DESC' : 'ASC'} LIMIT @limit`;
    const params: Record<string, unknown> = { folderId, limit };
    if (options.beforeRowid !== undefined) {
      // The cursor row may have been expunged meanwhile: its id still encodes its date.
      const cursor = this.one('SELECT date FROM messages WHERE id = ?', options.beforeRowid);
      params.cd = cursor ? cursor.date : dateOfId(options.beforeRowid);
      params.cid = options.beforeRowid;
    }
    return this.all(sql, params).map(toSummary);
  }

  getMessage(id: number): MessageDetail | null {
    const r = this.one('SELECT * FROM messages WHERE id = ? AND stale = 0', id);
    if (!r) return null;
    const atts = this.all(
      // Available offline: its content stored, or inside the message's stored raw source (attachments.data
      // stays NULL then: each attachment is stored once, see main/sync/stored-attachment.ts).
      `SELECT ma.*, a.sha256, (a.data IS NOT NULL OR ?) AS fetched FROM message_attachments ma
       JOIN attachments a ON a.id = ma.attachment_id WHERE ma.message_id = ? ORDER BY ma.part`,
      r.raw_id === null || r.raw_id === undefined ? 0 : 1, id,
    ).map(toAttachmentRef);
    return toDetail(r, atts);
  }

  getMessageByUid(folderId: number, uidvalidity: number, uid: number): MessageSummary | null {
    const r = this.one(
      `SELECT ${SUMMARY_COLS} FROM messages m WHERE folder_id = ? AND uidvalidity = ? AND uid = ?`,
      folderId, uidvalidity, uid,
    );
    return r ? toSummary(r) : null;
  }

  /** Text and HTML body, or null while only headers are cached. */
  getBody(messageId: number): Body | null {
    const r = this.one(
      `SELECT b.text, b.html, b.raw_size FROM messages m JOIN bodies b ON b.id = m.body_id WHERE m.id = ?`,
      messageId,
    );
    return r ? { text: (r.text as string) ?? null, html: (r.html as string) ?? null, rawSize: (r.raw_size as number) ?? null } : null;
  }

  /**
   * The raw source of a message as stored at fetch time (or archived), or null. Attachments of such a
   * message are read from it (main/sync/stored-attachment.ts), not stored a second time.
   */
  getStoredSource(messageId: number): Buffer | null {
    const r = this.one('SELECT r.encoding, r.data FROM messages m JOIN raw_messages r ON r.id = m.raw_id WHERE m.id = ?', messageId);
    if (!r) return null;
    try {
      return r.encoding === 'zlib' ? zlib.inflateSync(r.data as Buffer) : (r.data as Buffer);
    } catch {
      return null; // unreadable copy
    }
  }

  /** Attachment content stored on its own (downloaded on demand), or null (see getStoredSource). */
  getAttachmentData(messageId: number, part: string): Buffer | null {
    const r = this.one(
      `SELECT a.data FROM message_attachments ma JOIN attachments a ON a.id = ma.attachment_id
       WHERE ma.message_id = ? AND ma.part = ?`,
      messageId, part,
    );
    return (r?.data as Buffer | null | undefined) ?? null;
  }

  /** Conversation view of a folder (threads-queries.ts). */
  get threads(): ThreadQueries {
    return (this.threadQueries ??= new ThreadQueries((sql, ...params) => this.all(sql, ...params)));
  }

  /** Messages of a conversation, oldest first. */
  getThread(accountId: number, threadId: string): MessageSummary[] {
    return this.all(
      `SELECT ${SUMMARY_COLS} FROM messages m WHERE account_id = ? AND thread_id = ? AND stale = 0 ORDER BY id`,
      accountId, threadId,
    ).map(toSummary);
  }

  /**
   * Full-text search over subject, addresses and body text, newest first. The FTS index is walked in
   * descending rowid order (ids follow dates) and stops at `limit`: no sort of all matches.
   */
  search(q: string, filter: SearchFilter = {}): MessageSummary[] {
    const prefixLast = filter.prefix ?? true;
    const match = toFtsQuery(q, { prefixLast });
    if (!match) return [];
    const long = longPrefixQuery(q, { prefixLast });
    // Same snapshot for the index, the term list and the index queue: a message indexed in between is
    // found exactly once.
    return this.db.transaction(() => {
      let found: MessageSummary[];
      if (!long) found = this.searchMatch(match, filter);
      else {
        this.ftsTerms ??= new FtsTermLister(this.db);
        const expansions = this.ftsTerms.termsWithPrefix(long.prefix, MAX_PREFIX_EXPANSIONS, long.short ? SHORT_PREFIX_INDEX : 0);
        const expanded = expansions ? withPrefixExpansions(long, expansions) : match;
        found = expanded ? this.searchMatch(expanded, filter) : []; // no index term has this prefix
      }
      return this.withNotYetIndexed(found, q, prefixLast, filter);
    })();
  }

  /**
   * Messages still in the index queue (migration 010: indexing runs after the sync) are matched here, on
   * their subject, addresses and preview, among the newest UNINDEXED_SCAN of them: search stays right for
   * new mail while a first sync is being indexed, at a bounded cost.
   */
  private withNotYetIndexed(found: MessageSummary[], q: string, prefixLast: boolean, filter: SearchFilter): MessageSummary[] {
    if (!this.one('SELECT 1 AS x FROM fts_queue LIMIT 1')) return found;
    const matcher = unindexedMatcher(q, prefixLast);
    if (!matcher) return found;
    const where = ['m.stale = 0'];
    const params: Record<string, unknown> = { scan: UNINDEXED_SCAN };
    if (filter.beforeRowid !== undefined) { where.push('m.id < @before'); params.before = filter.beforeRowid; }
    if (filter.since !== undefined) { where.push('m.id >= @lo'); params.lo = idFloorForDate(filter.since); }
    if (filter.until !== undefined) { where.push('m.id < @hi'); params.hi = idFloorForDate(filter.until + 1); }
    if (filter.folderId !== undefined) { where.push('m.folder_id = @folderId'); params.folderId = filter.folderId; }
    if (filter.accountId !== undefined) { where.push('m.account_id = @accountId'); params.accountId = filter.accountId; }
    if (filter.accountIds !== undefined) {
      if (filter.accountIds.length === 0) return found;
      where.push('m.account_id IN (SELECT value FROM json_each(@accountIds))');
      params.accountIds = JSON.stringify(filter.accountIds);
    }
    const rows = this.all(
      `SELECT ${SUMMARY_COLS} FROM (SELECT message_id FROM fts_queue ORDER BY message_id DESC LIMIT @scan) q
       CROSS JOIN messages m ON m.id = q.message_id WHERE ${where.join(' AND ')} ORDER BY m.id DESC`,
      params,
    ).map(toSummary).filter((m) => matcher([
      m.subject, m.from?.name, m.from?.address, ...m.to.flatMap((a) => [a.name, a.address]), ...m.cc.flatMap((a) => [a.name, a.address]), m.preview,
    ]));
    if (rows.length === 0) return found;
    const limit = clampLimit(filter.limit ?? 50);
    const byId = new Map(found.map((m) => [m.id, m]));
    for (const m of rows) byId.set(m.id, m);
    return [...byId.values()].sort((a, b) => b.id - a.id).slice(0, limit);
  }

  private searchMatch(match: string, filter: SearchFilter): MessageSummary[] {
    const where = ['messages_fts MATCH @match', 'm.stale = 0'];
    const params: Record<string, unknown> = { match, limit: clampLimit(filter.limit ?? 50) };
    if (filter.beforeRowid !== undefined) {
      where.push('f.rowid < @before');
      params.before = filter.beforeRowid;
    }
    if (filter.since !== undefined) {
      where.push('f.rowid >= @lo');
      params.lo = idFloorForDate(filter.since);
    }
    if (filter.until !== undefined) {
      where.push('f.rowid < @hi');
      params.hi = idFloorForDate(filter.until + 1);
    }
    if (filter.folderId !== undefined) {
      where.push('m.folder_id = @folderId');
      params.folderId = filter.folderId;
    }
    if (filter.accountId !== undefined) {
      where.push('m.account_id = @accountId');
      params.accountId = filter.accountId;
    }
    if (filter.accountIds !== undefined) {
      if (filter.accountIds.length === 0) return [];
      where.push(`m.account_id IN (SELECT value FROM json_each(@accountIds))`);
      params.accountIds = JSON.stringify(filter.accountIds);
    }
    if (filter.folderId !== undefined && this.isSmallFolder(filter.folderId)) {
      // Few messages in the folder: walk it newest first instead of walking the FTS index (which could
      // visit every match of a common term before finding this folder's). Exact terms: probe the index
      // per row (~25 µs), also for prefixes covered by a prefix index. Longer prefix: FTS5 builds the whole
      // prefix doclist per evaluation, so build it once (IN list). Measured in bench/store-bench.ts (PROBE=1).
      const ftsCond = hasUnindexedPrefix(match)
        ? 'm.id IN (SELECT rowid FROM messages_fts WHERE messages_fts MATCH @match)'
        : 'EXISTS (SELECT 1 FROM messages_fts WHERE messages_fts MATCH @match AND rowid = m.id)';
      const sql = `SELECT ${SUMMARY_COLS} FROM messages m
        WHERE ${where.slice(1).map((w) => w.replace(/\bf\.rowid\b/g, 'm.id')).join(' AND ')} AND ${ftsCond}
        ORDER BY m.date DESC, m.id DESC LIMIT @limit`; // date order = id order; walks messages_folder_date
      return this.all(sql, params).map(toSummary);
    }
    // CROSS JOIN pins the join order: FTS outer (rowid DESC, LIMIT stops early), messages by primary key.
    const sql = `SELECT ${SUMMARY_COLS} FROM messages_fts f CROSS JOIN messages m ON m.id = f.rowid
      WHERE ${where.join(' AND ')} ORDER BY f.rowid DESC LIMIT @limit`;
    return this.all(sql, params).map(toSummary);
  }

  /** Bounded, index-only count: true when the folder holds fewer than SMALL_FOLDER messages. */
  private isSmallFolder(folderId: number): boolean {
    const r = this.one('SELECT count(*) AS n FROM (SELECT 1 FROM messages WHERE folder_id = ? LIMIT ?)', folderId, SMALL_FOLDER);
    return Number(r?.n ?? 0) < SMALL_FOLDER;
  }

  // ---- queues (read-only views)

  countPendingChanges(accountId?: number): number {
    const r = accountId === undefined
      ? this.one('SELECT count(*) AS n FROM pending_changes')
      : this.one('SELECT count(*) AS n FROM pending_changes WHERE account_id = ?', accountId);
    return Number(r?.n ?? 0);
  }

  /** Oldest first: changes must be replayed in the order they were made. */
  peekChanges(limit = 100, accountId?: number): PendingChange[] {
    const rows = accountId === undefined
      ? this.all('SELECT * FROM pending_changes ORDER BY id LIMIT ?', clampLimit(limit))
      : this.all('SELECT * FROM pending_changes WHERE account_id = ? ORDER BY id LIMIT ?', accountId, clampLimit(limit));
    return rows.map(toChange);
  }

  listOutbox(accountId?: number, states?: readonly OutboxState[]): OutboxItem[] {
    const rows = this.all(
      `SELECT id, account_id, message_id, envelope_json, state, idempotency_key, smtp_response, last_error,
              attempts, created_at, sent_at, appended_to_sent
       FROM outbox WHERE (@a IS NULL OR account_id = @a)
         AND (@s IS NULL OR state IN (SELECT value FROM json_each(@s))) ORDER BY id`,
      { a: accountId ?? null, s: states ? JSON.stringify(states) : null },
    );
    return rows.map(toOutbox);
  }

  getOutboxByMessageId(messageId: string): OutboxItem | null {
    const r = this.one(
      `SELECT id, account_id, message_id, envelope_json, state, idempotency_key, smtp_response, last_error, attempts,
              created_at, sent_at, appended_to_sent FROM outbox WHERE message_id = ?`,
      messageId,
    );
    return r ? toOutbox(r) : null;
  }

  getOutboxRaw(id: number): Buffer | null {
    return (this.one('SELECT raw FROM outbox WHERE id = ?', id)?.raw as Buffer | undefined) ?? null;
  }

  listDrafts(accountId: number): Draft[] {
    return this.all('SELECT * FROM drafts WHERE account_id = ? ORDER BY updated_at DESC, id DESC', accountId).map(toDraft);
  }

  getDraft(id: number): Draft | null {
    const r = this.one('SELECT * FROM drafts WHERE id = ?', id);
    return r ? toDraft(r) : null;
  }

  // ---- audit, rights, settings

  listAudit(range: { from?: number; to?: number; bal?: string } = {}): AuditEntry[] {
    return this.all(
      `SELECT * FROM audit WHERE at >= @from AND at <= @to AND (@bal IS NULL OR bal = @bal) ORDER BY id`,
      { from: range.from ?? 0, to: range.to ?? Number.MAX_SAFE_INTEGER, bal: range.bal ?? null },
    ).map(toAudit);
  }

  exportAuditCsv(range: { from?: number; to?: number; bal?: string } = {}, options?: AuditCsvOptions): string {
    return auditToCsv(this.listAudit(range), options);
  }

  getRights(idnat: string): Right[] {
    return this.all('SELECT * FROM rights WHERE idnat = ? ORDER BY bal', idnat).map(toRight);
  }

  /** Whether any person on this workstation still holds a confirmed right on this BAL. */
  anyoneHoldsRight(bal: string): boolean {
    return this.one('SELECT 1 AS x FROM rights WHERE bal = ? COLLATE NOCASE LIMIT 1', bal) !== undefined;
  }

  getRight(idnat: string, bal: string): Right | null {
    const r = this.one('SELECT * FROM rights WHERE idnat = ? AND bal = ?', idnat, bal);
    return r ? toRight(r) : null;
  }

  /** A setting, checked against its schema: a value that does not parse or does not match reads as absent. */
  getSetting<T>(key: string, schema: z.ZodType<T>): T | undefined {
    const r = this.one('SELECT value_json FROM settings WHERE key = ?', key);
    if (!r) return undefined;
    let value: unknown;
    try {
      value = JSON.parse(String(r.value_json));
    } catch {
      return undefined;
    }
    const checked = schema.safeParse(value);
    return checked.success ? checked.data : undefined;
  }
}

function clampLimit(n: number): number {
  return Math.max(1, Math.min(MAX_LIMIT, Math.trunc(n) || 1));
}
