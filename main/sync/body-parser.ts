// Raw message → text, HTML and attachments for the store (main/mime/parse-message.ts: postal-mime and the
// raw MIME tree). CPU-bound: runs in the engine worker. `parseRawMessage` is the one entry point the sync
// pipeline calls; it never throws.
import crypto from 'node:crypto';
import type { MessageStructureObject } from 'imapflow';
import { parseMessage, type MessagePart } from '../mime/parse-message';
import type { AttachmentInput } from '../store/types';
import { attachmentParts, partType } from './message-mapper';

export interface ParsedAttachment extends AttachmentInput {
  data: Buffer;
  /** Only part of the content could be read (invalid base64): what was valid is kept. */
  damaged: boolean;
}

export interface ParsedBody {
  text: string | null;
  html: string | null;
  rawSize: number;
  attachments: ParsedAttachment[];
  /** S/MIME enveloped (encrypted) message: its content cannot be read here. */
  encrypted: boolean;
  /** S/MIME state stored with the message (parse-message.ts). */
  smime: 'signed' | 'encrypted' | null;
}

export function sha256(data: Buffer): string {
  return crypto.createHash('sha256').update(data).digest('hex');
}

/**
 * Attachment identifiers: the IMAP part numbers from BODYSTRUCTURE when the parsed list lines up with it
 * (same count and types), so a later on-demand download uses the same key; else the part numbers of the
 * raw tree; else a positional key ("att:<n>", found again by parsing the message again).
 */
function partKeys(atts: MessagePart[], structure: MessageStructureObject | undefined): string[] {
  const parts = attachmentParts(structure);
  const direct = atts.filter((a) => !a.derivedKey);
  const aligned = parts.length === direct.length && direct.every((a, i) => partType(parts[i]!) === a.mime);
  let d = 0;
  const keys = atts.map((a, i) => {
    if (a.derivedKey) return a.derivedKey;
    const fromStructure = aligned ? parts[d++]!.part : undefined;
    return fromStructure ?? a.part ?? `att:${i + 1}`;
  });
  // Keys are unique within a message (the store's key): any clash → positional keys for all.
  return new Set(keys).size === keys.length ? keys : atts.map((a, i) => a.derivedKey ?? `att:${i + 1}`);
}

/** Attachments up to this size keep their content beside the source too (reports' parts, logos: cheap). */
export const INLINE_ATTACHMENT_MAX = 32 * 1024;

/**
 * The attachments of a message whose raw source is stored with it: listed (part, hash, name, size); the
 * content of those over INLINE_ATTACHMENT_MAX stays in the source only (read from it by
 * stored-attachment.ts), so a PDF is stored once, not a second time decoded beside its message.
 */
export function listedOnly(attachments: readonly ParsedAttachment[]): AttachmentInput[] {
  // `damaged` is kept: the reader says a part was decoded only in part (migration 011).
  return attachments.map(({ data, ...listed }) => (data.length <= INLINE_ATTACHMENT_MAX ? { ...listed, data } : listed));
}

/** Unparseable message (limits of the MIME parser): its source, as plain text, this long. */
const FALLBACK_TEXT_BYTES = 256 * 1024;

/**
 * Never throws on hostile content: a message the parser refuses (nesting, part or header limits) is kept
 * as its source in plain text, so one message can never block the bodies of a whole folder.
 */
export async function parseRawMessage(raw: Buffer, structure?: MessageStructureObject): Promise<ParsedBody> {
  try {
    const parsed = await parseMessage(raw);
    if (parsed) {
      const keys = partKeys(parsed.attachments, structure);
      return {
        text: parsed.text,
        html: parsed.html,
        rawSize: raw.length,
        encrypted: parsed.encrypted,
        smime: parsed.smime,
        attachments: parsed.attachments.map((a, i) => ({
          part: keys[i]!,
          sha256: sha256(a.data),
          size: a.data.length,
          mime: a.mime,
          filename: a.filename,
          contentId: a.contentId,
          disposition: a.disposition,
          data: a.data,
          damaged: a.damaged,
        })),
      };
    }
  } catch {
    // Whatever went wrong, the message is still kept (as its source, below).
  }
  return { text: raw.subarray(0, FALLBACK_TEXT_BYTES).toString('utf8'), html: null, rawSize: raw.length, attachments: [], encrypted: false, smime: null };
}
