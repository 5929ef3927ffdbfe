export { PscClient, PSC_DEFAULT_ACR, PSC_DEFAULT_SCOPE, AUTHORIZATION_CODE_TIMEOUT_MS, type AuthorizationCodeOptions } from './psc-client';
export { discoverPsc, discoveryUrls, WALLET_DISCOVERY_NAME, STANDARD_DISCOVERY_NAME } from './discovery';
export { PscError, pscMessage, toPscError, type PscErrorCode } from './errors';
export { identityFromClaims, displayName } from './identity';
export { randomBindingMessage } from './binding-message';
export type * from './types';
export { parseIdNat, isIdNat, formatIdNat, type IdNatKind, type ParsedIdNat } from './idnat';
export { acrSatisfies, checkAcr } from './acr';
