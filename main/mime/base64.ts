// Base64 content as far as it is valid (pure). Parsers skip characters outside the alphabet and go on,
// which turns everything after a cut or a stray block of garbage into noise; here decoding stops at the
// first character that does not belong, and the part is said damaged.

export interface Base64Result {
  data: Buffer;
  /** A character outside the alphabet, or a dangling last character: what follows was not decoded. */
  damaged: boolean;
}

const ALPHABET = /[A-Za-z0-9+/]/;
const OUTSIDE = /[^A-Za-z0-9+/=\s]/;

/** Whether base64 text is sound (the common case, checked without decoding: a native scan). */
export function base64IsSound(encoded: Buffer | string): boolean {
  const s = typeof encoded === 'string' ? encoded : encoded.toString('latin1');
  if (OUTSIDE.test(s)) return false;
  // Each unit (text between paddings) must not end with a lone character.
  for (const unit of s.split('=')) {
    let n = 0;
    for (let i = 0; i < unit.length; i++) {
      const c = unit.charCodeAt(i);
      if (c !== 0x20 && c !== 0x09 && c !== 0x0d && c !== 0x0a) n++;
    }
    if (n % 4 === 1) return false;
  }
  return true;
}

export function decodeBase64Prefix(encoded: Buffer | string): Base64Result {
  const s = typeof encoded === 'string' ? encoded : encoded.toString('latin1');
  const chunks: Buffer[] = [];
  let unit = '';
  let damaged = false;
  let i = 0;
  for (; i < s.length; i++) {
    const c = s[i]!;
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') continue;
    if (c === '=') {
      // Padding ends a unit; some mailers pad every line, so decoding goes on after it.
      if (unit.length === 1) damaged = true;
      if (unit) chunks.push(Buffer.from(unit, 'base64'));
      unit = '';
      continue;
    }
    if (!ALPHABET.test(c)) {
      damaged = true;
      break;
    }
    unit += c;
    if (unit.length >= 4096) {
      chunks.push(Buffer.from(unit, 'base64'));
      unit = '';
    }
  }
  // A lone character is six bits of a byte: not a byte.
  if (unit.length % 4 === 1) damaged = true;
  if (unit) chunks.push(Buffer.from(unit.length % 4 === 1 ? unit.slice(0, -1) : unit, 'base64'));
  return { data: Buffer.concat(chunks), damaged };
}
