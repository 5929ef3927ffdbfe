// Pro Santé Connect issuers known to be genuine (mssante.md). Anything else gets a warning outside test mode.
export const PSC_PRODUCTION_ISSUER = 'https://auth.esw.esante.gouv.fr/auth/realms/esante-wallet';
export const PSC_BAS_ISSUER = 'https://auth.bas.psc.esante.gouv.fr/auth/realms/esante-wallet';
export const KNOWN_PSC_ISSUERS = [PSC_PRODUCTION_ISSUER, PSC_BAS_ISSUER];
export const PSC_DEFAULT_SCOPE = 'openid scope_all';
export const PSC_DEFAULT_ACR = 'eidas1';
export const ALL_PSC_FLOWS = ['ciba-card', 'ciba-mobile', 'authorization-code'] as const;

/** PSC's discovery document has a non-standard name. */
export function walletDiscoveryUrl(issuer: string): string {
  return `${issuer.replace(/\/+$/, '')}/.well-known/wallet-openid-configuration`;
}
export function standardDiscoveryUrl(issuer: string): string {
  return `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
}
