// The migration test of 010 index-queue (pattern of migrations.test.ts): migrate to 9 with messages indexed
// by the old triggers, migrate to 10, assert they are still found and nothing is queued; then the queue's
// triggers (insert, changed fields, raw source arriving, delete) and its draining by IndexQueries.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openConnection, type Db } from '../../../main/store/db';
import { IndexQueries } from '../../../main/store/index-queries';
import { migrate, schemaVersion } from '../../../main/store/migrate';
import { openWriter } from '../../../main/store/open-store';
import { SyncQueries } from '../../../main/store/sync-queries';
import { tempDir } from './helpers';

const dbs: Db[] = [];
const dirs: string[] = [];
const closers: Array<() => void> = [];
afterEach(() => {
  closers.splice(0).forEach((c) => c());
  dbs.splice(0).forEach((d) => d.open && d.close());
  dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true }));
});

function v9(): { db: Db; file: string; key: string } {
  const dir = tempDir('migration-010-');
  dirs.push(dir);
  const file = path.join(dir, 'cache.db');
  const key = crypto.randomBytes(32).toString('hex');
  const db = openConnection(file, { keyHex: key });
  dbs.push(db);
  migrate(db, 9);
  db.prepare(`INSERT INTO accounts(id, address, type, label, created_at) VALUES (1, 'cabinet@test.mssante.fr', 'CAB', 'C', 0)`).run();
  db.prepare(`INSERT INTO folders(id, account_id, path, name, uidvalidity) VALUES (1, 1, 'INBOX', 'INBOX', 7)`).run();
  return { db, file, key };
}

const insert = (db: Db, id: number, subject: string, bodyText?: string) => {
  let bodyId: number | null = null;
  if (bodyText) bodyId = Number(db.prepare(`INSERT INTO bodies(sha256, text) VALUES (?, ?) RETURNING id`).pluck().get(`h${id}`, bodyText));
  db.prepare(
    `INSERT INTO messages(id, account_id, folder_id, uidvalidity, uid, message_id, subject, from_addr, date, body_id, body_state)
     VALUES (?, 1, 1, 7, ?, ?, ?, 'bob@test.mssante.fr', ?, ?, ?)`,
  ).run(id, id, `<${id}@x>`, subject, id, bodyId, bodyId ? 'full' : 'headers');
};
const fts = (db: Db, q: string) => (db.prepare(`SELECT rowid FROM messages_fts WHERE messages_fts MATCH ? ORDER BY rowid`).all(q) as { rowid: number }[]).map((r) => r.rowid);
const queue = (db: Db) => db.prepare('SELECT message_id, reindex FROM fts_queue ORDER BY message_id').all();

describe('migration 010 index-queue', () => {
  it('keeps what the triggers indexed, queues nothing old, then queues instead of indexing in the writer', () => {
    const { db, file, key } = v9();
    insert(db, 1024, 'Échographie rénale', 'compte rendu détaillé');
    insert(db, 2048, 'Ordonnance');
    expect(fts(db, 'echographie')).toEqual([1024]); // v9: indexed inside the insert
    expect(migrate(db, 10)).toEqual([10]);
    expect(schemaVersion(db)).toBe(10);
    expect(fts(db, 'echographie')).toEqual([1024]);
    expect(fts(db, 'detaille')).toEqual([1024]);
    expect(queue(db)).toEqual([]);

    // New mail: queued, not indexed by the insert any more.
    insert(db, 4096, 'Résultats biologie', 'glycémie normale');
    expect(fts(db, 'glycemie')).toEqual([]);
    expect(queue(db)).toEqual([{ message_id: 4096, reindex: 0 }]);
    // A flag change does not queue; a changed subject does (may be indexed already: reindex).
    db.prepare('UPDATE messages SET flags = 1 WHERE id = 1024').run();
    expect(queue(db)).toEqual([{ message_id: 4096, reindex: 0 }]);
    db.prepare(`UPDATE messages SET subject = 'Échographie cardiaque' WHERE id = 1024`).run();
    expect(queue(db)).toEqual([{ message_id: 1024, reindex: 1 }, { message_id: 4096, reindex: 0 }]);

    const writer = openWriter(file, key);
    closers.push(() => writer.close());
    const iq = new IndexQueries(writer);
    expect(iq.pending()).toBe(2);
    expect(iq.indexAllReady()).toBe(2);
    expect(iq.pending()).toBe(0);
    expect(fts(db, 'glycemie')).toEqual([4096]);
    expect(fts(db, 'cardiaque')).toEqual([1024]);
    expect(fts(db, 'renale')).toEqual([]); // the old entry was replaced, not duplicated
    expect(fts(db, 'echographie')).toEqual([1024]);

    // The raw source arriving for a message indexed from its headers only queues it again.
    const sq = new SyncQueries(writer);
    expect(sq.storeFetchedRaw(2048, Buffer.from('Subject: Ordonnance\r\n\r\nrenouvellement'), 'sha-2048')).toBe(true);
    expect(queue(db)).toEqual([{ message_id: 2048, reindex: 1 }]);
    expect(iq.takeRawToExtract(10, 1 << 20).map((r) => [r.id, r.raw.toString()])).toEqual([[2048, 'Subject: Ordonnance\r\n\r\nrenouvellement']]);
    expect(iq.storeExtracted([{ id: 2048, body: { text: 'renouvellement du traitement' }, attachments: [] }])).toBe(1);
    expect(fts(db, 'renouvellement')).toEqual([2048]);
    expect(fts(db, 'ordonnance')).toEqual([2048]);
    expect(queue(db)).toEqual([]);

    // Deleting a queued message drops its queue row.
    insert(db, 8192, 'Brouillon');
    db.prepare('DELETE FROM messages WHERE id = 8192').run();
    expect(queue(db)).toEqual([]);
  });
});
