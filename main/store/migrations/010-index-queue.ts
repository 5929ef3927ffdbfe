// v10: full-text indexing leaves the sync path (issue #15). The triggers that indexed every message inside
// the sync's own transactions are replaced by a durable queue: a new or changed message only gets a row in
// `fts_queue`; the index worker (main/sync/indexer.ts) extracts the text from the raw source stored at fetch
// time, fills messages_fts and removes the queue row in one transaction, so a crash or quit resumes where it
// stopped. Rows already indexed (every message before v10) are not queued.
import type { Migration } from './types';

const NOW_MS = `CAST(unixepoch('subsec') * 1000 AS INTEGER)`;

export const migration010: Migration = {
  version: 10,
  name: 'index-queue',
  up(db) {
    db.exec(`
      DROP TRIGGER IF EXISTS messages_fts_ai;
      DROP TRIGGER IF EXISTS messages_fts_au;
      CREATE TABLE fts_queue (
        message_id INTEGER PRIMARY KEY,      -- messages.id = messages_fts rowid
        reindex INTEGER NOT NULL DEFAULT 0,  -- 1: may be in the index already (its entry is deleted first)
        queued_at INTEGER NOT NULL
      );
      CREATE TRIGGER fts_queue_ai AFTER INSERT ON messages BEGIN
        INSERT OR IGNORE INTO fts_queue(message_id, reindex, queued_at) VALUES (new.id, 0, ${NOW_MS});
      END;
      -- Indexed fields changed, or the raw source arrived for a row indexed from its headers only.
      -- A row still queued keeps its flag (it was never indexed since it was queued).
      CREATE TRIGGER fts_queue_au AFTER UPDATE OF subject, from_name, from_addr, to_json, cc_json, body_id ON messages
      WHEN new.subject IS NOT old.subject OR new.from_name IS NOT old.from_name OR new.from_addr IS NOT old.from_addr
        OR new.to_json IS NOT old.to_json OR new.cc_json IS NOT old.cc_json OR new.body_id IS NOT old.body_id
      BEGIN
        INSERT OR IGNORE INTO fts_queue(message_id, reindex, queued_at) VALUES (new.id, 1, ${NOW_MS});
      END;
      CREATE TRIGGER fts_queue_raw AFTER UPDATE OF raw_id ON messages
      WHEN new.raw_id IS NOT NULL AND old.raw_id IS NULL AND new.body_id IS NULL
      BEGIN
        INSERT OR IGNORE INTO fts_queue(message_id, reindex, queued_at) VALUES (new.id, 1, ${NOW_MS});
      END;
      CREATE TRIGGER fts_queue_ad AFTER DELETE ON messages BEGIN
        DELETE FROM fts_queue WHERE message_id = old.id;
      END;
    `);
  },
};
