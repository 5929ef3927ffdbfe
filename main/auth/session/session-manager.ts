// The life of one person's Pro Santé Connect session on this workstation.
//
//   loggedOut ──login──▶ authenticating ──approved──▶ active ──card removed / lock()──▶ locked
//       ▲                     │ denied/expired/cancelled     │  ▲ refresh ok             │ same person
//       │                     ▼                              │  └───────────────────────┘ re-authenticates
//       └──logout()── (any) ◀─┘       refresh refused ──▶ expired ──login──▶ authenticating
//
// The access token lives only in this object's memory (never on disk, never logged, never in events).
// The refresh token is kept in the OS keychain (SecretStore, account refresh-token:<IdNat>) so the session
// can be reopened silently at the next start. Refreshes happen ahead of expiry and are single-flight.
import { SECRET_SERVICE, SecretAccounts, type SecretStore } from '../../secrets/secret-store';
import { KeychainUnavailableError } from '../../secrets/errors';
import { errorFields, log } from '../../log';
import type { AuditAction, AuditEvent, AuditMethod, AuditSink } from '../audit-events';
import { PscError } from '../psc/errors';
import type { AuthorizationCodeOptions } from '../psc/psc-client';
import type { AuthorizationCodeHandle, CibaHandle, CibaOutcome, CibaRequest, PscChannel, PscIdentity, PscTokenSet } from '../psc/types';
import { identityFromClaims } from '../psc/identity';
import { systemClock, type Clock } from './clock';
import { SessionError } from './errors';
import { SingleFlight } from './single-flight';
import { DEFAULT_REFRESH_POLICY, isUsable, refreshDelay, retryDelay, type RefreshPolicy } from './token-schedule';

/** What the session needs from PSC (PscClient implements it). */
export interface PscAuthority {
  startCiba(request: CibaRequest): Promise<CibaHandle>;
  startAuthorizationCode(options?: AuthorizationCodeOptions): Promise<AuthorizationCodeHandle>;
  refresh(refreshToken: string): Promise<PscTokenSet>;
  revoke(refreshToken: string): Promise<void>;
  userinfo(accessToken: string, expectedSub?: string): Promise<Record<string, unknown>>;
}

export type LoginMethod = 'ciba-card' | 'ciba-mobile' | 'authorization-code' | 'resume';
export type LockReason = 'card-removed' | 'user' | 'idle';

/** What the UI sees (no token ever). */
export type SessionState =
  | { status: 'loggedOut' }
  | { status: 'authenticating'; method: LoginMethod; idNat?: string }
  | { status: 'active'; identity: PscIdentity; method: LoginMethod; accessTokenExpiresAt: number; persisted: boolean }
  | { status: 'locked'; identity: PscIdentity; reason: LockReason }
  | { status: 'expired'; idNat: string; identity?: PscIdentity; message: string };

export interface SessionManagerOptions {
  /** PSC client, or a lazy provider of it (discovery may need the network). */
  psc: PscAuthority | (() => Promise<PscAuthority>);
  secrets: SecretStore;
  audit: AuditSink;
  clock?: Clock;
  refreshPolicy?: RefreshPolicy;
}

export interface CibaLogin {
  bindingMessage: string;
  authReqId: string;
  intervalSeconds: number;
  expiresAt: number;
  expiresIn: number;
  /** Settles with the PSC outcome once the session is established (approved) or not. */
  done: Promise<CibaOutcome['kind']>;
  cancel(): void;
}

export interface CodeLogin {
  authorizationUrl: string;
  /** Resolves with the active session state; rejects with PscError / SessionError. */
  waitForCallback(): Promise<SessionState>;
  cancel(): void;
}

interface AccessToken {
  value: string;
  obtainedAt: number;
  expiresAt: number;
}

type Listener = (state: SessionState) => void;

export class SessionManager {
  private state: SessionState = { status: 'loggedOut' };
  #access: AccessToken | null = null;
  #refreshToken: string | null = null;
  private persisted = false;
  private timer: unknown = null;
  private refreshFailures = 0;
  /** Bumped when a session starts, locks or ends: refresh results started before are discarded. */
  private generation = 0;
  /** Bumped by every login start, lock and logout: results of logins started before are discarded. */
  private loginSeq = 0;
  private readonly flight = new SingleFlight<string>();
  private readonly listeners = new Set<Listener>();
  private pendingLogin: { cancel(): void } | null = null;
  /** State to return to when a login fails (a login may be retried while authenticating). */
  private beforeLogin: SessionState = { status: 'loggedOut' };
  private pscPromise: Promise<PscAuthority> | null = null;
  private readonly clock: Clock;
  private readonly policy: RefreshPolicy;

  constructor(private readonly options: SessionManagerOptions) {
    this.clock = options.clock ?? systemClock;
    this.policy = options.refreshPolicy ?? DEFAULT_REFRESH_POLICY;
  }

  // ---- observation ------------------------------------------------------------------------------

  get current(): SessionState {
    return this.state;
  }

  /** Subscribes to sessionChanged; returns the unsubscribe function. */
  onSessionChanged(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // ---- login ------------------------------------------------------------------------------------

  /** CIBA login: shows `bindingMessage` large while the person approves on the phone or card prompt. */
  async loginWithCiba(request: { idNat: string; channel: PscChannel; signal?: AbortSignal; requestedExpirySeconds?: number }): Promise<CibaLogin> {
    const method: LoginMethod = request.channel === 'CARD' ? 'ciba-card' : 'ciba-mobile';
    const { seq: gen, previous } = this.beginLogin(method, request.idNat);
    let handle: CibaHandle;
    try {
      const psc = await this.psc();
      handle = await psc.startCiba(request);
    } catch (err) {
      this.loginFailed(gen, previous, method, request.idNat, err);
      throw err;
    }
    this.pendingLogin = handle;
    const done = handle.outcome.then(
      async (outcome) => {
        if (outcome.kind === 'approved') {
          await this.establish(gen, previous, outcome.tokens, method);
          return outcome.kind;
        }
        this.loginFailed(gen, previous, method, request.idNat, outcome.kind);
        return outcome.kind;
      },
      (err: unknown) => {
        this.loginFailed(gen, previous, method, request.idNat, err);
        throw err;
      },
    );
    done.catch(() => {});
    return {
      bindingMessage: handle.bindingMessage,
      authReqId: handle.authReqId,
      intervalSeconds: handle.intervalSeconds,
      expiresAt: handle.expiresAt,
      expiresIn: handle.expiresIn,
      done,
      cancel: () => handle.cancel(),
    };
  }

  /** Authorization code + PKCE: the shell opens `authorizationUrl` in the login window / popup. */
  async loginWithAuthorizationCode(options: { loginHint?: string; signal?: AbortSignal } = {}): Promise<CodeLogin> {
    const method: LoginMethod = 'authorization-code';
    const hint = options.loginHint ?? (this.state.status === 'locked' ? this.state.identity.idNat : undefined);
    const { seq: gen, previous } = this.beginLogin(method, hint);
    let handle: AuthorizationCodeHandle;
    try {
      const psc = await this.psc();
      handle = await psc.startAuthorizationCode({ loginHint: hint, signal: options.signal });
    } catch (err) {
      this.loginFailed(gen, previous, method, hint ?? null, err);
      throw err;
    }
    this.pendingLogin = handle;
    let result: Promise<SessionState> | undefined;
    return {
      authorizationUrl: handle.authorizationUrl,
      waitForCallback: () =>
        (result ??= handle.waitForCallback().then(
          async (tokens) => {
            await this.establish(gen, previous, tokens, method);
            return this.state;
          },
          (err: unknown) => {
            this.loginFailed(gen, previous, method, hint ?? null, err);
            throw err;
          },
        )),
      cancel: () => handle.cancel(),
    };
  }

  /** IdNats with a refresh token in the keychain (candidates for a silent login at start). */
  async resumableIdNats(): Promise<string[]> {
    const prefix = SecretAccounts.refreshToken('');
    const accounts = await this.options.secrets.list(SECRET_SERVICE);
    return accounts.filter((a) => a.startsWith(prefix)).map((a) => a.slice(prefix.length));
  }

  /**
   * Silent login at start from the keychain's refresh token. Returns 'active', 'none' (no stored session),
   * 'expired' (PSC refused it: login needed) or 'offline' (PSC unreachable: the stored session is kept).
   */
  async resume(idNat: string): Promise<'active' | 'none' | 'expired' | 'offline'> {
    const method: LoginMethod = 'resume';
    const stored = await this.options.secrets.get(SECRET_SERVICE, SecretAccounts.refreshToken(idNat));
    if (!stored) return 'none';
    const { seq: gen, previous } = this.beginLogin(method, idNat);
    try {
      const psc = await this.psc();
      const tokens = await psc.refresh(stored);
      const identity = tokens.identity ?? identityFromClaims(await psc.userinfo(tokens.accessToken));
      if (identity.idNat !== idNat) throw new PscError('missing-identity');
      await this.establish(gen, previous, { ...tokens, identity, refreshToken: tokens.refreshToken ?? stored }, method);
      return 'active';
    } catch (err) {
      if (err instanceof PscError && (err.code === 'network' || err.code === 'discovery-failed')) {
        this.loginFailed(gen, previous, method, idNat, err);
        return 'offline';
      }
      if (err instanceof PscError && err.code === 'refresh-refused') {
        await this.forgetStored(idNat);
        this.audit('login-failed', idNat, 'resume', 'failure', 'refresh-refused');
        if (gen === this.loginSeq) {
          this.pendingLogin = null;
          this.setState({ status: 'expired', idNat, message: err.message });
        }
        return 'expired';
      }
      this.loginFailed(gen, previous, method, idNat, err);
      throw err;
    }
  }

  // ---- tokens -----------------------------------------------------------------------------------

  /**
   * A valid access token for a new IMAP/SMTP connection. Refreshes (single-flight) when the current
   * one is missing or close to expiry, or when `forceRefresh` is set.
   */
  async getAccessToken(options: { forceRefresh?: boolean } = {}): Promise<string> {
    const s = this.state;
    if (s.status === 'locked') throw new SessionError('locked');
    if (s.status === 'expired') throw new SessionError('expired');
    if (s.status !== 'active') throw new SessionError('not-logged-in');
    if (options.forceRefresh) this.#access = null;
    const access = this.#access;
    if (access && isUsable(access, this.clock.now(), this.policy)) return access.value;
    return this.refreshNow('on-demand');
  }

  /** A server refused this token: forget it unless a newer one already replaced it. */
  invalidateAccessToken(token: string): void {
    if (this.#access?.value === token) this.#access = null;
  }

  // ---- lock / unlock / logout -----------------------------------------------------------------

  /** Card removed or workstation locked: the access token is dropped, the UI must hide content. */
  lock(reason: LockReason): void {
    let s = this.state;
    this.cancelPendingLogin();
    this.loginSeq += 1;
    if (s.status === 'authenticating') {
      // A login in progress is abandoned: back to where it started (a locked session stays locked).
      s = this.beforeLogin;
      this.setState(s);
    }
    if (s.status !== 'active') return;
    this.generation += 1;
    this.dropTokens();
    this.setState({ status: 'locked', identity: s.identity, reason });
    this.audit('lock', s.identity.idNat, reason === 'card-removed' ? 'card' : reason === 'idle' ? 'system' : 'user', 'success', reason);
  }

  /**
   * Unlock after the card module verified the PIN of a card whose IdNat is `verifiedIdNat`: only the
   * person of the locked session may unlock; the stored refresh token gives a fresh access token.
   */
  async unlockWithVerifiedCard(verifiedIdNat: string): Promise<SessionState> {
    const s = this.state;
    if (s.status !== 'locked') return s;
    if (s.identity.idNat !== verifiedIdNat) {
      this.audit('unlock', verifiedIdNat, 'card', 'failure', 'wrong-person');
      throw new SessionError('wrong-person');
    }
    const gen = ++this.generation;
    const stored = await this.options.secrets.get(SECRET_SERVICE, SecretAccounts.refreshToken(verifiedIdNat)).catch(() => null);
    if (!stored) {
      this.audit('unlock', verifiedIdNat, 'card', 'failure', 'no-stored-session');
      this.setState({ status: 'expired', idNat: verifiedIdNat, identity: s.identity, message: new SessionError('expired').message });
      throw new SessionError('expired');
    }
    try {
      const tokens = await (await this.psc()).refresh(stored);
      if (gen !== this.generation) return this.state;
      this.#refreshToken = tokens.refreshToken ?? stored;
      if (tokens.refreshToken) await this.persist(verifiedIdNat, tokens.refreshToken);
      this.#access = { value: tokens.accessToken, obtainedAt: tokens.obtainedAt, expiresAt: tokens.expiresAt };
      this.setState({ status: 'active', identity: s.identity, method: 'resume', accessTokenExpiresAt: tokens.expiresAt, persisted: this.persisted });
      this.schedule();
      this.audit('unlock', verifiedIdNat, 'card', 'success');
      return this.state;
    } catch (err) {
      if (err instanceof PscError && err.code === 'refresh-refused') {
        await this.forgetStored(verifiedIdNat);
        this.audit('unlock', verifiedIdNat, 'card', 'failure', 'refresh-refused');
        this.setState({ status: 'expired', idNat: verifiedIdNat, identity: s.identity, message: err.message });
      } else {
        this.audit('unlock', verifiedIdNat, 'card', 'failure', errorCode(err));
      }
      throw err;
    }
  }

  /**
   * The locked session's person proved herself locally (card PIN or local unlock code) while PSC is
   * unreachable: this session ends here WITHOUT revocation (its refresh token stays in the keychain, so the
   * next online start or reconnection resumes it). Returns false unless `idNat` is the locked person.
   */
  releaseLockForOffline(idNat: string): boolean {
    const s = this.state;
    if (s.status !== 'locked' || s.identity.idNat !== idNat) return false;
    this.cancelPendingLogin();
    this.loginSeq += 1;
    this.generation += 1;
    this.dropTokens();
    this.#refreshToken = null;
    this.setState({ status: 'loggedOut' });
    return true;
  }

  /** Revokes the refresh token at PSC, clears the keychain entry and all tokens in memory. */
  async logout(): Promise<void> {
    const s = this.state;
    this.cancelPendingLogin();
    this.loginSeq += 1;
    this.generation += 1;
    const idNat = s.status === 'active' || s.status === 'locked' ? s.identity.idNat : s.status === 'expired' ? s.idNat : null;
    const inMemory = this.#refreshToken;
    this.dropTokens();
    this.#refreshToken = null;
    let detail: string | undefined;
    if (idNat) {
      const account = SecretAccounts.refreshToken(idNat);
      const rt = inMemory ?? (await this.options.secrets.get(SECRET_SERVICE, account).catch(() => null));
      if (rt) {
        try {
          await (await this.psc()).revoke(rt);
        } catch (err) {
          // The local session ends anyway; the token dies at PSC at its expiry.
          detail = `revocation-failed:${errorCode(err)}`;
          log.warn('psc.revoke-failed', errorFields(err));
        }
      }
      await this.forgetStored(idNat);
    }
    this.persisted = false;
    this.setState({ status: 'loggedOut' });
    if (idNat) this.audit('logout', idNat, 'user', 'success', detail);
  }

  /** Stops timers (app shutdown). Tokens stay in the keychain for the next start. */
  dispose(): void {
    this.cancelPendingLogin();
    this.loginSeq += 1;
    this.generation += 1;
    this.dropTokens();
    this.#refreshToken = null;
    this.listeners.clear();
  }

  // ---- internals --------------------------------------------------------------------------------

  private psc(): Promise<PscAuthority> {
    const p = this.options.psc;
    if (typeof p !== 'function') return Promise.resolve(p);
    this.pscPromise ??= p().catch((err: unknown) => {
      this.pscPromise = null; // retry discovery next time
      throw err;
    });
    return this.pscPromise;
  }

  private beginLogin(method: LoginMethod, idNat?: string): { seq: number; previous: SessionState } {
    this.cancelPendingLogin();
    const previous = this.state.status === 'authenticating' ? this.beforeLogin : this.state;
    this.beforeLogin = previous;
    const seq = ++this.loginSeq;
    // While active, a new login runs in the background: the current session keeps serving.
    if (previous.status !== 'active') this.setState({ status: 'authenticating', method, idNat });
    return { seq, previous };
  }

  private loginFailed(seq: number, previous: SessionState, method: LoginMethod, idNat: string | null, reason: unknown): void {
    this.audit('login-failed', idNat, method, 'failure', typeof reason === 'string' ? reason : errorCode(reason));
    if (seq !== this.loginSeq) return;
    this.pendingLogin = null;
    if (this.state.status === 'authenticating') this.setState(previous);
  }

  private async establish(seq: number, previous: SessionState, tokens: PscTokenSet & { identity?: PscIdentity }, method: LoginMethod): Promise<void> {
    const identity = tokens.identity;
    if (!identity) throw new PscError('missing-identity');
    if (seq !== this.loginSeq) {
      // Superseded (logout, another login): this login's tokens must not survive.
      if (tokens.refreshToken) await this.revokeQuietly(tokens.refreshToken);
      return;
    }
    this.pendingLogin = null;
    if (previous.status === 'locked' && previous.identity.idNat !== identity.idNat) {
      if (tokens.refreshToken) await this.revokeQuietly(tokens.refreshToken);
      this.audit('unlock', identity.idNat, auditMethod(method), 'failure', 'wrong-person');
      this.setState(previous);
      throw new SessionError('wrong-person');
    }
    if (previous.status === 'active' && previous.identity.idNat !== identity.idNat) {
      // Another person logged in while a session was open: end the previous one properly.
      const oldRt = this.#refreshToken;
      if (oldRt) await this.revokeQuietly(oldRt);
      await this.forgetStored(previous.identity.idNat);
      this.audit('logout', previous.identity.idNat, 'system', 'success', 'replaced-by-another-login');
    }
    this.generation += 1;
    this.dropTokens();
    this.#access = { value: tokens.accessToken, obtainedAt: tokens.obtainedAt, expiresAt: tokens.expiresAt };
    this.#refreshToken = tokens.refreshToken ?? null;
    this.persisted = false;
    if (tokens.refreshToken) await this.persist(identity.idNat, tokens.refreshToken);
    this.refreshFailures = 0;
    this.setState({ status: 'active', identity, method, accessTokenExpiresAt: tokens.expiresAt, persisted: this.persisted });
    this.schedule();
    this.audit(previous.status === 'locked' ? 'unlock' : 'login', identity.idNat, auditMethod(method), 'success', this.persisted ? undefined : 'not-persisted');
  }

  /** Single-flight refresh; ends the session when PSC refuses the refresh token. */
  private refreshNow(trigger: 'scheduled' | 'on-demand'): Promise<string> {
    return this.flight.run(async () => {
      const s = this.state;
      if (s.status !== 'active') throw new SessionError(s.status === 'locked' ? 'locked' : s.status === 'expired' ? 'expired' : 'not-logged-in');
      const gen = this.generation;
      const idNat = s.identity.idNat;
      const rt = this.#refreshToken ?? (await this.options.secrets.get(SECRET_SERVICE, SecretAccounts.refreshToken(idNat)).catch(() => null));
      if (!rt) {
        this.endSession(s.identity, 'no-refresh-token', new SessionError('expired').message);
        throw new SessionError('expired');
      }
      let tokens: PscTokenSet;
      try {
        tokens = await (await this.psc()).refresh(rt);
      } catch (err) {
        if (gen !== this.generation) throw new SessionError(this.state.status === 'locked' ? 'locked' : 'not-logged-in');
        if (err instanceof PscError && (err.code === 'refresh-refused' || err.code === 'invalid-client')) {
          await this.forgetStored(idNat);
          this.endSession(s.identity, err.code, err.message);
          throw new SessionError('expired', { cause: err });
        }
        // Network or server trouble: keep the session, retry with backoff.
        if (this.refreshFailures === 0) this.audit('refresh-failed', idNat, 'refresh', 'failure', `${trigger}:${errorCode(err)}`);
        this.refreshFailures += 1;
        this.scheduleIn(retryDelay(this.refreshFailures - 1));
        throw err;
      }
      const newRt = tokens.refreshToken ?? rt;
      if (gen !== this.generation) {
        // Locked or logged out meanwhile: keep a rotated refresh token only if the same person's session survives.
        const now = this.state;
        if ((now.status === 'locked' || now.status === 'active') && now.identity.idNat === idNat) {
          if (tokens.refreshToken) await this.persist(idNat, tokens.refreshToken);
        } else if (tokens.refreshToken) await this.revokeQuietly(tokens.refreshToken);
        throw new SessionError(now.status === 'locked' ? 'locked' : 'not-logged-in');
      }
      this.#refreshToken = newRt;
      if (tokens.refreshToken && tokens.refreshToken !== rt) await this.persist(idNat, tokens.refreshToken);
      this.#access = { value: tokens.accessToken, obtainedAt: tokens.obtainedAt, expiresAt: tokens.expiresAt };
      this.refreshFailures = 0;
      this.setState({ ...s, accessTokenExpiresAt: tokens.expiresAt, persisted: this.persisted });
      this.schedule();
      return tokens.accessToken;
    });
  }

  private endSession(identity: PscIdentity, detail: string, message: string): void {
    this.generation += 1;
    this.dropTokens();
    this.#refreshToken = null;
    this.audit('refresh-failed', identity.idNat, 'refresh', 'failure', detail);
    this.setState({ status: 'expired', idNat: identity.idNat, identity, message });
  }

  private schedule(): void {
    const access = this.#access;
    if (!access) return;
    this.scheduleIn(refreshDelay(access, this.clock.now(), this.policy));
  }

  private scheduleIn(ms: number): void {
    this.clearTimer();
    const gen = this.generation;
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      if (gen !== this.generation || this.state.status !== 'active') return;
      this.refreshNow('scheduled').catch((err: unknown) => log.info('session.scheduled-refresh-failed', errorFields(err)));
    }, ms);
  }

  private clearTimer(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  private dropTokens(): void {
    this.clearTimer();
    this.#access = null;
    this.flight.reset();
  }

  private cancelPendingLogin(): void {
    const pending = this.pendingLogin;
    this.pendingLogin = null;
    pending?.cancel();
  }

  private async persist(idNat: string, refreshToken: string): Promise<void> {
    try {
      await this.options.secrets.set(SECRET_SERVICE, SecretAccounts.refreshToken(idNat), refreshToken);
      this.persisted = true;
    } catch (err) {
      // Without a keychain the session works for this run only (the UI shows `persisted: false`).
      this.persisted = false;
      if (!(err instanceof KeychainUnavailableError)) log.warn('session.persist-failed', errorFields(err));
    }
  }

  private async forgetStored(idNat: string): Promise<void> {
    await this.options.secrets.delete(SECRET_SERVICE, SecretAccounts.refreshToken(idNat)).catch((err: unknown) => log.warn('session.forget-failed', errorFields(err)));
  }

  private async revokeQuietly(refreshToken: string): Promise<void> {
    try {
      await (await this.psc()).revoke(refreshToken);
    } catch (err) {
      log.warn('psc.revoke-failed', errorFields(err));
    }
  }

  private setState(next: SessionState): void {
    this.state = next;
    for (const l of [...this.listeners]) {
      try {
        l(next);
      } catch (err) {
        log.warn('session.listener-failed', errorFields(err));
      }
    }
  }

  private audit(action: AuditAction, idNat: string | null, method: AuditMethod, result: AuditEvent['result'], detail?: string): void {
    const event: AuditEvent = { at: new Date(this.clock.now()).toISOString(), idNat, action, method, result, ...(detail ? { detail } : {}) };
    try {
      Promise.resolve(this.options.audit.record(event)).catch((err: unknown) => log.error('audit.record-failed', errorFields(err)));
    } catch (err) {
      log.error('audit.record-failed', errorFields(err));
    }
  }
}

function auditMethod(method: LoginMethod): AuditMethod {
  return method;
}

function errorCode(err: unknown): string {
  if (err instanceof PscError || err instanceof SessionError) return err.code;
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'string' ? code : err instanceof Error ? err.name : 'unknown';
}
