// Conversation view of a folder: one row per thread (thread ids from threading.ts), placed by the thread's
// newest message in the folder, with counts over the whole conversation of the BAL (replies kept in Sent
// included, Trash and Junk left out unless they are the folder shown). Read-only, on the reader connection.
//
// Why no maintained thread table: the list walks the folder in date order (messages_folder_date) and keeps
// a message only when no newer message of its thread sits in the folder (one seek in messages_folder_thread,
// migration 006), stopping at `limit`. A page costs O(rows walked × log n) whatever the folder size, and
// every writer path (flags, moves, expunge, UIDVALIDITY resync) stays untouched.
import { dateOfId } from './ids';
import { toSummary } from './rows';
import type { Address, ListOptions, MessageSummary } from './types';

type Row = Record<string, unknown>;
type Query = (sql: string, ...params: unknown[]) => Row[];

const MAX_LIMIT = 1000;
/** Senders kept per thread row (oldest first). */
const MAX_PARTICIPANTS = 6;

/** Columns of a message list row (same as reader.ts SUMMARY_COLS). */
const COLS = `m.id, m.account_id, m.folder_id, m.uidvalidity, m.uid, m.message_id, m.thread_id,
  m.subject, m.from_name, m.from_addr, m.to_json, m.cc_json, m.date, m.sent_date, m.flags, m.keywords_json, m.has_attachments,
  m.preview, m.body_state, m.archived, m.on_server`;

export interface ThreadSummary {
  /** Newest message of the thread in the folder (the row's subject, sender, snippet and date; opened on select). */
  latest: MessageSummary;
  /** Messages of the conversation: this folder plus the BAL's other folders except Trash and Junk. */
  count: number;
  /** Of which in the folder listed. */
  inFolder: number;
  unread: number;
  flagged: number;
  hasAttachments: boolean;
  /** Distinct senders, in the order they first wrote (at most MAX_PARTICIPANTS). */
  participants: Address[];
}

export class ThreadQueries {
  constructor(private readonly all: Query) {}

  /**
   * One page of threads of a folder, by their newest message (newest first by default). `beforeRowid` is the
   * `latest.id` of the last thread of the previous page. With `unreadOnly`, threads holding an unread message
   * in the folder, placed by their newest unread one.
   */
  listThreads(folderId: number, options: Omit<ListOptions, 'archivedOnly'> = {}): ThreadSummary[] {
    const limit = Math.max(1, Math.min(MAX_LIMIT, Math.trunc(options.limit ?? 100) || 1));
    const asc = options.sort === 'date-asc';
    const params: Record<string, unknown> = { folderId, limit };
    if (options.beforeRowid !== undefined) {
      const cursor = this.all('SELECT date FROM messages WHERE id = ?', options.beforeRowid)[0];
      params.cd = cursor ? cursor.date : dateOfId(options.beforeRowid); // expunged meanwhile: its id has its date
      params.cid = options.beforeRowid;
    }
    const sql = threadPageSql({ asc, unreadOnly: !!options.unreadOnly, after: options.beforeRowid !== undefined });
    const latest = this.all(sql, params).map(toSummary);
    return this.summarize(folderId, latest);
  }

  /** Counts of the threads of these messages (each taken as its thread's row), same rules as listThreads. */
  summarize(folderId: number, latest: readonly MessageSummary[]): ThreadSummary[] {
    const first = latest[0];
    if (!first) return [];
    const threadIds = [...new Set(latest.map((m) => m.threadId).filter((t): t is string => t !== null))];
    const byThread = new Map<string, Row[]>();
    if (threadIds.length > 0) {
      for (const r of this.all(
        `SELECT m.thread_id, m.folder_id, m.flags, m.from_name, m.from_addr, m.has_attachments FROM messages m
         WHERE m.account_id = @accountId AND m.thread_id IN (SELECT value FROM json_each(@threadIds))
           AND m.stale = 0 AND m.on_server = 1 AND (m.folder_id = @folderId OR m.folder_id NOT IN (${HIDDEN_FOLDERS}))
         ORDER BY m.date, m.id`,
        { accountId: first.accountId, threadIds: JSON.stringify(threadIds), folderId },
      )) {
        const key = String(r.thread_id);
        const list = byThread.get(key);
        if (list) list.push(r);
        else byThread.set(key, [r]);
      }
    }
    return latest.map((m): ThreadSummary => {
      const rows = (m.threadId !== null ? byThread.get(m.threadId) : undefined) ?? [];
      if (rows.length === 0) {
        // No thread id (rows cached before threading) or a race with an expunge: the message alone.
        return {
          latest: m, count: 1, inFolder: 1, unread: m.seen ? 0 : 1, flagged: m.flags & 4 ? 1 : 0,
          hasAttachments: m.hasAttachments, participants: m.from ? [m.from] : [],
        };
      }
      const participants: Address[] = [];
      const seen = new Set<string>();
      let inFolder = 0, unread = 0, flagged = 0, hasAttachments = false;
      for (const r of rows) {
        const flags = Number(r.flags);
        if (Number(r.folder_id) === folderId) inFolder++;
        if ((flags & 1) === 0) unread++;
        if (flags & 4) flagged++;
        if (r.has_attachments === 1) hasAttachments = true;
        const address = String(r.from_addr ?? '');
        const key = address.toLowerCase() || String(r.from_name ?? '');
        if (key && !seen.has(key) && participants.length < MAX_PARTICIPANTS) {
          seen.add(key);
          participants.push({ name: (r.from_name as string | null) ?? null, address });
        }
      }
      return { latest: m, count: rows.length, inFolder, unread, flagged, hasAttachments, participants };
    });
  }

  /**
   * The messages of a message's conversation, oldest first: those of `folderId` plus those of the BAL's other
   * folders except Trash and Junk (the replies kept in Sent). The message alone when it has no thread id.
   */
  threadMessages(folderId: number, messageId: number): MessageSummary[] {
    const m = this.all(`SELECT ${COLS} FROM messages m WHERE m.id = ? AND m.stale = 0`, messageId).map(toSummary)[0];
    if (!m) return [];
    if (m.threadId === null) return [m];
    return this.all(
      `SELECT ${COLS} FROM messages m
       WHERE m.account_id = @accountId AND m.thread_id = @threadId AND m.stale = 0 AND m.on_server = 1
         AND (m.folder_id = @folderId OR m.folder_id NOT IN (${HIDDEN_FOLDERS}))
       ORDER BY m.date, m.id`,
      { accountId: m.accountId, threadId: m.threadId, folderId },
    ).map(toSummary);
  }
}

/**
 * One page of thread rows: the folder walked in list order (messages_folder_date), a row kept when no message
 * of its thread in the folder comes before it newest first (date DESC, id ASC), for both sorts. Params:
 * @folderId, @limit, and @cd/@cid (cursor date and id) when `after`.
 */
export function threadPageSql(o: { asc: boolean; unreadOnly: boolean; after: boolean }): string {
  const where = ['m.folder_id = @folderId', 'm.stale = 0', 'm.on_server = 1'];
  if (o.unreadOnly) where.push('(m.flags & 1) = 0');
  if (o.after) where.push(o.asc ? '(m.date > @cd OR (m.date = @cd AND m.id < @cid))' : '(m.date < @cd OR (m.date = @cd AND m.id > @cid))');
  return `SELECT ${COLS} FROM messages m WHERE ${where.join(' AND ')}
    AND NOT EXISTS (SELECT 1 FROM messages x WHERE x.folder_id = m.folder_id AND x.thread_id = m.thread_id
      AND x.date >= m.date AND (x.date > m.date OR x.id < m.id)
      AND x.stale = 0 AND x.on_server = 1${o.unreadOnly ? ' AND (x.flags & 1) = 0' : ''})
    ORDER BY m.date ${o.asc ? 'ASC' : 'DESC'}, m.id ${o.asc ? 'DESC' : 'ASC'} LIMIT @limit`;
}

/** Folders whose messages never join a conversation shown elsewhere (SPECIAL-USE stored with or without "\"). */
const HIDDEN_FOLDERS = `SELECT f.id FROM folders f WHERE f.account_id = @accountId
  AND lower(ltrim(coalesce(f.special_use, ''), '\\')) IN ('trash', 'junk')`;
