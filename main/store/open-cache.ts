// Opens the encrypted cache: key from the OS keychain (created at first run), a read connection for the
// UI, a connection for the app's own tables (rights, audit), and the key handed to the sync worker,
// which owns the writes of mail data. Without a keychain the cache stays closed until the user
// explicitly accepts that the key is kept in a file next to it.
import fs from 'node:fs';
import path from 'node:path';
import { KeychainUnavailableError, type SecretStore, UnprotectedFileSecretStore } from '../secrets';
import { getOrCreateCacheKey } from './cache-key';
import { DB_FILE, UNPROTECTED_KEY_FILE, openReader, openWriter } from './open-store';
import type { StoreReader } from './reader';
import type { StoreWriter } from './writer';
import { errorFields, log } from '../log';

export interface OpenCache {
  file: string;
  keyHex: string;
  reader: StoreReader;
  /** Writes rights and audit rows only; mail data is written by the sync worker. */
  appWriter: StoreWriter;
  storedIn: SecretStore['kind'];
  close(): void;
}

export type CacheProblem = { code: 'keychain-unavailable' | 'key-lost' | 'open-failed'; message: string };

export async function openCache(dir: string, secrets: SecretStore, allowUnprotectedKey: boolean): Promise<OpenCache | CacheProblem> {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, DB_FILE);
  try {
    const key = await getOrCreateCacheKey({
      secrets,
      databaseExists: fs.existsSync(file),
      fallback: allowUnprotectedKey ? new UnprotectedFileSecretStore({ file: path.join(dir, UNPROTECTED_KEY_FILE), userAcceptedRisk: true }) : undefined,
    });
    const appWriter = openWriter(file, key.keyHex);
    const reader = openReader(file, key.keyHex);
    return {
      file,
      keyHex: key.keyHex,
      reader,
      appWriter,
      storedIn: key.storedIn,
      close() {
        reader.close();
        appWriter.close();
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
