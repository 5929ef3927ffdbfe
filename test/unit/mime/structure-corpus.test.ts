// Issue 20 points 4–6 on realistic messages: each message of test/corpus/mime-structure.ts through the
// app's body parser gives the text and the attachments (names, types, damage) the reader must show.
import { describe, expect, it } from 'vitest';
import { parseRawMessage } from '../../../main/sync/body-parser';
import { decodeBase64Prefix } from '../../../main/mime/base64';
import { defaultPartName } from '../../../main/mime/part-names';
import { leaves, parseStructured, rawParts } from '../../../main/mime/raw-parts';
import { STRUCTURE_CORPUS, smimeEncrypted, smimeOpaqueSigned, smimeOpaqueSignedBer } from '../../corpus/mime-structure';
import { signedContent } from '../../../main/mime/smime';

describe('structure corpus through the body parser', () => {
  it.each(Object.entries(STRUCTURE_CORPUS))('%s', async (_name, m) => {
    const p = await parseRawMessage(m.raw);
    if (m.bodyText) expect(`${p.text ?? ''}${p.html ?? ''}`).toContain(m.bodyText);
    expect(`${p.text ?? ''}`).not.toContain('\uFFFD');
    expect(p.attachments.map((a) => ({ filename: a.filename, mime: a.mime, damaged: a.damaged })))
      .toEqual((m.attachments ?? []).map((a) => ({ filename: a.filename, mime: a.mime, damaged: a.damaged ?? false })));
    (m.attachments ?? []).forEach((a, i) => {
      if (a.startsWith) expect(p.attachments[i]!.data.toString('latin1').startsWith(a.startsWith)).toBe(true);
    });
    expect(new Set(p.attachments.map((a) => a.part)).size).toBe(p.attachments.length);
  });

  it('says an S/MIME enveloped message is encrypted, and only that one', async () => {
    expect((await parseRawMessage(smimeEncrypted.raw)).encrypted).toBe(true);
    for (const [name, m] of Object.entries(STRUCTURE_CORPUS)) {
      if (name !== 'smimeEncrypted') expect((await parseRawMessage(m.raw)).encrypted).toBe(false);
    }
  });

  it('unpacks opaque S/MIME signed data (DER and streamed BER) into the message it signs, said signed', async () => {
    for (const m of [smimeOpaqueSigned, smimeOpaqueSignedBer]) {
      const p = await parseRawMessage(m.raw);
      expect(p.smime).toBe('signed');
      expect(p.encrypted).toBe(false);
      expect(p.text).toContain(m.bodyText);
      // The .p7m itself is not listed: its content is the message.
      expect(p.attachments.map((a) => a.mime)).not.toContain('application/pkcs7-mime');
      expect(p.attachments.every((a) => a.part.startsWith('att:smime:'))).toBe(true);
    }
    expect((await parseRawMessage(smimeEncrypted.raw)).smime).toBe('encrypted');
    for (const [name, m] of Object.entries(STRUCTURE_CORPUS)) {
      if (!name.startsWith('smime')) expect((await parseRawMessage(m.raw)).smime, name).toBeNull();
    }
  });

  it('finds no signed content in enveloped data, a detached signature or garbage', () => {
    const enveloped = Buffer.from(smimeEncrypted.raw.toString('latin1').split('\r\n\r\n')[1]!.replace(/\s+/g, ''), 'base64');
    expect(signedContent(enveloped)).toBeNull();
    expect(signedContent(Buffer.from('not der at all'))).toBeNull();
    expect(signedContent(Buffer.from([0x30, 0x80, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02, 0xa0]))).toBeNull();
  });
});

describe('raw MIME tree', () => {
  it('numbers parts as IMAP does and reads padded boundaries', () => {
    const raw = Buffer.from('Content-Type: multipart/mixed; boundary=b\r\n\r\n--b \r\n\r\none\r\n--b\r\nContent-Type: multipart/alternative; boundary=c\r\n\r\n--c\r\n\r\ntwo\r\n--c\r\nContent-Type: text/html\r\n\r\n<p>3</p>\r\n--c--\r\n--b--\t\r\n');
    const ls = leaves(rawParts(raw));
    expect(ls.map((l) => [l.part, l.type, l.body.toString()])).toEqual([['1', 'text/plain', 'one'], ['2.1', 'text/plain', 'two'], ['2.2', 'text/html', '<p>3</p>']]);
  });

  it('keeps a cut multipart (no closing delimiter) and a single part as part 1', () => {
    expect(leaves(rawParts(Buffer.from('Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\ncut here'))).map((l) => l.body.toString())).toEqual(['cut here']);
    expect(rawParts(Buffer.from('Subject: x\r\n\r\nbody')).part).toBe('1');
  });

  it('joins RFC 2231 continuations and keeps their charset', () => {
    const p = parseStructured(`attachment; filename*0*=utf-8''R%C3%A9sul; filename*1*=tats.pdf; size=12`);
    expect(p).toEqual({ value: 'attachment', params: { filename: 'R\xc3\xa9sultats.pdf', 'filename*charset': 'utf-8', size: '12' } });
    expect(parseStructured('text/plain; name="a;b.txt"').params.name).toBe('a;b.txt');
  });
});

describe('base64 as far as valid', () => {
  it('stops at the first character outside the alphabet', () => {
    expect(decodeBase64Prefix('SGVsbG8g\r\nd29ybGQ=\r\n!!garbage')).toEqual({ data: Buffer.from('Hello world'), damaged: true });
  });
  it('accepts padding on every line and missing final padding', () => {
    expect(decodeBase64Prefix('SGk=\r\nSGk=\r\nSGk')).toEqual({ data: Buffer.from('HiHiHi'), damaged: false });
  });
  it('a dangling sixth of a byte is damage', () => {
    expect(decodeBase64Prefix('SGVsbG8gd')).toEqual({ data: Buffer.from('Hello '), damaged: true });
  });
});

describe('names of unnamed parts', () => {
  it.each([
    ['message/rfc822', 'message.eml'], ['text/calendar', 'invitation.ics'], ['message/delivery-status', 'rapport-de-remise.txt'],
    ['image/jpeg', 'image.jpg'], ['application/pdf', 'document.pdf'], ['application/x-unknown', 'piece-jointe.bin'], ['', 'piece-jointe.bin'],
  ])('%s → %s', (mime, name) => expect(defaultPartName(mime)).toBe(name));
});
