// v5: verified local archive. The raw source of a message is kept once by SHA-256 (zlib-compressed) so an
// archived message can be exported byte for byte after the server copy is gone; an optional per-BAL policy
// archives processed mail automatically.
import type { Migration } from './types';

export const migration005: Migration = {
  version: 5,
  name: 'archive-raw',
  up(db) {
    db.exec(`
      CREATE TABLE raw_messages (
        id INTEGER PRIMARY KEY,
        sha256 TEXT NOT NULL UNIQUE,     -- of the uncompressed source
        size INTEGER NOT NULL,           -- uncompressed bytes (compared with RFC822.SIZE)
        encoding TEXT NOT NULL CHECK (encoding IN ('zlib','identity')),
        data BLOB NOT NULL,
        stored_at INTEGER NOT NULL
      );
      ALTER TABLE messages ADD COLUMN raw_id INTEGER REFERENCES raw_messages(id);
      CREATE INDEX messages_raw ON messages(raw_id) WHERE raw_id IS NOT NULL;
      -- Verified and archived, server copy not deleted yet: what a replay after a crash resumes.
      CREATE INDEX messages_archive_pending ON messages(account_id) WHERE archived = 1 AND on_server = 1;

      CREATE TABLE archive_policies (
        bal TEXT PRIMARY KEY COLLATE NOCASE,
        days INTEGER NOT NULL CHECK (days BETWEEN 1 AND 3650),
        server_action TEXT NOT NULL DEFAULT 'expunge' CHECK (server_action IN ('expunge','trash')),
        set_by TEXT NOT NULL,            -- IdNat of the person who enabled it (audit of automatic archiving)
        updated_at INTEGER NOT NULL
      );
    `);
  },
};
