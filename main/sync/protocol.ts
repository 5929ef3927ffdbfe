// Typed message protocol between the main thread (engine-host.ts) and the engine worker (engine-worker.ts).
// Every payload is structured-clone safe plain data.
import type { ArchiveOptions, ArchiveOutcome } from './archive-run'; // ---- Archive & export
import type { AppWriteOp } from '../store/app-writes';
import type { DraftRemoval, ServerCopy } from './outgoing';
import type { SpecialRole } from './special-folders';
import type { EngineAccount, EngineEvent, EngineOptions, EngineStats, ImapCredentials, LocalChange } from './types';

/** The engine's commands, as the main thread sees them (all asynchronous across the thread boundary). */
export interface EngineApi {
  start(account: EngineAccount): Promise<number>;
  stop(bal?: string): Promise<void>;
  setActiveFolder(bal: string, folderId: number): Promise<void>;
  syncNow(bal?: string): Promise<void>;
  applyChange(change: LocalChange): Promise<number[]>;
  /** Folder id of a BAL's Trash / Archives, created on the server when missing. */
  specialFolder(bal: string, role: SpecialRole): Promise<number>;
  fetchBody(messageId: number): Promise<boolean>;
  fetchAttachment(messageId: number, part: string): Promise<number>;
  connectivity(bal: string): Promise<{ online: boolean; since: number }>;
  stats(): Promise<EngineStats>;
  // ---- Archive & export: verified local copy then server deletion; raw sources for exports
  archive(messageIds: number[], options: Omit<ArchiveOptions, 'afterCommit'>): Promise<ArchiveOutcome>;
  ensureRaw(messageIds: number[]): Promise<number[]>;
  /** The desired set of BALs: those not in it stop (awaited), the missing ones start. */
  reconcile(accounts: EngineAccount[]): Promise<{ started: string[]; stopped: string[] }>;
  /** Stops the BAL's sync (awaited), then deletes its cache. */
  purge(bal: string): Promise<boolean>;
  setConnectionBudget(budget: number): Promise<void>;
  // ---- Outgoing mail: the sending side's IMAP work, on the BAL's background connection (inside the budget)
  /** APPENDs the sent copy (\Seen) to the BAL's Sent folder unless that Message-ID is there; whether it appended. */
  appendSent(bal: string, raw: Uint8Array, messageId: string): Promise<boolean>;
  /** Whether a Message-ID is in the BAL's Sent folder (and, when asked, in its INBOX). */
  locateSent(bal: string, messageId: string, alsoInbox: boolean): Promise<{ inSent: boolean; inInbox: boolean }>;
  /** APPENDs a draft copy (\Draft \Seen) to the BAL's Drafts folder (created when missing); where it is. */
  appendDraft(bal: string, raw: Uint8Array, draftUuid: string): Promise<ServerCopy>;
  /** Removes a draft's copies (by draft id and known UIDs) but `keep`; how many. */
  removeDraftCopies(bal: string, removal: DraftRemoval): Promise<number>;
  /** Raw source of a cached message, read from the server (null: gone, not on the server yet, too large). */
  fetchSource(messageId: number): Promise<Uint8Array | null>;
  /** A few header fields of a cached message, read from the server (lower-cased names). */
  fetchHeaders(messageId: number, fields: string[]): Promise<Record<string, string>>;
}

/** Header carrying a local draft's id in its server copies (appendDraft / removeDraftCopies find them by it). */
export const DRAFT_ID_HEADER = 'X-Mss-Draft-Id';

/** What the sending side (main/send) may ask of the engine: its only way to the IMAP server. */
export type OutgoingImap = Pick<EngineApi, 'appendSent' | 'locateSent' | 'appendDraft' | 'removeDraftCopies' | 'fetchSource' | 'fetchHeaders'>;

export type EngineMethod = keyof EngineApi;
export const ENGINE_METHODS: readonly EngineMethod[] = [
  'start', 'stop', 'setActiveFolder', 'syncNow', 'applyChange', 'specialFolder', 'fetchBody', 'fetchAttachment', 'connectivity', 'stats',
  'archive', 'ensureRaw', // ---- Archive & export
  'reconcile', 'purge', 'setConnectionBudget',
  'appendSent', 'locateSent', 'appendDraft', 'removeDraftCopies', 'fetchSource', 'fetchHeaders', // ---- Outgoing mail
];

export interface WorkerInit {
  /** Encrypted cache file; the worker opens the single writer (and runs the migrations before 'ready'). */
  dbFile: string;
  /** Cache key (hex), resolved from the keychain by the main process. */
  keyHex: string;
  options?: EngineOptions;
}

/** Main thread → worker. */
export type ToWorker =
  | { type: 'call'; reqId: number; method: EngineMethod; args: unknown[] }
  /** One of main's writes (main/store/app-writes.ts), run on the worker's writer connection. */
  | { type: 'write'; reqId: number; op: AppWriteOp; args: unknown[] }
  | { type: 'credentials'; requestId: number; ok: true; credentials: ImapCredentials }
  | { type: 'credentials'; requestId: number; ok: false; code: string };

/** Worker → main thread. */
export type FromWorker =
  | { type: 'ready' }
  | { type: 'fatal'; code: string; message: string }
  | { type: 'reply'; reqId: number; ok: true; value: unknown }
  | { type: 'reply'; reqId: number; ok: false; code: string; message: string }
  | { type: 'event'; event: EngineEvent }
  | { type: 'credentialsRequest'; requestId: number; bal: string; forceRefresh: boolean };

/** Errors whose message is written for the user (French, no server text): passed through as is. */
const USER_FACING = new Set(['ServerCertificateRevokedError', 'RevocationUnavailableError', 'AuthFailedError', 'CredentialsUnavailableError', 'ServerRefusedLoginError', 'OfflineError', 'StoreError', 'CacheKeyMismatchError', 'CacheKeyLostError', 'SchemaTooNewError', 'MigrationError', 'UserError']);

/** Error sent across the boundary: a code and a user-facing (French) message, never server text. */
export function errorPayload(err: unknown): { code: string; message: string } {
  const e = err as { code?: unknown; message?: unknown; name?: unknown } | null;
  const code = e && typeof e.code === 'string' ? e.code : 'SYNC_ERROR';
  const userFacing = !!e && typeof e.name === 'string' && USER_FACING.has(e.name) && typeof e.message === 'string';
  return {
    code,
    message: userFacing ? String(e!.message) : "L'opération de synchronisation a échoué. Réessayez dans un instant.",
  };
}

/** A Buffer over the bytes a worker message carried (structured clone turns a Buffer into a Uint8Array). */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
