// v9: the sending side's state in real tables instead of JSON values in `settings`:
//  - outbox_meta + outbox_recipients (was `send.item:<envelope id>`): who queued a message, what it asked,
//    the per-recipient delivery / read status;
//  - draft_options, draft_attachments, draft_blobs (was `send.draft:<id>` with base64 attachments): the
//    composer's options of a draft and its attachments, each content stored once (by SHA-256) and removed
//    with the last draft that uses it;
//  - mdn_responses (was `send.mdn:<account>:<Message-ID>`): read receipts answered (sent or declined);
//  - draft_sync, draft_sync_gone, draft_server_copies (was the `send.drafts-sync` blob): the server copies
//    of drafts in the BAL's Drafts folder;
//  - outbox.state gains 'interrupted' (was state 'failed' + an error-string prefix).
// Existing settings rows are moved into the tables (a value that does not parse is dropped: it was the
// app's own cache state, never mail) and deleted from `settings`.
import crypto from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../db';
import type { Migration } from './types';

const recipientStatus = z.enum(['pending', 'delayed', 'delivered', 'read', 'failed']);
const outboxMetaV1 = z.object({
  v: z.literal(1),
  kind: z.enum(['message', 'mdn']),
  messageId: z.string(),
  envelopeId: z.string(),
  bal: z.string(),
  subject: z.string(),
  to: z.array(z.string()),
  cc: z.array(z.string()),
  bcc: z.array(z.string()),
  sentBy: z.object({ idNat: z.string(), name: z.string() }).nullable(),
  requestDsn: z.boolean(),
  requestReadReceipt: z.boolean(),
  recipients: z.record(z.string(), z.object({ address: z.string(), status: recipientStatus, detail: z.string().nullable(), at: z.number().nullable() })),
  answersMessageId: z.number().optional(),
  lastAttemptAt: z.number().optional(),
});
const draftStateV1 = z.object({
  attachments: z.array(z.object({ filename: z.string(), mime: z.string(), contentBase64: z.string() })),
  inReplyToMessageId: z.number().optional(),
  forwardOfMessageId: z.number().optional(),
  forwardAsAttachment: z.boolean().optional(),
  requestDsn: z.boolean(),
  requestReadReceipt: z.boolean(),
  patientNoReply: z.boolean(),
  fromLabel: z.string().optional(),
  inReplyTo: z.string().optional(),
  references: z.array(z.string()).optional(),
});
const mdnRecordV1 = z.object({ state: z.enum(['sent', 'declined']), at: z.number(), by: z.string() });
const serverCopy = z.object({ path: z.string(), uidValidity: z.number(), uid: z.number() });
const draftSyncIndexV1 = z.object({
  v: z.literal(1),
  drafts: z.record(z.string(), z.object({
    draftId: z.number(), accountId: z.number(), bal: z.string(), uuid: z.string(), revision: z.number(), syncedRevision: z.number(), dueAt: z.number(), copies: z.array(serverCopy),
  })),
  gone: z.array(z.object({ uuid: z.string().nullable(), bal: z.string(), copies: z.array(serverCopy), at: z.number() })),
});

type Row = { key: string; value_json: string };
function parsed<T>(schema: z.ZodType<T>, r: Row): T | null {
  try {
    const v = schema.safeParse(JSON.parse(r.value_json));
    return v.success ? v.data : null;
  } catch {
    return null;
  }
}

export const migration009: Migration = {
  version: 9,
  name: 'send-tables',
  up(db) {
    createTables(db);
    rebuildOutboxWithInterrupted(db);
    moveSettings(db);
  },
};

function createTables(db: Db): void {
  db.exec(`
    CREATE TABLE outbox_meta (
      envelope_id TEXT PRIMARY KEY,
      message_id TEXT NOT NULL UNIQUE,
      kind TEXT NOT NULL CHECK (kind IN ('message','mdn')),
      bal TEXT NOT NULL,
      subject TEXT NOT NULL DEFAULT '',
      sent_by_idnat TEXT,
      sent_by_name TEXT,
      request_dsn INTEGER NOT NULL DEFAULT 0,
      request_read_receipt INTEGER NOT NULL DEFAULT 0,
      answers_message_id INTEGER,
      last_attempt_at INTEGER
    );
    -- One row per address: the header it was written in (to/cc/bcc; 'report' for an address only a report
    -- named) and its status. position keeps the order of the recipient fields.
    CREATE TABLE outbox_recipients (
      envelope_id TEXT NOT NULL REFERENCES outbox_meta(envelope_id) ON DELETE CASCADE,
      address_key TEXT NOT NULL,
      address TEXT NOT NULL,
      field TEXT NOT NULL CHECK (field IN ('to','cc','bcc','report')),
      position INTEGER NOT NULL,
      status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','delayed','delivered','read','failed')),
      detail TEXT,
      at INTEGER,
      PRIMARY KEY (envelope_id, address_key)
    );

    CREATE TABLE draft_options (
      draft_id INTEGER PRIMARY KEY REFERENCES drafts(id) ON DELETE CASCADE,
      in_reply_to_message_id INTEGER,
      forward_of_message_id INTEGER,
      forward_as_attachment INTEGER,
      request_dsn INTEGER NOT NULL DEFAULT 0,
      request_read_receipt INTEGER NOT NULL DEFAULT 0,
      patient_no_reply INTEGER NOT NULL DEFAULT 0,
      from_label TEXT
    );
    CREATE TABLE draft_blobs (
      sha256 TEXT PRIMARY KEY,
      size INTEGER NOT NULL,
      data BLOB NOT NULL
    );
    CREATE TABLE draft_attachments (
      draft_id INTEGER NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
      position INTEGER NOT NULL,
      filename TEXT NOT NULL,
      mime TEXT NOT NULL,
      sha256 TEXT NOT NULL REFERENCES draft_blobs(sha256),
      PRIMARY KEY (draft_id, position)
    );
    CREATE INDEX draft_attachments_blob ON draft_attachments(sha256);
    -- A content goes with the last draft attachment that uses it.
    CREATE TRIGGER draft_blobs_gc AFTER DELETE ON draft_attachments
      WHEN NOT EXISTS (SELECT 1 FROM draft_attachments WHERE sha256 = old.sha256)
      BEGIN DELETE FROM draft_blobs WHERE sha256 = old.sha256; END;

    CREATE TABLE mdn_responses (
      account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
      message_id TEXT NOT NULL,
      state TEXT NOT NULL CHECK (state IN ('sent','declined')),
      at INTEGER NOT NULL,
      by_idnat TEXT NOT NULL,
      PRIMARY KEY (account_id, message_id)
    );

    -- Drafts kept in the server's Drafts folder (main/send/draft-sync.ts). No foreign key to drafts: a sent
    -- or discarded draft's entry becomes a "gone" record in the same transaction as the draft's deletion.
    CREATE TABLE draft_sync (
      draft_id INTEGER PRIMARY KEY,
      account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
      bal TEXT NOT NULL,
      uuid TEXT NOT NULL,
      revision INTEGER NOT NULL,
      synced_revision INTEGER NOT NULL,
      due_at INTEGER NOT NULL
    );
    CREATE TABLE draft_sync_gone (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      uuid TEXT,
      bal TEXT NOT NULL,
      at INTEGER NOT NULL
    );
    CREATE TABLE draft_server_copies (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      draft_id INTEGER REFERENCES draft_sync(draft_id) ON DELETE CASCADE,
      gone_id INTEGER REFERENCES draft_sync_gone(id) ON DELETE CASCADE,
      path TEXT NOT NULL,
      uidvalidity INTEGER NOT NULL,
      uid INTEGER NOT NULL,
      CHECK ((draft_id IS NULL) <> (gone_id IS NULL))
    );
    CREATE INDEX draft_server_copies_draft ON draft_server_copies(draft_id);
    CREATE INDEX draft_server_copies_gone ON draft_server_copies(gone_id);
  `);
}

/** SQLite cannot change a CHECK constraint in place: the outbox is rebuilt with the 'interrupted' state. */
function rebuildOutboxWithInterrupted(db: Db): void {
  db.exec(`
    CREATE TABLE outbox_v9 (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
      message_id TEXT NOT NULL UNIQUE,
      raw BLOB NOT NULL,
      envelope_json TEXT NOT NULL,
      state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued','sending','sent','failed','interrupted')),
      idempotency_key TEXT NOT NULL UNIQUE,
      smtp_response TEXT,
      last_error TEXT,
      attempts INTEGER NOT NULL DEFAULT 0,
      created_at INTEGER NOT NULL,
      sent_at INTEGER,
      appended_to_sent INTEGER NOT NULL DEFAULT 0
    );
    INSERT INTO outbox_v9(id, account_id, message_id, raw, envelope_json, state, idempotency_key, smtp_response, last_error,
                          attempts, created_at, sent_at, appended_to_sent)
      SELECT id, account_id, message_id, raw, envelope_json,
             CASE WHEN state = 'failed' AND last_error LIKE 'interrupted%' THEN 'interrupted' ELSE state END,
             idempotency_key, smtp_response,
             CASE WHEN state = 'failed' AND last_error LIKE 'interrupted%' THEN NULL ELSE last_error END,
             attempts, created_at, sent_at, appended_to_sent
      FROM outbox;
    DROP TABLE outbox;
    ALTER TABLE outbox_v9 RENAME TO outbox;
    CREATE INDEX outbox_state ON outbox(state, id);
  `);
}

function moveSettings(db: Db): void {
  const rows = (prefix: string) => db.prepare(`SELECT key, value_json FROM settings WHERE key LIKE ? || '%'`).all(prefix) as Row[];
  const insMeta = db.prepare(`INSERT OR IGNORE INTO outbox_meta(envelope_id, message_id, kind, bal, subject, sent_by_idnat, sent_by_name,
      request_dsn, request_read_receipt, answers_message_id, last_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insRcpt = db.prepare(`INSERT OR IGNORE INTO outbox_recipients(envelope_id, address_key, address, field, position, status, detail, at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
  for (const r of rows('send.item:')) {
    const m = parsed(outboxMetaV1, r);
    if (!m) continue;
    insMeta.run(m.envelopeId, m.messageId, m.kind, m.bal, m.subject, m.sentBy?.idNat ?? null, m.sentBy?.name ?? null,
      m.requestDsn ? 1 : 0, m.requestReadReceipt ? 1 : 0, m.answersMessageId ?? null, m.lastAttemptAt ?? null);
    const field = new Map<string, 'to' | 'cc' | 'bcc'>();
    for (const [f, list] of [['bcc', m.bcc], ['cc', m.cc], ['to', m.to]] as const) for (const a of list) field.set(a.toLowerCase(), f);
    let position = 0;
    const seen = new Set<string>();
    const put = (address: string, s: { status: string; detail: string | null; at: number | null } | undefined) => {
      const k = address.toLowerCase();
      if (seen.has(k)) return;
      seen.add(k);
      insRcpt.run(m.envelopeId, k, address, field.get(k) ?? 'report', position++, s?.status ?? 'pending', s?.detail ?? null, s?.at ?? null);
    };
    for (const a of [...m.to, ...m.cc, ...m.bcc]) put(a, m.recipients[a.toLowerCase()]);
    for (const s of Object.values(m.recipients)) put(s.address, s);
  }

  const drafts = new Set((db.prepare('SELECT id FROM drafts').all() as { id: number }[]).map((d) => d.id));
  const insOptions = db.prepare(`INSERT OR REPLACE INTO draft_options(draft_id, in_reply_to_message_id, forward_of_message_id, forward_as_attachment,
      request_dsn, request_read_receipt, patient_no_reply, from_label) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
  const insBlob = db.prepare('INSERT OR IGNORE INTO draft_blobs(sha256, size, data) VALUES (?, ?, ?)');
  const insAtt = db.prepare('INSERT OR REPLACE INTO draft_attachments(draft_id, position, filename, mime, sha256) VALUES (?, ?, ?, ?, ?)');
  const setReply = db.prepare(`UPDATE drafts SET in_reply_to = coalesce(in_reply_to, ?), references_json = CASE WHEN references_json = '[]' THEN ? ELSE references_json END WHERE id = ?`);
  for (const r of rows('send.draft:')) {
    const id = Number(r.key.slice('send.draft:'.length));
    const s = parsed(draftStateV1, r);
    if (!s || !drafts.has(id)) continue;
    insOptions.run(id, s.inReplyToMessageId ?? null, s.forwardOfMessageId ?? null, s.forwardAsAttachment === undefined ? null : s.forwardAsAttachment ? 1 : 0,
      s.requestDsn ? 1 : 0, s.requestReadReceipt ? 1 : 0, s.patientNoReply ? 1 : 0, s.fromLabel ?? null);
    s.attachments.forEach((a, i) => {
      const data = Buffer.from(a.contentBase64, 'base64');
      const sha = crypto.createHash('sha256').update(data).digest('hex');
      insBlob.run(sha, data.length, data);
      insAtt.run(id, i, a.filename, a.mime, sha);
    });
    if (s.inReplyTo || s.references?.length) setReply.run(s.inReplyTo ?? null, JSON.stringify(s.references ?? []), id);
  }

  const accounts = new Set((db.prepare('SELECT id FROM accounts').all() as { id: number }[]).map((a) => a.id));
  const insMdn = db.prepare('INSERT OR IGNORE INTO mdn_responses(account_id, message_id, state, at, by_idnat) VALUES (?, ?, ?, ?, ?)');
  for (const r of rows('send.mdn:')) {
    const rest = r.key.slice('send.mdn:'.length);
    const sep = rest.indexOf(':');
    const accountId = Number(rest.slice(0, sep));
    const v = parsed(mdnRecordV1, r);
    if (!v || sep < 0 || !accounts.has(accountId)) continue;
    insMdn.run(accountId, rest.slice(sep + 1), v.state, v.at, v.by);
  }

  const insSync = db.prepare('INSERT OR REPLACE INTO draft_sync(draft_id, account_id, bal, uuid, revision, synced_revision, due_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const insGone = db.prepare('INSERT INTO draft_sync_gone(uuid, bal, at) VALUES (?, ?, ?) RETURNING id');
  const insCopy = db.prepare('INSERT INTO draft_server_copies(draft_id, gone_id, path, uidvalidity, uid) VALUES (?, ?, ?, ?, ?)');
  for (const r of rows('send.drafts-sync')) {
    const index = r.key === 'send.drafts-sync' ? parsed(draftSyncIndexV1, r) : null;
    if (!index) continue;
    for (const e of Object.values(index.drafts)) {
      if (!accounts.has(e.accountId)) continue;
      insSync.run(e.draftId, e.accountId, e.bal, e.uuid, e.revision, e.syncedRevision, e.dueAt);
      for (const c of e.copies) insCopy.run(e.draftId, null, c.path, c.uidValidity, c.uid);
    }
    for (const g of index.gone) {
      const { id } = insGone.get(g.uuid, g.bal, g.at) as { id: number };
      for (const c of g.copies) insCopy.run(null, id, c.path, c.uidValidity, c.uid);
    }
  }

  db.prepare(`DELETE FROM settings WHERE key LIKE 'send.item:%' OR key LIKE 'send.draft:%' OR key LIKE 'send.mdn:%' OR key = 'send.drafts-sync'`).run();
}
