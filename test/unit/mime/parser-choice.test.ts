// Issue 20 point 4: the parsing gaps, each on a message shaped like the real ones, through mailparser,
// postal-mime alone (with our options) and the parser the app uses (postal-mime + the raw-tree fixes of
// main/mime). The table records which one reads each case right: the app's must read all of them, and a
// change of either library's behaviour shows here.
import { describe, expect, it } from 'vitest';
import { simpleParser } from 'mailparser';
import PostalMime from 'postal-mime';
import { parseRawMessage } from '../../../main/sync/body-parser';
import * as c from '../../corpus/mime-structure';

interface Shape {
  text: string;
  attachments: Array<{ mime: string; filename: string | null; data: Buffer; damaged: boolean }>;
}

async function viaMailparser(raw: Buffer): Promise<Shape> {
  const m = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true });
  return { text: m.text ?? '', attachments: m.attachments.map((a) => ({ mime: a.contentType, filename: a.filename ?? null, data: a.content, damaged: false })) };
}

async function viaPostalMime(raw: Buffer): Promise<Shape> {
  const m = await PostalMime.parse(raw, { forceRfc822Attachments: true });
  return {
    text: m.text ?? '',
    attachments: m.attachments.map((a) => ({ mime: a.mimeType, filename: a.filename, data: Buffer.from(a.content as ArrayBuffer), damaged: false })),
  };
}

async function viaApp(raw: Buffer): Promise<Shape> {
  const p = await parseRawMessage(raw);
  return { text: p.text ?? '', attachments: p.attachments.map((a) => ({ mime: a.mime, filename: a.filename ?? null, data: a.data, damaged: a.damaged })) };
}

const pdf = (s: Shape) => s.attachments.filter((a) => a.mime === 'application/pdf');

/** What reading each case right means. */
const CASES: Array<{ name: string; raw: Buffer; right: (s: Shape) => boolean; mailparser: boolean; postalMime: boolean }> = [
  {
    name: 'boundary lines with trailing whitespace',
    raw: c.paddedBoundaries.raw,
    right: (s) => s.text.includes('Veuillez trouver ci-joint la convocation') && pdf(s).length === 1 && pdf(s)[0]!.data.toString('latin1').startsWith('%PDF-1.4'),
    mailparser: false,
    postalMime: true,
  },
  {
    name: 'multipart/digest parts without Content-Type are messages',
    raw: c.listDigest.raw,
    right: (s) => {
      const msgs = s.attachments.filter((a) => a.mime === 'message/rfc822');
      return msgs.length === 2 && msgs[0]!.data.toString('latin1').startsWith('Message-ID: <a1@chu-tours.fr>') && msgs[1]!.data.toString('latin1').includes('Voir la recommandation SFAR 2024.');
    },
    mailparser: false,
    postalMime: true,
  },
  {
    name: '`Content-Type: text` is text/plain',
    raw: c.textWithoutSubtype.raw,
    right: (s) => s.text.includes('Télécopie reçue le 12/06/2024 à 07:58') && s.attachments.length === 0,
    mailparser: false,
    postalMime: false,
  },
  {
    name: 'invalid base64: what is valid is decoded, the part is damaged',
    raw: c.damagedBase64.raw,
    right: (s) => pdf(s).length === 1 && pdf(s)[0]!.data.equals(c.damagedBase64ValidPrefix) && pdf(s)[0]!.damaged,
    mailparser: false,
    postalMime: false,
  },
  {
    name: 'raw UTF-8 name cut mid-character',
    raw: c.cutUtf8Name.raw,
    right: (s) => pdf(s)[0]?.filename === 'Résultats_biologie_Mme_Bérénice_Lefèvre_prélèvement_du_3_juin_',
    mailparser: false,
    postalMime: false,
  },
];

describe('parser choice on the parsing gaps', () => {
  it.each(CASES)('$name', async (k) => {
    expect(k.right(await viaApp(k.raw)), 'the app').toBe(true);
    expect(k.right(await viaMailparser(k.raw)), 'mailparser 3.9').toBe(k.mailparser);
    expect(k.right(await viaPostalMime(k.raw)), 'postal-mime 4.2 alone').toBe(k.postalMime);
  });

  it('the app reads every case, mailparser fewest', () => {
    const score = (f: (k: (typeof CASES)[number]) => boolean) => CASES.filter(f).length;
    expect(score((k) => k.mailparser)).toBeLessThan(score((k) => k.postalMime));
  });
});
