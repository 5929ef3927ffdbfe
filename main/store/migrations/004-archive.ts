// v4: local archive. Operators expect processed mail to leave the server; an archived message stays in the
// cache (with its body) after the server copy is deleted (on_server = 0).
import type { Migration } from './types';

export const migration004: Migration = {
  version: 4,
  name: 'archive',
  up(db) {
    db.exec(`
      ALTER TABLE messages ADD COLUMN archived INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE messages ADD COLUMN archived_at INTEGER;
      ALTER TABLE messages ADD COLUMN on_server INTEGER NOT NULL DEFAULT 1;
      CREATE INDEX messages_archived ON messages(account_id, archived_at DESC) WHERE archived = 1;
    `);
  },
};
