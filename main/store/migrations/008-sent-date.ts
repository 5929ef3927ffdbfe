// v8: the Date header as sent, when the list does not sort by it. A message dated at or before 1970 or far
// ahead of its arrival (a reset clock, a broken client) is sorted and keyed by its arrival date (`date`),
// while the reader still shows the date it carries (`sent_date`; NULL when it is `date`).
import type { Migration } from './types';

export const migration008: Migration = {
  version: 8,
  name: 'sent-date',
  up(db) {
    db.exec(`ALTER TABLE messages ADD COLUMN sent_date INTEGER`);
  },
};
