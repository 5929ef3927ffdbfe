// What an S/MIME (CMS, RFC 5652) blob holds, read from its outer ContentInfo (pure): enveloped data is
// encrypted for its recipients' keys and cannot be read here (the reader says so in French); opaque
// signed data carries the message itself, which is unpacked and shown as signed.
import * as pkijs from 'pkijs';

/** DER OIDs of the CMS content types (1.2.840.113549.1.7.x and 1.2.840.113549.1.9.16.1.23). */
const OID_PREFIX = [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07];
const AUTH_ENVELOPED = Buffer.from([0x06, 0x0b, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x10, 0x01, 0x17]);

export type CmsKind = 'enveloped' | 'signed' | 'other' | null;

/** Skips a DER tag and length at `i`; the offset of the content, or -1. */
function enter(b: Buffer, i: number, tag: number): number {
  if (b[i] !== tag) return -1;
  const l = b[i + 1];
  if (l === undefined) return -1;
  if (l < 0x80) return i + 2;
  const n = l & 0x7f;
  return n >= 1 && n <= 4 ? i + 2 + n : l === 0x80 ? i + 2 : -1; // 0x80: BER indefinite length
}

/** The kind of a DER/BER ContentInfo, null when the bytes are not one (base64 text, garbage). */
export function cmsContentType(data: Buffer): CmsKind {
  const inner = enter(data, 0, 0x30);
  if (inner < 0) return null;
  if (data.subarray(inner, inner + AUTH_ENVELOPED.length).equals(AUTH_ENVELOPED)) return 'enveloped';
  for (let k = 0; k < OID_PREFIX.length; k++) if (data[inner + k] !== OID_PREFIX[k]) return null;
  const last = data[inner + OID_PREFIX.length];
  return last === 0x03 ? 'enveloped' : last === 0x02 ? 'signed' : 'other';
}

/** Opaque signed messages are small things (a letter and its files): beyond this, not unpacked. */
const MAX_SIGNED_BYTES = 64 * 1024 * 1024;

/**
 * The content of an opaque S/MIME signed message (application/pkcs7-mime; smime-type=signed-data): the
 * MIME entity inside SignedData's encapContentInfo (BER constructed OCTET STRINGs joined), or null when
 * the bytes are not signed data or hold no content (a detached signature). The signature is not checked.
 */
export function signedContent(data: Buffer): Buffer | null {
  if (data.length > MAX_SIGNED_BYTES || cmsContentType(data) !== 'signed') return null;
  try {
    const info = pkijs.ContentInfo.fromBER(new Uint8Array(data));
    if (info.contentType !== pkijs.ContentInfo.SIGNED_DATA) return null;
    const signed = new pkijs.SignedData({ schema: info.content });
    const e = signed.encapContentInfo.eContent;
    if (!e) return null;
    const bytes = Buffer.from(e.getValue());
    return bytes.length > 0 ? bytes : null;
  } catch {
    return null;
  }
}
