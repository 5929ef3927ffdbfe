// Public types of the store's query layer (camelCase; rows are mapped in rows.ts).
import type { FlagName } from './flags';

export type AccountType = 'PER' | 'ORG' | 'APP' | 'CAB';
export type Role = 'titulaire' | 'cotitulaire' | 'délégataire';
export type BodyState = 'none' | 'headers' | 'full';
export type ChangeKind = 'flags' | 'move' | 'copy' | 'delete' | 'append';
/** 'interrupted': the connection was lost after the data was sent (delivery unknown: verified on the server, never resent blindly). */
export type OutboxState = 'queued' | 'sending' | 'sent' | 'failed' | 'interrupted';
export type AuditResult = 'ok' | 'error' | 'denied';

export interface Address {
  name?: string | null;
  address: string;
}

export interface Account {
  id: number;
  address: string;
  type: AccountType;
  label: string;
  config: Record<string, unknown>;
  createdAt: number;
}

export interface AccountInput {
  address: string;
  type: AccountType;
  label?: string;
  config?: Record<string, unknown>;
}

export interface Folder {
  id: number;
  accountId: number;
  path: string;
  delimiter: string | null;
  name: string;
  specialUse: string | null;
  uidvalidity: number | null;
  uidnext: number | null;
  /** MODSEQ as a decimal string (64-bit). */
  highestmodseq: string | null;
  subscribed: boolean;
  lastSyncAt: number | null;
}

export interface FolderInput {
  path: string;
  delimiter?: string | null;
  name?: string;
  specialUse?: string | null;
  uidvalidity?: number | null;
  uidnext?: number | null;
  highestmodseq?: string | bigint | null;
  subscribed?: boolean;
  lastSyncAt?: number | null;
}

export interface FolderNode extends Folder {
  unread: number;
  total: number;
  children: FolderNode[];
}

export interface MessageInput {
  uid: number;
  messageId?: string | null;
  inReplyTo?: string | null;
  references?: string[];
  subject?: string | null;
  from?: Address | null;
  to?: Address[];
  cc?: Address[];
  /** Date header (ms); falls back to internaldate. */
  date?: number | null;
  internaldate?: number | null;
  size?: number | null;
  /** IMAP flags as received (\Seen, \Flagged, $Forwarded ...). */
  flags?: string[];
  modseq?: string | bigint | null;
  hasAttachments?: boolean;
  /** X-MSS-* headers (name lowercased → value). */
  mssHeaders?: Record<string, string>;
  /**
   * Body, when fetched with the headers: stored and indexed in the same pass (one FTS write instead of
   * two). Otherwise use StoreWriter.storeBody later.
   */
  body?: BodyInput;
  attachments?: AttachmentInput[];
}

export interface BodyInput {
  text?: string | null;
  html?: string | null;
  rawSize?: number | null;
  /** S/MIME: 'signed' (content extracted and shown) or 'encrypted' (enveloped, unreadable here). */
  smime?: SmimeState | null;
}

export type SmimeState = 'signed' | 'encrypted';

export interface MessageSummary {
  id: number;
  accountId: number;
  folderId: number;
  uidvalidity: number;
  uid: number;
  messageId: string | null;
  threadId: string | null;
  subject: string | null;
  from: Address | null;
  to: Address[];
  cc: Address[];
  date: number;
  /** Bitmask, see Flag. */
  flags: number;
  seen: boolean;
  keywords: string[];
  hasAttachments: boolean;
  preview: string | null;
  bodyState: BodyState;
  archived: boolean;
  onServer: boolean;
}

export interface AttachmentRef {
  attachmentId: number;
  part: string;
  filename: string | null;
  contentId: string | null;
  disposition: string | null;
  size: number | null;
  mime: string | null;
  sha256: string;
  fetched: boolean;
  damaged: boolean;
}

export interface MessageDetail extends MessageSummary {
  inReplyTo: string | null;
  references: string[];
  internaldate: number | null;
  size: number | null;
  modseq: string | null;
  mssHeaders: Record<string, string>;
  attachments: AttachmentRef[];
  archivedAt: number | null;
  smime: SmimeState | null;
}

export interface Body {
  text: string | null;
  html: string | null;
  rawSize: number | null;
}

export interface AttachmentInput {
  part: string;
  sha256: string;
  size: number;
  mime: string;
  filename?: string | null;
  contentId?: string | null;
  disposition?: string | null;
  /** Content when already fetched; omitted when only the structure is known. */
  data?: Buffer | null;
  /** Only part of the content could be decoded (invalid base64, broken winmail.dat). */
  damaged?: boolean;
}

export interface ListOptions {
  limit?: number;
  /** Keyset pagination: messages listed after this one (in the chosen order). */
  beforeRowid?: number;
  unreadOnly?: boolean;
  sort?: 'date-desc' | 'date-asc';
  archivedOnly?: boolean;
}

export interface SearchFilter {
  accountId?: number;
  accountIds?: number[];
  folderId?: number;
  limit?: number;
  /** Continue a result list: only messages with id < beforeRowid. */
  beforeRowid?: number;
  /** Date range (ms, inclusive), turned into a rowid range. */
  since?: number;
  until?: number;
  /** Prefix-match the last term (as-you-type). Default true. */
  prefix?: boolean;
}

export interface UnreadCount {
  accountId: number;
  unread: number;
  folders: Array<{ folderId: number; unread: number }>;
}

export interface UpsertResult {
  /** Row id for each input message, in input order. */
  ids: number[];
  inserted: number;
  updated: number;
  /** Stale rows (old UIDVALIDITY) matched again by Message-ID. */
  reconciled: number;
}

export interface PendingChange {
  id: number;
  accountId: number;
  folderId: number | null;
  uid: number | null;
  uidvalidity: number | null;
  kind: ChangeKind;
  payload: Record<string, unknown>;
  createdAt: number;
  attempts: number;
  lastError: string | null;
}

export interface ChangeInput {
  accountId: number;
  folderId?: number | null;
  uid?: number | null;
  uidvalidity?: number | null;
  kind: ChangeKind;
  payload?: Record<string, unknown>;
}

export interface OutboxItem {
  id: number;
  accountId: number;
  messageId: string;
  envelope: { from: string; to: string[] };
  state: OutboxState;
  idempotencyKey: string;
  smtpResponse: string | null;
  lastError: string | null;
  attempts: number;
  createdAt: number;
  sentAt: number | null;
  appendedToSent: boolean;
}

export interface OutboxInput {
  accountId: number;
  messageId: string;
  raw: Buffer;
  envelope: { from: string; to: string[] };
  /** Defaults to messageId. */
  idempotencyKey?: string;
}

export interface Draft {
  id: number;
  accountId: number;
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  subject: string;
  to: Address[];
  cc: Address[];
  bcc: Address[];
  bodyText: string;
  bodyHtml: string | null;
  attachments: Array<{ filename: string; mime: string; size: number; sha256: string }>;
  mssHeaders: Record<string, string>;
  serverUid: number | null;
  serverUidvalidity: number | null;
  updatedAt: number;
}

export type DraftInput = Partial<Omit<Draft, 'id' | 'accountId' | 'updatedAt'>> & { id?: number; accountId: number };

/** Audit detail: short identifiers and counters only, never message content. */
export type AuditDetail = Record<string, string | number | boolean | null>;

export interface AuditEntryInput {
  idnat: string;
  bal: string;
  action: string;
  /** What was acted on, as an identifier (Message-ID, folder path, outbox id), never content. */
  target?: string | null;
  result: AuditResult;
  detail?: AuditDetail;
}

export interface AuditEntry extends Required<Omit<AuditEntryInput, 'detail'>> {
  id: number;
  at: number;
  detail: AuditDetail | null;
}

export interface Right {
  idnat: string;
  bal: string;
  role: Role;
  confirmedAt: number;
}

export type { FlagName };
