// Raw message → text, HTML and attachments. postal-mime decodes (it reads boundary lines with trailing
// whitespace and multipart/digest parts as RFC 2046 says, where mailparser drops the body); the raw tree
// (raw-parts.ts) fixes what it leaves: `Content-Type: text` is plain text, base64 is decoded only as far
// as it is valid (the part marked damaged), raw UTF-8 names cut mid-character lose the cut character
// only, unnamed parts get a name, TNEF (winmail.dat) is unpacked, S/MIME enveloped data is recognised,
// opaque S/MIME signed data is unpacked (its message shown, said signed).
// Comparison of both parsers on these cases: test/unit/mime/parser-choice.test.ts.
import PostalMime, { type Attachment, type Email } from 'postal-mime';
import { decodeBytes, decodeHeaderValue } from '../sync/header-decoding';
import { base64IsSound, decodeBase64Prefix } from './base64';
import { defaultPartName } from './part-names';
import { leaves, rawParts, type RawPart } from './raw-parts';
import { cmsContentType, signedContent } from './smime';
import { readTnef } from './tnef';

export interface MessagePart {
  /** IMAP part number from the raw tree, or null when the parser's list could not be matched to it. */
  part: string | null;
  mime: string;
  filename: string;
  contentId: string | null;
  disposition: string | null;
  data: Buffer;
  /** Content could be read only in part (invalid base64, broken TNEF). */
  damaged: boolean;
  /** Key of a part that has no IMAP number of its own (a file unpacked from winmail.dat). */
  derivedKey?: string;
}

export interface ParsedMessage {
  text: string | null;
  html: string | null;
  attachments: MessagePart[];
  /** The message is S/MIME enveloped (encrypted) data: nothing of it can be read without the key. */
  encrypted: boolean;
  /** S/MIME: 'signed' (multipart/signed, or opaque signed data whose content is the message shown),
   *  'encrypted' (enveloped), null. The signature is not verified. */
  smime: 'signed' | 'encrypted' | null;
}

/** Opaque signed data inside opaque signed data...: unpacked this deep at most. */
const MAX_SMIME_DEPTH = 3;
const isPkcs7 = (mime: string) => mime === 'application/pkcs7-mime' || mime === 'application/x-pkcs7-mime';

const LIMITS = { forceRfc822Attachments: true, maxNestingDepth: 100, maxPartCount: 5000, maxHeadersSize: 4 * 1024 * 1024 } as const;

/** A valid type/subtype, else application/octet-stream (`Content-Type: ; name=x` has none). */
export function cleanMime(t: string | null | undefined): string {
  const v = (t ?? '').trim().toLowerCase();
  return /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/.test(v) ? v : 'application/octet-stream';
}

/** The parts postal-mime lists as attachments, in its order: every leaf but inline text/plain and
 *  text/html (the type read as it reads it, so `Content-Type: text` is one of them). */
function attachmentLeaves(root: RawPart): RawPart[] {
  return leaves(root).filter((p) => {
    if (p.type.startsWith('multipart/')) return false;
    if (p.disposition === 'attachment') return true;
    const declared = p.declaredType;
    return declared !== 'text/plain' && declared !== 'text/html';
  });
}

function toBuffer(c: Attachment['content']): Buffer {
  if (typeof c === 'string') return Buffer.from(c, 'utf8');
  if (c instanceof ArrayBuffer) return Buffer.from(c);
  return Buffer.from(c.buffer, c.byteOffset, c.byteLength);
}

/** The name from the raw bytes when they hold 8-bit bytes (raw UTF-8 cut mid-character, latin-1),
 *  else the parser's (which decodes encoded words and RFC 2231). */
function partName(a: Attachment, raw: RawPart | undefined): string | null {
  const fromRaw = raw ? raw.dispositionParams.filename ?? raw.params.name : undefined;
  const charset = raw ? raw.dispositionParams['filename*charset'] ?? raw.params['name*charset'] : undefined;
  const v = fromRaw && (/[\x80-\xff]/.test(fromRaw) || (a.filename ?? '').includes('\uFFFD'))
    ? (charset ? decodeBytes(Buffer.from(fromRaw, 'latin1'), charset) : decodeHeaderValue(fromRaw))
    : a.filename ?? '';
  // Control characters (NUL, line breaks) are never part of a name.
  return v.replace(/[\u0000-\u001f\u007f]/g, '').trim() || null;
}

const BY_EXTENSION: Record<string, string> = {
  pdf: 'application/pdf', jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif', txt: 'text/plain', htm: 'text/html', html: 'text/html',
  doc: 'application/msword', docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', rtf: 'application/rtf', ics: 'text/calendar', eml: 'message/rfc822',
  zip: 'application/zip', xml: 'text/xml', csv: 'text/csv', odt: 'application/vnd.oasis.opendocument.text', tif: 'image/tiff', tiff: 'image/tiff',
};

/** A type from a file name's extension (TNEF attachments seldom carry one). */
function mimeFromName(name: string | null): string {
  const ext = /\.([a-z0-9]{1,5})$/i.exec(name ?? '')?.[1]?.toLowerCase();
  return (ext && BY_EXTENSION[ext]) || 'application/octet-stream';
}

function textOf(data: Buffer, raw: RawPart | undefined): string {
  return decodeBytes(data, raw?.params.charset);
}

/**
 * Never throws; null when postal-mime refuses the message (nesting, part or header limits).
 */
export async function parseMessage(raw: Buffer, depth = 0): Promise<ParsedMessage | null> {
  let email: Email;
  try {
    email = await PostalMime.parse(raw, LIMITS);
  } catch {
    return null;
  }
  const tree = rawParts(raw);
  const candidates = attachmentLeaves(tree);
  const atts = email.attachments ?? [];
  const aligned = candidates.length === atts.length
    && atts.every((a, i) => (a.mimeType || '') === candidates[i]!.declaredType);
  let text = email.text ?? null;
  let html = email.html ?? null;
  const out: MessagePart[] = [];
  let encrypted = false;
  let signed = tree.type === 'multipart/signed';
  const addText = (t: string) => {
    text = text ? `${text}\n${t}` : t;
  };
  for (const [i, a] of atts.entries()) {
    const rawPart = aligned ? candidates[i] : undefined;
    let data = toBuffer(a.content);
    let damaged = false;
    if (rawPart && rawPart.encoding === 'base64' && !a.mimeType.startsWith('text/calendar') && !base64IsSound(rawPart.body)) {
      const strict = decodeBase64Prefix(rawPart.body);
      if (strict.damaged) {
        data = strict.data;
        damaged = true;
      }
    }
    // `Content-Type: text` (no subtype) is plain text (RFC 2045 §5.2), shown as the body.
    if (a.mimeType === 'text' && a.disposition !== 'attachment') {
      addText(textOf(data, rawPart));
      continue;
    }
    const mime = a.mimeType === 'text' ? 'text/plain' : cleanMime(a.mimeType);
    if (isPkcs7(mime) && cmsContentType(data) === 'enveloped') encrypted = true;
    // Opaque signed: the signed entity is the message (its text, its files); the .p7m is not listed.
    const inner = isPkcs7(mime) && depth < MAX_SMIME_DEPTH ? signedContent(data) : null;
    const unpacked = inner ? await parseMessage(inner, depth + 1) : null;
    if (unpacked) {
      signed = true;
      if (unpacked.encrypted) encrypted = true;
      if (unpacked.text) addText(unpacked.text);
      if (unpacked.html && !html) html = unpacked.html;
      const origin = rawPart?.part ?? String(i + 1);
      unpacked.attachments.forEach((u, k) => {
        out.push({ ...u, part: null, derivedKey: `att:smime:${origin}:${u.derivedKey ?? u.part ?? k + 1}`, damaged: u.damaged || damaged });
      });
      continue;
    }
    if (mime === 'application/ms-tnef' || mime === 'application/vnd.ms-tnef' || /^winmail\.dat$/i.test(a.filename ?? '')) {
      // winmail.dat: its files become the attachments, its body the message's when it has none.
      const tnef = readTnef(data);
      if (tnef && (tnef.attachments.length > 0 || tnef.text || tnef.html)) {
        if (tnef.html && !html) html = tnef.html;
        if (tnef.text && !text) text = tnef.text;
        const origin = rawPart?.part ?? String(i + 1);
        tnef.attachments.forEach((t, k) => {
          const tmime = cleanMime(t.mime ?? mimeFromName(t.filename));
          out.push({
            part: null,
            derivedKey: `att:tnef:${origin}:${k + 1}`,
            mime: tmime,
            filename: t.filename?.replace(/[\u0000-\u001f\u007f]/g, '').trim() || defaultPartName(tmime),
            contentId: null,
            disposition: 'attachment',
            data: t.data,
            damaged: damaged || t.damaged,
          });
        });
        continue;
      }
    }
    out.push({
      part: rawPart?.part ?? null,
      mime,
      filename: partName(a, rawPart) ?? defaultPartName(mime),
      contentId: a.contentId ?? null,
      disposition: a.disposition ?? null,
      data,
      damaged,
    });
  }
  return { text, html, attachments: out, encrypted, smime: encrypted ? 'encrypted' : signed ? 'signed' : null };
}
