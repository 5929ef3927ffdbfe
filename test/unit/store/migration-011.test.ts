// The migration test of 011 part-state (pattern of migration-010.test.ts): a v10 cache with an extracted
// opaque S/MIME message (its .p7m listed as the only part) and an ordinary one; after 011 the S/MIME row is
// extracted again from its stored source (body gone, queued for the index worker), the other untouched;
// then the new columns carry what the parser found: a damaged part, the message's S/MIME state, through
// the writer, the reader and a local copy.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openConnection, type Db } from '../../../main/store/db';
import { IndexQueries } from '../../../main/store/index-queries';
import { migrate, schemaVersion } from '../../../main/store/migrate';
import { openReader, openWriter } from '../../../main/store/open-store';
import { SyncQueries } from '../../../main/store/sync-queries';
import { parseRawMessage } from '../../../main/sync/body-parser';
import { damagedBase64, smimeOpaqueSigned } from '../../corpus/mime-structure';
import { tempDir } from './helpers';

const dbs: Db[] = [];
const dirs: string[] = [];
const closers: Array<() => void> = [];
afterEach(() => {
  closers.splice(0).forEach((c) => c());
  dbs.splice(0).forEach((d) => d.open && d.close());
  dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true }));
});

function v10(): { db: Db; file: string; key: string } {
  const dir = tempDir('migration-011-');
  dirs.push(dir);
  const file = path.join(dir, 'cache.db');
  const key = crypto.randomBytes(32).toString('hex');
  const db = openConnection(file, { keyHex: key });
  dbs.push(db);
  migrate(db, 10);
  db.prepare(`INSERT INTO accounts(id, address, type, label, created_at) VALUES (1, 'bob.durand@test.mssante.fr', 'PER', 'B', 0)`).run();
  db.prepare(`INSERT INTO folders(id, account_id, path, name, uidvalidity) VALUES (1, 1, 'INBOX', 'INBOX', 7)`).run();
  db.prepare(`INSERT INTO folders(id, account_id, path, name, uidvalidity) VALUES (2, 1, 'Courriers', 'Courriers', 9)`).run();
  return { db, file, key };
}

/** A v10 row as the old parser stored it: raw source, body, and its parts (mime of each). */
function insertExtracted(db: Db, id: number, raw: Buffer, text: string, parts: string[]) {
  const rawId = Number(db.prepare(`INSERT INTO raw_messages(sha256, size, encoding, data, stored_at) VALUES (?, ?, 'identity', ?, 0) RETURNING id`)
    .pluck().get(`raw${id}`, raw.length, raw));
  const bodyId = Number(db.prepare(`INSERT INTO bodies(sha256, text) VALUES (?, ?) RETURNING id`).pluck().get(`b${id}`, text));
  db.prepare(
    `INSERT INTO messages(id, account_id, folder_id, uidvalidity, uid, message_id, subject, from_addr, date, body_id, body_state, raw_id, has_attachments)
     VALUES (?, 1, 1, 7, ?, ?, 's', 'x@y.fr', ?, ?, 'full', ?, ?)`,
  ).run(id, id, `<${id}@x>`, id, bodyId, rawId, parts.length > 0 ? 1 : 0);
  parts.forEach((mime, i) => {
    const attId = Number(db.prepare(`INSERT INTO attachments(sha256, size, mime) VALUES (?, 1, ?) RETURNING id`).pluck().get(`a${id}.${i}`, mime));
    db.prepare(`INSERT INTO message_attachments(message_id, attachment_id, part, filename, size, mime) VALUES (?, ?, ?, 'f', 1, ?)`).run(id, attId, String(i + 1), mime);
  });
  db.prepare('DELETE FROM fts_queue').run(); // indexed already in v10
}

describe('migration 011 part-state', () => {
  it('re-extracts old S/MIME rows only, then stores damaged parts and the S/MIME state', async () => {
    const { db, file, key } = v10();
    insertExtracted(db, 1024, smimeOpaqueSigned.raw, '', ['application/pkcs7-mime']);
    insertExtracted(db, 2048, damagedBase64.raw, 'Document numérisé', ['application/pdf']);
    expect(migrate(db)).toEqual([11]);
    expect(schemaVersion(db)).toBe(11);
    const row = (id: number) => db.prepare('SELECT body_id, body_state, smime FROM messages WHERE id = ?').get(id);
    expect(row(1024)).toEqual({ body_id: null, body_state: 'headers', smime: null });
    expect(row(2048)).toMatchObject({ body_state: 'full', smime: null });
    expect((row(2048) as { body_id: number | null }).body_id).not.toBeNull();
    expect(db.prepare('SELECT damaged FROM message_attachments WHERE message_id = 2048').pluck().all()).toEqual([0]); // not known for old rows
    expect(db.prepare('SELECT message_id, reindex FROM fts_queue').all()).toEqual([{ message_id: 1024, reindex: 1 }]);
    expect(() => db.prepare(`UPDATE messages SET smime = 'maybe' WHERE id = 2048`).run()).toThrow(/CHECK/);

    // The index worker extracts it again with today's parser: signed, its own PDF, no .p7m.
    const writer = openWriter(file, key);
    closers.push(() => writer.close());
    const iq = new IndexQueries(writer);
    const raws = iq.takeRawToExtract(10, 1 << 20);
    expect(raws.map((r) => r.id)).toEqual([1024]);
    const p = await parseRawMessage(raws[0]!.raw);
    expect(iq.storeExtracted([{ id: 1024, body: { text: p.text, html: p.html, rawSize: p.rawSize, smime: p.smime }, attachments: p.attachments }])).toBe(1);

    // A damaged part, stored by the writer as the sync does.
    const d = await parseRawMessage(damagedBase64.raw);
    writer.storeBody(2048, { text: d.text, html: d.html, rawSize: d.rawSize, smime: d.smime }, d.attachments);

    const reader = openReader(file, key);
    closers.push(() => reader.close());
    const signed = reader.getMessage(1024)!;
    expect(signed.smime).toBe('signed');
    expect(signed.attachments.map((a) => [a.filename, a.mime, a.damaged])).toEqual([['Bilan_cardiologique_Lelievre.pdf', 'application/pdf', false]]);
    expect(reader.getBody(1024)?.text).toContain('bilan cardiologique de M. André Lelièvre');
    const scanned = reader.getMessage(2048)!;
    expect(scanned.smime).toBeNull();
    expect(scanned.attachments.map((a) => [a.filename, a.damaged])).toEqual([['ordonnance.pdf', true]]);

    // A local copy (before the server answers) keeps both.
    const [change] = new SyncQueries(writer).moveOrCopyLocally([1024, 2048], 2, true);
    expect(change).toBeDefined();
    const copies = reader.listMessages(2).map((m) => reader.getMessage(m.id)!);
    expect(copies.map((m) => m.smime).sort()).toEqual([null, 'signed']);
    expect(copies.flatMap((m) => m.attachments.map((a) => [a.filename, a.damaged])).sort()).toEqual([['Bilan_cardiologique_Lelievre.pdf', false], ['ordonnance.pdf', true]]);
  });
});
