// Raw message → text, HTML and attachments (mailparser 3.9.31). CPU-bound: runs in the engine worker.
import crypto from 'node:crypto';
import type { MessageStructureObject } from 'imapflow';
import { simpleParser, type Attachment, type ParsedMail } from 'mailparser';
import type { AttachmentInput } from '../store/types';
import { attachmentParts, partType } from './message-mapper';

export interface ParsedBody {
  text: string | null;
  html: string | null;
  rawSize: number;
  attachments: AttachmentInput[];
}

export function sha256(data: Buffer): string {
  return crypto.createHash('sha256').update(data).digest('hex');
}

/**
 * Attachment identifiers are the IMAP part numbers from BODYSTRUCTURE when mailparser's attachment list
 * lines up with it (same count and types), so a later on-demand download uses the same key; otherwise
 * a positional key ("att:<n>").
 */
function partKeys(atts: Attachment[], structure: MessageStructureObject | undefined): string[] {
  const parts = attachmentParts(structure);
  const aligned = parts.length === atts.length
    && parts.every((p, i) => partType(p) === mimeOf(atts[i]!));
  return atts.map((_, i) => (aligned ? parts[i]!.part ?? `att:${i + 1}` : `att:${i + 1}`));
}

/** mailparser gives `false` (not a string) for a Content-Type it cannot read (`Content-Type: ; name=x`):
 *  such a part is kept as opaque bytes. */
function mimeOf(a: Attachment): string {
  const t = typeof a.contentType === 'string' ? a.contentType.trim().toLowerCase() : '';
  return /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/.test(t) ? t : 'application/octet-stream';
}

const PARSE_OPTIONS = { skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true, keepCidLinks: true } as const;
/** mailparser's HTML→text conversion is quadratic on deeply nested HTML: above this size it is only
 *  attempted when the decoded HTML itself is small. */
const HTML_TO_TEXT_MAX_BYTES = 512 * 1024;
/** Unparseable message (limits of the MIME splitter, broken HTML): its source, as plain text, this long. */
const FALLBACK_TEXT_BYTES = 256 * 1024;

async function parseWithLimits(raw: Buffer): Promise<ParsedMail | null> {
  try {
    if (raw.length <= HTML_TO_TEXT_MAX_BYTES) return await simpleParser(raw, PARSE_OPTIONS);
    const fast = await simpleParser(raw, { ...PARSE_OPTIONS, skipHtmlToText: true });
    const smallHtml = typeof fast.html === 'string' && fast.html.length <= HTML_TO_TEXT_MAX_BYTES / 2;
    return !fast.text && smallHtml ? await simpleParser(raw, PARSE_OPTIONS) : fast;
  } catch {
    // HTML too deep for the text conversion (mailparser then rejects the whole message): without it.
    return simpleParser(raw, { ...PARSE_OPTIONS, skipHtmlToText: true }).catch(() => null);
  }
}

/**
 * Never throws on hostile content: a message the parser refuses (nesting or header limits) is kept as its
 * source in plain text, so one message can never block the bodies of a whole folder.
 */
export async function parseRawMessage(raw: Buffer, structure?: MessageStructureObject): Promise<ParsedBody> {
  try {
    const parsed = await parseWithLimits(raw);
    if (parsed) return toParsedBody(parsed, raw, structure);
  } catch {
    // Whatever the parser's output was, the message is still kept (as its source, below).
  }
  return { text: raw.subarray(0, FALLBACK_TEXT_BYTES).toString('utf8'), html: null, rawSize: raw.length, attachments: [] };
}

function toParsedBody(parsed: ParsedMail, raw: Buffer, structure: MessageStructureObject | undefined): ParsedBody {
  // Inline images referenced by the HTML (cid:) are attachments as well: content stored once by hash.
  const atts = parsed.attachments ?? [];
  const keys = partKeys(atts, structure);
  return {
    text: parsed.text ?? null,
    html: typeof parsed.html === 'string' ? parsed.html : null,
    rawSize: raw.length,
    attachments: atts.map((a, i) => ({
      part: keys[i]!,
      sha256: sha256(a.content),
      size: a.content.length,
      mime: mimeOf(a),
      filename: a.filename ?? null,
      contentId: a.contentId ?? a.cid ?? null,
      disposition: a.contentDisposition ?? null,
      data: a.content,
    })),
  };
}
