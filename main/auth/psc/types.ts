// Shapes of the Pro Santé Connect client: configuration, tokens, identity, CIBA outcomes.
import type { TrustOptions } from '../../net/trust';

export type PscChannel = 'CARD' | 'MOBILE';

export interface PscSettings {
  /** Issuer identifier, e.g. https://auth.esw.esante.gouv.fr/auth/realms/esante-wallet */
  issuer: string;
  /** Explicit discovery document URL (from autoconfig), tried first. */
  discoveryUrl?: string;
  /** Client registered at PSC by the LPS vendor / operator (confidential client, client_secret_basic). */
  clientId: string;
  /** From configuration (registration with ANS); never hard-coded in the app. */
  clientSecret: string;
  /** Default `openid scope_all`. */
  scope?: string;
  /** Default `eidas1`. */
  acrValues?: string;
  /** Extra CA roots (IGC-Santé in production, the sandbox CA in tests). */
  trust?: TrustOptions;
  /** Per-request timeout in seconds. Default 30. */
  timeoutSeconds?: number;
}

/** The person as PSC describes them (claims of the ID token and/or userinfo). */
export interface PscIdentity {
  /** IdNat (SubjectNameID / preferred_username): 8 + RPPS, 0 + ADELI, or 1/3/4/5/6 + structure id [/ local id] (see idnat.ts). */
  idNat: string;
  /** OIDC subject (equals the IdNat at PSC). */
  sub: string;
  givenName?: string;
  familyName?: string;
  /** CARD (CPS) or MOBILE (e-CPS) as reported by PSC. */
  authMode?: string;
  /** Profession labels found in SubjectRefPro.exercices[].libelleProfession. */
  professions: string[];
  /** Raw SubjectRefPro claim (professions, activities), for features that need more. */
  subjectRefPro?: unknown;
  otherIds?: unknown;
}

/** What a successful grant gives. The access token must stay in memory only. */
export interface PscTokenSet {
  accessToken: string;
  refreshToken?: string;
  idToken?: string;
  /** ms since epoch, by the local clock, when the token was received. */
  obtainedAt: number;
  /** ms since epoch when the access token expires (obtainedAt + expires_in). */
  expiresAt: number;
  scope?: string;
  /** Present when the response had an ID token (login), absent on most refreshes. */
  identity?: PscIdentity;
}

export type CibaOutcome =
  | { kind: 'approved'; tokens: PscTokenSet & { identity: PscIdentity } }
  | { kind: 'denied'; message: string }
  | { kind: 'expired'; message: string }
  | { kind: 'cancelled'; message: string };

export interface CibaRequest {
  /** IdNat of the person (login_hint). */
  idNat: string;
  channel: PscChannel;
  /** Aborting cancels the wait (outcome `cancelled`). */
  signal?: AbortSignal;
  /** Ask PSC for a shorter request lifetime (requested_expiry, seconds). */
  requestedExpirySeconds?: number;
}

export interface CibaHandle {
  /** Two digits to show large: the person checks the same number on the phone / card prompt. */
  bindingMessage: string;
  /** ms since epoch after which the request is void (countdown). */
  expiresAt: number;
  /** Lifetime announced by PSC (seconds). */
  expiresIn: number;
  /** Poll interval announced by PSC (seconds). */
  intervalSeconds: number;
  /** PSC's identifier of the request (the card channel signs it with the binding message). */
  authReqId: string;
  /** Settles once: approved / denied / expired / cancelled; rejects with PscError on other failures. */
  outcome: Promise<CibaOutcome>;
  cancel(): void;
}

export interface AuthorizationCodeHandle {
  /** URL the shell opens in the login window (Electron) or a popup (browser host). */
  authorizationUrl: string;
  redirectUri: string;
  /** Resolves with tokens once PSC redirected to the loopback listener; rejects with PscError. */
  waitForCallback(): Promise<PscTokenSet & { identity: PscIdentity }>;
  /** Stops listening (waitForCallback rejects with login-cancelled). */
  cancel(): void;
}
