// Public types of the IMAP sync engine: account configuration, credentials seam, commands and events.
// Plain data only (structured-clone safe): the same shapes cross the worker boundary (protocol.ts).
import type { RevocationConfig } from '../net/revocation';
import type { AccountType, FlagName } from '../store/types';

/** Credentials for one (re)connection. Asked again at EVERY connection: tokens are short-lived. */
export interface ImapCredentials {
  user: string;
  auth:
    | { kind: 'password'; pass: string }
    | { kind: 'xoauth2'; accessToken: string }
    /** Software certificate (PKCS#12) of an APP / ORG BAL: TLS client authentication + SASL EXTERNAL. */
    | { kind: 'certificate'; pfx: Uint8Array; passphrase: string; authzid: string };
}

/** Called before every connection; `forceRefresh` after the server refused the previous credentials. */
export type CredentialsProvider = (bal: string, options: { forceRefresh: boolean }) => Promise<ImapCredentials>;

export interface ImapServerConfig {
  host: string;
  port: number;
  /** 'starttls': plain connect then STARTTLS (mandatory); 'tls': implicit TLS. */
  security: 'starttls' | 'tls';
  /** TLS server name (SNI + certificate check) when host is an IP address. */
  servername?: string;
  /** Trusted CA certificates (PEM). Empty/absent: the system store. Never disables verification. */
  caPem?: string[];
  /** SASL mechanism for tokens. Default 'xoauth2' (the MSSanté norm); 'oauthbearer' optional. */
  oauthMechanism?: 'xoauth2' | 'oauthbearer';
  /** Revocation check (CRL) of the server's chain when it leads to these roots (main/net/revocation.ts). */
  revocation?: RevocationConfig;
}

export interface EngineAccount {
  /** BAL address (login). */
  address: string;
  type: AccountType;
  label?: string;
  imap: ImapServerConfig;
  /** Also sync the shared/ namespace (other users' folders). Default false. */
  includeShared?: boolean;
  /** Restrict the sync to these folder paths (tests, or a light mode). Default: every folder. */
  onlyFolders?: string[];
}

export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
}

export interface EngineOptions {
  /** Max simultaneous IMAP connections across every account of the person (operator cap). Default 10. */
  connectionBudget?: number;
  /** Headers fetched per batch (one transaction each). Default 250. */
  headerBatchSize?: number;
  /** Messages larger than this get their text parts only; attachments are fetched on demand. Default 2 MiB. */
  fullBodyMaxBytes?: number;
  /** Raw bytes fetched per body batch. Default 4 MiB. */
  bodyBatchBytes?: number;
  /** Download bodies in the background after headers. Default true. */
  backgroundBodies?: boolean;
  /** Period of STATUS polling of the non-active folders. Default 60 s. */
  pollIntervalMs?: number;
  backoff?: BackoffOptions;
  /** IMAP socket inactivity timeout. Default 5 min (IDLE is restarted before). */
  socketTimeoutMs?: number;
  /**
   * Text extraction and full-text indexing (indexer.ts): 'inline' in the engine's thread (default; tests),
   * 'external' when an index worker runs beside the engine (engine-worker.ts, the benchmark).
   */
  indexer?: 'inline' | 'external';
}

/** A local change requested by the UI; applied to the cache at once, replayed to the server in order. */
export type LocalChange =
  | { kind: 'flags'; messageIds: number[]; add?: FlagName[]; remove?: FlagName[]; keywords?: { add?: string[]; remove?: string[] } }
  | { kind: 'move'; messageIds: number[]; destFolderId: number }
  | { kind: 'copy'; messageIds: number[]; destFolderId: number }
  | { kind: 'delete'; messageIds: number[] };

export type SyncPhase = 'folders' | 'headers' | 'bodies' | 'idle';

export type EngineEvent =
  | { type: 'progress'; bal: string; folder: string; phase: SyncPhase; done: number; total: number }
  | { type: 'folderChanged'; bal: string; folderIds: number[] }
  | { type: 'messagesChanged'; bal: string; folderId: number | null; ids: number[] }
  | { type: 'newMail'; bal: string; folderId: number; count: number }
  /** Full-text indexing of the whole cache (every BAL): messages still waiting, indexed since start. */
  | { type: 'indexProgress'; pending: number; indexed: number }
  | { type: 'connectivity'; bal: string; online: boolean; since: number; reason?: string }
  | { type: 'authFailed'; bal: string }
  | { type: 'error'; bal: string | null; code: string; message: string };

export type EngineEventListener = (e: EngineEvent) => void;

/** Counters useful for benchmarks and tests (no content). */
export interface EngineStats {
  commands: Record<string, number>;
  connectionsOpened: number;
  connectionsOpen: number;
  /** BALs without a connection of their own, served by rotation turns (more BALs than the budget). */
  rotatingBals?: number;
}
