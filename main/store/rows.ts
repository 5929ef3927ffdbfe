// Row → typed object mapping.
import { Flag } from './flags';
import type {
  Account, AccountType, Address, AttachmentRef, AuditEntry, AuditResult, BodyState, ChangeKind, Draft, Folder,
  MessageDetail, MessageSummary, OutboxItem, OutboxState, PendingChange, Right, Role,
} from './types';

type Row = Record<string, unknown>;

export const json = <T>(v: unknown, fallback: T): T => {
  if (typeof v !== 'string') return fallback;
  try {
    return JSON.parse(v) as T;
  } catch {
    return fallback;
  }
};
const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export function toAccount(r: Row): Account {
  return {
    id: Number(r.id),
    address: String(r.address),
    type: r.type as AccountType,
    label: String(r.label),
    config: json(r.config_json, {}),
    createdAt: Number(r.created_at),
  };
}

export function toFolder(r: Row): Folder {
  return {
    id: Number(r.id),
    accountId: Number(r.account_id),
    path: String(r.path),
    delimiter: str(r.delimiter),
    name: String(r.name),
    specialUse: str(r.special_use),
    uidvalidity: num(r.uidvalidity),
    uidnext: num(r.uidnext),
    highestmodseq: str(r.highestmodseq),
    subscribed: r.subscribed === 1,
    lastSyncAt: num(r.last_sync_at),
  };
}

export function toSummary(r: Row): MessageSummary {
  const flags = Number(r.flags);
  return {
    id: Number(r.id),
    accountId: Number(r.account_id),
    folderId: Number(r.folder_id),
    uidvalidity: Number(r.uidvalidity),
    uid: Number(r.uid),
    messageId: str(r.message_id),
    threadId: str(r.thread_id),
    subject: str(r.subject),
    from: r.from_addr || r.from_name ? { name: str(r.from_name), address: String(r.from_addr ?? '') } : null,
    to: json<Address[]>(r.to_json, []),
    cc: json<Address[]>(r.cc_json, []),
    // The Date header as sent when the list sorts by the arrival instead (migration 008).
    date: Number(r.sent_date ?? r.date),
    flags,
    seen: (flags & Flag.seen) !== 0,
    keywords: json<string[]>(r.keywords_json, []),
    hasAttachments: r.has_attachments === 1,
    preview: str(r.preview),
    bodyState: r.body_state as BodyState,
    archived: r.archived === 1,
    onServer: r.on_server !== 0,
  };
}

export function toDetail(r: Row, attachments: AttachmentRef[]): MessageDetail {
  return {
    ...toSummary(r),
    inReplyTo: str(r.in_reply_to),
    references: json<string[]>(r.references_json, []),
    internaldate: num(r.internaldate),
    size: num(r.size),
    modseq: str(r.modseq),
    mssHeaders: json<Record<string, string>>(r.mss_headers_json, {}),
    attachments,
    archivedAt: num(r.archived_at),
    smime: r.smime === 'signed' || r.smime === 'encrypted' ? r.smime : null,
  };
}

export function toAttachmentRef(r: Row): AttachmentRef {
  return {
    attachmentId: Number(r.attachment_id),
    part: String(r.part),
    filename: str(r.filename),
    contentId: str(r.content_id),
    disposition: str(r.disposition),
    size: num(r.size),
    mime: str(r.mime),
    sha256: String(r.sha256),
    fetched: r.fetched === 1,
    damaged: r.damaged === 1,
  };
}

export function toChange(r: Row): PendingChange {
  return {
    id: Number(r.id),
    accountId: Number(r.account_id),
    folderId: num(r.folder_id),
    uid: num(r.uid),
    uidvalidity: num(r.uidvalidity),
    kind: r.kind as ChangeKind,
    payload: json(r.payload_json, {}),
    createdAt: Number(r.created_at),
    attempts: Number(r.attempts),
    lastError: str(r.last_error),
  };
}

export function toOutbox(r: Row): OutboxItem {
  return {
    id: Number(r.id),
    accountId: Number(r.account_id),
    messageId: String(r.message_id),
    envelope: json(r.envelope_json, { from: '', to: [] }),
    state: r.state as OutboxState,
    idempotencyKey: String(r.idempotency_key),
    smtpResponse: str(r.smtp_response),
    lastError: str(r.last_error),
    attempts: Number(r.attempts),
    createdAt: Number(r.created_at),
    sentAt: num(r.sent_at),
    appendedToSent: r.appended_to_sent === 1,
  };
}

export function toDraft(r: Row): Draft {
  return {
    id: Number(r.id),
    accountId: Number(r.account_id),
    messageId: str(r.message_id),
    inReplyTo: str(r.in_reply_to),
    references: json(r.references_json, []),
    subject: String(r.subject ?? ''),
    to: json(r.to_json, []),
    cc: json(r.cc_json, []),
    bcc: json(r.bcc_json, []),
    bodyText: String(r.body_text ?? ''),
    bodyHtml: str(r.body_html),
    attachments: json(r.attachments_json, []),
    mssHeaders: json(r.mss_headers_json, {}),
    serverUid: num(r.server_uid),
    serverUidvalidity: num(r.server_uidvalidity),
    updatedAt: Number(r.updated_at),
  };
}

export function toAudit(r: Row): AuditEntry {
  return {
    id: Number(r.id),
    at: Number(r.at),
    idnat: String(r.idnat),
    bal: String(r.bal),
    action: String(r.action),
    target: str(r.target),
    result: r.result as AuditResult,
    detail: json(r.detail, null),
  };
}

export function toRight(r: Row): Right {
  return { idnat: String(r.idnat), bal: String(r.bal), role: r.role as Role, confirmedAt: Number(r.confirmed_at) };
}
