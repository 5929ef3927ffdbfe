// Read queries of the sending side (added by main/send and main/directory; kept apart from the store's own
// files): correspondents seen in cached messages (address autocompletion) and cached messages that look
// like delivery / read reports (DSN, MDN). Read-only, on the reader connection.
import type BetterSqlite3 from '../../node_modules/better-sqlite3-multiple-ciphers/index';
import type { Db } from './db';
import type { StoreReader } from './reader';

type Row = Record<string, unknown>;

export interface SeenContact {
  name: string | null;
  address: string;
  /** Date of the newest message it appears in. */
  lastSeen: number;
  count: number;
}

const REPORT_MIMES = [
  'message/disposition-notification',
  'message/global-disposition-notification',
  'message/delivery-status',
  'message/global-delivery-status',
  'text/rfc822-headers',
];

export class ContactsQueries {
  private readonly db: Db;
  private readonly statements = new Map<string, BetterSqlite3.Statement<unknown[], unknown>>();

  constructor(reader: StoreReader) {
    // StoreReader keeps its connection protected; these queries run on that same read-only connection.
    this.db = (reader as unknown as { db: Db }).db;
  }

  private all(sql: string, ...p: unknown[]): Row[] {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare<unknown[], unknown>(sql);
      this.statements.set(sql, s);
    }
    return s.all(...p) as Row[];
  }

  /**
   * Addresses (from, to, cc) of the newest `scan` messages of these accounts whose name or address contains
   * `q` (case- and accent-insensitive), most recent first.
   */
  seenContacts(accountIds: readonly number[], q: string, limit = 20, scan = 5000): SeenContact[] {
    if (accountIds.length === 0) return [];
    const rows = this.all(
      `SELECT from_name, from_addr, to_json, cc_json, date FROM messages
       WHERE account_id IN (SELECT value FROM json_each(?)) AND stale = 0 ORDER BY id DESC LIMIT ?`,
      JSON.stringify(accountIds), scan,
    );
    const needle = fold(q);
    const found = new Map<string, SeenContact>();
    const add = (name: unknown, address: unknown, date: number) => {
      if (typeof address !== 'string' || !address.includes('@')) return;
      const key = address.toLowerCase();
      const n = typeof name === 'string' && name.trim() ? name.trim() : null;
      if (!fold(`${n ?? ''} ${address}`).includes(needle)) return;
      const c = found.get(key);
      if (c) {
        c.count++;
        if (!c.name && n) c.name = n;
      } else found.set(key, { name: n, address, lastSeen: date, count: 1 });
    };
    for (const r of rows) {
      const date = Number(r.date);
      add(r.from_name, r.from_addr, date);
      for (const col of ['to_json', 'cc_json'] as const) {
        try {
          for (const a of JSON.parse(String(r[col] ?? '[]')) as Array<{ name?: string; address?: string }>) add(a.name, a.address, date);
        } catch {
          /* malformed row: skipped */
        }
      }
    }
    return [...found.values()].sort((a, b) => b.lastSeen - a.lastSeen || b.count - a.count).slice(0, limit);
  }

  /**
   * Cached messages that look like DSN / MDN reports, newest first: report parts, sent by the mail system, or
   * answering a message of the outbox (MDNs carry In-Reply-To; seen at header stage, before any body).
   */
  reportCandidates(accountIds: readonly number[], since: number, limit = 300): Array<{ id: number; accountId: number }> {
    if (accountIds.length === 0) return [];
    return this.all(
      `SELECT m.id, m.account_id FROM messages m
       WHERE m.account_id IN (SELECT value FROM json_each(?)) AND m.stale = 0 AND m.date >= ?
         AND (lower(coalesce(m.from_addr, '')) LIKE 'mailer-daemon@%' OR lower(coalesce(m.from_addr, '')) LIKE 'postmaster@%'
              OR m.in_reply_to IN (SELECT o.message_id FROM outbox o WHERE o.account_id = m.account_id)
              OR EXISTS (SELECT 1 FROM message_attachments ma WHERE ma.message_id = m.id
                         AND lower(coalesce(ma.mime, '')) IN (SELECT value FROM json_each(?))))
       ORDER BY m.id DESC LIMIT ?`,
      JSON.stringify(accountIds), since, JSON.stringify(REPORT_MIMES), limit,
    ).map((r) => ({ id: Number(r.id), accountId: Number(r.account_id) }));
  }
}

function fold(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}
