// Opening the cache: key from the secret store, writer connection (runs migrations), reader connection.
import fs from 'node:fs';
import path from 'node:path';
import type { SecretStore } from '../secrets/secret-store';
import { UnprotectedFileSecretStore } from '../secrets/unprotected-file-secret-store';
import { getOrCreateCacheKey, type CacheKey } from './cache-key';
import { openConnection } from './db';
import { StoreError } from './errors';
import { migrate } from './migrate';
import { StoreReader } from './reader';
import type { WalCheckpointOptions } from './wal-checkpoint';
import { StoreWriter } from './writer';

export const DB_FILE = 'cache.db';
/** Where the cache key goes when the user accepted unprotected storage (next to the cache). */
export const UNPROTECTED_KEY_FILE = 'cache-key.unprotected.json';

export interface OpenStoreOptions {
  /** Folder of the cache (created 0700). */
  dir: string;
  secrets: SecretStore;
  /**
   * The user explicitly accepted that, without a keychain, the cache key is stored in a plain file next to
   * the cache (which then only protects against copying the database file alone). Default false: a missing
   * keychain throws KeychainUnavailableError.
   */
  allowUnprotectedKey?: boolean;
}

export interface Store {
  /** Single writer: hand it to the sync engine. */
  writer: StoreWriter;
  /** Read-only connection for UI queries. */
  reader: StoreReader;
  file: string;
  key: Omit<CacheKey, 'keyHex'>;
  close(): void;
}

export async function openStore(o: OpenStoreOptions): Promise<Store> {
  fs.mkdirSync(o.dir, { recursive: true, mode: 0o700 });
  const file = path.join(o.dir, DB_FILE);
  if (o.secrets.kind === 'unprotected-file' && !o.allowUnprotectedKey) {
    throw new StoreError(
      'UNPROTECTED_KEY_NOT_ALLOWED',
      "La clé du cache ne peut être conservée hors du trousseau qu'avec l'accord explicite de l'utilisateur.",
    );
  }
  const fallback = o.allowUnprotectedKey
    ? new UnprotectedFileSecretStore({ file: path.join(o.dir, UNPROTECTED_KEY_FILE), userAcceptedRisk: true })
    : undefined;
  // Throws KeychainUnavailableError when there is no keychain and no accepted fallback: the UI then offers
  // the explicit choice. Never a silent fallback.
  const databaseExists = fs.existsSync(file) && fs.statSync(file).size > 0;
  const key = await getOrCreateCacheKey({ secrets: o.secrets, databaseExists, fallback });
  const { writer, reader } = openStoreWithKey(file, key.keyHex);
  const { keyHex: _omit, ...keyInfo } = key;
  return {
    writer,
    reader,
    file,
    key: keyInfo,
    close() {
      reader.close();
      writer.close();
    },
  };
}

/**
 * Lower level, for the sync worker: the main process resolves the key (keychain access stays there) and
 * passes it in workerData; the worker opens the writer, the main process the reader.
 */
export function openWriter(file: string, keyHex: string, options: { wal?: WalCheckpointOptions } = {}): StoreWriter {
  // Created 0600 up front: SQLite gives the -wal/-shm files the same mode as the database.
  if (!fs.existsSync(file)) fs.closeSync(fs.openSync(file, 'wx', 0o600));
  const db = openConnection(file, { keyHex });
  try {
    migrate(db);
  } catch (e) {
    db.close();
    throw e;
  }
  return new StoreWriter(db, Date.now, options.wal);
}

export function openReader(file: string, keyHex: string): StoreReader {
  return new StoreReader(openConnection(file, { keyHex, readonly: true }));
}

function openStoreWithKey(file: string, keyHex: string) {
  const writer = openWriter(file, keyHex);
  try {
    return { writer, reader: openReader(file, keyHex) };
  } catch (e) {
    writer.close();
    throw e;
  }
}
