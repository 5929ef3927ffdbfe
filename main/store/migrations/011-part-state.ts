// v11: what the parser could not fully read is kept (issue 20). `message_attachments.damaged`: the part's
// content could be decoded only in part (invalid base64, broken winmail.dat), what was valid is stored and
// the reader says so. `messages.smime`: the message is S/MIME, 'signed' (opaque signed data, whose content
// is extracted and shown, or multipart/signed) or 'encrypted' (enveloped: nothing can be read here).
// Rows extracted before v11 whose only content is S/MIME data are extracted again from their stored source
// (their body goes, which queues them for the index worker; opening one extracts it at once), so an opaque
// signed message stops being taken for an encrypted one. Other old rows keep damaged = 0 (not known).
import type { Migration } from './types';

export const migration011: Migration = {
  version: 11,
  name: 'part-state',
  up(db) {
    db.exec(`
      ALTER TABLE message_attachments ADD COLUMN damaged INTEGER NOT NULL DEFAULT 0 CHECK (damaged IN (0, 1));
      ALTER TABLE messages ADD COLUMN smime TEXT CHECK (smime IN ('signed', 'encrypted'));
      UPDATE messages SET body_id = NULL, body_state = 'headers'
      WHERE raw_id IS NOT NULL AND body_id IS NOT NULL AND id IN (
        SELECT message_id FROM message_attachments WHERE mime IN ('application/pkcs7-mime', 'application/x-pkcs7-mime')
      );
    `);
  },
};
