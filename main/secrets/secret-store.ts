// The one seam through which the app reads and writes secrets (refresh tokens, cache key, PKCS#12 passwords).
// Implementations: KeytarSecretStore (OS keychain, the default) and UnprotectedFileSecretStore (only after the
// user explicitly accepted that no keychain is available). There is no silent fallback between them.

export interface SecretStore {
  /** Human-readable kind, for diagnostics ("keychain" | "unprotected-file"). */
  readonly kind: 'keychain' | 'unprotected-file';
  get(service: string, account: string): Promise<string | null>;
  set(service: string, account: string, secret: string): Promise<void>;
  /** Returns true when an entry was removed. */
  delete(service: string, account: string): Promise<boolean>;
  /** Account names stored under `service` (never the secrets themselves). */
  list(service: string): Promise<string[]>;
}

/** Service name under which every entry of this app is stored. */
export const SECRET_SERVICE = 'fr.mssante.client';

/** Account names used under SECRET_SERVICE. */
export const SecretAccounts = {
  /** PSC refresh token of one person (IdNat = 8+RPPS or 0+ADELI). */
  refreshToken: (idNat: string): string => `refresh-token:${idNat}`,
  /** 32 random bytes (hex) encrypting the local SQLite cache. */
  cacheKey: 'cache-key',
  /** Password of the PKCS#12 software certificate of an APP/ORG BAL. */
  p12Password: (bal: string): string => `p12-password:${bal.toLowerCase()}`,
} as const;
