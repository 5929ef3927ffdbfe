// The one contract between the renderer and the main process.
// Every call: a name, a zod schema of its arguments (validated in main) and a result type.
// Every event: a name and a payload type. main/bridge registers handlers from this file (a missing
// handler is a compile error), preload exposes exactly these names, renderer/ derives its types from it.
import { z } from 'zod';
import { EMAIL_ADDRESS_PATTERN } from './addresses';
import { IDNAT_MAX_LENGTH, isIdNat } from './idnat';
import type {
  AppInfo,
  BalSummary,
  CacheStatus,
  CardState,
  ComposeDraft,
  ComposeIdentity,
  ComposeSettings,
  DirectoryEntry,
  TrustLookup,
  MdnRequest,
  OutboxItemView,
  XdmView,
  AuditEntryView,
  RefusedBalView,
  UnifiedMessagePage,
  CibaProgress,
  CibaStart,
  ConnectivityState,
  DiscoveredAccount,
  DiscoveryProgress,
  FolderView,
  MessagePage,
  MessageView,
  OfflineCodeStatus,
  OfflinePersonView,
  SearchHit,
  SessionInfo,
  Settings,
  SoftwareCertificateView,
  SyncProgress,
  IndexProgressView,
  ThreadMessageItem,
} from './types';

// No code generation for fast object parsing: zod tries `new Function` once, which the renderer's CSP
// (script-src 'self', no eval) refuses and reports as a violation on every start.
z.config({ jitless: true });

/** Phantom marker carrying a result or payload type without a runtime value. */
export interface Returns<T> {
  readonly __type?: T;
}
const returns = <T>(): Returns<T> => ({});

interface CallSpec<A extends z.ZodTuple, R> {
  args: A;
  result: Returns<R>;
}
const call = <A extends z.ZodTuple, R>(args: A, result: Returns<R>): CallSpec<A, R> => ({ args, result });

export const languageSchema = z.enum(['fr', 'en']);
export const emailAddressSchema = z
  .string()
  .trim()
  .max(254)
  .regex(EMAIL_ADDRESS_PATTERN);

export const settingsPatchSchema = z
  .object({
    language: languageSchema,
    theme: z.enum(['system', 'light', 'dark']),
    density: z.enum(['comfortable', 'compact']),
    /** Message list grouped by conversation. */
    conversations: z.boolean(),
    /** Desktop notification when new mail arrives while the window is not looked at (never its content). */
    notifications: z.boolean(),
    /** Minutes without a key press or a click before the session locks (Ségur SC.SSI/IE.58: at most 2 h). */
    autoLockMinutes: z.number().int().min(1).max(120),
  })
  .partial()
  .strict();

const id = z.number().int().positive();
const idList = z.array(id).min(1).max(5000);
const httpsUrlSchema = z.string().max(2048).regex(/^https:\/\//i);

export const listMessagesSchema = z
  .object({
    folderId: id,
    limit: z.number().int().min(1).max(500).default(100),
    /** Cursor from the previous page. */
    before: z.number().int().positive().optional(),
    unreadOnly: z.boolean().optional(),
    sort: z.enum(['date-desc', 'date-asc']).default('date-desc'),
    /** Conversation view: one row per thread (its newest message in the folder), `thread` filled in. */
    threads: z.boolean().optional(),
  })
  .strict();

export const searchSchema = z
  .object({
    q: z.string().max(500),
    bal: emailAddressSchema.optional(),
    folderId: id.optional(),
    limit: z.number().int().min(1).max(200).default(50),
  })
  .strict();

export const flagChangeSchema = z
  .object({
    ids: idList,
    add: z.array(z.enum(['seen', 'flagged', 'answered', 'deleted'])).max(4).optional(),
    remove: z.array(z.enum(['seen', 'flagged', 'answered', 'deleted'])).max(4).optional(),
  })
  .strict();

export const discoverSchema = z
  .object({
    address: emailAddressSchema,
    /** Autoconfiguration URL pasted by the user (https only; checked again in main). */
    url: httpsUrlSchema.optional(),
  })
  .strict();

export const serverSettingsSchema = z
  .object({
    host: z.string().min(1).max(253),
    port: z.number().int().min(1).max(65535),
    security: z.enum(['starttls', 'tls']),
    username: z.string().min(1).max(254),
    auth: z.enum(['oauth2', 'password', 'external']),
  })
  .strict();

export const saveAccountSchema = z
  .object({
    address: emailAddressSchema,
    /** The user acknowledged that the domain is outside the MSSanté trust list. */
    acknowledgeUntrusted: z.boolean(),
    /** Servers outside the BAL's domain the user confirmed by name (host policy). */
    confirmHosts: z.array(z.string().min(1).max(253)).max(8).optional(),
    /** "Advanced" edits of the discovered servers. */
    imap: serverSettingsSchema.optional(),
    smtp: serverSettingsSchema.optional(),
  })
  .strict();

// ---- Software certificates (PKCS#12) of APP / ORG BALs
export const importCertificateSchema = z
  .object({
    bal: emailAddressSchema,
    fileName: z.string().min(1).max(255),
    /** The .p12 / .pfx file (a few KB; 1 MB at most). */
    contentBase64: z.string().min(1).max(1_400_000).regex(/^[A-Za-z0-9+/=\s]+$/),
    password: z.string().max(1024),
  })
  .strict();

const recipient = z.string().trim().max(320);
export const composeDraftSchema = z
  .object({
    draftId: id.optional(),
    bal: emailAddressSchema,
    to: z.array(recipient).max(200),
    cc: z.array(recipient).max(200),
    bcc: z.array(recipient).max(200),
    subject: z.string().max(998),
    html: z.string().max(5_000_000),
    text: z.string().max(5_000_000),
    attachments: z
      .array(z.object({ filename: z.string().min(1).max(255), mime: z.string().max(255), contentBase64: z.string().max(70_000_000) }).strict())
      .max(100),
    inReplyToMessageId: id.optional(),
    forwardOfMessageId: id.optional(),
    forwardAsAttachment: z.boolean().optional(),
    requestDsn: z.boolean(),
    requestReadReceipt: z.boolean(),
    patientNoReply: z.boolean(),
    fromLabel: z.string().max(200).optional(),
  })
  .strict();

export const composeSettingsPatchSchema = z
  .object({
    /** X-MSS-NIL value (product reference registered with ANS). */
    nil: z.string().max(200),
    signatures: z.record(z.string(), z.string().max(20_000)),
    /** Answer read-receipt requests automatically when the address matches Return-Path. */
    autoMdn: z.boolean(),
    /** Annuaire Santé FHIR API key. */
    directoryApiKey: z.string().max(200),
    directoryUrl: httpsUrlSchema,
    /** Operator size limit (bytes). */
    maxMessageBytes: z.number().int().min(1_000_000).max(200_000_000),
  })
  .partial()
  .strict();

/** Every IdNat form (shared/idnat.ts): 8 + RPPS, 0 + ADELI, structure forms with '/' and a local id. */
export const idNatSchema = z.string().max(IDNAT_MAX_LENGTH).refine(isIdNat, { message: 'not an IdNat' });

// ---- Mailboxes & audit (schemas)
export const unifiedListSchema = z
  .object({
    limit: z.number().int().min(1).max(500).default(100),
    /** Cursor from the previous page. */
    before: z.number().int().positive().optional(),
    unreadOnly: z.boolean().optional(),
    sort: z.enum(['date-desc', 'date-asc']).default('date-desc'),
  })
  .strict();

export const auditQuerySchema = z
  .object({
    /** A BAL address, or "session" for logins / logouts / locks. */
    bal: z.union([emailAddressSchema, z.literal('session')]).optional(),
    /** Epoch ms, inclusive. */
    from: z.number().int().min(0).optional(),
    to: z.number().int().min(0).optional(),
    limit: z.number().int().min(1).max(2000).default(500),
  })
  .strict();

// ---- Archive & export
export interface ArchiveResultView {
  archived: number;
  removedFromServer: number;
  /** Not archived (copy could not be verified, message moved meanwhile...) or still on the server. */
  failed: number;
}
export interface ArchivePolicyView {
  bal: string;
  days: number;
  serverAction: 'expunge' | 'trash';
  updatedAt: number;
}
export interface ExportResultView {
  savedTo: string | null;
  count: number;
  /** Messages whose source is neither stored nor reachable (offline): left out of the file. */
  missing: number;
}
export const archiveListSchema = z.object({
  bal: emailAddressSchema,
  limit: z.number().int().min(1).max(500).default(100),
  before: id.optional(),
}).strict();
export const archivePolicySchema = z.object({
  bal: emailAddressSchema,
  days: z.number().int().min(1).max(3650).nullable(),
  serverAction: z.enum(['expunge', 'trash']).default('expunge'),
}).strict();
export const exportMboxSchema = z.union([
  z.object({ folderId: id }).strict(),
  z.object({ bal: emailAddressSchema, archived: z.literal(true) }).strict(),
]);
// ---- end Archive & export

// ---- Filing: move / copy / delete to Trash / Archives (main/app/mail-handlers.ts, replayed by main/sync)
/** Where messages came from, for an undo: move each group back to its folder (`messages.move`). */
export interface RestoreGroup {
  folderId: number;
  ids: number[];
}
export interface FiledResultView {
  /** Messages moved to Trash / Archives / the chosen folder. */
  moved: number;
  /** Messages deleted for good (permanent deletion from the Trash). */
  deleted: number;
  /** The folder they went to (Trash, Archives), null for a permanent deletion. */
  folderId: number | null;
  restore: RestoreGroup[];
}
export const deleteSchema = z.object({
  ids: idList,
  /** Permanent deletion (UID EXPUNGE), only for messages already in the Trash, after the person confirmed. */
  permanent: z.boolean().optional(),
}).strict();
// ---- end Filing

export const calls = {
  'app.getInfo': call(z.tuple([]), returns<AppInfo>()),
  'settings.get': call(z.tuple([]), returns<Settings>()),
  'settings.update': call(z.tuple([settingsPatchSchema]), returns<Settings>()),
  /** Opens an https link in the system browser after the main process checked it. */
  'shell.openExternal': call(z.tuple([z.string().max(2048)]), returns<{ opened: boolean }>()),
  'session.get': call(z.tuple([]), returns<SessionInfo | null>()),
  'connectivity.get': call(z.tuple([]), returns<ConnectivityState>()),
  'mailboxes.list': call(z.tuple([]), returns<BalSummary[]>()),
  'mailboxes.setActive': call(z.tuple([emailAddressSchema]), returns<{ active: string }>()),

  // Account setup (autoconfiguration)
  'setup.discover': call(z.tuple([discoverSchema]), returns<DiscoveredAccount>()),
  'setup.cancel': call(z.tuple([]), returns<{ cancelled: boolean }>()),
  /** How many BALs are configured on this workstation (any person). */
  'setup.accountCount': call(z.tuple([]), returns<{ count: number }>()),
  'setup.saveAccount': call(z.tuple([saveAccountSchema]), returns<BalSummary>()),
  /** Checks a .p12 with its password against the BAL, keeps it (password in the keychain). */
  'certificates.import': call(z.tuple([importCertificateSchema]), returns<SoftwareCertificateView>()),
  'certificates.get': call(z.tuple([emailAddressSchema]), returns<SoftwareCertificateView | null>()),
  'certificates.remove': call(z.tuple([emailAddressSchema]), returns<{ removed: boolean }>()),

  // Encrypted cache
  'cache.status': call(z.tuple([]), returns<CacheStatus>()),
  /** Explicit user choice when the keychain is unavailable: keep the cache key in a file (less safe). */
  'cache.allowUnprotectedKey': call(z.tuple([]), returns<CacheStatus>()),

  // Authentication
  'auth.cardState': call(z.tuple([]), returns<CardState>()),
  /** PIN of 4 digits, or null for a PIN-pad reader. Never retried by the app. */
  'auth.loginWithCard': call(z.tuple([z.string().regex(/^[0-9]{4}$/).nullable()]), returns<SessionInfo>()),
  'auth.startCiba': call(
    z.tuple([z.object({ idNat: idNatSchema, channel: z.enum(['CARD', 'MOBILE']), remember: z.boolean() }).strict()]),
    returns<CibaStart>(),
  ),
  'auth.cancelCiba': call(z.tuple([z.string().min(1).max(200)]), returns<{ cancelled: boolean }>()),
  /** Electron opens its own login window (openedByApp); the browser host lets the page open a popup. */
  'auth.startBrowserLogin': call(z.tuple([]), returns<{ url: string; openedByApp: boolean }>()),
  'auth.rememberedIdNat': call(z.tuple([]), returns<string | null>()),
  'auth.logout': call(z.tuple([]), returns<{ loggedOut: boolean }>()),
  /** "Verrouiller" (Ctrl+L) or the inactivity delay: tokens dropped, content hidden, the same person unlocks. */
  'auth.lock': call(z.tuple([z.object({ reason: z.enum(['user', 'idle']) }).strict()]), returns<SessionInfo | null>()),
  /** Offline opening (docs/offline-unlock.md): the people who set a local unlock code here (no secret). */
  'auth.offlinePeople': call(z.tuple([]), returns<OfflinePersonView[]>()),
  /** ONE attempt with the local unlock code; counted and rate-limited in main, never retried. */
  'auth.unlockOffline': call(z.tuple([z.object({ idNat: idNatSchema, code: z.string().min(1).max(128) }).strict()]), returns<SessionInfo>()),
  /** The online person's local unlock code: whether set, and setting or removing it (online session only). */
  'auth.offlineCodeStatus': call(z.tuple([]), returns<OfflineCodeStatus>()),
  'auth.setOfflineCode': call(z.tuple([z.object({ code: z.string().min(1).max(128) }).strict()]), returns<{ set: true; setAt: number }>()),
  'auth.removeOfflineCode': call(z.tuple([]), returns<{ removed: boolean }>()),

  // Mail (reads come from the encrypted cache; changes go to the sync engine)
  'folders.list': call(z.tuple([emailAddressSchema]), returns<FolderView[]>()),
  'messages.list': call(z.tuple([listMessagesSchema]), returns<MessagePage>()),
  'messages.get': call(z.tuple([id]), returns<MessageView>()),
  /** The conversation of a message, oldest first: its folder plus replies kept in the BAL's other folders (not Trash/Junk). */
  'messages.thread': call(z.tuple([z.object({ id, folderId: id }).strict()]), returns<ThreadMessageItem[]>()),
  'messages.setFlags': call(z.tuple([flagChangeSchema]), returns<{ changed: number }>()),
  'messages.move': call(z.tuple([z.object({ ids: idList, folderId: id }).strict()]), returns<{ moved: number }>()),
  'messages.copy': call(z.tuple([z.object({ ids: idList, folderId: id }).strict()]), returns<{ copied: number }>()),
  /** To the BAL's Trash (created if missing; undo = move back); `permanent` only from the Trash. */
  'messages.delete': call(z.tuple([deleteSchema]), returns<FiledResultView>()),
  /** "Archiver": to the BAL's Archives folder on the server (created if missing), kept for every user. */
  'messages.archive': call(z.tuple([z.object({ ids: idList }).strict()]), returns<FiledResultView>()),
  /** Remote images of one message, fetched by main and returned inline (the page never fetches them). */
  'messages.loadRemoteContent': call(z.tuple([id]), returns<Record<string, string>>()),
  /** Serves a sanitized message document at its own URL (a frame with its own CSP, inline CSS allowed). */
  'frames.open': call(z.tuple([z.string().max(16 * 1024 * 1024)]), returns<{ url: string }>()),
  /** A risky type (AttachmentView.risky) opens only with confirmRisky, after the UI explained the risk. */
  'attachments.open': call(z.tuple([z.object({ messageId: id, attachmentId: id, confirmRisky: z.boolean().optional() }).strict()]), returns<{ opened: boolean }>()),
  'attachments.save': call(z.tuple([z.object({ messageId: id, attachmentId: id }).strict()]), returns<{ savedTo: string | null }>()),
  /** Content for inline preview (images, PDF) as a data URL, size-limited. */
  'attachments.preview': call(z.tuple([z.object({ messageId: id, attachmentId: id }).strict()]), returns<{ dataUrl: string; mime: string }>()),
  'search.query': call(z.tuple([searchSchema]), returns<SearchHit[]>()),
  'sync.now': call(z.tuple([z.object({ bal: emailAddressSchema.optional() }).strict()]), returns<{ started: boolean }>()),

  // ---- Writing and sending (main/send, main/directory, main/xdm; composer in renderer/features/compose)
  'compose.identities': call(z.tuple([]), returns<ComposeIdentity[]>()),
  /** Prefilled draft for a reply / reply-all / forward of a cached message. */
  'compose.prepare': call(
    z.tuple([z.object({ messageId: id, mode: z.enum(['reply', 'reply-all', 'forward', 'forward-attachment']) }).strict()]),
    returns<ComposeDraft>(),
  ),
  'drafts.save': call(z.tuple([composeDraftSchema]), returns<{ draftId: number; savedAt: number }>()),
  'drafts.list': call(z.tuple([z.object({ bal: emailAddressSchema }).strict()]), returns<Array<{ draftId: number; subject: string; savedAt: number }>>()),
  'drafts.get': call(z.tuple([id]), returns<ComposeDraft>()),
  'drafts.delete': call(z.tuple([id]), returns<{ deleted: boolean }>()),
  /** The composer closed: the saved draft goes to the server's Drafts folder now (queued when offline). */
  'drafts.sync': call(z.tuple([id]), returns<{ queued: boolean }>()),
  /** "Modifier le brouillon": a message of the Drafts folder as a local draft (replaces that copy at its next save). */
  'drafts.fromMessage': call(z.tuple([id]), returns<ComposeDraft>()),
  /** Queues the message in the durable outbox (sent once, when possible) and returns at once. */
  'compose.send': call(z.tuple([composeDraftSchema]), returns<OutboxItemView>()),
  'outbox.list': call(z.tuple([z.object({ bal: emailAddressSchema.optional() }).strict()]), returns<OutboxItemView[]>()),
  'outbox.retry': call(z.tuple([id]), returns<OutboxItemView>()),
  /** Delivery / read status per recipient of a sent message (from DSN and MDN reports). */
  'receipts.forMessage': call(z.tuple([id]), returns<OutboxItemView | null>()),
  'mdn.pending': call(z.tuple([id]), returns<MdnRequest | null>()),
  'mdn.respond': call(z.tuple([z.object({ messageId: id, send: z.boolean() }).strict()]), returns<{ sent: boolean }>()),
  'directory.search': call(
    z.tuple([z.object({ q: z.string().min(2).max(100), balTypes: z.array(z.enum(['PER', 'ORG', 'APP', 'CAB'])).max(4).optional() }).strict()]),
    returns<DirectoryEntry[]>(),
  ),
  /** The MSSanté trust list's verdict and entry for recipients' domains. */
  'trust.lookup': call(z.tuple([z.object({ domains: z.array(z.string().min(1).max(253)).max(100) }).strict()]), returns<TrustLookup>()),
  'xdm.inspect': call(z.tuple([z.object({ messageId: id, attachmentId: id }).strict()]), returns<XdmView>()),
  /** Document of an XDM package (CDA rendering or its PDF) as a data URL. */
  'xdm.document': call(z.tuple([z.object({ messageId: id, attachmentId: id, documentId: z.string().max(200) }).strict()]), returns<{ dataUrl: string; mime: string }>()),
  'settings.composeGet': call(z.tuple([]), returns<ComposeSettings>()),
  'settings.composeUpdate': call(z.tuple([composeSettingsPatchSchema]), returns<ComposeSettings>()),

  // ---- Mailboxes & audit (main/mailboxes, main/app/mailbox-handlers.ts, main/audit/audit-trail.ts)
  /** BALs the operator refused at the last online login (no right, or terms of use to accept first). */
  'mailboxes.refused': call(z.tuple([]), returns<RefusedBalView[]>()),
  /** Asks the operator again about every BAL (e.g. after accepting its terms of use); answers come as events. */
  'mailboxes.recheck': call(z.tuple([]), returns<{ started: boolean }>()),
  /** The folder on screen of a BAL: the engine keeps it selected (IDLE follows what the person looks at). */
  'mailboxes.setActiveFolder': call(z.tuple([z.object({ bal: emailAddressSchema, folderId: id }).strict()]), returns<{ ok: boolean }>()),
  /** INBOX messages of every BAL of the person, newest first, each with its BAL. */
  'mailboxes.unified': call(z.tuple([unifiedListSchema]), returns<UnifiedMessagePage>()),
  /** Functional audit trail of this workstation (newest first), for the person's BALs and sessions. */
  'audit.list': call(z.tuple([auditQuerySchema]), returns<AuditEntryView[]>()),
  /** Writes the filtered trail as CSV (Downloads folder / save dialog); null when cancelled. */
  'audit.exportCsv': call(z.tuple([auditQuerySchema.omit({ limit: true })]), returns<{ savedTo: string | null; count: number }>()),

  // ---- Archive & export (main/archive, main/sync/archive-*.ts, main/app/archive-handlers.ts)
  /** "Classer hors ligne": verified local copy (source, body, attachments), then the server copy is deleted. */
  'messages.keepOffline': call(z.tuple([z.object({ ids: idList }).strict()]), returns<ArchiveResultView>()),
  /** "Archives locales" of a BAL: archived messages no longer on the server, newest first. */
  'archive.list': call(z.tuple([archiveListSchema]), returns<MessagePage>()),
  'archive.getPolicy': call(z.tuple([z.object({ bal: emailAddressSchema }).strict()]), returns<ArchivePolicyView | null>()),
  /** days null: no automatic archiving for this BAL. */
  'archive.setPolicy': call(z.tuple([archivePolicySchema]), returns<ArchivePolicyView | null>()),
  /** The stored raw source as .eml (save dialog / Téléchargements); null when cancelled. */
  'messages.exportEml': call(z.tuple([z.object({ id }).strict()]), returns<{ savedTo: string | null }>()),
  /** A folder, or a BAL's local archive, as one mboxrd file. */
  'folders.exportMbox': call(z.tuple([exportMboxSchema]), returns<ExportResultView>()),
  // ---- end Archive & export
} as const;

export const events = {
  'settings.changed': returns<Settings>(),
  'session.changed': returns<SessionInfo | null>(),
  'connectivity.changed': returns<ConnectivityState>(),
  'mailboxes.changed': returns<BalSummary[]>(),
  'setup.progress': returns<DiscoveryProgress>(),
  'card.changed': returns<CardState>(),
  'auth.cibaProgress': returns<CibaProgress>(),
  'sync.progress': returns<SyncProgress>(),
  'index.progress': returns<IndexProgressView>(),
  /** Messages of these folders changed (new, flags, expunge): lists refresh. */
  'messages.changed': returns<{ bal: string; folderIds: number[] }>(),
  'folders.changed': returns<{ bal: string }>(),
  'mail.new': returns<{ bal: string; count: number }>(),
  'outbox.changed': returns<OutboxItemView>(),
  /** A received message asks for a read receipt that needs the person's decision. */
  'mdn.requested': returns<MdnRequest>(),
  // ---- Mailboxes & audit
  'mailboxes.refusedChanged': returns<RefusedBalView[]>(),
} as const;

export type Calls = typeof calls;
export type CallName = keyof Calls;
export type CallArgs<K extends CallName> = z.input<Calls[K]['args']>;
export type ParsedCallArgs<K extends CallName> = z.output<Calls[K]['args']>;
export type CallResult<K extends CallName> = Calls[K]['result'] extends Returns<infer R> ? R : never;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<K extends EventName> = Events[K] extends Returns<infer P> ? P : never;

export const CALL_NAMES = Object.keys(calls) as CallName[];
export const EVENT_NAMES = Object.keys(events) as EventName[];

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(calls, name);
}
export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(events, name);
}

/** Wire format of every answer: errors travel as data so their code and French message survive IPC. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: BridgeErrorData };
export interface BridgeErrorData {
  code: string;
  /** Message for the user, in the UI language, saying what happened and what to do. */
  message: string;
}

/** The object the renderer sees as `window.mss`, identical under Electron and the browser host. */
export interface MssApi {
  invoke<K extends CallName>(name: K, ...args: CallArgs<K>): Promise<CallResult<K>>;
  on<K extends EventName>(name: K, listener: (payload: EventPayload<K>) => void): () => void;
  readonly host: 'electron' | 'browser';
}
