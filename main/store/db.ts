// Opening an encrypted SQLite connection (SQLCipher v4 format through SQLite3 Multiple Ciphers).
// @ts-expect-error -- the package's "exports" map hides its index.d.ts; typed through the import below.
import DatabaseUntyped from 'better-sqlite3-multiple-ciphers';
import type BetterSqlite3 from '../../node_modules/better-sqlite3-multiple-ciphers/index';
import { CacheKeyMismatchError } from './errors';
import { WAL_MAX_BYTES } from './wal-checkpoint';

const Database = DatabaseUntyped as typeof BetterSqlite3;
export type Db = BetterSqlite3.Database;

const KEY_RE = /^[0-9a-f]{64}$/;

export interface OpenConnectionOptions {
  /** 32-byte key as 64 lowercase hex chars. */
  keyHex: string;
  /** Read-only UI connection: opened readonly + query_only. */
  readonly?: boolean;
  /** Milliseconds to wait on a lock held by the other connection. */
  busyTimeoutMs?: number;
}

export function isValidKeyHex(keyHex: unknown): keyHex is string {
  return typeof keyHex === 'string' && KEY_RE.test(keyHex);
}

/**
 * Opens `file` with the key applied before any other statement. The key is given as a raw key
 * (x'...'): it is already 256 random bits, so SQLCipher's PBKDF2 step would only slow every open.
 * Throws CacheKeyMismatchError when the key does not decrypt an existing file.
 */
export function openConnection(file: string, options: OpenConnectionOptions): Db {
  if (!isValidKeyHex(options.keyHex)) throw new TypeError('cache key must be 64 lowercase hex chars');
  const db = new Database(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  try {
    db.pragma(`cipher = 'sqlcipher'`);
    db.pragma(`legacy = 4`);
    db.pragma(`key = "x'${options.keyHex}'"`);
    try {
      db.prepare('SELECT count(*) FROM sqlite_master').get();
    } catch (e) {
      if ((e as { code?: string }).code === 'SQLITE_NOTADB') throw new CacheKeyMismatchError({ cause: e });
      throw e;
    }
    db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    if (options.readonly) {
      db.pragma('query_only = ON');
      db.pragma('cache_size = -16384'); // 16 MiB of decrypted pages
    } else {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma(`journal_size_limit = ${WAL_MAX_BYTES}`); // the WAL is cut back to this when it restarts (wal-checkpoint.ts)
      db.pragma('cache_size = -32768'); // 32 MiB: FTS merges re-read many pages (each one decrypted)
    }
    db.pragma('foreign_keys = ON');
    db.pragma('secure_delete = ON'); // deleted health data is overwritten, not left in free pages
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}
