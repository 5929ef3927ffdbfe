// The cache key: 32 random bytes (hex) kept in the secret store under (fr.mssante.client, cache-key).
import crypto from 'node:crypto';
import { KeychainUnavailableError } from '../secrets/errors';
import { SECRET_SERVICE, SecretAccounts, type SecretStore } from '../secrets/secret-store';
import { isValidKeyHex } from './db';
import { CacheKeyLostError, StoreError } from './errors';

export interface CacheKeyOptions {
  secrets: SecretStore;
  /** Whether a cache database already exists (then a missing key is an error, not a first run). */
  databaseExists: boolean;
  /** Used only if the keychain is unavailable AND the user explicitly accepted unprotected storage. */
  fallback?: SecretStore;
}

export interface CacheKey {
  keyHex: string;
  created: boolean;
  /** Where the key lives: 'keychain' or 'unprotected-file'. */
  storedIn: SecretStore['kind'];
}

export async function getOrCreateCacheKey(o: CacheKeyOptions): Promise<CacheKey> {
  let store = o.secrets;
  let existing: string | null;
  try {
    existing = await store.get(SECRET_SERVICE, SecretAccounts.cacheKey);
  } catch (e) {
    if (!(e instanceof KeychainUnavailableError) || !o.fallback) throw e;
    store = o.fallback;
    existing = await store.get(SECRET_SERVICE, SecretAccounts.cacheKey);
  }
  // A key left in the unprotected file while the keychain was down moves back to the keychain.
  if (existing === null && o.fallback && store !== o.fallback) {
    const parked = await o.fallback.get(SECRET_SERVICE, SecretAccounts.cacheKey);
    if (parked !== null) {
      await store.set(SECRET_SERVICE, SecretAccounts.cacheKey, parked);
      await o.fallback.delete(SECRET_SERVICE, SecretAccounts.cacheKey);
      existing = parked;
    }
  }
  if (existing !== null) {
    if (!isValidKeyHex(existing)) {
      throw new StoreError('CACHE_KEY_INVALID', "La clé du cache local enregistrée dans le trousseau est invalide. Il faut reconstruire le cache.");
    }
    return { keyHex: existing, created: false, storedIn: store.kind };
  }
  if (o.databaseExists) throw new CacheKeyLostError();
  const keyHex = crypto.randomBytes(32).toString('hex');
  await store.set(SECRET_SERVICE, SecretAccounts.cacheKey, keyHex);
  // Read back: a keychain that silently drops writes must not leave us with an unrecoverable cache.
  if ((await store.get(SECRET_SERVICE, SecretAccounts.cacheKey)) !== keyHex) {
    throw new StoreError('CACHE_KEY_NOT_SAVED', "La clé du cache local n'a pas pu être enregistrée dans le trousseau. Réessayez.");
  }
  return { keyHex, created: true, storedIn: store.kind };
}
