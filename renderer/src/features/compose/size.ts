// Message size accounting before sending (pure: unit tested). Attachments travel base64-encoded in MIME
// (4 bytes for 3, plus CRLF every 76 characters), which is what operators count against their limit.

/** Limit towards the patient space (`@patient.mssante.fr`), Ref#2. */
export const PATIENT_LIMIT_BYTES = 25 * 1000 * 1000;
/** Headers, MIME boundaries and part headers: a generous allowance. */
export const MIME_OVERHEAD_BYTES = 4096;
const PART_HEADER_BYTES = 300;

/** Decoded size of a base64 string (padding aware, whitespace ignored). */
export function base64DecodedSize(b64: string): number {
  const clean = b64.replace(/[\s]/g, '');
  if (!clean) return 0;
  const pad = clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0;
  return Math.floor((clean.length * 3) / 4) - pad;
}

/** Size of `bytes` once base64-encoded with 76-character lines and CRLF. */
export function base64EncodedSize(bytes: number): number {
  if (bytes <= 0) return 0;
  const chars = 4 * Math.ceil(bytes / 3);
  return chars + 2 * Math.ceil(chars / 76);
}

/** UTF-8 byte length of a string, without TextEncoder (works in any JS runtime). */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

export interface SizeInput {
  html: string;
  text: string;
  /** Decoded attachment sizes in bytes. */
  attachmentBytes: number[];
}

/** Estimated size of the whole message on the wire (bodies quoted-printable ≈ ×1.05). */
export function estimateMessageBytes({ html, text, attachmentBytes }: SizeInput): number {
  const bodies = Math.ceil((utf8Length(html) + utf8Length(text)) * 1.05) + 2 * PART_HEADER_BYTES;
  const atts = attachmentBytes.reduce((sum, b) => sum + base64EncodedSize(b) + PART_HEADER_BYTES, 0);
  return MIME_OVERHEAD_BYTES + bodies + atts;
}

/** The limit that applies: the operator's, and at most 25 MB as soon as a patient is among the recipients. */
export function applicableLimit(operatorLimit: number, hasPatient: boolean): { bytes: number; reason: 'operator' | 'patient' } {
  if (hasPatient && PATIENT_LIMIT_BYTES <= operatorLimit) return { bytes: PATIENT_LIMIT_BYTES, reason: 'patient' };
  return { bytes: operatorLimit, reason: 'operator' };
}

/** IHE XDM package: MSSanté requires this exact name for the zip. */
export function isXdmPackageName(filename: string): boolean {
  return /^IHE_XDM\.zip$/i.test(filename.trim());
}
