// The package ships no types: pull in the local shim wherever this file is compiled (test project too).
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./oidc-provider.d.ts" />
// PSC-like OpenID provider (oidc-provider v9) with Keycloak-style routes, PSC claim names, CIBA (poll),
// authorization code + PKCE, refresh rotation and RFC 7662 introspection. State is in memory only.
import crypto from 'node:crypto';
import Provider, { errors, type AnyObject, type KoaContextWithOIDC } from 'oidc-provider';
import { PSC_CLIENT, PSC_INTROSPECTION_CLIENT, personByIdNat } from '../config';
import type { CardTlsMode } from './card-tls';
import { CibaRegistry, type CibaChannel } from './ciba-registry';
import { defaultAuthMode, pscClaims, PSC_CLAIM_NAMES, type AuthMode } from './claims';
import { MemoryStore } from './memory-store';
import { PSC_ROUTES, type PscRoutes } from './routes';

export const PSC_SCOPE = 'openid scope_all';
export const PSC_ACR = 'eidas1';

export { PSC_ROUTES } from './routes';

export const PSC_CIBA_GRANT = 'urn:openid:params:grant-type:ciba';

export interface PscOptions {
  issuer: string;
  accessTokenTtlSeconds: number;
  /** Default lifetime of a CIBA auth_req_id (a request may ask less with requested_expiry). */
  cibaTtlSeconds: number;
  cibaIntervalSeconds: number;
  /** When set, every CIBA request is approved after this many ms (demo). */
  cibaAutoApproveMs?: number;
  refreshTokenTtlSeconds: number;
  /** Card login via TLS client certificate: off (IdNat of a card holder is enough), optional, required. */
  cardTls: CardTlsMode;
  /** https origin of the card listener (when cardTls is not off). */
  cardOrigin?: string;
  /** Endpoint paths relative to the issuer (default PSC_ROUTES): announced by discovery only. */
  routes?: PscRoutes;
  log: (line: string) => void;
}

function amrFor(mode: AuthMode): string[] {
  return mode === 'CARD' ? ['hwk', 'pin'] : ['swk', 'mfa'];
}

export class PscSandbox {
  readonly provider: Provider;
  readonly store = new MemoryStore();
  readonly ciba: CibaRegistry;
  /** grantId → how the person authenticated (authMode claim). */
  private readonly authModes = new Map<string, AuthMode>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly sweeper: NodeJS.Timeout;
  readonly mountPath: string;
  readonly routes: PscRoutes;

  constructor(readonly options: PscOptions) {
    this.ciba = new CibaRegistry(options.cibaIntervalSeconds);
    this.mountPath = new URL(options.issuer).pathname.replace(/\/$/, '');
    this.routes = options.routes ?? PSC_ROUTES;
    this.provider = new Provider(options.issuer, this.configuration());
    this.provider.use(this.cibaPacing());
    // error_detail says why (e.g. "refresh token already used"); never contains a token value.
    this.provider.on('grant.error', (_ctx: unknown, err: { error?: string; error_detail?: string }) => {
      if (err.error !== 'authorization_pending' && err.error !== 'slow_down') {
        options.log(`psc token endpoint: ${err.error}${err.error_detail ? ` (${err.error_detail})` : ''}`);
      }
    });
    this.provider.on('server_error', (_ctx: unknown, err: Error) => options.log(`psc server_error: ${err.message}`));
    this.sweeper = setInterval(() => this.store.sweep(), 60_000);
    this.sweeper.unref();
  }

  close(): void {
    clearInterval(this.sweeper);
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  authModeForGrant(grantId: string | undefined): AuthMode | undefined {
    return grantId ? this.authModes.get(grantId) : undefined;
  }

  /** Creates and saves a consented grant (openid scope_all) for the sandbox client. */
  async createGrant(idNat: string, authMode: AuthMode, scope: string = PSC_SCOPE, clientId: string = PSC_CLIENT.clientId): Promise<string> {
    const grant = new this.provider.Grant({ accountId: idNat, clientId });
    grant.addOIDCScope(scope);
    grant.addOIDCClaims([...PSC_CLAIM_NAMES]);
    const grantId: string = await grant.save();
    this.authModes.set(grantId, authMode);
    return grantId;
  }

  // ---- CIBA "phone" --------------------------------------------------------------------------

  async approveCiba(authReqId: string): Promise<void> {
    const pending = this.ciba.get(authReqId);
    if (!pending) throw new Error('no pending CIBA request with this auth_req_id');
    this.ciba.remove(authReqId);
    const grantId = await this.createGrant(pending.idNat, pending.channel, pending.scope, pending.clientId);
    await this.provider.backchannelResult(authReqId, grantId, {
      acr: PSC_ACR,
      amr: amrFor(pending.channel),
      authTime: Math.floor(Date.now() / 1000),
      // No browser session behind a CIBA login: its refresh token must not die with one.
      expiresWithSession: false,
    });
    this.options.log(`psc ciba approved (channel ${pending.channel})`);
  }

  async denyCiba(authReqId: string): Promise<void> {
    const pending = this.ciba.get(authReqId);
    if (!pending) throw new Error('no pending CIBA request with this auth_req_id');
    this.ciba.remove(authReqId);
    await this.provider.backchannelResult(authReqId, new errors.AccessDenied("l'utilisateur a refusé la demande"));
    this.options.log('psc ciba denied');
  }

  // ---- test controls on tokens ----------------------------------------------------------------

  /** Revokes every grant, token, session and pending CIBA request of a person. */
  async revokePerson(idNat: string): Promise<{ grants: number; sessions: number }> {
    let grants = 0;
    for (const { id, payload } of this.store.list('Grant')) {
      if (payload.accountId !== idNat) continue;
      this.store.revokeByGrantId(id);
      this.store.delete('Grant', id);
      this.authModes.delete(id);
      grants += 1;
    }
    // Tokens whose grant was already gone (defensive: match on accountId too).
    for (const model of ['AccessToken', 'RefreshToken', 'AuthorizationCode', 'BackchannelAuthenticationRequest']) {
      for (const { id, payload } of this.store.list(model)) if (payload.accountId === idNat) this.store.delete(model, id);
    }
    let sessions = 0;
    for (const { id, payload } of this.store.list('Session')) {
      if (payload.accountId !== idNat) continue;
      this.store.delete('Session', id);
      sessions += 1;
    }
    for (const p of this.ciba.list()) if (p.idNat === idNat) this.ciba.remove(p.authReqId);
    this.options.log(`psc revoked all grants of one person (${grants} grants, ${sessions} sessions)`);
    return { grants, sessions };
  }

  /** Makes the person's current access tokens expire now (refresh tokens stay valid). */
  expirePerson(idNat: string): number {
    const past = Math.floor(Date.now() / 1000) - 1;
    let count = 0;
    for (const { payload } of this.store.list('AccessToken')) {
      if (payload.accountId !== idNat) continue;
      payload.exp = past;
      count += 1;
    }
    return count;
  }

  /** Issues a real opaque access token of the provider (introspection knows it). */
  async issueAccessToken(idNat: string, ttlSeconds?: number, authMode?: AuthMode): Promise<{ accessToken: string; expiresIn: number }> {
    const person = personByIdNat(idNat);
    if (!person) throw new Error('unknown IdNat');
    const client = await this.provider.Client.find(PSC_CLIENT.clientId);
    const grantId = await this.createGrant(idNat, authMode ?? defaultAuthMode(person));
    const expiresIn = ttlSeconds ?? this.options.accessTokenTtlSeconds;
    const token = new this.provider.AccessToken({
      accountId: idNat,
      client,
      grantId,
      scope: PSC_SCOPE,
      gty: 'sandbox',
      expiresIn,
    });
    const accessToken: string = await token.save();
    return { accessToken, expiresIn };
  }

  // ---- configuration --------------------------------------------------------------------------

  /** Answers `slow_down` instead of `authorization_pending` when a client polls faster than allowed,
   *  and adds `interval` to the backchannel authentication response (oidc-provider omits it). */
  private cibaPacing() {
    return async (ctx: KoaContextWithOIDC, next: () => Promise<void>) => {
      await next();
      const route: string | undefined = ctx.oidc?.route;
      if (route === 'backchannel_authentication' && ctx.status === 200 && ctx.body && typeof ctx.body === 'object') {
        ctx.body = { ...ctx.body, interval: this.ciba.intervalSeconds };
        return;
      }
      if (route !== 'token' || ctx.status !== 400 || ctx.body?.error !== 'authorization_pending') return;
      const authReqId = ctx.oidc.params?.auth_req_id;
      if (typeof authReqId === 'string' && this.ciba.pollIsTooFast(authReqId)) {
        ctx.body = { error: 'slow_down', error_description: 'polling too fast, increase the interval by 5 seconds' };
      }
    };
  }

  private configuration(): AnyObject {
    const o = this.options;
    return {
      adapter: this.store.adapterFactory(),
      clients: [
        {
          client_id: PSC_CLIENT.clientId,
          client_secret: PSC_CLIENT.clientSecret,
          client_name: 'Messagerie MSSanté (LPS)',
          application_type: 'native',
          token_endpoint_auth_method: 'client_secret_basic',
          grant_types: ['authorization_code', 'refresh_token', PSC_CIBA_GRANT],
          response_types: ['code'],
          redirect_uris: ['http://127.0.0.1/callback', 'http://localhost/callback'],
          post_logout_redirect_uris: ['http://127.0.0.1/callback', 'http://127.0.0.1/logout', 'http://localhost/logout'],
          backchannel_token_delivery_mode: 'poll',
          backchannel_user_code_parameter: false,
        },
        {
          client_id: PSC_INTROSPECTION_CLIENT.clientId,
          client_secret: PSC_INTROSPECTION_CLIENT.clientSecret,
          client_name: 'Dovecot (introspection)',
          token_endpoint_auth_method: 'client_secret_basic',
          grant_types: [],
          response_types: [],
          redirect_uris: [],
        },
      ],
      clientAuthMethods: ['client_secret_basic', 'client_secret_post'],
      scopes: ['openid', 'scope_all', 'offline_access'],
      claims: {
        openid: ['sub'],
        scope_all: [...PSC_CLAIM_NAMES],
      },
      acrValues: [PSC_ACR],
      responseTypes: ['code'],
      // Claims also in the ID token (PSC clients read them from there or from userinfo).
      conformIdTokenClaims: false,
      extraParams: {
        channel(ctx: KoaContextWithOIDC, value: string | undefined) {
          if (value === undefined) {
            if (ctx.oidc.route === 'backchannel_authentication') {
              throw new errors.InvalidRequest('missing required parameter channel (CARD or MOBILE)');
            }
            return;
          }
          if (value !== 'CARD' && value !== 'MOBILE') throw new errors.InvalidRequest('channel must be CARD or MOBILE');
        },
      },
      findAccount: async (_ctx: KoaContextWithOIDC, sub: string, token?: AnyObject) => {
        const person = personByIdNat(sub);
        if (!person) return undefined;
        return {
          accountId: sub,
          claims: async () => {
            const mode = this.authModeForGrant(token?.grantId) ?? defaultAuthMode(person);
            return pscClaims(person, mode);
          },
        };
      },
      extraTokenClaims: async (_ctx: KoaContextWithOIDC, token: AnyObject) => {
        if (token.kind !== 'AccessToken' || typeof token.accountId !== 'string') return undefined;
        const person = personByIdNat(token.accountId);
        if (!person) return undefined;
        return {
          SubjectNameID: person.idNat,
          preferred_username: person.idNat,
          authMode: this.authModeForGrant(token.grantId) ?? defaultAuthMode(person),
        };
      },
      issueRefreshToken: async (_ctx: KoaContextWithOIDC, client: AnyObject) =>
        client.clientId === PSC_CLIENT.clientId && client.grantTypeAllowed('refresh_token'),
      rotateRefreshToken: () => true,
      // Auto-consent for the sandbox client: a login always comes with a grant.
      loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
        const grantId = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
        if (grantId) {
          const grant = await ctx.oidc.provider.Grant.find(grantId);
          if (grant) return grant;
        }
        const accountId: string | undefined = ctx.oidc.session.accountId;
        const person = accountId ? personByIdNat(accountId) : undefined;
        if (!person) return undefined;
        const amr: string[] = ctx.oidc.session.amr ?? [];
        const id = await this.createGrant(person.idNat, amr.includes('hwk') ? 'CARD' : 'MOBILE');
        return ctx.oidc.provider.Grant.find(id);
      },
      pkce: { required: () => true },
      routes: this.routes,
      interactions: {
        url: (_ctx: KoaContextWithOIDC, interaction: AnyObject) => `${this.mountPath}/interaction/${interaction.uid}`,
      },
      cookies: {
        keys: [crypto.randomBytes(32).toString('base64url')],
      },
      jwks: { keys: [signingKey()] },
      ttl: {
        AccessToken: (_ctx: unknown, token: AnyObject) => token.expiresIn ?? o.accessTokenTtlSeconds,
        AuthorizationCode: 60,
        BackchannelAuthenticationRequest: (ctx: KoaContextWithOIDC | undefined) => {
          const requested = Number(ctx?.oidc?.params?.requested_expiry);
          return Number.isSafeInteger(requested) && requested > 0 ? Math.min(requested, 600) : o.cibaTtlSeconds;
        },
        IdToken: 3600,
        RefreshToken: o.refreshTokenTtlSeconds,
        Interaction: 3600,
        Session: 10 * 3600,
        Grant: 14 * 24 * 3600,
      },
      features: {
        devInteractions: { enabled: false },
        introspection: {
          enabled: true,
          allowedPolicy: async (ctx: KoaContextWithOIDC, client: AnyObject, token: AnyObject) =>
            client.clientId === PSC_INTROSPECTION_CLIENT.clientId || client.clientId === token.clientId,
        },
        revocation: { enabled: true },
        userinfo: { enabled: true },
        rpInitiatedLogout: {
          enabled: true,
          logoutSource: async (ctx: KoaContextWithOIDC, form: string) => {
            ctx.body = page('Déconnexion', `<p>Voulez-vous vous déconnecter de Pro Santé Connect (bac à sable) ?</p>${form}
<button form="op.logoutForm" type="submit" name="logout" value="yes">Se déconnecter</button>`);
          },
          postLogoutSuccessSource: async (ctx: KoaContextWithOIDC) => {
            ctx.body = page('Déconnecté', '<p>Vous êtes déconnecté de Pro Santé Connect (bac à sable).</p>');
          },
        },
        ciba: {
          enabled: true,
          deliveryModes: ['poll'],
          processLoginHint: async (ctx: KoaContextWithOIDC, loginHint: string) => {
            const person = personByIdNat(loginHint);
            if (!person) throw new errors.UnknownUserId('unknown IdNat in login_hint');
            const channel = ctx.oidc.params.channel as CibaChannel;
            if (!person.methods.includes(channel)) {
              throw new errors.InvalidRequest(`this person cannot authenticate with channel ${channel}`);
            }
            return person.idNat;
          },
          validateBindingMessage: async (_ctx: KoaContextWithOIDC, bindingMessage: string | undefined) => {
            if (bindingMessage !== undefined && !/^[\p{L}\p{N} .,:!?#+\-/]{1,40}$/u.test(bindingMessage)) {
              throw new errors.InvalidBindingMessage('binding_message must be 1-40 plain characters');
            }
          },
          validateRequestContext: async () => {},
          verifyUserCode: async () => {},
          triggerAuthenticationDevice: async (ctx: KoaContextWithOIDC, request: AnyObject, account: AnyObject, client: AnyObject) => {
            const now = Date.now();
            const authReqId: string = request.jti;
            this.ciba.add({
              authReqId,
              idNat: account.accountId,
              clientId: client.clientId,
              bindingMessage: ctx.oidc.params.binding_message ?? null,
              channel: ctx.oidc.params.channel as CibaChannel,
              scope: request.scope,
              createdAt: now,
              // The provider's own expiry (exp, whole seconds, already saved): what the phone shows and what
              // the token endpoint answers expired_token for must agree, to the second.
              expiresAt: typeof request.exp === 'number' ? request.exp * 1000 : now + request.expiration * 1000,
            });
            o.log(`psc ciba request pending (channel ${ctx.oidc.params.channel})`);
            if (o.cibaAutoApproveMs !== undefined) {
              const timer = setTimeout(() => {
                this.timers.delete(timer);
                this.approveCiba(authReqId).catch((err: Error) => o.log(`psc ciba auto-approve failed: ${err.message}`));
              }, o.cibaAutoApproveMs);
              this.timers.add(timer);
            }
          },
        },
      },
      renderError: async (ctx: KoaContextWithOIDC, out: AnyObject) => {
        ctx.type = 'html';
        ctx.body = page(
          'Erreur',
          `<p>La demande d'authentification n'a pas pu aboutir.</p><pre>${escapeHtml(String(out.error))}: ${escapeHtml(String(out.error_description ?? ''))}</pre>`,
        );
      },
    };
  }
}

function signingKey(): AnyObject {
  const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = privateKey.export({ format: 'jwk' }) as AnyObject;
  return { ...jwk, kid: crypto.randomBytes(8).toString('hex'), use: 'sig', alg: 'RS256' };
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/** Minimal French page shell shared by the login, logout and error pages. */
export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} – Pro Santé Connect (bac à sable)</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;color:#1b1b35}
h1{font-size:1.4rem;color:#000091}label{display:block;margin:.8rem 0 .3rem}input[type=text]{width:100%;box-sizing:border-box;padding:.5rem;font-size:1rem}
fieldset{border:1px solid #ccc;margin:1rem 0}button{background:#000091;color:#fff;border:0;padding:.6rem 1.2rem;font-size:1rem;cursor:pointer}
.err{color:#ce0500}.note{color:#666;font-size:.85rem}</style></head>
<body><h1>${escapeHtml(title)}</h1>${body}
<p class="note">Bac à sable : aucune donnée réelle. Pro Santé Connect de test pour l'opérateur test.mssante.fr.</p></body></html>`;
}
