// Composition root of the main-process services, shared by the Electron shell and the browser host:
// both build the same handlers from here, so the renderer talks to identical services.
import path from 'node:path';
import type { BalSummary, ConnectivityState, SessionInfo, Settings } from '../../shared/types';
import { EventBus } from '../bridge/events';
import { DisposableStore, toDisposable } from '../lifecycle/disposable';
import { type Handlers, createDispatcher } from '../bridge/dispatcher';
import { UserError } from '../errors';
import { errorFields, log } from '../log';
import { checkBalRight } from '../mailboxes/rights-check';
import { fetchBalListing } from '../mailboxes/bal-listing';
import { MailboxService } from '../mailboxes/mailbox-service';
import { createTrustedFetch } from '../net/trusted-fetch';
import { TrustListService } from '../autoconfig/trust-list-service';
import { isDomainTrusted, operatorSupport, trustDomainView, trustListDate } from '../autoconfig/trust-list';
import { KeytarSecretStore, type SecretStore } from '../secrets';
import { SettingsService } from '../settings/settings-service';
import { isSafeExternalUrl } from '../window/external-links';
import { AccountsFile } from '../accounts/accounts-file';
import { imapServerOf } from '../accounts/imap-server';
import { imapCredentialsProvider } from '../auth/credentials';
import { AuthService } from '../auth/auth-service';
import { type CacheProblem, type OpenCache, openCache } from '../store/open-cache';
import { createMailHandlers } from './mail-handlers';
import { MessageFrames } from '../frames/message-frames';
import { createArchiveHandlers } from './archive-handlers'; // ---- Archive & export
// ---- Mailboxes & audit (mailboxes helper)
import { AuditTrail } from '../audit/audit-trail';
import { withAuditTrail } from './audit-handlers';
import { createMailboxHandlers } from './mailbox-handlers';
// ---- end Mailboxes & audit
import { type AttachmentFiles, downloadsFolderFiles } from '../mail/attachment-files';
import { mailEngineFromApi } from '../mail/engine-adapter';
import { PreferencesFile } from '../settings/preferences-file';
import { type RuntimeConfig, loadRuntimeConfig, withRevocation } from '../config/runtime-config';
import { SoftwareCertificates } from '../auth/certificate/software-certificates';
import { createCertificateHandlers } from './certificate-handlers';
import { createSetupHandlers } from './setup-handlers';
import { createSendHandlers, createSendingServices } from './send-handlers';
import { rightsRepository } from '../mailboxes/rights-repository';
import { auditSink } from '../audit/audit-sink';
import { SyncController } from '../mail/sync-controller';
import { readAppVersion } from '../config/version';
import { readStoredAttachment } from '../sync/stored-attachment';

export interface AppEnvironment {
  host: 'electron' | 'browser';
  profileDir: string;
  /** Opens a checked https URL with the operating system; returns whether it did. */
  openExternal: (url: string) => Promise<boolean>;
  /** Where attachments are saved / opened (Electron: dialogs; browser host: a Downloads folder). */
  files?: AttachmentFiles;
  runtime?: RuntimeConfig;
  secrets?: SecretStore;
  /** Electron: opens PSC's login page in the app's own login window. Absent: the page opens a popup. */
  /** Electron: opens the PSC login window, limited to the PSC origins of the configured accounts. */
  openLoginWindow?: (url: string, login: { psc: Array<{ issuer: string; discoveryUrl?: string; authUrl?: string; tokenUrl?: string }>; testMode: boolean }) => void;
}

const msg = (fr: string, en: string) => ({ fr, en });

export async function createAppServices(env: AppEnvironment) {
  // Everything started below registers how it stops; dispose() stops it all, last started first.
  const lifetime = new DisposableStore();
  const events = new EventBus();
  // CRL check of the operator's chains; last good CRLs kept under <profile>/crl.
  const runtime = withRevocation(env.runtime ?? loadRuntimeConfig(), env.profileDir);
  const settings = new SettingsService(env.profileDir, (s: Settings) => events.emit('settings.changed', s));
  const accounts = new AccountsFile(env.profileDir);
  const prefs = new PreferencesFile(env.profileDir);
  const secrets = env.secrets ?? new KeytarSecretStore();
  const trustedFetch = createTrustedFetch({ extraCa: runtime.extraCa, revocation: runtime.revocation });
  // The MSSanté trust list: parsed off the event loop at start-up, then refreshed (production, or the sandbox's).
  const trustList = new TrustListService({
    profileDir: env.profileDir,
    testMode: runtime.testMode,
    // espacedeconfiance.mssante.fr presents an IGC-Santé certificate: verified against those roots (and
    // their CRLs) only, never an OS-store CA.
    net: { testMode: runtime.testMode, extraCa: runtime.extraCa, systemRoots: false, dnsServers: runtime.dnsServers, hostPortMap: runtime.hostPortMap, revocation: runtime.revocation },
    ...(runtime.trustList ?? {}),
  });
  if (!runtime.testMode || runtime.trustList) void trustList.start();
  else void trustList.ready();
  // Software certificates (PKCS#12) of APP / ORG BALs: TLS client certificate + SASL EXTERNAL instead of PSC.
  const certificates = new SoftwareCertificates(env.profileDir, secrets, runtime.extraCa);

  // Not known until an engine reports (or the person opens the cache offline): the header says "Connexion…".
  let connectivity: ConnectivityState = { online: false, connecting: true, since: Date.now() };
  // Who to call when the operator cannot be reached: the trust list's SupportContact of the BAL's domain.
  const operatorSupportOf = (bals: string[]) => operatorSupport(bals, trustList.current());
  const setConnectivity = (online: boolean, since: number, reason?: string, connectionCap?: number, offlineBals: string[] = []) => {
    if (!connectivity.connecting && connectivity.online === online && connectivity.since === since && connectivity.reason === reason) return;
    const operatorSupport = online ? null : operatorSupportOf(offlineBals);
    connectivity = { online, since, ...(reason ? { reason } : {}), ...(connectionCap ? { connectionCap } : {}), ...(operatorSupport ? { operatorSupport } : {}) };
    events.emit('connectivity.changed', connectivity);
  };

  const setConnecting = () => {
    if (connectivity.connecting) return;
    connectivity = { online: false, connecting: true, since: Date.now() };
    events.emit('connectivity.changed', connectivity);
  };

  // Sanitized message documents served at their own URL (see main/frames/message-frames.ts).
  const frames = new MessageFrames();

  // The encrypted cache (closed when the keychain is unavailable and the user did not choose otherwise).
  let cache: OpenCache | null = null;
  let cacheProblem: CacheProblem | null = null;
  // The sync engine's worker holds the cache's single writer: it starts with the cache, and main writes
  // through it (cache.writes); main's own connection is read-only.
  const sync: SyncController = new SyncController({ events, runtime, credentials: { getCredentials: (b, o) => auth.credentials.getCredentials(b, o), reportRefused: (t) => auth.credentials.reportRefused(t) }, certificates, cache: () => cache, setConnectivity, connectionCaps: () => accounts.list().map((a) => a.config.connectionCap) });
  const openTheCache = async (allowUnprotected: boolean) => {
    const result = await openCache(path.join(env.profileDir, 'cache'), secrets, allowUnprotected, (file, keyHex) => sync.open(file, keyHex));
    if ('code' in result) cacheProblem = result;
    else {
      cache = result;
      cacheProblem = null;
    }
  };
  await openTheCache(prefs.get().allowUnprotectedCacheKey);
  lifetime.add(toDisposable(() => {
    cache?.close();
    cache = null;
  }));
  lifetime.add(sync); // stopped before the cache closes (last registered, first disposed)

  const audit = {
    record(e: Parameters<ReturnType<typeof auditSink>['record']>[0]) {
      if (cache) auditSink(cache.writes).record(e);
      else log.info('audit.dropped-cache-closed', { action: e.action });
    },
  };

  const emitMailboxes = () => events.emit('mailboxes.changed', mailboxes.list(auth.currentIdNat()));

  const auth: AuthService = new AuthService({
    events,
    runtime,
    accounts,
    secrets,
    audit,
    prefs,
    onActive: (info: SessionInfo) => {
      setConnecting();
      void afterLogin(info);
    },
    // Opened offline (card PIN or local unlock code): the BALs confirmed at the last online login show at
    // once, and the header says offline (no engine runs).
    onOffline: (info: SessionInfo) => {
      setConnectivity(false, Date.now(), 'PSC_UNREACHABLE', undefined, mailboxes.list(info.idNat).map((b) => b.address));
      emitMailboxes();
      mailboxApi.emitRefused();
      trail.resetSession();
      const firstBal = mailboxes.list(info.idNat).find((b) => b.active)?.address;
      if (firstBal) trail.record(firstBal, 'bal.open', null);
    },
    cacheKeyHex: () => cache?.keyHex ?? null,
    onInactive: () => {
      frames.clear(); // message documents leave memory with the session
      void sync.stopAll();
      setConnecting(); // the next session's engine will say
      emitMailboxes();
      mailboxApi.emitRefused(); // ---- Mailboxes & audit
    },
  });

  const mailboxes: MailboxService = new MailboxService({
    accounts,
    rights: {
      list: (idNat) => (cache ? rightsRepository(cache.writes, cache.reader).list(idNat) : []),
      replace: async (idNat, rights) => {
        if (cache) await rightsRepository(cache.writes, cache.reader).replace(idNat, rights);
      },
      anyoneHolds: (bal) => (cache ? rightsRepository(cache.writes, cache.reader).anyoneHolds(bal) : true),
    },
    unreadOf: (bal) => {
      const reader = cache?.reader;
      const account = reader?.getAccountByAddress(bal);
      if (!account || !reader) return 0;
      // ---- Mailboxes & audit: the switcher shows the INBOX's unread count (what the unified inbox lists)
      const inbox = reader.getFolderByPath(account.id, 'INBOX');
      const counts = reader.unreadCounts([account.id])[0];
      return inbox ? (counts?.folders.find((f) => f.folderId === inbox.id)?.unread ?? 0) : (counts?.unread ?? 0);
    },
    checkRight: (account) => {
      let server;
      try {
        server = imapServerOf(account, runtime, certificates.has(account.address));
      } catch (err) {
        // Host policy refusal: no connection, so no token sent; the BAL stays as it was (unreachable).
        log.warn('mailboxes.host-refused', errorFields(err));
        return Promise.resolve({ ok: false as const, reason: 'unreachable' as const, serverText: null });
      }
      return checkBalRight(account.address, server, imapCredentialsProvider(auth.credentials, (b) => certificates.credentials(b)));
    },
    listOperatorBals: async (account) => {
      if (!account.config.balListingUrl) return [];
      const token = await auth.session.getAccessToken();
      return fetchBalListing(account.config.balListingUrl, token, (url, init) => trustedFetch(url, init as never));
    },
    addListedAccount: (from, listed) =>
      accounts.upsert({
        address: listed.address,
        type: listed.type,
        label: listed.label ?? listed.address,
        config: { ...from.config, address: listed.address, imap: { ...from.config.imap, username: listed.address }, smtp: { ...from.config.smtp, username: listed.address } },
        discoveredFrom: 'operator-listing',
      }),
    // The BAL's sync stops in the worker (awaited) before its cache is deleted there: nothing is written after.
    purgeCache: (bal) => sync.purge(bal),
  });

  lifetime.add(auth);

  async function afterLogin(info: SessionInfo, recheck = false): Promise<void> {
    try {
      const result = await mailboxes.confirmRights(info.idNat);
      log.info('mailboxes.rights-confirmed', { confirmed: result.confirmed.length, refused: result.refused.length, unreachable: result.unreachable.length });
      refused = result.refused;
      emitMailboxes();
      // ---- Mailboxes & audit: refused BALs shown; at login (not on a recheck) the first active BAL is
      // traced as opened
      mailboxApi.emitRefused();
      if (!recheck) {
        trail.resetSession();
        const firstBal = mailboxes.list(info.idNat).find((b) => b.active)?.address;
        if (firstBal) trail.record(firstBal, 'bal.open', null);
      }
      // ---- end Mailboxes & audit
      const allowed = new Set(result.confirmed.map((c) => c.bal.toLowerCase()));
      // No BAL to sync: no engine will report; PSC and the operator just answered.
      if (allowed.size === 0) setConnectivity(true, Date.now());
      // Exactly the confirmed BALs sync: a withdrawn one (purged above, or sealed) stops in the worker.
      await sync.reconcile(accounts.list().filter((a) => allowed.has(a.address.toLowerCase())));
    } catch (err) {
      log.warn('mailboxes.confirm-failed', errorFields(err));
    }
  }
  let refused: Array<{ bal: string; reason: string; cguUrl: string | null }> = [];

  const allowedBals = () => mailboxes.list(auth.currentIdNat()).map((b) => b.address);
  // ---- Mailboxes & audit (mailboxes helper): functional audit trail and the 'mailboxes.*' / 'audit.*' calls
  const files = env.files ?? downloadsFolderFiles(path.join(env.profileDir, 'Téléchargements'));
  const trail = new AuditTrail({
    writer: () => cache?.writes ?? null,
    reader: () => (auth.currentIdNat() ? (cache?.reader ?? null) : null),
    actor: () => {
      const i = auth.info();
      return i && !i.locked ? { idNat: i.idNat, name: `${i.givenName} ${i.familyName}`.trim() } : null;
    },
    allowedBals,
  });
  lifetime.add(toDisposable(() => trail.flush())); // queued entries written before the cache closes
  const mailboxApi = createMailboxHandlers({
    events,
    mailboxes,
    accounts,
    idNat: () => auth.currentIdNat(),
    reader: () => (auth.currentIdNat() ? (cache?.reader ?? null) : null),
    engine: {
      setActiveFolder: async (b, f) => (await sync.engine())?.setActiveFolder(b, f),
      syncNow: async (b) => (await sync.engine())?.syncNow(b),
    },
    trail,
    files,
    emitMailboxes,
    recheck: () => recheckRights(),
  });
  lifetime.add(mailboxApi);
  /** A BAL added while a person is logged in is checked with the operator at once (refused ones show). */
  function recheckRights(): boolean {
    const info = auth.info();
    if (!info || info.locked || info.offline) return false;
    void afterLogin(info, true);
    return true;
  }
  // ---- end Mailboxes & audit
  const mailHandlers = createMailHandlers({
    reader: () => (auth.currentIdNat() ? (cache?.reader ?? null) : null),
    engine: mailEngineFromApi(
      {
        start: async (a) => (await sync.engine())!.start(a),
        stop: async (b) => (await sync.engine())?.stop(b),
        setActiveFolder: async (b, f) => (await sync.engine())?.setActiveFolder(b, f),
        syncNow: async (b) => (await sync.engine())?.syncNow(b),
        applyChange: async (c) => {
          const engine = await sync.engine();
          if (!engine) throw new UserError('cache.closed', msg('Le cache des messages est fermé.', 'The message cache is closed.'));
          return engine.applyChange(c);
        },
        fetchBody: async (id) => (await sync.engine())?.fetchBody(id) ?? false,
        fetchAttachment: async (id, part) => (await sync.engine())?.fetchAttachment(id, part) ?? 0,
        connectivity: async (b) => (await sync.engine())?.connectivity(b) ?? { online: false, since: Date.now() },
        specialFolder: async (b, role) => {
          const engine = await sync.engine();
          if (!engine) throw new UserError('cache.closed', msg('Le cache des messages est fermé.', 'The message cache is closed.'));
          return engine.specialFolder(b, role);
        },
        stats: async () => (await sync.engine())!.stats(),
        archive: async (ids, o) => (await sync.engine())!.archive(ids, o), // ---- Archive & export
        ensureRaw: async (ids) => (await sync.engine())?.ensureRaw(ids) ?? [], // ---- Archive & export
      },
      () => cache?.reader ?? null,
    ),
    allowedBals,
    files,
    sentByOf: (messageId) => sending.send.sentByOf(messageId),
  });

  // ---- Writing and sending (main/send, main/directory, main/xdm) — self-contained block of the sending side.
  const sending = createSendingServices({
    profileDir: env.profileDir,
    secrets,
    events,
    extraCa: runtime.extraCa,
    revocation: runtime.revocation,
    testMode: runtime.testMode,
    trustList: () => trustList.ready(),
    ...(runtime.directory ? { directoryDefaults: runtime.directory } : {}),
    cache: () => cache,
    session: () => auth.info(),
    credentials: auth.credentials,
    imap: sync.outgoing(),
    mailboxes: () => mailboxes.list(auth.currentIdNat()),
    account: (bal) => accounts.get(bal),
    fetchAttachment: async (_bal, id, part) => {
      await (await sync.engine())?.fetchAttachment(id, part);
      return cache ? readStoredAttachment(cache.reader, id, part) : null;
    },
    // $MDNSent after a read receipt is answered: the engine's queued flag changes (replayed when online).
    addKeyword: async (id, keyword) => {
      await (await sync.engine())?.applyChange({ kind: 'flags', messageIds: [id], keywords: { add: [keyword] } });
    },
    // Delivery / read reports matched to a sent message: read (their content is in "Suivi de l'envoi").
    markRead: async (id) => {
      await (await sync.engine())?.applyChange({ kind: 'flags', messageIds: [id], add: ['seen'] });
    },
  });
  lifetime.add(sending);
  // ---- end of the writing-and-sending block

  const handlers: Handlers = {
    'app.getInfo': () => ({
      name: 'Messagerie MSSanté',
      version: readAppVersion(),
      host: env.host,
      platform: process.platform,
      sandboxMode: runtime.testMode,
    }),
    'settings.get': () => settings.get(),
    'settings.update': (_ctx, patch) => settings.update(patch),
    'shell.openExternal': async (_ctx, url) => {
      if (!isSafeExternalUrl(url)) {
        throw new UserError('shell.unsafe-url', msg(
          "Ce lien n'a pas été ouvert : seuls les liens https vers un site nommé sont autorisés.",
          'This link was not opened: only https links to a named site are allowed.',
        ));
      }
      return { opened: await env.openExternal(url) };
    },
    'session.get': () => auth.info(),
    'frames.open': (_ctx, html) => ({ url: frames.put(html) }),
    'connectivity.get': () => connectivity,
    'trust.lookup': async (_ctx, { domains }) => {
      const list = await trustList.ready();
      return {
        listDate: trustListDate(list),
        domains: domains.map((domain) => ({ domain, trusted: isDomainTrusted(domain, list, runtime.testMode), info: trustDomainView(domain, list) })),
      };
    },
    ...mailboxApi.handlers, // ---- Mailboxes & audit: 'mailboxes.*', 'audit.*'
    ...createSetupHandlers({
      events,
      accounts,
      runtime,
      trustList: () => trustList.settled(),
      onAccountSaved: (address): BalSummary => {
        recheckRights(); // ---- Mailboxes & audit: the operator is asked about the new BAL at once
        return {
          address,
          type: accounts.get(address)?.type ?? 'PER',
          label: accounts.get(address)?.label ?? address,
          role: 'titulaire',
          unread: 0,
          active: false,
          confirmedAt: null,
        };
      },
    }),
    'setup.accountCount': () => ({ count: accounts.list().length }),
    ...createCertificateHandlers(certificates),
    'cache.status': () => (cache ? { open: true, storedIn: cache.storedIn, problem: null } : { open: false, storedIn: null, problem: cacheProblem }),
    'cache.allowUnprotectedKey': async () => {
      prefs.set({ allowUnprotectedCacheKey: true });
      await openTheCache(true);
      return cache ? { open: true, storedIn: cache.storedIn, problem: null } : { open: false, storedIn: null, problem: cacheProblem };
    },
    'auth.cardState': () => auth.cardState(),
    'auth.loginWithCard': (_ctx, pin) => auth.loginWithCard(pin),
    'auth.startCiba': (_ctx, request) => auth.startCiba(request),
    'auth.cancelCiba': (_ctx, requestId) => auth.cancelCiba(requestId),
    'auth.startBrowserLogin': async () => {
      const { url } = await auth.startBrowserLogin();
      env.openLoginWindow?.(url, { psc: accounts.list().flatMap((a) => (a.config.psc ? [a.config.psc] : [])), testMode: runtime.testMode });
      return { url, openedByApp: Boolean(env.openLoginWindow) };
    },
    'auth.rememberedIdNat': () => prefs.get().rememberedIdNat,
    'auth.logout': async () => {
      await auth.logout();
      return { loggedOut: true };
    },
    'auth.lock': (_ctx, { reason }) => auth.lock(reason),
    'auth.offlinePeople': () => auth.offlinePeople(),
    'auth.unlockOffline': (_ctx, { idNat, code }) => auth.unlockOffline(idNat, code),
    'auth.offlineCodeStatus': () => auth.offlineCodeStatus(),
    'auth.setOfflineCode': (_ctx, { code }) => auth.setOfflineCode(code),
    'auth.removeOfflineCode': () => auth.removeOfflineCode(),
    ...mailHandlers,
    // ---- Archive & export: archive, local archive view, policy, .eml / mbox exports
    ...createArchiveHandlers({
      reader: () => (auth.currentIdNat() ? (cache?.reader ?? null) : null),
      writes: () => cache?.writes ?? null,
      engine: () => sync.engine(),
      allowedBals,
      actor: () => {
        const i = auth.info();
        return i && !i.locked ? { idNat: i.idNat, name: `${i.givenName} ${i.familyName}`.trim() } : null;
      },
      roleOf: (bal) => mailboxes.list(auth.currentIdNat()).find((b) => b.address.toLowerCase() === bal.toLowerCase())?.role ?? null,
      files,
    }),
    // ---- end Archive & export
    ...createSendHandlers(sending),
  };

  void auth.watchCardRemoval().catch(() => undefined);
  void auth.resume();

  // ---- Mailboxes & audit: reads, sends, moves and deletes leave a functional trace
  const dispatcher = createDispatcher(withAuditTrail(handlers, trail, { reader: () => cache?.reader ?? null, allowedBals }), () => settings.get().language);
  return {
    events,
    dispatcher,
    frames,
    settings,
    auth,
    refusedBals: () => refused,
    cacheProblem: () => cacheProblem,
    reopenCacheAllowingUnprotectedKey: () => openTheCache(true),
    setConnectivity,
    /** How many started things are still registered to stop (0 after dispose). */
    running: () => lifetime.size,
    async dispose() {
      await lifetime.dispose();
    },
  };
}

export type AppServices = Awaited<ReturnType<typeof createAppServices>>;
