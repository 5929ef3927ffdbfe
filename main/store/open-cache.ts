// Opens the encrypted cache for the main process: key from the OS keychain (created at first run), handed
// to the single writer (the sync engine's worker, which opens the only write connection and runs the
// migrations), then a read-only connection for the UI. main gets no write connection: its writes are
// CacheWrites, async calls to that worker. Without a keychain the cache stays closed until the user
// explicitly accepts that the key is kept in a file next to it.
import fs from 'node:fs';
import path from 'node:path';
import { KeychainUnavailableError, type SecretStore, UnprotectedFileSecretStore } from '../secrets';
import { getOrCreateCacheKey } from './cache-key';
import type { CacheWrites } from './app-writes';
import { DB_FILE, UNPROTECTED_KEY_FILE, openReader } from './open-store';
import type { StoreReader } from './reader';
import { errorFields, log } from '../log';

export interface OpenCache {
  file: string;
  keyHex: string;
  /** Read-only handle (readonly + query_only connection): its type has no write method. */
  reader: StoreReader;
  /** Every write main makes (audit, rights, drafts, outbox...): an async call to the single writer. */
  writes: CacheWrites;
  storedIn: SecretStore['kind'];
  close(): void;
}

export type CacheProblem = { code: 'keychain-unavailable' | 'key-lost' | 'open-failed'; message: string };

/** Starts the single writer on the file (migrations done when it resolves) and gives the way to reach it. */
export type StartWriter = (file: string, keyHex: string) => Promise<CacheWrites>;

export async function openCache(dir: string, secrets: SecretStore, allowUnprotectedKey: boolean, startWriter: StartWriter): Promise<OpenCache | CacheProblem> {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, DB_FILE);
  try {
    const key = await getOrCreateCacheKey({
      secrets,
      databaseExists: fs.existsSync(file),
      fallback: allowUnprotectedKey ? new UnprotectedFileSecretStore({ file: path.join(dir, UNPROTECTED_KEY_FILE), userAcceptedRisk: true }) : undefined,
    });
    const writes = await startWriter(file, key.keyHex);
    const reader = openReader(file, key.keyHex);
    return {
      file,
      keyHex: key.keyHex,
      reader,
      writes,
      storedIn: key.storedIn,
      close() {
        reader.close();
      },
    };
  } catch (err) {
    log.warn('cache.open-failed', errorFields(err));
    if (err instanceof KeychainUnavailableError) {
      return {
        code: 'keychain-unavailable',
        message:
          "Le trousseau du système est indisponible : le cache chiffré des messages ne peut pas être ouvert. Déverrouillez votre session, ou acceptez explicitement de conserver la clé du cache dans un fichier (moins sûr).",
      };
    }
    const name = (err as { name?: string }).name;
    if (name === 'CacheKeyLostError') {
      return { code: 'key-lost', message: (err as Error).message };
    }
    return { code: 'open-failed', message: "Le cache local des messages n'a pas pu être ouvert. Redémarrez l'application ; si cela persiste, contactez le support." };
  }
}
