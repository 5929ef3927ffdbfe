// Header fields decoded from their raw bytes (pure). Servers summarise headers in ENVELOPE with the bytes as
// they came, and imapflow reads those as UTF-8: a Subject written by an old client in latin-1 or
// windows-1252 (no encoded words, or raw bytes inside one) turned into U+FFFD. Here: UTF-8 when the bytes
// are UTF-8, else the charset the message declares, else windows-1252 (what the WHATWG Encoding Standard
// and mail clients fall back to); encoded words (RFC 2047) decoded in their own charset, stray 8-bit bytes
// in them included.
import { TextDecoder } from 'node:util';
import { addressParser } from 'postal-mime';

/** Whether the bytes are well-formed UTF-8; 'truncated': UTF-8 with one multi-byte sequence cut short (a
 *  name cut at a byte limit mid-character), which is then dropped rather than the whole misread. */
function utf8State(bytes: Uint8Array): 'valid' | 'truncated' | 'invalid' {
  let truncated = 0;
  let multiByte = 0;
  for (let i = 0; i < bytes.length;) {
    const lead = bytes[i]!;
    if (lead < 0x80) {
      i++;
      continue;
    }
    const count = lead >= 0xc2 && lead <= 0xdf ? 1 : lead >= 0xe0 && lead <= 0xef ? 2 : lead >= 0xf0 && lead <= 0xf4 ? 3 : 0;
    if (count === 0) return 'invalid';
    let k = 1;
    while (k <= count && i + k < bytes.length && (bytes[i + k]! & 0xc0) === 0x80) k++;
    if (k <= count) {
      // Fewer continuation bytes than announced: a cut sequence if followed by ASCII or the end.
      const next = bytes[i + k];
      if (next !== undefined && next >= 0x80) return 'invalid';
      truncated++;
    } else multiByte++;
    i += k;
  }
  if (truncated === 0) return 'valid';
  // A lone latin-1 "é" looks like a cut sequence too: only text that is otherwise UTF-8 counts as cut.
  return truncated === 1 && multiByte > 0 ? 'truncated' : 'invalid';
}

const utf8 = new TextDecoder('utf-8');
const decoders = new Map<string, TextDecoder | null>();

function decoderFor(charset: string | undefined): TextDecoder | null {
  const label = (charset ?? '').trim().toLowerCase().replace(/\*.*$/, ''); // RFC 2231 language suffix
  if (!label) return null;
  if (!decoders.has(label)) {
    let d: TextDecoder | null = null;
    try {
      d = new TextDecoder(label);
    } catch {
      d = null; // a label the runtime does not know: as if none were declared
    }
    decoders.set(label, d);
  }
  return decoders.get(label) ?? null;
}

/** Bytes of unknown or doubtful encoding: UTF-8, else `charset` (when it is not UTF-8), else windows-1252. */
export function decodeBytes(bytes: Uint8Array, charset?: string): string {
  const state = utf8State(bytes);
  if (state === 'valid') return utf8.decode(bytes);
  if (state === 'truncated') return utf8.decode(bytes).replace(/\uFFFD/g, '');
  const declared = decoderFor(charset);
  const d = declared && declared.encoding !== 'utf-8' ? declared : decoderFor('windows-1252')!;
  return d.decode(bytes);
}

const ENCODED_WORD = /=\?([^?\s]+)\?([bBqQ])\?([^?]*?)\?=/g;

/** The bytes an encoded word carries (B or Q); characters that should not be there are taken as bytes. */
function wordBytes(encoding: string, payload: string): Buffer {
  if (encoding.toLowerCase() === 'b') return Buffer.from(payload.replace(/[^A-Za-z0-9+/]/g, ''), 'base64');
  const out: number[] = [];
  for (let i = 0; i < payload.length; i++) {
    const c = payload.charCodeAt(i);
    if (c === 0x5f) out.push(0x20);
    else if (c === 0x3d && /^[0-9A-Fa-f]{2}$/.test(payload.slice(i + 1, i + 3))) {
      out.push(parseInt(payload.slice(i + 1, i + 3), 16));
      i += 2;
    } else out.push(c & 0xff);
  }
  return Buffer.from(out);
}

/** An encoded word's bytes in its charset; a UTF-8 word holding latin-1 bytes falls back like raw text. */
function decodeWordBytes(charset: string, bytes: Buffer): string {
  const d = decoderFor(charset);
  if (!d || d.encoding === 'utf-8') return decodeBytes(bytes);
  return d.decode(bytes);
}

interface Segment { text: string; word?: { charset: string; bytes: Buffer } }

/** Splits a raw (latin1-read) header value into text and encoded words; adjacent words of one charset are
 *  joined before decoding (a multi-byte character may be split across two words). */
function segments(latin: string): Segment[] {
  const out: Segment[] = [];
  let last = 0;
  for (const m of latin.matchAll(ENCODED_WORD)) {
    const between = latin.slice(last, m.index);
    const prev = out[out.length - 1];
    const word = { charset: m[1]!.toLowerCase().replace(/\*.*$/, ''), bytes: wordBytes(m[2]!, m[3]!) };
    if (prev?.word && /^[ \t\r\n]*$/.test(between)) {
      // Whitespace between two encoded words is not part of the text (RFC 2047 §6.2).
      if (prev.word.charset === word.charset) prev.word.bytes = Buffer.concat([prev.word.bytes, word.bytes]);
      else out.push({ text: '', word });
    } else {
      if (between) out.push({ text: between });
      out.push({ text: '', word });
    }
    last = m.index + m[0].length;
  }
  if (last < latin.length) out.push({ text: latin.slice(last) });
  return out;
}

function asLatin(raw: Buffer | string): string {
  return typeof raw === 'string' ? raw : raw.toString('latin1');
}

/** A header value (unstructured: Subject) decoded from its raw bytes. */
export function decodeHeaderValue(raw: Buffer | string, charset?: string): string {
  return segments(asLatin(raw))
    .map((s) => (s.word ? decodeWordBytes(s.word.charset, s.word.bytes) : decodeBytes(Buffer.from(s.text, 'latin1'), charset)))
    .join('')
    .replace(/[\r\n]+/g, '')
    .trim();
}

export interface HeaderAddress { name: string | null; address: string }

/** Dovecot's (and UW's) stand-ins in ENVELOPE for an address without mailbox or domain: never an address. */
export function isPlaceholderAddress(address: string | undefined | null): boolean {
  return !!address && /MISSING_MAILBOX|MISSING_DOMAIN|\.MISSING-HOST-NAME\./i.test(address);
}

/** Raw text decoded, each encoded word rewritten as a clean UTF-8 one (stray bytes and all): the address
 *  parser decodes words only inside names, after the split, so a comma in a decoded name never splits the
 *  list. */
function cleanWords(latin: string, charset?: string): string {
  const parts = segments(latin);
  return parts
    .map((s, i) => (s.word
      // Two words in a row (different charsets) stay two words: whitespace between them, dropped when decoded.
      ? `${i > 0 && parts[i - 1]!.word ? ' ' : ''}=?utf-8?B?${Buffer.from(decodeWordBytes(s.word.charset, s.word.bytes), 'utf8').toString('base64')}?=`
      : decodeBytes(Buffer.from(s.text, 'latin1'), charset)))
    .join('');
}

/** An address list (From, To, Cc) decoded from its raw bytes; groups flattened, placeholders dropped. */
export function decodeAddressList(raw: Buffer | string, charset?: string): HeaderAddress[] {
  const text = cleanWords(asLatin(raw).replace(/\r?\n[ \t]+/g, ' '), charset);
  const out: HeaderAddress[] = [];
  const add = (name: string | undefined, address: string | undefined) => {
    const a = isPlaceholderAddress(address) ? '' : (address ?? '').trim();
    const n = (name ?? '').trim();
    if (a || n) out.push({ name: n || null, address: a });
  };
  for (const entry of addressParser(text)) {
    if ('group' in entry && Array.isArray(entry.group)) for (const m of entry.group) add(m.name, m.address);
    else add(entry.name, (entry as { address?: string }).address);
  }
  return out;
}

/** The time part of a Date, then whatever zone follows it. */
const TIME_THEN_ZONE = /(\d{1,2}:\d{2}(?::\d{2})?)(\s+.*)?$/;

/**
 * A Date header (RFC 5322, obsolete forms included) in ms, or null. A zone that cannot be read ("H0500",
 * "MET DST") and a missing zone count as UTC, as RFC 5322 says of "-0000" — never the machine's own zone.
 */
export function parseMailDate(raw: string | undefined | null): number | null {
  if (!raw) return null;
  const s = raw.replace(/\([^()]*\)/g, ' ').replace(/\s+/g, ' ').trim();
  const m = TIME_THEN_ZONE.exec(s);
  if (!m) return null;
  const zone = (m[2] ?? '').trim();
  const head = s.slice(0, m.index) + m[1];
  const tries = zone ? [s, `${head} +0000`] : [`${head} +0000`];
  for (const t of tries) {
    const v = Date.parse(t);
    if (Number.isFinite(v)) return v;
  }
  return null;
}

/** The `charset` parameter of a Content-Type value, if any. */
export function charsetOf(contentType: string | undefined): string | undefined {
  const m = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '');
  return m?.[1];
}
