// Pro Santé Connect client (openid-client v6): CIBA, authorization code + PKCE on a loopback redirect,
// refresh, revocation, userinfo. Confidential client with client_secret_basic, TLS through our trust store.
import * as oidc from 'openid-client';
import { checkAcr } from './acr';
import { randomBindingMessage } from './binding-message';
import { discoverPsc } from './discovery';
import { oauthErrorCode, PscError, pscMessage, toPscError } from './errors';
import { identityFromClaims } from './identity';
import { startLoopbackListener } from './loopback-listener';
import { toTokenSet } from './token-set';
import type { AuthorizationCodeHandle, CibaHandle, CibaOutcome, CibaRequest, PscIdentity, PscSettings, PscTokenSet } from './types';

export const PSC_DEFAULT_SCOPE = 'openid scope_all';
export const PSC_DEFAULT_ACR = 'eidas1';
/** Longest wait for the login window to come back (the person may need to find their card). */
export const AUTHORIZATION_CODE_TIMEOUT_MS = 10 * 60_000;

type LoginTokens = PscTokenSet & { identity: PscIdentity };

export interface AuthorizationCodeOptions {
  /** IdNat to prefill at PSC (login_hint), e.g. to re-authenticate the same person after a lock. */
  loginHint?: string;
  signal?: AbortSignal;
  timeoutMs?: number;
}

export class PscClient {
  private constructor(
    readonly config: oidc.Configuration,
    readonly settings: PscSettings,
    /** Which discovery document was used (PSC's wallet-openid-configuration or the standard one). */
    readonly discoveryUrl: string,
    private readonly now: () => number,
  ) {}

  static async connect(settings: PscSettings, now: () => number = Date.now): Promise<PscClient> {
    const { config, discoveryUrl } = await discoverPsc(settings);
    return new PscClient(config, settings, discoveryUrl, now);
  }

  get issuer(): string {
    return this.config.serverMetadata().issuer;
  }

  get supportsCiba(): boolean {
    return !!this.config.serverMetadata().backchannel_authentication_endpoint;
  }

  private get scope(): string {
    return this.settings.scope ?? PSC_DEFAULT_SCOPE;
  }

  private get acr(): string {
    return this.settings.acrValues ?? PSC_DEFAULT_ACR;
  }

  // ---- CIBA --------------------------------------------------------------------------------------

  async startCiba(request: CibaRequest): Promise<CibaHandle> {
    request.signal?.throwIfAborted();
    const bindingMessage = randomBindingMessage();
    const params: Record<string, string> = {
      scope: this.scope,
      acr_values: this.acr,
      login_hint: request.idNat,
      binding_message: bindingMessage,
      channel: request.channel,
    };
    if (request.requestedExpirySeconds) params.requested_expiry = String(request.requestedExpirySeconds);

    let started: oidc.BackchannelAuthenticationResponse;
    try {
      started = await oidc.initiateBackchannelAuthentication(this.config, params);
    } catch (err) {
      throw cibaStartError(err);
    }
    const expiresIn = started.expires_in;
    const intervalSeconds = started.interval ?? 5;
    const expiresAt = this.now() + expiresIn * 1000;

    const cancel = new AbortController();
    const expiry = AbortSignal.timeout(expiresIn * 1000);
    const signals = [cancel.signal, expiry, ...(request.signal ? [request.signal] : [])];
    const signal = AbortSignal.any(signals);
    // Polls at the server's interval; openid-client adds 5 s after each slow_down (CIBA Core §11).
    const poll = oidc.pollBackchannelAuthenticationGrant(this.config, started, undefined, { signal });
    poll.catch(() => {});

    const outcome = new Promise<CibaOutcome>((resolve, reject) => {
      const stopped = (): CibaOutcome =>
        expiry.aborted && !cancel.signal.aborted && !request.signal?.aborted
          ? { kind: 'expired', message: pscMessage('login-timeout') }
          : { kind: 'cancelled', message: pscMessage('login-cancelled') };
      // Settle at once on abort: openid-client only notices between its wait steps.
      const onAbort = () => resolve(stopped());
      signal.addEventListener('abort', onAbort, { once: true });
      poll.then(
        async (res) => {
          try {
            const tokens = await this.loginTokens(res);
            if (tokens.identity.idNat !== request.idNat) throw new PscError('missing-identity', { message: "Pro Santé Connect a authentifié une autre personne que celle demandée : la connexion est refusée par sécurité." });
            resolve({ kind: 'approved', tokens });
          } catch (err) {
            reject(toPscError(err));
          } finally {
            signal.removeEventListener('abort', onAbort);
          }
        },
        (err: unknown) => {
          signal.removeEventListener('abort', onAbort);
          if (signal.aborted) return resolve(stopped());
          const code = oauthErrorCode(err);
          if (code === 'access_denied') return resolve({ kind: 'denied', message: pscMessage('login-denied') });
          if (code === 'expired_token') return resolve({ kind: 'expired', message: pscMessage('login-timeout') });
          reject(toPscError(err));
        },
      );
    });
    outcome.catch(() => {});

    return { bindingMessage, expiresAt, expiresIn, intervalSeconds, authReqId: started.auth_req_id, outcome, cancel: () => cancel.abort() };
  }

  // ---- Authorization code + PKCE ----------------------------------------------------------------

  async startAuthorizationCode(options: AuthorizationCodeOptions = {}): Promise<AuthorizationCodeHandle> {
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const verifier = oidc.randomPKCECodeVerifier();
    const challenge = await oidc.calculatePKCECodeChallenge(verifier);

    const cancel = new AbortController();
    const timeout = AbortSignal.timeout(options.timeoutMs ?? AUTHORIZATION_CODE_TIMEOUT_MS);
    const signal = AbortSignal.any([cancel.signal, timeout, ...(options.signal ? [options.signal] : [])]);
    const listener = await startLoopbackListener(state, signal);

    const params: Record<string, string> = {
      redirect_uri: listener.redirectUri,
      response_type: 'code',
      scope: this.scope,
      acr_values: this.acr,
      state,
      nonce,
      code_challenge: challenge,
      code_challenge_method: 'S256',
    };
    if (options.loginHint) params.login_hint = options.loginHint;
    const authorizationUrl = oidc.buildAuthorizationUrl(this.config, params).href;

    let result: Promise<LoginTokens> | undefined;
    const waitForCallback = (): Promise<LoginTokens> => {
      result ??= (async () => {
        let callbackUrl: URL;
        try {
          callbackUrl = await listener.callback;
        } catch {
          throw new PscError(timeout.aborted && !cancel.signal.aborted ? 'login-timeout' : 'login-cancelled');
        }
        try {
          const res = await oidc.authorizationCodeGrant(this.config, callbackUrl, {
            pkceCodeVerifier: verifier,
            expectedState: state,
            expectedNonce: nonce,
            idTokenExpected: true,
          });
          const tokens = await this.loginTokens(res);
          if (options.loginHint && tokens.identity.idNat !== options.loginHint) {
            throw new PscError('missing-identity', { message: "Pro Santé Connect a authentifié une autre personne que celle attendue : la connexion est refusée." });
          }
          return tokens;
        } catch (err) {
          if (err instanceof PscError) throw err;
          const code = oauthErrorCode(err);
          if (code === 'access_denied') throw new PscError('login-denied', { cause: err, message: 'La connexion Pro Santé Connect a été annulée ou refusée. Relancez-la si besoin.' });
          if (!code && !isHttpError(err)) throw new PscError('callback-invalid', { cause: err });
          throw toPscError(err);
        }
      })();
      return result;
    };

    return {
      authorizationUrl,
      redirectUri: listener.redirectUri,
      waitForCallback,
      cancel: () => {
        cancel.abort();
        listener.close();
      },
    };
  }

  // ---- Refresh, revocation, userinfo ------------------------------------------------------------

  /** New tokens from a refresh token. invalid_grant → PscError('refresh-refused'). */
  async refresh(refreshToken: string): Promise<PscTokenSet> {
    try {
      const res = await oidc.refreshTokenGrant(this.config, refreshToken);
      return toTokenSet(res, this.now());
    } catch (err) {
      throw toPscError(err);
    }
  }

  /** Revokes a refresh token at PSC (RFC 7009). */
  async revoke(refreshToken: string): Promise<void> {
    try {
      await oidc.tokenRevocation(this.config, refreshToken, { token_type_hint: 'refresh_token' });
    } catch (err) {
      throw toPscError(err);
    }
  }

  async userinfo(accessToken: string, expectedSub?: string): Promise<Record<string, unknown>> {
    try {
      return (await oidc.fetchUserInfo(this.config, accessToken, expectedSub ?? oidc.skipSubjectCheck)) as Record<string, unknown>;
    } catch (err) {
      throw toPscError(err);
    }
  }

  /** Token set with identity: ID token claims completed by userinfo when PSC offers it. */
  private async loginTokens(res: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers): Promise<LoginTokens> {
    const now = this.now();
    const idClaims = res.claims() as Record<string, unknown> | undefined;
    checkAcr(this.acr, idClaims);
    let userinfo: Record<string, unknown> | undefined;
    if (this.config.serverMetadata().userinfo_endpoint) {
      userinfo = await this.userinfo(res.access_token, typeof idClaims?.sub === 'string' ? idClaims.sub : undefined);
    }
    const tokens = toTokenSet(res, now);
    return { ...tokens, identity: identityFromClaims(idClaims, userinfo) };
  }
}

function isHttpError(err: unknown): boolean {
  return (err as { status?: unknown })?.status !== undefined || (err as { cause?: { status?: unknown } })?.cause?.status !== undefined;
}

function cibaStartError(err: unknown): PscError {
  const code = oauthErrorCode(err);
  const description = String((err as { error_description?: unknown })?.error_description ?? '');
  if (code === 'unknown_user_id') return new PscError('unknown-user', { cause: err });
  if (code === 'invalid_request' && /channel/i.test(description)) return new PscError('method-unavailable', { cause: err });
  return toPscError(err);
}
