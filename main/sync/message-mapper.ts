// FETCH response → store rows (pure). Headers requested beside the ENVELOPE: threading, MSSanté and
// read-receipt headers. Disposition-Notification-To is kept with the X-MSS-* headers (mssHeaders).
import type { FetchMessageObject, MessageStructureObject } from 'imapflow';
import type { MessageInput } from '../store/types';
import { parseMessageIdList } from '../store/threading';
import { charsetOf, decodeAddressList, decodeHeaderValue, isPlaceholderAddress, parseMailDate } from './header-decoding';

/** Header fields fetched with the headers (BODY.PEEK[HEADER.FIELDS (...)]). */
export const EXTRA_HEADERS = [
  'references',
  'in-reply-to',
  'disposition-notification-to',
  'x-mss-nil',
  'x-mss-codecda',
  'x-mss-ins',
  'x-mss-mes',
  'x-mss-type',
] as const;

/** Header fields read from their raw bytes rather than from ENVELOPE (whose 8-bit bytes imapflow reads as
 *  UTF-8), and, with Message-ID, when the server's ENVELOPE/BODYSTRUCTURE cannot be parsed. */
const DECODED_HEADERS = ['subject', 'from', 'to', 'cc', 'date', 'content-type'] as const;
export const FALLBACK_HEADERS = [...DECODED_HEADERS, 'message-id', ...EXTRA_HEADERS] as const;

export const FALLBACK_QUERY = {
  uid: true,
  flags: true,
  internalDate: true,
  size: true,
  headers: [...FALLBACK_HEADERS],
} as const;

/**
 * The FETCH items of a header sync. No BODYSTRUCTURE (issue #15): it was most of the cost of a header
 * (50 realistic messages: ~580 ms and 230 ms of our CPU with it, ~100 ms and 60 ms without, first fetch of
 * a folder), and the list only needs "has attachments", read from the Content-Type until the body is
 * extracted (storeBody then records the real attachment list). Large messages fetch theirs (bodies.ts).
 */
export const HEADER_QUERY = {
  uid: true,
  flags: true,
  envelope: true,
  internalDate: true,
  size: true,
  headers: [...DECODED_HEADERS, ...EXTRA_HEADERS],
} as const;

/** "Has attachments" from the top Content-Type, until the body says (a mixed multipart, or a single
 *  non-text part such as a PDF sent alone). */
function attachmentsLikely(contentType: string | undefined): boolean {
  const t = (contentType ?? '').trim().toLowerCase();
  if (/^application\/(x-)?pkcs7-/.test(t)) return false; // S/MIME: known once opened
  return t.startsWith('multipart/mixed') || t.startsWith('application/') || t.startsWith('image/') || t.startsWith('audio/') || t.startsWith('video/');
}

/** Unfolds a header block into lowercased name → value (raw bytes as latin1 characters, not MIME-decoded).
 *  A field present twice keeps its first value (two Subject lines: the first is the one shown, as most
 *  clients and the server's ENVELOPE do). */
export function parseHeaderBlock(raw: Buffer | string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!raw) return out;
  const text = typeof raw === 'string' ? raw : raw.toString('latin1');
  const unfolded = text.replace(/\r?\n[ \t]+/g, ' ');
  for (const line of unfolded.split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i <= 0) continue;
    const name = line.slice(0, i).trim().toLowerCase();
    if (!out.has(name)) out.set(name, line.slice(i + 1).trim());
  }
  return out;
}

function toDate(v: Date | string | undefined): number | null {
  if (v === undefined) return null;
  const t = v instanceof Date ? v.getTime() : Date.parse(v);
  return Number.isFinite(t) ? t : null;
}

function addr(a: { name?: string; address?: string } | undefined): { name: string | null; address: string } | null {
  const address = isPlaceholderAddress(a?.address) ? '' : a?.address ?? '';
  if (!a || (!address && !a.name)) return null;
  return { name: a.name || null, address };
}

type Addresses = NonNullable<MessageInput['to']>;

/** Subject, addresses and date from the raw header fields when they were fetched, else from ENVELOPE. */
function decodedFields(h: Map<string, string>, env: FetchMessageObject['envelope']): Pick<MessageInput, 'subject' | 'from' | 'to' | 'cc' | 'date'> {
  const charset = charsetOf(h.get('content-type'));
  const list = (name: 'to' | 'cc'): Addresses => {
    const raw = h.get(name);
    if (raw !== undefined) return decodeAddressList(raw, charset);
    return (env?.[name] ?? []).map(addr).filter((a): a is NonNullable<typeof a> => a !== null);
  };
  const rawFrom = h.get('from');
  const rawSubject = h.get('subject');
  const rawDate = h.get('date');
  return {
    subject: rawSubject !== undefined ? decodeHeaderValue(rawSubject, charset) : env?.subject ?? null,
    from: rawFrom !== undefined ? decodeAddressList(rawFrom, charset)[0] ?? null : addr(env?.from?.[0]),
    to: list('to'),
    cc: list('cc'),
    date: rawDate !== undefined ? parseMailDate(rawDate) : toDate(env?.date),
  };
}

/** A part's type, lowercased; a server may send none for a malformed Content-Type. */
export function partType(n: MessageStructureObject): string {
  return typeof n.type === 'string' && n.type ? n.type.toLowerCase() : 'application/octet-stream';
}

/** Leaf parts that are attachments (disposition attachment, or a named non-text part). */
export function attachmentParts(node: MessageStructureObject | undefined): MessageStructureObject[] {
  const found: MessageStructureObject[] = [];
  const walk = (n: MessageStructureObject): void => {
    if (n.childNodes && n.childNodes.length > 0) {
      // An attached message (message/rfc822) is one attachment, its inner parts are not listed.
      if (partType(n) === 'message/rfc822') found.push(n);
      else n.childNodes.forEach(walk);
      return;
    }
    const type = partType(n);
    const disposition = (n.disposition ?? '').toLowerCase();
    const named = !!(n.dispositionParameters?.filename || n.parameters?.name);
    if (disposition === 'attachment' || type === 'message/rfc822' || (named && !type.startsWith('text/') && !type.startsWith('multipart/'))) {
      found.push(n);
    }
  };
  if (node) walk(node);
  return found;
}

/** Text parts to show (text/plain and text/html outside attachments), for messages too large to download whole. */
export function textParts(node: MessageStructureObject | undefined): Array<{ part: string; type: 'text/plain' | 'text/html'; charset?: string; encoding?: string }> {
  const out: Array<{ part: string; type: 'text/plain' | 'text/html'; charset?: string; encoding?: string }> = [];
  const walk = (n: MessageStructureObject): void => {
    if (n.childNodes && n.childNodes.length > 0) {
      if (partType(n) !== 'message/rfc822') n.childNodes.forEach(walk);
      return;
    }
    const type = partType(n);
    if ((type === 'text/plain' || type === 'text/html') && (n.disposition ?? '').toLowerCase() !== 'attachment') {
      out.push({ part: n.part ?? '1', type, charset: n.parameters?.charset, encoding: n.encoding });
    }
  };
  if (node) walk(node);
  return out;
}

export function toMessageInput(m: FetchMessageObject): MessageInput {
  const h = parseHeaderBlock(m.headers);
  const env = m.envelope;
  const mss: Record<string, string> = {};
  for (const [k, v] of h) if (k.startsWith('x-mss-') || k === 'disposition-notification-to') mss[k] = v;
  const refs = parseMessageIdList(h.get('references'));
  const inReplyTo = parseMessageIdList(h.get('in-reply-to') ?? env?.inReplyTo)[0] ?? null;
  return {
    uid: m.uid,
    messageId: env?.messageId ?? null,
    inReplyTo,
    references: refs,
    ...decodedFields(h, env),
    internaldate: toDate(m.internalDate),
    size: m.size ?? null,
    flags: [...(m.flags ?? [])],
    modseq: m.modseq ?? null,
    hasAttachments: m.bodyStructure ? attachmentParts(m.bodyStructure).length > 0 : attachmentsLikely(h.get('content-type')),
    mssHeaders: mss,
  };
}

/**
 * Fallback for a message whose ENVELOPE/BODYSTRUCTURE response imapflow could not parse (hostile or broken
 * MIME): the same row built from its raw header fields. Never drops the message.
 */
export function toMessageInputFromHeaders(m: FetchMessageObject): MessageInput {
  const h = parseHeaderBlock(m.headers);
  const mss: Record<string, string> = {};
  for (const [k, v] of h) if (k.startsWith('x-mss-') || k === 'disposition-notification-to') mss[k] = v;
  const contentType = (h.get('content-type') ?? '').toLowerCase();
  return {
    uid: m.uid,
    messageId: parseMessageIdList(h.get('message-id'))[0] ?? null,
    inReplyTo: parseMessageIdList(h.get('in-reply-to'))[0] ?? null,
    references: parseMessageIdList(h.get('references')),
    ...decodedFields(h, undefined),
    internaldate: toDate(m.internalDate),
    size: m.size ?? null,
    flags: [...(m.flags ?? [])],
    modseq: m.modseq ?? null,
    hasAttachments: attachmentsLikely(contentType),
    mssHeaders: mss,
  };
}
