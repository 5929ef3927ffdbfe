// Turns openid-client token responses into our PscTokenSet (local-clock expiry, identity from the ID token).
import type * as oidc from 'openid-client';
import { identityFromClaims } from './identity';
import type { PscTokenSet } from './types';

type TokenResponse = oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers;

/** Lifetime assumed when the server omits expires_in (PSC access tokens live a few minutes). */
export const DEFAULT_ACCESS_TOKEN_LIFETIME_S = 240;

export function toTokenSet(res: TokenResponse, now: number, userinfo?: Record<string, unknown>): PscTokenSet {
  const expiresIn = res.expiresIn() ?? DEFAULT_ACCESS_TOKEN_LIFETIME_S;
  const idClaims = res.claims() as Record<string, unknown> | undefined;
  return {
    accessToken: res.access_token,
    refreshToken: typeof res.refresh_token === 'string' ? res.refresh_token : undefined,
    idToken: typeof res.id_token === 'string' ? res.id_token : undefined,
    obtainedAt: now,
    expiresAt: now + expiresIn * 1000,
    scope: typeof res.scope === 'string' ? res.scope : undefined,
    identity: idClaims || userinfo ? identityFromClaims(idClaims, userinfo) : undefined,
  };
}
