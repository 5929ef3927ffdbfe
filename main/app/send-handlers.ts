// Bridge handlers of writing and sending (composer, drafts, outbox, receipts, read receipts, directory,
// XDM packages, compose settings), and the factory of the services behind them.
import { assertConfigHosts } from '../autoconfig/host-policy';
import type { CallName } from '../../shared/contract';
import type { BalSummary, SessionInfo } from '../../shared/types';
import type { CredentialsProvider } from '../auth/credentials';
import type { OutgoingImap } from '../sync/protocol';
import type { Handlers } from '../bridge/dispatcher';
import type { EventBus } from '../bridge/events';
import { DirectoryService } from '../directory';
import type { TrustList } from '../autoconfig/trust-list';
import type { RevocationConfig } from '../net/revocation';
import type { SecretStore } from '../secrets';
import { ComposeSettingsStore } from '../send/compose-settings';
import { SendService } from '../send/send-service';
import type { SendOptions } from '../send/context';
import type { StoreReader } from '../store/reader';
import type { CacheWrites } from '../store/app-writes';
import type { StoredAccount } from '../accounts/accounts-file';
import { MailAccess } from '../mail/access';

export interface SendingEnvironment {
  /** Directory to use while the person has not configured one (runtime configuration, e.g. the sandbox). */
  directoryDefaults?: { url: string; apiKey: string };
  profileDir: string;
  secrets: SecretStore;
  events: EventBus;
  extraCa: Buffer[];
  /** CRL check of the operator's chain (SMTP). */
  revocation?: RevocationConfig;
  testMode: boolean;
  trustList?: () => Promise<TrustList>;
  cache(): { reader: StoreReader; writes: CacheWrites } | null;
  session(): SessionInfo | null;
  credentials: CredentialsProvider;
  /** Sent / Drafts copies, raw sources, header probes: through the sync engine (its connection budget). */
  imap: OutgoingImap;
  /** BALs of the person logged in (operator-confirmed rights), [] when nobody / locked. */
  mailboxes(): BalSummary[];
  account(bal: string): StoredAccount | undefined;
  fetchAttachment?(bal: string, messageId: number, part: string): Promise<Buffer | null>;
  addKeyword?(messageId: number, keyword: string): Promise<void>;
  markRead?(messageId: number): Promise<void>;
  options?: Partial<SendOptions>;
}

export interface SendingServices {
  send: SendService;
  directory: DirectoryService;
  settings: ComposeSettingsStore;
  dispose(): void;
}

/** Builds the services and starts the sender loop (it acts only while a session is active). */
export function createSendingServices(env: SendingEnvironment): SendingServices {
  const settings = new ComposeSettingsStore(env.profileDir, env.secrets);
  const send = new SendService({
    cache: env.cache,
    session: env.session,
    credentials: env.credentials,
    imap: env.imap,
    mailboxes: env.mailboxes,
    accountServers: (bal) => {
      const a = env.account(bal);
      if (!a) return null;
      // The host policy again before every SMTP connection.
      assertConfigHosts(a.config, a.config.smtp.host, { testMode: env.testMode });
      return { smtp: a.config.smtp };
    },
    settings,
    extraCa: env.extraCa,
    revocation: env.revocation,
    emit: (name, payload) => env.events.emit(name, payload),
    fetchAttachment: env.fetchAttachment,
    addKeyword: env.addKeyword,
    markRead: env.markRead,
    options: env.options,
  });
  const directory = new DirectoryService({
    contacts: () => {
      const c = env.cache();
      const s = env.session();
      if (!c || !s || s.locked) return null;
      return { reader: c.reader, accountIds: new MailAccess(c.reader, env.mailboxes().map((b) => b.address)).allowedAccountIds() };
    },
    // A directory configured by the runtime (the sandbox's FHIR fixture) is used until the person sets one.
    settings: async () => {
      const apiKey = await settings.apiKey();
      if (!apiKey && env.directoryDefaults) return { directoryUrl: env.directoryDefaults.url, apiKey: env.directoryDefaults.apiKey };
      return { directoryUrl: settings.current().directoryUrl, apiKey };
    },
    extraCa: env.extraCa,
    ...(env.revocation ? { revocation: env.revocation } : {}),
    testMode: env.testMode,
    ...(env.trustList ? { trustList: env.trustList } : {}),
  });
  // Session active again, new mail (reports), back online: the sender makes a pass.
  const unsubscribe = env.events.subscribeAll((name) => {
    if (name === 'session.changed' || name === 'mail.new' || name === 'connectivity.changed' || name === 'mailboxes.changed') void send.kick();
  });
  send.start();
  return {
    send,
    directory,
    settings,
    dispose() {
      unsubscribe();
      send.dispose();
    },
  };
}

type SendCalls =
  | 'compose.identities' | 'compose.prepare' | 'drafts.save' | 'drafts.list' | 'drafts.get' | 'drafts.delete' | 'drafts.sync'
  | 'drafts.fromMessage' | 'compose.send'
  | 'outbox.list' | 'outbox.retry' | 'receipts.forMessage' | 'mdn.pending' | 'mdn.respond' | 'directory.search' | 'xdm.inspect'
  | 'xdm.document' | 'settings.composeGet' | 'settings.composeUpdate';
export type SendHandlers = Pick<Handlers, SendCalls & CallName>;

export function createSendHandlers(s: SendingServices): SendHandlers {
  return {
    'compose.identities': () => s.send.identities(),
    'compose.prepare': (_ctx, o) => s.send.prepare(o.messageId, o.mode),
    'drafts.save': (_ctx, d) => s.send.saveDraft(d),
    'drafts.list': (_ctx, o) => s.send.listDrafts(o.bal),
    'drafts.get': (_ctx, id) => s.send.getDraft(id),
    'drafts.delete': (_ctx, id) => s.send.deleteDraft(id),
    'drafts.sync': (_ctx, id) => s.send.syncDraft(id),
    'drafts.fromMessage': (_ctx, id) => s.send.draftFromMessage(id),
    'compose.send': (_ctx, d) => s.send.send(d),
    'outbox.list': (_ctx, o) => s.send.listOutbox(o.bal),
    'outbox.retry': (_ctx, id) => s.send.retry(id),
    'receipts.forMessage': (_ctx, id) => s.send.receiptsFor(id),
    'mdn.pending': (_ctx, id) => s.send.mdnPending(id),
    'mdn.respond': (_ctx, o) => s.send.respondMdn(o.messageId, o.send),
    'directory.search': (_ctx, o) => s.directory.search(o.q, o.balTypes ? { balTypes: o.balTypes } : {}),
    'xdm.inspect': (_ctx, o) => s.send.xdmInspect(o.messageId, o.attachmentId),
    'xdm.document': (_ctx, o) => s.send.xdmDocument(o.messageId, o.attachmentId, o.documentId),
    'settings.composeGet': () => s.settings.get(),
    'settings.composeUpdate': (_ctx, patch) => s.settings.update(patch),
  };
}
