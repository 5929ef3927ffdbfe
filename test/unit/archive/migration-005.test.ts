// The migration test of 005 archive-raw (pattern of test/unit/store/migrations.test.ts): migrate to 4,
// insert data, migrate to 5, assert data kept and the new schema usable.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openConnection, type Db } from '../../../main/store/db';
import { migrate, schemaVersion } from '../../../main/store/migrate';
import { tempDir } from '../store/helpers';

const dbs: Db[] = [];
const dirs: string[] = [];
afterEach(() => {
  dbs.splice(0).forEach((d) => d.open && d.close());
  dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true }));
});

describe('migration 005 archive-raw', () => {
  it('adds raw_messages, messages.raw_id and archive_policies; v4 rows untouched', () => {
    const dir = tempDir('migration-005-');
    dirs.push(dir);
    const db = openConnection(path.join(dir, 'cache.db'), { keyHex: crypto.randomBytes(32).toString('hex') });
    dbs.push(db);
    migrate(db, 4);
    db.prepare(`INSERT INTO accounts(id, address, type, label, created_at) VALUES (1, 'a@test.mssante.fr', 'PER', 'A', 0)`).run();
    db.prepare(`INSERT INTO folders(id, account_id, path, name, uidvalidity) VALUES (1, 1, 'INBOX', 'INBOX', 7)`).run();
    db.prepare(`INSERT INTO messages(id, account_id, folder_id, uidvalidity, uid, message_id, subject, date, archived, on_server)
                VALUES (1024, 1, 1, 7, 1, '<1@x>', 'Résultat', 1, 1, 0)`).run();
    migrate(db, 5);
    expect(schemaVersion(db)).toBe(5);
    expect(db.prepare('SELECT subject, archived, on_server, raw_id FROM messages WHERE id = 1024').get())
      .toEqual({ subject: 'Résultat', archived: 1, on_server: 0, raw_id: null });
    const raw = db.prepare(`INSERT INTO raw_messages(sha256, size, encoding, data, stored_at) VALUES ('h', 3, 'identity', x'616263', 0) RETURNING id`).get() as { id: number };
    db.prepare('UPDATE messages SET raw_id = ? WHERE id = 1024').run(raw.id);
    expect(() => db.prepare(`INSERT INTO raw_messages(sha256, size, encoding, data, stored_at) VALUES ('h', 3, 'identity', x'00', 0)`).run()).toThrow(/UNIQUE/);
    expect(() => db.prepare(`INSERT INTO raw_messages(sha256, size, encoding, data, stored_at) VALUES ('g', 3, 'gzip', x'00', 0)`).run()).toThrow(/CHECK/);
    expect(() => db.prepare('UPDATE messages SET raw_id = 999 WHERE id = 1024').run()).toThrow(/FOREIGN KEY/);
    db.prepare(`INSERT INTO archive_policies(bal, days, set_by, updated_at) VALUES ('A@test.mssante.fr', 30, '810001234567', 0)`).run();
    expect(db.prepare(`SELECT days, server_action FROM archive_policies WHERE bal = 'a@TEST.mssante.fr'`).get()).toEqual({ days: 30, server_action: 'expunge' });
    expect(() => db.prepare(`INSERT INTO archive_policies(bal, days, set_by, updated_at) VALUES ('b@x', 0, 'x', 0)`).run()).toThrow(/CHECK/);
  });
});
