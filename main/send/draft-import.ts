// A draft found in the server's Drafts folder (written here or on another workstation, by this client or
// another one), turned back into what the composer edits: recipients, subject, body, attachments, options.
import { simpleParser, type AddressObject } from 'mailparser';
import type { ComposeDraft } from '../../shared/types';
import type { Body, MessageDetail } from '../store/types';
import { DRAFT_ID_HEADER } from '../sync/protocol';
import { textToHtml } from '../../shared/html-text';
import { sanitizeOutgoingHtml as sanitizeHtml } from '../../shared/outgoing-html';

export interface ImportedDraft {
  draft: ComposeDraft;
  /** X-Mss-Draft-Id of the copy (absent when another client wrote it). */
  uuid: string | null;
  inReplyTo: string | null;
  references: string[];
}

const DRAFTS_NAMES = /^(drafts|brouillons)$/i;

/** Whether a cached folder is the BAL's Drafts folder (SPECIAL-USE, else its usual name). */
export function isDraftsFolder(f: { specialUse: string | null; path: string; name: string }): boolean {
  if (f.specialUse) return f.specialUse.toLowerCase() === '\\drafts';
  return DRAFTS_NAMES.test(f.name) || DRAFTS_NAMES.test(f.path);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function addresses(v: AddressObject | AddressObject[] | undefined): string[] {
  const list = (Array.isArray(v) ? v : v ? [v] : []).flatMap((o) => o.value);
  return list.filter((a) => !!a.address).map((a) => (a.name ? `${a.name} <${a.address}>` : a.address!)).slice(0, 200);
}

function header(h: Map<string, unknown>, name: string): string | null {
  const v = h.get(name);
  if (typeof v === 'string') return v.trim();
  if (v && typeof v === 'object' && 'text' in v && typeof (v as { text: unknown }).text === 'string') return (v as { text: string }).text.trim();
  return null;
}

/** The raw draft (RFC 5322) as the composer's draft of `bal`. */
export async function draftFromRaw(raw: Buffer, bal: string): Promise<ImportedDraft> {
  const m = await simpleParser(raw, { skipHtmlToText: false, skipTextLinks: true, skipImageLinks: true });
  const uuid = header(m.headers, DRAFT_ID_HEADER.toLowerCase());
  const html = typeof m.html === 'string' && m.html ? sanitizeHtml(m.html) : textToHtml(m.text ?? '');
  const refs = Array.isArray(m.references) ? m.references : m.references ? [m.references] : [];
  return {
    uuid: uuid && UUID.test(uuid) ? uuid : null,
    inReplyTo: m.inReplyTo ?? null,
    references: refs,
    draft: {
      bal,
      to: addresses(m.to),
      cc: addresses(m.cc),
      bcc: addresses(m.bcc),
      subject: m.subject ?? '',
      html,
      text: m.text ?? '',
      attachments: m.attachments
        .filter((a) => a.contentDisposition !== 'inline' || !a.contentId)
        .map((a) => ({ filename: a.filename || 'piece-jointe', mime: a.contentType || 'application/octet-stream', contentBase64: a.content.toString('base64') })),
      requestDsn: false,
      requestReadReceipt: !!header(m.headers, 'disposition-notification-to'),
      patientNoReply: (header(m.headers, 'x-mss-mes') ?? '').toUpperCase() === 'FIN',
    },
  };
}

/** Offline: the same from the cache (body and the attachments already downloaded). */
export function draftFromCache(message: MessageDetail, body: Body, bal: string, attachment: (part: string) => Buffer | null): ImportedDraft {
  const fmt = (a: { name?: string | null; address: string }) => (a.name ? `${a.name} <${a.address}>` : a.address);
  return {
    uuid: null,
    inReplyTo: message.inReplyTo,
    references: message.references,
    draft: {
      bal,
      to: message.to.map(fmt),
      cc: message.cc.map(fmt),
      bcc: [],
      subject: message.subject ?? '',
      html: body.html ? sanitizeHtml(body.html) : textToHtml(body.text ?? ''),
      text: body.text ?? '',
      attachments: message.attachments.flatMap((a) => {
        const data = a.fetched ? attachment(a.part) : null;
        return data ? [{ filename: a.filename ?? `piece-jointe-${a.part}`, mime: a.mime ?? 'application/octet-stream', contentBase64: data.toString('base64') }] : [];
      }),
      requestDsn: false,
      requestReadReceipt: !!message.mssHeaders['disposition-notification-to'],
      patientNoReply: (message.mssHeaders['x-mss-mes'] ?? '').trim().toUpperCase() === 'FIN',
    },
  };
}
