// What the sending services share: their dependencies (store, session, credentials, BALs, settings),
// access checks, server settings of a BAL, the outbox view and the audit trail.
import type { EventName, EventPayload } from '../../shared/contract';
import type { BalSummary, OutboxItemView, SessionInfo } from '../../shared/types';
import type { CredentialsProvider } from '../auth/credentials';
import { MailAccess } from '../mail/access';
import type { RevocationConfig } from '../net/revocation';
import type { StoreReader } from '../store/reader';
import type { OutboxItem } from '../store/types';
import type { CacheWrites } from '../store/app-writes';
import { errorFields, log } from '../log';
import type { OutgoingImap } from '../sync/protocol';
import type { ComposeSettingsStore } from './compose-settings';
import { balNotAllowedToSend, cacheClosed } from './errors';
import { SMTP_TEXT } from './errors';
import type { OutboxMeta } from './outbox-meta';
import type { SmtpServer, SmtpTimeouts } from './smtp';

export interface ServerSettings {
  host: string;
  port: number;
  security: 'starttls' | 'tls';
}

export interface SendOptions {
  /** Waits before retrying a temporary failure (attempt n uses the n-th value, the last one repeats). */
  retryDelaysMs: number[];
  /** An interrupted send whose BAL was a recipient: how long to wait for its copy in INBOX before resending. */
  recoveryGraceMs: number;
  /** Background pass of the sender (retries, Sent copies, reports). */
  pollMs: number;
  smtpTimeouts?: SmtpTimeouts;
  /** TLS server name when servers are reached by IP (tests). */
  servername?: string;
  /** Sent items keep their raw copy this long once in Sent (then pruned, status kept). */
  keepSentMs: number;
  /** A draft goes to the server's Drafts folder once it has not changed for this long (or when its composer closes). */
  draftSyncDelayMs: number;
}

export const DEFAULT_SEND_OPTIONS: SendOptions = {
  retryDelaysMs: [15_000, 60_000, 5 * 60_000, 15 * 60_000],
  recoveryGraceMs: 60_000,
  pollMs: 30_000,
  keepSentMs: 30 * 24 * 3600_000,
  draftSyncDelayMs: 15_000,
};

export interface SendDeps {
  /** main's read-only handle and its writes (async calls to the cache's single writer, the engine worker). */
  cache(): { reader: StoreReader; writes: CacheWrites } | null;
  /** auth.info(): who is logged in (null: nobody), locked, offline (card checked without PSC). */
  session(): SessionInfo | null;
  /** SMTP logins (XOAUTH2 with the person's token). */
  credentials: CredentialsProvider;
  /**
   * Everything the sending side does on the IMAP server (Sent / Drafts copies, raw sources, header probes):
   * asked of the sync engine, which runs it on the BAL's background connection inside its connection
   * budget. The sending side never opens an IMAP connection itself.
   */
  imap: OutgoingImap;
  /** BALs the current person may open (operator-confirmed rights). */
  mailboxes(): BalSummary[];
  /** SMTP settings of a configured BAL (accounts file); null: not configured here. */
  accountServers(bal: string): { smtp: ServerSettings } | null;
  settings: ComposeSettingsStore;
  /** Extra trusted roots (IGC-Santé, sandbox CA). */
  extraCa: Buffer[];
  /** CRL check of the operator's chain, inside the TLS handshake (main/net/revocation.ts). */
  revocation?: RevocationConfig;
  emit<K extends EventName>(name: K, payload: EventPayload<K>): void;
  /** Attachment content not cached yet (sync engine); null when unreachable. */
  fetchAttachment?(bal: string, messageId: number, part: string): Promise<Buffer | null>;
  /** Adds an IMAP keyword to a cached message, in the cache at once and on the server through the sync engine's queued changes. */
  addKeyword?(messageId: number, keyword: string): Promise<void>;
  /** Marks a cached message read (\Seen), in the cache at once and on the server through the sync engine. */
  markRead?(messageId: number): Promise<void>;
  options?: Partial<SendOptions>;
}

export const isInterrupted = (item: Pick<OutboxItem, 'state'>) => item.state === 'interrupted';

export class SendContext {
  readonly options: SendOptions;
  constructor(readonly deps: SendDeps) {
    this.options = { ...DEFAULT_SEND_OPTIONS, ...deps.options };
  }

  /** A person is logged in, unlocked, with a PSC session (not an offline card check). */
  sessionActive(): boolean {
    const s = this.deps.session();
    return !!s && !s.locked && !s.offline;
  }

  person(): SessionInfo | null {
    const s = this.deps.session();
    return s && !s.locked ? s : null;
  }

  store(): { reader: StoreReader; writes: CacheWrites } {
    const c = this.deps.cache();
    if (!c || !this.person()) throw cacheClosed();
    return { reader: c.reader, writes: c.writes };
  }

  allowed(): BalSummary[] {
    return this.person() ? this.deps.mailboxes() : [];
  }

  access(reader: StoreReader): MailAccess {
    return new MailAccess(reader, this.allowed().map((b) => b.address));
  }

  requireBal(bal: string): BalSummary {
    const b = this.allowed().find((x) => x.address.toLowerCase() === bal.toLowerCase());
    if (!b) throw balNotAllowedToSend();
    return b;
  }

  smtpServer(bal: string): SmtpServer | null {
    const s = this.deps.accountServers(bal)?.smtp;
    return s ? { ...s, extraCa: this.deps.extraCa, ...(this.deps.revocation ? { revocation: this.deps.revocation } : {}), ...(this.options.servername ? { servername: this.options.servername } : {}) } : null;
  }

  /** Resolves once written; never rejects (the audit never blocks sending). */
  audit(writes: CacheWrites, e: { bal: string; action: string; target: string; result: 'ok' | 'error' | 'denied'; idNat?: string; detail?: Record<string, string | number | boolean | null> }): Promise<void> {
    return writes
      .appendAudit({ idnat: e.idNat ?? this.deps.session()?.idNat ?? 'inconnu', bal: e.bal, action: e.action, target: e.target, result: e.result, ...(e.detail ? { detail: e.detail } : {}) })
      .then(() => undefined, (err: unknown) => log.warn('send.audit-failed', errorFields(err)));
  }
}

/** The outbox row + its metadata as the UI sees it (errors in French; no raw content). */
export function outboxView(item: OutboxItem | null, meta: OutboxMeta, fallbackId = 0): OutboxItemView {
  // Interrupted (delivery unknown, being verified on the server) shows as failed with its explanation.
  const stored = item?.state ?? 'sent';
  const state = stored === 'interrupted' ? 'failed' : stored;
  let error = stored === 'interrupted' ? SMTP_TEXT.interrupted : (item?.lastError ?? null);
  if (state === 'sent') error = null;
  return {
    id: item?.id ?? fallbackId,
    bal: meta.bal,
    messageId: meta.messageId,
    subject: meta.subject,
    to: meta.to,
    state,
    error,
    createdAt: item?.createdAt ?? 0,
    sentAt: item?.sentAt ?? null,
    sentBy: meta.sentBy,
    recipients: Object.values(meta.recipients).map((r) => ({ address: r.address, status: r.status, detail: r.detail, at: r.at })),
  };
}
