// Attachments stored once (issue #15): a message's raw source is stored at fetch time; the index worker's
// extraction lists its attachments (by SHA-256, deduplicated) without storing a decoded copy of the large
// ones; their content is read back from the source, offline.
import crypto from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { SyncQueries } from '../../../main/store/sync-queries';
import { INLINE_ATTACHMENT_MAX, sha256 } from '../../../main/sync/body-parser';
import { Indexer } from '../../../main/sync/indexer';
import { readStoredAttachment } from '../../../main/sync/stored-attachment';
import { ArchiveQueries } from '../../../main/sync/archive-queries';
import { makeStore, msg, seedAccount, type TestStore } from '../store/helpers';

let s: TestStore | null = null;
afterEach(() => {
  s?.close();
  s = null;
});

function mime(i: number, parts: Array<{ name: string; data: Buffer }>): Buffer {
  const b = `b${i}`;
  return Buffer.from(
    `From: Dr Bob DURAND <bob.durand@test.mssante.fr>\r\nTo: alice.martin@test.mssante.fr\r\nSubject: Compte rendu ${i}\r\n` +
    `Message-ID: <m${i}@test.mssante.fr>\r\nDate: Thu, 01 Jan 2026 10:0${i}:00 +0000\r\nMIME-Version: 1.0\r\n` +
    `Content-Type: multipart/mixed; boundary="${b}"\r\n\r\n--${b}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nVoici le compte rendu ${i}.\r\n` +
    parts.map((p) => `--${b}\r\nContent-Type: application/pdf; name="${p.name}"\r\nContent-Disposition: attachment; filename="${p.name}"\r\n` +
      `Content-Transfer-Encoding: base64\r\n\r\n${p.data.toString('base64').replace(/.{76}/g, '$&\r\n')}\r\n`).join('') +
    `--${b}--\r\n`,
  );
}

const count = (t: TestStore, sql: string) => Number((t.writer['db'].prepare(sql).get() as { n: number | null }).n ?? 0);

describe('attachments stored once', () => {
  it('keeps a large attachment only inside the stored source of its message (one attachments row for both copies), readable offline', async () => {
    s = makeStore();
    const { inbox } = seedAccount(s.writer);
    const pdf = crypto.randomBytes(300_000);
    const small = crypto.randomBytes(2_000);
    const raws = [mime(1, [{ name: 'cr.pdf', data: pdf }, { name: 'petit.pdf', data: small }]), mime(2, [{ name: 'cr-copie.pdf', data: pdf }])];
    const { ids } = s.writer.upsertMessages(inbox, 1000, [msg(1, { size: raws[0]!.length }), msg(2, { size: raws[1]!.length })]);
    const q = new SyncQueries(s.writer);
    ids.forEach((id, k) => q.storeFetchedRaw(id, raws[k]!, sha256(raws[k]!)));

    const indexer = new Indexer(s.writer);
    while ((await indexer.step()) > 0);
    expect(indexer.pending()).toBe(0);

    // One attachments row for the PDF (by hash), without content; the small one keeps its content.
    expect(count(s, `SELECT count(*) AS n FROM attachments WHERE sha256 = '${sha256(pdf)}'`)).toBe(1);
    expect(count(s, `SELECT count(*) AS n FROM attachments WHERE sha256 = '${sha256(pdf)}' AND data IS NULL`)).toBe(1);
    expect(small.length).toBeLessThanOrEqual(INLINE_ATTACHMENT_MAX);
    // Bytes kept: the two sources, plus the small attachment beside them; no decoded PDF.
    const rawBytes = raws[0]!.length + raws[1]!.length;
    expect(count(s, 'SELECT sum(length(data)) AS n FROM raw_messages')).toBe(rawBytes);
    expect(count(s, 'SELECT sum(length(data)) AS n FROM attachments')).toBe(small.length);

    for (const [k, id] of ids.entries()) {
      const m = s.reader.getMessage(id)!;
      expect(m.attachments.length).toBe(k === 0 ? 2 : 1);
      expect(m.attachments.every((a) => a.fetched)).toBe(true); // available offline
      const ref = m.attachments.find((a) => a.sha256 === sha256(pdf))!;
      expect((await readStoredAttachment(s.reader, id, ref.part))!.equals(pdf)).toBe(true);
      expect(ArchiveQueries.of(s.writer).state(id)!.attachmentsMissing).toBe(0);
    }
    const smallRef = s.reader.getMessage(ids[0]!)!.attachments.find((a) => a.sha256 === sha256(small))!;
    expect(s.reader.getAttachmentData(ids[0]!, smallRef.part)!.equals(small)).toBe(true);
    expect((await readStoredAttachment(s.reader, ids[0]!, smallRef.part))!.equals(small)).toBe(true);
    expect(await readStoredAttachment(s.reader, ids[0]!, 'no-such-part')).toBeNull();
  });
});
