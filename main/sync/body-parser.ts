// Raw message → text, HTML and attachments (mailparser 3.9.31). CPU-bound: runs in the engine worker.
import crypto from 'node:crypto';
import type { MessageStructureObject } from 'imapflow';
import { simpleParser, type Attachment } from 'mailparser';
import type { AttachmentInput } from '../store/types';
import { attachmentParts } from './message-mapper';

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
    && parts.every((p, i) => p.type.toLowerCase() === (atts[i]!.contentType ?? '').toLowerCase());
  return atts.map((_, i) => (aligned ? parts[i]!.part ?? `att:${i + 1}` : `att:${i + 1}`));
}

export async function parseRawMessage(raw: Buffer, structure?: MessageStructureObject): Promise<ParsedBody> {
  const parsed = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true, keepCidLinks: true });
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
      mime: a.contentType || 'application/octet-stream',
      filename: a.filename ?? null,
      contentId: a.contentId ?? a.cid ?? null,
      disposition: a.contentDisposition ?? null,
      data: a.content,
    })),
  };
}
