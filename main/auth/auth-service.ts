// Authentication as the app uses it: the PSC session (CIBA e-CPS / card, authorization code), the CPS
// card (identity before PIN, one PIN attempt, removal locks), and the credentials seam IMAP and SMTP use.
// Access tokens never leave SessionManager; the UI only sees SessionInfo.
import type { CardState, CibaStart, SessionInfo } from '../../shared/types';
import type { EventBus } from '../bridge/events';
import { cardMessage } from './card';
import type { LoginResult } from './card';
import { createCredentialsProvider, type CredentialsProvider } from './credentials';
import type { AuditSink } from './audit-events';
import { PscClient, PscError } from './psc';
import { SessionManager, type SessionState } from './session/session-manager';
import { lockOnCardRemoval, unlockWithCard } from './session/card-lock';
import { createTrustedFetch } from '../net/trusted-fetch';
import type { SecretStore } from '../secrets';
import { UserError } from '../errors';
import { errorFields, log } from '../log';
import type { AccountsFile } from '../accounts/accounts-file';
import { CardAccess } from './card-access';
import type { PreferencesFile } from '../settings/preferences-file';
import type { RuntimeConfig } from '../config/runtime-config';
import { OfflineUnlock, MIN_CODE_LENGTH, MAX_CODE_LENGTH, type OfflinePerson } from './offline/offline-unlock';
import { alreadyOnline, badLength, keychainRefused, notOnline, unlockRefused, wrongPerson } from './offline/messages';
import { SessionError } from './session/errors';

export interface AuthDeps {
  events: EventBus;
  runtime: RuntimeConfig;
  accounts: AccountsFile;
  secrets: SecretStore;
  audit: AuditSink;
  prefs: PreferencesFile;
  /** Called once per new active session (rights confirmation, sync start). */
  onActive: (info: SessionInfo) => void;
  /** Called when the session ends or locks (sync stops, tokens are gone). */
  onInactive: (state: SessionState['status']) => void;
  /** Called when a person opens the cache offline (card PIN or local unlock code): BALs, status. */
  onOffline?: (info: SessionInfo) => void;
  /** The hex key of the cache open on this workstation (what a local unlock code unwraps). */
  cacheKeyHex?: () => string | null;
  /** How often an offline session checks whether PSC answers again (then resumes online). */
  reconnectEveryMs?: number;
}

const METHOD: Record<string, SessionInfo['method']> = {
  'ciba-card': 'CARD',
  'ciba-mobile': 'MOBILE',
  'authorization-code': 'BROWSER',
};

function fr(message: string, en = message): { fr: string; en: string } {
  return { fr: message, en };
}

export class AuthService {
  readonly session: SessionManager;
  readonly card: CardAccess;
  readonly credentials: CredentialsProvider;
  private offline: SessionInfo | null = null;
  private activeSince = 0;
  private lastStatus: SessionState['status'] = 'loggedOut';
  private readonly ciba = new Map<string, { cancel(): void; timer: NodeJS.Timeout }>();
  private readonly fetch;
  readonly offlineUnlock: OfflineUnlock;
  private reconnectTimer: NodeJS.Timeout | null = null;

  constructor(private readonly deps: AuthDeps) {
    this.fetch = createTrustedFetch({ extraCa: deps.runtime.extraCa, revocation: deps.runtime.revocation });
    this.session = new SessionManager({ psc: () => this.connectPsc(), secrets: deps.secrets, audit: deps.audit });
    this.card = new CardAccess({ modulePath: deps.runtime.cardModule, env: deps.runtime.cardEnv });
    this.credentials = createCredentialsProvider(this.session);
    this.session.onSessionChanged((state) => this.onSessionState(state));
    this.card.onChange(() => void this.card.state().then((s) => deps.events.emit('card.changed', s)));
    this.offlineUnlock = new OfflineUnlock({ secrets: deps.secrets, cacheKeyHex: deps.cacheKeyHex ?? (() => null) });
  }

  private async connectPsc(): Promise<PscClient> {
    const account = this.deps.accounts.list().find((a) => a.config.psc);
    if (!account?.config.psc) {
      throw new UserError('auth.no-psc', fr("Aucune boîte aux lettres configurée n'indique de fournisseur Pro Santé Connect : ajoutez d'abord votre BAL."));
    }
    const client = this.deps.runtime.pscClient;
    if (!client) {
      throw new UserError('auth.no-client', fr("Ce poste n'a pas d'identifiant client Pro Santé Connect : demandez à votre prestataire informatique de configurer l'application."));
    }
    return PscClient.connect({
      issuer: account.config.psc.issuer,
      discoveryUrl: account.config.psc.discoveryUrl,
      clientId: account.config.psc.clientId ?? client.clientId,
      clientSecret: client.clientSecret,
      trust: { extraCa: this.deps.runtime.extraCa, revocation: this.deps.runtime.revocation },
    });
  }

  private onSessionState(state: SessionState): void {
    const previous = this.lastStatus;
    this.lastStatus = state.status;
    if (state.status === 'active' && previous !== 'active') {
      this.offline = null;
      this.stopReconnecting();
      this.activeSince = Date.now();
    }
    const info = this.info();
    this.deps.events.emit('session.changed', info);
    if (state.status === 'active' && previous !== 'active' && info) this.deps.onActive(info);
    if (state.status !== 'active' && previous === 'active') this.deps.onInactive(state.status);
  }

  /** What the UI may know of the session (never a token). */
  info(): SessionInfo | null {
    const s = this.session.current;
    if (s.status === 'active' || s.status === 'locked') {
      const id = s.identity;
      return {
        idNat: id.idNat,
        givenName: id.givenName ?? '',
        familyName: id.familyName ?? '',
        profession: id.professions[0] ?? '',
        method: s.status === 'active' ? (METHOD[s.method] ?? (id.authMode === 'CARD' ? 'CARD' : 'MOBILE')) : id.authMode === 'CARD' ? 'CARD' : 'MOBILE',
        locked: s.status === 'locked',
        ...(s.status === 'locked' ? { lockReason: s.reason } : {}),
        offline: false,
        since: this.activeSince,
      };
    }
    return this.offline;
  }

  /** The person whose cached mail may be shown (active, or card-verified offline). Locked: nobody. */
  currentIdNat(): string | null {
    const info = this.info();
    return info && !info.locked ? info.idNat : null;
  }

  async cardState(): Promise<CardState> {
    return this.card.state();
  }

  async loginWithCard(pin: string | null): Promise<SessionInfo> {
    const service = await this.card.get();
    const inserted = await this.card.inserted();
    if (!service || !inserted) throw new UserError('card.no-card', fr(cardMessage('no-card')));
    const { slotId, identity } = inserted;
    // A locked offline session: only its person's card (checked before the PIN: no try used).
    if (this.offline?.locked && this.offline.idNat !== identity.idNat) throw wrongPerson();

    // A locked session: the same person's card and PIN unlock it, without the network.
    if (this.session.current.status === 'locked') {
      let pinVerified = false;
      const result = await unlockWithCard(this.session, service, slotId, pin).catch((err: unknown) => {
        if (err instanceof PscError && (err.code === 'network' || err.code === 'discovery-failed')) {
          // The PIN was right (the refresh comes after it) but PSC is unreachable: open the cache offline.
          pinVerified = true;
          return null;
        }
        if (err instanceof SessionError && err.code !== 'wrong-person') throw new UserError(`session.${err.code}`, fr(err.message), { cause: err });
        throw new UserError('card.wrong-person', fr("Cette carte n'est pas celle de la personne connectée : la session reste verrouillée. Déconnectez-vous pour changer de personne."), { cause: err });
      });
      if (pinVerified) {
        await service.logout(slotId).catch(() => undefined);
        this.deps.events.emit('card.changed', await this.card.state());
        return this.openOffline(this.cardInfo(identity), 'card', 'unlock');
      }
      if (!result) throw new UserError('card.unknown', fr(cardMessage('card-error')));
      if (!result.ok) throw this.pinError(result.login);
      await service.logout(slotId).catch(() => undefined);
      this.deps.events.emit('card.changed', await this.card.state());
      return this.info()!;
    }

    const login = await service.login(slotId, pin);
    this.deps.events.emit('card.changed', await this.card.state());
    if (!login.ok) {
      void this.deps.audit.record({ at: new Date().toISOString(), idNat: identity.idNat, action: 'login-failed', method: 'card', result: 'failure', detail: login.reason });
      throw this.pinError(login);
    }
    try {
      const ciba = await this.session.loginWithCiba({ idNat: identity.idNat, channel: 'CARD' });
      if (this.deps.runtime.cardCibaProofUrl) {
        // Sandbox card channel: the card's authentication key signs the request (see sandbox/psc/card-proof).
        const payload = Buffer.from(`${ciba.authReqId}:${ciba.bindingMessage}`, 'utf8');
        const { signature } = await service.sign(slotId, payload);
        const res = await this.fetch(this.deps.runtime.cardCibaProofUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ authReqId: ciba.authReqId, certificate: Buffer.from(identity.der).toString('base64'), signature: Buffer.from(signature).toString('base64') }),
        });
        if (!res.ok) ciba.cancel();
      }
      const outcome = await ciba.done;
      if (outcome !== 'approved') {
        throw new UserError(`auth.ciba-${outcome}`, fr("Pro Santé Connect n'a pas validé la connexion par carte. Réessayez ; si cela persiste, connectez-vous avec e-CPS."));
      }
      return this.info()!;
    } catch (err) {
      if (err instanceof UserError) throw err;
      if (err instanceof PscError && (err.code === 'network' || err.code === 'discovery-failed')) {
        // No network: the card and its PIN prove the person locally; cached mail only.
        return this.openOffline(this.cardInfo(identity), 'card', this.offline?.locked ? 'unlock' : 'login');
      }
      log.warn('auth.card-login-failed', errorFields(err));
      throw err instanceof PscError ? new UserError(`auth.${err.code}`, fr(err.message), { cause: err }) : err;
    } finally {
      await service.logout(slotId).catch(() => undefined);
    }
  }

  private cardInfo(identity: { idNat: string; givenName: string; familyName: string; profession?: string | null }): SessionInfo {
    return { idNat: identity.idNat, givenName: identity.givenName, familyName: identity.familyName, profession: identity.profession ?? '', method: 'CARD', locked: false, offline: true, since: Date.now() };
  }

  /**
   * The person is proved locally (card PIN or local unlock code) while PSC is unreachable: cached mail of
   * the BALs the operator confirmed at her last online login, nothing synced. Checks PSC now and then and
   * resumes online (stored refresh token) as soon as it answers.
   */
  private openOffline(info: SessionInfo, method: 'card' | 'local', action: 'login' | 'unlock'): SessionInfo {
    this.offline = info;
    // A locked online session of the same person gives way (refresh token kept for the reconnection).
    this.session.releaseLockForOffline(info.idNat);
    void this.deps.audit.record({ at: new Date().toISOString(), idNat: info.idNat, action, method, result: 'success', detail: 'offline' });
    this.deps.events.emit('session.changed', info);
    this.deps.onOffline?.(info);
    this.startReconnecting();
    return info;
  }

  private startReconnecting(): void {
    this.stopReconnecting();
    const every = this.deps.reconnectEveryMs ?? 30_000;
    this.reconnectTimer = setInterval(() => void this.tryReconnect(), every);
    this.reconnectTimer.unref?.();
  }

  private stopReconnecting(): void {
    if (this.reconnectTimer) clearInterval(this.reconnectTimer);
    this.reconnectTimer = null;
  }

  private reconnecting = false;
  /** PSC answers again: the offline person's stored session resumes (never while locked). */
  private async tryReconnect(): Promise<void> {
    const offline = this.offline;
    if (!offline || offline.locked || this.reconnecting || this.session.current.status !== 'loggedOut') return;
    this.reconnecting = true;
    try {
      await this.connectPsc(); // discovery only: no audit entry while the network is away
      if (this.offline?.idNat !== offline.idNat || this.offline.locked) return;
      const outcome = await this.session.resume(offline.idNat);
      log.info('auth.offline-reconnect', { outcome });
      if (outcome === 'none' || outcome === 'expired') this.stopReconnecting();
    } catch {
      // Still unreachable: the next tick tries again.
    } finally {
      this.reconnecting = false;
    }
  }

  /** The people who set a local unlock code on this workstation (offline opening). */
  offlinePeople(): Promise<OfflinePerson[]> {
    return this.offlineUnlock.people();
  }

  /** Offline opening with the local unlock code: ONE attempt per call, counted and rate-limited. */
  async unlockOffline(idNat: string, code: string): Promise<SessionInfo> {
    if (this.session.current.status === 'active') throw alreadyOnline();
    const locked = this.session.current.status === 'locked' ? this.session.current.identity.idNat : this.offline?.locked ? this.offline.idNat : null;
    if (locked && locked !== idNat) throw wrongPerson();
    const result = await this.offlineUnlock.unlock(idNat, code);
    if (!result.ok) {
      void this.deps.audit.record({ at: new Date().toISOString(), idNat, action: locked ? 'unlock' : 'login-failed', method: 'local', result: 'failure', detail: result.reason });
      throw unlockRefused(result);
    }
    const p = result.person;
    return this.openOffline({ idNat: p.idNat, givenName: p.givenName, familyName: p.familyName, profession: p.profession, method: 'LOCAL', locked: false, offline: true, since: Date.now() }, 'local', locked ? 'unlock' : 'login');
  }

  /** Whether the person of the online session has a local unlock code here. */
  async offlineCodeStatus(): Promise<{ available: boolean; set: boolean; setAt: number | null; minLength: number }> {
    const s = this.session.current;
    if (s.status !== 'active') return { available: false, set: false, setAt: null, minLength: MIN_CODE_LENGTH };
    const person = (await this.offlineUnlock.people().catch(() => [])).find((p) => p.idNat === s.identity.idNat);
    return { available: Boolean(this.deps.cacheKeyHex?.()), set: Boolean(person), setAt: person?.setAt ?? null, minLength: MIN_CODE_LENGTH };
  }

  /** Sets the local unlock code, only during an online session (PSC just proved who she is). */
  async setOfflineCode(code: string): Promise<{ set: true; setAt: number }> {
    const s = this.session.current;
    if (s.status !== 'active') throw notOnline();
    if (code.length < MIN_CODE_LENGTH || code.length > MAX_CODE_LENGTH) throw badLength();
    const id = s.identity;
    try {
      await this.offlineUnlock.set({ idNat: id.idNat, givenName: id.givenName ?? '', familyName: id.familyName ?? '', profession: id.professions[0] ?? '' }, code);
    } catch (err) {
      throw keychainRefused(err);
    }
    void this.deps.audit.record({ at: new Date().toISOString(), idNat: id.idNat, action: 'offline-code', method: 'user', result: 'success', detail: 'set' });
    return { set: true, setAt: Date.now() };
  }

  /** Removes the online person's local unlock code. */
  async removeOfflineCode(): Promise<{ removed: boolean }> {
    const s = this.session.current;
    if (s.status !== 'active') throw notOnline();
    const removed = await this.offlineUnlock.remove(s.identity.idNat);
    if (removed) void this.deps.audit.record({ at: new Date().toISOString(), idNat: s.identity.idNat, action: 'offline-code', method: 'user', result: 'success', detail: 'removed' });
    return { removed };
  }

  private pinError(login: LoginResult): UserError {
    if (login.ok) return new UserError('card.unknown', fr(cardMessage('card-error')));
    if (login.reason === 'wrong-pin') {
      const next = login.finalTryNext
        ? ' Attention : il ne reste qu’un essai ; un nouveau code faux bloquera la carte.'
        : ' Vérifiez votre code avant de réessayer.';
      return new UserError('card.wrong-pin', fr(`Code porteur incorrect.${next}`, `Wrong PIN.${login.finalTryNext ? ' Warning: one try left; another wrong PIN will block the card.' : ' Check your PIN before trying again.'}`));
    }
    return new UserError(`card.${login.reason}`, fr(cardMessage(login.reason === 'card-error' ? 'card-error' : login.reason)));
  }

  async startCiba(request: { idNat: string; channel: 'CARD' | 'MOBILE'; remember: boolean }): Promise<CibaStart> {
    this.deps.prefs.set({ rememberedIdNat: request.remember ? request.idNat : null });
    let login;
    try {
      login = await this.session.loginWithCiba({ idNat: request.idNat, channel: request.channel });
    } catch (err) {
      if (err instanceof UserError) throw err;
      if (err instanceof PscError) throw new UserError(`auth.${err.code}`, fr(err.message), { cause: err });
      throw err;
    }
    const requestId = login.authReqId;
    const tick = () => {
      const secondsLeft = Math.max(0, Math.round((login.expiresAt - Date.now()) / 1000));
      this.deps.events.emit('auth.cibaProgress', { requestId, state: 'pending', secondsLeft });
    };
    const timer = setInterval(tick, 1000);
    this.ciba.set(requestId, { cancel: login.cancel, timer });
    login.done.then(
      (kind) => this.finishCiba(requestId, kind === 'approved' ? 'approved' : kind),
      (err: unknown) => this.finishCiba(requestId, 'error', err instanceof PscError ? err.message : 'La connexion Pro Santé Connect a échoué. Réessayez.'),
    );
    return { requestId, bindingMessage: login.bindingMessage, expiresAt: login.expiresAt, interval: login.intervalSeconds, channel: request.channel };
  }

  private finishCiba(requestId: string, state: 'approved' | 'denied' | 'expired' | 'cancelled' | 'error', message?: string): void {
    const entry = this.ciba.get(requestId);
    if (entry) clearInterval(entry.timer);
    this.ciba.delete(requestId);
    this.deps.events.emit('auth.cibaProgress', { requestId, state, secondsLeft: 0, ...(message ? { message } : {}) });
  }

  cancelCiba(requestId: string): { cancelled: boolean } {
    const entry = this.ciba.get(requestId);
    entry?.cancel();
    return { cancelled: Boolean(entry) };
  }

  async startBrowserLogin(): Promise<{ url: string }> {
    try {
      const login = await this.session.loginWithAuthorizationCode({ loginHint: this.deps.prefs.get().rememberedIdNat ?? undefined });
      login.waitForCallback().catch((err: unknown) => log.info('auth.browser-login-ended', errorFields(err)));
      return { url: login.authorizationUrl };
    } catch (err) {
      if (err instanceof PscError) throw new UserError(`auth.${err.code}`, fr(err.message), { cause: err });
      throw err;
    }
  }

  /** Silent login at start-up with the remembered person's refresh token (keychain). */
  async resume(): Promise<void> {
    const idNat = this.deps.prefs.get().rememberedIdNat;
    if (!idNat) return;
    try {
      await this.session.resume(idNat);
    } catch (err) {
      log.info('auth.resume-failed', errorFields(err));
    }
  }

  async logout(): Promise<void> {
    for (const [id] of this.ciba) this.cancelCiba(id);
    const offline = this.offline;
    this.offline = null;
    this.stopReconnecting();
    await this.session.logout();
    if (offline) {
      // An offline session has no PSC session to end: its logout is traced here.
      void this.deps.audit.record({ at: new Date().toISOString(), idNat: offline.idNat, action: 'logout', method: 'user', result: 'success', detail: 'offline' });
      this.deps.events.emit('session.changed', this.info());
    }
  }

  /** "Verrouiller" or the inactivity delay: the same person unlocks (card PIN, e-CPS, local unlock). */
  lock(reason: 'user' | 'idle'): SessionInfo | null {
    for (const [id] of this.ciba) this.cancelCiba(id);
    if (this.offline) {
      if (!this.offline.locked) {
        this.offline = { ...this.offline, locked: true, lockReason: reason };
        void this.deps.audit.record({ at: new Date().toISOString(), idNat: this.offline.idNat, action: 'lock', method: 'user', result: 'success', detail: `${reason}:offline` });
        this.deps.events.emit('session.changed', this.offline);
      }
      return this.offline;
    }
    this.session.lock(reason === 'idle' ? 'idle' : 'user');
    return this.info();
  }

  /** Card removal locks the holder's session (shared workstation). */
  async watchCardRemoval(): Promise<void> {
    const service = await this.card.get();
    if (!service) return;
    lockOnCardRemoval(this.session, service);
    service.on('removed', () => {
      if (this.offline) {
        this.offline = { ...this.offline, locked: true, lockReason: 'card-removed' };
        this.deps.events.emit('session.changed', this.offline);
      }
    });
  }

  async dispose(): Promise<void> {
    this.stopReconnecting();
    for (const [id] of this.ciba) this.cancelCiba(id);
    this.session.dispose();
    await this.card.close();
  }
}
