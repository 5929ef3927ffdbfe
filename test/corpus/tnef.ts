// winmail.dat as Outlook/Exchange write it (MS-OXTNEF): attributes with their checksums, the attachment's
// MAPI properties (long file name, MIME tag), the message properties with the body as compressed RTF
// (MS-OXRTFCP, LZFu with back-references) encapsulating HTML (MS-OXRTFEX). Built here byte for byte
// because no real sample may be copied in; the reader is also checked on the specification's own
// compressed-RTF example (test/unit/mime/tnef.test.ts).
import { bytes, type CorpusMessage } from './real-world';
import type { StructureMessage } from './mime-structure';

const PREBUF = '{\\rtf1\\ansi\\mac\\deff0\\deftab720{\\fonttbl;}{\\f0\\fnil \\froman \\fswiss \\fmodern \\fscript \\fdecor MS Sans SerifSymbolArialTimes New RomanCourier{\\colortbl\\red0\\green0\\blue0\r\n\\par \\pard\\plain\\f0\\fs20\\b\\i\\u\\tab\\tx';

/** LZFu compression (greedy longest match in the 4 KiB dictionary), as Outlook stores PR_RTF_COMPRESSED. */
export function compressRtf(rtf: Buffer): Buffer {
  const dict = Buffer.alloc(4096);
  dict.write(PREBUF, 'latin1');
  let w = PREBUF.length;
  const body: number[] = [];
  let i = 0;
  let done = false;
  while (!done) {
    let control = 0;
    const run: number[] = [];
    for (let bit = 0; bit < 8; bit++) {
      if (i >= rtf.length) {
        // End marker: a reference to the write position.
        control |= 1 << bit;
        run.push((w >> 4) & 0xff, (w << 4) & 0xf0);
        done = true;
        break;
      }
      let bestLen = 0;
      let bestOff = 0;
      for (let off = 0; off < 4096; off++) {
        if (off === w) continue;
        let l = 0;
        // A match may not read the byte being written (the decoder's dictionary changes under it).
        while (l < 17 && i + l < rtf.length && dict[(off + l) & 4095] === rtf[i + l] && ((off + l) & 4095) !== w) l++;
        if (l > bestLen) {
          bestLen = l;
          bestOff = off;
        }
      }
      if (bestLen >= 2) {
        control |= 1 << bit;
        run.push((bestOff >> 4) & 0xff, ((bestOff << 4) & 0xf0) | (bestLen - 2));
        for (let k = 0; k < bestLen; k++) {
          dict[w] = rtf[i + k]!;
          w = (w + 1) & 4095;
        }
        i += bestLen;
      } else {
        run.push(rtf[i]!);
        dict[w] = rtf[i]!;
        w = (w + 1) & 4095;
        i++;
      }
    }
    body.push(control, ...run);
  }
  const header = Buffer.alloc(16);
  header.writeUInt32LE(body.length + 12, 0);
  header.writeUInt32LE(rtf.length, 4);
  header.writeUInt32LE(0x75465a4c, 8); // 'LZFu'
  header.writeUInt32LE(0, 12); // CRC: not checked by readers of this body
  return Buffer.concat([header, Buffer.from(body)]);
}

function attribute(level: number, id: number, data: Buffer): Buffer {
  const head = Buffer.alloc(9);
  head[0] = level;
  head.writeUInt32LE(id >>> 0, 1);
  head.writeUInt32LE(data.length, 5);
  let sum = 0;
  for (const b of data) sum = (sum + b) & 0xffff;
  const check = Buffer.alloc(2);
  check.writeUInt16LE(sum, 0);
  return Buffer.concat([head, data, check]);
}

const pad = (b: Buffer) => Buffer.concat([b, Buffer.alloc((4 - (b.length % 4)) % 4)]);
const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n, 0);
  return b;
};

/** A MAPI property list of variable-length values (PT_STRING8 0x001E, PT_UNICODE 0x001F, PT_BINARY 0x0102)
 *  and PT_LONG (0x0003). */
function props(list: Array<[type: number, id: number, value: Buffer | number]>): Buffer {
  const parts: Buffer[] = [u32(list.length)];
  for (const [type, id, value] of list) {
    const tag = Buffer.alloc(4);
    tag.writeUInt16LE(type, 0);
    tag.writeUInt16LE(id, 2);
    parts.push(tag);
    if (typeof value === 'number') parts.push(u32(value));
    else parts.push(u32(1), u32(value.length), pad(value));
  }
  return Buffer.concat(parts);
}

const cString = (s: string) => Buffer.from(`${s}\u0000`, 'latin1');
const unicode = (s: string) => Buffer.from(`${s}\u0000`, 'utf16le');

export interface TnefFile { name: string; mime?: string; data: Buffer }

/** The winmail.dat Outlook writes for a message with `files` and an HTML body (as compressed RTF). */
export function buildWinmailDat(o: { html: string; files: TnefFile[] }): Buffer {
  const rtf = Buffer.from(`{\\rtf1\\ansi\\ansicpg1252\\fromhtml1 \\deff0{\\fonttbl{\\f0\\fswiss Arial;}}{\\*\\htmltag1 <html><body>}\\htmlrtf {\\htmlrtf0 ${o.html.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0)}?`)}\\htmlrtf }\\htmlrtf0 {\\*\\htmltag1 </body></html>}}`, 'latin1');
  const parts: Buffer[] = [u32(0x223e9f78), Buffer.from([0x01, 0x00])];
  parts.push(attribute(1, 0x00089006, u32(0x00010000))); // attTnefVersion
  parts.push(attribute(1, 0x00069007, Buffer.concat([u32(1252), u32(0)]))); // attOemCodepage
  parts.push(attribute(1, 0x00078008, cString('IPM.Note'))); // attMessageClass
  parts.push(attribute(1, 0x00069003, props([[0x0003, 0x3fde, 1252], [0x0102, 0x1009, compressRtf(rtf)]]))); // attMsgProps
  for (const f of o.files) {
    parts.push(attribute(2, 0x00069002, Buffer.from([1, 0, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 0, 0]))); // attAttachRendData
    const short = f.name.replace(/[^\x20-\x7e]/g, '_').replace(/^(.{0,8}).*?(\.[^.]{0,3})?$/, '$1$2').toUpperCase();
    parts.push(attribute(2, 0x00018010, cString(short))); // attAttachTitle (8.3)
    parts.push(attribute(2, 0x0006800f, f.data)); // attAttachData
    const p: Array<[number, number, Buffer | number]> = [[0x001f, 0x3707, unicode(f.name)], [0x0003, 0x3705, 1]];
    if (f.mime) p.push([0x001e, 0x370e, cString(f.mime)]);
    parts.push(attribute(2, 0x00069005, props(p))); // attAttachment
  }
  return Buffer.concat(parts);
}

export const TNEF_FILES: TnefFile[] = [
  { name: 'Compte-rendu opératoire Mme Lefèvre.pdf', mime: 'application/pdf', data: Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n', 'latin1') },
  { name: 'ordonnance.docx', data: Buffer.from('PK\u0003\u0004docx', 'latin1') },
];
export const TNEF_HTML = '<p>Bonjour Docteur,</p><p>Ci-joint le compte rendu opératoire de Mme Lefèvre.</p>';

/** Outlook to a non-Outlook recipient with "Rich Text" format: the body and files are in winmail.dat. */
export const outlookWinmail: StructureMessage & CorpusMessage = {
  subject: 'CR opératoire Mme Lefèvre',
  fromName: 'Dr Alice Martin',
  fromAddress: 'alice.martin@chu-tours.fr',
  bodyText: 'Ci-joint le compte rendu opératoire de Mme Lefèvre.',
  attachments: [
    { filename: 'Compte-rendu opératoire Mme Lefèvre.pdf', mime: 'application/pdf', startsWith: '%PDF-1.4' },
    { filename: 'ordonnance.docx', mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', startsWith: 'PK' },
  ],
  raw: bytes(`From: "Dr Alice Martin" <alice.martin@chu-tours.fr>
To: "Dr Bob Durand" <bob.durand@test.mssante.fr>
Subject: =?iso-8859-1?Q?CR_op=E9ratoire_Mme_Lef=E8vre?=
Date: Tue, 18 Jun 2024 17:20:00 +0200
Message-ID: <000001d9c1a2$4b5c6d70$e2154850$@chu-tours.fr>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="----=_NextPart_000_0001_01D9C1B3.0EE53D70"
X-Mailer: Microsoft Outlook 16.0
Thread-Index: AdnBokq1Y2xhbmNoZQ==
Content-Language: fr

This is a multipart message in MIME format.

------=_NextPart_000_0001_01D9C1B3.0EE53D70
Content-Type: text/plain; charset="iso-8859-1"
Content-Transfer-Encoding: quoted-printable


------=_NextPart_000_0001_01D9C1B3.0EE53D70
Content-Type: application/ms-tnef; name="winmail.dat"
Content-Transfer-Encoding: base64
Content-Disposition: attachment; filename="winmail.dat"

${buildWinmailDat({ html: TNEF_HTML, files: TNEF_FILES }).toString('base64').replace(/.{76}/g, '$&\n')}
------=_NextPart_000_0001_01D9C1B3.0EE53D70--
`),
};

