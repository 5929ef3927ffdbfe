// One test per migration: migrate to N-1, insert data, migrate to N, assert (data kept, new schema usable).
import crypto from 'node:crypto';
import path from 'node:path';
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { openConnection, type Db } from '../../../main/store/db';
import { MigrationError, SchemaTooNewError } from '../../../main/store/errors';
import { migrate, schemaVersion } from '../../../main/store/migrate';
import { LATEST_VERSION, MIGRATIONS } from '../../../main/store/migrations';
import { tempDir } from './helpers';

let dirs: string[] = [];
let dbs: Db[] = [];
afterEach(() => {
  dbs.forEach((d) => d.open && d.close());
  dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true }));
  dirs = [];
  dbs = [];
});

function freshDb(): Db {
  const dir = tempDir('migrations-');
  dirs.push(dir);
  const db = openConnection(path.join(dir, 'cache.db'), { keyHex: crypto.randomBytes(32).toString('hex') });
  dbs.push(db);
  return db;
}

const tables = (db: Db): string[] =>
  (db.prepare(`SELECT name FROM sqlite_master WHERE type IN ('table') ORDER BY name`).all() as { name: string }[]).map((r) => r.name);

function insertV1Message(db: Db, id: number, subject: string): void {
  db.prepare(`INSERT OR IGNORE INTO accounts(id, address, type, label, created_at) VALUES (1, 'a@test.mssante.fr', 'PER', 'A', 0)`).run();
  db.prepare(`INSERT OR IGNORE INTO folders(id, account_id, path, name, uidvalidity) VALUES (1, 1, 'INBOX', 'INBOX', 7)`).run();
  db.prepare(
    `INSERT INTO messages(id, account_id, folder_id, uidvalidity, uid, message_id, subject, from_addr, date)
     VALUES (?, 1, 1, 7, ?, ?, ?, 'bob@test.mssante.fr', ?)`,
  ).run(id, id, `<${id}@x>`, subject, id);
}

describe('migrations', () => {
  it('are numbered 1..N without gaps', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(Array.from({ length: LATEST_VERSION }, (_, i) => i + 1));
  });

  it('001 initial: creates the cache tables and the full-text index kept in sync by triggers', () => {
    const db = freshDb();
    expect(schemaVersion(db)).toBe(0);
    migrate(db, 1);
    expect(schemaVersion(db)).toBe(1);
    expect(tables(db)).toEqual(expect.arrayContaining(['accounts', 'folders', 'messages', 'bodies', 'attachments', 'message_attachments', 'messages_fts', 'settings']));
    insertV1Message(db, 1024, 'Résultats échographie');
    const hit = db.prepare(`SELECT rowid FROM messages_fts WHERE messages_fts MATCH 'echographie'`).all();
    expect(hit).toEqual([{ rowid: 1024 }]);
    expect(db.prepare(`SELECT rowid FROM messages_fts WHERE messages_fts MATCH 'bob'`).all()).toHaveLength(1);
    db.prepare('DELETE FROM messages WHERE id = 1024').run();
    expect(db.prepare(`SELECT rowid FROM messages_fts WHERE messages_fts MATCH 'echographie'`).all()).toHaveLength(0);
  });

  it('002 sync-queues: adds pending_changes, outbox, drafts; v1 data untouched', () => {
    const db = freshDb();
    migrate(db, 1);
    insertV1Message(db, 2048, 'Compte rendu');
    migrate(db, 2);
    expect(schemaVersion(db)).toBe(2);
    expect(db.prepare('SELECT subject FROM messages WHERE id = 2048').get()).toEqual({ subject: 'Compte rendu' });
    db.prepare(`INSERT INTO pending_changes(account_id, folder_id, uid, uidvalidity, kind, created_at) VALUES (1, 1, 2048, 7, 'flags', 0)`).run();
    db.prepare(`INSERT INTO outbox(account_id, message_id, raw, envelope_json, idempotency_key, created_at) VALUES (1, '<o@x>', x'00', '{}', 'k', 0)`).run();
    db.prepare(`INSERT INTO drafts(account_id, updated_at) VALUES (1, 0)`).run();
    expect(() => db.prepare(`INSERT INTO pending_changes(account_id, kind, created_at) VALUES (1, 'bogus', 0)`).run()).toThrow(/CHECK/);
    // Foreign keys are on: a change for an unknown account is refused.
    expect(() => db.prepare(`INSERT INTO pending_changes(account_id, kind, created_at) VALUES (99, 'flags', 0)`).run()).toThrow(/FOREIGN KEY/);
  });

  it('003 audit-rights: audit is append-only, rights table exists; earlier data untouched', () => {
    const db = freshDb();
    migrate(db, 2);
    insertV1Message(db, 4096, 'Avant audit');
    db.prepare(`INSERT INTO drafts(account_id, subject, updated_at) VALUES (1, 'brouillon', 0)`).run();
    migrate(db, 3);
    expect(schemaVersion(db)).toBe(3);
    expect(db.prepare('SELECT subject FROM drafts').get()).toEqual({ subject: 'brouillon' });
    db.prepare(`INSERT INTO audit(at, idnat, bal, action, result) VALUES (1, '810001234567', 'a@test.mssante.fr', 'open', 'ok')`).run();
    expect(() => db.prepare(`UPDATE audit SET result = 'error'`).run()).toThrow(/append-only/);
    expect(() => db.prepare(`DELETE FROM audit`).run()).toThrow(/append-only/);
    expect(() => db.prepare(`INSERT OR REPLACE INTO audit(id, at, idnat, bal, action, result) VALUES (1, 2, 'x', 'y', 'z', 'ok')`).run()).toThrow(/append-only/);
    db.prepare(`INSERT INTO rights(idnat, bal, role, confirmed_at) VALUES ('810001234567', 'a@test.mssante.fr', 'titulaire', 1)`).run();
    expect(() => db.prepare(`INSERT INTO rights(idnat, bal, role, confirmed_at) VALUES ('8', 'b', 'chef', 1)`).run()).toThrow(/CHECK/);
  });

  it('004 archive: existing messages get archived = 0 and on_server = 1; FTS triggers still work', () => {
    const db = freshDb();
    migrate(db, 3);
    insertV1Message(db, 8192, 'Ancien message');
    migrate(db, 4);
    expect(schemaVersion(db)).toBe(4);
    expect(db.prepare('SELECT archived, archived_at, on_server FROM messages WHERE id = 8192').get()).toEqual({ archived: 0, archived_at: null, on_server: 1 });
    db.prepare('UPDATE messages SET archived = 1, archived_at = 5 WHERE id = 8192').run();
    db.prepare(`UPDATE messages SET subject = 'Nouveau sujet' WHERE id = 8192`).run();
    expect(db.prepare(`SELECT rowid FROM messages_fts WHERE messages_fts MATCH 'nouveau'`).all()).toEqual([{ rowid: 8192 }]);
    expect(db.prepare(`SELECT rowid FROM messages_fts WHERE messages_fts MATCH 'ancien'`).all()).toEqual([]);
  });

  it('006 thread-index: adds messages_folder_thread; existing messages and their thread ids untouched', () => {
    const db = freshDb();
    migrate(db, 5);
    insertV1Message(db, 16384, 'Avant fils');
    db.prepare(`UPDATE messages SET thread_id = '<root@x>' WHERE id = 16384`).run();
    migrate(db, 6);
    expect(schemaVersion(db)).toBe(6);
    expect(db.prepare('SELECT subject, thread_id FROM messages WHERE id = 16384').get()).toEqual({ subject: 'Avant fils', thread_id: '<root@x>' });
    const plan = db.prepare(`EXPLAIN QUERY PLAN SELECT 1 FROM messages WHERE folder_id = 1 AND thread_id = '<root@x>' AND date > 5`).all() as { detail: string }[];
    expect(plan.map((r) => r.detail).join()).toContain('messages_folder_thread');
  });

  it('007 fts-short-prefixes: the index is rebuilt with 2- and 3-character prefixes, existing mail still found', () => {
    const db = freshDb();
    migrate(db, 6);
    insertV1Message(db, 32768, 'Échographie cardiaque');
    insertV1Message(db, 32769, 'Ordonnance');
    db.prepare(`INSERT INTO bodies(id, sha256, text) VALUES (1, 'h', 'Résultats de la consultation')`).run();
    db.prepare('UPDATE messages SET body_id = 1 WHERE id = 32769').run();
    migrate(db, 7);
    expect(schemaVersion(db)).toBe(7);
    const sql = (db.prepare(`SELECT sql FROM sqlite_master WHERE name = 'messages_fts'`).get() as { sql: string }).sql;
    expect(sql).toContain(`prefix = '2 3'`);
    const found = (q: string) => (db.prepare(`SELECT rowid FROM messages_fts WHERE messages_fts MATCH ? ORDER BY rowid`).all(q) as { rowid: number }[]).map((r) => r.rowid);
    expect(found('echographie')).toEqual([32768]);
    expect(found('ca*')).toEqual([32768]); // prefix index 2 ("cardiaque")
    expect(found('con*')).toEqual([32769]); // prefix index 3, body text ("consultation")
    expect(found('bob')).toEqual([32768, 32769]); // addresses
    // Triggers still keep it in sync.
    db.prepare(`UPDATE messages SET subject = 'Radiographie' WHERE id = 32768`).run();
    expect(found('echographie')).toEqual([]);
    expect(found('radio*')).toEqual([32768]);
    db.prepare('DELETE FROM messages WHERE id = 32769').run();
    expect(found('consultation')).toEqual([]);
  });

  it('is idempotent and refuses a schema newer than the app', () => {
    const db = freshDb();
    expect(migrate(db)).toEqual(MIGRATIONS.map((m) => m.version));
    expect(migrate(db)).toEqual([]);
    db.pragma(`user_version = ${LATEST_VERSION + 1}`);
    expect(() => migrate(db)).toThrow(SchemaTooNewError);
  });

  it('a failing migration leaves the previous version intact', () => {
    const db = freshDb();
    const broken = [
      ...MIGRATIONS.slice(0, 1),
      { version: 2, name: 'broken', up: (d: Db) => d.exec('CREATE TABLE half_done(x); SELECT * FROM no_such_table;') },
    ];
    expect(() => migrate(db, undefined, broken)).toThrow(MigrationError);
    expect(schemaVersion(db)).toBe(1);
    expect(tables(db)).not.toContain('half_done');
  });
});
