// The composer's working state and its conversion to the contract's ComposeDraft.
import type { ComposeDraft, DirectoryEntry, TrustDomainInfo } from '../../../../shared/types';
import { htmlToText } from '../../../../shared/html-text';
import { type Recipient, formatRecipient, isMssanteDomain, isPatientAddress, parseRecipient } from '../../../../shared/addresses';
import { base64DecodedSize } from './size';
import { sanitizeComposeHtml } from './sanitize-compose';
import { endsExchange } from './mes-rules';

export type Field = 'to' | 'cc' | 'bcc';

export interface Chip extends Recipient {
  /** Verdict of the trust list when known (directory), else guessed from the domain. */
  trusted: boolean;
  patient: boolean;
  entry?: DirectoryEntry;
  /** The trust list's entry for the domain (operator, description), once looked up. */
  trust?: TrustDomainInfo | null;
}

export interface LocalAttachment {
  id: string;
  filename: string;
  mime: string;
  contentBase64: string;
  size: number;
}

export interface ComposeState {
  draftId?: number;
  bal: string;
  fromLabel: string;
  to: Chip[];
  cc: Chip[];
  bcc: Chip[];
  subject: string;
  attachments: LocalAttachment[];
  requestDsn: boolean;
  requestReadReceipt: boolean;
  patientNoReply: boolean;
  inReplyToMessageId?: number;
  forwardOfMessageId?: number;
  forwardAsAttachment?: boolean;
}

let seq = 0;
export const attachmentId = () => `att-${Date.now().toString(36)}-${++seq}`;

export function chipFrom(r: Recipient, entry?: DirectoryEntry): Chip {
  return {
    ...r,
    name: r.name ?? entry?.name ?? null,
    trusted: entry ? entry.trusted : isMssanteDomain(r.address),
    patient: isPatientAddress(r.address),
    ...(entry ? { entry } : {}),
  };
}

export function chipFromEntry(e: DirectoryEntry): Chip {
  return chipFrom({ name: e.name, address: e.address, key: e.address.toLowerCase(), valid: true }, e);
}

export function stateFromDraft(d: ComposeDraft): ComposeState {
  const chips = (list: string[]) => list.map((s) => parseRecipient(s)).filter((r): r is Recipient => !!r).map((r) => chipFrom(r));
  return {
    ...(d.draftId !== undefined ? { draftId: d.draftId } : {}),
    bal: d.bal,
    fromLabel: d.fromLabel ?? '',
    to: chips(d.to),
    cc: chips(d.cc),
    bcc: chips(d.bcc),
    subject: d.subject,
    attachments: d.attachments.map((a) => ({ ...a, id: attachmentId(), size: base64DecodedSize(a.contentBase64) })),
    requestDsn: d.requestDsn,
    requestReadReceipt: d.requestReadReceipt,
    patientNoReply: d.patientNoReply,
    ...(d.inReplyToMessageId !== undefined ? { inReplyToMessageId: d.inReplyToMessageId } : {}),
    ...(d.forwardOfMessageId !== undefined ? { forwardOfMessageId: d.forwardOfMessageId } : {}),
    ...(d.forwardAsAttachment !== undefined ? { forwardAsAttachment: d.forwardAsAttachment } : {}),
  };
}

export function allRecipients(s: ComposeState): Chip[] {
  return [...s.to, ...s.cc, ...s.bcc];
}

export function hasPatient(s: ComposeState): boolean {
  return allRecipients(s).some((c) => c.patient);
}

/** The contract's draft: HTML sanitized, plain text derived, recipients as "Nom <adresse>". */
export function toDraft(s: ComposeState, rawHtml: string): ComposeDraft {
  const html = sanitizeComposeHtml(rawHtml);
  const list = (chips: Chip[]) => chips.map((c) => formatRecipient(c));
  const patient = hasPatient(s);
  return {
    ...(s.draftId !== undefined ? { draftId: s.draftId } : {}),
    bal: s.bal,
    to: list(s.to),
    cc: list(s.cc),
    bcc: list(s.bcc),
    subject: s.subject,
    html,
    text: htmlToText(html),
    attachments: s.attachments.map(({ filename, mime, contentBase64 }) => ({ filename, mime, contentBase64 })),
    ...(s.inReplyToMessageId !== undefined ? { inReplyToMessageId: s.inReplyToMessageId } : {}),
    ...(s.forwardOfMessageId !== undefined ? { forwardOfMessageId: s.forwardOfMessageId } : {}),
    ...(s.forwardAsAttachment !== undefined ? { forwardAsAttachment: s.forwardAsAttachment } : {}),
    requestDsn: s.requestDsn,
    requestReadReceipt: s.requestReadReceipt,
    // "[FIN]" in the subject ends the exchange too (Mon espace santé): the header goes with it.
    patientNoReply: endsExchange({ subject: s.subject, patientNoReply: s.patientNoReply, towardsPatient: patient }),
    ...(s.fromLabel.trim() ? { fromLabel: s.fromLabel.trim() } : {}),
  };
}
