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

  constructor(private readonly deps: AuthDeps) {
    this.fetch = createTrustedFetch({ extraCa: deps.runtime.extraCa, revocation: deps.runtime.revocation });
    this.session = new SessionManager({ psc: () => this.connectPsc(), secrets: deps.secrets, audit: deps.audit });
    this.card = new CardAccess({ modulePath: deps.runtime.cardModule, env: deps.runtime.cardEnv });
    this.credentials = createCredentialsProvider(this.session);
    this.session.onSessionChanged((state) => this.onSessionState(state));
    this.card.onChange(() => void this.card.state().then((s) => deps.events.emit('card.changed', s)));
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

    // A locked session: the same person's card and PIN unlock it, without the network.
    if (this.session.current.status === 'locked') {
      const result = await unlockWithCard(this.session, service, slotId, pin).catch((err: unknown) => {
        throw new UserError('card.wrong-person', fr("Cette carte n'est pas celle de la personne connectée : la session reste verrouillée. Déconnectez-vous pour changer de personne."), { cause: err });
      });
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
        this.offline = {
          idNat: identity.idNat,
          givenName: identity.givenName,
          familyName: identity.familyName,
          profession: identity.profession ?? '',
          method: 'CARD',
          locked: false,
          offline: true,
          since: Date.now(),
        };
        void this.deps.audit.record({ at: new Date().toISOString(), idNat: identity.idNat, action: 'login', method: 'card', result: 'success', detail: 'offline' });
        this.deps.events.emit('session.changed', this.offline);
        return this.offline;
      }
      log.warn('auth.card-login-failed', errorFields(err));
      throw err instanceof PscError ? new UserError(`auth.${err.code}`, fr(err.message), { cause: err }) : err;
    } finally {
      await service.logout(slotId).catch(() => undefined);
    }
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
    for (const [id] of this.ciba) this.cancelCiba(id);
    this.session.dispose();
    await this.card.close();
  }
}
