// Issue 20 points 1, 2 and 5: header fields decoded from their raw bytes, dates of every shape, Dovecot's
// placeholders never shown, the first of two Subject lines.
import { describe, expect, it } from 'vitest';
import type { FetchMessageObject } from 'imapflow';
import { toMessageInput, toMessageInputFromHeaders } from '../../../main/sync/message-mapper';
import { decodeAddressList, decodeBytes, decodeHeaderValue, parseMailDate } from '../../../main/sync/header-decoding';
import { bytes, CORPUS, epochDate, twoSubjectsAndGroup, unreadableZone } from '../../corpus/real-world';

/** What the server returns for BODY.PEEK[HEADER.FIELDS (...)]: the header block's bytes. */
function headerBlock(raw: Buffer): Buffer {
  const end = raw.indexOf('\r\n\r\n');
  return raw.subarray(0, end + 4);
}

/** A FETCH response whose ENVELOPE strings were read as UTF-8, as imapflow does with 8-bit bytes. */
function fetched(raw: Buffer, uid = 1): FetchMessageObject {
  const lossy = headerBlock(raw).toString('utf8');
  const subject = /^Subject: (.*)$/m.exec(lossy)?.[1];
  return {
    seq: uid, uid, flags: new Set<string>(), internalDate: new Date('2024-06-07T08:00:00Z'), size: raw.length,
    envelope: { subject, from: [{ name: 'lossy', address: 'MISSING_MAILBOX@MISSING_DOMAIN' }], to: [], cc: [] },
    headers: headerBlock(raw),
  } as unknown as FetchMessageObject;
}

describe('headers decoded from their raw bytes', () => {
  it.each(Object.entries(CORPUS))('%s: subject and sender as written, never U+FFFD', (_name, m) => {
    for (const row of [toMessageInput(fetched(m.raw)), toMessageInputFromHeaders(fetched(m.raw))]) {
      expect(row.subject).toBe(m.subject);
      expect(row.from).toEqual({ name: m.fromName ?? null, address: m.fromAddress });
      expect(JSON.stringify(row)).not.toContain('\uFFFD');
      expect(JSON.stringify(row)).not.toContain('MISSING_');
    }
  });

  it('decodes text outside encoded words by UTF-8, then the declared charset, then windows-1252', () => {
    expect(decodeBytes(Buffer.from('Vérifié', 'utf8'))).toBe('Vérifié');
    expect(decodeBytes(Buffer.from([0x52, 0xe9, 0x73, 0x75, 0x6c, 0x74, 0x61, 0x74]))).toBe('Résultat');
    expect(decodeBytes(Buffer.from([0x93, 0x6f, 0x6b, 0x94]))).toBe('“ok”'); // windows-1252, not latin-1 C1 codes
    // KOI8-R declared by the message: used when the bytes are not UTF-8.
    expect(decodeBytes(Buffer.from([0xf0, 0xd2, 0xc9, 0xd7, 0xc5, 0xd4]), 'koi8-r')).toBe('Привет');
    // A name cut at a byte limit in the middle of "é": the fragment is dropped, the rest stays UTF-8.
    expect(decodeBytes(Buffer.concat([Buffer.from('Résultat_', 'utf8'), Buffer.from([0xc3]), Buffer.from('.pdf')]))).toBe('Résultat_.pdf');
  });

  it('joins a multi-byte character split across two encoded words, drops the whitespace between words', () => {
    expect(decodeHeaderValue('=?utf-8?Q?R=C3?=\r\n =?utf-8?Q?=A9sultats?= du jour')).toBe('Résultats du jour');
    expect(decodeHeaderValue('=?iso-8859-1?q?caf=E9?= =?utf-8?q?_cr=C3=A8me?=')).toBe('café crème');
    expect(decodeHeaderValue('=?x-unknown?B?////?=')).toBe('ÿÿÿ');
  });

  it('parses address lists with encoded names holding commas, groups flattened', () => {
    expect(decodeAddressList('=?utf-8?Q?Durand=2C_Bob?= <bob@x.fr>, "Petit, Claire" <claire@x.fr>, Equipe: a@x.fr, b@x.fr;')).toEqual([
      { name: 'Durand, Bob', address: 'bob@x.fr' },
      { name: 'Petit, Claire', address: 'claire@x.fr' },
      { name: null, address: 'a@x.fr' },
      { name: null, address: 'b@x.fr' },
    ]);
    expect(decodeAddressList('undisclosed-recipients:;')).toEqual([]);
    expect(decodeAddressList('MISSING_MAILBOX@MISSING_DOMAIN')).toEqual([]);
  });

  it('reads dates of every shape, an unreadable or missing zone as UTC, never the machine zone', () => {
    expect(parseMailDate('Tue, 12 Mar 2019 08:14:01 +0100 (CET)')).toBe(Date.UTC(2019, 2, 12, 7, 14, 1));
    expect(parseMailDate('Fri, 21 Nov 1997 09:55:06 H0500')).toBe(Date.UTC(1997, 10, 21, 9, 55, 6));
    expect(parseMailDate('Tue, 12 Mar 2019 08:14:01 MET DST')).toBe(Date.UTC(2019, 2, 12, 8, 14, 1));
    expect(parseMailDate('12 Mar 2019 08:14:01')).toBe(Date.UTC(2019, 2, 12, 8, 14, 1));
    expect(parseMailDate('Tue, 12 Mar 19 08:14 +0100')).toBe(Date.UTC(2019, 2, 12, 7, 14));
    expect(parseMailDate('Sun, 20 Jul 1969 20:17:40 +0000')).toBe(Date.UTC(1969, 6, 20, 20, 17, 40));
    expect(parseMailDate('not a date')).toBeNull();
    expect(parseMailDate('Mon, 32 Feb 2019 10:00:00 +0100')).toBeNull();
    expect(toMessageInput(fetched(epochDate.raw)).date).toBe(0);
    expect(toMessageInput(fetched(unreadableZone.raw)).date).toBe(Date.UTC(1997, 10, 21, 9, 55, 6));
  });

  it('shows the first of two Subject lines and no placeholder recipient', () => {
    const row = toMessageInput(fetched(twoSubjectsAndGroup.raw));
    expect(row.subject).toBe('Compte rendu opératoire');
    expect(row.to).toEqual([]);
  });

  it('keeps ENVELOPE values when the raw fields were not fetched, without placeholders', () => {
    const m = fetched(bytes('Subject: x\n\n'));
    const row = toMessageInput({ ...m, headers: Buffer.from('References: <a@x>\r\n\r\n'), envelope: { subject: 'Sujet', from: [{ name: 'Dr A', address: 'MISSING_MAILBOX@MISSING_DOMAIN' }], to: [{ address: 'MISSING_MAILBOX@MISSING_DOMAIN' }] } } as unknown as FetchMessageObject);
    expect(row).toMatchObject({ subject: 'Sujet', from: { name: 'Dr A', address: '' }, to: [] });
  });
});

describe('names made of encoded words in several charsets', () => {
  it('decodes them as one name', () => {
    expect(decodeAddressList('=?iso-8859-1?q?Ren=E9?= =?utf-8?q?_Ch=C3=A2tel?= <rc@x.fr>')).toEqual([{ name: 'René Châtel', address: 'rc@x.fr' }]);
  });
});
