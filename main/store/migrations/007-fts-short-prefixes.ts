// v7: the full-text index keeps prefix indexes for 2 and 3 characters only (v1 had 2 to 6). Each prefix
// index stores every token again; longer as-you-type prefixes are answered by expanding the final prefix
// into the index terms that start with it (fts-prefix.ts), which stays fast. Measured on 100k messages
// (bench/search-bench.ts, same machine): indexing 59 s -> 41 s, search p95 2.9 -> 3.3 ms (notmuch: 82 ms).
// The index is contentless: it is rebuilt from the messages and their bodies, in this migration's transaction.
import { addressesOf } from './001-initial';
import type { Migration } from './types';

export const migration007: Migration = {
  version: 7,
  name: 'fts-short-prefixes',
  up(db) {
    db.exec(`
      DROP TABLE messages_fts;
      CREATE VIRTUAL TABLE messages_fts USING fts5(
        subject, addresses, body,
        content = '', contentless_delete = 1,
        tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
      );
      INSERT INTO messages_fts(rowid, subject, addresses, body)
        SELECT m.id, coalesce(m.subject, ''), ${addressesOf('m')},
               coalesce((SELECT text FROM bodies WHERE id = m.body_id), '')
        FROM messages m ORDER BY m.id;
    `);
  },
};
