// Delivery status notifications (RFC 3464, multipart/report; report-type=delivery-status) and message
// disposition notifications (RFC 8098, report-type=disposition-notification), read from a raw message or
// from what the cache keeps of one (text body + attachments; mailparser puts message/delivery-status in
// the text and message/disposition-notification in the attachments).
import { simpleParser } from 'mailparser';
import type { RecipientStatus } from '../../shared/types';

export interface DsnRecipient {
  address: string;
  originalRecipient: string | null;
  action: string;
  status: string | null;
  diagnostic: string | null;
}

export type Report =
  | { kind: 'dsn'; envelopeId: string | null; originalMessageId: string | null; recipients: DsnRecipient[] }
  | {
      kind: 'mdn';
      originalMessageId: string | null;
      finalRecipient: string | null;
      originalRecipient: string | null;
      /** e.g. "manual-action/MDN-sent-manually; displayed" */
      disposition: string;
      /** displayed | deleted | dispatched | processed ... */
      type: string;
    };

export interface ReportParts {
  /** Top-level Content-Type when known (report-type). */
  contentType?: string | null;
  text: string | null;
  attachments: Array<{ mime: string; data: Buffer | null }>;
}

/** Unfolded header-style fields of one block ("Name: value"), names lower-cased; first value wins. */
function fieldsOf(block: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of block.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const m = /^([A-Za-z][A-Za-z0-9-]*):\s*(.*)$/.exec(line);
    if (m && !out.has(m[1]!.toLowerCase())) out.set(m[1]!.toLowerCase(), m[2]!.trim());
  }
  return out;
}

const blocks = (text: string) => text.split(/\r?\n[ \t]*\r?\n/);

/** `rfc822; user@example.org` → `user@example.org` */
export function addressOfTyped(v: string | undefined | null): string | null {
  if (!v) return null;
  const a = (v.includes(';') ? v.slice(v.indexOf(';') + 1) : v).trim().replace(/^<|>$/g, '');
  return a.includes('@') ? a : null;
}

function messageIdOf(v: string | undefined | null): string | null {
  const m = v ? /<[^<>\s]+>/.exec(v) : null;
  return m ? m[0] : null;
}

export function parseDeliveryStatus(text: string): { envelopeId: string | null; recipients: DsnRecipient[] } {
  let envelopeId: string | null = null;
  const recipients: DsnRecipient[] = [];
  for (const b of blocks(text)) {
    const f = fieldsOf(b);
    if (!envelopeId && f.has('original-envelope-id')) envelopeId = f.get('original-envelope-id')!.trim() || null;
    const action = f.get('action')?.toLowerCase().split(/\s/)[0];
    const address = addressOfTyped(f.get('final-recipient')) ?? addressOfTyped(f.get('original-recipient'));
    if (!action || !address) continue;
    recipients.push({
      address,
      originalRecipient: addressOfTyped(f.get('original-recipient')),
      action,
      status: f.get('status')?.split(/\s/)[0] ?? null,
      diagnostic: f.get('diagnostic-code')?.slice(0, 300) ?? null,
    });
  }
  return { envelopeId, recipients };
}

export function parseDispositionNotification(text: string): Extract<Report, { kind: 'mdn' }> | null {
  const f = fieldsOf(text);
  const disposition = f.get('disposition');
  if (!disposition) return null;
  const type = (disposition.split(';')[1] ?? '').trim().split(/[\s/]/)[0]?.toLowerCase() ?? '';
  return {
    kind: 'mdn',
    originalMessageId: messageIdOf(f.get('original-message-id')),
    finalRecipient: addressOfTyped(f.get('final-recipient')),
    originalRecipient: addressOfTyped(f.get('original-recipient')),
    disposition,
    type,
  };
}

const DSN_MIMES = new Set(['message/delivery-status', 'message/global-delivery-status']);
const MDN_MIMES = new Set(['message/disposition-notification', 'message/global-disposition-notification']);

export function extractReport(parts: ReportParts): Report | null {
  const ct = (parts.contentType ?? '').toLowerCase();
  const mdnPart = parts.attachments.find((a) => MDN_MIMES.has(a.mime.toLowerCase()) && a.data);
  if (mdnPart || ct.includes('disposition-notification')) {
    const mdn = parseDispositionNotification(mdnPart?.data?.toString('utf8') ?? parts.text ?? '');
    if (mdn) return mdn;
  }
  const dsnPart = parts.attachments.find((a) => DSN_MIMES.has(a.mime.toLowerCase()) && a.data);
  const dsnText = dsnPart?.data?.toString('utf8') ?? parts.text ?? '';
  if (dsnPart || ct.includes('delivery-status') || /^Final-Recipient:/im.test(dsnText)) {
    const parsed = parseDeliveryStatus(dsnText);
    if (parsed.recipients.length === 0) return null;
    const headersPart = parts.attachments.find((a) => /^(text\/rfc822-headers|message\/rfc822|message\/global-headers)$/i.test(a.mime) && a.data);
    const originalMessageId = headersPart?.data ? messageIdOf(fieldsOf(headersPart.data.toString('utf8').split(/\r?\n\r?\n/)[0] ?? '').get('message-id')) : null;
    return { kind: 'dsn', envelopeId: parsed.envelopeId, originalMessageId, recipients: parsed.recipients };
  }
  return null;
}

/** Parses a raw report message (IMAP BODY[] or a test sample). */
export async function parseReportMessage(raw: Buffer): Promise<Report | null> {
  const parsed = await simpleParser(raw, { skipHtmlToText: true, skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true });
  const ct = parsed.headers.get('content-type') as { value?: string; params?: Record<string, string> } | string | undefined;
  const contentType = typeof ct === 'string' ? ct : ct ? `${ct.value ?? ''}; report-type=${ct.params?.['report-type'] ?? ''}` : null;
  return extractReport({
    contentType,
    text: parsed.text ?? null,
    attachments: parsed.attachments.map((a) => ({ mime: a.contentType ?? 'application/octet-stream', data: a.content })),
  });
}

/** DSN action → recipient status. */
export function statusOfAction(action: string): RecipientStatus | null {
  switch (action) {
    case 'delivered':
    case 'relayed':
    case 'expanded':
      return 'delivered';
    case 'failed':
      return 'failed';
    case 'delayed':
      return 'delayed';
    default:
      return null;
  }
}

/** MDN disposition type → recipient status (displayed = read; deleted/processed/dispatched = delivered). */
export function statusOfDisposition(type: string): RecipientStatus {
  return type === 'displayed' ? 'read' : 'delivered';
}

export function dsnDetail(r: DsnRecipient): string {
  const base = r.action === 'failed' ? 'Non distribué' : r.action === 'delayed' ? 'Distribution retardée' : 'Distribué';
  return [base, r.status ? `(${r.status})` : null, r.diagnostic ? `– ${r.diagnostic}` : null].filter(Boolean).join(' ');
}

export function mdnDetail(type: string): string {
  switch (type) {
    case 'displayed':
      return 'Lu (accusé de lecture reçu)';
    case 'deleted':
      return 'Supprimé sans avoir été lu';
    case 'processed':
      return 'Traité automatiquement par le destinataire';
    case 'dispatched':
      return 'Transmis sans avoir été lu';
    default:
      return `Accusé reçu : ${type}`;
  }
}
