// Data shapes shared by main and renderer (types only, no runtime code that needs Node or the DOM).

export type Language = 'fr' | 'en';
export type BalType = 'PER' | 'ORG' | 'APP' | 'CAB';
export type BalRole = 'titulaire' | 'cotitulaire' | 'délégataire';

export interface AppInfo {
  name: string;
  version: string;
  host: 'electron' | 'browser';
  platform: string;
  sandboxMode: boolean;
}

export interface Settings {
  language: Language;
  theme: 'system' | 'light' | 'dark';
  density: 'comfortable' | 'compact';
  /** Message list grouped by conversation. */
  conversations: boolean;
  /** Desktop notification of new mail (count and BAL only, never sender or subject). */
  notifications: boolean;
  /** Minutes of inactivity before the session locks (1–120, default 120). */
  autoLockMinutes: number;
}

export interface SessionInfo {
  idNat: string;
  givenName: string;
  familyName: string;
  profession: string;
  /** LOCAL: opened offline with the person's local unlock code (docs/offline-unlock.md). */
  method: 'CARD' | 'MOBILE' | 'BROWSER' | 'CERTIFICATE' | 'LOCAL';
  locked: boolean;
  /** Why it is locked: card removed, "Verrouiller" (Ctrl+L), or the inactivity delay. */
  lockReason?: 'card-removed' | 'user' | 'idle';
  /** Card verified locally (PIN) while PSC was unreachable: cached mail only, nothing synced. */
  offline: boolean;
  since: number;
}

/** A person who can open this workstation's cache offline with her local unlock code (never a secret). */
export interface OfflinePersonView {
  idNat: string;
  givenName: string;
  familyName: string;
  profession: string;
  /** When the code was set (epoch ms), at an online login. */
  setAt: number;
  /** Epoch ms before which an attempt is refused (0: now), after several wrong codes. */
  retryAfter: number;
  attemptsLeft: number;
}

export interface OfflineCodeStatus {
  /** False while the cache is closed or the session is not online. */
  available: boolean;
  set: boolean;
  setAt: number | null;
  minLength: number;
}

export interface ConnectivityState {
  online: boolean;
  /** Not known yet: no engine has reported (start, login, unlock). The header says "Connexion…". */
  connecting?: boolean;
  /** Epoch ms since when the current state holds. */
  since: number;
  /** Why offline: an engine error code, e.g. SERVER_LIMIT (the operator's cap on simultaneous connections). */
  reason?: string;
  /** The unreachable operator's support, as the MSSanté trust list names it (SupportContact). */
  operatorSupport?: { operator: string | null; contact: string };
  /** With SERVER_LIMIT: that cap (connections per person, all BALs and workstations together). */
  connectionCap?: number;
}

export interface BalSummary {
  address: string;
  type: BalType;
  label: string;
  role: BalRole;
  unread: number;
  active: boolean;
  /** Right confirmed by the operator at the last online login (epoch ms), null if never. */
  confirmedAt: number | null;
}

// ---- Mail (folders, list, reader, search): what the renderer shows, mirrored from the store.

export interface MailAddress {
  name: string | null;
  address: string;
}

export interface FolderView {
  id: number;
  bal: string;
  path: string;
  name: string;
  specialUse: string | null;
  unread: number;
  total: number;
  /** When the engine last synced it from the server; null until its first sync is done. */
  syncedAt: number | null;
  children: FolderView[];
}

export interface MessageListItem {
  id: number;
  folderId: number;
  threadId: string | null;
  subject: string;
  from: MailAddress | null;
  to: MailAddress[];
  date: number;
  seen: boolean;
  flagged: boolean;
  answered: boolean;
  hasAttachments: boolean;
  preview: string;
  /** Number of messages of the thread in this folder (1 when alone). */
  threadSize: number;
  /** XDM document mail: subject shown without the `XDM/1.0/DDM+` prefix. */
  isXdm: boolean;
  /** Conversation view only: the thread this row stands for (the row itself is the thread's newest message). */
  thread?: ThreadRowInfo;
}

/** Counts of a conversation over the BAL: this folder plus replies kept elsewhere, Trash and Junk left out. */
export interface ThreadRowInfo {
  size: number;
  unread: number;
  flagged: number;
  hasAttachments: boolean;
  /** Distinct senders, in the order they first wrote. */
  participants: MailAddress[];
}

/** One message of an expanded conversation. */
export interface ThreadMessageItem extends MessageListItem {
  /** Display name of its folder when it is not the folder listed (e.g. Sent), else null. */
  otherFolder: string | null;
  /** SPECIAL-USE of that folder (\Sent...), for a translated label. */
  otherFolderUse: string | null;
}

export interface MessagePage {
  items: MessageListItem[];
  /** Cursor for the next (older) page, null at the end. */
  next: number | null;
  total: number;
}

export interface AttachmentView {
  id: number;
  /** Normalised name (no path, bidi or invisible characters): the one checked and written. */
  filename: string;
  /** "Open" runs code or active content: the UI asks and explains first. */
  risky: boolean;
  mime: string;
  size: number;
  inline: boolean;
  contentId: string | null;
  fetched: boolean;
  /** Only part of the content could be decoded (invalid base64...): what was valid is kept. */
  damaged: boolean;
}

export interface MessageView extends MessageListItem {
  cc: MailAddress[];
  replyTo: MailAddress[];
  messageId: string | null;
  /** Plain text alternative (always present when the message has text). */
  text: string | null;
  /** Raw HTML as received: the renderer sanitizes it (DOMPurify) and shows it in a sandboxed frame. */
  html: string | null;
  /** True when the body is not cached yet (being fetched). */
  bodyPending: boolean;
  hasRemoteContent: boolean;
  attachments: AttachmentView[];
  mssHeaders: Record<string, string>;
  /** Who sent it from this workstation (delegated sending), when known. */
  sentBy: { idNat: string; name: string } | null;
  /** S/MIME: 'signed' (content shown; signature not verified here), 'encrypted' (unreadable here), null. */
  smime: 'signed' | 'encrypted' | null;
}

export interface SearchHit extends MessageListItem {
  bal: string;
  folderName: string;
}

/** Full-text indexing of the cache (every BAL), after the sync stored the messages (issue #15). */
export interface IndexProgressView {
  /** Messages not indexed yet (search finds them by their headers only meanwhile). */
  pending: number;
  /** Messages indexed since the index worker started. */
  indexed: number;
}

export interface SyncProgress {
  bal: string;
  folder: string;
  phase: 'folders' | 'headers' | 'bodies' | 'idle';
  done: number;
  total: number;
}

// ---- Setup (autoconfiguration)

export type DiscoverySourceId = 'explicit-url' | 'autoconfig-subdomain' | 'well-known' | 'dns-srv' | 'known-operators';

export interface DiscoveryProgress {
  source: DiscoverySourceId;
  state: 'started' | 'ok' | 'error' | 'timeout' | 'skipped';
  message?: string;
}

export interface ServerSettingsView {
  host: string;
  port: number;
  security: 'starttls' | 'tls';
  username: string;
  auth: 'oauth2' | 'password' | 'external';
}

/** What the MSSanté trust list says about a domain: "medecin.mssante.fr — CAPGEMINI TECHNOLOGY SERVICES (…)". */
export interface TrustDomainInfo {
  domain: string;
  label: string;
  description: string | null;
  /** O= of the operator certificates' DNs. */
  operators: string[];
  supportContacts: string[];
}

export interface TrustLookup {
  /** DateDeGeneration of the list in use, "13/03/2025". */
  listDate: string | null;
  domains: Array<{ domain: string; trusted: boolean; info: TrustDomainInfo | null }>;
}

export interface DiscoveredAccount {
  address: string;
  source: DiscoverySourceId;
  url: string | null;
  tried: Array<{ source: DiscoverySourceId; outcome: 'ok' | 'error' | 'timeout' | 'skipped'; message?: string }>;
  trusted: boolean;
  /** The domain's entry in the trust list (description, operator), when it has one. */
  trustInfo?: TrustDomainInfo | null;
  /** Date of the trust list used (DateDeGeneration, "13/03/2025"). */
  trustListDate?: string | null;
  /** Servers outside the BAL's domain and its known operator: each must be confirmed by name to save. */
  outsideHosts: string[];
  warnings: Array<{ code: string; message: string }>;
  displayName: string | null;
  imap: ServerSettingsView;
  smtp: ServerSettingsView;
  psc: { issuer: string; flows: Array<'ciba-card' | 'ciba-mobile' | 'authorization-code'> } | null;
  cguUrl: string | null;
  balListingUrl: string | null;
  connectionCap: number;
  /** The operator's listener for software-certificate (PKCS#12) login, when it announced one. */
  certificateAuth?: { host: string; port: number; security: 'starttls' | 'tls' } | null;
}

/** A software certificate (PKCS#12) imported for a BAL (APP / ORG BALs). Dates in epoch ms. */
export interface SoftwareCertificateView {
  bal: string;
  identity: string;
  subject: string;
  issuer: string;
  validFrom: number;
  validTo: number;
  fingerprint256: string;
  /** Issued by a configured root (IGC-Santé, or the sandbox CA). */
  issuerTrusted: boolean;
}

// ---- Authentication

export interface CardIdentityView {
  idNat: string;
  givenName: string;
  familyName: string;
  profession: string;
  expiresAt: number;
}

export interface CardState {
  /** The PKCS#11 module could be loaded. */
  moduleLoaded: boolean;
  moduleMessage: string | null;
  readers: Array<{ slot: string; label: string; hasCard: boolean }>;
  card: CardIdentityView | null;
  pin: { countLow: boolean; finalTry: boolean; locked: boolean; pinPad: boolean } | null;
}

export interface CibaStart {
  requestId: string;
  bindingMessage: string;
  expiresAt: number;
  interval: number;
  channel: 'CARD' | 'MOBILE';
}

export interface CibaProgress {
  requestId: string;
  state: 'pending' | 'approved' | 'denied' | 'expired' | 'cancelled' | 'error';
  secondsLeft: number;
  message?: string;
}

export interface CacheStatus {
  open: boolean;
  /** Where the cache key is kept: the OS keychain, or a file the user explicitly accepted. */
  storedIn: 'keychain' | 'unprotected-file' | null;
  problem: { code: string; message: string } | null;
}

// ---- Writing and sending (composer, outbox, receipts, XDM, directory)

export interface ComposeAttachment {
  filename: string;
  mime: string;
  /** Base64 content (the bridge carries it; size checked against the limit in main). */
  contentBase64: string;
}

export interface ComposeDraft {
  /** Local draft id when editing an existing draft. */
  draftId?: number;
  bal: string;
  to: string[];
  cc: string[];
  bcc: string[];
  subject: string;
  /** HTML from the rich-text editor (sanitized in main); the plain-text alternative is derived. */
  html: string;
  text: string;
  attachments: ComposeAttachment[];
  /** Reply / forward context. */
  inReplyToMessageId?: number;
  forwardOfMessageId?: number;
  forwardAsAttachment?: boolean;
  requestDsn: boolean;
  requestReadReceipt: boolean;
  /** X-MSS-MES: FIN (no reply) when writing to a patient. */
  patientNoReply: boolean;
  /** Sender label, editable; default `Titre_Prénom_NOM_Entité`. */
  fromLabel?: string;
}

export interface ComposeIdentity {
  bal: string;
  fromLabel: string;
  signatureHtml: string;
  /** Size limit of the operator for this BAL (bytes); 25 MB towards patients. */
  maxMessageBytes: number;
}

export type RecipientStatus = 'pending' | 'delivered' | 'read' | 'failed' | 'delayed';

export interface OutboxItemView {
  id: number;
  bal: string;
  messageId: string;
  subject: string;
  to: string[];
  state: 'queued' | 'sending' | 'sent' | 'failed';
  error: string | null;
  createdAt: number;
  sentAt: number | null;
  /** Person who sent it from this workstation. */
  sentBy: { idNat: string; name: string } | null;
  recipients: Array<{ address: string; status: RecipientStatus; detail: string | null; at: number | null }>;
}

export interface DirectoryEntry {
  name: string;
  profession: string | null;
  city: string | null;
  address: string;
  balType: BalType | null;
  /** Where the suggestion comes from. */
  source: 'directory' | 'contacts';
  trusted: boolean;
}

export interface XdmView {
  patient: { name: string | null; birthDate: string | null; ins: string | null; insQualified: boolean };
  documents: Array<{ id: string; title: string; typeCode: string | null; typeLabel: string | null; mime: string; author: string | null; date: string | null; hasPdf: boolean }>;
  warnings: string[];
}

export interface MdnRequest {
  messageId: number;
  /** Where the read receipt would go. */
  to: string;
  /** Sent automatically only when the setting allows and the address matches Return-Path. */
  needsConfirmation: boolean;
}

export interface ComposeSettings {
  nil: string;
  signatures: Record<string, string>;
  autoMdn: boolean;
  /** Never returned in clear: whether a key is set. */
  directoryApiKeySet: boolean;
  directoryUrl: string;
  maxMessageBytes: number;
}

// ---- Mailboxes & audit (refused BALs, unified inbox, functional audit trail)

export interface RefusedBalView {
  address: string;
  label: string;
  type: BalType;
  /** no-rights: the operator says this person has no right on the BAL; cgu-required: terms to accept first. */
  reason: 'no-rights' | 'cgu-required';
  /** Operator's terms of use page (https), when the operator names one. */
  cguUrl: string | null;
}

/** A row of the unified inbox: an INBOX message of one of the person's BALs. */
export interface UnifiedMessageItem extends MessageListItem {
  bal: string;
  balType: BalType;
  balLabel: string;
}

export interface UnifiedMessagePage {
  items: UnifiedMessageItem[];
  /** Cursor for the next (older) page, null at the end. */
  next: number | null;
  /** Sum of the INBOX totals. */
  total: number;
}

export interface AuditEntryView {
  id: number;
  at: number;
  idNat: string;
  /** Name of the person when the trail knows it ("Claire PETIT"), else null. */
  name: string | null;
  /** BAL address, or "session" for logins, logouts and locks. */
  bal: string;
  action: string;
  /** Message-ID, folder path or authentication method; never a subject or content. */
  target: string | null;
  folder: string | null;
  result: 'ok' | 'error' | 'denied';
}
