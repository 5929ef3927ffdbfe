// v6: conversation view. The thread list walks a folder newest first and keeps a message only when no
// newer message of its thread sits in the same folder; this index turns that check into one seek (without
// it, each check scans the whole thread through messages_thread, quadratic on a long conversation).
import type { Migration } from './types';

export const migration006: Migration = {
  version: 6,
  name: 'thread-index',
  up(db) {
    db.exec(`CREATE INDEX messages_folder_thread ON messages(folder_id, thread_id, date)`);
  },
};
