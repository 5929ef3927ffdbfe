// v2: local changes replayed to the server, outbox, drafts.
import type { Migration } from './types';

export const migration002: Migration = {
  version: 2,
  name: 'sync-queues',
  up(db) {
    db.exec(`
      CREATE TABLE pending_changes (
        id INTEGER PRIMARY KEY AUTOINCREMENT, -- never reused: replay order = id order
        account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        folder_id INTEGER REFERENCES folders(id) ON DELETE CASCADE,
        uid INTEGER,
        uidvalidity INTEGER,
        kind TEXT NOT NULL CHECK (kind IN ('flags','move','copy','delete','append')),
        payload_json TEXT NOT NULL DEFAULT '{}',
        created_at INTEGER NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT
      );
      CREATE INDEX pending_changes_account ON pending_changes(account_id, id);

      CREATE TABLE outbox (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        message_id TEXT NOT NULL UNIQUE,
        raw BLOB NOT NULL,
        envelope_json TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued','sending','sent','failed')),
        idempotency_key TEXT NOT NULL UNIQUE,
        smtp_response TEXT,
        last_error TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL,
        sent_at INTEGER,
        appended_to_sent INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX outbox_state ON outbox(state, id);

      CREATE TABLE drafts (
        id INTEGER PRIMARY KEY,
        account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        message_id TEXT,
        in_reply_to TEXT,
        references_json TEXT NOT NULL DEFAULT '[]',
        subject TEXT NOT NULL DEFAULT '',
        to_json TEXT NOT NULL DEFAULT '[]',
        cc_json TEXT NOT NULL DEFAULT '[]',
        bcc_json TEXT NOT NULL DEFAULT '[]',
        body_text TEXT NOT NULL DEFAULT '',
        body_html TEXT,
        attachments_json TEXT NOT NULL DEFAULT '[]',
        mss_headers_json TEXT NOT NULL DEFAULT '{}',
        server_uid INTEGER,            -- copy in the Drafts folder, if saved there
        server_uidvalidity INTEGER,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX drafts_account ON drafts(account_id, updated_at DESC);
    `);
  },
};
