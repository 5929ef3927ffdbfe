// TNEF (winmail.dat, MS-OXTNEF) reader (pure, never throws): Outlook and Exchange wrap a message's
// attachments and its rich body in one application/ms-tnef part that other clients cannot open. The one
// npm TNEF reader (node-tnef) is unmaintained and pulls a logger and a CLI parser into the engine, so this
// reads what the reader shows: the attachments (long names, types, content), the plain body, the HTML
// body, and the compressed RTF body (MS-OXRTFCP) as HTML when it encapsulates HTML, else as text.
import { TextDecoder } from 'node:util';
import { rtfToBody } from './rtf';

export interface TnefAttachment {
  filename: string | null;
  mime: string | null;
  data: Buffer;
  /** The attribute's checksum did not match, or the data ran past the end. */
  damaged: boolean;
}

export interface TnefContent {
  text: string | null;
  html: string | null;
  attachments: TnefAttachment[];
  /** Some attribute was cut or failed its checksum. */
  damaged: boolean;
}

const SIGNATURE = 0x223e9f78;

// Attribute ids (MS-OXTNEF 2.1.3.1): type in the high 16 bits, id in the low ones.
const ATT_BODY = 0x0002800c;
const ATT_MSG_PROPS = 0x00069003;
const ATT_ATTACH_REND_DATA = 0x00069002;
const ATT_ATTACH_TITLE = 0x00018010;
const ATT_ATTACH_DATA = 0x0006800f;
const ATT_ATTACHMENT = 0x00069005;
const ATT_OEM_CODEPAGE = 0x00069007;

// MAPI property ids.
const PR_BODY = 0x1000;
const PR_RTF_COMPRESSED = 0x1009;
const PR_BODY_HTML = 0x1013;
const PR_INTERNET_CPID = 0x3fde;
const PR_ATTACH_DATA = 0x3701;
const PR_ATTACH_FILENAME = 0x3704;
const PR_ATTACH_LONG_FILENAME = 0x3707;
const PR_ATTACH_MIME_TAG = 0x370e;
const PR_DISPLAY_NAME = 0x3001;

const MAX_ATTRIBUTES = 10_000;
const MAX_PROPS = 10_000;

interface MapiProp { id: number; type: number; values: Buffer[] }

/** Windows code page → a TextDecoder label. */
function decoderForCodepage(cp: number | undefined): TextDecoder {
  const label = cp === 65001 ? 'utf-8' : cp && cp >= 874 && cp <= 1258 ? `windows-${cp}` : cp === 28591 ? 'iso-8859-1' : cp === 28605 ? 'iso-8859-15' : 'windows-1252';
  try {
    return new TextDecoder(label);
  } catch {
    return new TextDecoder('windows-1252');
  }
}

function cString(b: Buffer, dec: TextDecoder): string {
  const end = b.indexOf(0);
  return dec.decode(end >= 0 ? b.subarray(0, end) : b).trim();
}

const FIXED_SIZES: Record<number, number> = {
  0x0001: 4, 0x0002: 4, 0x0003: 4, 0x0004: 4, 0x0005: 8, 0x0006: 8, 0x0007: 8, 0x000a: 4, 0x000b: 4, 0x0014: 8, 0x0040: 8, 0x0048: 16,
};
const VARIABLE = new Set([0x001e, 0x001f, 0x0102, 0x000d]);

const pad4 = (n: number) => (n + 3) & ~3;

/** A MAPI property list (MS-OXTNEF 2.1.3.4); what could be read before a cut. */
function readProps(b: Buffer): MapiProp[] {
  const out: MapiProp[] = [];
  if (b.length < 4) return out;
  const count = Math.min(b.readUInt32LE(0), MAX_PROPS);
  let i = 4;
  for (let n = 0; n < count && i + 4 <= b.length; n++) {
    const type = b.readUInt16LE(i);
    const id = b.readUInt16LE(i + 2);
    i += 4;
    if (id >= 0x8000) {
      // Named property: GUID, then a numeric id or a UTF-16 name.
      if (i + 20 > b.length) break;
      const kind = b.readUInt32LE(i + 16);
      i += 20;
      if (kind === 0) i += 4;
      else {
        if (i + 4 > b.length) break;
        i += 4 + pad4(b.readUInt32LE(i));
      }
    }
    const multi = (type & 0x1000) !== 0;
    const base = type & 0x0fff;
    const values: Buffer[] = [];
    const fixed = FIXED_SIZES[base];
    if (fixed !== undefined) {
      let k = 1;
      if (multi) {
        if (i + 4 > b.length) break;
        k = b.readUInt32LE(i);
        i += 4;
      }
      for (let v = 0; v < k && i + fixed <= b.length && v < MAX_PROPS; v++) {
        values.push(b.subarray(i, i + fixed));
        i += fixed;
      }
    } else if (VARIABLE.has(base)) {
      if (i + 4 > b.length) break;
      const k = b.readUInt32LE(i);
      i += 4;
      for (let v = 0; v < k && i + 4 <= b.length && v < MAX_PROPS; v++) {
        const len = b.readUInt32LE(i);
        i += 4;
        values.push(b.subarray(i, Math.min(b.length, i + len)));
        i += pad4(len);
      }
    } else break; // unknown type: its size is unknown, stop here
    out.push({ id, type: base, values });
    if (i > b.length) break;
  }
  return out;
}

function propString(p: MapiProp | undefined, dec: TextDecoder): string | null {
  const v = p?.values[0];
  if (!v) return null;
  const s = p.type === 0x001f ? v.toString('utf16le') : dec.decode(v);
  return s.replace(/\u0000+$/, '').trim() || null;
}

function propBinary(p: MapiProp | undefined): Buffer | null {
  const v = p?.values[0];
  if (!v) return null;
  // PT_OBJECT data starts with the 16-byte IID of its interface.
  return p.type === 0x000d ? v.subarray(16) : v;
}

/** Reads a winmail.dat; null when the bytes are not TNEF. */
export function readTnef(data: Buffer): TnefContent | null {
  if (data.length < 6 || data.readUInt32LE(0) !== SIGNATURE) return null;
  let i = 6; // signature, legacy key
  let dec = decoderForCodepage(undefined);
  const out: TnefContent = { text: null, html: null, attachments: [], damaged: false };
  let current: (TnefAttachment & { longName?: string | null }) | null = null;
  let msgProps: MapiProp[] = [];
  for (let n = 0; n < MAX_ATTRIBUTES && i + 9 <= data.length; n++) {
    const level = data[i]!;
    const id = data.readUInt32LE(i + 1);
    const len = data.readUInt32LE(i + 5);
    const start = i + 9;
    const end = start + len;
    const value = data.subarray(start, Math.min(end, data.length));
    const cut = end + 2 > data.length;
    let sum = 0;
    for (const byte of value) sum = (sum + byte) & 0xffff;
    const damaged = cut || data.readUInt16LE(end) !== sum;
    if (damaged) out.damaged = true;
    i = end + 2;
    if (level === 0x01) {
      if (id === ATT_OEM_CODEPAGE && value.length >= 4) dec = decoderForCodepage(value.readUInt32LE(0));
      else if (id === ATT_BODY) out.text = cString(value, dec) || null;
      else if (id === ATT_MSG_PROPS) msgProps = readProps(value);
    } else if (level === 0x02) {
      if (id === ATT_ATTACH_REND_DATA) {
        current = { filename: null, mime: null, data: Buffer.alloc(0), damaged: false };
        out.attachments.push(current);
      } else if (current) {
        if (id === ATT_ATTACH_TITLE) current.filename = cString(value, dec) || null;
        else if (id === ATT_ATTACH_DATA) {
          current.data = Buffer.from(value);
          current.damaged ||= damaged;
        } else if (id === ATT_ATTACHMENT) {
          const props = readProps(value);
          const find = (pid: number) => props.find((p) => p.id === pid);
          const long = propString(find(PR_ATTACH_LONG_FILENAME), dec) ?? propString(find(PR_DISPLAY_NAME), dec);
          if (long) current.filename = long;
          else if (!current.filename) current.filename = propString(find(PR_ATTACH_FILENAME), dec);
          current.mime = propString(find(PR_ATTACH_MIME_TAG), dec);
          const bin = propBinary(find(PR_ATTACH_DATA));
          if (current.data.length === 0 && bin) current.data = Buffer.from(bin);
        }
      }
    }
    if (cut) break;
  }
  const cpid = msgProps.find((p) => p.id === PR_INTERNET_CPID)?.values[0];
  if (cpid && cpid.length >= 4) dec = decoderForCodepage(cpid.readUInt32LE(0));
  const find = (pid: number) => msgProps.find((p) => p.id === pid);
  out.text ??= propString(find(PR_BODY), dec);
  const html = find(PR_BODY_HTML);
  if (html?.values[0]) out.html = (html.type === 0x001f ? html.values[0].toString('utf16le') : dec.decode(html.values[0])).replace(/\u0000+$/, '') || null;
  const rtf = propBinary(find(PR_RTF_COMPRESSED));
  if (rtf && !out.html) {
    const body = rtfToBody(rtf);
    if (body?.html) out.html = body.html;
    else if (body?.text && !out.text) out.text = body.text;
  }
  out.attachments = out.attachments.filter((a) => a.data.length > 0 || a.filename);
  return out;
}
