// The sending side's own tables (migration 009; used by main/send): outbox metadata and per-recipient
// status, the composer's options and attachments of a draft (contents stored once, by SHA-256), read
// receipts answered, and the server copies of drafts. SendReads works on any connection; SendWrites only on
// the writer's (same single writer, same transactions as StoreWriter).
import crypto from 'node:crypto';
import type BetterSqlite3 from '../../node_modules/better-sqlite3-multiple-ciphers/index';
import type { Db } from './db';
import type { StoreReader } from './reader';
import type { StoreWriter } from './writer';

type Row = Record<string, unknown>;

export type RecipientStatus = 'pending' | 'delayed' | 'delivered' | 'read' | 'failed';
export interface RecipientState {
  address: string;
  status: RecipientStatus;
  detail: string | null;
  at: number | null;
}

export interface OutboxMeta {
  kind: 'message' | 'mdn';
  messageId: string;
  envelopeId: string;
  bal: string;
  subject: string;
  to: string[];
  cc: string[];
  bcc: string[];
  sentBy: { idNat: string; name: string } | null;
  requestDsn: boolean;
  requestReadReceipt: boolean;
  /** Lower-cased address → state (recipients in field order, then addresses only a report named). */
  recipients: Record<string, RecipientState>;
  /** For an MDN: the cache id of the message it answers. */
  answersMessageId?: number;
  /** Last time an SMTP attempt started (recovery grace). */
  lastAttemptAt?: number;
}

export interface DraftOptions {
  inReplyToMessageId?: number;
  forwardOfMessageId?: number;
  forwardAsAttachment?: boolean;
  requestDsn: boolean;
  requestReadReceipt: boolean;
  patientNoReply: boolean;
  fromLabel?: string;
}

export interface DraftAttachment {
  filename: string;
  mime: string;
  content: Buffer;
}

export interface MdnResponse {
  state: 'sent' | 'declined';
  at: number;
  by: string;
}

export interface ServerCopy {
  path: string;
  uidValidity: number;
  uid: number;
}

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

/** A sent or discarded draft whose server copies are still to remove. */
export interface GoneDraft {
  id: number;
  uuid: string | null;
  bal: string;
  copies: ServerCopy[];
  at: number;
}

const ENVELOPE_ID = /^[A-Za-z0-9.-]+$/;
/** The DSN envelope id (ENVID) of a Message-ID: its uuid part (xtext-safe). */
export function envelopeIdOf(messageId: string): string {
  return messageId.replace(/^<|>$/g, '').split('@')[0]!.replace(/[^A-Za-z0-9.-]/g, '').slice(0, 100);
}

export class SendReads {
  protected readonly db: Db;
  private readonly statements = new Map<string, BetterSqlite3.Statement<unknown[], unknown>>();

  constructor(store: StoreReader) {
    // The store keeps its connection protected; these queries share it (and its transactions).
    this.db = (store as unknown as { db: Db }).db;
  }

  protected st(sql: string): BetterSqlite3.Statement<unknown[], unknown> {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare<unknown[], unknown>(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  // ---- outbox metadata

  /** By Message-ID (`<…@…>`) or envelope id. */
  outboxMeta(messageIdOrEnvelopeId: string): OutboxMeta | null {
    const envelopeId = messageIdOrEnvelopeId.includes('@') ? envelopeIdOf(messageIdOrEnvelopeId) : messageIdOrEnvelopeId;
    if (!ENVELOPE_ID.test(envelopeId)) return null;
    const m = this.st('SELECT * FROM outbox_meta WHERE envelope_id = ?').get(envelopeId) as Row | undefined;
    if (!m) return null;
    const rows = this.st('SELECT * FROM outbox_recipients WHERE envelope_id = ? ORDER BY position').all(envelopeId) as Row[];
    const list = (field: string) => rows.filter((r) => r.field === field).map((r) => String(r.address));
    return {
      kind: m.kind === 'mdn' ? 'mdn' : 'message',
      messageId: String(m.message_id),
      envelopeId,
      bal: String(m.bal),
      subject: String(m.subject),
      to: list('to'),
      cc: list('cc'),
      bcc: list('bcc'),
      sentBy: m.sent_by_idnat != null ? { idNat: String(m.sent_by_idnat), name: String(m.sent_by_name ?? '') } : null,
      requestDsn: m.request_dsn === 1,
      requestReadReceipt: m.request_read_receipt === 1,
      recipients: Object.fromEntries(rows.map((r) => [String(r.address_key), {
        address: String(r.address),
        status: r.status as RecipientStatus,
        detail: r.detail == null ? null : String(r.detail),
        at: r.at == null ? null : Number(r.at),
      }])),
      ...(m.answers_message_id != null ? { answersMessageId: Number(m.answers_message_id) } : {}),
      ...(m.last_attempt_at != null ? { lastAttemptAt: Number(m.last_attempt_at) } : {}),
    };
  }

  // ---- drafts

  draftOptions(draftId: number): DraftOptions | null {
    const r = this.st('SELECT * FROM draft_options WHERE draft_id = ?').get(draftId) as Row | undefined;
    if (!r) return null;
    return {
      ...(r.in_reply_to_message_id != null ? { inReplyToMessageId: Number(r.in_reply_to_message_id) } : {}),
      ...(r.forward_of_message_id != null ? { forwardOfMessageId: Number(r.forward_of_message_id) } : {}),
      ...(r.forward_as_attachment != null ? { forwardAsAttachment: r.forward_as_attachment === 1 } : {}),
      requestDsn: r.request_dsn === 1,
      requestReadReceipt: r.request_read_receipt === 1,
      patientNoReply: r.patient_no_reply === 1,
      ...(r.from_label != null ? { fromLabel: String(r.from_label) } : {}),
    };
  }

  draftAttachments(draftId: number): DraftAttachment[] {
    const rows = this.st(
      `SELECT a.filename, a.mime, b.data FROM draft_attachments a JOIN draft_blobs b ON b.sha256 = a.sha256
       WHERE a.draft_id = ? ORDER BY a.position`,
    ).all(draftId) as Row[];
    return rows.map((r) => ({ filename: String(r.filename), mime: String(r.mime), content: r.data as Buffer }));
  }

  // ---- read receipts answered

  mdnResponse(accountId: number, messageId: string): MdnResponse | null {
    const r = this.st('SELECT state, at, by_idnat FROM mdn_responses WHERE account_id = ? AND message_id = ?').get(accountId, messageId) as Row | undefined;
    return r ? { state: r.state === 'sent' ? 'sent' : 'declined', at: Number(r.at), by: String(r.by_idnat) } : null;
  }

  // ---- server copies of drafts

  private copiesOf(column: 'draft_id' | 'gone_id', id: number): ServerCopy[] {
    return (this.st(`SELECT path, uidvalidity, uid FROM draft_server_copies WHERE ${column} = ? ORDER BY id`).all(id) as Row[])
      .map((r) => ({ path: String(r.path), uidValidity: Number(r.uidvalidity), uid: Number(r.uid) }));
  }

  private toEntry(r: Row): DraftSyncEntry {
    const draftId = Number(r.draft_id);
    return {
      draftId,
      accountId: Number(r.account_id),
      bal: String(r.bal),
      uuid: String(r.uuid),
      revision: Number(r.revision),
      syncedRevision: Number(r.synced_revision),
      dueAt: Number(r.due_at),
      copies: this.copiesOf('draft_id', draftId),
    };
  }

  draftSyncEntry(draftId: number): DraftSyncEntry | null {
    const r = this.st('SELECT * FROM draft_sync WHERE draft_id = ?').get(draftId) as Row | undefined;
    return r ? this.toEntry(r) : null;
  }

  draftSyncEntries(): DraftSyncEntry[] {
    return (this.st('SELECT * FROM draft_sync ORDER BY draft_id').all() as Row[]).map((r) => this.toEntry(r));
  }

  draftSyncByUuid(uuid: string): DraftSyncEntry | null {
    const r = this.st('SELECT * FROM draft_sync WHERE uuid = ? LIMIT 1').get(uuid) as Row | undefined;
    return r ? this.toEntry(r) : null;
  }

  draftSyncByCopy(copy: ServerCopy): DraftSyncEntry | null {
    const r = this.st(
      `SELECT s.* FROM draft_sync s JOIN draft_server_copies c ON c.draft_id = s.draft_id
       WHERE c.path = ? AND c.uidvalidity = ? AND c.uid = ? LIMIT 1`,
    ).get(copy.path, copy.uidValidity, copy.uid) as Row | undefined;
    return r ? this.toEntry(r) : null;
  }

  goneDrafts(): GoneDraft[] {
    return (this.st('SELECT * FROM draft_sync_gone ORDER BY id').all() as Row[]).map((r) => ({
      id: Number(r.id),
      uuid: r.uuid == null ? null : String(r.uuid),
      bal: String(r.bal),
      at: Number(r.at),
      copies: this.copiesOf('gone_id', Number(r.id)),
    }));
  }
}

export class SendWrites extends SendReads {
  constructor(writer: StoreWriter) {
    super(writer);
  }

  private tx<T>(fn: () => T): T {
    return this.db.inTransaction ? fn() : this.db.transaction(fn).immediate();
  }

  /** Creates or replaces an item's metadata and its recipients' states. */
  putOutboxMeta(meta: OutboxMeta): void {
    this.tx(() => {
      this.st(
        `INSERT INTO outbox_meta(envelope_id, message_id, kind, bal, subject, sent_by_idnat, sent_by_name, request_dsn,
           request_read_receipt, answers_message_id, last_attempt_at)
         VALUES (@envelopeId, @messageId, @kind, @bal, @subject, @idNat, @name, @dsn, @rr, @answers, @lastAttempt)
         ON CONFLICT(envelope_id) DO UPDATE SET message_id = excluded.message_id, kind = excluded.kind, bal = excluded.bal,
           subject = excluded.subject, sent_by_idnat = excluded.sent_by_idnat, sent_by_name = excluded.sent_by_name,
           request_dsn = excluded.request_dsn, request_read_receipt = excluded.request_read_receipt,
           answers_message_id = excluded.answers_message_id, last_attempt_at = excluded.last_attempt_at`,
      ).run({
        envelopeId: meta.envelopeId, messageId: meta.messageId, kind: meta.kind, bal: meta.bal, subject: meta.subject,
        idNat: meta.sentBy?.idNat ?? null, name: meta.sentBy?.name ?? null, dsn: meta.requestDsn ? 1 : 0, rr: meta.requestReadReceipt ? 1 : 0,
        answers: meta.answersMessageId ?? null, lastAttempt: meta.lastAttemptAt ?? null,
      });
      this.st('DELETE FROM outbox_recipients WHERE envelope_id = ?').run(meta.envelopeId);
      const field = new Map<string, string>();
      for (const [f, list] of [['bcc', meta.bcc], ['cc', meta.cc], ['to', meta.to]] as const) for (const a of list) field.set(a.toLowerCase(), f);
      const ins = this.st(
        `INSERT OR IGNORE INTO outbox_recipients(envelope_id, address_key, address, field, position, status, detail, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      let position = 0;
      const put = (address: string, s: RecipientState | undefined) => {
        const k = address.toLowerCase();
        if (ins.run(meta.envelopeId, k, s?.address ?? address, field.get(k) ?? 'report', position, s?.status ?? 'pending', s?.detail ?? null, s?.at ?? null).changes) position++;
      };
      for (const a of [...meta.to, ...meta.cc, ...meta.bcc]) put(a, meta.recipients[a.toLowerCase()]);
      for (const [k, s] of Object.entries(meta.recipients)) put(k, s);
    });
  }

  /** Options and attachments of a saved draft (the draft row itself is StoreWriter.saveDraft's). */
  putDraftState(draftId: number, options: DraftOptions, attachments: readonly DraftAttachment[]): void {
    this.tx(() => {
      this.st(
        `INSERT OR REPLACE INTO draft_options(draft_id, in_reply_to_message_id, forward_of_message_id, forward_as_attachment,
           request_dsn, request_read_receipt, patient_no_reply, from_label) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        draftId, options.inReplyToMessageId ?? null, options.forwardOfMessageId ?? null,
        options.forwardAsAttachment === undefined ? null : options.forwardAsAttachment ? 1 : 0,
        options.requestDsn ? 1 : 0, options.requestReadReceipt ? 1 : 0, options.patientNoReply ? 1 : 0, options.fromLabel ?? null,
      );
      // Old rows first: the trigger removes a content no attachment uses any more, then the new ones go in.
      this.st('DELETE FROM draft_attachments WHERE draft_id = ?').run(draftId);
      attachments.forEach((a, i) => {
        const sha = crypto.createHash('sha256').update(a.content).digest('hex');
        this.st('INSERT OR IGNORE INTO draft_blobs(sha256, size, data) VALUES (?, ?, ?)').run(sha, a.content.length, a.content);
        this.st('INSERT INTO draft_attachments(draft_id, position, filename, mime, sha256) VALUES (?, ?, ?, ?, ?)').run(draftId, i, a.filename, a.mime, sha);
      });
    });
  }

  putMdnResponse(accountId: number, messageId: string, r: MdnResponse): void {
    this.st('INSERT OR REPLACE INTO mdn_responses(account_id, message_id, state, at, by_idnat) VALUES (?, ?, ?, ?, ?)').run(accountId, messageId, r.state, r.at, r.by);
  }

  /** Creates or updates a draft's sync entry; its copies are replaced when given. */
  putDraftSyncEntry(e: Omit<DraftSyncEntry, 'copies'> & { copies?: ServerCopy[] }): void {
    this.tx(() => {
      this.st(
        `INSERT INTO draft_sync(draft_id, account_id, bal, uuid, revision, synced_revision, due_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(draft_id) DO UPDATE SET account_id = excluded.account_id, bal = excluded.bal, uuid = excluded.uuid,
           revision = excluded.revision, synced_revision = excluded.synced_revision, due_at = excluded.due_at`,
      ).run(e.draftId, e.accountId, e.bal, e.uuid, e.revision, e.syncedRevision, e.dueAt);
      if (e.copies) {
        this.st('DELETE FROM draft_server_copies WHERE draft_id = ?').run(e.draftId);
        for (const c of e.copies) this.st('INSERT INTO draft_server_copies(draft_id, path, uidvalidity, uid) VALUES (?, ?, ?, ?)').run(e.draftId, c.path, c.uidValidity, c.uid);
      }
    });
  }

  /** The draft was sent or discarded: its entry becomes a "gone" record holding its copies (none: simply removed). */
  draftSyncToGone(draftId: number, at: number): boolean {
    return this.tx(() => {
      const e = this.draftSyncEntry(draftId);
      if (!e) return false;
      const keep = e.syncedRevision > 0 || e.copies.length > 0;
      if (keep) {
        const { id } = this.st('INSERT INTO draft_sync_gone(uuid, bal, at) VALUES (?, ?, ?) RETURNING id').get(e.uuid, e.bal, at) as { id: number };
        this.st('UPDATE draft_server_copies SET draft_id = NULL, gone_id = ? WHERE draft_id = ?').run(id, draftId);
      }
      this.st('DELETE FROM draft_sync WHERE draft_id = ?').run(draftId);
      return keep;
    });
  }

  addGoneDraft(g: Omit<GoneDraft, 'id'>): void {
    this.tx(() => {
      const { id } = this.st('INSERT INTO draft_sync_gone(uuid, bal, at) VALUES (?, ?, ?) RETURNING id').get(g.uuid, g.bal, g.at) as { id: number };
      for (const c of g.copies) this.st('INSERT INTO draft_server_copies(gone_id, path, uidvalidity, uid) VALUES (?, ?, ?, ?)').run(id, c.path, c.uidValidity, c.uid);
    });
  }

  deleteGoneDraft(id: number): void {
    this.st('DELETE FROM draft_sync_gone WHERE id = ?').run(id);
  }
}
