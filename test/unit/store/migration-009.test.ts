// The migration test of 009 send-tables (pattern of migrations.test.ts): migrate to 8, write the sending
// side's state as the app wrote it (JSON in settings, an interrupted outbox item as an error-string prefix),
// migrate to 9, assert everything is in the tables, read back by SendReads, and gone from settings.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openConnection, type Db } from '../../../main/store/db';
import { migrate, schemaVersion } from '../../../main/store/migrate';
import { openWriter } from '../../../main/store/open-store';
import { SendWrites } from '../../../main/store/send-queries';
import { tempDir } from './helpers';

const dbs: Db[] = [];
const dirs: string[] = [];
afterEach(() => {
  dbs.splice(0).forEach((d) => d.open && d.close());
  dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true }));
});

function v8(): { db: Db; file: string; key: string } {
  const dir = tempDir('migration-009-');
  dirs.push(dir);
  const file = path.join(dir, 'cache.db');
  const key = crypto.randomBytes(32).toString('hex');
  const db = openConnection(file, { keyHex: key });
  dbs.push(db);
  migrate(db, 8);
  db.prepare(`INSERT INTO accounts(id, address, type, label, created_at) VALUES (1, 'cabinet@test.mssante.fr', 'CAB', 'C', 0)`).run();
  return { db, file, key };
}

const setting = (db: Db, key: string, value: unknown) =>
  db.prepare('INSERT INTO settings(key, value_json) VALUES (?, ?)').run(key, typeof value === 'string' ? value : JSON.stringify(value));

describe('migration 009 send-tables', () => {
  it('moves outbox metadata, draft state, receipts and the draft-sync index out of settings; interrupted becomes a state', () => {
    const { db, file, key } = v8();
    const pdf = Buffer.from('%PDF-1.4 compte rendu');
    // Outbox: one sent item with a report-only address, one interrupted.
    db.prepare(`INSERT INTO outbox(account_id, message_id, raw, envelope_json, state, idempotency_key, last_error, created_at)
                VALUES (1, '<aaa@test.mssante.fr>', x'00', '{}', 'sent', 'k1', NULL, 1),
                       (1, '<bbb@test.mssante.fr>', x'00', '{}', 'failed', 'k2', 'interrupted while sending: delivery unknown', 2),
                       (1, '<ccc@test.mssante.fr>', x'00', '{}', 'failed', 'k3', 'Adresse refusée', 3)`).run();
    setting(db, 'send.item:aaa', {
      v: 1, kind: 'message', messageId: '<aaa@test.mssante.fr>', envelopeId: 'aaa', bal: 'cabinet@test.mssante.fr', subject: 'Résultats',
      to: ['Alice@test.mssante.fr'], cc: ['bob@test.mssante.fr'], bcc: [], sentBy: { idNat: '810101234560', name: 'Claire PETIT' },
      requestDsn: true, requestReadReceipt: false, lastAttemptAt: 5,
      recipients: {
        'alice@test.mssante.fr': { address: 'Alice@test.mssante.fr', status: 'delivered', detail: '2.0.0', at: 7 },
        'bob@test.mssante.fr': { address: 'bob@test.mssante.fr', status: 'pending', detail: null, at: null },
        'alias@test.mssante.fr': { address: 'alias@test.mssante.fr', status: 'failed', detail: '5.1.1', at: 8 },
      },
    });
    setting(db, 'send.item:broken', '{not json');
    setting(db, 'send.item:wrongshape', { v: 1, kind: 'fax' });
    // A draft with two attachments of the same content, reply context of a server draft.
    db.prepare(`INSERT INTO drafts(id, account_id, subject, updated_at) VALUES (10, 1, 'Brouillon', 0)`).run();
    setting(db, 'send.draft:10', {
      attachments: [
        { filename: 'cr.pdf', mime: 'application/pdf', contentBase64: pdf.toString('base64') },
        { filename: 'copie.pdf', mime: 'application/pdf', contentBase64: pdf.toString('base64') },
      ],
      forwardOfMessageId: 3, forwardAsAttachment: false, requestDsn: true, requestReadReceipt: true, patientNoReply: false,
      fromLabel: 'Cabinet', inReplyTo: '<orig@x>', references: ['<root@x>', '<orig@x>'],
    });
    setting(db, 'send.draft:99', { attachments: [], requestDsn: false, requestReadReceipt: false, patientNoReply: false }); // draft gone
    setting(db, 'send.mdn:1:<m1@x>', { state: 'declined', at: 11, by: '810001234567' });
    setting(db, 'send.drafts-sync', {
      v: 1,
      drafts: { 10: { draftId: 10, accountId: 1, bal: 'cabinet@test.mssante.fr', uuid: 'u-10', revision: 3, syncedRevision: 2, dueAt: 12, copies: [{ path: 'Drafts', uidValidity: 7, uid: 40 }] } },
      gone: [{ uuid: 'u-9', bal: 'cabinet@test.mssante.fr', copies: [{ path: 'Drafts', uidValidity: 7, uid: 39 }], at: 13 }],
    });
    setting(db, 'ui.density', { compact: true });

    migrate(db, 9);
    expect(schemaVersion(db)).toBe(9);
    expect((db.prepare('SELECT key FROM settings ORDER BY key').all() as { key: string }[]).map((r) => r.key)).toEqual(['ui.density']);
    expect(db.prepare('SELECT message_id, state, last_error FROM outbox ORDER BY id').all()).toEqual([
      { message_id: '<aaa@test.mssante.fr>', state: 'sent', last_error: null },
      { message_id: '<bbb@test.mssante.fr>', state: 'interrupted', last_error: null },
      { message_id: '<ccc@test.mssante.fr>', state: 'failed', last_error: 'Adresse refusée' },
    ]);
    expect(() => db.prepare(`UPDATE outbox SET state = 'perdu' WHERE id = 1`).run()).toThrow(/CHECK/);
    expect(db.prepare('SELECT count(*) AS n FROM outbox_meta').get()).toEqual({ n: 1 });
    db.close();

    const w = openWriter(file, key);
    try {
      const q = new SendWrites(w);
      expect(q.outboxMeta('<aaa@test.mssante.fr>')).toEqual({
        kind: 'message', messageId: '<aaa@test.mssante.fr>', envelopeId: 'aaa', bal: 'cabinet@test.mssante.fr', subject: 'Résultats',
        to: ['Alice@test.mssante.fr'], cc: ['bob@test.mssante.fr'], bcc: [], sentBy: { idNat: '810101234560', name: 'Claire PETIT' },
        requestDsn: true, requestReadReceipt: false, lastAttemptAt: 5,
        recipients: {
          'alice@test.mssante.fr': { address: 'Alice@test.mssante.fr', status: 'delivered', detail: '2.0.0', at: 7 },
          'bob@test.mssante.fr': { address: 'bob@test.mssante.fr', status: 'pending', detail: null, at: null },
          'alias@test.mssante.fr': { address: 'alias@test.mssante.fr', status: 'failed', detail: '5.1.1', at: 8 },
        },
      });
      expect(q.draftOptions(10)).toEqual({ forwardOfMessageId: 3, forwardAsAttachment: false, requestDsn: true, requestReadReceipt: true, patientNoReply: false, fromLabel: 'Cabinet' });
      expect(q.draftAttachments(10).map((a) => [a.filename, a.content.equals(pdf)])).toEqual([['cr.pdf', true], ['copie.pdf', true]]);
      expect(w.getDraft(10)).toMatchObject({ inReplyTo: '<orig@x>', references: ['<root@x>', '<orig@x>'] });
      expect(q.draftOptions(99)).toBeNull();
      expect(q.mdnResponse(1, '<m1@x>')).toEqual({ state: 'declined', at: 11, by: '810001234567' });
      expect(q.draftSyncEntry(10)).toEqual({ draftId: 10, accountId: 1, bal: 'cabinet@test.mssante.fr', uuid: 'u-10', revision: 3, syncedRevision: 2, dueAt: 12, copies: [{ path: 'Drafts', uidValidity: 7, uid: 40 }] });
      expect(q.goneDrafts()).toEqual([{ id: expect.any(Number), uuid: 'u-9', bal: 'cabinet@test.mssante.fr', at: 13, copies: [{ path: 'Drafts', uidValidity: 7, uid: 39 }] }]);
      // Stored once: the two attachments share one content.
      const raw = w as unknown as { db: Db };
      expect(raw.db.prepare('SELECT count(*) AS n FROM draft_blobs').get()).toEqual({ n: 1 });
    } finally {
      w.close();
    }
  });
});
