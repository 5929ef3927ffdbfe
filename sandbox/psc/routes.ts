// Where the sandbox PSC publishes its endpoints. The provider is the only place these paths are known:
// it announces them in its discovery document, and the app (main/auth/psc) reads every endpoint from
// there. Sandbox parts that call the provider themselves (Dovecot's introspection, the BAL listing, the
// autoconfig oAuth2 block) derive their URLs from the same object. Tests start a provider with other
// paths (`routes`, `issuerPath` options) to prove nothing else relies on these.

/** Issuer path of PSC (Keycloak realm), as in the public PSC documentation. */
export const PSC_ISSUER_PATH = '/auth/realms/esante-wallet';

/** Keycloak-style endpoint paths (PSC runs Keycloak), relative to the issuer path. */
export const PSC_ROUTES = {
  authorization: '/protocol/openid-connect/auth',
  token: '/protocol/openid-connect/token',
  userinfo: '/protocol/openid-connect/userinfo',
  jwks: '/protocol/openid-connect/certs',
  introspection: '/protocol/openid-connect/token/introspect',
  revocation: '/protocol/openid-connect/revoke',
  end_session: '/protocol/openid-connect/logout',
  backchannel_authentication: '/protocol/openid-connect/ext/ciba/auth',
  pushed_authorization_request: '/protocol/openid-connect/ext/par/request',
} as const;

export type PscRoutes = { [K in keyof typeof PSC_ROUTES]: string };

/** PSC's non-standard discovery document name (same JSON as openid-configuration). */
export const WALLET_DISCOVERY = '/.well-known/wallet-openid-configuration';
